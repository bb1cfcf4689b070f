"""A smart-HTTP git server on 127.0.0.1 for tests, and a bare library repository to serve.

`GitHttpServer` answers each request by running `git http-backend` as a CGI program, so clone,
fetch, shallow fetch and push go through the real smart-HTTP protocol. It needs `git` on PATH;
the app does not (tests skip without it: `GIT`). A test can ask for token authentication and
for faults: a dropped connection during the pack download, a stall, an HTTP error on every
request. The faults are plain attributes, so a test can change them between two operations.

    with GitHttpServer(root, token="s3cret") as server:
        pygit2.clone_repository(server.url_for("library.git"), dest, callbacks=...)
        assert server.unauthorized == 1

Token authentication: a request without `Authorization: Basic base64(name:token)` gets 401 with
`WWW-Authenticate: Basic realm="git"`. Like the forges (GitHub takes `x-access-token`, GitLab
`oauth2`, most take anything), any user name is accepted with the right token unless `user` names
the one that must be sent; the names sent are kept in `server.users`.
"""

from __future__ import annotations

import base64
import contextlib
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pygit2

GIT = shutil.which("git")
"""The git program that runs http-backend, or None (then the HTTP tests skip)."""

SIGNATURE = pygit2.Signature("Test Author", "author@example.org", 1_700_000_000, 0)
BLOCK = 16 * 1024


def make_library_repo(tmp: Path, files: dict[str, bytes], name: str = "library.git") -> Path:
    """A bare repository tmp/name with HEAD on `main` and one commit holding `files` (paths may hold `/`)."""
    path = Path(tmp) / name
    repo = pygit2.init_repository(str(path), bare=True, initial_head="main")
    commit_files(path, files, "Add patterns")
    repo.free()
    return path


def commit_files(repo_path: Path, files: dict[str, bytes], message: str, branch: str = "main") -> pygit2.Oid:
    """Commits `files` over the tip of `branch` in a bare repository (no work tree needed); returns the commit."""
    repo = pygit2.Repository(str(repo_path))
    ref = f"refs/heads/{branch}"
    index = pygit2.Index()
    parents = []
    if ref in repo.references:
        tip = repo.references[ref].peel(pygit2.Commit)
        index.read_tree(tip.tree)
        parents = [tip.id]
    for rel, data in files.items():
        index.add(pygit2.IndexEntry(rel, repo.create_blob(data), pygit2.enums.FileMode.BLOB))
    tree = index.write_tree(repo)
    oid = repo.create_commit(ref, SIGNATURE, SIGNATURE, message, tree, parents)
    repo.free()
    return oid


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound and released, so connecting is refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class GitHttpServer(ThreadingHTTPServer):
    """Serves the bare repositories under `project_root` over smart HTTP; a context manager.

    Counters for assertions: `requests` (all requests), `unauthorized` (401 answers), `log` (method,
    path with query, status), `users` (user names sent with Basic auth), `errors` (http-backend's stderr).

    Faults, settable at any time:
    - `interrupt_after`: during an upload-pack POST (the pack download of a clone or fetch) send that
      many bytes of the response body, then close the socket without finishing the response (a FIN,
      or a TCP reset when `interrupt_with_reset`);
    - `stall`: seconds to sleep before answering each request (cut short when the server stops);
    - `fail_status`: answer every request with this HTTP status (e.g. 503) and no body.
    """

    daemon_threads = True

    def __init__(self, project_root: Path, token: str | None = None, user: str | None = None) -> None:
        if GIT is None:
            raise RuntimeError("git is not on PATH: the test server runs git http-backend")
        super().__init__(("127.0.0.1", 0), _Handler)
        self.project_root = Path(project_root)
        self.token = token
        self.user = user
        self.interrupt_after: int | None = None
        self.interrupt_with_reset = False
        self.stall = 0.0
        self.fail_status: int | None = None
        self.requests = 0
        self.unauthorized = 0
        self.log: list[tuple[str, str, int]] = []
        self.users: list[str] = []
        self.errors: list[str] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._connections: set[socket.socket] = set()
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self.server_address[1]

    def url_for(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/{name}"

    def __enter__(self) -> GitHttpServer:
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stopping.set()
        self.shutdown()
        with self._lock:
            open_connections = list(self._connections)
        for conn in open_connections:  # wakes handler threads waiting on a kept-alive connection
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        self.server_close()
        if self._thread is not None:
            self._thread.join(5)

    def handle_error(self, request, client_address) -> None:
        """A client that hangs up (libgit2 after an error, or freeing a remote) is no error; others are kept."""
        if not isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            with self._lock:
                self.errors.append(traceback.format_exc())

    def _record(self, method: str, path: str, status: int) -> None:
        with self._lock:
            self.log.append((method, path, status))
            if status == 401:
                self.unauthorized += 1


class _Handler(BaseHTTPRequestHandler):
    """One connection; HTTP/1.1 keep-alive, CGI bodies sent chunked as they come out of http-backend."""

    protocol_version = "HTTP/1.1"
    timeout = 30  # a kept-alive connection nobody uses any more ends by itself
    server: GitHttpServer

    def setup(self) -> None:
        super().setup()
        with self.server._lock:
            self.server._connections.add(self.connection)

    def finish(self) -> None:
        with self.server._lock:
            self.server._connections.discard(self.connection)
        super().finish()

    def log_message(self, format: str, *args) -> None:  # quiet: the counters and `log` say what happened
        pass

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def _serve(self) -> None:
        server = self.server
        with server._lock:
            server.requests += 1
        if server.stall and server._stopping.wait(server.stall):
            self.close_connection = True  # the server is stopping: no answer
            return
        if server.fail_status is not None:
            self._answer_empty(server.fail_status)
            return
        user = self._authenticated_user()
        if user is None:
            self._answer_empty(401, [("WWW-Authenticate", 'Basic realm="git"')])
            return
        self._run_backend(user)

    def _authenticated_user(self) -> str | None:
        """The user name to hand http-backend, or None when the request must be answered 401."""
        server = self.server
        if server.token is None:
            return "anonymous"  # REMOTE_USER set: http-backend enables receive-pack
        scheme, _, encoded = (self.headers.get("Authorization") or "").partition(" ")
        if scheme.lower() != "basic":
            return None
        try:
            name, _, secret = base64.b64decode(encoded, validate=True).decode("utf-8").partition(":")
        except ValueError:
            return None
        with server._lock:
            server.users.append(name)
        if secret != server.token or (server.user is not None and name != server.user):
            return None
        return name or "token"

    def _answer_empty(self, status: int, headers: list[tuple[str, str]] = ()) -> None:
        """A bodiless answer that closes the connection (any request body is left unread)."""
        self.server._record(self.command, self.path, status)
        self.send_response(status)
        for key, value in headers:
            self.send_header(key, value)
        self.send_header("Content-Length", "0")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True

    def _cgi_environment(self, user: str) -> dict[str, str]:
        path, _, query = self.path.partition("?")
        env = {
            "PATH": os.environ.get("PATH", os.defpath),
            "GIT_PROJECT_ROOT": str(self.server.project_root),
            "GIT_HTTP_EXPORT_ALL": "1",
            "GIT_CONFIG_NOSYSTEM": "1",
            "HOME": str(self.server.project_root),  # no user config leaks in
            "GATEWAY_INTERFACE": "CGI/1.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REQUEST_METHOD": self.command,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "REMOTE_USER": user,
            "REMOTE_ADDR": self.client_address[0],
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
        }
        if self.headers.get("Content-Length") is not None and not self._chunked_request():
            env["CONTENT_LENGTH"] = self.headers["Content-Length"]
        # http-backend itself inflates a gzip request body (HTTP_CONTENT_ENCODING) and reads Git-Protocol
        for key, value in self.headers.items():
            if key.lower() not in ("authorization", "content-type", "content-length", "transfer-encoding"):
                env["HTTP_" + key.upper().replace("-", "_")] = value
        return env

    def _chunked_request(self) -> bool:
        return "chunked" in (self.headers.get("Transfer-Encoding") or "").lower()

    def _request_body(self):
        """The request body in pieces as they arrive: chunked (libgit2 sends a push so) or Content-Length."""
        if self._chunked_request():
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):  # trailers
                        pass
                    return
                yield self.rfile.read(size)
                self.rfile.readline()  # the CRLF after the chunk
        else:
            remaining = int(self.headers.get("Content-Length") or 0)
            while remaining > 0:
                piece = self.rfile.read(min(BLOCK, remaining))
                if not piece:
                    return
                remaining -= len(piece)
                yield piece

    def _feed(self, proc: subprocess.Popen) -> None:
        """Streams the request body into http-backend; a body not read to its end closes the connection."""
        try:
            for piece in self._request_body():
                proc.stdin.write(piece)
        except (OSError, ValueError):
            self.close_connection = True  # the client went away, or http-backend stopped reading
        finally:
            with contextlib.suppress(OSError):
                proc.stdin.close()

    def _run_backend(self, user: str) -> None:
        with tempfile.TemporaryFile() as stderr:
            proc = subprocess.Popen(
                [GIT, "http-backend"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
                env=self._cgi_environment(user),
            )
            feeder = threading.Thread(target=self._feed, args=(proc,), daemon=True)
            feeder.start()
            try:
                self._relay(proc)
            finally:
                proc.stdout.close()
                if proc.poll() is None:
                    proc.kill()
                proc.wait()
                feeder.join(5)
                stderr.seek(0)
                text = stderr.read().decode("utf-8", "replace").strip()
                if text:
                    with self.server._lock:
                        self.server.errors.append(text)

    def _relay(self, proc: subprocess.Popen) -> None:
        """Sends the CGI response on: its header block (with `Status:`), then its body chunked."""
        status, reason, headers = 200, "OK", []
        while True:
            line = proc.stdout.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            key, _, value = line.decode("latin-1").partition(":")
            key, value = key.strip(), value.strip()
            if key.lower() == "status":
                code, _, reason = value.partition(" ")
                status = int(code)
            elif key.lower() not in ("content-length", "transfer-encoding", "connection"):
                headers.append((key, value))
        self.server._record(self.command, self.path, status)
        self.send_response(status, reason or None)
        for key, value in headers:
            self.send_header(key, value)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        budget = self.server.interrupt_after
        if not (self.command == "POST" and self.path.endswith("/git-upload-pack")):
            budget = None
        sent = 0
        while piece := proc.stdout.read1(BLOCK):
            if budget is not None and sent + len(piece) >= budget:
                self._write_chunk(piece[: budget - sent])
                self._drop_connection()
                return
            self._write_chunk(piece)
            sent += len(piece)
        self.wfile.write(b"0\r\n\r\n")

    def _write_chunk(self, data: bytes) -> None:
        if data:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))

    def _drop_connection(self) -> None:
        """Ends the connection mid-response, as a dropped network would (no final chunk)."""
        time.sleep(0.05)  # the bytes sent so far reach the client before the end
        with contextlib.suppress(OSError):
            if self.server.interrupt_with_reset:  # closing with a zero linger time sends RST
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
            else:
                self.connection.shutdown(socket.SHUT_RDWR)
        self.close_connection = True
