#!/usr/bin/env python3
"""A loopback sink for the streaming tests. HTTP: counts the batches POSTed
to it and the events (JSON lines, or JSON array elements, each parsed: a
body that is not valid JSON gets 400) they carry, answers 200
(or, with --fail-after N, 500 from the N+1-th batch; with --status N, N to
every batch, which it then does not count: a 302 redirects elsewhere; with
--busy-every N, 503 to every N-th request, not counted, as an overloaded
server would; with --require-header "NAME: VALUE", 401 to a request without
it).
--tcp: counts the connections and the lines sent over them; --tcp-stall N:
the same, but stops reading after N lines and never closes. On SIGTERM it
writes "batches events" (or "connections lines") to COUNT_FILE.
Usage: http_counter.py PORT_FILE COUNT_FILE
       [--fail-after N | --status N | --tcp | --tcp-stall N | --busy-every N
        | --require-header "NAME: VALUE"]..."""
import json
import os
import signal
import socketserver
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port_file, count_file = sys.argv[1], sys.argv[2]
options = {}
arguments = sys.argv[3:]
while arguments:
    name = arguments.pop(0)
    options[name] = True if name == "--tcp" else arguments.pop(0)
fail_after = int(options["--fail-after"]) if "--fail-after" in options else None
status = int(options["--status"]) if "--status" in options else None
tcp = "--tcp" in options or "--tcp-stall" in options
stall_after = int(options["--tcp-stall"]) if "--tcp-stall" in options else None
busy_every = int(options["--busy-every"]) if "--busy-every" in options else None
required = options["--require-header"].split(": ", 1) if "--require-header" in options else None
counts = {"batches": 0, "events": 0, "requests": 0}
lock = threading.Lock()  # --connections N: requests arrive on several threads


class LineCounter(socketserver.BaseRequestHandler):
    def handle(self):
        counts["batches"] += 1
        while True:
            if stall_after is not None and counts["events"] >= stall_after:
                time.sleep(3600)  # a peer that stopped reading, and never closes
            data = self.request.recv(65536)
            if not data:
                break
            counts["events"] += data.count(b"\n")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the client expects

    def refuse(self, code):
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        with lock:
            counts["requests"] += 1
            busy = busy_every is not None and counts["requests"] % busy_every == 0
        if busy:
            return self.refuse(503)
        if required is not None and self.headers.get(required[0]) != required[1]:
            return self.refuse(401)
        if fail_after is not None and counts["batches"] >= fail_after:
            self.send_response(500)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if status is not None:
            self.send_response(status)
            self.send_header("Location", "http://127.0.0.1:1/elsewhere")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        # Every event parsed as JSON: a malformed body is refused (400), so a
        # sender that writes broken JSON fails its test.
        try:
            text = body.decode()
            if self.headers["Content-Type"] == "application/json":
                parsed = json.loads(text)
                assert isinstance(parsed, list) and all(isinstance(e, dict) for e in parsed)
                events = len(parsed)
            else:
                lines = [line for line in text.split("\n") if line]
                assert all(isinstance(json.loads(line), dict) for line in lines)
                events = len(lines)
        except (ValueError, AssertionError):
            self.send_response(400)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        with lock:
            counts["batches"] += 1
            counts["events"] += events
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def stop(*_):
    with open(count_file, "w") as out:
        out.write(f"{counts['batches']} {counts['events']}\n")
    sys.exit(0)


signal.signal(signal.SIGTERM, stop)
if tcp:
    socketserver.ThreadingTCPServer.daemon_threads = True  # a stalled reader must not block exit
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), LineCounter)
else:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(port_file + ".tmp", "w") as out:
    out.write(str(server.server_address[1]))
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
