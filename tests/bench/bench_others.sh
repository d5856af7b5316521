#!/bin/sh
# bench_others.sh - pnyx against Jekyll and Hugo on the same site, run by
# `make bench` after bench.sh.
#
# Generates the benchmark posts twice (tests/bench/gensite.c): as a Jekyll
# site ($BENCH/jekyll-site: _config.yml, _layouts/, _includes/, _posts/)
# and as the equivalent Hugo site ($BENCH/hugo-site). Times
#   pnyx build -s JEKYLL_SITE   best of 3
#   jekyll build                once (it takes minutes)
#   hugo --quiet                best of 3
# each pinned to two cores (taskset -c 0,1, as bench.sh) and measured with
# /usr/bin/time (elapsed seconds, peak resident memory), every run into an
# empty output folder; checks each made PAGES post pages and prints pnyx's
# ratio to the others. A tool that is not installed is reported as such.
# The CPU seconds (user + system) of the same runs are printed too: on a
# shared, loaded machine they move less than the elapsed times.
#
# First, a sanity run on a small copy (CHECK_PAGES, 100): the three outputs
# must have the same pages and the same HTML elements in them (p, h2, li,
# td, strong, code, del, a ...), and one page's size from each is printed.
#
# Environment: BENCH (work folder, default build/bench), PAGES (10000),
# PNYX (./pnyx), JEKYLL (jekyll), HUGO (hugo), BENCH_JEKYLL=0 to skip the
# long Jekyll run, CHECK_PAGES (100).
set -eu

BENCH=${BENCH:-build/bench}
PAGES=${PAGES:-10000}
CHECK_PAGES=${CHECK_PAGES:-100}
PNYX=${PNYX:-./pnyx}
JEKYLL=${JEKYLL:-jekyll}
HUGO=${HUGO:-hugo}
BENCH_JEKYLL=${BENCH_JEKYLL:-1}

say() { printf 'bench: %s\n' "$*"; }

TIME=/usr/bin/time
if [ ! -x $TIME ]; then
	say "missing /usr/bin/time: install the Debian package time (or run 'make deps')" >&2
	exit 1
fi
PIN=
if command -v taskset >/dev/null 2>&1 && taskset -c 0,1 true 2>/dev/null; then
	PIN="taskset -c 0,1"
fi

mkdir -p "$BENCH"
BENCH=$(cd "$BENCH" && pwd)  # hugo reads -d relative to its -s folder
case $PNYX in /*) ;; */*) PNYX=$(pwd)/$PNYX ;; esac
LOG=$BENCH/others.log

have_jekyll=0 have_hugo=0
command -v "$JEKYLL" >/dev/null 2>&1 && have_jekyll=1
command -v "$HUGO" >/dev/null 2>&1 && have_hugo=1

# gen KIND DIR PAGES: the site, generated again only when the generator or
# the page count changed.
gen() {
	stamp=$2/.generated
	if [ ! -f "$stamp" ] || [ "$BENCH/gensite" -nt "$stamp" ] || [ "$(cat "$stamp")" != "$3" ]; then
		rm -rf "$2"
		"$BENCH/gensite" "--$1" "$2" "$3"
		echo "$3" >"$stamp"
	fi
}

# Earlier outputs are moved here and deleted at the end: deleting 20,000
# files right before a build slows the build's own file creation on ext4
# without a journal (inodes deleted in the last minutes are walked past),
# and that would time the cleanup, not the tool.
TRASH=$BENCH/trash-others.$$
trap 'rm -rf "$TRASH"' EXIT
trashed=0
set_aside() {
	[ -e "$1" ] || return 0
	mkdir -p "$TRASH"
	trashed=$((trashed + 1))
	mv "$1" "$TRASH/$trashed"
}

# build TOOL SITE OUT: one build of SITE into an empty OUT with TOOL
# (pnyx, jekyll or hugo), timed; sets secs, kb and cpu, returns the status.
# Clean builds for all three: no spare tree for pnyx either.
build() {
	tool=$1
	set_aside "$3"
	set_aside "$(dirname "$3")/.pnyx-cache"
	case $tool in
	pnyx) set -- "$PNYX" build -s "$2" -d "$3" ;;
	jekyll)
		# A clean checkout has no cache: Jekyll would reuse converted pages.
		rm -rf "$2/.jekyll-cache"
		set -- "$JEKYLL" build --quiet -s "$2" -d "$3" ;;
	hugo) set -- "$HUGO" --quiet -s "$2" -d "$3" ;;
	esac
	set +e
	$TIME -f '%e %M %U %S' -o "$BENCH/time.txt" $PIN "$@" >"$LOG" 2>&1
	status=$?
	set -e
	# With a failing command, time writes "Command exited…" first.
	read -r secs kb usr sys <<EOF
$(tail -n 1 "$BENCH/time.txt")
EOF
	cpu=$(awk "BEGIN { print ${usr:-0} + ${sys:-0} }")
	if [ $status != 0 ]; then
		say "$tool failed (status $status): $*; last lines of $LOG:"
		tail -n 20 "$LOG" | sed 's/^/  /'
	fi
	return $status
}

# best TOOL SITE OUT: the best of three builds; sets best, its cpu (best_cpu)
# and peak (the highest peak memory of the three).
best() {
	build "$@" || return 1
	best=$secs best_cpu=$cpu peak=$kb
	for i in 2 3; do
		build "$@" || return 1
		if awk "BEGIN { exit !($secs < $best) }"; then
			best=$secs best_cpu=$cpu
		fi
		peak=$(awk "BEGIN { print ($kb > $peak) ? $kb : $peak }")
	done
}

pages_in() { find "$1/blog" -name index.html 2>/dev/null | wc -l; }

secs_fmt() { awk "BEGIN { s = $1; if (s < 10) printf \"%.2f s\", s; else printf \"%.1f s\", s }"; }
mem_fmt() { awk "BEGIN { m = $1 / 1024; if (m < 1024) printf \"%d MB\", m; else printf \"%.1f GB\", m / 1024 }"; }
ratio_fmt() { awk "BEGIN { r = $2 / $1; if (r < 100) printf \"%.1fx\", r; else printf \"%dx\", r }"; }

failed=0

# --- Sanity check on a small site: same pages, comparable HTML. --------------
SMALL=$BENCH/others-check
gen jekyll "$SMALL/jekyll-site" "$CHECK_PAGES"
gen hugo "$SMALL/hugo-site" "$CHECK_PAGES"
tools=pnyx
build pnyx "$SMALL/jekyll-site" "$SMALL/out-pnyx" || failed=1
if [ $have_jekyll = 1 ] && [ "$BENCH_JEKYLL" != 0 ]; then
	tools="$tools jekyll"
	build jekyll "$SMALL/jekyll-site" "$SMALL/out-jekyll" || failed=1
fi
if [ $have_hugo = 1 ]; then
	tools="$tools hugo"
	build hugo "$SMALL/hugo-site" "$SMALL/out-hugo" || failed=1
fi
[ $failed = 0 ] || exit 1

# Element counts over every page of an output, one line per element.
elements() {
	for e in '<p>' '<h2' '<h3' '<li>' '<table>' '<tr>' '<td' '<strong>' '<em>' '<code' '<del>' '<a '; do
		printf '%s %s\n' "$e" "$(find "$1/blog" -name index.html -exec cat {} + | grep -o "$e" | wc -l)"
	done
}
one=$(cd "$SMALL/out-pnyx" && find blog -name index.html | sort | head -n 1)
counts= sizes=
elements "$SMALL/out-pnyx" >"$SMALL/elements-pnyx"
for t in $tools; do
	n=$(pages_in "$SMALL/out-$t")
	counts="$counts, $t $n"
	sizes="$sizes, $t $(wc -c <"$SMALL/out-$t/$one" 2>/dev/null || echo none) B"
	if [ "$n" -ne "$CHECK_PAGES" ]; then
		say "check: $t made $n post pages of $CHECK_PAGES"
		failed=1
	fi
	elements "$SMALL/out-$t" >"$SMALL/elements-$t"
	if ! cmp -s "$SMALL/elements-pnyx" "$SMALL/elements-$t"; then
		say "check: $t's pages have other elements than pnyx's (count pnyx / $t):"
		paste -d ' ' "$SMALL/elements-pnyx" "$SMALL/elements-$t" | awk '$2 != $4 { print "  " $1, $2, "/", $4 }'
		failed=1
	fi
done
say "check ($CHECK_PAGES pages): post pages${counts#,}; $one:${sizes#,}"
[ $failed = 0 ] || exit 1

# --- The timed runs. ----------------------------------------------------------
JSITE=$BENCH/jekyll-site
HSITE=$BENCH/hugo-site
gen jekyll "$JSITE" "$PAGES"
gen hugo "$HSITE" "$PAGES"
load() { cut -d ' ' -f 1-3 /proc/loadavg; }
say "others: load average $(load) before the runs ($(nproc) cores)"

count_ok() {
	n=$(pages_in "$2")
	[ "$n" -eq "$PAGES" ] && return 0
	say "warning: $1 made $n post pages in $2, expected $PAGES"
	failed=1
}

best pnyx "$JSITE" "$BENCH/out-jekyll-pnyx" || exit 1
count_ok pnyx "$BENCH/out-jekyll-pnyx"
p_secs=$best p_kb=$peak p_cpu=$best_cpu
cpus="pnyx $(secs_fmt "$p_cpu")"
line="jekyll site: pnyx $(secs_fmt "$p_secs"), $(mem_fmt "$p_kb")"

if [ $have_jekyll = 0 ]; then
	line="$line; jekyll not installed"
elif [ "$BENCH_JEKYLL" = 0 ]; then
	line="$line; jekyll skipped (BENCH_JEKYLL=0)"
else
	say "timing jekyll build once over $PAGES pages (minutes; BENCH_JEKYLL=0 skips it)..."
	if build jekyll "$JSITE" "$BENCH/out-jekyll"; then
		count_ok jekyll "$BENCH/out-jekyll"
		say "jekyll build took $(secs_fmt "$secs") (one run, not best of 3)"
		line="$line; jekyll $(secs_fmt "$secs"), $(mem_fmt "$kb") (pnyx $(ratio_fmt "$p_secs" "$secs") faster)"
		j_secs=$secs
		cpus="$cpus, jekyll $(secs_fmt "$cpu") ($(ratio_fmt "$p_cpu" "$cpu"))"
	else
		failed=1
		line="$line; jekyll failed"
	fi
fi

if [ $have_hugo = 0 ]; then
	line="$line; hugo not installed"
elif best hugo "$HSITE" "$BENCH/out-hugo"; then
	count_ok hugo "$BENCH/out-hugo"
	line="$line; hugo $(secs_fmt "$best"), $(mem_fmt "$peak") (pnyx $(ratio_fmt "$p_secs" "$best") faster)"
	h_secs=$best
	cpus="$cpus, hugo $(secs_fmt "$best_cpu") ($(ratio_fmt "$p_cpu" "$best_cpu"))"
else
	failed=1
	line="$line; hugo failed"
fi
say "$line"
say "jekyll site, CPU seconds (user + system) of the same runs: $cpus"

# The targets: 4 times faster than Hugo, 100 times faster than Jekyll.
targets=
if [ -n "${h_secs:-}" ]; then
	targets="hugo >= 4x: $(awk "BEGIN { print ($h_secs / $p_secs >= 4) ? \"met\" : \"NOT met\" }")"
fi
if [ -n "${j_secs:-}" ]; then
	targets="${targets:+$targets, }jekyll >= 100x: $(awk "BEGIN { print ($j_secs / $p_secs >= 100) ? \"met\" : \"NOT met\" }")"
fi
[ -z "$targets" ] || say "targets: $targets; load average $(load) after"
exit $failed
