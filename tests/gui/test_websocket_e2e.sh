#!/usr/bin/env bash
# End to end in the real OBS Studio: obs-websocket 5 -> the "animatediff" vendor -> the fake Replicate
# (fake_replicate_server on 127.0.0.1) -> a clip of known colours playing in the source. The client side
# is websocket_e2e.py (obsws.py on python3-websocket); this script prepares everything around it.
source "$(dirname "${BASH_SOURCE[0]}")/obs_gui_lib.sh" "$1" "$2" websocket_e2e

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
/usr/bin/python3 -c "import websocket" 2>/dev/null || gui_fail "python3-websocket is missing (apt install python3-websocket)"
command -v ffmpeg >/dev/null || gui_fail "the ffmpeg command-line tool is missing"

# The served clip: 4 solid colours, 4 frames each at 8 fps (0.5 s per colour, 2 s per loop), 256x256.
CLIP="$GUI_ARTIFACTS/served.mp4"
ffmpeg -loglevel error -y \
	-f lavfi -i "color=c=0xFF0000:s=256x256:r=8:d=0.5" \
	-f lavfi -i "color=c=0x00FF00:s=256x256:r=8:d=0.5" \
	-f lavfi -i "color=c=0x0000FF:s=256x256:r=8:d=0.5" \
	-f lavfi -i "color=c=0xFFFF00:s=256x256:r=8:d=0.5" \
	-filter_complex "[0][1][2][3]concat=n=4:v=1:a=0,format=yuv420p" \
	-c:v libx264 -preset ultrafast -crf 10 -movflags +faststart "$CLIP" || gui_fail "ffmpeg could not make the clip"

# The fake API on a random free loopback port; it prints "LISTENING <port>" once it accepts.
"$FAKE_BIN" --clip "$CLIP" --starting-ms 300 --processing-ms 2000 >"$GUI_ARTIFACTS/fake-stdout.txt" \
	2>"$GUI_ARTIFACTS/fake-stderr.txt" &
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

# The fake accepts only its own token. It is typed into the source's settings (moved at once into the
# token file for the fake's address): REPLICATE_API_TOKEN is only ever sent to api.replicate.com.
FAKE_TOKEN="r8_FakeTestToken_7f3a9c"

WS_PORT="$(gui_free_port)"

gui_install_plugin
# min_trigger_interval_s 0: this test sends several automated triggers back to back (the rate guard
# has its own libobs test); crossfade 0 so a screenshot shows the clip itself at once.
"$GUI_SRC/scripts/obs-home.sh" "$GUI_HOME" \
	"{\"api_base_url\": \"$FAKE_URL/v1\", \"api_token\": \"$FAKE_TOKEN\", \"prompt\": \"a quiet forest\", \"min_trigger_interval_s\": 0, \"crossfade_ms\": 0, \"pause_when_hidden\": false}"
gui_enable_websocket "$WS_PORT"

gui_start_obs
gui_wait_log "\[obs-animatediff\] loaded" 60
gui_wait_log "\[obs-animatediff\] obs-websocket vendor 'animatediff' registered" 60
gui_wait_log "\[obs-websocket\].*Server started successfully on port $WS_PORT" 60
gui_wait_log "Loaded scenes:" 30

timeout 240 /usr/bin/python3 "$GUI_SRC/tests/gui/websocket_e2e.py" --ws-port "$WS_PORT" --fake-url "$FAKE_URL" \
	--artifacts "$GUI_ARTIFACTS" || gui_fail "the websocket client reported a failure (see above)"
gui_screenshot obs-main-window
# The rotation's lines name the source, like every line about one source.
gui_wait_log "\[obs-animatediff: 'AnimateDiff Loop'\] rotation: playing " 5

gui_stop_obs 30
# The unknown model and deployment are provoked on purpose: their failures are expected lines.
gui_check_log_clean "generation [0-9a-f]+: failed error=unknown_(model|deployment) "
stop_fake
echo "PASS: obs-websocket drove the AnimateDiff source end to end (artifacts: $GUI_ARTIFACTS)"
