#!/usr/bin/env bash
# Builds the core unit tests under ThreadSanitizer and under AddressSanitizer+UBSan, and runs them; then
# the libobs tests (the real module in real libobs, under Xvfb) under AddressSanitizer+UBSan.
# Exits non-zero when a build fails, a test fails, or a sanitizer reports anything.
#   scripts/test-sanitizers.sh [ctest -R pattern]
set -u -o pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pattern="${1:-}"
failed=()

run_variant() {
	local name="$1" sanitize="$2" dir="$root/build-$1"
	echo "=== $name: -DADIFF_SANITIZE=$sanitize ($dir)"
	if ! cmake -S "$root" -B "$dir" -DADIFF_SANITIZE="$sanitize" -DADIFF_BUILD_BENCH=OFF \
		-DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null; then
		failed+=("$name: configure")
		return
	fi
	if ! cmake --build "$dir" -j2 --target adiff_core_tests; then
		failed+=("$name: build")
		return
	fi
	# halt_on_error: a report fails the test that caused it, so ctest names the culprit.
	local args=(--test-dir "$dir" -L unit --output-on-failure)
	[ -n "$pattern" ] && args+=(-R "$pattern")
	if ! TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$root/tests/tsan.supp" \
		ASAN_OPTIONS="halt_on_error=1 detect_leaks=1 abort_on_error=1" \
		UBSAN_OPTIONS="halt_on_error=1 print_stacktrace=1" \
		ctest "${args[@]}"; then
		failed+=("$name: tests")
	fi
}

# The module inside real libobs: use-after-free, overflows and undefined behaviour in the OBS glue
# (player, textures, live control, the clip registry across sources). Leak detection is off here:
# obs_shutdown dlcloses the modules and Mesa's driver, so LeakSanitizer can only report their
# allocations as "<unknown module>"; the tests' own bnum_allocs() == 0 check still counts libobs leaks.
# (TSan is not used here: libobs and Mesa are not instrumented, so it cannot see their locks.)
run_obs_asan() {
	local dir="$root/build-asan"
	echo "=== asan: libobs tests ($dir)"
	if ! cmake --build "$dir" -j2 --target adiff_obs_tests obs-animatediff; then
		failed+=("asan: libobs build")
		return
	fi
	local args=(--test-dir "$dir" -L obs --output-on-failure)
	[ -n "$pattern" ] && args+=(-R "$pattern")
	local runner=()
	[ -n "${DISPLAY:-}" ] || runner=(xvfb-run -a -s "-screen 0 1280x1024x24")
	if ! ASAN_OPTIONS="halt_on_error=1 detect_leaks=0 abort_on_error=1" \
		UBSAN_OPTIONS="halt_on_error=1 print_stacktrace=1" \
		"${runner[@]}" ctest "${args[@]}"; then
		failed+=("asan: libobs tests")
	fi
}

run_variant tsan thread
run_variant asan address,undefined
run_obs_asan

if [ ${#failed[@]} -ne 0 ]; then
	printf 'sanitizers FAILED: %s\n' "${failed[@]}"
	exit 1
fi
echo "sanitizers: all unit tests pass under TSan and ASan+UBSan, the libobs tests under ASan+UBSan"
