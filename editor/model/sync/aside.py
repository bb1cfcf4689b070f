"""Copies of a contributor's work kept aside inside the repository's own folder (.git/pattern-editor/
kept-aside/<time>-<why>/...) before anything replaces it: discarding, getting the latest. Never
shared, never cleaned up automatically."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterable
from pathlib import Path

import pygit2

from editor.model.document import storage
from editor.model.sync.repo import state_dir


def keep_aside(repo: pygit2.Repository, paths: Iterable[str], why: str) -> Path | None:
    """Copy the working files at ``paths`` (those that exist); the folder, or None when none did."""
    root = Path(repo.workdir)
    existing = [p for p in paths if (root / p).is_file()]
    if not existing:
        return None
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    folder = state_dir(repo) / "kept-aside" / f"{stamp}-{why}"
    for rel in existing:
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / rel, target)
    return folder


def head_bytes(repo: pygit2.Repository, path: str) -> bytes | None:
    try:
        return repo.head.peel(pygit2.Commit).tree[path].data
    except (KeyError, pygit2.GitError):
        return None


def discard(repo: pygit2.Repository, path: str) -> bytes | None:
    """Put ``path`` back as it was at the last sync; returns what the working file held (None when
    it did not exist), for undo. A copy is also kept aside."""
    full = Path(repo.workdir) / path
    before = full.read_bytes() if full.is_file() else None
    if before is not None:
        keep_aside(repo, [path], "discarded")
    restore(repo, path, head_bytes(repo, path))
    return before


def restore(repo: pygit2.Repository, path: str, data: bytes | None) -> None:
    """Write ``data`` to the working file atomically (None removes it): discard, and its undo."""
    full = Path(repo.workdir) / path
    if data is None:
        full.unlink(missing_ok=True)
        return
    full.parent.mkdir(parents=True, exist_ok=True)
    storage.atomic_write(full, data)
