"""Share my changes: commit the changed patterns on a topic branch (or, for maintainers, on the
main line) and push it; the pull-request address when the remote is on a known forge.

A push the remote rejects because it moved on leaves the commit here (nothing is lost) and raises
PushRejected: get the latest, then share again.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pygit2

from editor.model.sync import auth as _auth
from editor.model.sync import repo as _repo
from editor.model.sync.changes import ChangedFile, changes
from editor.model.sync.errors import (
    AuthRequired,
    Cancelled,
    HostKeyUnknown,
    NothingToShare,
    PushRejected,
    SyncError,
    UnresolvedConflicts,
)
from editor.model.sync.forge import pull_request_url
from editor.model.sync.summary import branch_name, draft_message, valid_branch
from editor.model.sync.translate import translated

_REJECTED = re.compile(r"non-fast-forward|not present locally|fetch first|rejected|stale info|cannot push", re.I)


@dataclass
class SharePlan:
    """What Share will do, for the dialog to show and edit."""

    root: Path
    files: list[ChangedFile]
    message: str
    branch: str  # suggested
    current: str  # the branch checked out now
    target: str  # the remote's main line, where a pull request goes
    remote: str
    remote_url: str
    unshared: int = 0
    taken: set[str] = field(default_factory=set)  # branch names already used here or there


@dataclass
class ShareResult:
    branch: str
    remote: str
    commit: str  # the commit pushed (the new one, or the last unshared one)
    files: list[ChangedFile]
    direct: bool  # pushed to the main line itself
    pull_request: str | None = None

    def to_json(self) -> dict:
        return {
            "branch": self.branch,
            "remote": self.remote,
            "commit": self.commit,
            "direct": self.direct,
            "pull_request": self.pull_request,
            "files": [f.to_json() for f in self.files],
        }


def plan(folder: str | os.PathLike, remote: str | None = None) -> SharePlan:
    repo = _repo.open_repo(folder)
    name = _repo.remote_name(repo, remote)
    ch = changes(folder)
    target = _repo.default_branch(repo, name)
    items = [(f.title, f.summary) for f in ch.files]
    message = draft_message(items) or f"Share {ch.unshared} saved change{'s' if ch.unshared != 1 else ''}\n"
    taken = set(repo.branches.local) | {b.split("/", 1)[1] for b in repo.branches.remote if "/" in b}
    branch = ch.branch if _topic_in_progress(repo, ch.branch, target, name) else branch_name(message, taken=taken)
    url = repo.remotes[name].url or ""
    return SharePlan(Path(repo.workdir), ch.files, message, branch, ch.branch, target, name, url, ch.unshared, taken)


def _topic_in_progress(repo: pygit2.Repository, branch: str, target: str, remote: str) -> bool:
    """The branch checked out is a topic branch with work the main line does not have yet."""
    if branch == target:
        return False
    main = repo.references.get(f"refs/remotes/{remote}/{target}")
    if main is None:
        return True
    ahead, _ = repo.ahead_behind(repo.head.target, main.target)
    return ahead > 0


def share(
    folder: str | os.PathLike,
    message: str | None = None,
    branch: str | None = None,
    remote: str | None = None,
    identity: _repo.Identity | None = None,
    auth: _auth.Auth | None = None,
    progress: _auth.Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ShareResult:
    """Commit the changed patterns (if any) on ``branch`` and push it to ``remote``."""
    p = plan(folder, remote)
    stuck = tuple(f.path for f in p.files if f.conflicted)
    if stuck:
        raise UnresolvedConflicts(
            f"resolve the conflicts in {', '.join(stuck)} before sharing", str(p.root / stuck[0]), stuck
        )
    if not p.files and not p.unshared:
        raise NothingToShare("nothing to share: no pattern changed since the last sync", str(p.root))
    branch = (branch or p.branch).strip()
    if not valid_branch(branch):
        raise SyncError(f"{branch!r} cannot be a branch name (no spaces, '..', '~', '^', ':' or '?')")
    repo = _repo.open_repo(folder)
    commit = repo.head.target
    if p.files:
        who = _repo.identity_for(repo, identity).signature()
        commit = _commit(repo, p.files, (message or p.message).strip() + "\n", who)
    _move_to(repo, p.current, branch, commit)
    _push(repo, p.remote, branch, auth, progress, cancelled)
    direct = branch == p.target
    pr = None if direct else pull_request_url(p.remote_url, branch, p.target)
    return ShareResult(branch, p.remote, str(commit), p.files, direct, pr)


def _commit(repo: pygit2.Repository, files: list[ChangedFile], message: str, who: pygit2.Signature) -> pygit2.Oid:
    index = repo.index
    index.read()
    for f in files:
        if f.status == "deleted":
            index.remove(f.path)
        else:
            index.add(f.path)
    index.write()
    tree = index.write_tree()
    return repo.create_commit(None, who, who, message, tree, [repo.head.target])


def _move_to(repo: pygit2.Repository, current: str, branch: str, commit: pygit2.Oid) -> None:
    """Point ``branch`` at ``commit`` and make it the checked-out branch. The working folder already
    holds the commit's files, so nothing on disk changes."""
    ref = f"refs/heads/{branch}"
    if branch == current:
        repo.references[ref].set_target(commit, "pattern-editor: share")
        return
    existing = repo.branches.local.get(branch)
    if existing is not None and not repo.descendant_of(commit, existing.target) and commit != existing.target:
        raise SyncError(f"a branch named {branch!r} already holds other work: choose another name")
    repo.references.create(ref, commit, force=True)
    repo.set_head(ref)


def _push(
    repo: pygit2.Repository,
    remote: str,
    branch: str,
    auth: _auth.Auth | None,
    progress: _auth.Progress | None,
    cancelled: Callable[[], bool] | None,
) -> None:
    r = repo.remotes[remote]
    url = r.push_url or r.url or remote
    callbacks = _auth.Callbacks(url, auth, progress, cancelled)
    spec = f"refs/heads/{branch}:refs/heads/{branch}"
    try:
        r.push([spec], callbacks=callbacks)
    except (AuthRequired, Cancelled, HostKeyUnknown):
        raise
    except (pygit2.GitError, OSError, ValueError) as exc:
        if _REJECTED.search(str(exc)):
            raise _rejected(branch, url) from None
        raise translated(exc, url) from exc
    if callbacks.rejected:
        reason = next(iter(callbacks.rejected.values()))
        if _REJECTED.search(reason):
            raise _rejected(branch, url)
        raise SyncError(f"the library refused the changes: {reason}", url)
    tracking = f"refs/remotes/{remote}/{branch}"
    repo.references.create(tracking, repo.references[f"refs/heads/{branch}"].target, force=True)
    local = repo.branches.local[branch]
    if local.upstream is None:
        local.upstream = repo.branches.remote[f"{remote}/{branch}"]


def _rejected(branch: str, url: str) -> PushRejected:
    return PushRejected(
        f"the library changed since you last got it, so {branch!r} was not shared; your changes are kept "
        "here: get the latest first, then share again",
        url,
    )
