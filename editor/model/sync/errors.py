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
    """The server refused the token or key we offered."""


class NetworkError(SyncError):
    """The server could not be reached, or the connection dropped."""


class HostKeyUnknown(SyncError):
    """An SSH server whose key is not in known_hosts (or a certificate that does not check out)."""

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
