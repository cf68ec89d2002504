#!/usr/bin/env python3
"""A tiny HTTP receiver for NotifyTests on 127.0.0.1 (or --host) and a port the kernel picks.

Writes the port to DIR/port once listening, and every request to DIR/req-N.json (method, path, headers, body).
Answers --status (default 200) with a short body; --echo-auth puts the received Authorization header into the body
(to prove the client scrubs it from errors); --location sets a Location header (for redirects);
--cert/--key serve HTTPS.
"""
import argparse
import json
import os
import signal
import socketserver
import ssl
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Server(ThreadingHTTPServer):
    """HTTPServer without its reverse DNS lookup of the address (getfqdn), which hangs where no resolver answers."""

    def server_bind(self):
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--status", type=int, default=200)
    parser.add_argument("--echo-auth", action="store_true")
    parser.add_argument("--location")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    args = parser.parse_args()
    counter = {"n": 0}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length).decode("utf-8")
            counter["n"] += 1
            record = {
                "method": self.command,
                "path": self.path,
                "version": self.request_version,
                "headers": [[k, v] for k, v in self.headers.items()],
                "body": body,
            }
            with open(os.path.join(args.dir, "req-%d.json" % counter["n"]), "w") as f:
                json.dump(record, f)
            text = "boom: receiver failed" if args.status >= 300 else '{"id":"ok"}'
            if args.echo_auth:
                text += " (got " + self.headers.get("Authorization", "") + ")"
            payload = text.encode()
            self.send_response(args.status)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(payload)))
            if args.location:
                self.send_header("Location", args.location)
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format, *args):
            pass

    server = Server((args.host, 0), Handler)
    if args.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    port = server.server_address[1]
    with open(os.path.join(args.dir, "port.tmp"), "w") as f:
        f.write(str(port))
    os.rename(os.path.join(args.dir, "port.tmp"), os.path.join(args.dir, "port"))
    server.serve_forever()


if __name__ == "__main__":
    # The test stops us with SIGTERM; the Swift test process may hand us SIGTERM blocked or ignored.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    main()
