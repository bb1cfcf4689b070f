"""SSH pieces: key files (locked or not), the agent, and what known_hosts says about a server."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from pathlib import Path
from urllib.parse import urlsplit

import pygit2

from editor.model.sync.errors import PassphraseNeeded, SyncError


def has_passphrase(key: Path) -> bool:
    """A private key file locked with a passphrase (OpenSSH's own format, or PEM)."""
    try:
        text = key.read_text("ascii", errors="replace")
    except OSError:
        return False
    lines = text.splitlines()
    if any("ENCRYPTED" in line for line in lines if line.startswith(("-----", "Proc-Type:"))):
        return True
    try:
        blob = base64.b64decode("".join(line for line in lines if not line.startswith("-----")))
    except ValueError:
        return False
    magic = b"openssh-key-v1\0"
    if not blob.startswith(magic):
        return False
    size = int.from_bytes(blob[len(magic) : len(magic) + 4], "big")
    return blob[len(magic) + 4 : len(magic) + 4 + size] != b"none"  # the cipher of the private part


def key_credential(user: str, key: Path, passphrase: str, url: str) -> pygit2.Keypair:
    if not key.is_file():
        raise SyncError(f"there is no SSH key file at {key}: choose another key file", url)
    if not passphrase and has_passphrase(key):
        raise PassphraseNeeded(f"the SSH key {key} is locked with a passphrase", url, str(key))
    pub = Path(str(key) + ".pub")
    return pygit2.Keypair(user, str(pub) if pub.exists() else None, str(key), passphrase)


def require_agent(url: str) -> None:
    if os.name != "nt" and not os.environ.get("SSH_AUTH_SOCK"):  # libssh2 finds the agent there
        raise SyncError(
            "no SSH agent is running and no SSH key file is chosen: start the agent, or choose a key file "
            "(Preferences → SSH key)",
            url,
        )


def port_of(url: str) -> int:
    if "://" in url:
        try:
            return urlsplit(url).port or 22
        except ValueError:
            return 22
    return 22


def known_hosts_file() -> Path:
    """The file libgit2 reads: ``<home>/.ssh/known_hosts``, home as pygit2 took it from HOME."""
    home = pygit2.settings.homedir or os.path.expanduser("~")
    return Path(home) / ".ssh" / "known_hosts"


def listed_in_known_hosts(host: str, port: int) -> bool:
    """Whether known_hosts has any key for this host (plain or hashed names, ``[host]:port``)."""
    names = {host if port == 22 else f"[{host}]:{port}", host}
    try:
        lines = known_hosts_file().read_text("utf-8", "replace").splitlines()
    except OSError:
        return False
    for line in lines:
        fields = line.split()
        if len(fields) < 3 or line.startswith("#"):
            continue
        pattern = fields[1] if fields[0].startswith("@") else fields[0]
        for entry in pattern.split(","):
            if entry in names or (entry.startswith("|1|") and _hashed_match(entry, names)):
                return True
    return False


def _hashed_match(entry: str, names: set[str]) -> bool:
    try:
        _, _, salt, digest = entry.split("|")
        key, want = base64.b64decode(salt), base64.b64decode(digest)
    except ValueError:
        return False
    return any(hmac.compare_digest(hmac.new(key, n.encode(), hashlib.sha1).digest(), want) for n in names)
