"""Versions of a pattern file from git: the commits that touched it, and its text at any revision.

Two backends give the same answers: libgit2 through pygit2 (``gitlib.py``), which needs no git
installed, and the ``git`` command, whose revision syntax and rename following are git's own.
``gitlib.use_git`` chooses per operation at call time: the git command only where it is on the
PATH and measured faster, so history works for contributors without git. The errors and
``Repo`` live in ``gitrepo.py``, shared by both backends, and are importable from here as before.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from editor.model.diff import gitlib
from editor.model.diff.gitrepo import (
    GitNotFound,
    HistoryError,
    NotARepository,
    PathNotInRevision,
    Repo,
    UnknownRevision,
)
from editor.model.document.split import decode
from editor.model.errors import LoadError

TIMEOUT = 30.0  # seconds for one git call; a history listing takes milliseconds
_FIELD, _RECORD = "\x1f", "\x1e"


@dataclass(frozen=True)
class Commit:
    rev: str  # full hash
    short: str  # abbreviated hash
    author: str
    date: dt.datetime  # author date, with its time zone
    message: str  # the whole message, trailing whitespace removed
    path: str = ""  # the file's path (relative to the repository root) in this commit: differs before a rename

    @property
    def subject(self) -> str:
        return self.message.split("\n", 1)[0]


# ---------------------------------------------------------------- the git command


def _git(root: Path | None, *args: str, stdin: bytes | None = None, file: str = "") -> subprocess.CompletedProcess:
    cmd = ["git", "-c", "core.quotepath=off"]
    if root is not None:
        cmd += ["-C", str(root)]
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}
    try:
        return subprocess.run([*cmd, *args], input=stdin, capture_output=True, timeout=TIMEOUT, env=env, check=False)
    except FileNotFoundError:
        raise GitNotFound(
            "git is not installed (or not on PATH); install git to compare with earlier versions", file
        ) from None
    except subprocess.TimeoutExpired:
        raise HistoryError(f"git did not answer within {TIMEOUT:.0f} s: git {' '.join(args)}", file) from None


def _stderr(result: subprocess.CompletedProcess) -> str:
    text = result.stderr.decode("utf-8", "replace").strip()
    return text.splitlines()[-1] if text else f"git exited with status {result.returncode}"


# ---------------------------------------------------------------- API


def find_repo(path: str | os.PathLike) -> Repo | None:
    """The git working tree holding ``path`` (a file or folder, which need not exist), or None.

    Looks for a ``.git`` folder or file (worktrees, submodules) in ``path`` and its parents, so it
    works, and is fast, without running git.
    """
    p = Path(path)
    p = Path(os.path.normpath(p if p.is_absolute() else Path.cwd() / p))
    for folder in (p, *p.parents):
        if (folder / ".git").exists():
            return Repo(folder)
    return None


def require_repo(path: str | os.PathLike) -> Repo:
    repo = find_repo(path)
    if repo is None:
        where = Path(path)
        folder = where if where.is_dir() else where.parent
        raise NotARepository(
            f"{folder or '.'} is not inside a git repository, so it has no earlier versions "
            "(git init, or compare two files instead)",
            str(path),
        )
    return repo


def history(path: str | os.PathLike, limit: int = 200) -> list[Commit]:
    """Commits that touched the file, newest first, following renames (``git log --follow``)."""
    repo = require_repo(path)
    rel = repo.relpath(path)
    if not gitlib.use_git("history"):
        return [
            Commit(t.rev, t.commit.short_id, t.author, t.date, t.message.rstrip(), t.path)
            for t in gitlib.file_log(repo, rel, int(limit))
        ]
    fmt = _RECORD + _FIELD.join(("%H", "%h", "%an", "%aI", "%B")) + _FIELD
    result = _git(
        repo.root,
        "log",
        "--follow",
        "--name-only",
        f"--max-count={int(limit)}",
        f"--format={fmt}",
        "--",
        rel,
        file=str(path),
    )
    if result.returncode != 0:
        message = _stderr(result)
        if "does not have any commits" in message:
            return []
        raise HistoryError(f"git log failed: {message}", str(path))
    commits = []
    for record in result.stdout.decode("utf-8", "replace").split(_RECORD)[1:]:
        parts = record.split(_FIELD)
        if len(parts) < 6:
            continue
        full, short, author, date, message, names = parts[:6]
        changed = [n for n in names.strip().splitlines() if n]
        commits.append(
            Commit(
                full, short, author, dt.datetime.fromisoformat(date), message.rstrip(), changed[-1] if changed else rel
            )
        )
    return commits


def read_at(path: str | os.PathLike, rev: str) -> str:
    """The file's text at ``rev`` (``HEAD~3``, a tag, a hash; ``""`` means the staged version)."""
    repo = require_repo(path)
    rel = repo.relpath(path)
    spec = f"{rev}:{rel}"
    if not gitlib.use_git("read"):
        return _decode(gitlib.read_blob(repo, rev, rel), spec)
    result = _git(repo.root, "cat-file", "--batch", stdin=(spec + "\n").encode("utf-8"), file=spec)
    if result.returncode != 0:
        raise HistoryError(f"git cat-file failed: {_stderr(result)}", spec)
    header, _, rest = result.stdout.partition(b"\n")
    fields = header.decode("utf-8", "replace").split()
    if len(fields) != 3 or fields[1] != "blob":
        if len(fields) == 3:  # e.g. a folder (tree)
            raise PathNotInRevision(f"{rel} is a {fields[1]} at {rev or 'the index'}, not a file", spec)
        if rev and not _is_revision(repo, rev):
            raise UnknownRevision(f"unknown revision {rev!r} in the git repository at {repo.root}", spec)
        raise PathNotInRevision(f"{rel} does not exist at {rev or 'the index (not staged)'}", spec)
    return _decode(rest[: int(fields[2])], spec)


def _decode(data: bytes, spec: str) -> str:
    try:
        return decode(data, spec)
    except LoadError as exc:
        raise HistoryError(exc.message, spec, exc.line, exc.column) from None


def _is_revision(repo: Repo, rev: str) -> bool:
    result = _git(repo.root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    return result.returncode == 0


def parse_spec(spec: str, cwd: str | os.PathLike | None = None) -> tuple[str, Path] | None:
    """``REV:PATH`` as git reads it: ``("HEAD~3", <repo>/patterns/x.md)``; None when ``spec`` is not one.

    PATH is relative to the repository root, as in ``git show``; ``./x`` and ``../x`` are relative to
    ``cwd``, and so is a plain PATH that exists only relative to ``cwd``. Raises NotARepository when
    ``cwd`` is not inside a git repository.
    """
    rev, sep, rel = _split_spec(spec)
    if not sep:
        return None
    base = Path(cwd) if cwd is not None else Path.cwd()
    if not rel:
        raise HistoryError(f"{spec!r}: no file after the ':' (write REV:PATH, e.g. HEAD~1:patterns/x.md)", spec)
    repo = require_repo(base)
    if Path(rel).is_absolute():
        return rev, Path(rel)
    if rel.startswith(("./", "../", ".\\", "..\\")):
        return rev, Path(os.path.normpath(base / rel))
    from_root, from_cwd = repo.root / rel, Path(os.path.normpath(base / rel))
    if not from_root.exists() and from_cwd.exists():
        return rev, from_cwd
    return rev, from_root


def _split_spec(spec: str) -> tuple[str, str, str]:
    """Split at the first ':' outside ``{...}`` (``HEAD^{/fix: typo}:x.md``); a drive letter is no rev."""
    depth = 0
    for i, ch in enumerate(spec):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(depth - 1, 0)
        elif ch == ":" and depth == 0:
            if i == 1 and spec[0].isalpha() and spec[2:3] in ("\\", "/"):
                return spec, "", ""  # C:\patterns\x.md
            return spec[:i], ":", spec[i + 1 :]
    return spec, "", ""
