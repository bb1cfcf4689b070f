"""Credentials and progress for one git network operation: tokens from the OS keychain (keyring),
SSH keys from the agent or a chosen file, host-key checks, progress reports and Cancel.

libgit2 asks for credentials again after each refusal; the second ask for the same kind means the
first was wrong, so it raises AuthFailed instead of looping. A Python exception raised in a callback
aborts the libgit2 call and is re-raised by pygit2 from clone/fetch/push.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pygit2
from pygit2.enums import CredentialType

from editor.model.sync import ssh
from editor.model.sync.errors import AuthFailed, AuthRequired, Cancelled, HostKeyChanged, HostKeyUnknown, SyncError

SERVICE = "pattern-editor git"
# libgit2 waits forever on a silent server by default, and no callback (so no Cancel) runs meanwhile
pygit2.settings.server_connect_timeout = 20_000  # ms
pygit2.settings.server_timeout = 60_000
TOKEN_ENV = "PATTERN_EDITOR_GIT_TOKEN"  # for scripts and CI: a token without the keychain


def host_of(url: str) -> str:
    """``github.com`` for https://github.com/o/r.git, ssh://git@host:22/x and git@host:o/r.git."""
    if "://" in url:
        return (urlsplit(url).hostname or "").lower()
    if "@" in url and ":" in url.split("@", 1)[1]:  # scp-like ssh: user@host:path
        return url.split("@", 1)[1].split(":", 1)[0].lower()
    return ""


def is_local(url: str) -> bool:
    return url.startswith("file://") or not host_of(url)


# ---------------------------------------------------------------- the keychain


def stored_token(host: str) -> str | None:
    """The token stored for ``host`` in the OS keychain, or None (also when no keychain works)."""
    if os.environ.get(TOKEN_ENV):
        return os.environ[TOKEN_ENV]
    try:
        import keyring

        return keyring.get_password(SERVICE, host)
    except Exception:  # no keychain on this system (keyring.errors.NoKeyringError and kin)
        return None


def store_token(host: str, token: str) -> None:
    """Keep ``token`` for ``host`` in the OS keychain. Raises SyncError when there is none."""
    import keyring

    try:
        keyring.set_password(SERVICE, host, token)
    except Exception as exc:
        raise SyncError(f"could not store the token in the system keychain: {exc}", host) from None


def forget_token(host: str) -> None:
    import keyring

    try:
        keyring.delete_password(SERVICE, host)
    except Exception:  # nothing stored, or no keychain
        pass


# ---------------------------------------------------------------- one operation's callbacks


@dataclass
class Auth:
    """How to prove who we are. ``token`` overrides the keychain for this operation (the dialog
    passes the one just typed); ``ssh_key`` is a private key file, else the SSH agent is asked."""

    token: str | None = None
    token_user: str = "x-access-token"  # forges accept any user name beside a token
    ssh_key: Path | None = None
    ssh_passphrase: str = ""
    trusted_hosts: set[str] = field(default_factory=set)  # host names the user chose to trust


Progress = Callable[[int, int, int], None]  # (done, total, bytes)


class Callbacks(pygit2.RemoteCallbacks):
    def __init__(
        self,
        url: str,
        auth: Auth | None = None,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> None:
        super().__init__()
        self.url = url
        self.host = host_of(url)
        self.auth = auth or Auth()
        self._progress = progress
        self._cancelled = cancelled or (lambda: False)
        self._asked: set[str] = set()
        self.rejected: dict[str, str] = {}  # ref -> the server's reason

    # libgit2 -> us
    def credentials(self, url, username_from_url, allowed_types):
        if allowed_types & CredentialType.USERPASS_PLAINTEXT:
            token = self.auth.token or stored_token(self.host)
            if token is None:
                raise AuthRequired(f"{self.host} asks for a token to get or share this library", url, self.host)
            return self._once("token", pygit2.UserPass(username_from_url or self.auth.token_user, token))
        if allowed_types & CredentialType.SSH_KEY:
            user = username_from_url or "git"
            key = self.auth.ssh_key
            if key is not None:
                cred = ssh.key_credential(user, Path(key), self.auth.ssh_passphrase, self.url)
                return self._once(f"key {key}", cred)
            ssh.require_agent(self.url)
            return self._once("agent", pygit2.KeypairFromAgent(user))
        if allowed_types & CredentialType.USERNAME:
            return pygit2.Username(username_from_url or "git")
        raise AuthFailed(f"{self.host or url} asks for a kind of sign-in this app cannot give", url, self.host)

    def _once(self, kind: str, cred):
        if kind in self._asked:
            locked = " (or its passphrase is wrong)" if self.auth.ssh_passphrase else ""
            what = {
                "token": "the token",
                "agent": "the keys of the SSH agent (or the agent holds none)",
            }.get(kind, f"the SSH key {kind[4:]}{locked}")
            raise AuthFailed(f"{self.host} refused {what}", self.url, self.host, "token" if kind == "token" else "ssh")
        self._asked.add(kind)
        return cred

    def certificate_check(self, certificate, valid, host):
        # libgit2 sets ``valid`` from known_hosts (SSH) or the CA store (HTTPS). pygit2 passes no
        # certificate, so a host the user chose to trust is remembered by name and port; a host that
        # known_hosts lists with another key is refused outright (pygit2's default would accept it)
        if valid:
            return True
        name = host.decode() if isinstance(host, bytes) else str(host)
        port = ssh.port_of(self.url)
        if ssh.listed_in_known_hosts(name, port):
            raise HostKeyChanged(
                f"{name} answered with another identity than the one this computer knows: someone may be "
                "in between. Do not connect; ask the library's maintainers whether the server changed",
                self.url,
                name,
            )
        trust = f"{name}:{port}"
        if trust in self.auth.trusted_hosts:
            return True
        raise HostKeyUnknown(
            f"the identity of {name} could not be checked: it is not among this computer's known hosts",
            self.url,
            name,
            trust,
        )

    def transfer_progress(self, stats) -> None:
        if self._cancelled():
            raise Cancelled("cancelled", self.url)
        if self._progress is not None:
            total = stats.total_objects
            done = stats.indexed_objects if stats.received_objects >= total else stats.received_objects
            self._progress(done, total, stats.received_bytes)

    def sideband_progress(self, string: str) -> None:
        if self._cancelled():
            raise Cancelled("cancelled", self.url)

    def push_transfer_progress(self, objects_pushed: int, total_objects: int, bytes_pushed: int) -> None:
        if self._cancelled():
            raise Cancelled("cancelled", self.url)
        if self._progress is not None:
            self._progress(objects_pushed, total_objects, bytes_pushed)

    def push_update_reference(self, refname, message) -> None:
        if message is not None:
            ref = refname.decode() if isinstance(refname, bytes) else str(refname)
            self.rejected[ref] = message.decode() if isinstance(message, bytes) else str(message)
