#!/usr/bin/env python3
"""A stand-in UCServer web service for createsession tests (Python http.server).

Prints `PORT <n>` on stdout, then one JSON line per request it receives (method, path,
query, headers, body) before answering it. The first path segment selects the answer:
  /ok/ws/client/createsession           200 {"sessionid": ...} (the fixture)
  /okcaps/ws/client/createsession       200 {"sessionID": "CAPS"}
  /reject/ws/client/createsession       400 createsession_error_400_body.json
  /locked/...                           400 with iErrorDetail 131 (transient)
  /notconnected/ws/client/createsession 502 WsError body (PROTOCOL.md §1.3)
  /unauth/...                           401
  /teapot/...                           418 with a text body
  /ucconnect/controller/client/ucws     200 {"redirect": "<this server>/ok"}
  /ucconnect-bad/controller/client/ucws 404 "unknown ucsid"
argv[1] is the fixture directory. Exits when stdin closes.
"""
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, parse_qsl

FIXTURES = sys.argv[1]


def fixture(name):
    with open(os.path.join(FIXTURES, name), "rb") as f:
        return f.read()


BAD_GATEWAY = json.dumps({"error": {"details": "server not connected here: [local1]", "_type": "WsError",
                                    "iErrorDetail": 119, "u8sErrorString": "UCServer is not connected here"}}).encode()
LOCKED = json.dumps({"error": {"_type": "AsnLogonError", "iErrorDetail": 131,
                               "u8sErrorMessage": "Too many attempts"}}).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        record = {"method": self.command, "path": parts.path, "query": dict(parse_qsl(parts.query)),
                  "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body.decode("utf-8", "replace")}
        print(json.dumps(record), flush=True)
        mode = parts.path.split("/")[1] if parts.path.count("/") > 1 else ""
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        status, payload = {
            "ok": (200, fixture("createsession_response_body.json")),
            "okcaps": (200, b'{"sessionID": "CAPS"}'),
            "reject": (400, fixture("createsession_error_400_body.json")),
            "locked": (400, LOCKED),
            "notconnected": (502, BAD_GATEWAY),
            "unauth": (401, b""),
            "teapot": (418, b"I am a teapot\nnot a UCServer"),
            "ucconnect": (200, json.dumps({"redirect": base + "/ok"}).encode()),
            "ucconnect-bad": (404, b"unknown ucsid"),
        }.get(mode, (404, b"no such mode"))
        self.send_response(status)
        if status == 401:
            self.send_header("WWW-Authenticate", 'Basic realm="ucserver"')
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = handle_any
    do_POST = handle_any


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
print(f"PORT {server.server_address[1]}", flush=True)
sys.stdin.read()
server.shutdown()
