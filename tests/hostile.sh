#!/bin/sh
# hostile.sh - the hostile-input catalogue (tests/hostile/README.md), then
# pnyx under valgrind.
#
#   tests/hostile.sh PNYX [PNYX_RELEASE]
#
# Each folder tests/hostile/CASE/ is one case: the base site
# (tests/hostile/_base/) with CASE/site/ laid over it, then `sh CASE/gen
# SITE` for inputs too big or too odd to commit. The output folder OUT
# starts as a previous build (a sentinel tree). pnyx builds in SITE with
# `build -d OUT`, or `sh CASE/run PNYX . OUT` when the case has a run
# script (so that diagnostics name files relative to the site); CASE/setup OUTDIR and CASE/teardown OUTDIR run before the
# sentinel is written and after the checks (mounts). Every case must:
#   - end within CASE/timeout seconds (default 60): a hang fails;
#   - exit with CASE/status, without a sanitizer report;
#   - print on stderr a line matching the extended regex CASE/expected;
#   - leave OUT byte for byte as it was when the build failed, or hold a
#     whole new site when it succeeded (the sentinel gone, index.html
#     there), and never leave a staging folder beside it;
#   - pass `sh CASE/check OUT` when the case has one.
# A case with a file `release` runs the release binary (100 MB inputs are
# slow under AddressSanitizer).
#
# Then, unless HOSTILE_VALGRIND=0: the release pnyx builds the bundled site
# and a generated 2,000-page site (GENSITE, tests/bench/gensite.c) under
# `valgrind --leak-check=full --error-exitcode=3`, and the sanitized pnyx
# builds the 10,000-page benchmark site under LeakSanitizer.
#
# HOSTILE_CASES="a b" runs only those cases.
set -u
pnyx=$(realpath "$1")
release=$(realpath "${2:-$1}")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
cat=$here/hostile
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export NO_COLOR=1 LC_ALL=C
# A sanitizer report must not pass for pnyx's own exit 1.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=99
pass=0 fail=0

ok() { pass=$((pass + 1)); }
ko() { echo "hostile: FAIL: $*"; fail=$((fail + 1)); }

snapshot() { (cd "$1" && find . | LC_ALL=C sort | while IFS= read -r f; do
	if [ -f "$f" ]; then printf '%s %s\n' "$(cksum <"$f")" "$f"; else printf 'dir %s\n' "$f"; fi
done) }

# The detached process that removes a replaced tree may still be at work.
staging_left() {
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		ls -d "$1".staging-* >/dev/null 2>&1 || return 1
		sleep 0.5
	done
	return 0
}

run_case() {
	name=$1 dir=$cat/$1
	work=$tmp/$name site=$tmp/$name/site outdir=$tmp/$name/out
	out=$outdir/_site err=$tmp/$name/stderr
	mkdir -p "$work" "$outdir"
	cp -r "$cat/_base" "$site"
	[ -d "$dir/site" ] && cp -r "$dir/site/." "$site/"
	if [ -f "$dir/gen" ] && ! sh "$dir/gen" "$site"; then ko "$name: gen failed"; return; fi
	[ -f "$dir/setup" ] && sh "$dir/setup" "$outdir"
	mkdir -p "$out/old" && echo "previous build" >"$out/index.html" && echo x >"$out/old/sentinel"
	before=$(snapshot "$out")
	want=$(cat "$dir/status") limit=60 bin=$pnyx
	[ -f "$dir/timeout" ] && limit=$(cat "$dir/timeout")
	[ -f "$dir/release" ] && bin=$release
	start=$(date +%s)
	if [ -f "$dir/run" ]; then
		(cd "$site" && timeout -k 5 "$limit" sh "$dir/run" "$bin" . "$out") 2>"$err" >/dev/null
	else
		(cd "$site" && timeout -k 5 "$limit" "$bin" build -d "$out") 2>"$err" >/dev/null
	fi
	got=$? took=$(($(date +%s) - start))
	verdict=
	if [ "$got" = 124 ] || [ "$got" = 137 ]; then
		verdict="no end within $limit s (a hang)"
	elif grep -Eq 'Sanitizer|runtime error:|Assertion|Segmentation' "$err"; then
		verdict="sanitizer report or crash"
	elif [ "$got" != "$want" ]; then
		verdict="exit $got, wanted $want"
	elif ! grep -Eq -- "$(cat "$dir/expected")" "$err"; then
		verdict="no line of stderr matches /$(cat "$dir/expected")/"
	elif [ "$want" != 0 ] && [ "$(snapshot "$out")" != "$before" ]; then
		verdict="the previous output changed"
	elif [ "$want" = 0 ] && { [ -e "$out/old" ] || [ ! -f "$out/index.html" ]; }; then
		verdict="the output is not a whole new site"
	elif staging_left "$out"; then
		verdict="a staging folder was left behind"
	elif [ -f "$dir/check" ] && ! sh "$dir/check" "$out" 2>>"$err"; then
		verdict="check failed"
	fi
	[ -f "$dir/teardown" ] && sh "$dir/teardown" "$outdir"
	if [ -z "$verdict" ]; then
		ok
		printf 'hostile: ok   %-26s exit %s in %s s\n' "$name" "$got" "$took"
	else
		ko "$name: $verdict"
		head -c 2000 "$err"
	fi
	rm -rf "$work"
}

cases=${HOSTILE_CASES:-$(cd "$cat" && for d in */; do d=${d%/}; [ -f "$d/status" ] && echo "$d"; done)}
for c in $cases; do
	run_case "$c"
done

# Valgrind: no leak and no invalid access on whole builds (release binary).
vg() {
	name=$1; shift
	start=$(date +%s)
	if valgrind --leak-check=full --error-exitcode=3 --quiet "$release" build -q "$@" 2>"$tmp/vg.err"; then
		ok
		printf 'hostile: ok   %-26s clean in %s s\n' "valgrind $name" "$(($(date +%s) - start))"
	else
		ko "valgrind $name: exit $?"
		head -c 3000 "$tmp/vg.err"
	fi
}
# LeakSanitizer: the sanitized pnyx builds the benchmark's 10,000 pages (the
# same generator and size as `make bench`) at its default thread count, where
# valgrind would take minutes. A leak report exits 99 (ASAN_OPTIONS above).
lsan_10000() {
	start=$(date +%s)
	"$GENSITE" "$tmp/gen10000" 10000 >/dev/null
	"$pnyx" build -q -s "$tmp/gen10000" -d "$tmp/lsan-10000" 2>"$tmp/lsan.err"
	rc=$?
	pages=$(find "$tmp/lsan-10000" -name index.html 2>/dev/null | wc -l)
	if [ "$rc" = 0 ] && [ "$pages" -ge 10000 ]; then
		ok
		printf 'hostile: ok   %-26s clean in %s s\n' "LeakSanitizer 10,000 pages" "$(($(date +%s) - start))"
	else
		ko "LeakSanitizer 10,000 pages: exit $rc, $pages pages written"
		head -c 3000 "$tmp/lsan.err"
	fi
	rm -rf "$tmp/gen10000" "$tmp/lsan-10000"
}
if [ "${HOSTILE_VALGRIND:-1}" != 0 ] && [ -z "${HOSTILE_CASES:-}" ]; then
	if ! command -v valgrind >/dev/null 2>&1; then
		ko "valgrind is not installed (Debian package valgrind, or 'make deps')"
	else
		vg "bundled site" -s "$root" -d "$tmp/vg-bundled"
		if [ -n "${GENSITE:-}" ]; then
			"$GENSITE" "$tmp/gen2000" 2000 >/dev/null
			vg "2,000 pages" -s "$tmp/gen2000" -d "$tmp/vg-2000"
			lsan_10000
		else
			ko "GENSITE not set: the 2,000-page valgrind run was skipped"
		fi
	fi
fi

echo "hostile: $pass passed, $fail failed"
[ "$fail" = 0 ]
