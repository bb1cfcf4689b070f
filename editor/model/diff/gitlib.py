"""git without the ``git`` command: history, versions, review and blame through libgit2 (pygit2).

Contributors using the packaged app usually have no git installed, so every operation that
``history.py``, ``gitbatch.py`` and ``blame.py`` run through the git command has a twin here.
``use_git(operation)`` picks the backend at call time: the git command only where it is on the
PATH *and* measured faster for that operation (``PREFER``; today none is), libgit2 otherwise.
``FORCE`` lets tests and benchmarks choose one.

Where libgit2 and git differ: rename similarity is libgit2's own measure (an exact rename is 100
in both, an edited one may score a few points apart); ``--follow`` is emulated (git's walk and its
history simplification) and follows renames and copies from files changed in the same commit, not
copies of untouched files (git's ``--find-copies-harder``, too slow on a large library).
"""

from __future__ import annotations

import datetime as dt
import heapq
import os
import posixpath
import re
import shutil
from collections.abc import Iterable, Sequence
from fnmatch import fnmatchcase

import pygit2
from pygit2.enums import DeltaStatus, DiffFind, DiffOption, ObjectType, Option, RepositoryOpenFlag

from editor.model.diff.gitrepo import HistoryError, NotARepository, PathNotInRevision, RawChange, Repo, UnknownRevision

FORCE: str | None = None  # "git" or "pygit2": the backend for every operation (tests, benchmarks)
# The backend each operation uses when git is on the PATH. Measured (benchmarks/bench_gitbackend.py),
# libgit2 is as fast or faster everywhere, having no process to start: history of a file in 100
# commits 5 ms (git 6; 140 against 250 in a 10,000-file library), read_at 0.6 ms (git 2.8), the
# git part of reviewing 42 files 14 ms (git 29), 807 files 190 ms (git 350), the working tree 40 ms
# (git 77). A switch per operation still, should git ever win one.
PREFER = {"history": "pygit2", "read": "pygit2", "review": "pygit2", "blame": "pygit2"}
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
_TUNED = False
_GIT_ERRORS = (KeyError, ValueError, TypeError, pygit2.GitError)
_HEX = re.compile(r"[0-9a-fA-F]{40}")
_STATUS = {
    DeltaStatus.ADDED: "added",
    DeltaStatus.UNTRACKED: "added",  # counted as added, as if marked intent-to-add
    DeltaStatus.DELETED: "deleted",
    DeltaStatus.MODIFIED: "modified",
    DeltaStatus.RENAMED: "renamed",
    DeltaStatus.COPIED: "copied",
    DeltaStatus.TYPECHANGE: "type-changed",
    DeltaStatus.CONFLICTED: "unmerged",
}


def use_git(operation: str) -> bool:
    """Whether ``operation`` (history, read, review, blame) runs the git command: only when git is
    on the PATH (looked up now, not at import) and faster than libgit2 for it."""
    if FORCE is not None:
        return FORCE == "git"
    return PREFER.get(operation) == "git" and shutil.which("git") is not None


def open_repository(repo: Repo) -> pygit2.Repository:
    global _TUNED
    if not _TUNED:
        # reads as git reads: libgit2 alone re-hashes every object it reads, twice the cost of
        # inflating it (a process-wide libgit2 option; git checks hashes only in fsck)
        pygit2.option(Option.ENABLE_STRICT_HASH_VERIFICATION, 0)
        _TUNED = True
    try:
        return pygit2.Repository(str(repo.root), RepositoryOpenFlag.NO_SEARCH)
    except pygit2.GitError as exc:
        raise NotARepository(
            f"the .git here is not a git repository that can be read ({exc}), so there are no "
            "earlier versions (git init, or compare two files instead)",
            str(repo.root),
        ) from None


# ---------------------------------------------------------------- revisions


def _object(lib: pygit2.Repository, repo: Repo, rev: str, kind: type, what: str = "") -> pygit2.Object:
    try:
        return lib.revparse_single(rev).peel(kind)
    except _GIT_ERRORS:
        raise UnknownRevision(f"unknown revision {rev!r} in the git repository at {repo.root}", what or rev) from None


def resolve(repo: Repo, rev: str) -> str:
    """The full hash of the commit ``rev`` names; UnknownRevision when there is none."""
    return str(_object(open_repository(repo), repo, rev, pygit2.Commit).id)


def parent_of(repo: Repo, commit: str) -> str:
    """The first parent of ``commit``, or the empty tree for a root commit."""
    parents = _object(open_repository(repo), repo, commit, pygit2.Commit).parent_ids
    return str(parents[0]) if parents else EMPTY_TREE


def merge_base(repo: Repo, a: str, b: str) -> str:
    lib = open_repository(repo)
    try:
        base = lib.merge_base(_object(lib, repo, a, pygit2.Commit).id, _object(lib, repo, b, pygit2.Commit).id)
    except pygit2.GitError:
        base = None
    if base is None:
        raise HistoryError(f"{a} and {b} have no common ancestor", f"{a}...{b}")
    return str(base)


def read_blob(repo: Repo, rev: str, rel: str) -> bytes:
    """The bytes of ``rel`` at ``rev`` (``""``: the staged version), with history.read_at's errors."""
    lib = open_repository(repo)
    spec = f"{rev}:{rel}"
    if not rev:
        try:
            return lib[lib.index[rel].id].data
        except _GIT_ERRORS:
            raise PathNotInRevision(f"{rel} does not exist at the index (not staged)", spec) from None
    tree = _object(lib, repo, rev, pygit2.Tree, spec)
    try:
        obj = tree[rel]
    except _GIT_ERRORS:
        raise PathNotInRevision(f"{rel} does not exist at {rev}", spec) from None
    if not isinstance(obj, pygit2.Blob):
        raise PathNotInRevision(f"{rel} is a {obj.type_str} at {rev}, not a file", spec)
    return obj.data


class LibBlobReader:
    """``gitbatch.BlobReader``'s reads from libgit2: blob ids or ``REV:PATH`` specs."""

    def __init__(self, repo: Repo) -> None:
        self.lib = open_repository(repo)

    def read_many(self, specs: Iterable[str]) -> list[bytes | None]:
        return [self.read(spec) for spec in specs]

    def read(self, spec: str) -> bytes | None:
        try:
            if _HEX.fullmatch(spec):  # read raw: a third faster than through an Object
                kind, data = self.lib.read(spec)
                return data if kind == ObjectType.BLOB else None
            if spec.startswith(":") and not spec.startswith(":/"):  # the staged version
                obj = self.lib.get(self.lib.index[spec[1:]].id)
            else:
                obj = self.lib.revparse_single(spec)
        except _GIT_ERRORS:
            return None
        return obj.data if isinstance(obj, pygit2.Blob) else None


# ---------------------------------------------------------------- the list of changes


def raw_diff(
    repo: Repo, old: str, new: str | None, paths: Sequence[str] = (), cwd: str | os.PathLike | None = None
) -> list[RawChange]:
    """``gitbatch.raw_diff`` from libgit2: the trees ``old`` and ``new`` (``None``: the working
    tree, its untracked files under ``cwd`` counted as added), renames found as git finds them."""
    lib = open_repository(repo)
    old_tree = _object(lib, repo, old, pygit2.Tree)
    prefix = _prefix(repo, cwd)
    specs = [posixpath.normpath(posixpath.join(prefix, p.replace(os.sep, "/"))) for p in paths]
    untracked: set[str] = set()
    if new is None:  # the tree to the index to the files on disk (stat data spares hashing them all)
        flags = DiffOption.INCLUDE_UNTRACKED | DiffOption.RECURSE_UNTRACKED_DIRS | DiffOption.INCLUDE_TYPECHANGE
        index = lib.index
        diff = index.diff_to_tree(old_tree, flags)  # (Tree.diff_to_index drops the flags)
        diff.merge(index.diff_to_workdir(flags))
        untracked = {d.new_file.path for d in diff.deltas if d.status == DeltaStatus.UNTRACKED}
        # exact renames first: libgit2 hashes the files for them, and its similarity measure alone
        # may score a file moved unchanged below 100
        find = DiffFind.FIND_RENAMES | DiffFind.FIND_FOR_UNTRACKED
        diff.find_similar(find | DiffFind.FIND_EXACT_MATCH_ONLY)
        diff.find_similar(find)
    else:
        diff = old_tree.diff_to_tree(_object(lib, repo, new, pygit2.Tree), DiffOption.INCLUDE_TYPECHANGE)
        diff.find_similar(DiffFind.FIND_RENAMES)

    def wanted_new(path: str) -> bool:
        if path in untracked and not specs:
            return _under(path, prefix)  # git lists untracked files under the folder it runs in
        return _matches(path, specs)

    changes: list[RawChange] = []
    for d in diff.deltas:
        status = _STATUS.get(d.status)
        if status is None:
            continue
        old_path, path = d.old_file.path, d.new_file.path
        keep_old, keep_new = _matches(old_path, specs), wanted_new(path)
        old_mode, new_mode = f"{d.old_file.mode:06o}", f"{d.new_file.mode:06o}"
        old_oid = None if status == "added" else str(d.old_file.id)
        new_oid = None if status == "deleted" or new is None else str(d.new_file.id)
        similarity = d.similarity if status in ("renamed", "copied") else None
        if status in ("renamed", "copied") and not (keep_old and keep_new):
            # a pathspec holds only one side: git, which limits before it pairs, sees no rename
            if keep_new:
                changes.append(RawChange("added", path, None, None, new_oid, "000000", new_mode))
            if keep_old and status == "renamed":
                changes.append(RawChange("deleted", old_path, old_path, old_oid, None, old_mode, "000000"))
            continue
        if not (keep_old if status == "deleted" else keep_new):
            continue
        changes.append(
            RawChange(
                status,
                old_path if status == "deleted" else path,
                None if status == "added" else old_path,
                old_oid,
                new_oid,
                old_mode,
                new_mode,
                similarity,
            )
        )
    return sorted(changes, key=lambda c: c.path)


def _prefix(repo: Repo, cwd: str | os.PathLike | None) -> str:
    """``cwd`` relative to the repository root ("" for the root itself)."""
    if cwd is None:
        return ""
    rel = repo.relpath(cwd)
    return "" if rel == "." else rel


def _under(path: str, folder: str) -> bool:
    return folder in ("", ".") or path == folder or path.startswith(folder.rstrip("/") + "/")


def _matches(path: str, specs: list[str]) -> bool:
    """git's pathspec match without magic: the path itself, a folder holding it, or a glob
    (whose ``*`` crosses folders, as git's does)."""
    if not specs:
        return True
    return any(_under(path, s) or (any(ch in s for ch in "*?[") and fnmatchcase(path, s)) for s in specs)


# ---------------------------------------------------------------- a file's commits


class Touch:
    """One commit that touched a file: what happened to it there, and its path there."""

    __slots__ = ("commit", "old_path", "path", "status")

    def __init__(self, commit: pygit2.Commit, status: str, path: str, old_path: str | None = None) -> None:
        self.commit = commit
        self.status = status  # A, M, D, T, R, C; "" for a merge (git lists no files for one)
        self.path = path  # the file's path in this commit
        self.old_path = old_path  # its path before a rename or copy

    @property
    def rev(self) -> str:
        return str(self.commit.id)

    @property
    def author(self) -> str:
        try:
            return self.commit.author.name  # decoded as the commit says it is encoded
        except (UnicodeDecodeError, LookupError):
            return _text(self.commit.author.raw_name)

    @property
    def date(self) -> dt.datetime:
        """The author date, with its time zone (git's ``%aI``)."""
        sig = self.commit.author
        return dt.datetime.fromtimestamp(sig.time, dt.timezone(dt.timedelta(minutes=sig.offset)))

    @property
    def message(self) -> str:
        try:
            return self.commit.message
        except (UnicodeDecodeError, LookupError):
            return _text(self.commit.raw_message)

    @property
    def subject(self) -> str:
        """git's ``%s``: the first paragraph's lines joined by spaces."""
        lines = []
        for line in self.message.lstrip("\n").split("\n"):
            line = line.rstrip()
            if not line.strip():
                break
            lines.append(line)
        return " ".join(lines)


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def file_log(repo: Repo, rel: str, limit: int | None = None) -> list[Touch]:
    """``git log --follow -- rel``: the commits that touched the file, newest first.

    The walk is git's: commits by commit date from HEAD; a commit whose file is the same as in one
    of its parents is skipped and only that parent followed (history simplification); a commit
    that adds the file is searched for a rename or copy, and older commits are read at the path
    it came from.
    """
    lib = open_repository(repo)
    if lib.head_is_unborn:
        return []
    limit = None if limit is not None and limit < 0 else limit  # git: a negative count is no limit
    path = rel
    entries: dict[pygit2.Oid, tuple[pygit2.Oid, int] | None] = {}

    def entry(commit: pygit2.Commit) -> tuple[pygit2.Oid, int] | None:
        key = commit.tree_id
        if key not in entries:
            try:
                obj = lib[key][path]
                entries[key] = (obj.id, obj.filemode)
            except KeyError:
                entries[key] = None
        return entries[key]

    head = lib.head.peel(pygit2.Commit)
    queue: list[tuple[int, int, pygit2.Commit]] = [(-head.commit_time, 0, head)]
    seen = {head.id}
    count = 0
    out: list[Touch] = []

    def push(commit: pygit2.Commit) -> None:
        nonlocal count
        if commit.id not in seen:
            seen.add(commit.id)
            count += 1
            heapq.heappush(queue, (-commit.commit_time, count, commit))

    while queue and (limit is None or len(out) < limit):
        commit = heapq.heappop(queue)[2]
        mine = entry(commit)
        parents = commit.parents
        if not parents:
            if mine is not None:
                out.append(Touch(commit, "A", path))
            continue
        same = next((p for p in parents if entry(p) == mine), None)
        if same is not None:
            push(same)
            continue
        theirs = entry(parents[0])
        if len(parents) > 1:
            out.append(Touch(commit, "", path))
        elif mine is None:
            out.append(Touch(commit, "D", path))
        elif theirs is None:
            found = _renamed_from(parents[0], commit, path)
            if found is None:
                out.append(Touch(commit, "A", path))
            else:
                out.append(Touch(commit, found[0], path, found[1]))
                path = found[1]
                entries.clear()
        else:
            kind = "T" if (mine[1] ^ theirs[1]) & 0o170000 else "M"
            out.append(Touch(commit, kind, path))
        for p in parents:
            push(p)
    return out


def _renamed_from(parent: pygit2.Commit, commit: pygit2.Commit, path: str) -> tuple[str, str] | None:
    """("R" or "C", the old path) when ``commit`` made ``path`` by renaming or copying a file."""
    diff = parent.tree.diff_to_tree(commit.tree)
    diff.find_similar(DiffFind.FIND_RENAMES | DiffFind.FIND_COPIES)
    for d in diff.deltas:
        if d.status in (DeltaStatus.RENAMED, DeltaStatus.COPIED) and d.new_file.path == path:
            return ("R" if d.status == DeltaStatus.RENAMED else "C"), d.old_file.path
    return None
