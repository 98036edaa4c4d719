#!/usr/bin/python3
"""obs-websocket client side of test_websocket_e2e.sh (run with Debian's /usr/bin/python3; obsws.py).

Drives the AnimateDiff source through the "animatediff" vendor and standard requests, and checks what a
streamer would see: the clip's colours in the source, looping, pause/play, the properties button, a bad
override refused by name, and exactly the expected calls at the (fake) API.
"""
import argparse
import base64
import json
import subprocess
import sys
import time
import os
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import obsws  # noqa: E402

INPUT = "AnimateDiff Loop"
VENDOR = "animatediff"
# The served clip's colours, in frame order (see test_websocket_e2e.sh).
PALETTE = {"red": (255, 0, 0), "green": (0, 255, 0), "blue": (0, 0, 255), "yellow": (255, 255, 0)}
TOLERANCE = 40
OVERRIDE_PROMPT = "neon city at night, rain"

failures = []


def poll_until(read, predicate, timeout, interval, what, pause=time.sleep):
    """Calls read() every `interval` seconds until predicate(value) holds; returns that value. Past the
    deadline, raises with the last value seen (a bounded wait, never a fixed sleep)."""
    deadline = time.monotonic() + timeout
    value = None
    while time.monotonic() < deadline:
        value = read()
        if predicate(value):
            return value
        pause(interval)
    raise RuntimeError(f"timed out waiting for {what}; last seen {json.dumps(value, default=str)}")


def check(condition, message):
    print(("ok   " if condition else "FAIL ") + message, flush=True)
    if not condition:
        failures.append(message)
    return condition


class Client:
    def __init__(self, port, artifacts):
        self.ws = obsws.Client(f"ws://127.0.0.1:{port}")
        self.artifacts = artifacts
        self.shots = 0

    def connect(self):
        self.ws.connect()
        # obs-websocket answers 207 (NotReady) until OBS's frontend has finished loading, which can come
        # after "Loaded scenes:" in the log (OBS 30 with our dock added, on a loaded machine): wait for it.
        poll_until(lambda: self.call("GetSceneList").status.get("code"), lambda code: code != 207, 60, 0.2,
                   "obs-websocket to be ready (not 207 NotReady)")

    @property
    def events(self):
        """Our vendor's events so far, as (eventType, eventData)."""
        return [(data.get("eventType"), data.get("eventData") or {}) for kind, data in self.ws.events
                if kind == "VendorEvent" and data.get("vendorName") == VENDOR]

    def call(self, request_type, data=None):
        return self.ws.call(request_type, data)

    def vendor(self, request_type, data):
        # obs-websocket 5.1 refuses CallVendorRequest without requestData: every request names the input.
        response = self.call(
            "CallVendorRequest", {"vendorName": VENDOR, "requestType": request_type, "requestData": data})
        if not response.ok():
            raise RuntimeError(f"CallVendorRequest {request_type} failed: {response.comment}")
        return response.data.get("responseData", {})

    def wait_events(self, predicate, timeout, what):
        def event_types():
            return [t for t, _ in self.events]
        # Waiting here means reading the socket: the events arrive on it.
        return poll_until(event_types, predicate, timeout, 0.05, f"events: {what}", pause=self.ws.pump)

    def status(self):
        return self.vendor("get_status", {"inputName": INPUT})

    def wait_status(self, predicate, timeout, what):
        return poll_until(self.status, predicate, timeout, 0.2, what)

    def centre_colour(self, name):
        """The source's own rendering (GetSourceScreenshot), saved as PNG; the centre pixel's RGB."""
        response = self.call(
            "GetSourceScreenshot", {"sourceName": INPUT, "imageFormat": "png", "imageWidth": 64, "imageHeight": 64})
        if not response.ok():
            raise RuntimeError(f"GetSourceScreenshot failed: {response.comment}")
        data_url = response.data["imageData"]
        png = base64.b64decode(data_url.split(",", 1)[1])
        self.shots += 1
        path = f"{self.artifacts}/source-{self.shots:02d}-{name}.png"
        with open(path, "wb") as f:
            f.write(png)
        # ImageMagick reads the centre pixel as RRGGBB (or RRGGBBAA).
        hex_colour = subprocess.run(["convert", path, "-format", "%[hex:p{32,32}]", "info:"],
                                    check=True, capture_output=True, text=True).stdout.strip()
        return tuple(int(hex_colour[i:i + 2], 16) for i in (0, 2, 4))

    def media_state(self):
        response = self.call("GetMediaInputStatus", {"inputName": INPUT})
        return response.data.get("mediaState") if response.ok() else None

    def wait_media_state(self, state, timeout=5):
        return poll_until(self.media_state, lambda seen: seen == state, timeout, 0.05, f"media state {state}")


def palette_name(rgb):
    for name, ref in PALETTE.items():
        if all(abs(a - b) <= TOLERANCE for a, b in zip(rgb, ref)):
            return name
    return None


def fake_requests(fake_url, endpoint):
    """The requests the fake API recorded for one endpoint ("create", "model", ...), oldest first."""
    with urllib.request.urlopen(f"{fake_url}/__fake/requests", timeout=5) as answer:
        recorded = json.load(answer)
    if isinstance(recorded, dict):
        recorded = recorded.get("requests", [])
    return [r for r in recorded if r.get("endpoint") == endpoint]


def fake_creates(fake_url):
    return fake_requests(fake_url, "create")


def well_formed_runs(types):
    """True when types is one or more runs of GenerationStarted, GenerationProgress..., GenerationFinished."""
    runs, current = [], []
    for event_type in types:
        current.append(event_type)
        if event_type == "GenerationFinished":
            runs.append(current)
            current = []
    return not current and bool(runs) and all(
        run[0] == "GenerationStarted" and all(t == "GenerationProgress" for t in run[1:-1]) for run in runs)


def wait_for_colour(client, timeout, what, exclude=()):
    def colour():
        return palette_name(client.centre_colour(what))
    return poll_until(colour, lambda seen: seen and seen not in exclude, timeout, 0.15, what)


def run(args):
    client = Client(args.ws_port, args.artifacts)
    client.connect()

    idle = client.status()
    check(idle.get("state") == "idle", f"get_status before any generation is idle ({idle.get('state')})")

    # Errors that name the problem.
    unknown = client.vendor("get_status", {"inputName": "No Such Input"})
    check(unknown.get("ok") is False and "No Such Input" in unknown.get("error", ""),
          f"unknown input name -> clear error ({unknown.get('error')})")
    wrong_kind = client.vendor("generate", {"inputName": "AnimateDiff"})  # the scene
    check(wrong_kind.get("ok") is False and wrong_kind.get("code") == "wrong_input_kind",
          f"a source of another kind -> clear error ({wrong_kind.get('error')})")
    bad = client.vendor("generate", {"inputName": INPUT, "overrides": {"steps": 500}})
    check(bad.get("ok") is False and "steps" in bad.get("error", ""),
          f"steps 500 refused naming the field ({bad.get('error')})")
    # What a client sends through the real obs-websocket: it drops nulls before the plugin sees them.
    null_prompt = client.vendor("generate", {"inputName": INPUT, "overrides": {"prompt": None}})
    check(null_prompt.get("ok") is False and null_prompt.get("code") == "invalid_setting",
          f"prompt null refused, not replaced by the panel's prompt ({null_prompt})")
    null_as_text = client.vendor("generate", {"inputName": INPUT,
                                              "overrides": '{"prompt": null, "steps": 20}'})
    check(null_as_text.get("ok") is False and "prompt" in null_as_text.get("error", ""),
          f"prompt null in overrides sent as JSON text refused naming prompt ({null_as_text})")
    fractional = client.vendor("generate", {"inputName": INPUT, "overrides": {"steps": 20.7}})
    check(fractional.get("ok") is False and "steps" in fractional.get("error", ""),
          f"steps 20.7 refused, not truncated ({fractional.get('error')})")
    check(len(fake_creates(args.fake_url)) == 0, "nothing reached the API for the refused requests")

    # 1. generate with a prompt override, follow it to ready.
    started = client.vendor("generate", {"inputName": INPUT, "overrides": {"prompt": OVERRIDE_PROMPT}})
    check(started.get("ok") is True and isinstance(started.get("seed"), int), f"generate accepted ({started})")
    ready = client.wait_status(lambda s: s.get("state") in ("ready", "failed", "canceled"), 60, "ready")
    check(ready.get("state") == "ready", f"generation ready ({ready.get('message')})")
    check(started.get("seed") == ready.get("seed"), f"the generate answer named the seed used ({started.get('seed')})")
    check(ready.get("progress") == 1 and isinstance(ready.get("seed"), int) and ready.get("seed") > 0,
          f"status has progress 1 and the seed ({ready.get('progress')}, {ready.get('seed')})")
    check(bool(ready.get("prediction_id")) and ready.get("clip_path", "").endswith(".mp4"),
          f"status names the prediction and the clip ({ready.get('prediction_id')}, {ready.get('clip_path')})")
    for key in ("message", "predict_time"):
        check(key in ready, f"status has {key}")

    clips = client.vendor("list_clips", {"inputName": INPUT})
    first = (clips.get("clips") or [{}])[0]
    check(first.get("path") == ready.get("clip_path") and first.get("prompt") == OVERRIDE_PROMPT
          and first.get("seed") == ready.get("seed") and bool(first.get("label")) and first.get("created", 0) > 0,
          f"list_clips shows the new clip first ({first})")

    # 2. The source shows the clip's colours, and a later screenshot shows another frame (it loops).
    first_colour = wait_for_colour(client, 15, "clip-visible")
    check(first_colour in PALETTE, f"the source shows the clip ({first_colour})")
    other = wait_for_colour(client, 10, "clip-next-frame", exclude=(first_colour,))
    check(other != first_colour, f"a later screenshot shows another frame ({first_colour} -> {other})")

    # 3. Pause / play through the standard media actions.
    check(client.media_state() == "OBS_MEDIA_STATE_PLAYING", "media state is playing")
    # OBS 30+ answers TriggerMediaInputAction before the state changes (it is applied on the next
    # video tick): poll GetMediaInputStatus as a real client does.
    client.call("TriggerMediaInputAction",
                {"inputName": INPUT, "mediaAction": "OBS_WEBSOCKET_MEDIA_INPUT_ACTION_PAUSE"})
    check(client.wait_media_state("OBS_MEDIA_STATE_PAUSED") == "OBS_MEDIA_STATE_PAUSED",
          "pause -> media state paused")
    paused_colours = {palette_name(client.centre_colour("paused")) for _ in range(6)}
    check(len(paused_colours) == 1, f"the picture holds still while paused ({paused_colours})")
    client.call("TriggerMediaInputAction",
                {"inputName": INPUT, "mediaAction": "OBS_WEBSOCKET_MEDIA_INPUT_ACTION_PLAY"})
    check(client.wait_media_state("OBS_MEDIA_STATE_PLAYING") == "OBS_MEDIA_STATE_PLAYING",
          "play -> media state playing")

    # 4. The properties button starts another generation (a person: not rate limited).
    previous_id = ready.get("prediction_id")
    response = client.call("PressInputPropertiesButton", {"inputName": INPUT, "propertyName": "generate"})
    check(response.ok(), "PressInputPropertiesButton generate accepted")
    second = client.wait_status(
        lambda s: s.get("prediction_id") not in ("", previous_id) and s.get("state") in ("ready", "failed"),
        60, "the second generation")
    check(second.get("state") == "ready", f"second generation ready ({second.get('message')})")

    # 5. Events: started before finished for our generations, each naming the input. get_status says
    # "ready" before the last event is on the wire, and obs-websocket sends events from a thread pool
    # (they may arrive in any order): wait for both GenerationFinished, then order by "sequence".
    client.wait_events(lambda types: types.count("GenerationFinished") >= 2, 10, "two GenerationFinished")
    ordered = sorted(client.events, key=lambda event: event[1].get("sequence", 0))
    sequences = [d.get("sequence") for _, d in ordered]
    types = [t for t, _ in ordered if t.startswith("Generation")]  # SmoothingChanged comes with each clip
    check(all(isinstance(n, int) for n in sequences) and len(set(sequences)) == len(sequences),
          f"every event has its own sequence number ({sequences})")
    check(types.count("GenerationStarted") == 2 and types.count("GenerationFinished") == 2,
          f"two GenerationStarted and two GenerationFinished events ({types})")
    check(well_formed_runs(types), "in sequence order each generation runs started -> progress... -> finished")
    check(all(d.get("inputName") == INPUT for _, d in client.events), "every event names the input")
    finished = [d for t, d in client.events if t == "GenerationFinished"]
    check(bool(finished) and finished[0].get("clip_path") == ready.get("clip_path"),
          "GenerationFinished carries the clip path")
    check(all(key in d for t, d in ordered if t.startswith("Generation")
              for key in ("smoothing", "smoothed", "smooth_fps", "smooth_reduced")),
          "every Generation* event carries the smoothing state, as get_status does")
    client.wait_events(lambda types: "SmoothingChanged" in types, 60, "SmoothingChanged")
    smoothing = [d for t, d in client.events if t == "SmoothingChanged"]
    check(any(d.get("smoothed") is True and d.get("smooth_fps", 0) > 0 for d in smoothing),
          f"SmoothingChanged says when the smooth loop is in place ({smoothing})")

    # 6. The API saw exactly the two generations, the first with the prompt override.
    creates = fake_creates(args.fake_url)
    check(len(creates) == 2, f"the fake API saw exactly 2 create calls ({len(creates)})")
    if creates:
        body = json.loads(creates[0].get("body") or "{}")
        check(body.get("input", {}).get("prompt") == OVERRIDE_PROMPT,
              f"the first create carries the prompt override ({body.get('input', {}).get('prompt')})")
    if len(creates) > 1:
        body = json.loads(creates[1].get("body") or "{}")
        check(body.get("input", {}).get("prompt") == "a quiet forest",
              "the override was not saved: the button used the panel's prompt")

    # 7. Show controls: setlist and clip requests (no spend).
    show_controls(client, args.fake_url)
    # 8. Endpoints: the model's latest version, a deployment and its cold start.
    endpoints(client, args.fake_url)
    client.ws.close()


def show_controls(client, fake_url):
    """Running a show (issue 11): the setlist and clip requests move cursors and clips, never spend."""
    creates_before = len(fake_creates(fake_url))
    listed = client.vendor("set_prompt_list", {"inputName": INPUT, "prompts": json.dumps(["alpha", "beta"])})
    check(listed.get("ok") and listed.get("prompt_count") == 2, f"set_prompt_list from a JSON string ({listed})")
    listed = client.vendor("set_prompt_list", {"inputName": INPUT,
                                               "prompts": [{"value": "alpha"}, {"value": "beta"}, {"value": "gamma"}]})
    check(listed.get("ok") and listed.get("prompt_count") == 3, f"set_prompt_list from list items ({listed})")
    off = client.vendor("setlist_next", {"inputName": INPUT})
    check(off.get("code") == "setlist_off", f"setlist_next with the mode off is refused ({off})")
    client.call("SetInputSettings", {"inputName": INPUT, "inputSettings": {"prompt_list_mode": "sequential"}})
    # The source applies settings on its next video tick.
    client.wait_status(lambda s: s.get("prompt_next") == 0, 5, "the setlist mode applied")
    moved = client.vendor("setlist_next", {"inputName": INPUT})
    check(moved.get("ok") and moved.get("prompt_next") == 1, f"setlist_next moves the cursor ({moved})")
    moved = client.vendor("setlist_set", {"inputName": INPUT, "index": 2})
    check(moved.get("prompt_next") == 2, f"setlist_set index 2 ({moved})")
    bad = client.vendor("setlist_set", {"inputName": INPUT, "index": 9})
    check(bad.get("code") == "invalid_setting", f"setlist_set outside the list is refused ({bad})")
    status = client.status()
    check(status.get("prompt_next") == 2 and status.get("prompt_count") == 3, f"get_status shows the cursor ({status})")

    clips = client.vendor("list_clips", {"inputName": INPUT}).get("clips") or []
    playing = [c.get("path") for c in clips if c.get("playing")]
    check(len(clips) >= 2 and playing == [clips[0].get("path")], f"list_clips marks the newest clip playing ({playing})")
    if len(clips) >= 2:
        stepped = client.vendor("next_clip", {"inputName": INPUT})
        check(stepped.get("clip_path") == clips[1].get("path"), f"next_clip plays the older clip ({stepped})")
        again = client.vendor("play_clip", {"inputName": INPUT, "index": 0})
        check(again.get("clip_path") == clips[0].get("path"), f"play_clip index 0 plays the newest ({again})")
    unknown = client.vendor("play_clip", {"inputName": INPUT, "path": "/etc/passwd"})
    check(unknown.get("code") == "no_clip", f"play_clip refuses a file outside the history ({unknown})")
    rotation(client, [c.get("path") for c in clips])
    check(len(fake_creates(fake_url)) == creates_before, "the show controls created nothing")


def rotation(client, paths):
    """rotate_seconds 1 on a source that is on program: the clips take turns by themselves."""
    if len(paths) < 2:
        check(False, f"rotation needs two clips in the history ({paths})")
        return
    def playing():
        clips = client.vendor("list_clips", {"inputName": INPUT}).get("clips") or []
        return next((c.get("path") for c in clips if c.get("playing")), None)
    first = playing()
    client.call("SetInputSettings", {"inputName": INPUT, "inputSettings": {"rotate_seconds": 1}})
    second = poll_until(playing, lambda seen: seen not in (None, first), 10, 0.2, "the rotation's next clip")
    third = poll_until(playing, lambda seen: seen not in (None, second), 10, 0.2, "the rotation's clip after")
    check(second in paths and third in paths, f"rotation plays clips of the history ({first} -> {second} -> {third})")
    client.call("SetInputSettings", {"inputName": INPUT, "inputSettings": {"rotate_seconds": 0}})


def fake_configure(fake_url, config):
    request = urllib.request.Request(f"{fake_url}/__fake/config", data=json.dumps(config).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=5) as answer:
        if answer.status != 200:
            raise RuntimeError(f"the fake refused its config {config}: {answer.read()}")


def generate_until_final(client, settings, timeout, what):
    """Applies `settings`, starts a generation with the panel's settings and waits for its end."""
    client.call("SetInputSettings", {"inputName": INPUT, "inputSettings": settings})
    started = client.vendor("generate", {"inputName": INPUT})
    check(started.get("ok") is True, f"{what}: generate accepted ({started})")
    return client.wait_status(lambda s: s.get("state") in ("ready", "failed", "canceled"), timeout, what)


def endpoints(client, fake_url):
    """Issue 11: `owner/name` alone is looked up (GET /models/...) and its latest version sent; a deployment
    creates at /deployments/.../predictions with no version; a long `starting` says cold start; unknown
    ones are clear statuses and create nothing."""
    latest = "0a1b2c3d" * 8  # a version published after the one pinned in the panel
    fake_configure(fake_url, {"models": {"lucataco/animate-diff": latest},
                              "deployments": {"acme/animate-diff-show": latest}})
    lookups_before = len(fake_requests(fake_url, "model"))
    creates_before = len(fake_creates(fake_url))

    ready = generate_until_final(client, {"model_version": "lucataco/animate-diff", "prompt_list_mode": "off"},
                                 60, "latest version")
    check(ready.get("state") == "ready", f"owner/name alone made a clip ({ready.get('message')})")
    check(latest in ready.get("resolved_version", ""), f"the status shows the resolved version ({ready})")
    lookups = fake_requests(fake_url, "model")[lookups_before:]
    check([r.get("path") for r in lookups] == ["/v1/models/lucataco/animate-diff"],
          f"one model lookup at /v1/models/lucataco/animate-diff ({[r.get('path') for r in lookups]})")
    creates = fake_creates(fake_url)[creates_before:]
    bodies = [json.loads(r.get("body") or "{}") for r in creates]
    check(len(bodies) == 1 and bodies[0].get("version", "").endswith(latest),
          f"the create sends the looked-up version ({[b.get('version') for b in bodies]})")

    creates_before = len(fake_creates(fake_url))
    unknown = generate_until_final(client, {"model_version": "nobody/no-such-model"}, 30, "unknown model")
    check(unknown.get("state") == "failed" and unknown.get("error") == "unknown_model"
          and "nobody/no-such-model" in unknown.get("message", ""),
          f"an unknown model is a clear status ({unknown.get('error')}: {unknown.get('message')})")
    check(len(fake_creates(fake_url)) == creates_before, "an unknown model created nothing")

    # A deployment scaled to zero: `starting` lasts past the plugin's 15 s cold-start threshold.
    fake_configure(fake_url, {"starting_ms": 17000})
    client.call("SetInputSettings", {"inputName": INPUT, "inputSettings": {
        "model_version": "lucataco/animate-diff:" + latest, "deployment": "acme/animate-diff-show"}})
    creates_before = len(fake_creates(fake_url))
    started = client.vendor("generate", {"inputName": INPUT})
    check(started.get("ok") is True, f"deployment: generate accepted ({started})")
    cold = client.wait_status(lambda s: s.get("cold_start") or s.get("state") in ("ready", "failed"), 40,
                              "cold start")
    check(cold.get("cold_start") is True and cold.get("state") == "starting" and "Cold start" in cold.get("message", ""),
          f"a long `starting` says cold start ({cold.get('state')}: {cold.get('message')})")
    done = client.wait_status(lambda s: s.get("state") in ("ready", "failed", "canceled"), 60, "deployment ready")
    check(done.get("state") == "ready" and "Cold start" not in done.get("message", ""),
          f"the deployment made a clip and the cold start note is gone ({done.get('message')})")
    creates = fake_creates(fake_url)[creates_before:]
    check([r.get("path") for r in creates] == ["/v1/deployments/acme/animate-diff-show/predictions"],
          f"one create at the deployment's endpoint ({[r.get('path') for r in creates]})")
    if creates:
        body = json.loads(creates[0].get("body") or "{}")
        check("version" not in body and body.get("input", {}).get("prompt"),
              f"the deployment's create carries input only ({sorted(body)})")
    fake_configure(fake_url, {"starting_ms": 300})

    unknown = generate_until_final(client, {"deployment": "acme/no-such-deployment"}, 30, "unknown deployment")
    check(unknown.get("state") == "failed" and unknown.get("error") == "unknown_deployment"
          and not unknown.get("prediction_id"),
          f"an unknown deployment is a clear status, no prediction ({unknown.get('error')}: {unknown.get('message')})")
    client.call("SetInputSettings", {"inputName": INPUT, "inputSettings": {"deployment": ""}})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ws-port", type=int, required=True)
    parser.add_argument("--fake-url", required=True)
    parser.add_argument("--artifacts", required=True)
    args = parser.parse_args()
    try:
        run(args)
    except Exception as error:  # a timeout or a refused request: report it as the failure it is
        failures.append(f"{type(error).__name__}: {error}")
        print(f"FAIL {type(error).__name__}: {error}", flush=True)
    if failures:
        print(f"{len(failures)} check(s) failed", flush=True)
        return 1
    print("all websocket checks passed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
