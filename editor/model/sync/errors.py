"""What can go wrong while sharing, each with a message a contributor can act on (no git words)."""

from __future__ import annotations

from editor.model.errors import PatternError


class SyncError(PatternError):
    """Getting, sharing or updating a library failed; nothing in the working folder was lost."""


class Cancelled(SyncError):
    """The user pressed Cancel; whatever was half-made has been removed."""


class AuthRequired(SyncError):
    """The server asks for a token (HTTPS) and none is stored for its host."""

    def __init__(self, message: str, file: str = "", host: str = "") -> None:
        super().__init__(message, file)
        self.host = host


class AuthFailed(AuthRequired):
    """The server refused the token or key we offered. ``kind``: "token" (ask for another) or "ssh"."""

    def __init__(self, message: str, file: str = "", host: str = "", kind: str = "token") -> None:
        super().__init__(message, file, host)
        self.kind = kind


class PassphraseNeeded(SyncError):
    """The chosen SSH key file is locked with a passphrase and none was given."""

    def __init__(self, message: str, file: str = "", key: str = "") -> None:
        super().__init__(message, file)
        self.key = key


class NetworkError(SyncError):
    """The server could not be reached, or the connection dropped."""


class HostKeyUnknown(SyncError):
    """An SSH server whose key is not in known_hosts (or a certificate that does not check out).
    ``trust_key`` ("host:port") is what the user may choose to trust."""

    def __init__(self, message: str, file: str = "", host: str = "", trust_key: str = "") -> None:
        super().__init__(message, file)
        self.host = host
        self.trust_key = trust_key or host


class HostKeyChanged(SyncError):
    """known_hosts lists the server with another key: maybe an attack; never offered to trust."""

    def __init__(self, message: str, file: str = "", host: str = "") -> None:
        super().__init__(message, file)
        self.host = host


class NotALibrary(SyncError):
    """The repository holds no pattern files (markdown with a frontmatter)."""


class PushRejected(SyncError):
    """The library moved on since we last got it: get the latest first, then share again."""


class NothingToShare(SyncError):
    """No pattern changed and every commit is already shared."""


class UnresolvedConflicts(SyncError):
    """Files still hold conflict markers from getting the latest."""

    def __init__(self, message: str, file: str = "", paths: tuple[str, ...] = ()) -> None:
        super().__init__(message, file)
        self.paths = paths
