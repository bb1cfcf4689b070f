"""The patterns changed since the last sync: the working folder against the last saved version
(HEAD), each with its one-line semantic summary; commits not yet shared are counted."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pygit2
from pygit2.enums import FileStatus

from editor.model.diff.semantic import diff_texts
from editor.model.document.markers import has_markers
from editor.model.document.split import decode
from editor.model.errors import PatternError
from editor.model.library.reader import entry_of_bytes
from editor.model.sync import repo as _repo
from editor.model.sync.aside import head_bytes
from editor.model.sync.summary import one_line

IGNORED = FileStatus.IGNORED | FileStatus.CURRENT


@dataclass
class ChangedFile:
    path: str  # relative to the repository's top folder, forward slashes
    status: str  # added | modified | deleted
    title: str = ""
    summary: str = ""
    conflicted: bool = False  # still holds conflict markers from getting the latest

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "status": self.status,
            "title": self.title,
            "summary": self.summary,
            "conflicted": self.conflicted,
        }


@dataclass
class Changes:
    root: Path
    branch: str
    files: list[ChangedFile] = field(default_factory=list)
    unshared: int = 0  # commits on this branch the remote does not have
    upstream: str = ""  # "origin/main", or "" when the branch was never shared

    @property
    def is_empty(self) -> bool:
        return not self.files and not self.unshared

    def to_json(self) -> dict[str, Any]:
        return {
            "root": str(self.root),
            "branch": self.branch,
            "upstream": self.upstream or None,
            "unshared_commits": self.unshared,
            "files": [f.to_json() for f in self.files],
        }


def changed_paths(repo: pygit2.Repository) -> dict[str, str]:
    """Pattern files that differ from HEAD: path -> added | modified | deleted."""
    out: dict[str, str] = {}
    for path, flags in repo.status(untracked_files="all").items():
        if flags & FileStatus.IGNORED or not _repo.is_pattern_path(path):
            continue
        if flags & (FileStatus.WT_DELETED | FileStatus.INDEX_DELETED) and not (Path(repo.workdir) / path).exists():
            out[path] = "deleted"
        elif flags & (FileStatus.WT_NEW | FileStatus.INDEX_NEW) and head_bytes(repo, path) is None:
            out[path] = "added"
        elif flags & ~IGNORED:
            out[path] = "modified"
    return dict(sorted(out.items()))


def conflicted_paths(repo: pygit2.Repository) -> tuple[str, ...]:
    """Changed pattern files that still hold conflict markers."""
    root = Path(repo.workdir)
    return tuple(
        p
        for p, s in changed_paths(repo).items()
        if s != "deleted" and has_markers((root / p).read_text("utf-8", "replace"))
    )


def _text(data: bytes | None, name: str) -> str | None:
    if data is None:
        return None
    try:
        return decode(data, name)
    except PatternError:
        return None


def describe(repo: pygit2.Repository, path: str, status: str) -> ChangedFile:
    """One changed file with its title and one-line summary (from the semantic diff)."""
    full = Path(repo.workdir) / path
    new_bytes = full.read_bytes() if status != "deleted" and full.exists() else None
    old_bytes = head_bytes(repo, path)
    new, old = _text(new_bytes, str(full)), _text(old_bytes, path)
    item = ChangedFile(path, status)
    item.conflicted = new is not None and has_markers(new)
    item.title = _title(path, new_bytes) or _title(path, old_bytes) or Path(path).stem
    if item.conflicted:
        item.summary = "conflicts to resolve"
        return item
    diff = None
    if old is not None and new is not None:
        try:
            diff = diff_texts(old, new, path, str(full))
        except PatternError:
            diff = None
    item.summary = one_line(diff, status)
    return item


def _title(path: str, data: bytes | None) -> str:
    """The title as the library index reads it (empty when that version does not parse)."""
    return entry_of_bytes(path, data).title if data is not None else ""


def changes(folder: str | os.PathLike) -> Changes:
    """What the Changes panel lists and ``pattern-cli changes`` prints."""
    repo = _repo.open_repo(folder)
    branch = _repo.current_branch(repo)
    out = Changes(Path(repo.workdir), branch)
    out.files = [describe(repo, p, s) for p, s in changed_paths(repo).items()]
    out.unshared, out.upstream = unshared_commits(repo, branch)
    return out


def unshared_commits(repo: pygit2.Repository, branch: str) -> tuple[int, str]:
    """Commits of ``branch`` the remote does not have, against the branch's upstream (or, for a
    branch never shared, against the remote's main line)."""
    local = repo.branches.local.get(branch)
    if local is None:
        return 0, ""
    target = local.upstream
    if target is None:
        try:
            remote = _repo.remote_name(repo)
        except PatternError:
            return 0, ""
        ref = repo.references.get(f"refs/remotes/{remote}/{_repo.default_branch(repo, remote)}")
        if ref is None:
            return 0, ""
        ahead, _ = repo.ahead_behind(local.target, ref.target)
        return ahead, ""
    ahead, _ = repo.ahead_behind(local.target, target.target)
    return ahead, target.shorthand
