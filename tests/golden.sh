#!/bin/sh
# Golden site tests: each tests/sites/NAME/src is built and compared with
# tests/sites/NAME/expected, byte for byte; the build is run on 1 and on 2
# threads and both must give the same bytes. REGEN=1 rewrites expected/
# (review the diff before committing it).
#   tests/golden.sh PNYX
set -u
pnyx=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000 NO_COLOR=1
pass=0 fail=0
for site in "$here"/sites/*/; do
	name=$(basename "$site")
	args=""
	[ -f "$site/args" ] && args=$(cat "$site/args")
	# shellcheck disable=SC2086
	if ! "$pnyx" build -q -s "$site/src" -d "$tmp/$name.1" -j 1 $args 2>"$tmp/$name.err"; then
		echo "golden: $name: build failed:"; cat "$tmp/$name.err"; fail=$((fail + 1)); continue
	fi
	# shellcheck disable=SC2086
	"$pnyx" build -q -s "$site/src" -d "$tmp/$name.2" -j 2 $args 2>/dev/null
	if ! diff -r "$tmp/$name.1" "$tmp/$name.2" >/dev/null; then
		echo "golden: $name: -j 1 and -j 2 differ:"; diff -r "$tmp/$name.1" "$tmp/$name.2" | head -20
		fail=$((fail + 1)); continue
	fi
	if [ "${REGEN:-}" = 1 ]; then
		rm -rf "$site/expected" && cp -r "$tmp/$name.1" "$site/expected"
		echo "golden: $name: expected output rewritten"
	fi
	if diff -r "$site/expected" "$tmp/$name.1" >"$tmp/$name.diff"; then
		pass=$((pass + 1))
	else
		echo "golden: $name: output differs from expected:"; head -40 "$tmp/$name.diff"
		fail=$((fail + 1))
	fi
done
echo "golden: $pass passed, $fail failed"
[ "$fail" = 0 ]
