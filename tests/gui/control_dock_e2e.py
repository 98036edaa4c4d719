#!/usr/bin/python3
"""Client side of test_control_dock.sh: a person at the desk using the live control dock.

The dock is driven with real X input (xdotool) at the places the dock's test probe logs (the probe is on
only with ADIFF_DOCK_TEST_PROBE=1); what it shows is read from the same probe lines (the real widgets'
values), the source's pixels from obs-websocket's GetSourceScreenshot, and the API calls from the fake.
Every wait is bounded; each step prints its name.
"""
import argparse
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from websocket_e2e import (INPUT, Client, check, failures, fake_configure, fake_creates,  # noqa: E402
                           palette_name, poll_until)

SECOND = "AnimateDiff Two"
RENAMED = "AnimateDiff Renamed"
PROBE = re.compile(r"dock probe: (.*)$")
RECT = re.compile(r"(-?\d+),(-?\d+),(\d+),(\d+)")


def rect(text):
    match = RECT.fullmatch(text or "")
    return tuple(int(v) for v in match.groups()) if match else None


def parse(text):
    out = {"prompt": rect(re.search(r"prompt=(\S+)", text).group(1)),
           "generate": rect(re.search(r"generate=(\S+)", text).group(1)),
           "progress": int(re.search(r"progress=(-?\d+)", text).group(1)),
           "source": re.search(r"source='([^']*)'", text).group(1),
           "empty": re.search(r"empty=(\d)", text).group(1) == "1",
           "clips": [], "sources": {}}
    clips = re.search(r"clips=\[([^\]]*)\]", text).group(1)
    for tile in filter(None, clips.split(";")):
        where, picture, playing = tile.split(":")
        out["clips"].append({"rect": rect(where), "picture": picture == "picture", "playing": playing == "playing"})
    sources = text.split(" sources=[", 1)[1]
    for name, x, y, w, h in re.findall(r"'([^']*)'@(-?\d+),(-?\d+),(\d+),(\d+);", sources):
        out["sources"][name] = (int(x), int(y), int(w), int(h))
    return out


class Dock:
    def __init__(self, log_path):
        self.log_path = log_path

    def history(self):
        """Every probe line so far, oldest first."""
        with open(self.log_path, errors="replace") as f:
            return [parse(m.group(1)) for m in map(PROBE.search, f) if m]

    def now(self):
        lines = self.history()
        return lines[-1] if lines else None

    def wait(self, predicate, timeout, what):
        return poll_until(self.now, lambda seen: seen is not None and predicate(seen), timeout, 0.2, f"dock: {what}")


def click(area, x_fraction=0.5, y_fraction=0.5):
    x, y, w, h = area
    subprocess.run(["xdotool", "mousemove", "--sync", str(int(x + w * x_fraction)), str(int(y + h * y_fraction)),
                    "click", "1"], check=True, timeout=10)


def type_prompt(dock, text):
    """Clicks into the prompt, replaces its text and clicks Generate."""
    # Without a window manager a click does not move X's keyboard focus: give it to the floating dock
    # (after a click in the Sources list the keys would go to OBS's main window).
    found = subprocess.run(["xdotool", "search", "--name", "^AnimateDiff$"], capture_output=True, text=True,
                           timeout=10)
    for window in found.stdout.split():
        subprocess.run(["xdotool", "windowfocus", window], check=False, timeout=10)
    seen = dock.now()
    click(seen["prompt"])
    subprocess.run(["xdotool", "key", "ctrl+a", "BackSpace"], check=True, timeout=10)
    subprocess.run(["xdotool", "type", "--delay", "15", text], check=True, timeout=30)
    click(seen["generate"])


def generate_from_dock(client, dock, fake_url, prompt, colour):
    """Step: type a prompt, click Generate: exactly one new create with that prompt; the bar moves;
    the clip plays."""
    print(f"step: generate '{prompt}' from the dock", flush=True)
    before = len(fake_creates(fake_url))
    lines_before = len(dock.history())
    type_prompt(dock, prompt)
    client.wait_status(lambda s: s.get("state") in ("ready", "failed", "canceled") and len(fake_creates(fake_url)) > before,
                       60, f"the dock's generation '{prompt}' ended")
    creates = fake_creates(fake_url)
    check(len(creates) == before + 1, f"exactly one create for one click ({len(creates) - before})")
    body = json.loads(creates[-1].get("body") or "{}") if creates else {}
    check(body.get("input", {}).get("prompt") == prompt, f"the create carries the typed prompt ({body.get('input')})")
    seen = dock.wait(lambda d: d["progress"] == 100, 15, "the bar at 100 %")
    moving = [d["progress"] for d in dock.history()[lines_before:] if 0 < d["progress"] < 100]
    check(bool(moving), f"the progress bar moved through values between 0 and 100 ({moving[:8]})")
    shown = poll_until(lambda: palette_name(client.centre_colour(prompt.replace(" ", "-"))), lambda c: c == colour,
                       15, 0.3, f"the {colour} clip on screen")
    check(shown == colour, f"the new clip plays ({shown})")
    return seen


def run(args):
    client = Client(args.ws_port, args.artifacts)
    client.connect()
    dock = Dock(args.log)

    print("step: the dock shows the scene's source", flush=True)
    dock.wait(lambda d: d["source"] == INPUT and not d["empty"] and d["generate"], 30, f"'{INPUT}' shown")

    generate_from_dock(client, dock, args.fake_url, "a green meadow from the dock", "green")
    print("step: the clip's thumbnail appears", flush=True)
    dock.wait(lambda d: len(d["clips"]) == 1 and d["clips"][0]["playing"], 15, "one clip tile, playing")
    if args.thumbnails:
        dock.wait(lambda d: d["clips"][0]["picture"], 20, "the first frame as the tile's picture")

    fake_configure(args.fake_url, {"clip_path": args.red_clip})
    generate_from_dock(client, dock, args.fake_url, "a red sunset from the dock", "red")
    seen = dock.wait(lambda d: len(d["clips"]) == 2 and d["clips"][0]["playing"], 15, "two tiles, the newest playing")

    print("step: clicking the older thumbnail plays that clip", flush=True)
    creates = len(fake_creates(args.fake_url))
    click(seen["clips"][1]["rect"])
    dock.wait(lambda d: len(d["clips"]) == 2 and d["clips"][1]["playing"], 15, "the older tile marked playing")
    shown = poll_until(lambda: palette_name(client.centre_colour("older")), lambda c: c == "green", 15, 0.3,
                       "the older (green) clip on screen")
    check(shown == "green", f"the older clip plays again ({shown})")
    check(len(fake_creates(args.fake_url)) == creates, "playing an older clip made no create")
    # The README's picture of the dock (two clips, the older one on screen), bounded like every grab.
    subprocess.run(["timeout", "20", "import", "-window", "root", f"{args.artifacts}/dock-in-obs.png"], check=False)

    print("step: selecting another source in the Sources list switches the dock", flush=True)
    created = client.call("CreateInput", {"sceneName": "AnimateDiff", "inputName": SECOND,
                                          "inputKind": "animatediff_source", "inputSettings": {"prompt": "second"}})
    check(created.ok(), f"CreateInput '{SECOND}' ({created.comment})")
    seen = dock.wait(lambda d: SECOND in d["sources"], 15, f"'{SECOND}' in the Sources list")
    click(seen["sources"][SECOND])
    dock.wait(lambda d: d["source"] == SECOND and d["clips"] == [], 15, f"the dock follows to '{SECOND}'")
    renamed = client.call("SetInputName", {"inputName": SECOND, "newInputName": RENAMED})
    check(renamed.ok(), f"SetInputName '{SECOND}' -> '{RENAMED}' ({renamed.comment})")
    dock.wait(lambda d: d["source"] == RENAMED, 15, f"the dock keeps the renamed source as '{RENAMED}'")
    renamed = client.call("SetInputName", {"inputName": RENAMED, "newInputName": SECOND})
    check(renamed.ok(), f"SetInputName back to '{SECOND}' ({renamed.comment})")
    dock.wait(lambda d: d["source"] == SECOND and SECOND in d["sources"], 15, f"'{SECOND}' again")
    click(dock.now()["sources"][INPUT])
    dock.wait(lambda d: d["source"] == INPUT and len(d["clips"]) == 2, 15, f"and back to '{INPUT}'")

    print("step: switching the scene collection while the dock's generation runs", flush=True)
    before = len(fake_creates(args.fake_url))
    type_prompt(dock, "a collection switch mid-generation")
    dock.wait(lambda d: d["progress"] == -1 or 0 < d["progress"] < 100, 15, "the generation under way")
    check(len(fake_creates(args.fake_url)) == before + 1, "the generation reached the API before the switch")
    switched = client.call("CreateSceneCollection", {"sceneCollectionName": "Dock Other"})
    check(switched.ok(), f"CreateSceneCollection switches to an empty collection ({switched.comment})")
    dock.wait(lambda d: d["empty"] and d["source"] == "", 20, "the dock empty in the new collection")
    back = client.call("SetCurrentSceneCollection", {"sceneCollectionName": "AnimateDiff"})
    check(back.ok(), f"SetCurrentSceneCollection back ({back.comment})")
    dock.wait(lambda d: d["source"] == INPUT and len(d["clips"]) == 2, 20, f"'{INPUT}' and its clips again")

    print("step: removing the shown source", flush=True)
    removed = client.call("RemoveInput", {"inputName": INPUT})
    check(removed.ok(), f"RemoveInput '{INPUT}' ({removed.comment})")
    dock.wait(lambda d: d["source"] == SECOND, 15, f"the dock moves on to '{SECOND}'")
    removed = client.call("RemoveInput", {"inputName": SECOND})
    check(removed.ok(), f"RemoveInput '{SECOND}' ({removed.comment})")
    dock.wait(lambda d: d["empty"] and d["source"] == "", 15, "the dock empty, saying how to add a source")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ws-port", type=int, required=True)
    parser.add_argument("--fake-url", required=True)
    parser.add_argument("--artifacts", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--red-clip", required=True)
    parser.add_argument("--thumbnails", action="store_true")
    args = parser.parse_args()
    try:
        run(args)
    except Exception as error:  # a bounded wait that timed out, a refused request
        check(False, f"{type(error).__name__}: {error}")
    if failures:
        print(f"{len(failures)} check(s) failed", flush=True)
        return 1
    print("all dock checks passed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
