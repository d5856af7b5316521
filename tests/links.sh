#!/bin/sh
# Builds the bundled site (the repository root) and checks that every
# internal link and image in it leads to a file of the output: the seeds'
# images are stand-ins shipped under the names the content uses.
#   tests/links.sh PNYX
set -u
pnyx=$(realpath "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out="$tmp/site"
SOURCE_DATE_EPOCH=1700000000 "$pnyx" build -q -s "$root" -d "$out" || { echo "links: the bundled site does not build"; exit 1; }
pass=0 fail=0
# decode URL: the path with %XX escapes turned back into bytes
decode() {
	printf '%s\n' "$1" | awk 'function hex(c) { return index("0123456789abcdef", tolower(c)) - 1 }
	{ s = $0; out = ""
	  while (match(s, /%[0-9A-Fa-f][0-9A-Fa-f]/)) {
		out = out substr(s, 1, RSTART - 1) sprintf("%c", hex(substr(s, RSTART + 1, 1)) * 16 + hex(substr(s, RSTART + 2, 1)))
		s = substr(s, RSTART + 3)
	  }
	  print out s }'
}

# resolve URL FROM_FILE: prints the output file a link leads to
resolve() {
	url=${1%%#*}; url=${url%%\?*}
	url=$(decode "$url")
	case "$url" in
	"") echo "$2"; return ;;
	/*) path="$out$url" ;;
	*) path="$(dirname "$2")/$url" ;;
	esac
	if [ -d "$path" ]; then echo "$path/index.html"
	elif [ -e "$path" ]; then echo "$path"
	else echo "$path.html"; fi
}
for page in $(find "$out" -name '*.html' | sort); do
	for link in $(grep -oE '(href|src)="[^"]*"' "$page" | sed -E 's/^(href|src)="//; s/"$//'); do
		# external: a scheme (https:, mailto:, …) or a network path (//host)
		if printf '%s' "$link" | grep -Eq '^([a-zA-Z][a-zA-Z0-9+.-]*:|//)'; then continue; fi
		target=$(resolve "$link" "$page")
		if [ -e "$target" ]; then pass=$((pass + 1)); else
			echo "links: ${page#"$out"/} links to $link, which is not in the output"; fail=$((fail + 1)); fi
	done
done
# GitHub project pages: with --baseurl every root-relative link of the
# output, theme and content alike, carries the prefix.
SOURCE_DATE_EPOCH=1700000000 "$pnyx" build -q -s "$root" -d "$tmp/based" --baseurl /osp || { echo "links: --baseurl build failed"; exit 1; }
for page in $(find "$tmp/based" -name '*.html' | sort); do
	for link in $(grep -oE '(href|src)="/[^"]*"' "$page" | sed -E 's/^(href|src)="//; s/"$//'); do
		case "$link" in
		/osp|/osp/*) pass=$((pass + 1)) ;;
		//*) ;;
		*) echo "links: ${page#"$tmp/based"/} links to $link, without the baseurl /osp"; fail=$((fail + 1)) ;;
		esac
	done
done

# pnyx check agrees: no error on the bundled site, with or without a baseurl.
for base in "" /osp; do
	if "$pnyx" check -s "$root" ${base:+--baseurl "$base"} >/dev/null 2>"$tmp/check.err"; then pass=$((pass + 1)); else
		echo "links: pnyx check ${base:+--baseurl $base }finds errors on the bundled site:"; grep error "$tmp/check.err"; fail=$((fail + 1)); fi
done

echo "links: $pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 20 ]
