"""Reading and atomic writing of files, with a stamp to notice changes made behind our back.

A save is one step for every process that saves through here: under a per-file lock it checks
the stamp, writes a complete temporary file beside the real target, fsyncs it, replaces the
target and fsyncs the folder. Symbolic links are written through (the link stays a link), and
the target's mode, owner and group are kept where the OS allows.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from editor.model.errors import ExternalChangeError, LoadError, SaveError

MAX_FILE_BYTES = 4_000_000  # real patterns are ~25 KB; refuse early rather than hang
LOCK_TIMEOUT_S = 10.0  # a save holds the lock for milliseconds; longer means a stuck program


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
        """True when the file on disk still holds what this stamp recorded. Always by content: two
        saves of the same size within one clock tick of the file system leave mtime and size alike
        (a lost update, measured), and hashing a pattern takes microseconds."""
        try:
            if path.stat().st_size != self.size:
                return False
            return hashlib.sha256(path.read_bytes()).hexdigest() == self.digest
        except OSError:  # gone or unreadable: not the file we saw
            return False


def read_bytes(path: Path) -> bytes:
    name = str(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise LoadError(f"symbolic link to a missing file ({os.readlink(path)})", name) from None
        raise LoadError("no such file", name) from None
    except OSError as exc:
        raise LoadError(_os_reason("cannot read", exc), name) from None
    if stat.S_ISDIR(st.st_mode):
        raise LoadError("is a folder, not a pattern file", name)
    if st.st_size > MAX_FILE_BYTES:
        raise LoadError(f"file is {st.st_size / 1e6:.1f} MB; patterns are at most {MAX_FILE_BYTES / 1e6:.0f} MB", name)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise LoadError(_os_reason("cannot read", exc), name) from None


def _os_reason(what: str, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop: the link never reaches a file"
    return f"{what}: {exc.strerror or exc}"


def real_path(path: Path) -> Path:
    """The file a save writes to: symbolic links followed to their target, so a link stays a link.
    A name that does not exist yet (or a link to one) resolves as far as it can."""
    try:
        return Path(os.path.realpath(path, strict=True))
    except FileNotFoundError:
        return Path(os.path.realpath(path))
    except OSError as exc:
        raise SaveError(_os_reason("cannot save", exc), str(path)) from None


def writable_reason(path: Path) -> str | None:
    """Why the file cannot be saved in place, or None when it can."""
    try:
        target = real_path(path)
    except SaveError as exc:
        return exc.message
    if target.exists() and not os.access(target, os.W_OK):
        return "the file is read-only"
    folder = target.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"the folder {folder} is not writable"
    return None


def lock_file_for(path: Path) -> Path:
    """Where the save lock of ``path`` lives: the user's cache, never the library folder (a lock
    file there would show in ``git status``), named by a hash of the file's real path so a link
    and its target share one lock."""
    from editor.base.profile import profile_dir

    key = hashlib.sha256(os.fsencode(real_path(path))).hexdigest()[:32]
    return profile_dir("cache") / "locks" / f"{key}.lock"


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[Path]:
    """Hold the save lock of ``path`` (shared by every process saving through here); yields the
    real path. Re-entrant in one thread, so a caller can hold it around read, edit and save."""
    lock_path = lock_file_for(path)
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SaveError(f"cannot save: no folder for the save lock ({exc.strerror or exc})", str(path)) from None
    lock = FileLock(lock_path, timeout=LOCK_TIMEOUT_S, is_singleton=True)  # one instance per path: re-entrant
    try:
        lock.acquire()
    except Timeout:
        raise SaveError(
            f"cannot save: another program has been saving this file for {LOCK_TIMEOUT_S:.0f} s; try again", str(path)
        ) from None
    except OSError as exc:
        raise SaveError(f"cannot save: cannot take the save lock ({exc.strerror or exc})", str(path)) from None
    try:
        yield real_path(path)
    finally:
        lock.release()


def atomic_write(
    path: Path, data: bytes, expected: Stamp | None = None, force: bool = False, *, sync_folder: bool = True
) -> Stamp:
    """Write ``data`` to ``path`` (through a symbolic link to its target) via a temporary file in
    the target's folder. The old file stays intact until ``os.replace``; mode, owner and group are
    kept. With ``expected``, a file that changed on disk since then is not overwritten unless ``force``.
    ``sync_folder=False``: the caller syncs the folder once after many writes (``sync_folders``).
    """
    name = str(path)
    with file_lock(path) as target:
        # checked under the lock: no other save can slip in between this check and the replace
        if expected is not None and not force and target.exists() and not expected.matches_disk(target):
            raise ExternalChangeError("the file changed on disk since it was opened; reload or compare first", name)
        reason = writable_reason(path)
        if reason:
            raise SaveError(f"cannot save: {reason}", name)
        like = None
        with contextlib.suppress(FileNotFoundError):
            like = target.stat()
        tmp = _complete_temp(target, data, like)
        try:
            os.replace(tmp, target)
        except OSError as exc:
            _discard(tmp)
            raise SaveError(f"cannot save: {exc.strerror or exc}", name) from None
        if sync_folder:
            _fsync_dir(target.parent)
        return Stamp.of(target, data)


def sync_folders(paths: Iterable[Path]) -> None:
    """Make the renames of many ``atomic_write(..., sync_folder=False)`` durable: one fsync per folder."""
    for folder in {Path(os.path.realpath(p)).parent for p in paths}:
        _fsync_dir(folder)


def write_new(path: Path, data: bytes, like: Path | None = None) -> None:
    """Write a file that must not exist yet, atomically: a complete temporary file is linked to the
    final name, which fails if the name is taken (no check-then-write race). With ``like``, the new
    file gets that file's mode, owner and group (a renamed pattern keeps them)."""
    name = str(path)
    like_stat = None
    if like is not None:
        with contextlib.suppress(OSError):
            like_stat = like.stat()
    tmp = _complete_temp(path, data, like_stat)
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


def _complete_temp(path: Path, data: bytes, like: os.stat_result | None) -> str:
    """``data`` fsynced into a temporary file beside ``path`` (same file system, so renaming or
    linking it is atomic), with the mode, owner and group of ``like`` or those of a new file."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise SaveError(f"cannot save: {exc.strerror}", str(path)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            _copy_owner(fh.fileno(), like)
            _set_mode(fh.fileno(), tmp, like)  # after chown, which may clear set-id bits
            os.fsync(fh.fileno())  # data and metadata on disk before the name points at them
    except OSError as exc:
        _discard(tmp)
        raise SaveError(f"cannot save: {exc.strerror or exc}", str(path)) from None
    return tmp


def _copy_owner(fd: int, like: os.stat_result | None) -> None:
    """Give the temporary file the owner and group of the file it replaces, as far as we may:
    root can set both; other users can often set the group; otherwise the OS decides."""
    if like is None or not hasattr(os, "fchown"):
        return
    st = os.fstat(fd)
    if (st.st_uid, st.st_gid) == (like.st_uid, like.st_gid):
        return
    try:
        os.fchown(fd, like.st_uid, like.st_gid)
    except OSError:
        with contextlib.suppress(OSError):
            os.fchown(fd, -1, like.st_gid)


def _set_mode(fd: int, tmp: str, like: os.stat_result | None) -> None:
    if like is not None:
        mode = stat.S_IMODE(like.st_mode)
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    if os.chmod in os.supports_fd:
        os.chmod(fd, mode)
    else:  # pragma: no cover - Windows
        os.chmod(tmp, mode)


def _discard(tmp: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(tmp)


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows cannot open folders and needs no such step."""
    if os.name != "posix":  # pragma: no cover
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)
