#!/bin/sh
# serve_bench.sh - the edit-to-reload path of `pnyx serve` on the
# benchmark site, run by `make bench` after bench.sh generated the site.
#
# Measures, from the moment a file is written to the moment the browser's
# event stream receives the reload event: a page edit (median of 20) and a
# layout edit (median of 3, every page rendered again); then the server's
# memory (VmRSS) after the first rebuild and after REBUILDS (1000) page
# edits. Only 127.0.0.1 is contacted; the server is always stopped.
set -eu
BENCH=${BENCH:-build/bench}
PNYX=${PNYX:-./pnyx}
REBUILDS=${REBUILDS:-1000}
SITE=$BENCH/site
say() { printf 'bench: %s\n' "$*"; }

work=$(mktemp -d)
LOG=$work/serve.log EV=$work/events
pids=
cleanup() { for p in $pids; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT INT TERM

: >"$LOG"
$PNYX serve -s "$SITE" --port 0 >"$LOG" 2>&1 &
server=$!
pids="$server"
i=0
until grep -q '^serving .* at http' "$LOG"; do
	i=$((i + 1)); [ $i -lt 600 ] || { say "serve did not start"; cat "$LOG"; exit 1; }
	sleep 0.1
done
url=$(sed -n 's/^serving .* at \(http[^ ]*\) .*/\1/p' "$LOG" | head -n 1)
: >"$EV"
origin=$(printf "%s" "$url" | sed "s,^\(http://[^/]*\).*,\1,")
curl -sN "$origin/__pnyx/events" | while IFS= read -r line; do
	case $line in event:*) echo "$(date +%s%N) $line" >>"$EV" ;; esac
done &
pids="$pids $!"
sleep 0.5

# edit FILE: appends a line, waits for the next event; prints milliseconds.
edit() {
	before=$(wc -l <"$EV")
	t0=$(date +%s%N)
	printf '\nedit %s\n' "$t0" >>"$1"
	n=0
	while [ "$(wc -l <"$EV")" -le "$before" ]; do
		n=$((n + 1)); [ $n -lt 3000 ] || { say "no reload event after editing $1"; exit 1; }
		sleep 0.002
	done
	t1=$(tail -n 1 "$EV" | cut -d' ' -f1)
	echo $(((t1 - t0) / 1000000))
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
rss() { awk '/^VmRSS/ { print int($2 / 1024) }' "/proc/$server/status"; }

page=$(find "$SITE/content/blog" -name '*.md' | sort | head -n 1)
layout=$SITE/themes/bench/layouts/post.html
cp "$page" "$work/page.orig"
cp "$layout" "$work/layout.orig"

edit "$page" >/dev/null # the first rebuild
rss_first=$(rss)
p=$(for i in $(seq 20); do edit "$page"; done | median)
say "serve: page edit -> reload event $p ms (median of 20; target < 50 ms)"
l=$(for i in 1 2 3; do edit "$layout"; done | median)
say "serve: layout edit -> reload event $l ms (median of 3, every page rendered; target < 2500 ms)"
cp "$work/layout.orig" "$layout"
edit "$layout" >/dev/null
rss_base=$(rss)
i=0
while [ $i -lt "$REBUILDS" ]; do
	edit "$page" >/dev/null
	i=$((i + 1))
done
rss_last=$(rss)
say "serve: memory $rss_base MB after the first rebuilds, $rss_last MB after $REBUILDS more ($(awk "BEGIN { printf \"%+.1f\", ($rss_last - $rss_base) * 100 / $rss_base }") %; target within 10 %)"
cp "$work/page.orig" "$page"
