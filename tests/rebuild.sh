#!/bin/sh
# Incremental rebuilds of `pnyx serve`: an edit of a post's text rewrites
# that post, the pages showing its excerpt (the blog index, a page loading
# an include that shows it, and no other page), the feed and the search
# index, and leaves every other output file untouched (same inode and
# mtime); a front matter edit makes a whole build, which counts the files
# it changed. Every server listens on 127.0.0.1 on a free port and is
# killed at exit.
#   tests/rebuild.sh PNYX
set -u
pnyx=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
export NO_COLOR=1 SOURCE_DATE_EPOCH=1700000000
pass=0 fail=0 pid=""
cleanup() { [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 1' INT TERM
ok() { pass=$((pass + 1)); }
ko() { echo "rebuild: FAIL: $*"; fail=$((fail + 1)); }

# serve_site DIR: serves DIR (stopping the last server), log in $log,
# output in $out.
serve_site() {
	[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
	site=$1 log="$1.log" out="$1/_site"
	"$pnyx" serve -s "$site" --port 0 >"$log" 2>&1 &
	pid=$!
	i=0
	until grep -q '^serving' "$log"; do
		i=$((i + 1)); [ $i -lt 200 ] || { echo "rebuild: the server did not start"; cat "$log"; exit 1; }
		sleep 0.05
	done
}
# rendered N: how many pages the N-th "updated" line says were rendered
rendered() { grep '^updated' "$log" | sed -n "$1p" | sed -n 's/.*(\([0-9]*\) pages\{0,1\} rendered).*/\1/p'; }

cp -r "$here/sites/blog/src" "$tmp/site"
serve_site "$tmp/site"
stamp() { stat -c '%i %Y.%y' "$out/$1"; }
# waits for the n-th "updated"/"rebuilt" line of the log
wait_builds() {
	i=0
	while [ "$(grep -cE '^(updated|rebuilt) ' "$log")" -lt "$1" ]; do
		i=$((i + 1)); [ $i -lt 200 ] || { ko "no rebuild after an edit"; cat "$log"; return 1; }
		sleep 0.05
	done
}

untouched_before=$(stamp blog/2020/billet-2/index.html)
sitemap_before=$(stamp sitemap.xml)
sleep 1.1 # a new mtime would show
sed -i 's/Premier paragraphe du billet 5/Premier paragraphe RÉÉCRIT du billet 5/' "$site/content/blog/2020-05-01-billet-5.md"
wait_builds 1 || exit 1
grep -q '^updated ' "$log" && ok || ko "a body edit is incremental: $(tail -n 2 "$log")"
# sed -i saves through a temporary file: the page is named, not that file
grep -q '^changed: content/blog/2020-05-01-billet-5.md' "$log" && ok \
	|| ko "the edited page is named: $(grep '^changed' "$log")"
# the line tells the files whose bytes changed: the post, its index, feed, search (and more)
grep -Eq '^updated ([4-9]|[1-9][0-9]+) files \([0-9]+ pages rendered\) in ' "$log" && ok \
	|| ko "the update line counts changed files: $(grep '^updated' "$log")"
grep -q 'RÉÉCRIT' "$out/blog/2020/billet-5/index.html" && ok || ko "the edited post is rewritten"
grep -q 'RÉÉCRIT' "$out/blog/index.html" && ok || ko "the blog index shows the new excerpt"
grep -q 'RÉÉCRIT' "$out/feed.xml" && ok || ko "the feed carries the new content"
grep -q 'RÉÉCRIT' "$out/search.json" && ok || ko "the search index has the new excerpt"
[ "$(stamp blog/2020/billet-2/index.html)" = "$untouched_before" ] && ok || ko "an unrelated post was rewritten"
[ "$(stamp sitemap.xml)" = "$sitemap_before" ] && ok || ko "the sitemap was rewritten"

# A syntax error: reported, the last good site stays.
printf '\n{%% if %%}\n' >>"$site/content/blog/2020-05-01-billet-5.md"
i=0
until grep -q 'error:' "$log"; do i=$((i + 1)); [ $i -lt 200 ] || break; sleep 0.05; done
grep -q 'content/blog/2020-05-01-billet-5.md:[0-9]*:[0-9]*: error:' "$log" && ok || ko "the error is reported with its place"
grep -q 'RÉÉCRIT' "$out/blog/2020/billet-5/index.html" && ok || ko "the last good page stays"
sed -i '$d' "$site/content/blog/2020-05-01-billet-5.md"
wait_builds 2 || exit 1
# the fix brings back the bytes of the last good site: nothing to write
[ "$(grep '^updated' "$log" | sed -n 2p | cut -d' ' -f1-3)" = "updated 0 files" ] && ok \
	|| ko "undoing a failed edit rewrites nothing: $(grep '^updated' "$log" | sed -n 2p)"

# A front matter edit: a whole build.
sed -i 's/^title: Billet 4$/title: Billet quatre/' "$site/content/blog/2020-04-01-billet-4.md"
wait_builds 3 || exit 1
[ "$(grep -cE '^rebuilt ' "$log")" -ge 1 ] && ok || ko "a front matter edit makes a whole build"
grep -q "Billet quatre" "$out/blog/page/2/index.html" && ok || ko "the new title is listed"
grep -Eq '^rebuilt [0-9]+ pages and [0-9]+ static files in [0-9.]+ s: ([2-9]|[1-9][0-9]+) files changed$' "$log" && ok \
	|| ko "a whole rebuild counts the files it changed: $(grep '^rebuilt' "$log")"
# A layout saved unchanged: a whole build that changes nothing.
cp "$site/layouts/default.html" "$tmp/layout" && cp "$tmp/layout" "$site/layouts/default.html"
wait_builds 4 || exit 1
[ "$(grep '^rebuilt' "$log" | sed -n 2p | sed 's/.*: //')" = "0 files changed" ] && ok \
	|| ko "a layout saved unchanged changes no file: $(grep '^rebuilt' "$log" | sed -n 2p)"

# A page removed: a whole build, done in place in the served folder: its
# file goes, files whose bytes did not change keep their inode.
kept_before=$(stat -c %i "$out/en/blog/2020/news/index.html")
rm "$site/content/blog/2020-01-01-billet-1.md"
wait_builds 5 || exit 1
[ ! -e "$out/blog/2020/billet-1/index.html" ] && ok || ko "the removed page's file is gone"
[ ! -d "$out/blog/2020/billet-1" ] && ok || ko "its folder, left empty, is gone"
[ "$(stat -c %i "$out/en/blog/2020/news/index.html" 2>/dev/null)" = "$kept_before" ] && ok \
	|| ko "an unchanged file was rewritten by the whole build"
ls -d "$site"/_site.* >/dev/null 2>&1 && ko "a staging folder was used or left" || ok

# Includes: a page is rendered again after another page's edit only when
# it loads an include that shows other pages' content (here latest.html on
# the about page), not because its layout includes something (nav.html);
# and when its body maps the posts' "content" (words).
plain=$(rendered 1)
cp -r "$here/sites/blog/src" "$tmp/inc"
mkdir -p "$tmp/inc/includes"
printf '<nav>{{ site.title }}</nav>\n' >"$tmp/inc/includes/nav.html"
printf '{%% assign p = site.posts | where: "title", "Billet 5" | first %%}<aside>{{ p.excerpt }}</aside>\n' \
	>"$tmp/inc/includes/latest.html"
sed -i 's|<body>|<body>{% include nav.html %}|' "$tmp/inc/layouts/default.html"
printf -- '---\ntitle: About\nlayout: default\n---\n{%% include latest.html %%}\n' >"$tmp/inc/content/about.md"
printf -- '---\ntitle: Contact\nlayout: default\n---\nContact.\n' >"$tmp/inc/content/contact.md"
# a filter given "content" reads the bodies too
printf -- '---\ntitle: Words\nlayout: default\n---\n{{ site.posts | where: "title", "Billet 5" | map: "content" | first }}\n' \
	>"$tmp/inc/content/words.md"
serve_site "$tmp/inc"
sleep 1.1
sed -i 's/Premier paragraphe du billet 5/Premier paragraphe NOUVEAU du billet 5/' "$site/content/blog/2020-05-01-billet-5.md"
wait_builds 1 || exit 1
grep -q 'NOUVEAU' "$out/about.html" && ok || ko "a page loading an include that shows the excerpt is rendered again"
grep -q 'NOUVEAU' "$out/words.html" && ok || ko "a page mapping the posts' \"content\" is rendered again"
[ "$(rendered 1)" = $((plain + 2)) ] && ok \
	|| ko "rendered $(rendered 1) pages, wanted $plain as without includes, + about and words: $(tail -n 1 "$log")"
# A body edit that makes a page show others: later edits render it too.
printf -- '---\ntitle: Contact\nlayout: default\n---\n{%% include latest.html %%}\n' >"$site/content/contact.md"
wait_builds 2 || exit 1
grep -q 'NOUVEAU' "$out/contact.html" && ok || ko "the edited contact page shows the excerpt"
sed -i 's/NOUVEAU/ENCORE/' "$site/content/blog/2020-05-01-billet-5.md"
wait_builds 3 || exit 1
grep -q 'ENCORE' "$out/contact.html" && ok || ko "the contact page, which now shows the excerpt, follows later edits"

echo "rebuild: $pass passed, $fail failed"
[ "$fail" = 0 ]
