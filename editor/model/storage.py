"""Reading and atomic writing of files, with a stamp to notice changes made behind our back."""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import ExternalChangeError, LoadError, SaveError

MAX_FILE_BYTES = 4_000_000  # real patterns are ~25 KB; refuse early rather than hang


@dataclass(frozen=True)
class Stamp:
    """What the file looked like when we read or wrote it."""

    mtime_ns: int
    size: int
    digest: str

    @classmethod
    def of(cls, path: Path, data: bytes | None = None) -> Stamp:
        st = path.stat()
        if data is None:
            data = path.read_bytes()
        return cls(st.st_mtime_ns, st.st_size, hashlib.sha256(data).hexdigest())

    def matches_disk(self, path: Path) -> bool:
        """True when the file on disk still holds what this stamp recorded."""
        try:
            st = path.stat()
        except FileNotFoundError:
            return False
        if st.st_mtime_ns == self.mtime_ns and st.st_size == self.size:
            return True
        if st.st_size != self.size:
            return False
        return hashlib.sha256(path.read_bytes()).hexdigest() == self.digest  # touched, not changed


def read_bytes(path: Path) -> bytes:
    name = str(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise LoadError("no such file", name) from None
    except OSError as exc:
        raise LoadError(f"cannot read: {exc.strerror}", name) from None
    if stat.S_ISDIR(st.st_mode):
        raise LoadError("is a folder, not a pattern file", name)
    if st.st_size > MAX_FILE_BYTES:
        raise LoadError(
            f"file is {st.st_size / 1e6:.1f} MB; patterns are at most {MAX_FILE_BYTES / 1e6:.0f} MB", name)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise LoadError(f"cannot read: {exc.strerror}", name) from None


def writable_reason(path: Path) -> str | None:
    """Why the file cannot be saved in place, or None when it can."""
    if path.exists() and not os.access(path, os.W_OK):
        return "the file is read-only"
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"the folder {folder} is not writable"
    return None


def atomic_write(path: Path, data: bytes, expected: Stamp | None = None, force: bool = False) -> Stamp:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    The old file stays intact until ``os.replace``; permissions are kept. With ``expected``,
    a file that changed on disk since then is not overwritten unless ``force``.
    """
    name = str(path)
    if expected is not None and not force and path.exists() and not expected.matches_disk(path):
        raise ExternalChangeError("the file changed on disk since it was opened; reload or compare first", name)
    reason = writable_reason(path)
    if reason:
        raise SaveError(f"cannot save: {reason}", name)
    mode = None
    with contextlib.suppress(FileNotFoundError):
        mode = stat.S_IMODE(path.stat().st_mode)
    tmp = _complete_temp(path, data, mode)
    try:
        os.replace(tmp, path)
    except OSError as exc:
        _discard(tmp)
        raise SaveError(f"cannot save: {exc.strerror or exc}", name) from None
    _fsync_dir(path.parent)
    return Stamp.of(path, data)


def write_new(path: Path, data: bytes) -> None:
    """Write a file that must not exist yet, atomically: a complete temporary file is linked to the
    final name, which fails if the name is taken (no check-then-write race)."""
    name = str(path)
    tmp = _complete_temp(path, data, None)
    try:
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise SaveError("a file with this name already exists; nothing was written", name) from None
        except OSError:  # no hard links here (some network or FAT drives): check, then rename
            if path.exists():
                raise SaveError("a file with this name already exists; nothing was written", name) from None
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise SaveError(f"cannot create the file: {exc.strerror or exc}", name) from None
    finally:
        _discard(tmp)
    _fsync_dir(path.parent)


def _complete_temp(path: Path, data: bytes, mode: int | None) -> str:
    """``data`` fsynced into a temporary file beside ``path`` (same file system, so renaming or
    linking it is atomic), with ``mode`` or the default permissions of a new file."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise SaveError(f"cannot save: {exc.strerror}", str(path)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
    except OSError as exc:
        _discard(tmp)
        raise SaveError(f"cannot save: {exc.strerror or exc}", str(path)) from None
    return tmp


def _discard(tmp: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(tmp)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows cannot open folders
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)
