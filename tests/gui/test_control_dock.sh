#!/usr/bin/env bash
# The live control dock in the real OBS (issue 19): it is registered in the Docks menu and saved in the
# window state; a prompt typed in the dock and a click on Generate (xdotool) make exactly one create with
# that prompt at the fake API; the progress bar moves; the clip's tile (and thumbnail) appears; a click on
# an older tile plays that clip (the source's pixels); selecting another source in the Sources list
# switches the dock and a rename keeps it; a scene collection switch mid-generation empties the dock and
# switching back shows the source again; removing the shown sources empties it; OBS quits cleanly. The client side is
# control_dock_e2e.py; ADIFF_DOCK_TEST_PROBE=1 floats the dock and logs where its widgets are.
source "$(dirname "${BASH_SOURCE[0]}")/obs_gui_lib.sh" "$1" "$2" control_dock

FAKE_PID=""
stop_fake() {
	if [ -n "$FAKE_PID" ] && kill -0 "$FAKE_PID" 2>/dev/null; then
		kill -INT "$FAKE_PID"
		wait "$FAKE_PID" || true
	fi
	FAKE_PID=""
}
trap 'stop_fake; gui_cleanup' EXIT

FAKE_BIN="$GUI_BUILD/tests/fake_replicate_server"
[ -x "$FAKE_BIN" ] || gui_fail "fake_replicate_server is not built ($FAKE_BIN)"
command -v xdotool >/dev/null || gui_fail "xdotool is missing"
/usr/bin/python3 -c "import websocket" 2>/dev/null || gui_fail "python3-websocket is missing (apt install python3-websocket)"

# Two solid clips: the first generation serves green, the second red, so the screen tells them apart.
# Processing outlasts the create's Prefer: wait (5 s), so the dock follows the steps by polling.
for colour in green:0x00FF00 red:0xFF0000; do
	ffmpeg -loglevel error -y -f lavfi -i "color=c=${colour#*:}:s=256x256:r=8:d=1" -vf format=yuv420p \
		-c:v libx264 -preset ultrafast -crf 10 -movflags +faststart "$GUI_ARTIFACTS/${colour%%:*}.mp4" ||
		gui_fail "ffmpeg could not make the ${colour%%:*} clip"
done

"$FAKE_BIN" --clip "$GUI_ARTIFACTS/green.mp4" --starting-ms 300 --processing-ms 9000 \
	>"$GUI_ARTIFACTS/fake-stdout.txt" 2>"$GUI_ARTIFACTS/fake-stderr.txt" &
FAKE_PID=$!
FAKE_PORT=""
for _ in $(seq 1 100); do
	FAKE_PORT="$(sed -n 's/^LISTENING \([0-9]*\)$/\1/p' "$GUI_ARTIFACTS/fake-stdout.txt")"
	[ -n "$FAKE_PORT" ] && break
	kill -0 "$FAKE_PID" 2>/dev/null || gui_fail "fake_replicate_server exited: $(cat "$GUI_ARTIFACTS/fake-stderr.txt")"
	sleep 0.1
done
[ -n "$FAKE_PORT" ] || gui_fail "fake_replicate_server did not start listening"
FAKE_URL="http://127.0.0.1:$FAKE_PORT"

gui_install_plugin
"$GUI_SRC/scripts/obs-home.sh" "$GUI_HOME" \
	"{\"api_base_url\": \"$FAKE_URL/v1\", \"api_token\": \"r8_FakeTestToken_7f3a9c\", \"prompt\": \"\", \"seed\": 0, \"crossfade_ms\": 0, \"pause_when_hidden\": false}"
WS_PORT="$(gui_free_port)"
gui_enable_websocket "$WS_PORT"

export ADIFF_DOCK_TEST_PROBE=1
gui_start_obs
gui_wait_log "\[obs-animatediff\] control dock '[^']+' added to the Docks menu" 60
gui_wait_log "Loaded scenes:" 60
gui_wait_websocket 30
gui_wait_log "\[obs-animatediff\] dock probe: .*source='AnimateDiff Loop'" 30

THUMBS=()
[ -f "$GUI_SRC/plugin/core/media/thumbnail_cache.hpp" ] && THUMBS=(--thumbnails)
timeout 240 /usr/bin/python3 "$GUI_SRC/tests/gui/control_dock_e2e.py" --ws-port "$WS_PORT" --fake-url "$FAKE_URL" \
	--artifacts "$GUI_ARTIFACTS" --log "$(gui_log_file)" --red-clip "$GUI_ARTIFACTS/red.mp4" "${THUMBS[@]}" ||
	gui_fail "the dock client reported a failure (see above)"
gui_screenshot dock-after

gui_stop_obs 30
# OBS saved its window state with the dock in it (QMainWindow::saveState: object names in UTF-16).
/usr/bin/python3 - "$GUI_HOME/.config/obs-studio" <<'PY' || gui_fail "the dock is not in OBS's saved window state"
import base64, glob, re, sys
for ini in glob.glob(sys.argv[1] + "/*.ini"):
    for blob in re.findall(r"^DockState=(.*)$", open(ini, errors="replace").read(), re.M):
        blob = blob.strip().removeprefix("@ByteArray(").removesuffix(")")
        try:
            state = base64.b64decode(blob)
        except ValueError:
            continue
        if "adiff_control_dock".encode("utf-16-be") in state:
            print(f"DockState in {ini} holds adiff_control_dock")
            sys.exit(0)
sys.exit(1)
PY
# The collection switch mid-generation cancels that generation on purpose: its line is expected. OBS 29
# itself reports one more leak after a scene-collection round trip (CreateSceneCollection and back, measured
# without the plugin installed: 2 leaks instead of 1).
GUI_OBS_EXTRA_LEAKS=1
gui_check_log_clean "generation [0-9a-f]+: canceled error=canceled "
stop_fake
echo "PASS: the control dock drove the source (artifacts: $GUI_ARTIFACTS)"
