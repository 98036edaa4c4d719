#!/usr/bin/python3
"""Calls one obs-websocket 5 request and prints its responseData as JSON.

Usage: ws_call.py <port> <RequestType> [request data JSON]
Exits 1 (with the status comment on stderr) when OBS answers with a failure, 2 when it cannot connect.
Runs with Debian's /usr/bin/python3 so that python3-simpleobsws is importable.
"""
import asyncio
import json
import sys

import simpleobsws


async def main() -> int:
    port, request_type = sys.argv[1], sys.argv[2]
    data = json.loads(sys.argv[3]) if len(sys.argv) > 3 else None
    ws = simpleobsws.WebSocketClient(url=f"ws://127.0.0.1:{port}", password="")
    try:
        await ws.connect()
        await ws.wait_until_identified(timeout=10)
    except Exception as error:  # connection refused, handshake failure
        print(f"cannot connect to obs-websocket on port {port}: {error}", file=sys.stderr)
        return 2
    try:
        response = await ws.call(simpleobsws.Request(request_type, data), timeout=15)
    finally:
        await ws.disconnect()
    print(json.dumps(response.responseData or {}, ensure_ascii=False))
    if not response.ok():
        print(f"{request_type} failed: {response.requestStatus.code} {response.requestStatus.comment}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
