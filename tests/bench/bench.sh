#!/bin/sh
# bench.sh - the 10,000-page benchmark, run by `make bench`.
#
# Generates the site (tests/bench/gensite.c) into $BENCH/site once, builds
# it with ./pnyx four times (the first with no output folder and no spare
# tree: "cold", as in a fresh clone; the best of the other three: "build",
# as when building again), then times libcmark-gfm alone over the same
# bodies (tests/bench/cmark_alone.c, one thread, in memory) and the
# cmark-gfm command over the bodies concatenated, and prints the ratio.
# Earlier outputs are moved aside and deleted only at the end: on ext4
# without a journal, inodes deleted in the last minutes slow down creating
# new ones, and "cold" would measure the deletion of the previous run.
#
# Environment: BENCH (work folder, default build/bench), PAGES (10000),
# PNYX (./pnyx), BENCH_DROP_CACHES=1 to drop the page cache before the
# cold run (root only; it slows down everything else on the machine).
# At most two cores are used (taskset -c 0,1).
set -eu

BENCH=${BENCH:-build/bench}
PAGES=${PAGES:-10000}
PNYX=${PNYX:-./pnyx}
SITE=$BENCH/site
OUT=$BENCH/out
LOG=$BENCH/build.log

say() { printf 'bench: %s\n' "$*"; }

TIME=/usr/bin/time
if [ ! -x $TIME ]; then
	say "missing /usr/bin/time: install the Debian package time (or run 'make deps')" >&2
	exit 1
fi
# Two cores at most, whatever the machine.
PIN=
if command -v taskset >/dev/null 2>&1 && taskset -c 0,1 true 2>/dev/null; then
	PIN="taskset -c 0,1"
fi

# The site, generated again only when the generator or PAGES changed.
STAMP=$SITE/.generated
if [ ! -f "$STAMP" ] || [ "$BENCH/gensite" -nt "$STAMP" ] || [ "$(cat "$STAMP")" != "$PAGES" ]; then
	rm -rf "$SITE"
	"$BENCH/gensite" "$SITE" "$PAGES"
	echo "$PAGES" > "$STAMP"
	say "generated $PAGES pages in $SITE"
fi

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
used=all; [ -n "$PIN" ] && used="cores 0-1"
say "machine: $(nproc) cores (using $used), ${cpu:-unknown CPU}, $(uname -sr)"

# Runs one build; sets secs and kb. Returns pnyx's status.
run_build() {
	set +e
	$TIME -f '%e %M' -o "$BENCH/time.txt" $PIN "$PNYX" build -s "$SITE" -d "$OUT" >"$LOG" 2>&1
	status=$?
	set -e
	# With a failing command, time writes "Command exited…" first.
	read -r secs kb <<EOF
$(tail -n 1 "$BENCH/time.txt")
EOF
	return $status
}

fmt() { awk "BEGIN { printf \"%.2f\", $1 }"; }

pnyx_best=
failed=0
TRASH=$BENCH/trash.$$
mkdir -p "$TRASH"
trap 'rm -rf "$TRASH"' EXIT
[ -e "$OUT" ] && mv "$OUT" "$TRASH/out"
[ -e "$BENCH/.pnyx-cache" ] && mv "$BENCH/.pnyx-cache" "$TRASH/cache"
if [ "${BENCH_DROP_CACHES:-0}" = 1 ]; then
	sync && echo 3 > /proc/sys/vm/drop_caches || say "could not drop the page cache (root only)"
fi
if run_build; then
	cold=$secs
	best=
	peak=$kb
	for i in 2 3 4; do
		if ! run_build; then
			failed=1
			break
		fi
		if [ -z "$best" ] || awk "BEGIN { exit !($secs < $best) }"; then best=$secs; fi
		peak=$(awk "BEGIN { print ($kb > $peak) ? $kb : $peak }")
	done
	built=$(find "$OUT/blog" -name index.html 2>/dev/null | wc -l)
	if [ "$built" -ne "$PAGES" ]; then
		say "warning: $built blog pages in $OUT, expected $PAGES"
	fi
	if [ $failed = 0 ]; then
		pnyx_best=$best
		say "$PAGES pages, build $(fmt "$best") s ($(awk "BEGIN { printf \"%d\", $PAGES / $best }") pages/s), cold $(fmt "$cold") s, peak $(awk "BEGIN { printf \"%d\", $peak / 1024 }") MB"
	fi
elif [ "$status" = 2 ] && grep -qi usage "$LOG"; then
	say "$PNYX has no build command yet: pnyx timings skipped"
else
	failed=1
fi
if [ $failed = 1 ]; then
	say "pnyx build failed (status $status); last lines of $LOG:"
	tail -n 20 "$LOG" | sed 's/^/  /'
fi

# libcmark-gfm alone: every body its own document, one thread, in memory.
set -- $($PIN "$BENCH/cmark_alone" "$SITE" --concat "$BENCH/all.md")
docs=$1 bytes_in=$2 alone=$4
# The cmark-gfm command over all bodies as one document, for reference.
$TIME -f '%e' -o "$BENCH/time.txt" $PIN cmark-gfm --unsafe -e table -e strikethrough \
	-e autolink -e tasklist "$BENCH/all.md" >/dev/null
cli=$(tail -n 1 "$BENCH/time.txt")

line="cmark-gfm alone $(fmt "$alone") s ($docs bodies, $(awk "BEGIN { printf \"%.1f\", $bytes_in / 1e6 }") MB, one thread)"
if [ -n "$pnyx_best" ]; then
	line="$line; ratio $(awk "BEGIN { printf \"%.2f\", $pnyx_best / $alone }") (target <= 1.0)"
fi
say "$line"
say "cmark-gfm command, the bodies as one document: $(fmt "$cli") s"
exit $failed
