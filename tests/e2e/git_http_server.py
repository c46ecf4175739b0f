#!/usr/bin/env python3
"""A small smart-HTTP git server for tests: git's own `git http-backend`
behind HTTP basic authentication.

Usage: git_http_server.py PROJECT_ROOT [--log FILE] [--redirect-to URL]

Listens on 127.0.0.1 on a free port, prints the port as the first line of
its standard output, then serves the repositories under PROJECT_ROOT until it
is killed. When the environment variable GIT_SERVER_USER is set, every
request must carry it and GIT_SERVER_PASSWORD; any other request gets 401
with a WWW-Authenticate challenge. Without it, anyone is served.

--log FILE appends one JSON line per request: its method, path and
Authorization header (empty when there was none), so a test can tell what
reached this server. --redirect-to URL answers every (authenticated)
request with a 302 to URL followed by the request's path, as a moved
repository would. Standard library only.
"""

import argparse
import base64
import binascii
import hmac
import json
import os
import signal
import subprocess
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit


def credentials_match(header, user, password):
    """Whether an Authorization header carries exactly `user` and `password`."""
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic" or not user:
        return False
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return False
    given_user, separator, given_password = decoded.partition(":")
    user_ok = hmac.compare_digest(given_user.encode(), user.encode())
    password_ok = hmac.compare_digest(given_password.encode(), password.encode())
    return separator == ":" and user_ok and password_ok


def split_cgi_output(output):
    """Splits a CGI response into (status, reason, headers, body)."""
    ends = [(output.find(marker), marker) for marker in (b"\r\n\r\n", b"\n\n")]
    ends = [(index, marker) for index, marker in ends if index >= 0]
    if not ends:
        return 502, "Bad Gateway", [], b"git http-backend gave no headers\n"
    index, marker = min(ends)
    head, body = output[:index], output[index + len(marker):]
    status, reason, headers = 200, "OK", []
    for line in head.decode("latin-1").splitlines():
        name, _, value = line.partition(":")
        value = value.strip()
        if name.lower() == "status":
            code, _, reason = value.partition(" ")
            status = int(code)
        elif name:
            headers.append((name, value))
    return status, reason, headers, body


class GitHttpHandler(BaseHTTPRequestHandler):
    server_version = "git-http-test-server"

    def do_GET(self):
        self.serve_git()

    def do_POST(self):
        self.serve_git()

    def log_message(self, format, *args):  # keep the test output quiet
        pass

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def send_plain(self, status, text, extra_headers=()):
        body = text.encode()
        self.send_response(status)
        for name, value in extra_headers:
            self.send_header(name, value)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def record(self):
        if not self.server.log_file:
            return
        entry = {"method": self.command, "path": self.path,
                 "authorization": self.headers.get("Authorization", "")}
        with open(self.server.log_file, "a", encoding="utf-8") as log:
            log.write(json.dumps(entry) + "\n")

    def serve_git(self):
        self.record()
        user = os.environ.get("GIT_SERVER_USER", "")
        password = os.environ.get("GIT_SERVER_PASSWORD", "")
        if user and not credentials_match(self.headers.get("Authorization", ""), user, password):
            self.read_body()
            self.send_plain(401, "authentication required\n",
                            [("WWW-Authenticate", 'Basic realm="git"')])
            return
        body = self.read_body()
        if self.server.redirect_to:
            self.send_plain(302, "moved\n", [("Location", self.server.redirect_to + self.path)])
            return
        url = urlsplit(self.path)
        environment = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", "/"),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_PROJECT_ROOT": self.server.project_root,
            "GIT_HTTP_EXPORT_ALL": "1",
            "GATEWAY_INTERFACE": "CGI/1.1",
            "SERVER_PROTOCOL": self.request_version,
            "SERVER_SOFTWARE": self.server_version,
            "REQUEST_METHOD": self.command,
            "PATH_INFO": unquote(url.path),
            "QUERY_STRING": url.query,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(len(body)),
            "REMOTE_USER": user,
            "REMOTE_ADDR": self.client_address[0],
        }
        if self.headers.get("Content-Encoding"):
            environment["HTTP_CONTENT_ENCODING"] = self.headers["Content-Encoding"]
        if self.headers.get("Git-Protocol"):
            environment["GIT_PROTOCOL"] = self.headers["Git-Protocol"]
        result = subprocess.run(["git", "http-backend"], input=body, env=environment,
                                capture_output=True, check=False)
        if result.returncode != 0 and not result.stdout:
            self.send_plain(500, result.stderr.decode(errors="replace"))
            return
        status, reason, headers, payload = split_cgi_output(result.stdout)
        self.send_response(status, reason or None)
        for name, value in headers:
            if name.lower() != "content-length":
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


def main():
    parser = argparse.ArgumentParser(description="smart-HTTP git server for tests")
    parser.add_argument("project_root")
    parser.add_argument("--log", default="")
    parser.add_argument("--redirect-to", default="")
    arguments = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server = ThreadingHTTPServer(("127.0.0.1", 0), GitHttpHandler)
    server.daemon_threads = True
    server.project_root = os.path.abspath(arguments.project_root)
    server.log_file = arguments.log
    server.redirect_to = arguments.redirect_to.rstrip("/")
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
