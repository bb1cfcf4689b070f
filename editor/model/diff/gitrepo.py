"""A git repository as the diff package knows it, whichever backend reads it (the git command or
libgit2): where its working tree is, the errors of reading it, and one changed file of a range.

``history.py``, ``gitbatch.py`` and ``gitlib.py`` share these; ``history`` re-exports them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from editor.model.errors import PatternError


class HistoryError(PatternError):
    """A version could not be listed or read from git."""


class GitNotFound(HistoryError):
    """The git command is not installed (or not on PATH): only raised when the git backend is forced."""


class NotARepository(HistoryError):
    """The file is not inside a git working tree."""


class UnknownRevision(HistoryError):
    """git does not know the revision."""


class PathNotInRevision(HistoryError):
    """The revision exists but the file does not exist in it."""


@dataclass(frozen=True)
class Repo:
    root: Path  # the working tree's top folder

    def relpath(self, path: str | os.PathLike) -> str:
        """``path`` relative to the repository root, with forward slashes (as git spells it)."""
        p = Path(path)
        p = p if p.is_absolute() else Path.cwd() / p
        try:
            return Path(os.path.normpath(p)).relative_to(self.root).as_posix()
        except ValueError:
            try:  # symlinked folders (e.g. /tmp on macOS): compare real paths
                return Path(os.path.realpath(p)).relative_to(os.path.realpath(self.root)).as_posix()
            except ValueError:
                raise HistoryError(f"{p} is outside the git repository at {self.root}", str(p)) from None


@dataclass(frozen=True)
class RawChange:
    """One line of ``git diff --raw``: a file added, deleted, modified, renamed or copied."""

    status: str  # added | deleted | modified | renamed | copied | type-changed | unmerged
    path: str  # the new path (the old one for a deleted file)
    old_path: str | None  # the old path (None for an added file)
    old_oid: str | None  # blob ids; None for the missing side, and for a working-tree file git has not hashed
    new_oid: str | None
    old_mode: str = ""
    new_mode: str = ""
    similarity: int | None = None  # percent, for renames and copies

    @property
    def is_file(self) -> bool:
        """A regular file on both sides (not a submodule or a symbolic link)."""
        return all(m in ("", "000000", "100644", "100755") for m in (self.old_mode, self.new_mode))
