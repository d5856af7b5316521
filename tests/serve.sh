#!/bin/sh
# `pnyx serve` over real HTTP with curl: status codes, redirects, the 404
# page, 405, content types, the live-reload script (in served pages, never
# in `pnyx build` output), live reload and the error overlay over server-
# sent events, path traversal and symlinks out of the output folder, slow
# and malformed clients, a port in use, --config, a Jekyll site (its output
# and excluded folders unwatched), and a clean stop. Every server
# listens on 127.0.0.1 on a free port and is killed at exit.
#   tests/serve.sh PNYX
set -u
pnyx=$(realpath "$1")
tmp=$(mktemp -d)
export NO_COLOR=1
pass=0 fail=0
pids=""

cleanup() {
	for p in $pids; do kill -KILL "$p" 2>/dev/null; done
	[ -n "${KEEP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

ok() { pass=$((pass + 1)); }
ko() { echo "serve: FAIL: $*"; fail=$((fail + 1)); }
check() { name=$1; shift; if "$@"; then ok; else ko "$name"; fi; }

# The site: a page, a folder page, a 404 page, static files of many types.
site="$tmp/site"
cp -r "$(dirname "$0")/cli/base" "$site"
mkdir -p "$site/content/dir" "$site/static/img" "$site/sass"
printf -- '---\ntitle: Page\nlayout: body\n---\nFirst version\n' >"$site/content/page.md"
printf -- '---\ntitle: Dir\nlayout: body\n---\nin a folder\n' >"$site/content/dir/index.md"
printf '<!doctype html>\n<html><head><link rel="stylesheet" href="/style.css"></head>\n<body>\n{{ content }}\n</body></html>\n' \
	>"$site/layouts/body.html"
printf -- '---\ntitle: Not found\nlayout: body\npermalink: /404.html\n---\ncustom not found\n' >"$site/content/404.md"
printf 'body { color: black }\n' >"$site/static/style.css"
for f in app.js data.json feed.xml logo.svg img/a.png img/a.jpg img/a.gif img/a.webp favicon.ico \
	font.woff2 robots.txt doc.pdf; do
	printf 'x\n' >"$site/static/$f"
done
printf 'secret\n' >"$tmp/secret.txt"

# start NAME ARGS...: runs `pnyx serve ARGS` in the background, waits (10 s
# at most) for its "serving" line, sets $pid and $port.
start() {
	log="$tmp/$1.log"; shift
	"$pnyx" serve --port 0 "$@" >"$log" 2>&1 &
	pid=$!
	pids="$pids $pid"
	port=""
	i=0
	while [ $i -lt 100 ]; do
		port=$(sed -n 's|^serving .* at http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$log" 2>/dev/null)
		[ -n "$port" ] && return 0
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1; i=$((i + 1))
	done
	echo "serve: the server did not start:"; cat "$log"
	return 1
}

# stop PID SIGNAL LOG: the server stops within 10 s, exits 0, and
# AddressSanitizer reports nothing (no leak at exit).
stop() {
	kill -"$2" "$1"
	i=0
	while kill -0 "$1" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	if kill -0 "$1" 2>/dev/null; then ko "SIG$2: still running after 10 s"; return; fi
	wait "$1"; st=$?
	[ "$st" = 0 ] && ok || ko "SIG$2: exit status $st"
	if grep -q 'Sanitizer' "$3"; then ko "SIG$2: sanitizer report"; cat "$3"; else ok; fi
	grep -q '^stopped$' "$3" && ok || ko "SIG$2: no 'stopped' line"
}

# get PATH [CURL ARGS]: the status code; headers in $tmp/h, body in $tmp/b.
get() {
	p=$1; shift
	curl -s --path-as-is --max-time 5 -D "$tmp/h" -o "$tmp/b" -w '%{http_code}' "$@" \
		"http://127.0.0.1:$port$p"
}

# expect PATH STATUS [CURL ARGS]
expect() {
	p=$1 want=$2; shift 2
	got=$(get "$p" "$@")
	[ "$got" = "$want" ] && ok || ko "$p: status $got, wanted $want"
}

header() { tr -d '\r' <"$tmp/h" | sed -n "s/^$1: //Ip"; }

# wait_for FILE PATTERN: until PATTERN shows in FILE (10 s at most).
wait_for() {
	i=0
	while [ $i -lt 100 ]; do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1; i=$((i + 1))
	done
	return 1
}

start main -s "$site" || exit 1

# ---- mapping, like GitHub Pages ----
expect / 200
grep -q 'First version' "$tmp/b" && ko "/ is the home page, not page" || ok
expect /index.html 200
expect /page 200
grep -q '<p>First version</p>' "$tmp/b" && ok || ko "/page serves page.html"
expect /page.html 200
expect /dir/ 200
grep -q 'in a folder' "$tmp/b" && ok || ko "/dir/ serves dir/index.html"
expect /dir 301
[ "$(header Location)" = "/dir/" ] && ok || ko "/dir redirects to /dir/, not '$(header Location)'"
expect /page/ 404
expect /nothing 404
grep -q 'custom not found' "$tmp/b" && ok || ko "404 serves the site's 404.html"
grep -q '__pnyx' "$tmp/b" && ok || ko "the 404 page gets the live-reload script"
expect /nothing/deeper/ 404
[ "$(header Cache-Control)" = "no-store" ] && ok || ko "Cache-Control on a 404"
expect /page 200
[ "$(header Cache-Control)" = "no-store" ] && ok || ko "Cache-Control: no-store"
curl -sv --max-time 5 "http://127.0.0.1:$port/page" "http://127.0.0.1:$port/nothing" 2>&1 | grep -q 'Re-using' \
	&& ok || ko "connections are kept alive"

# ---- methods ----
for m in POST PUT DELETE PATCH OPTIONS; do
	expect /page 405 -X "$m"
done
expect /page 405 -X POST --data 'a=b'
[ "$(header Allow)" = "GET, HEAD" ] && ok || ko "405 says Allow: GET, HEAD"
expect /page 200 -I
grep -q 'First version' "$tmp/b" && ko "HEAD has no body" || ok
[ -n "$(header Content-Length)" ] && ok || ko "HEAD has a Content-Length"

# ---- content types ----
ctype() {
	got=$(get "$1")
	[ "$got" = 200 ] || { ko "$1: status $got"; return; }
	[ "$(header Content-Type)" = "$2" ] && ok || ko "$1: Content-Type '$(header Content-Type)', wanted '$2'"
}
ctype /page "text/html; charset=utf-8"
ctype /style.css "text/css; charset=utf-8"
ctype /app.js "text/javascript; charset=utf-8"
ctype /data.json "application/json"
ctype /feed.xml "application/xml"
ctype /logo.svg "image/svg+xml"
ctype /img/a.png "image/png"
ctype /img/a.jpg "image/jpeg"
ctype /img/a.gif "image/gif"
ctype /img/a.webp "image/webp"
ctype /favicon.ico "image/x-icon"
ctype /font.woff2 "font/woff2"
ctype /robots.txt "text/plain; charset=utf-8"
ctype /doc.pdf "application/pdf"
get /style.css >/dev/null
grep -q '__pnyx' "$tmp/b" && ko "a stylesheet got the script" || ok

# ---- the script: in served pages, never in the output folder ----
get /page >/dev/null
grep -q '<script>window.__pnyx=' "$tmp/b" && ok || ko "served page has the live-reload script"
tr -d '\n' <"$tmp/b" | grep -q '</script></body></html>' && ok || ko "script goes right before </body>"
get / >/dev/null
grep -q '__pnyx' "$tmp/b" && ok || ko "a page without </body> gets the script at the end"
grep -rq '__pnyx' "$site/_site" && ko "the output folder holds the script" || ok
"$pnyx" build -q -s "$site" -d "$tmp/built" || ko "pnyx build"
grep -rq '__pnyx\|EventSource' "$tmp/built" && ko "pnyx build output holds the script" || ok

# ---- hostile paths ----
for p in '/../secret.txt' '/%2e%2e/secret.txt' '/%2E%2e/secret.txt' '/..%2fsecret.txt' \
	'/%2e%2e%2f%2e%2e%2fsecret.txt' '/..%5csecret.txt' '/..\secret.txt' '/%c0%ae%c0%ae/secret.txt' \
	'/%252e%252e/secret.txt' '/page%00.html' '/%00' '/%' '/%zz' '/./page' '/dir/../page' \
	'/../../../../../../etc/passwd' '/%2e%2e/%2e%2e/%2e%2e/etc/passwd' '//etc/passwd'; do
	expect "$p" 404
	grep -q 'secret\|root:' "$tmp/b" && ko "$p leaked a file"
done
# symlinks out of the output folder: to a file, a folder, and a sibling
# whose name starts with the output folder's (_site-other vs _site)
ln -s "$tmp/secret.txt" "$site/_site/leak.txt"
ln -s "$tmp" "$site/_site/leakdir"
mkdir -p "$site/_site-other" && printf 'other\n' >"$site/_site-other/x.html"
ln -s ../_site-other/x.html "$site/_site/sibling.html"
ln -s page.html "$site/_site/alias.html"
expect /leak.txt 404
expect /leakdir/secret.txt 404
expect /leakdir/ 404
expect /sibling.html 404
expect /sibling 404
expect /alias.html 200
grep -q 'First version' "$tmp/b" && ok || ko "a symlink inside the folder is served"

# ---- slow and malformed clients do not stall the others ----
(printf 'GET /page HT'; sleep 4) | curl -s --max-time 5 "telnet://127.0.0.1:$port" >/dev/null 2>&1 &
slow=$!
(printf 'GARBAGE \001\002\r\n\r\n'; sleep 1) | curl -s --max-time 3 "telnet://127.0.0.1:$port" >"$tmp/garbage" 2>&1 &
garbage=$!
sleep 0.3
expect /page 200 --max-time 2
wait $garbage
grep -q '^HTTP/1.1 400' "$tmp/garbage" && ok || ko "a malformed request gets 400"
head -c 70000 /dev/zero | tr '\0' 'a' >"$tmp/long"
expect "/$(cat "$tmp/long")" 414
got=$(get /page -H "X-Big: $(head -c 40000 "$tmp/long")")
[ "$got" = 431 ] || [ "$got" = 413 ] && ok || ko "a huge header: status $got"
expect /page 200
kill $slow 2>/dev/null; wait $slow 2>/dev/null

# ---- live reload over server-sent events ----
get /page >/dev/null
token=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' "$tmp/b")
[ -n "$token" ] && ok || ko "the page carries a token"
curl -sN --max-time 30 "http://127.0.0.1:$port/__pnyx/events?since=$token" >"$tmp/sse" 2>/dev/null &
sse=$!
pids="$pids $sse"
wait_for "$tmp/sse" 'retry:' && ok || ko "the event stream opens"

printf -- '---\ntitle: Page\nlayout: body\n---\nSecond version\n' >"$site/content/page.md"
wait_for "$tmp/sse" 'event: reload' && ok || ko "a Markdown change sends reload"
get /page >/dev/null
grep -q 'Second version' "$tmp/b" && ok || ko "the rebuilt page is served"
grep -q '^changed: content/page.md' "$tmp/main.log" && ok || ko "the terminal says what changed"

printf 'body { color: red }\n' >"$site/static/style.css"
wait_for "$tmp/sse" 'event: css' && ok || ko "a CSS-only change sends css"
get /style.css >/dev/null
grep -q red "$tmp/b" && ok || ko "the new stylesheet is served"

# Sass: a page compiled to CSS, and a partial it imports (sass/): an edit
# of the partial is a stylesheet change too, swapped without a reload
ncss=$(grep -c 'event: css' "$tmp/sse")
printf '$c: navy;\n' >"$site/sass/_c.scss"
printf -- '---\n---\n@import "c";\nh1 { color: $c; }\n' >"$site/content/theme.scss"
i=0; while [ $i -lt 50 ] && [ "$(get /theme.css)" != 200 ]; do sleep 0.1; i=$((i + 1)); done
grep -q navy "$tmp/b" && ok || ko "a Sass page is served as CSS"
i=0; while [ $i -lt 100 ] && [ "$(grep -c 'event: css' "$tmp/sse")" -le "$ncss" ]; do sleep 0.1; i=$((i + 1)); done
ncss=$(grep -c 'event: css' "$tmp/sse")
printf '$c: teal;\n' >"$site/sass/_c.scss"
i=0; while [ $i -lt 100 ] && [ "$(grep -c 'event: css' "$tmp/sse")" -le "$ncss" ]; do sleep 0.1; i=$((i + 1)); done
[ "$(grep -c 'event: css' "$tmp/sse")" -gt "$ncss" ] && ok || ko "a Sass partial's edit sends css"
get /theme.css >/dev/null
grep -q teal "$tmp/b" && ok || ko "the recompiled stylesheet is served"

# a broken front matter: the old page stays, the errors go to the stream,
# to the terminal and into pages loaded meanwhile
printf -- '---\ntitle: [unclosed\nlayout: body\n---\nThird version\n' >"$site/content/page.md"
wait_for "$tmp/sse" 'event: builderror' && ok || ko "a failed build sends builderror"
grep 'event: builderror' -A 2 "$tmp/sse" | grep -q 'content/page.md.*"line":[23],"col":[0-9]*,"message":"[^"]' \
	&& ok || ko "the error event has file, line, col, message: $(grep -A2 builderror "$tmp/sse")"
line=$(grep 'event: builderror' -A 2 "$tmp/sse" | sed -n 's/.*"line":\([0-9]*\),.*/\1/p')
grep -Fq "\"source\":\"$(sed -n "${line:-1}p" "$site/content/page.md")\"" "$tmp/sse" && ok \
	|| ko "the error event has the source line"
wait_for "$tmp/main.log" 'content/page.md:[23]:[0-9]*: error: ' && ok || ko "the terminal shows the error"
grep -q 'still serving the last good site' "$tmp/main.log" && ok || ko "the terminal says the old site stays"
expect /page 200
grep -q 'Second version' "$tmp/b" && ok || ko "the last good page is still served"
grep -q '"error":{"count":1' "$tmp/b" && ok || ko "a page loaded meanwhile carries the error"

printf -- '---\ntitle: Page\nlayout: body\n---\nFourth version\n' >"$site/content/page.md"
i=0; while [ $i -lt 100 ] && [ "$(grep -c 'event: reload' "$tmp/sse")" -lt 2 ]; do sleep 0.1; i=$((i + 1)); done
n=$(grep -c 'event: reload' "$tmp/sse")
[ "$n" -ge 2 ] && ok || ko "the fix sends reload ($n reloads)"
expect /page 200
grep -q 'Fourth version' "$tmp/b" && ok || ko "the fixed page is served"
grep -q '"error":null' "$tmp/b" && ok || ko "the overlay is gone after a good build"

# editors' ways of saving: rename over, delete and create; swap files ignored
n0=$(grep -c '^changed:' "$tmp/main.log")
printf 'swap\n' >"$site/content/.page.md.swp"
printf 'backup\n' >"$site/content/page.md~"
sleep 0.5
[ "$(grep -c '^changed:' "$tmp/main.log")" = "$n0" ] && ok || ko "swap and backup files trigger a rebuild"
printf -- '---\ntitle: Page\nlayout: body\n---\nRenamed version\n' >"$site/content/.page.tmp"
mv "$site/content/.page.tmp" "$site/content/page.md"
# polled: earlier whole builds already wrote 'rebuilt' lines to the log
i=0; while [ $i -lt 50 ] && ! { get /page >/dev/null; grep -q 'Renamed' "$tmp/b"; }; do sleep 0.1; i=$((i + 1)); done
grep -q 'Renamed version' "$tmp/b" && ok || ko "write-then-rename is seen"
rm "$site/content/page.md"
printf -- '---\ntitle: Page\nlayout: body\n---\nRecreated version\n' >"$site/content/page.md"
i=0; while [ $i -lt 50 ] && ! { get /page >/dev/null; grep -q 'Recreated' "$tmp/b"; }; do sleep 0.1; i=$((i + 1)); done
grep -q 'Recreated version' "$tmp/b" && ok || ko "delete-and-create is seen"
# a folder that appears with a folder in it: the inner one is watched
mkdir -p "$tmp/later/deeper"
printf -- '---\ntitle: First\n---\nfirst\n' >"$tmp/later/deeper/first.md"
mv "$tmp/later" "$site/content/later"
wait_for "$tmp/main.log" 'changed: content/later' && sleep 0.3
printf -- '---\ntitle: Later\n---\nmade later\n' >"$site/content/later/deeper/x.md"
i=0; while [ $i -lt 50 ] && [ "$(get /later/deeper/x)" != 200 ]; do sleep 0.1; i=$((i + 1)); done
expect /later/deeper/x 200
grep -q 'made later' "$tmp/b" && ok || ko "a page in a folder made later is built"
kill $sse 2>/dev/null

# ---- a port already in use, bad usage, a missing site ----
"$pnyx" serve -s "$site" --port "$port" >"$tmp/taken.log" 2>&1 &
taken=$!
pids="$pids $taken"
i=0; while kill -0 $taken 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
if kill -0 $taken 2>/dev/null; then ko "a taken port: still running"; else
	wait $taken; st=$?
	[ "$st" = 1 ] && ok || ko "a taken port: exit $st, wanted 1"
	grep -q "port $port on 127.0.0.1 is already in use" "$tmp/taken.log" && ok || { ko "a taken port: message"; cat "$tmp/taken.log"; }
	[ "$(wc -l <"$tmp/taken.log")" = 1 ] && ok || { ko "a taken port: one line, before building"; cat "$tmp/taken.log"; }
fi
timeout 10 "$pnyx" serve -s "$tmp/nowhere" >"$tmp/out" 2>&1; st=$?
[ "$st" = 1 ] && grep -q "no site folder at '$tmp/nowhere'" "$tmp/out" && ok || ko "missing site folder: $st $(cat "$tmp/out")"
timeout 10 "$pnyx" serve --port nope >"$tmp/out" 2>&1; st=$?
[ "$st" = 2 ] && ok || ko "--port nope: exit $st, wanted 2"
timeout 10 "$pnyx" serve extra >"$tmp/out" 2>&1; st=$?
[ "$st" = 2 ] && ok || ko "extra argument: exit $st, wanted 2"
timeout 10 "$pnyx" serve --help >"$tmp/out" 2>&1; st=$?
[ "$st" = 0 ] && grep -q -- '--port' "$tmp/out" && ok || ko "--help"

# An exhausted inotify watch limit, in a user namespace of our own (its
# limit does not touch the machine's).
if unshare -Ur true 2>/dev/null; then
	timeout 20 unshare -Ur sh -c 'echo 2 >/proc/sys/user/max_inotify_watches && exec "$0" serve -s "$1" --port 0' \
		"$pnyx" "$site" >"$tmp/limit.log" 2>&1; st=$?
	[ "$st" = 1 ] && ok || ko "watch limit: exit $st, wanted 1"
	[ "$(grep -c 'sysctl fs.inotify.max_user_watches=524288' "$tmp/limit.log")" = 1 ] && ok \
		|| { ko "watch limit: one message"; cat "$tmp/limit.log"; }
else
	echo "serve: no user namespaces here: the watch-limit case is skipped"
fi

# ---- a first build that fails: the errors show until it is fixed ----
broken="$tmp/broken"
cp -r "$(dirname "$0")/cli/base" "$broken"
printf -- '---\ntitle: [oops\n---\nx\n' >"$broken/content/index.md"
start broken -s "$broken" || exit 1
expect / 404
grep -q '"error":{"count":1' "$tmp/b" && ok || ko "no site yet: the 404 carries the error"
printf -- '---\ntitle: Fixed\nlayout: default\n---\nfixed now\n' >"$broken/content/index.md"
wait_for "$tmp/broken.log" 'rebuilt' && ok || ko "no site yet: the fix is built"
expect / 200
grep -q 'fixed now' "$tmp/b" && ok || ko "no site yet: the fixed page is served"
stop "$pid" INT "$tmp/broken.log"

# ---- --config: later files win, each is watched, the site stays a pnyx site ----
cfg="$tmp/cfg"
cp -r "$(dirname "$0")/cli/base" "$cfg"
mkdir -p "$cfg/conf"
printf 'title: Dev title\n' >"$cfg/conf/dev.yml"
start config -s "$cfg" --config site.yml,conf/dev.yml || exit 1
expect / 200
grep -q '<title>Home - Dev title</title>' "$tmp/b" && ok || ko "--config: the second file wins: $(grep title "$tmp/b")"
printf 'title: Dev again\n' >"$cfg/conf/dev.yml"
i=0; while [ $i -lt 50 ] && ! { get / >/dev/null; grep -q 'Dev again' "$tmp/b"; }; do sleep 0.1; i=$((i + 1)); done
grep -q '<title>Home - Dev again</title>' "$tmp/b" && ok || ko "--config: an edit of the second file is followed"
grep -q '^changed: conf/dev.yml' "$tmp/config.log" && ok || ko "--config: the change is named: $(grep changed "$tmp/config.log")"
stop "$pid" INT "$tmp/config.log"

# ---- a Jekyll site, pages at its root: its own output and node_modules are
# not sources, and an edit of a page is incremental ----
jk="$tmp/jk"
cp -r "$(dirname "$0")/jekyll/blog/src" "$jk"
mkdir -p "$jk/node_modules/pkg"
start jekyll -s "$jk" || exit 1
printf '\nOne more line.\n' >>"$jk/about.md"
wait_for "$tmp/jekyll.log" '^updated ' && ok || ko "jekyll: a page edit is incremental: $(tail -n 2 "$tmp/jekyll.log")"
grep -q '^changed: about.md$' "$tmp/jekyll.log" && ok || ko "jekyll: the page is named as the build names it: $(grep changed "$tmp/jekyll.log")"
printf 'x\n' >"$jk/node_modules/pkg/index.js"
sleep 0.5
grep -Eq '^changed: (_site|node_modules)' "$tmp/jekyll.log" && ko "jekyll: output or excluded files seen: $(grep changed "$tmp/jekyll.log")" || ok
[ "$(grep -c '^changed:' "$tmp/jekyll.log")" = 1 ] && ok || ko "jekyll: one change, one build: $(grep -c '^changed:' "$tmp/jekyll.log")"
stop "$pid" INT "$tmp/jekyll.log"

# ---- under a baseurl ----
start base -s "$site" --baseurl /repo || exit 1
expect / 302
[ "$(header Location)" = "/repo/" ] && ok || ko "/ redirects to the baseurl"
expect /repo 301
[ "$(header Location)" = "/repo/" ] && ok || ko "/repo redirects to /repo/"
expect /repo/ 200
expect /repo/page 200
expect /repo/dir 301
[ "$(header Location)" = "/repo/dir/" ] && ok || ko "/repo/dir redirects to /repo/dir/"
expect /page 404
expect /repository/page 404
expect /repo/nothing 404
grep -q 'custom not found' "$tmp/b" && ok || ko "404 page under the baseurl"
stop "$pid" TERM "$tmp/base.log"

# ---- Ctrl-C: a clean stop, no leak ----
stop "$(echo $pids | cut -d' ' -f1)" INT "$tmp/main.log"

echo "serve: $pass passed, $fail failed"
[ "$fail" = 0 ]
