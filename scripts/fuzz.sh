#!/usr/bin/env bash
# Builds every libFuzzer target (clang, ASan+UBSan, tests/fuzz) and runs each for [seconds] (default 60),
# at most ADIFF_FUZZ_JOBS (default 2) at a time under `nice`, from the committed seeds, the generated
# seeds (fake API bodies, model logs, ffmpeg clips) and the corpus earlier runs grew. One line per
# target (execs, seconds, corpus, crashes); exits non-zero when any target crashed, leaked, hung or ran
# out of memory (reproducers stay in <fuzz build>/work/<target>/crashes; keep them in tests/fuzz/crashes).
#   scripts/fuzz.sh [seconds] [target-name...]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${ADIFF_BUILD_DIR:-$ROOT/build}"
FUZZ_BUILD="${ADIFF_FUZZ_BUILD_DIR:-$BUILD/fuzz}"
JOBS="${ADIFF_FUZZ_JOBS:-2}"
seconds="${1:-60}"
shift || true

"$ROOT/scripts/deps.sh"
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
	cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
# The gcc build makes the seed generator and (external project adiff_fuzzers) the clang targets in
# $BUILD/fuzz; with ADIFF_FUZZ_BUILD_DIR the clang targets are built in that folder instead.
if [ -n "${ADIFF_FUZZ_BUILD_DIR:-}" ]; then
	cmake --build "$BUILD" -j"$(nproc)" --target adiff_fuzz_seeds >/dev/null
	if [ ! -f "$FUZZ_BUILD/CMakeCache.txt" ]; then
		cmake -S "$ROOT/tests/fuzz" -B "$FUZZ_BUILD" -DCMAKE_C_COMPILER=clang \
			-DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	fi
	cmake --build "$FUZZ_BUILD" -j"$(nproc)" >/dev/null
else
	cmake --build "$BUILD" -j"$(nproc)" --target adiff_fuzz_seeds adiff_fuzzers >/dev/null
fi
"$BUILD/tests/adiff_fuzz_seeds" "$BUILD/fuzz-seeds" >/dev/null

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
	for source in "$ROOT"/tests/fuzz/*_fuzzer.cpp; do
		name="$(basename "$source" .cpp)"
		targets+=("${name%_fuzzer}")
	done
fi

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
run_one() {
	local name="$1" rc=0
	nice -n 10 bash "$ROOT/tests/fuzz/run_fuzzer.sh" "$FUZZ_BUILD/${name}_fuzzer" "$seconds" \
		"$FUZZ_BUILD/work/$name" "$ROOT/tests/fuzz/seeds/$name" "$BUILD/fuzz-seeds/$name" \
		>"$results/$name" 2>&1 || rc=$?
	echo "$rc" >"$results/$name.rc"
}
running=0
for name in "${targets[@]}"; do
	run_one "$name" &
	running=$((running + 1))
	if [ "$running" -ge "$JOBS" ]; then
		wait -n || true
		running=$((running - 1))
	fi
done
wait

failed=0
for name in "${targets[@]}"; do
	cat "$results/$name"
	[ "$(cat "$results/$name.rc")" = 0 ] || failed=1
done
exit "$failed"
