#!/usr/bin/env bash
# Shared by the real-OBS GUI tests: a private HOME with the plugin installed per user, OBS started on
# the current X display, log polling, screenshots, and a clean SIGINT shutdown.
# Usage: source obs_gui_lib.sh <build dir> <source dir> <test name>
set -euo pipefail

GUI_BUILD="$1"
GUI_SRC="$2"
GUI_NAME="$3"
GUI_ARTIFACTS="$GUI_BUILD/test-artifacts/$GUI_NAME"
GUI_HOME="$(mktemp -d /tmp/adiff-gui-XXXXXX)"
OBS_PID=""
rm -rf "$GUI_ARTIFACTS"
mkdir -p "$GUI_ARTIFACTS"

gui_fail() {
	echo "FAIL: $*" >&2
	gui_collect_log
	exit 1
}

gui_cleanup() {
	if [ -n "$OBS_PID" ] && kill -0 "$OBS_PID" 2>/dev/null; then
		kill -KILL "$OBS_PID" 2>/dev/null || true
	fi
	gui_collect_log
	rm -rf "$GUI_HOME"
}
trap gui_cleanup EXIT

[ -n "${DISPLAY:-}" ] || {
	echo "no DISPLAY: run under xvfb-run (the README's test command does)" >&2
	exit 1
}

gui_install_plugin() {
	cmake --install "$GUI_BUILD" --prefix "$GUI_HOME/.config/obs-studio/plugins/obs-animatediff" >/dev/null
}

gui_log_file() {
	ls -t "$GUI_HOME/.config/obs-studio/logs/"*.txt 2>/dev/null | head -n 1
}

gui_collect_log() {
	local log
	log="$(gui_log_file || true)"
	[ -n "$log" ] && cp "$log" "$GUI_ARTIFACTS/obs-log.txt" 2>/dev/null || true
}

# gui_start_obs [extra obs args...]
gui_start_obs() {
	HOME="$GUI_HOME" obs --multi --disable-updater --disable-missing-files-check \
		--collection AnimateDiff --profile AnimateDiff --scene AnimateDiff "$@" \
		>"$GUI_ARTIFACTS/obs-stdout.txt" 2>&1 &
	OBS_PID=$!
}

# gui_wait_log <extended regex> <seconds>: waits until OBS's log has a matching line.
gui_wait_log() {
	local pattern="$1" seconds="$2" deadline log
	deadline=$((SECONDS + seconds))
	while [ $SECONDS -lt $deadline ]; do
		log="$(gui_log_file || true)"
		if [ -n "$log" ] && grep -Eq "$pattern" "$log"; then
			return 0
		fi
		kill -0 "$OBS_PID" 2>/dev/null || gui_fail "OBS exited while waiting for /$pattern/"
		sleep 0.2
	done
	gui_fail "timed out after ${seconds}s waiting for /$pattern/ in the OBS log"
}

gui_screenshot() {
	import -window root "$GUI_ARTIFACTS/$1.png"
}

# Stops OBS with SIGINT (its clean shutdown) and checks it exited 0 within the time given.
gui_stop_obs() {
	local seconds="${1:-30}" deadline
	kill -INT "$OBS_PID"
	deadline=$((SECONDS + seconds))
	while kill -0 "$OBS_PID" 2>/dev/null; do
		[ $SECONDS -lt $deadline ] || gui_fail "OBS did not exit within ${seconds}s of SIGINT"
		sleep 0.2
	done
	local rc=0
	wait "$OBS_PID" || rc=$?
	OBS_PID=""
	[ "$rc" -eq 0 ] || gui_fail "OBS exited with status $rc"
}

# No plugin line at error level and no crash in the log.
gui_check_log_clean() {
	local log
	log="$(gui_log_file)"
	if grep -E "\[obs-animatediff\].*(error|Error|ERROR|failed)" "$log"; then
		gui_fail "error lines from the plugin in the OBS log"
	fi
	grep -q "Number of memory leaks: 0" "$log" || gui_fail "OBS reported memory leaks (or did not shut down)"
}
