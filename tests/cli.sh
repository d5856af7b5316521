#!/bin/sh
# Command-line tests: exit statuses, usage errors, and every kind of bad
# input. Each bad-input case starts from a site that builds, breaks one
# file, and checks three things: exit status 1, the diagnostic line
# (path:line:col: error: ...), and the previous _site left byte for byte.
#   tests/cli.sh PNYX
set -u
pnyx=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export NO_COLOR=1
pass=0 fail=0

ok() { pass=$((pass + 1)); }
ko() { echo "cli: FAIL: $*"; fail=$((fail + 1)); }

# expect_status NAME STATUS CMD...
expect_status() {
	name=$1 want=$2; shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"; got=$?
	if [ "$got" = "$want" ]; then ok; else ko "$name: exit $got, wanted $want"; cat "$tmp/err"; fi
}

snapshot() { (cd "$1" && find . -type f | sort | xargs sha256sum) }

# bad_input NAME FILE CONTENT PATTERN: write CONTENT to FILE in a fresh
# copy of the base site, build, expect exit 1 and PATTERN (grep -E) in
# stderr, and _site exactly as the good build left it.
bad_input() {
	name=$1 file=$2 content=$3 pattern=$4
	site="$tmp/$name"
	rm -rf "$site" && cp -r "$here/cli/base" "$site"
	if ! (cd "$site" && "$pnyx" build -q) 2>"$tmp/err"; then
		ko "$name: the good site did not build"; cat "$tmp/err"; return
	fi
	before=$(snapshot "$site/_site")
	mkdir -p "$(dirname "$site/$file")"
	printf '%b' "$content" >"$site/$file"
	(cd "$site" && "$pnyx" build -q) 2>"$tmp/err"; got=$?
	if [ "$got" != 1 ]; then ko "$name: exit $got, wanted 1"; cat "$tmp/err"; return; fi
	if ! grep -Eq -- "$pattern" "$tmp/err"; then
		ko "$name: no line matching /$pattern/ in:"; cat "$tmp/err"; return
	fi
	if [ "$(snapshot "$site/_site")" != "$before" ]; then ko "$name: _site changed"; return; fi
	if ls -d "$site"/_site.* >/dev/null 2>&1; then ko "$name: a staging folder was left behind"; return; fi
	ok
}

# Usage and exit statuses.
expect_status "no command" 2 "$pnyx"
expect_status "unknown command" 2 "$pnyx" frobnicate
expect_status "--version" 0 "$pnyx" --version
grep -q '^pnyx [0-9]' "$tmp/out" && ok || ko "--version prints 'pnyx X.Y.Z'"
expect_status "--help" 0 "$pnyx" --help
grep -q 'build' "$tmp/out" && ok || ko "--help lists build"
expect_status "build -j x" 2 "$pnyx" build -j x
# Every subcommand takes -j alike: 1 to 256, with the same message.
for sub in build check serve; do
	for j in x 0 257 "" 4x; do
		expect_status "$sub -j '$j'" 2 "$pnyx" $sub -s "$tmp/nowhere" -j "$j"
		grep -q "^pnyx $sub: -j wants a number from 1 to 256, not '$j'\$" "$tmp/err" || ko "$sub -j '$j': message"
	done
done
expect_status "build extra argument" 2 "$pnyx" build extra
expect_status "build --bogus" 2 "$pnyx" build --bogus
expect_status "missing source" 1 "$pnyx" build -s "$tmp/nowhere"
grep -Eq 'nowhere/site.yml: error: ' "$tmp/err" && ok || ko "missing source: message names site.yml"

# A good build: exit 0, a summary, the page rendered through layout and include.
cp -r "$here/cli/base" "$tmp/good"
expect_status "good build" 0 "$pnyx" build -s "$tmp/good"
grep -Eq '^built 2 pages and copied 0 files in [0-9.]+ s' "$tmp/err" && ok || ko "summary line: $(cat "$tmp/err")"
grep -q '<p class="note">hello</p>' "$tmp/good/_site/index.html" && ok || ko "include rendered"
grep -q '<h1 id="home">Home</h1>' "$tmp/good/_site/index.html" && ok || ko "markdown heading with id"
expect_status "quiet build" 0 "$pnyx" build -q -s "$tmp/good" -d "$tmp/good-out"
[ ! -s "$tmp/err" ] && ok || ko "-q prints nothing"

# Bad input: one diagnostic with its place, exit 1, _site untouched.
bad_input broken-yaml content/bad.md '---\ntitle: [unclosed\nlayout: default\n---\nx\n' \
	'^content/bad.md:[23]:[0-9]+: error: '
bad_input unclosed-front-matter content/bad.md '---\ntitle: x\n\nbody\n' \
	'^content/bad.md:1:1: error: .*front matter'
bad_input invalid-utf8 content/bad.md '---\ntitle: x\n---\nabc \377 def\n' \
	'^content/bad.md:4:5: error: .*UTF-8'
bad_input unclosed-if content/bad.md '---\ntitle: x\n---\n\n{% if page.title %}\nyes\n' \
	'^content/bad.md:5:1: error: .*if'
bad_input unknown-tag content/bad.md '---\ntitle: x\n---\n{% frobnicate %}\n' \
	'^content/bad.md:4:1: error: .*frobnicate'
bad_input unknown-filter content/bad.md '---\ntitle: x\n---\n{{ page.title | frobnicate }}\n' \
	'^content/bad.md:4:[0-9]+: error: .*frobnicate'
bad_input bad-expression content/bad.md '---\ntitle: x\n---\n{{ page.title | }}\n' \
	'^content/bad.md:4:[0-9]+: error: '
bad_input missing-layout content/bad.md '---\nlayout: nope\n---\nx\n' \
	"^content/bad.md:2:9: error: layout 'nope' not found"
bad_input missing-include content/bad.md '---\ntitle: x\n---\n{% include nope.html %}\n' \
	'^content/bad.md:4:[0-9]+: error: .*nope.html'
bad_input include-leaves-folder content/bad.md '---\ntitle: x\n---\n{% include ../site.yml %}\n' \
	'^content/bad.md:4:[0-9]+: error: .*\.\./site.yml'
bad_input include-absolute content/bad.md '---\ntitle: x\n---\n{% include /etc/passwd %}\n' \
	'^content/bad.md:4:[0-9]+: error: .*/etc/passwd'
bad_input permalink-dotdot content/bad.md '---\npermalink: /a/../../outside\n---\nx\n' \
	"^content/bad.md:2:12: error: permalink .*'\.\.'"
bad_input same-output content/other.md '---\npermalink: /index.html\n---\nx\n' \
	'error: writes index.html, which content/(index|other).md writes too'
bad_input layout-chain-missing layouts/default.html '---\nlayout: outer\n---\n{{ content }}\n' \
	"^layouts/default.html:2:9: error: layout 'outer' not found"
bad_input include-recursion includes/note.html '{% include note.html %}\n' \
	'^includes/note.html:1:[0-9]+: error: .*(nest|deep|recurs)'

# A layout chain that loops: default -> outer -> default.
site="$tmp/loop"; rm -rf "$site"; cp -r "$here/cli/base" "$site"
printf -- '---\nlayout: outer\n---\n{{ content }}\n' >"$site/layouts/default.html"
printf -- '---\nlayout: default\n---\n{{ content }}\n' >"$site/layouts/outer.html"
(cd "$site" && "$pnyx" build -q) 2>"$tmp/err"; got=$?
[ "$got" = 1 ] && grep -Eq '^layouts/(default|outer).html:2:9: error: layout chain loops' "$tmp/err" && ok \
	|| { ko "layout loop: exit $got"; cat "$tmp/err"; }

# Same bytes on 1, 2 and 4 threads, on many pages with tables and
# strikethrough (libcmark-gfm's extension table is a process global: see
# src/markdown.c).
site="$tmp/tables"; mkdir -p "$site/content" "$site/layouts"
printf 'title: tables\n' >"$site/site.yml"
printf '<html><body>{{ content }}</body></html>\n' >"$site/layouts/default.html"
i=0
while [ $i -lt 300 ]; do
	{
		printf -- '---\nlayout: default\ntitle: page %d\n---\n' $i
		j=0
		while [ $j -lt 20 ]; do
			printf '| a | b |\n|---|---|\n| ~~x%d~~ | www.example.org/%d |\n\ntext ~~struck~~ and https://example.org/%d\n\n' $j $i $j
			j=$((j + 1))
		done
	} >"$site/content/p$i.md"
	i=$((i + 1))
done
for j in 1 2 4; do "$pnyx" build -q -s "$site" -d "$tmp/tables-$j" -j $j || ko "tables build -j $j"; done
if diff -r "$tmp/tables-1" "$tmp/tables-2" >/dev/null && diff -r "$tmp/tables-1" "$tmp/tables-4" >/dev/null; then ok; else ko "-j 1, -j 2 and -j 4 outputs differ"; fi
grep -q '<del>struck</del>' "$tmp/tables-2/p7.html" && grep -q '<table>' "$tmp/tables-2/p7.html" && ok || ko "tables and strikethrough rendered"

# Building again starts from the spare tree (.pnyx-cache/DEST.spare, the
# output before the last): unchanged files keep their inode, and the
# result is byte for byte a clean build's, whatever changed in between.
out="$tmp/again/_site"
mkdir -p "$site/static" && echo one >"$site/static/s.txt"
"$pnyx" build -q -s "$site" -d "$out" || ko "spare: first build"
ino=$(stat -c %i "$out/p1.html")
"$pnyx" build -q -s "$site" -d "$out" || ko "spare: second build"
[ -f "$tmp/again/.pnyx-cache/_site.spare/p1.html" ] && ok || ko "spare: the old tree is not kept as .pnyx-cache/_site.spare"
rm "$site/content/p2.md"
printf 'changed\n' >>"$site/content/p3.md"
printf -- '---\nlayout: default\n---\nnew\n' >"$site/content/p300.md"
echo two >"$site/static/s.txt"  # same size: the modification time tells
"$pnyx" build -q -s "$site" -d "$out" || ko "spare: third build"
[ "$(stat -c %i "$out/p1.html")" = "$ino" ] && ok || ko "spare: an unchanged page was written again"
"$pnyx" build -q -s "$site" -d "$tmp/clean" || ko "spare: clean build"
diff -r "$out" "$tmp/clean" >/dev/null && [ ! -e "$out/p2.html" ] && grep -q two "$out/s.txt" && ok \
	|| ko "spare: a build from the spare tree differs from a clean build"
(cd "$tmp/again" && git init -q . && git status --porcelain) >"$tmp/git" 2>&1
grep -q pnyx-cache "$tmp/git" && ko "spare: git sees .pnyx-cache" || ok

# A UI string missing in a locale: one warning (not one per page), the
# default locale's string used, exit 0.
"$pnyx" build -s "$here/sites/locales/src" -d "$tmp/locales" 2>"$tmp/err"; got=$?
n=$(grep -c "warning: no 'only_fr' string in locale 'en': using 'fr'" "$tmp/err")
[ "$got" = 0 ] && [ "$n" = 1 ] && grep -q 'layouts/default.html:10:28: warning' "$tmp/err" && ok || { ko "missing string warned once (exit $got, $n warnings)"; cat "$tmp/err"; }

# pnyx check: builds in memory (writes nothing), reports at the source.
site="$tmp/check"; rm -rf "$site"; cp -r "$here/cli/base" "$site"
expect_status "check on a clean site" 0 "$pnyx" check -s "$site"
[ ! -e "$site/_site" ] && ok || ko "check wrote an output folder"
printf -- '---\ntitle: Links\nlayout: default\n---\n[gone](/nowhere/) [anchor](#missing) ![](/img.png)\n\n<img src="data:image/gif;base64,R0lGODlh">\n\n# Here\n\n[fine](#here)\n' >"$site/content/links.md"
expect_status "check with a broken link" 1 "$pnyx" check -s "$site"
grep -Eq "content/links.md:5:[0-9]+: error: .*/nowhere/" "$tmp/err" && ok || { ko "broken link reported at its line"; cat "$tmp/err"; }
grep -Eq "content/links.md:5:[0-9]+: error: .*#missing" "$tmp/err" && ok || ko "missing anchor reported"
grep -Eq "content/links.md:5:[0-9]+: error: missing image /img.png" "$tmp/err" && ok || ko "missing image reported"
grep -Eq "content/links.md:7:[0-9]+: warning: .*no alt" "$tmp/err" && ok || ko "image without alt reported"
grep -q "#here" "$tmp/err" && ko "a good anchor was reported" || ok
# what a screen reader stumbles on: warnings at their line, exit 0
printf -- '---\ntitle: Outline\nlayout: default\n---\n# Title\n\n### Too deep\n\n[](/)\n' >"$site/content/links.md"
expect_status "check with structure warnings" 0 "$pnyx" check -s "$site"
grep -q 'content/links.md:7:5: warning: heading <h3> "Too deep" follows an <h1>: a level is skipped' "$tmp/err" \
	&& ok || { ko "skipped heading level reported at its line"; cat "$tmp/err"; }
grep -q 'content/links.md:9:4: warning: the link to / has no text' "$tmp/err" && ok || ko "empty link reported at its line"
expect_status "check --baseurl" 1 "$pnyx" check -s "$site" --baseurl /repo
expect_status "check bad usage" 2 "$pnyx" check --bogus

# Jekyll sites: --config a.yml,b.yml (later files win), drafts, and a
# filter from a Ruby plugin: a clear error, or mapped to a built-in.
site="$tmp/jk"; rm -rf "$site"; cp -r "$here/jekyll/blog/src" "$site"
printf 'title: Overridden\n' >"$site/_extra.yml"
expect_status "jekyll --config a,b" 0 "$pnyx" build -s "$site" -d "$tmp/jk-out" --config _config.yml,_extra.yml
grep -q '<title>Home | Overridden</title>' "$tmp/jk-out/index.html" && ok || ko "--config: the second file wins"
grep -q 'Jekyll blog' "$tmp/jk-out/about.html" && ko "--config: first file's title still used" || ok
# a list naming neither site.yml nor _config.yml reads the site as its folder says
printf 'title: Only extra\n' >"$site/extra-only.yml"
expect_status "jekyll --config extra" 0 "$pnyx" build -s "$site" -d "$tmp/jk-extra" --config extra-only.yml
grep -q '<h1>Only extra</h1>' "$tmp/jk-extra/index.html" && ok || ko "--config with another name: still a Jekyll site"
# and a pnyx site given a second file stays a pnyx site (its layouts/, not _layouts/)
px="$tmp/px"; rm -rf "$px"; cp -r "$here/cli/base" "$px"
printf 'title: Dev\n' >"$px/dev.yml"
expect_status "pnyx --config site.yml,dev.yml" 0 "$pnyx" build -s "$px" -d "$tmp/px-out" --config site.yml,dev.yml
grep -q '<title>Home - Dev</title>' "$tmp/px-out/index.html" && ok || ko "--config site.yml,dev.yml: a pnyx site, dev.yml wins"
expect_status "jekyll --drafts" 0 "$pnyx" build -s "$site" -d "$tmp/jk-drafts" --drafts
ls "$tmp/jk-drafts"/*/*/*/unfinished.html >/dev/null 2>&1 && ok || ko "--drafts: the draft is published"
[ ! -e "$tmp/jk-out/unfinished.html" ] && ! ls "$tmp/jk-out"/*/*/*/unfinished.html >/dev/null 2>&1 && ok || ko "drafts left out by default"
# jekyll.environment: JEKYLL_ENV, else development (themes load analytics in production)
printf -- '---\nlayout: null\n---\n[{{ jekyll.environment }}]\n' >"$site/env.html"
"$pnyx" build -q -s "$site" -d "$tmp/jk-env" && grep -q '^\[development\]$' "$tmp/jk-env/env.html" && ok || ko "jekyll.environment: development"
JEKYLL_ENV=production "$pnyx" build -q -s "$site" -d "$tmp/jk-env" && grep -q '^\[production\]$' "$tmp/jk-env/env.html" && ok \
	|| ko "jekyll.environment: JEKYLL_ENV"
rm "$site/env.html"
# jekyll-feed: feed.xml and {% feed_meta %} only when plugins: lists it (as jekyll build)
sed -i 's|<head>|<head>{% feed_meta %}|' "$site/_includes/head.html"
expect_status "jekyll feed_meta without the plugin" 0 "$pnyx" build -s "$site" -d "$tmp/jk-nofeed"
[ ! -e "$tmp/jk-nofeed/feed.xml" ] && ! grep -q 'atom+xml' "$tmp/jk-nofeed/about.html" && ok \
	|| ko "no jekyll-feed: no feed, no link"
printf 'plugins: [jekyll-feed]\n' >>"$site/_config.yml"
expect_status "jekyll feed_meta" 0 "$pnyx" build -s "$site" -d "$tmp/jk-feed"
grep -q '<head><link type="application/atom+xml" rel="alternate" href="https://example.org/blog/feed.xml" title="Jekyll blog" />' \
	"$tmp/jk-feed/about.html" && ok || ko "feed_meta writes jekyll-feed's link: $(grep -o '<head>.\{0,120\}' "$tmp/jk-feed/about.html")"
xmllint --xpath 'count(//*[local-name()="entry"])' "$tmp/jk-feed/feed.xml" 2>/dev/null | grep -q '^5$' && ok \
	|| ko "jekyll-feed: feed.xml with the 5 posts"
# jekyll-sitemap: sitemap.xml, and robots.txt as the plugin writes it
sed -i 's/^plugins: \[jekyll-feed\]$/plugins: [jekyll-feed, jekyll-sitemap]/' "$site/_config.yml"
expect_status "jekyll-sitemap" 0 "$pnyx" build -s "$site" -d "$tmp/jk-sitemap"
[ "$(cat "$tmp/jk-sitemap/robots.txt" 2>/dev/null)" = "Sitemap: https://example.org/blog/sitemap.xml" ] && ok \
	|| ko "jekyll-sitemap: robots.txt names the sitemap: $(cat "$tmp/jk-sitemap/robots.txt" 2>&1)"
xmllint --xpath 'count(//*[local-name()="url"])' "$tmp/jk-sitemap/sitemap.xml" 2>/dev/null | grep -q '^[1-9]' && ok \
	|| ko "jekyll-sitemap: sitemap.xml lists the pages"
mkdir -p "$site/_plugins" && printf 'module Jekyll; end\n' >"$site/_plugins/shout.rb"
printf -- '---\ntitle: Plugin\n---\n{{ "hi" | shout }}\n' >"$site/plugin.md"
expect_status "jekyll plugin filter" 1 "$pnyx" build -s "$site" -d "$tmp/jk-plugin"
grep -Eq "plugin.md:4:[0-9]+: error: unknown filter 'shout' \(a Jekyll plugin's\?.*pnyx: filters:" "$tmp/err" && ok || { ko "plugin filter: clear error"; cat "$tmp/err"; }
printf 'pnyx:\n  filters:\n    shout: upcase\n' >>"$site/_config.yml"
expect_status "jekyll plugin filter mapped" 0 "$pnyx" build -s "$site" -d "$tmp/jk-plugin"
grep -q '<p>HI</p>' "$tmp/jk-plugin/plugin.html" && ok || ko "plugin filter mapped to upcase"

echo "cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
