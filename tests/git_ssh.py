"""An SSH git server on 127.0.0.1 for tests (paramiko), keys for it, and a known_hosts to trust it.

`GitSshServer` accepts public-key sign-in for the keys it is given and answers the two commands
git sends over SSH, ``git-upload-pack '<path>'`` (clone, fetch) and ``git-receive-pack '<path>'``
(push), by running the machine's `git` on a repository under `project_root`, relaying stdin, stdout
and stderr and sending git's exit status. It needs `git` on PATH (tests skip without it: `GIT`).

    key = make_key(tmp / "id_ed25519")
    with GitSshServer(root, authorized=[key.public]) as server:
        write_known_hosts(home, server)   # home is what pygit2.settings.homedir points to
        pygit2.clone_repository(server.url_for("library.git"), dest, callbacks=...)
        assert server.accepted == [key.fingerprint]

libgit2 (1.9, libssh2 transport) reads ``<homedir>/.ssh/known_hosts``, where homedir is
``pygit2.settings.homedir`` (GIT_OPT_SET_HOMEDIR), taken from $HOME once when libgit2 starts: changing
HOME afterwards changes nothing, so tests point homedir at a temporary folder (`isolated_home`).
A server on a port other than 22 is looked up as ``[127.0.0.1]:PORT``.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import os
import shlex
import shutil
import socket
import subprocess
import threading
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import paramiko
import pygit2
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

GIT = shutil.which("git")
"""The git program that serves the repositories, or None (then the SSH tests skip)."""

TIMEOUT = 20.0  # seconds: no thread of the server waits longer than this on a silent peer
COMMANDS = {"git-upload-pack": "upload-pack", "git-receive-pack": "receive-pack"}


# ---------------------------------------------------------------- keys


@dataclass(frozen=True)
class Key:
    """An Ed25519 key pair: ``path`` holds the private key (OpenSSH format) and ``path.pub`` the
    public line, as ``ssh-keygen -t ed25519 -N '' -f path`` would write them."""

    path: Path | None
    private: paramiko.PKey
    public: str  # "ssh-ed25519 AAAA… comment"

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.private)


def make_key(path: Path | None = None, comment: str = "test@pattern-editor", passphrase: str = "") -> Key:
    """A new Ed25519 key, written to ``path`` and ``path.pub`` (mode 600) when a path is given,
    locked with ``passphrase`` when one is given."""
    raw = Ed25519PrivateKey.generate()
    lock = serialization.NoEncryption()
    if passphrase:  # bcrypt with 1 round, not 16: tests need no strong lock, only a locked file
        lock = serialization.PrivateFormat.OpenSSH.encryption_builder().kdf_rounds(1).build(passphrase.encode())
    pem = raw.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, lock).decode()
    pkey = paramiko.Ed25519Key.from_private_key(io.StringIO(pem), password=passphrase or None)
    public = f"{pkey.get_name()} {pkey.get_base64()} {comment}"
    if path is not None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(pem)
        path.with_name(path.name + ".pub").write_text(public + "\n", "ascii")
    return Key(path, pkey, public)


def fingerprint(key: paramiko.PKey) -> str:
    """``SHA256:…`` as ``ssh-keygen -l`` prints it."""
    digest = hashlib.sha256(key.asbytes()).digest()
    return "SHA256:" + base64.b64encode(digest).decode().rstrip("=")


# ---------------------------------------------------------------- known_hosts and libgit2's home


def known_hosts_line(server: GitSshServer) -> str:
    """``[127.0.0.1]:PORT ssh-ed25519 AAAA…`` (the bracketed form ssh uses for a port other than 22)."""
    host, port = server.address
    name = host if port == 22 else f"[{host}]:{port}"
    return f"{name} {server.host_key.get_name()} {server.host_key.get_base64()}"


def write_known_hosts(home: Path, *servers: GitSshServer) -> Path:
    """Write ``home/.ssh/known_hosts`` naming ``servers`` (replacing what was there); its path."""
    ssh = Path(home) / ".ssh"
    ssh.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = ssh / "known_hosts"
    path.write_text("".join(known_hosts_line(s) + "\n" for s in servers), "ascii")
    return path


@contextlib.contextmanager
def isolated_home(home: Path) -> Iterator[Path]:
    """libgit2 looks for ``.ssh/known_hosts`` (and the user's git config) under ``home`` meanwhile;
    the previous home directory is put back afterwards."""
    previous = pygit2.settings.homedir
    Path(home).mkdir(parents=True, exist_ok=True)
    pygit2.settings.homedir = str(home)
    try:
        yield Path(home)
    finally:
        pygit2.settings.homedir = previous


# ---------------------------------------------------------------- the server


class _Session(paramiko.ServerInterface):
    """One client connection: public-key sign-in, then one ``exec`` per channel."""

    def __init__(self, server: GitSshServer) -> None:
        self.server = server
        self.commands: dict[int, str] = {}
        self.signed_in: str | None = None
        self.ready = threading.Condition()

    def get_allowed_auths(self, username: str) -> str:
        return "publickey"

    def check_auth_none(self, username: str) -> int:
        return paramiko.AUTH_FAILED

    def check_auth_publickey(self, username: str, key: paramiko.PKey) -> int:
        # paramiko asks twice for a key it takes: when the client asks "would you take it?" and
        # again once the client has signed with it; a refused key is asked about once. A client
        # that signs in opens a channel next, so `accepted` is written then.
        name = fingerprint(key)
        with self.server.lock:
            self.server.auth_attempts += 1
            self.server.users.append(username)
            if key.get_base64() in self.server.authorized:
                self.signed_in = name  # the last key taken: a channel opened after it signed in
                return paramiko.AUTH_SUCCESSFUL
            self.server.refused.append(name)
        return paramiko.AUTH_FAILED

    def check_channel_request(self, kind: str, chanid: int) -> int:
        if kind == "session":
            with self.server.lock:
                if self.signed_in is not None:
                    self.server.accepted.append(self.signed_in)
                    self.signed_in = None
            return paramiko.OPEN_SUCCEEDED
        return paramiko.OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED

    def check_channel_exec_request(self, channel: paramiko.Channel, command: bytes) -> bool:
        with self.ready:
            self.commands[channel.get_id()] = command.decode("utf-8", "replace")
            self.ready.notify_all()
        return True

    def wait_command(self, channel: paramiko.Channel) -> str | None:
        with self.ready:
            self.ready.wait_for(lambda: channel.get_id() in self.commands or channel.closed, TIMEOUT)
            return self.commands.get(channel.get_id())


class GitSshServer:
    """Serves the repositories under ``project_root`` over SSH on 127.0.0.1; a context manager.

    ``authorized``: public keys allowed to sign in (``"ssh-ed25519 AAAA… comment"`` lines or
    paramiko keys); any user name is accepted. Counters for tests: ``auth_attempts`` (public-key
    requests: libssh2 asks whether a key would do, then signs with it, so a key taken counts 2 and
    a key refused 1), ``accepted`` (the key of each connection that signed in), ``refused``,
    ``users``, ``commands`` (the exec requests, as sent) and ``errors`` (tracebacks in the server).
    """

    host_key: paramiko.PKey = None  # type: ignore[assignment]  # one per test session, made on first use

    def __init__(self, project_root: Path, authorized: Iterable[str | paramiko.PKey] = ()) -> None:
        if GitSshServer.host_key is None:
            GitSshServer.host_key = make_key(comment="host").private
        self.project_root = Path(project_root).resolve()
        self.authorized: set[str] = set()
        for key in authorized:
            self.authorize(key)
        self.lock = threading.Lock()
        self.auth_attempts = 0
        self.accepted: list[str] = []
        self.refused: list[str] = []
        self.users: list[str] = []
        self.commands: list[str] = []
        self.errors: list[str] = []
        self._listener: socket.socket | None = None
        self._threads: list[threading.Thread] = []
        self._transports: list[paramiko.Transport] = []
        self._processes: list[subprocess.Popen] = []
        self._stopping = threading.Event()
        self.address: tuple[str, int] = ("127.0.0.1", 0)

    def authorize(self, key: str | paramiko.PKey) -> None:
        self.authorized.add(key.split()[1] if isinstance(key, str) else key.get_base64())

    def url_for(self, name: str, user: str = "git") -> str:
        return f"ssh://{user}@{self.address[0]}:{self.address[1]}/{name}"

    # lifecycle

    def __enter__(self) -> GitSshServer:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        listener.settimeout(0.2)
        self._listener = listener
        self.address = listener.getsockname()[:2]
        self._start(self._accept_loop, "git-ssh-accept")
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._stopping.set()
        if self._listener is not None:
            self._listener.close()
        with self.lock:
            transports, processes = list(self._transports), list(self._processes)
        for proc in processes:
            if proc.poll() is None:
                proc.kill()
        for transport in transports:
            transport.close()
        for thread in list(self._threads):
            thread.join(5)
        for proc in processes:
            with contextlib.suppress(Exception):
                proc.wait(5)

    def _start(self, target, name: str, *args) -> threading.Thread:
        thread = threading.Thread(target=self._guarded, args=(target, *args), name=name, daemon=True)
        with self.lock:
            self._threads.append(thread)
        thread.start()
        return thread

    def _guarded(self, target, *args) -> None:
        try:
            target(*args)
        except Exception:
            if not self._stopping.is_set():
                with self.lock:
                    self.errors.append(traceback.format_exc())

    # connections

    def _accept_loop(self) -> None:
        assert self._listener is not None
        while not self._stopping.is_set():
            try:
                sock, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            sock.settimeout(None)
            self._start(self._serve_connection, "git-ssh-connection", sock)

    def _serve_connection(self, sock: socket.socket) -> None:
        transport = paramiko.Transport(sock)
        channels: list[threading.Thread] = []
        with self.lock:
            self._transports.append(transport)
        try:
            transport.add_server_key(self.host_key)
            session = _Session(self)
            try:
                transport.start_server(server=session)
            except (paramiko.SSHException, EOFError, OSError):
                return  # the client hung up during the handshake (an unknown host key does that)
            while transport.is_active() and not self._stopping.is_set():
                channel = transport.accept(timeout=0.2)
                if channel is not None:
                    channels.append(self._start(self._serve_channel, "git-ssh-channel", session, channel))
        finally:
            for thread in channels:
                thread.join(TIMEOUT)
            transport.close()

    def _serve_channel(self, session: _Session, channel: paramiko.Channel) -> None:
        try:
            command = session.wait_command(channel)
            if command is None:
                return
            with self.lock:
                self.commands.append(command)
            argv = self._git_argv(command)
            if argv is None:
                channel.sendall_stderr(f"fatal: unsupported command: {command}\n".encode())
                channel.send_exit_status(128)
                return
            channel.send_exit_status(self._run(argv, channel))
        finally:
            with contextlib.suppress(Exception):
                channel.shutdown_write()
            channel.close()

    def _git_argv(self, command: str) -> list[str] | None:
        try:
            words = shlex.split(command)
        except ValueError:
            return None
        if len(words) != 2 or words[0] not in COMMANDS or GIT is None:
            return None
        path = words[1]
        for prefix in ("/~/", "~/", "/"):
            if path.startswith(prefix):
                path = path[len(prefix) :]
                break
        repo = (self.project_root / path).resolve()
        if repo != self.project_root and self.project_root not in repo.parents:
            return None
        return [GIT, COMMANDS[words[0]], str(repo)]

    def _run(self, argv: list[str], channel: paramiko.Channel) -> int:
        env = {
            "PATH": os.environ.get("PATH", os.defpath),
            "HOME": str(self.project_root),  # no user config leaks in
            "GIT_CONFIG_NOSYSTEM": "1",
        }
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        with self.lock:
            self._processes.append(proc)
        channel.settimeout(TIMEOUT)
        feeder = self._start(self._feed, "git-ssh-stdin", channel, proc)
        errors = self._start(self._pump, "git-ssh-stderr", proc.stderr, channel.sendall_stderr)
        self._pump(proc.stdout, channel.sendall)
        errors.join(TIMEOUT)
        try:
            status = proc.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            status = proc.wait()
        feeder.join(0)  # it ends when the client closes the channel
        return status

    @staticmethod
    def _pump(source, send) -> None:
        while chunk := source.read1(32 * 1024):
            send(chunk)
        source.close()

    @staticmethod
    def _feed(channel: paramiko.Channel, proc: subprocess.Popen) -> None:
        try:
            while proc.poll() is None:
                try:
                    chunk = channel.recv(32 * 1024)
                except TimeoutError:
                    continue
                if not chunk:
                    break
                proc.stdin.write(chunk)
                proc.stdin.flush()
        except (BrokenPipeError, OSError):
            pass  # git finished reading and exited
        finally:
            with contextlib.suppress(OSError):
                proc.stdin.close()
