#!/bin/sh
# Slide decks end to end, on the bundled site: `pnyx slides DECK --pdf`
# prints one 16:9 page per slide (counted with pdfinfo, poppler-utils),
# by name and by URL; its errors (unknown deck, no Chromium, a PDF that
# cannot be written) say what to do; its temporary folder goes away. Then
# the browser test (tests/browser/slides.test.mjs) drives the deck in
# headless Chromium.
#   tests/slides.sh PNYX
set -u
pnyx=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export NO_COLOR=1
pass=0 fail=0
deck=formation-democracyos

ok() { pass=$((pass + 1)); }
ko() { echo "slides: FAIL: $*"; fail=$((fail + 1)); }

for tool in pdfinfo node; do
	command -v "$tool" >/dev/null || { echo "slides: $tool is missing: run 'make deps'" >&2; exit 1; }
done
if [ -z "${CHROMIUM:-}" ] && ! command -v chromium >/dev/null; then
	echo "slides: Chromium is missing: sudo apt-get install chromium (or make deps)" >&2
	exit 1
fi

# The deck's slide count, from the built site.
if ! "$pnyx" build -s "$root" -d "$tmp/site" -q 2>"$tmp/err"; then
	cat "$tmp/err"
	echo "slides: the bundled site does not build" >&2
	exit 1
fi
slides=$(grep -o '<section class="slide[ "]' "$tmp/site/slides/$deck/index.html" | wc -l)
[ "$slides" -ge 20 ] && ok || ko "the deck has $slides slides, the training has more"

mkdir "$tmp/scratch"
# pdf NAME DECK: prints DECK and checks pages and page size.
pdf() {
	name=$1 arg=$2 out="$tmp/$1.pdf"
	if TMPDIR="$tmp/scratch" "$pnyx" slides "$arg" --pdf "$out" -s "$root" 2>"$tmp/err"; then
		pages=$(pdfinfo "$out" | sed -n 's/^Pages: *//p')
		size=$(pdfinfo "$out" | sed -n 's/^Page size: *//p')
		[ "$pages" = "$slides" ] && ok || ko "$name: $pages pages for $slides slides"
		case $size in
		"960 x 540 pts"*) ok ;;
		*) ko "$name: page size $size, wanted 960 x 540 pts (1280×720 px)" ;;
		esac
		grep -q '^wrote ' "$tmp/err" && ok || ko "$name: no 'wrote' line"
	else
		ko "$name: pnyx slides failed"; cat "$tmp/err"
	fi
}
pdf by-name "$deck"
pdf by-url "/slides/$deck/"
[ -z "$(ls -A "$tmp/scratch")" ] && ok || ko "temporary folders left behind: $(ls "$tmp/scratch")"

# expect NAME STATUS PATTERN CMD...: exit status and a line of stderr.
expect() {
	name=$1 want=$2 pattern=$3; shift 3
	"$@" >"$tmp/out" 2>"$tmp/err"; got=$?
	if [ "$got" != "$want" ]; then ko "$name: exit $got, wanted $want"; cat "$tmp/err"; return; fi
	grep -Eq -- "$pattern" "$tmp/err" && ok || { ko "$name: no /$pattern/ in:"; cat "$tmp/err"; }
}
expect unknown-deck 1 "no deck 'nope'.*decks found: .*$deck" \
	env TMPDIR="$tmp/scratch" "$pnyx" slides nope --pdf "$tmp/x.pdf" -s "$root"
mkdir "$tmp/empty-path"
expect no-chromium 1 '^pnyx slides: install Chromium: sudo apt-get install chromium' \
	env -u CHROMIUM PATH="$tmp/empty-path" "$pnyx" slides "$deck" --pdf "$tmp/x.pdf" -s "$root"
expect no-pdf-option 2 'say where the PDF goes' "$pnyx" slides "$deck" -s "$root"
expect no-deck 2 'which deck' "$pnyx" slides --pdf "$tmp/x.pdf" -s "$root"
expect bad-url 1 'no print page for /nowhere/' \
	env TMPDIR="$tmp/scratch" "$pnyx" slides /nowhere/ --pdf "$tmp/x.pdf" -s "$root"
expect unwritable-pdf 1 'cannot write' \
	env TMPDIR="$tmp/scratch" "$pnyx" slides "$deck" --pdf "$tmp/no/such/dir/x.pdf" -s "$root"
[ ! -e "$tmp/x.pdf" ] && ok || ko "a PDF was written by a failing command"
[ -z "$(ls -A "$tmp/scratch")" ] && ok || ko "temporary folders left behind after errors"

echo "slides: $pass passed, $fail failed"
node "$here/browser/slides.test.mjs" "$pnyx" "$root" || fail=$((fail + 1))
[ "$fail" = 0 ]
