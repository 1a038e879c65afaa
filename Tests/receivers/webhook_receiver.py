#!/usr/bin/env python3
"""A Standard Webhooks receiver for ucbridge's delivery tests.

Listens on 127.0.0.1 (ephemeral port), prints {"port": N} as its first stdout line, then
one JSON line per request received:
  {"t": unix time, "id", "sequence", "subject", "type", "status" (what it answered),
   "verified": [bool per --secret, checked with the standardwebhooks package],
   "signatures": number of v1 signatures in the header, "user_agent", "content_type",
   "has_raw": bool, "custom": value of the X-Test header or null}

Behaviour (all optional; evaluated in this order):
  --gone                answer 410 to everything
  --hang-first N        the first N requests never get an answer (connection held open)
  --fail-first N        the first N requests (after hung ones) answer --fail-status
  --fail-each N         every event id gets --fail-status on its first N attempts
  --fail-always         every request answers --fail-status (until stdin says "mode ok")
  --fail-status S       default 500
  --retry-after V       sent with failures (seconds or an HTTP date, verbatim)
  --delay-max SECONDS   random delay in [0, SECONDS] before answering (HTTP/1.1 keep-alive)
stdin lines switch behaviour at run time: "mode ok", "mode fail".
"""
import argparse
import json
import random
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook

parser = argparse.ArgumentParser()
parser.add_argument("--secret", action="append", default=[])
parser.add_argument("--gone", action="store_true")
parser.add_argument("--hang-first", type=int, default=0)
parser.add_argument("--fail-first", type=int, default=0)
parser.add_argument("--fail-each", type=int, default=0)
parser.add_argument("--fail-always", action="store_true")
parser.add_argument("--fail-status", type=int, default=500)
parser.add_argument("--retry-after", default=None)
parser.add_argument("--delay-max", type=float, default=0.0)
args = parser.parse_args()

hooks = [Webhook(s) for s in args.secret]
lock = threading.Lock()
out_lock = threading.Lock()
state = {"requests": 0, "fail_always": args.fail_always, "attempts": {}}
forever = threading.Event()


def emit(record):
    line = json.dumps(record)
    with out_lock:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        received = time.time()
        headers = {k.lower(): v for k, v in self.headers.items()}
        verified = []
        for h in hooks:
            try:
                h.verify(body, headers)
                verified.append(True)
            except Exception:
                verified.append(False)
        try:
            event = json.loads(body)
        except Exception:
            event = {}
        event_id = headers.get("webhook-id")
        with lock:
            state["requests"] += 1
            n = state["requests"]
            attempt = state["attempts"].get(event_id, 0) + 1
            state["attempts"][event_id] = attempt
            fail_always = state["fail_always"]
        status = 204
        hang = False
        if args.gone:
            status = 410
        elif n <= args.hang_first:
            hang = True
        elif n <= args.hang_first + args.fail_first or attempt <= args.fail_each or fail_always:
            status = args.fail_status
        data = event.get("data") if isinstance(event.get("data"), dict) else {}
        emit({
            "t": received, "id": event_id, "sequence": event.get("sequence"), "subject": event.get("subject"),
            "type": event.get("type"), "status": None if hang else status, "verified": verified,
            "signatures": len(headers.get("webhook-signature", "").split()), "timestamp": headers.get("webhook-timestamp"),
            "user_agent": headers.get("user-agent"), "content_type": headers.get("content-type"),
            "has_raw": "raw" in data, "custom": headers.get("x-test"), "attempt": attempt,
        })
        if hang:
            forever.wait()
            return
        if args.delay_max > 0:
            time.sleep(random.uniform(0, args.delay_max))
        self.send_response(status)
        if status >= 300 and args.retry_after is not None:
            self.send_header("Retry-After", args.retry_after)
        self.send_header("Content-Length", "0")
        self.end_headers()


def control():
    for line in sys.stdin:
        words = line.split()
        if words[:1] == ["mode"] and len(words) == 2:
            with lock:
                state["fail_always"] = words[1] == "fail"
            emit({"control": words[1]})


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


server = Server(("127.0.0.1", 0), Handler)
emit({"port": server.server_address[1]})
threading.Thread(target=control, daemon=True).start()
try:
    server.serve_forever()
except KeyboardInterrupt:
    pass
