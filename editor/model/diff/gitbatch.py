"""git in bulk: the changed files of a range from one ``git diff --raw``, and every blob read
through one ``git cat-file --batch`` process (not one process per file); or the same from libgit2
(``gitlib.py``), which needs no git installed, wherever ``gitlib.use_git`` says so.

The reviewer of a range (``review.py``) and field blame (``blame.py``) read hundreds of versions;
starting git once per version costs more than comparing them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

from editor.model.diff import gitlib
from editor.model.diff.gitrepo import GitNotFound, HistoryError, RawChange, Repo, UnknownRevision
from editor.model.diff.history import require_repo

TIMEOUT = 120.0  # seconds for one listing; a 10,000-file diff takes well under one
NULL_OID = "0" * 40
_STATUS = {"A": "added", "D": "deleted", "M": "modified", "R": "renamed", "C": "copied", "T": "type-changed"}


def env() -> dict[str, str]:
    return {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}


def git(
    root: str | os.PathLike, *args: str, what: str = "", stdin: bytes = b"", extra: dict[str, str] | None = None
) -> bytes:
    """Run ``git -C root args`` and return its output; raises HistoryError (GitNotFound) on failure."""
    cmd = ["git", "-c", "core.quotepath=off", "-C", str(root), *args]
    try:
        done = subprocess.run(
            cmd, input=stdin, capture_output=True, timeout=TIMEOUT, env={**env(), **(extra or {})}, check=False
        )
    except FileNotFoundError:
        raise GitNotFound("git is not installed (or not on PATH); install git to review changes", what) from None
    except subprocess.TimeoutExpired:
        raise HistoryError(f"git did not answer within {TIMEOUT:.0f} s: git {' '.join(args)}", what) from None
    if done.returncode != 0:
        text = done.stderr.decode("utf-8", "replace").strip()
        message = text.splitlines()[-1] if text else f"git exited with status {done.returncode}"
        raise HistoryError(f"git {args[0]} failed: {message}", what)
    return done.stdout


def repo_at(folder: str | os.PathLike) -> Repo:
    """The repository holding ``folder`` (NotARepository when there is none)."""
    return require_repo(folder)


def resolve(repo: Repo, rev: str) -> str:
    """The full hash of the commit ``rev`` names; UnknownRevision when git does not know it."""
    if not gitlib.use_git("review"):
        return gitlib.resolve(repo, rev)
    try:
        out = git(repo.root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}", what=rev)
    except GitNotFound:
        raise
    except HistoryError:
        raise UnknownRevision(f"unknown revision {rev!r} in the git repository at {repo.root}", rev) from None
    return out.decode().strip()


def parent_of(repo: Repo, commit: str) -> str:
    """The first parent of ``commit``, or the empty tree for a root commit."""
    if not gitlib.use_git("review"):
        return gitlib.parent_of(repo, commit)
    try:
        return resolve(repo, f"{commit}^1")
    except UnknownRevision:
        return git(repo.root, "hash-object", "-t", "tree", "--stdin", what=commit).decode().strip()


def merge_base(repo: Repo, a: str, b: str) -> str:
    if not gitlib.use_git("review"):
        return gitlib.merge_base(repo, a, b)
    try:
        return git(repo.root, "merge-base", a, b, what=f"{a}...{b}").decode().strip()
    except GitNotFound:
        raise
    except HistoryError:
        raise HistoryError(f"{a} and {b} have no common ancestor", f"{a}...{b}") from None


# ---------------------------------------------------------------- the list of changes


def raw_diff(
    repo: Repo, old: str, new: str | None, paths: Sequence[str] = (), cwd: str | os.PathLike | None = None
) -> list[RawChange]:
    """The files that differ between the trees ``old`` and ``new`` (``None``: the working tree), from
    one ``git diff --raw -z --find-renames``. For the working tree, untracked files count too: they
    are marked intent-to-add in a temporary copy of the index (the repository's own index is not
    touched), so a file renamed without ``git mv`` is found as a rename. ``paths`` are git pathspecs
    relative to ``cwd`` (default: the repository root); the paths returned are relative to the root."""
    if not gitlib.use_git("review"):
        return gitlib.raw_diff(repo, old, new, paths, cwd)
    where = Path(cwd) if cwd is not None else repo.root
    revs = [old] if new is None else [old, new]
    args = ["diff", "--raw", "-z", "--find-renames", "--no-abbrev", "--no-ext-diff", *revs, "--", *paths]
    if new is None:
        listed = git(where, "ls-files", "-z", "--full-name", "--others", "--exclude-standard", "--", *paths)
        untracked = [n for n in listed.decode("utf-8", "surrogateescape").split("\0") if n]
        if untracked:
            with tempfile.TemporaryDirectory(prefix="pattern-review-") as tmp:
                index = Path(tmp) / "index"
                real = Path(git(where, "rev-parse", "--git-path", "index").decode().strip())
                real = real if real.is_absolute() else where / real
                if real.exists():
                    shutil.copyfile(real, index)
                extra = {"GIT_INDEX_FILE": str(index)}
                names = "\0".join(untracked).encode("utf-8", "surrogateescape") + b"\0"
                git(
                    repo.root,
                    "--literal-pathspecs",
                    "add",
                    "--intent-to-add",
                    "--pathspec-from-file=-",
                    "--pathspec-file-nul",
                    stdin=names,
                    extra=extra,
                    what="intent-to-add",
                )
                return sorted(parse_raw(git(where, *args, extra=extra)), key=lambda c: c.path)
    return sorted(parse_raw(git(where, *args, what=" ".join(revs))), key=lambda c: c.path)


def parse_raw(out: bytes) -> list[RawChange]:
    """Parse ``git diff --raw -z`` output: ``:oldmode newmode oldoid newoid STATUS\\0path\\0[path\\0]``."""
    fields = out.decode("utf-8", "surrogateescape").split("\0")
    changes: list[RawChange] = []
    i = 0
    while i < len(fields):
        head = fields[i]
        if not head.startswith(":"):
            i += 1
            continue
        old_mode, new_mode, old_oid, new_oid, status = head[1:].split(" ")[:5]
        letter, score = status[0], status[1:]
        if letter in "RC":
            old_path, path = fields[i + 1], fields[i + 2]
            i += 3
        else:
            old_path = path = fields[i + 1]
            i += 2
        changes.append(
            RawChange(
                _STATUS.get(letter, "unmerged"),
                path,
                None if letter == "A" else old_path,
                None if letter == "A" or old_oid == NULL_OID else old_oid,
                None if letter == "D" or new_oid == NULL_OID else new_oid,
                old_mode,
                new_mode,
                int(score) if score.isdigit() else None,
            )
        )
    return changes


# ---------------------------------------------------------------- blobs


class BlobReader:
    """One ``git cat-file --batch`` process serving every read (or libgit2, without a process,
    when ``gitlib.use_git`` says so). Use as a context manager.

    ``read_many`` writes all requests from a thread while reading the answers, so neither pipe
    can fill up and stall the other.
    """

    proc: subprocess.Popen | None = None
    lib: gitlib.LibBlobReader | None = None

    def __init__(self, repo: Repo, operation: str = "review") -> None:
        self.repo = repo
        if not gitlib.use_git(operation):
            self.lib = gitlib.LibBlobReader(repo)
            return
        try:
            self.proc = subprocess.Popen(
                ["git", "-C", str(repo.root), "cat-file", "--batch"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=env(),
            )
        except FileNotFoundError:
            raise GitNotFound(
                "git is not installed (or not on PATH); install git to review changes", str(repo.root)
            ) from None

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.proc is None:
            return
        if self.proc.stdin and not self.proc.stdin.closed:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            self.proc.kill()
            self.proc.wait()
        if self.proc.stdout:
            self.proc.stdout.close()

    def read(self, spec: str) -> bytes | None:
        """One object's bytes (a blob id or ``REV:PATH``); None when it does not exist or is no blob."""
        return self.read_many([spec])[0]

    def read_many(self, specs: Iterable[str]) -> list[bytes | None]:
        specs = list(specs)
        if not specs:
            return []
        if self.lib is not None:
            return self.lib.read_many(specs)
        assert self.proc is not None and self.proc.stdin is not None and self.proc.stdout is not None
        request = "".join(f"{s}\n" for s in specs).encode("utf-8", "surrogateescape")
        failed: list[BaseException] = []

        def write() -> None:
            try:
                self.proc.stdin.write(request)  # type: ignore[union-attr]
                self.proc.stdin.flush()  # type: ignore[union-attr]
            except OSError as exc:  # pragma: no cover - git died
                failed.append(exc)

        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        out: list[bytes | None] = []
        stdout = self.proc.stdout
        for spec in specs:
            header = stdout.readline()
            if not header:
                raise HistoryError("git cat-file stopped answering", spec)
            parts = header.split()
            if len(parts) == 3 and parts[1] == b"blob":
                size = int(parts[2])
                data = stdout.read(size)
                stdout.read(1)  # the newline after the contents
                out.append(data)
            elif len(parts) == 3:  # a tree or commit: skip its contents
                stdout.read(int(parts[2]) + 1)
                out.append(None)
            else:  # "<spec> missing" / "ambiguous"
                out.append(None)
        writer.join()
        if failed:  # pragma: no cover
            raise HistoryError(f"git cat-file failed: {failed[0]}", specs[0])
        return out
