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
	echo "waiting (${seconds}s) for /$pattern/ in the OBS log"
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

# A free loopback TCP port.
gui_free_port() {
	/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# gui_enable_websocket <port>: obs-websocket on 127.0.0.1:<port> without authentication (tests only).
# obs-websocket 5.1 (OBS 29) reads global.ini; 5.5+ (OBS 30, 32) reads plugin_config/obs-websocket/config.json
# (and migrates global.ini only on its first start): write both. first_load false keeps it from generating
# a password (and turning authentication on) on first start.
gui_enable_websocket() {
	mkdir -p "$GUI_HOME/.config/obs-studio/plugin_config/obs-websocket"
	cat >"$GUI_HOME/.config/obs-studio/plugin_config/obs-websocket/config.json" <<JSON
{"alerts_enabled": false, "auth_required": false, "first_load": false, "server_enabled": true,
 "server_password": "", "server_port": $1}
JSON
	cat >>"$GUI_HOME/.config/obs-studio/global.ini" <<INI

[OBSWebSocket]
FirstLoad=false
ServerEnabled=true
ServerPort=$1
AlertsEnabled=false
AuthRequired=false
ServerPassword=
INI
	GUI_WS_PORT="$1"
}

# gui_ws <RequestType> [data JSON]: one obs-websocket request; prints responseData.
gui_ws() {
	/usr/bin/python3 "$GUI_SRC/tests/gui/ws_call.py" "$GUI_WS_PORT" "$@"
}

# gui_wait_websocket <seconds>: waits until obs-websocket answers GetVersion.
gui_wait_websocket() {
	local deadline=$((SECONDS + $1))
	until gui_ws GetVersion >/dev/null 2>&1; do
		[ $SECONDS -lt $deadline ] || gui_fail "obs-websocket did not answer on port $GUI_WS_PORT"
		kill -0 "$OBS_PID" 2>/dev/null || gui_fail "OBS exited while waiting for obs-websocket"
		sleep 0.2
	done
}

# gui_wait_window <name regex> <seconds>: prints the X window id once a window with that name is mapped.
gui_wait_window() {
	local deadline=$((SECONDS + $2)) id
	echo "waiting (${2}s) for a window named /$1/" >&2
	while [ $SECONDS -lt $deadline ]; do
		id="$(xdotool search --onlyvisible --name "$1" 2>/dev/null | head -n 1 || true)"
		if [ -n "$id" ]; then
			echo "$id"
			return 0
		fi
		sleep 0.2
	done
	gui_fail "no window named /$1/ after $2 s"
}

# ImageMagick's import grabs the X server; bounded, so a stuck grab fails the step instead of the whole test
# hanging silently until ctest's timeout.
gui_screenshot() {
	timeout 20 import -window root "$GUI_ARTIFACTS/$1.png" || echo "note: screenshot $1 failed or timed out" >&2
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

# OBS 29.0.2 on Debian reports a leak or so of its own even with no plugin and an empty scene. Measure
# that baseline once (cached in the build folder) so the plugin is judged only by what it adds.
gui_baseline_leaks() {
	local cache="$GUI_BUILD/test-artifacts/obs-baseline-leaks.txt"
	if [ ! -s "$cache" ]; then
		local home log deadline pid
		home="$(mktemp -d /tmp/adiff-gui-base-XXXXXX)"
		"$GUI_SRC/scripts/obs-home.sh" "$home"
		# The same scene without our source: an empty scene collection.
		sed -i 's/"items": \[/"items_unused": [/' "$home/.config/obs-studio/basic/scenes/AnimateDiff.json"
		# Quit only once OBS has finished loading (obs-websocket answers requests, not 207 NotReady, from
		# then on, on every version): a SIGINT between "Loaded scenes:" and the end of loading (a loaded
		# machine) ends OBS without its leak report.
		local saved_home="$GUI_HOME" saved_port="${GUI_WS_PORT:-}" base_port
		GUI_HOME="$home"
		gui_enable_websocket "$(gui_free_port)"
		base_port="$GUI_WS_PORT"
		GUI_HOME="$saved_home"
		GUI_WS_PORT="$saved_port"
		HOME="$home" obs --multi --disable-updater --disable-missing-files-check --collection AnimateDiff \
			--profile AnimateDiff --scene AnimateDiff >/dev/null 2>&1 &
		pid=$!
		deadline=$((SECONDS + 60))
		until log="$(ls -t "$home/.config/obs-studio/logs/"*.txt 2>/dev/null | head -n 1)" && [ -n "$log" ] &&
			grep -q "Loaded scenes:" "$log" &&
			/usr/bin/python3 "$GUI_SRC/tests/gui/ws_call.py" "$base_port" GetSceneList >/dev/null 2>&1; do
			[ $SECONDS -lt $deadline ] || gui_fail "baseline OBS did not finish loading"
			kill -0 "$pid" 2>/dev/null || gui_fail "baseline OBS exited while loading"
			sleep 0.2
		done
		kill -INT "$pid"
		wait "$pid" || true
		grep -o "Number of memory leaks: [0-9]*" "$log" | grep -o "[0-9]*$" >"$cache" ||
			gui_fail "baseline OBS did not report its leaks"
		rm -rf "$home"
	fi
	cat "$cache"
}

# No plugin line at error level, a clean shutdown, and no more leaks than OBS has without the plugin.
# $1 (optional): an extended regex of the plugin lines a test provokes on purpose (they are not counted).
gui_check_log_clean() {
	local log leaks baseline errors
	log="$(gui_log_file)"
	errors="$(grep -E "\[obs-animatediff(: '[^']*')?\].*(error|Error|ERROR|failed)" "$log" || true)"
	[ -z "${1:-}" ] || errors="$(grep -vE "$1" <<<"$errors" || true)"
	if [ -n "$errors" ]; then
		echo "$errors"
		gui_fail "error lines from the plugin in the OBS log"
	fi
	leaks="$(grep -o "Number of memory leaks: [0-9]*" "$log" | grep -o "[0-9]*$")" ||
		gui_fail "OBS did not shut down cleanly (no leak report in its log)"
	baseline="$(gui_baseline_leaks)"
	# GUI_OBS_EXTRA_LEAKS: leaks OBS itself adds for what a test does beyond the baseline's start and quit
	# (measured without the plugin), e.g. a scene-collection round trip.
	baseline=$((baseline + ${GUI_OBS_EXTRA_LEAKS:-0}))
	[ "$leaks" -le "$baseline" ] || gui_fail "OBS reported $leaks memory leaks with the plugin, $baseline without"
}
