#!/usr/bin/env bash
# Runs one libFuzzer target: first replays every known crash reproducer of it (tests/fuzz/crashes/<name>/,
# a regression check), then fuzzes for <seconds> from its seeds. Prints one line:
#   <name>: <execs> execs in <s> s, <n> crashes[, reproducers in <dir>]
# and exits non-zero on a crash, a leak, a timeout or an out-of-memory input.
#   run_fuzzer.sh <binary> <seconds> <work-dir> [seed-dir...]
set -uo pipefail
binary="$1" seconds="$2" work="$3"
shift 3
name="$(basename "$binary")"
name="${name%_fuzzer}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rm -rf "$work/crashes"
mkdir -p "$work/corpus" "$work/crashes"
log="$work/fuzz.log"
# Bounded per input: a legitimate big clip must not look like a hang or an out-of-memory.
# The timeout is generous because ASan makes libav's big allocations slow (shadow memory) and the
# machine is shared: a 1 KB WebM that claims a huge frame takes 7 s of mmap on a busy 2-core box.
flags=(-timeout="${ADIFF_FUZZ_TIMEOUT:-60}" -rss_limit_mb=2048 -malloc_limit_mb=2048 -print_final_stats=1
	-artifact_prefix="$work/crashes/")
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"

known=("$here/crashes/$name"/*)
if [ -e "${known[0]}" ]; then
	if ! "$binary" "${flags[@]}" "${known[@]}" >"$log" 2>&1; then
		echo "$name: a known reproducer still crashes (tests/fuzz/crashes/$name/); see $log"
		exit 1
	fi
fi

seeds=()
for dir in "$@"; do
	[ -d "$dir" ] && seeds+=("$dir")
done
start=$(date +%s)
"$binary" "${flags[@]}" -max_total_time="$seconds" "$work/corpus" "${seeds[@]}" >"$log" 2>&1
rc=$?
elapsed=$(($(date +%s) - start))
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)
# slow-unit-* files are only slow inputs (on a busy machine, scheduling stalls): not failures.
crashes=$(find "$work/crashes" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
corpus=$(find "$work/corpus" -type f | wc -l)
line="$name: ${execs:-?} execs in ${elapsed} s, corpus ${corpus}, peak RSS ${rss:-?} MB, ${crashes} crashes"
if [ "$rc" -ne 0 ] || [ "$crashes" -ne 0 ]; then
	echo "$line, reproducers in $work/crashes (log $log)"
	grep -m3 -E "ERROR: |SUMMARY: |contract broken" "$log"
	exit 1
fi
echo "$line"
