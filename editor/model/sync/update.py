"""Get the latest: fetch the library's main line and merge it into the working folder, semantically.

Nothing a contributor typed is lost: every file they changed is copied aside first, their unsaved-to-
git edits stay in the working folder (combined with what came in), and a file where both sides
changed the same thing holds conflict markers for the conflict view, with the merge's record beside.
When this branch has commits the main line lacks (a shared topic branch), a merge commit joins them.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pygit2
from pygit2.enums import FileStatus, RepositoryState

from editor.model.document import storage
from editor.model.merge.merge import RECORD_SUFFIX
from editor.model.sync import auth as _auth
from editor.model.sync import repo as _repo
from editor.model.sync.aside import keep_aside
from editor.model.sync.changes import conflicted_paths
from editor.model.sync.errors import AuthRequired, Cancelled, HostKeyUnknown, SyncError, UnresolvedConflicts
from editor.model.sync.threeway import changed_between, merge_bytes, merge_trees
from editor.model.sync.translate import translated


@dataclass
class UpdateResult:
    old_head: str
    new_head: str
    source: str  # "origin/main"
    incoming: dict[str, str] = field(default_factory=dict)  # pattern path -> added | modified | deleted
    merged: list[str] = field(default_factory=list)  # your edits combined with what came in
    conflicts: dict[str, list[dict]] = field(default_factory=dict)  # path -> the merge's record
    kept: list[str] = field(default_factory=list)  # your edited copy kept where the library removed it
    aside: Path | None = None  # copies of your changed files taken before
    merge_commit: bool = False

    @property
    def up_to_date(self) -> bool:
        return self.old_head == self.new_head

    def summary(self) -> str:
        """ "14 patterns updated, 3 new, 1 removed" (or "Already up to date")."""
        if self.up_to_date and not self.incoming:
            return "Already up to date"
        counts = {s: sum(1 for v in self.incoming.values() if v == s) for s in ("modified", "added", "deleted")}
        parts = []
        if counts["modified"]:
            parts.append(f"{counts['modified']} pattern{'s' if counts['modified'] != 1 else ''} updated")
        if counts["added"]:
            parts.append(f"{counts['added']} new")
        if counts["deleted"]:
            parts.append(f"{counts['deleted']} removed")
        text = ", ".join(parts) or "no pattern changed"
        if self.conflicts:
            text += f"; {len(self.conflicts)} to resolve"
        return text

    def to_json(self) -> dict[str, Any]:
        return {
            "old_head": self.old_head,
            "new_head": self.new_head,
            "source": self.source,
            "summary": self.summary(),
            "incoming": self.incoming,
            "merged": self.merged,
            "conflicts": self.conflicts,
            "kept": self.kept,
            "kept_aside": str(self.aside) if self.aside else None,
            "merge_commit": self.merge_commit,
        }


def fetch(
    repo: pygit2.Repository,
    remote: str,
    auth: _auth.Auth | None = None,
    progress: _auth.Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> None:
    r = repo.remotes[remote]
    url = r.url or remote
    try:
        r.fetch(callbacks=_auth.Callbacks(url, auth, progress, cancelled))
    except (AuthRequired, Cancelled, HostKeyUnknown):
        raise
    except (pygit2.GitError, OSError, ValueError) as exc:
        raise translated(exc, url) from None


def update(
    folder: str | os.PathLike,
    remote: str | None = None,
    identity: _repo.Identity | None = None,
    auth: _auth.Auth | None = None,
    progress: _auth.Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> UpdateResult:
    repo = _repo.open_repo(folder)
    if repo.state() != RepositoryState.NONE:
        raise SyncError("git is in the middle of another operation here (merge, rebase…): finish it in git first")
    branch = _repo.current_branch(repo)
    _refuse_unresolved(repo)
    name = _repo.remote_name(repo, remote)
    fetch(repo, name, auth, progress, cancelled)
    target = _repo.default_branch(repo, name)
    ref = repo.references.get(f"refs/remotes/{name}/{target}")
    if ref is None:
        raise SyncError(f"the library has no branch {target!r} to get the latest from", repo.workdir)
    theirs = ref.peel(pygit2.Commit)
    head = repo.head.peel(pygit2.Commit)
    result = UpdateResult(str(head.id), str(head.id), f"{name}/{target}")
    if theirs.id == head.id or repo.descendant_of(head.id, theirs.id):
        return result
    edited = [p for p, flags in repo.status().items() if not flags & FileStatus.IGNORED]
    result.aside = keep_aside(repo, edited, "before-getting-the-latest")
    names = ("yours", f"{name}/{target}")
    conflicted: set[str] = set()
    base_tree = None
    if repo.descendant_of(theirs.id, head.id):
        new = theirs
    else:
        base = repo.merge_base(head.id, theirs.id)
        if base is None:
            raise SyncError("this copy's history is too short to combine with the latest (got with a fast start?)")
        base_tree = repo[base].peel(pygit2.Commit).tree
        tree, conflicted = merge_trees(repo, base_tree, head.tree, theirs.tree, names)
        who = _repo.identity_for(repo, identity).signature()
        message = f"Get the latest from {name}/{target}\n"
        new = repo[repo.create_commit(None, who, who, message, tree, [head.id, theirs.id])]
        result.merge_commit = True
    _apply(repo, head.tree, new.tree, conflicted, base_tree, theirs.tree, names, result)
    repo.references[f"refs/heads/{branch}"].set_target(new.id, f"pattern-editor: get the latest from {names[1]}")
    index = repo.index
    index.read_tree(new.tree)
    index.write()
    result.new_head = str(new.id)
    result.incoming = {p: s for p, s in changed_between(repo, head.tree, new.tree).items() if _repo.is_pattern_path(p)}
    return result


def _refuse_unresolved(repo: pygit2.Repository) -> None:
    stuck = conflicted_paths(repo)
    if stuck:
        where = str(Path(repo.workdir) / stuck[0])
        raise UnresolvedConflicts(
            f"resolve the conflicts in {', '.join(stuck)} first, then get the latest", where, stuck
        )


def _data(tree: pygit2.Tree | None, path: str) -> bytes | None:
    if tree is None:
        return None
    try:
        return tree[path].data
    except KeyError:
        return None


def _apply(
    repo: pygit2.Repository,
    old: pygit2.Tree,
    new: pygit2.Tree,
    conflicted: set[str],
    base: pygit2.Tree | None,
    theirs: pygit2.Tree,
    names: tuple[str, str],
    result: UpdateResult,
) -> None:
    """Bring the working folder from ``old`` to ``new``, keeping the contributor's edits."""
    root = Path(repo.workdir)
    written: list[Path] = []
    for path in sorted(set(changed_between(repo, old, new)) | conflicted):
        full = root / path
        o, n = _data(old, path), _data(new, path)
        w = full.read_bytes() if full.is_file() else None
        if path in conflicted:
            merged = merge_bytes(repo, path, _data(base, path), w if w is not None else o, _data(theirs, path), names)
        elif w == o:
            _write(full, n, written)
            continue
        elif w == n:
            continue
        elif n is None or w is None:
            result.kept.append(path)  # removed there, edited here (or the reverse): keep what is here
            continue
        else:
            merged = merge_bytes(repo, path, o, w, n, names)
        _write(full, merged.data, written)
        record = full.with_name(full.name + RECORD_SUFFIX)
        if merged.clean:
            result.merged.append(path)
            record.unlink(missing_ok=True)
        else:
            result.conflicts[path] = merged.record
            if merged.semantic is not None:
                storage.atomic_write(record, merged.semantic.record_text().encode("utf-8"), sync_folder=False)
    storage.sync_folders(written)


def _write(full: Path, data: bytes | None, written: list[Path]) -> None:
    if data is None:
        full.unlink(missing_ok=True)
        return
    full.parent.mkdir(parents=True, exist_ok=True)
    storage.atomic_write(full, data, sync_folder=False)
    written.append(full)
