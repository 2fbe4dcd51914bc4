#!/usr/bin/env python3
"""A loopback sink for the streaming tests. HTTP: counts the batches POSTed
to it and the events (lines, or JSON array elements) they carry, answers 200
(or, with --fail-after N, 500 from the N+1-th batch). --tcp: counts the
connections and the lines sent over them. On SIGTERM it writes "batches
events" (or "connections lines") to COUNT_FILE.
Usage: http_counter.py PORT_FILE COUNT_FILE [--fail-after N | --tcp]"""
import json
import os
import signal
import socketserver
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port_file, count_file = sys.argv[1], sys.argv[2]
fail_after = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == "--fail-after" else None
tcp = len(sys.argv) > 3 and sys.argv[3] == "--tcp"
counts = {"batches": 0, "events": 0}


class LineCounter(socketserver.BaseRequestHandler):
    def handle(self):
        counts["batches"] += 1
        while True:
            data = self.request.recv(65536)
            if not data:
                break
            counts["events"] += data.count(b"\n")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the client expects

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if fail_after is not None and counts["batches"] >= fail_after:
            self.send_response(500)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        text = body.decode()
        if text.startswith("["):
            events = len(json.loads(text))
        else:
            events = sum(1 for line in text.splitlines() if line)
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
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), LineCounter)
else:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(port_file + ".tmp", "w") as out:
    out.write(str(server.server_address[1]))
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
