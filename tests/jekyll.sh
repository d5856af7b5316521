#!/bin/sh
# Jekyll sites built unchanged: each tests/jekyll/NAME/src is built by pnyx
# and compared, page by page, with tests/jekyll/NAME/expected, the output of
# `jekyll build` (Debian's jekyll 4.3 and its plugins: tests/jekyll/*/src/_config.yml) checked in. White space
# between tags and at line ends is normalised; every other byte counts.
# Files pnyx adds for GitHub Pages (.nojekyll) are not compared.
#   tests/jekyll.sh PNYX
set -u
pnyx=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export NO_COLOR=1
pass=0 fail=0

# The text of a page with white space folded and removed between tags,
# and without the two lines of {% seo %} that name the program and the
# plugin's version ("generator: Jekyll v4.3.1" / "pnyx v0.1.0").
normalise() {
	tr -s ' \t\r\n' '    ' <"$1" | sed -e 's/> </></g' -e 's/^ //' -e 's/ $//' \
		-e 's/<!-- Begin Jekyll SEO tag[^>]*-->//' -e 's/<meta name="generator" content="[^"]*" \/>//'
}

for site in "$here"/jekyll/*/; do
	name=$(basename "$site")
	out="$tmp/$name"
	if ! "$pnyx" build -q -s "$site/src" -d "$out" 2>"$tmp/err"; then
		echo "jekyll: $name: pnyx build failed:"; cat "$tmp/err"; fail=$((fail + 1)); continue
	fi
	(cd "$site/expected" && find . -type f | sort) >"$tmp/want"
	(cd "$out" && find . -type f ! -name .nojekyll | sort) >"$tmp/got"
	if ! diff "$tmp/want" "$tmp/got" >"$tmp/files"; then
		echo "jekyll: $name: the files differ from jekyll build's:"; cat "$tmp/files"; fail=$((fail + 1))
	fi
	for f in $(cat "$tmp/want"); do
		[ -f "$out/$f" ] || continue
		normalise "$site/expected/$f" >"$tmp/a"
		normalise "$out/$f" >"$tmp/b"
		if cmp -s "$tmp/a" "$tmp/b"; then
			pass=$((pass + 1))
		else
			at=$(cmp "$tmp/a" "$tmp/b" 2>/dev/null | sed -n 's/.*byte \([0-9]*\).*/\1/p')
			at=${at:-1}; from=$((at > 60 ? at - 60 : 1))
			echo "jekyll: $name: $f differs from jekyll build's at byte $at:"
			echo "  jekyll: $(tail -c +$from "$tmp/a" | head -c 160)"
			echo "  pnyx:   $(tail -c +$from "$tmp/b" | head -c 160)"
			fail=$((fail + 1))
		fi
	done
done
echo "jekyll: $pass passed, $fail failed"
[ "$fail" = 0 ]
