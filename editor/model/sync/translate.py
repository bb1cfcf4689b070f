"""libgit2's error texts turned into messages a contributor can act on."""

from __future__ import annotations

import re

from editor.model.sync.auth import host_of
from editor.model.sync.errors import AuthFailed, HostKeyUnknown, NetworkError, SyncError

# (pattern over libgit2's message, lower case) -> (error class, message template)
_RULES: tuple[tuple[str, type[SyncError], str], ...] = (
    (  # libssh2 reading the key file, before the server is asked
        r"wrong passphrase|unrecognized private key|unable to (open|extract|read) (the )?(public|private) key",
        SyncError,
        "the SSH key could not be opened: its passphrase is wrong, or the file is not a private key",
    ),
    (
        r"code: 40[13]|authenticat|unauthori[sz]ed|credentials|permission denied \(publickey",
        AuthFailed,
        "{host} refused the sign-in: check the token (or key) and that it may read and write this library",
    ),
    (r"host ?key|hostkey|known.?hosts", HostKeyUnknown, "the identity of {host} could not be checked"),
    (r"certificate|ssl|tls", HostKeyUnknown, "the secure connection to {host} could not be checked ({raw})"),
    (
        r"could not resolve|failed to resolve|name or service not known|temporary failure in name",
        NetworkError,
        "{host} could not be found: check the address and the network connection",
    ),
    (
        r"connection refused|failed to connect|could not connect|network is unreachable|timed out|no route",
        NetworkError,
        "could not reach {host}: check the network connection, or try again later",
    ),
    (
        r"early eof|unexpected eof|eof state|connection (reset|closed|aborted)|broken pipe|failed to (send|receive)|"
        r"(receiving|reading) data|could not read|short read|incomplete|invalid (pack|packet)|unexpected (end|data)",
        NetworkError,
        "the connection to {host} dropped before the transfer finished: nothing was kept; try again",
    ),
    (
        r"code: 5\d\d",
        NetworkError,
        "{host} had a problem answering ({raw}): try again later",
    ),
    (
        r"not found|code: 404|could not find repository|not a git repository|does not appear|"
        r"failed to resolve path|does not exist",
        SyncError,
        "there is no library at {url}: check the address",
    ),
)


def translated(exc: BaseException, url: str) -> SyncError:
    """The SyncError for a failed clone, fetch or push of ``url``."""
    raw = str(exc).strip() or type(exc).__name__
    low = raw.lower()
    host = host_of(url) or url
    for pattern, cls, template in _RULES:
        if re.search(pattern, low):
            message = template.format(host=host, url=url, raw=raw)
            if cls is AuthFailed:
                return AuthFailed(message, url, host)
            if cls is HostKeyUnknown:
                return HostKeyUnknown(message, url, host)
            return cls(message, url)
    return SyncError(f"{raw} ({url})", url)
