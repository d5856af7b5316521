#!/bin/sh
# run.sh - runs the libFuzzer targets built in $FUZZ (see the Makefile).
#
#   run.sh smoke SECONDS T...   each target over tests/fuzz/corpus/T and
#                               tests/fuzz/regressions/T, then SECONDS of new
#                               inputs (kept in a temporary folder)
#   run.sh long SECONDS T...    each target for SECONDS (0: no time limit), its
#                               corpus kept in $FUZZ/corpus/T (seeded from the
#                               committed one), crashes in $FUZZ/crashes/T, logs
#                               in $FUZZ/logs; with FUZZ_RUNS=N set, a target
#                               also stops after N executions
#
# Prints one line per target: executions, seconds, and the verdict. Exits 1
# when any target crashed (the reproducer's path is printed).
set -u

FUZZ=${FUZZ:-build/fuzz}
mode=$1 secs=$2
shift 2
dir=$(cd "$(dirname "$0")" && pwd)
fail=0
mkdir -p "$FUZZ/logs"
for t in "$@"; do
	bin=$FUZZ/fuzz_$t
	log=$FUZZ/logs/$t.$mode.log
	seeds=$dir/corpus/$t
	regress=$dir/regressions/$t
	[ -d "$regress" ] || regress=
	crashes=$FUZZ/crashes/$t
	mkdir -p "$crashes"
	case $mode in
	smoke)
		work=$(mktemp -d)
		"$bin" -max_total_time="$secs" -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 \
			-artifact_prefix="$crashes/" "$work" "$seeds" $regress >"$log" 2>&1
		rc=$?
		rm -rf "$work"
		;;
	long)
		mkdir -p "$FUZZ/corpus/$t"
		"$bin" -max_total_time="$secs" ${FUZZ_RUNS:+-runs="$FUZZ_RUNS"} -timeout=20 \
			-rss_limit_mb=4096 -print_final_stats=1 -max_len=65536 -artifact_prefix="$crashes/" "$FUZZ/corpus/$t" "$seeds" $regress \
			>"$log" 2>&1
		rc=$?
		;;
	*)
		echo "run.sh: unknown mode $mode" >&2
		exit 2
		;;
	esac
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	took=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	if [ "$rc" = 0 ]; then
		printf 'fuzz %-12s %10s runs (%s/s) ok\n' "$t" "${runs:-?}" "${took:-?}"
	else
		fail=1
		printf 'fuzz %-12s FAILED (exit %s) after %s runs; log: %s\n' "$t" "$rc" "${runs:-?}" "$log" >&2
		grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|artifact_prefix|Test unit written)' "$log" | head -n 8 >&2
	fi
done
exit $fail
