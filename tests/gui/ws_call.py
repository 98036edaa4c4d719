#!/usr/bin/python3
"""Calls one obs-websocket 5 request and prints its responseData as JSON.

Usage: ws_call.py <port> <RequestType> [request data JSON]
Exits 1 (with the status comment on stderr) when OBS answers with a failure, 2 when it cannot connect.
Runs with Debian's /usr/bin/python3 so that python3-websocket (used by obsws.py) is importable.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import obsws  # noqa: E402


def main() -> int:
    port, request_type = sys.argv[1], sys.argv[2]
    data = json.loads(sys.argv[3]) if len(sys.argv) > 3 else None
    client = obsws.Client(f"ws://127.0.0.1:{port}")
    try:
        client.connect(event_subscriptions=0)
    except Exception as error:  # connection refused, handshake failure
        print(f"cannot connect to obs-websocket on port {port}: {error}", file=sys.stderr)
        return 2
    with client:
        response = client.call(request_type, data)
    print(json.dumps(response.data, ensure_ascii=False))
    if not response.ok():
        print(f"{request_type} failed: {response.comment}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
