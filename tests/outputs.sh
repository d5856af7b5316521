#!/bin/sh
# The emit step and the blog, checked by parsing what a reader's tools
# parse: feeds and the sitemap with an XML parser (xmllint, XPath), the
# search index with a JSON parser (jq).
#   tests/outputs.sh PNYX
set -u
pnyx=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000 NO_COLOR=1
pass=0 fail=0
check() { # check NAME COMMAND...: passes when the command succeeds
	name=$1; shift
	if "$@" >/dev/null 2>&1; then pass=$((pass + 1)); else echo "outputs: FAIL: $name"; fail=$((fail + 1)); fi
}
equals() { # equals NAME WANT GOT
	if [ "$2" = "$3" ]; then pass=$((pass + 1)); else echo "outputs: FAIL: $1: wanted '$2', got '$3'"; fail=$((fail + 1)); fi
}
xp() { xmllint --xpath "$1" "$2" 2>/dev/null; }
ATOM='*[local-name()="feed"]'
ENTRY="/$ATOM/*[local-name()=\"entry\"]"

site="$here/sites/blog/src"
out="$tmp/blog"
"$pnyx" build -q -s "$site" -d "$out" || { echo "outputs: the blog site does not build"; exit 1; }

# Atom feeds: well-formed, one per locale, entries of that locale only,
# newest first, absolute URLs with the baseurl, dates, content.
check "feed.xml is well-formed XML" xmllint --noout "$out/feed.xml"
check "en/feed.xml is well-formed XML" xmllint --noout "$out/en/feed.xml"
equals "French feed entries (drafts left out)" 6 "$(xp "count($ENTRY)" "$out/feed.xml")"
equals "English feed entries" 1 "$(xp "count($ENTRY)" "$out/en/feed.xml")"
equals "newest entry first" "Avec description" "$(xp "string($ENTRY[1]/*[local-name()='title'])" "$out/feed.xml")"
equals "entry link is absolute, with the baseurl" "https://blog.example.org/repo/blog/2020/description/" \
	"$(xp "string($ENTRY[1]/*[local-name()='link']/@href)" "$out/feed.xml")"
equals "every entry has an absolute id" 6 "$(xp "count($ENTRY/*[local-name()='id'][starts-with(., 'https://blog.example.org/repo/')])" "$out/feed.xml")"
equals "entry updated from last_modified_at" "2020-07-02T09:00:00+02:00" "$(xp "string($ENTRY[1]/*[local-name()='updated'])" "$out/feed.xml")"
equals "feed updated is the newest entry's" "2020-07-02T09:00:00+02:00" "$(xp "string(/$ATOM/*[local-name()='updated'])" "$out/feed.xml")"
equals "entries carry their content" 6 "$(xp "count($ENTRY/*[local-name()='content'][string-length(.) > 10])" "$out/feed.xml")"
equals "feed self link" "https://blog.example.org/repo/en/feed.xml" \
	"$(xp "string(/$ATOM/*[local-name()='link'][@rel='self']/@href)" "$out/en/feed.xml")"
equals "entry categories are the tags" 2 "$(xp "count($ENTRY[3]/*[local-name()='category'])" "$out/feed.xml")"

# Sitemap: every page, absolute, with hreflang alternates for translations.
URL='/*[local-name()="urlset"]/*[local-name()="url"]'
check "sitemap.xml is well-formed XML" xmllint --noout "$out/sitemap.xml"
equals "sitemap lists the pages (not 404.html)" 0 "$(xp "count($URL[contains(*[local-name()='loc'], '404')])" "$out/sitemap.xml")"
equals "sitemap entries are absolute" "$(xp "count($URL)" "$out/sitemap.xml")" \
	"$(xp "count($URL/*[local-name()='loc'][starts-with(., 'https://blog.example.org/repo/')])" "$out/sitemap.xml")"
equals "blog index has fr and en alternates" 2 \
	"$(xp "count($URL[*[local-name()='loc']='https://blog.example.org/repo/blog/']/*[local-name()='link'][@hreflang])" "$out/sitemap.xml")"

# Search index: JSON, one per locale.
check "search.json is JSON" jq -e 'type == "array"' "$out/search.json"
equals "French search entries (not the 404, not tag pages)" 7 "$(jq length "$out/search.json")"
equals "search entry fields" '["date","excerpt","tags","title","url"]' \
	"$(jq -c '[.[] | select(.title == "Billet 3")][0] | keys' "$out/search.json")"
equals "search URLs carry the baseurl" 0 "$(jq '[.[] | select(.url | startswith("/repo/") | not)] | length' "$out/search.json")"
equals "English search entries" 2 "$(jq length "$out/en/search.json")"

# robots.txt, .nojekyll, CNAME, 404.
check "robots.txt points at the sitemap" grep -qx 'Sitemap: https://blog.example.org/repo/sitemap.xml' "$out/robots.txt"
check ".nojekyll for GitHub Pages" test -f "$out/.nojekyll"
equals "CNAME names the domain" "blog.example.org" "$(cat "$out/CNAME")"
check "a 404 page" test -f "$out/404.html"

# Pagination, tags, neighbours, excerpts.
check "pagination: page 3 exists" grep -q 'Page 3 / 3 (6)' "$out/blog/page/3/index.html"
check "pagination: no page 4" test ! -e "$out/blog/page/4"
check "pagination per locale" grep -q 'Page 1 / 1' "$out/en/blog/index.html"
check "tag page lists its posts" grep -q 'Billet 4' "$out/blog/tags/pair/index.html"
check "tag page per locale" grep -q 'News' "$out/en/blog/tags/civic-tech/index.html"
check "no English tag page for a French-only tag" test ! -e "$out/en/blog/tags/pair"
check "previous is the older post" grep -q 'rel="prev" href="/repo/blog/2020/billet-2/"' "$out/blog/2020/billet-3/index.html"
check "next is the newer post" grep -q 'rel="next" href="/repo/blog/2020/billet-4/"' "$out/blog/2020/billet-3/index.html"
check "excerpt up to the separator, tags closed" grep -q '<p>Suite </p></article>' "$out/blog/index.html"
check "drafts left out" test ! -e "$out/blog/2020/brouillon"

# --drafts and --future.
"$pnyx" build -q -s "$site" -d "$tmp/drafts" --drafts
check "--drafts includes drafts" test -f "$tmp/drafts/blog/2020/brouillon/index.html"

echo "outputs: $pass passed, $fail failed"
[ "$fail" = 0 ]
