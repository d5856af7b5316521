#!/bin/sh
# The bundled site's theme: builds the site (at the root and with --baseurl /osp), validates
# every generated HTML page with html-validate (tests/browser/.htmlvalidate.json), checks that
# the "About" block lives in one place, then runs tests/browser/theme.test.mjs in headless
# Chromium (axe-core on every page, 320 px overflow, search, screenshots).
#   tests/theme.sh PNYX
# Needs tests/browser/node_modules (`make theme` installs it with npm ci). With
# UPDATE_SCREENSHOTS=1 the screenshots are also copied to docs/screenshots/ for the README.
set -u
pnyx=$(realpath "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
browser="$root/tests/browser"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
ko() { echo "theme: FAIL: $*"; fail=$((fail + 1)); }

SOURCE_DATE_EPOCH=1700000000 "$pnyx" build -q -s "$root" -d "$tmp/site" || { echo "theme: the bundled site does not build"; exit 1; }
SOURCE_DATE_EPOCH=1700000000 "$pnyx" build -q -s "$root" -d "$tmp/based" --baseurl /osp || { echo "theme: --baseurl build failed"; exit 1; }

# ---- html-validate over every page of both builds ----
validate() { # DIR NAME
	"$browser/node_modules/.bin/html-validate" --config "$browser/.htmlvalidate.json" --formatter json "$1" > "$tmp/hv.json" 2> "$tmp/hv.err"
	if ! jq -e 'type == "array"' "$tmp/hv.json" > /dev/null 2>&1; then
		ko "html-validate did not run on $2: $(head -c 300 "$tmp/hv.err")"; return
	fi
	jq -r --arg dir "$1/" '.[] | (.filePath | ltrimstr($dir)) as $f | .messages[] |
		"\($f):\(.line):\(.column): [\(.ruleId)] \(.message)"' "$tmp/hv.json" > "$tmp/hv.txt"
	total=$(find "$1" -name '*.html' | wc -l)
	bad=$(cut -d: -f1 "$tmp/hv.txt" | sort -u | grep -c . || true)
	sed "s#^#theme: FAIL: html-validate ($2): #" "$tmp/hv.txt"
	fail=$((fail + bad)); pass=$((pass + total - bad))
	echo "theme: html-validate ($2): $((total - bad)) of $total pages valid"
}
validate "$tmp/site" "root"
validate "$tmp/based" "--baseurl /osp"

# ---- the About block: one source (data/about.yml + includes/about.html), once per offer ----
if grep -l -i -e "propos d'Open Source Politics" -e "About Open Source Politics" "$root"/content/offers/*.md > "$tmp/copies"; then
	ko "offers still carry their own About block: $(tr '\n' ' ' < "$tmp/copies")"
else ok; fi
for f in agora.html budget-participatif.html formation-civic-tech.html en/agora.html en/participatory-budget.html en/training.html; do
	n=$(grep -c 'class="well about"' "$tmp/site/$f")
	if [ "$n" = 1 ]; then ok; else ko "$f has $n About blocks"; fi
done
# Every page declares its language, English ones under /en/.
for f in $(cd "$tmp/site" && find . -name '*.html' | sed 's#^\./##' | sort); do
	case "$f" in en/*) want=en ;; *) want=fr ;; esac
	if grep -q "<html lang=\"$want\"" "$tmp/site/$f"; then ok; else ko "$f is not <html lang=\"$want\">"; fi
done
echo "theme: static checks: $pass passed, $fail failed"

# ---- in the browser ----
node "$browser/theme.test.mjs" "$tmp/site" "$tmp/based" || fail=$((fail + 1))
if [ "${UPDATE_SCREENSHOTS:-}" = 1 ] && [ "$fail" = 0 ]; then
	mkdir -p "$root/docs/screenshots"
	for f in "$root"/build/screenshots/*.png; do
		# Small copies for the README: 256 colours when pngquant is there.
		if command -v pngquant > /dev/null; then
			pngquant --force --quality 60-95 --output "$root/docs/screenshots/${f##*/}" "$f" || cp "$f" "$root/docs/screenshots/"
		else cp "$f" "$root/docs/screenshots/"; fi
	done
	echo "theme: screenshots copied to docs/screenshots/"
fi
[ "$fail" = 0 ]
