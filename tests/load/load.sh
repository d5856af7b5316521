#!/bin/sh
# load.sh - `pnyx serve` under load, on a generated site of PAGES pages,
# with tests/load/loadgen.c as the clients. Only 127.0.0.1 is contacted,
# on a port the server picks; every run is bounded in count and time, and
# the server is always stopped.
#
#   tests/load/load.sh PNYX LOADGEN GENSITE
#
# 1. A warm-up (50 connections, 2 s), then the baseline: the server's
#    memory (VmRSS) and open files (/proc/PID/fd).
# 2. For SECONDS: CONNS clients fetching pages on kept-alive connections,
#    SLOW clients sending a header one byte a second, SSE event streams,
#    and the hostile catalogue (bad methods, huge headers, broken syntax,
#    ".." in every encoding, symlinks out of the output folder), while a
#    page is edited every quarter of a second (each an incremental
#    rebuild). Every well-formed request must be answered with the
#    status its path calls for, none may time out or be reset, slow
#    clients are dropped at the server's request deadline, and a secret
#    planted outside the output folder never shows in any response.
# 3. Once the clients are gone: memory and open files back to the
#    baseline (memory within MEM_TOLERANCE %).
# 4. REBUILDS page edits, one after the other: the memory after the last
#    against after the first (within REBUILD_TOLERANCE %: the kept build
#    grows by design until a whole build starts afresh, see rebuild.c). `make
#    load-rebuilds` runs 1,000 of them alone (REBUILDS_ONLY=1), sampling
#    the memory after every tenth once the server settled, and also checks
#    that the later samples do not climb above the earlier ones.
#
# With a sanitized build, MEMORY_CHECKS=0 and REBUILDS=0 (its allocator
# keeps freed memory), smaller numbers; any sanitizer report fails.
# Prints the figures on "load:" lines, then "load: N passed, M failed".
set -u
pnyx=$(realpath "$1")
loadgen=$(realpath "$2")
gensite=$(realpath "$3")
PAGES=${PAGES:-500}
CONNS=${CONNS:-1000}
SLOW=${SLOW:-200}
SSE=${SSE:-20}
SECONDS_LOAD=${SECONDS_LOAD:-15}
REBUILDS=${REBUILDS:-200}
REBUILDS_ONLY=${REBUILDS_ONLY:-}
MEM_TOLERANCE=${MEM_TOLERANCE:-15}
REBUILD_TOLERANCE=${REBUILD_TOLERANCE:-30}
# 0 for a sanitized build, whose allocator keeps freed memory on purpose
MEMORY_CHECKS=${MEMORY_CHECKS:-1}
# the server's request deadline (SERVE_REQUEST_S in src/serve.h)
DEADLINE=10

tmp=$(mktemp -d)
export NO_COLOR=1
pass=0 fail=0
pid=""
editor=""

cleanup() {
	[ -n "$editor" ] && kill "$editor" 2>/dev/null
	[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
	[ -n "${KEEP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

ok() { pass=$((pass + 1)); }
ko() { echo "load: FAIL: $*"; fail=$((fail + 1)); }
say() { echo "load: $*"; }

# counts the "ok"/"FAIL" lines of a loadgen report and shows the rest
tally() {
	grep '^load: ' "$1"
	grep '^FAIL ' "$1" | sed 's/^FAIL /load: FAIL: /'
	pass=$((pass + $(grep -c '^ok ' "$1")))
	fail=$((fail + $(grep -c '^FAIL ' "$1")))
	[ "$2" = 0 ] || [ "$(grep -c '^FAIL ' "$1")" != 0 ] || ko "loadgen exited with status $2"
}

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status"; }
nfds() { ls "/proc/$pid/fd" | wc -l; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# ---- the site, the secret, the server ----
site="$tmp/site"
"$gensite" "$site" "$PAGES" >/dev/null || { echo "load: gensite failed"; exit 1; }
# served from the root, so that ".." reaches the secret from the first level
sed -i '/^baseurl:/d' "$site/site.yml"
secret="pnyx-secret-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
# one and two levels above the output folder, and in a sibling folder
# whose name starts with the output folder's
printf '%s\n' "$secret" >"$site/secret.txt"
printf '%s\n' "$secret" >"$tmp/secret.txt"
mkdir -p "$site/_site-other"
printf '<p>%s</p>\n' "$secret" >"$site/_site-other/x.html"

log="$tmp/serve.log"
"$pnyx" serve -s "$site" --port 0 >"$log" 2>&1 &
pid=$!
port=""
i=0
while [ $i -lt 300 ] && [ -z "$port" ]; do
	port=$(sed -n 's|^serving .* at http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$log")
	[ -n "$port" ] && break
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1; i=$((i + 1))
done
[ -n "$port" ] || { echo "load: the server did not start:"; cat "$log"; exit 1; }

limit=$(awk '/^Max open files/ { print $4 }' "/proc/$pid/limits")
need=$((CONNS + SLOW + SSE + 200))
if [ "$limit" != unlimited ] && [ "$limit" -lt "$need" ]; then
	ko "the server may open $limit files, $need needed (the hard limit: $(ulimit -Hn))"
else
	ok
fi

# symlinks out of the output folder (after the first build: a whole build
# swaps the folder), and one inside it
out="$site/_site"
ln -s "$tmp/secret.txt" "$out/leak.txt"
ln -s "$tmp" "$out/leakdir"
ln -s ../_site-other/x.html "$out/sibling.html"
grep -rq "$secret" "$out" && ko "the secret is in the output folder itself" || ok

# the pages: each file, each folder with and without its slash, and 404s
paths="$tmp/paths"
(cd "$out" && find . -type f ! -name 404.html ! -name '*.swp' | sed 's|^\.||') | awk '
	{ print "200 " $0 }
	/\/index\.html$/ { d = $0; sub(/index\.html$/, "", d); print "200 " d; sub(/\/$/, "", d); if (d != "") print "301 " d }
' >"$paths"
for n in 1 2 3 4 5 6 7 8 9 10; do echo "404 /nothing-$n" >>"$paths"; echo "404 /blog/nothing-$n/" >>"$paths"; done
page=$(sed -n 's|^200 \(/blog/.*/\)$|\1|p' "$paths" | head -n 1)
[ -n "$page" ] || { echo "load: no page found in the output folder"; exit 1; }

# edits the first 20 posts in turn, every quarter of a second, for $1 s
edit_loop() {
	(
		files=$(find "$site/content" -name '*.md' | sort | head -n 20)
		end=$(($(date +%s) + $1))
		n=0
		while [ "$(date +%s)" -lt "$end" ]; do
			f=$(echo "$files" | sed -n "$((n % 20 + 1))p")
			printf '\nedit %d under load\n' "$n" >>"$f"
			n=$((n + 1))
			sleep 0.25
		done
		echo "$n" >"$tmp/edits"
	) &
	editor=$!
}

if [ -z "$REBUILDS_ONLY" ]; then
	# ---- warm-up and baseline ----
	edit_loop 2
	"$loadgen" "$port" --paths "$paths" --conns 50 --seconds 2 >"$tmp/warm" 2>&1
	wait "$editor"; editor=""
	grep -q '^FAIL' "$tmp/warm" && { ko "warm-up"; cat "$tmp/warm"; }
	# the server trims memory once builds pause for a second
	[ "$MEMORY_CHECKS" = 1 ] && sleep 3
	rss0=$(rss_kb) fd0=$(nfds)

	# ---- the load ----
	edit_loop "$SECONDS_LOAD"
	rebuilt0=$(grep -c '^updated\|^rebuilt' "$log")
	"$loadgen" "$port" --paths "$paths" --conns "$CONNS" --seconds "$SECONDS_LOAD" --slow "$SLOW" \
		--slow-deadline "$DEADLINE" --sse "$SSE" --hostile --page "$page" \
		--secret "$secret" --secret 'root:x:0:0' >"$tmp/load" 2>&1
	rc=$?
	wait "$editor"; editor=""
	tally "$tmp/load" "$rc"
	edits=$(cat "$tmp/edits")
	rebuilt=$(($(grep -c '^updated\|^rebuilt' "$log") - rebuilt0))
	say "$edits page edits during the load, $rebuilt rebuilds"
	[ "$rebuilt" -ge $((edits / 4)) ] && [ "$rebuilt" -gt 0 ] && ok || ko "only $rebuilt rebuilds for $edits edits"
	grep -q 'error' "$log" && { ko "the server reported an error"; grep error "$log" | head -n 5; } || ok
	kill -0 "$pid" 2>/dev/null && ok || { ko "the server died"; cat "$log"; exit 1; }
	[ -L "$out/leak.txt" ] && [ -L "$out/leakdir" ] && ok || ko "the planted symlinks are gone (a whole rebuild?)"

	# ---- back to the baseline ----
	i=0
	while [ "$(nfds)" -gt "$fd0" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	# memory is trimmed once the connections are gone and builds paused
	[ "$MEMORY_CHECKS" = 1 ] && sleep 3
	rss1=$(rss_kb) fd1=$(nfds)
	growth=$(awk -v a="$rss0" -v b="$rss1" 'BEGIN { printf "%+.1f", (b - a) * 100 / a }')
	say "server memory (VmRSS) before the load $(mb "$rss0") MB, after $(mb "$rss1") MB ($growth %);" \
		"open files before $fd0, after $fd1"
	[ "$fd1" -le "$fd0" ] && ok || { ko "open files: $fd0 before, $fd1 after"; ls -l "/proc/$pid/fd"; }
	if [ "$MEMORY_CHECKS" = 1 ]; then
		awk -v a="$rss0" -v b="$rss1" -v t="$MEM_TOLERANCE" 'BEGIN { exit !(b <= a * (1 + t / 100)) }' && ok \
			|| ko "memory $(mb "$rss0") MB before, $(mb "$rss1") MB after: more than $MEM_TOLERANCE % up"
	fi
fi

# ---- rebuilds: memory after many against after the first ----
if [ "$REBUILDS" -gt 0 ]; then
	settle_all=0
	[ -n "$REBUILDS_ONLY" ] && settle_all=1
	"$loadgen" "$port" --rebuilds "$REBUILDS" --edit "$site/content/$(cd "$site/content" && find . -name '*.md' | sort | tail -n 1)" \
		--pid "$pid" --max-growth "$REBUILD_TOLERANCE" --settle-all "$settle_all" >"$tmp/rebuilds" 2>&1
	tally "$tmp/rebuilds" $?
fi

# ---- a clean stop ----
kill -TERM "$pid"
i=0
while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
if kill -0 "$pid" 2>/dev/null; then
	ko "still running 10 s after SIGTERM"
else
	wait "$pid"; st=$?
	pid=""
	[ "$st" = 0 ] && grep -q '^stopped$' "$log" && ok || { ko "stop: exit status $st"; tail -n 5 "$log"; }
fi
if grep -q 'Sanitizer' "$log"; then ko "a sanitizer report"; grep -A 30 'Sanitizer' "$log" | head -n 60; else ok; fi

echo "load: $pass passed, $fail failed"
[ "$fail" = 0 ]
