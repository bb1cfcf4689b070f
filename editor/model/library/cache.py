"""The library index's cache: one file per folder, so the next start is a folder scan.

Entries are keyed by file name and reused when size and mtime_ns are unchanged. The file is
marshal (fast, and its format belongs to one Python version: another version simply rebuilds);
any damage means a rebuild, and a failed write is ignored, since the cache is only an optimisation.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from editor.base.profile import profile_dir
from editor.model.library.entry import Entry

CACHE_VERSION = 2  # 2: Entry.commons


def default_cache_dir() -> Path:
    return profile_dir("cache") / "library-index"


def cache_file(folder: Path, cache_dir: Path | None) -> Path:
    """The cache of ``folder`` (a resolved path) in ``cache_dir``, or in the user's cache folder."""
    key = hashlib.sha256(str(folder.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return (cache_dir or default_cache_dir()) / f"{key}.idx"


def cache_header() -> bytes:
    return (
        f"pattern-editor library index {CACHE_VERSION} python {sys.version_info[0]}.{sys.version_info[1]}"
        f" marshal {marshal.version}\n"
    ).encode()


def load_cache(path: Path, folder: Path) -> tuple[dict[str, Entry], str]:
    """The cached entries by file name, and what happened: "none", "loaded" or "ignored (<why>)"."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}, "none"
    except OSError as exc:
        return {}, f"ignored ({exc.strerror})"
    header = cache_header()
    if not raw.startswith(header):
        return {}, "ignored (other version)"
    try:
        cached_folder, rows = marshal.loads(raw[len(header) :])
        if cached_folder != str(folder.resolve()):
            return {}, "ignored (other folder)"
        entries = {}
        for row in rows:
            entry = Entry.from_tuple(row)
            entries[entry.name] = entry
    except Exception:  # any damage means: rebuild
        return {}, "ignored (damaged)"
    return entries, "loaded"


def write_cache(path: Path, folder: Path, entries: Iterable[Entry]) -> bool:
    """Replace the cache atomically; False when it could not be written."""
    payload = cache_header() + marshal.dumps((str(folder.resolve()), [e.to_tuple() for e in entries]))
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".index.", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        os.replace(tmp, path)
        tmp = None
        return True
    except OSError:
        return False  # the next start rebuilds
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
