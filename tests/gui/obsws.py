"""A small obs-websocket 5 client on websocket-client (Debian's python3-websocket).

Debian 13's python3-simpleobsws is broken (1.3.1 against websockets 15), so the GUI tests speak the
protocol themselves on a library that works on Debian 12, 13 and unstable: Hello -> Identify (with the
salted SHA-256 authentication when the server asks for it) -> Identified, then requests (op 6 -> 7) and
events (op 5). Synchronous: events that arrive while waiting for a response are kept in `events`.
"""
import base64
import hashlib
import json
import time
import uuid

import websocket

OP_HELLO, OP_IDENTIFY, OP_IDENTIFIED, OP_EVENT, OP_REQUEST, OP_RESPONSE = 0, 1, 2, 5, 6, 7
RPC_VERSION = 1
EVENT_SUB_ALL = 0x7FF  # every non-high-volume category, vendor events included (obs-websocket's default)


class Response:
    def __init__(self, data):
        self.request_type = data.get("requestType")
        self.status = data.get("requestStatus", {})
        self.data = data.get("responseData") or {}

    def ok(self):
        return bool(self.status.get("result"))

    @property
    def comment(self):
        return f'{self.status.get("code")} {self.status.get("comment", "")}'.strip()


def auth_string(password, salt, challenge):
    secret = base64.b64encode(hashlib.sha256((password + salt).encode()).digest()).decode()
    return base64.b64encode(hashlib.sha256((secret + challenge).encode()).digest()).decode()


class Client:
    def __init__(self, url, password="", timeout=10.0):
        self.url = url
        self.password = password
        self.timeout = timeout
        self.ws = None
        self.events = []  # (eventType, eventData) in arrival order

    def connect(self, event_subscriptions=EVENT_SUB_ALL):
        self.ws = websocket.create_connection(self.url, timeout=self.timeout)
        hello = self._receive_op(OP_HELLO, self.timeout)
        identify = {"rpcVersion": RPC_VERSION, "eventSubscriptions": event_subscriptions}
        auth = hello.get("authentication")
        if auth:
            identify["authentication"] = auth_string(self.password, auth["salt"], auth["challenge"])
        self._send(OP_IDENTIFY, identify)
        self._receive_op(OP_IDENTIFIED, self.timeout)
        return self

    def close(self):
        if self.ws is not None:
            self.ws.close()
            self.ws = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def call(self, request_type, data=None, timeout=15.0):
        request_id = uuid.uuid4().hex
        payload = {"requestType": request_type, "requestId": request_id}
        if data is not None:
            payload["requestData"] = data
        self._send(OP_REQUEST, payload)
        deadline = time.monotonic() + timeout
        while True:
            message = self._receive(deadline - time.monotonic())
            if message is None:
                raise TimeoutError(f"no answer to {request_type} within {timeout} s")
            if message["op"] == OP_RESPONSE and message["d"].get("requestId") == request_id:
                return Response(message["d"])

    def pump(self, seconds):
        """Reads events for up to `seconds` (returns early after the first message)."""
        self._receive(seconds)

    def _send(self, op, data):
        self.ws.send(json.dumps({"op": op, "d": data}))

    def _receive_op(self, op, timeout):
        deadline = time.monotonic() + timeout
        while True:
            message = self._receive(deadline - time.monotonic())
            if message is None:
                raise TimeoutError(f"obs-websocket sent no op {op} within {timeout} s")
            if message["op"] == op:
                return message["d"]

    def _receive(self, seconds):
        """One message (events are recorded on the way), or None when nothing came in time."""
        if seconds <= 0:
            return None
        self.ws.settimeout(seconds)
        try:
            raw = self.ws.recv()
        except websocket.WebSocketTimeoutException:
            return None
        message = json.loads(raw)
        if message.get("op") == OP_EVENT:
            event = message["d"]
            self.events.append((event.get("eventType"), event.get("eventData") or {}))
        return message
