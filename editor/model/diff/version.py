"""One side of a comparison: a file, or a file as git has it at a revision (``REV:PATH``).

The compare window and ``pattern-cli diff`` both read their versions here, so a spec means the
same thing, and fails with the same message, in both.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from editor.model.diff.history import find_repo, parse_spec, read_at
from editor.model.document.split import decode
from editor.model.document.storage import read_bytes
from editor.model.errors import LoadError


@dataclass
class Version:
    """One side of a comparison: its text and how to name it."""

    label: str  # "HEAD~3 · 2026-02-19 · alice", "Saved on disk", "Editor"
    text: str
    path: Path | None = None
    rev: str | None = None  # the git revision, for versions read from history
    source: str = ""  # how messages name it: the path as given, or REV:PATH ("" for the editor's own)


def version_from_spec(spec: str, cwd: str | os.PathLike | None = None) -> Version:
    """A file (``patterns/x.md``) or a git version (``HEAD~1:patterns/x.md``).

    Raises ``PatternError`` (``HistoryError`` for git problems) with a message naming the file.
    """
    base = Path(cwd) if cwd is not None else Path.cwd()
    path = Path(spec) if Path(spec).is_absolute() else base / spec
    if path.exists() or path.is_symlink():  # a link that loops or dangles: read_bytes says which
        if path.is_dir():
            raise LoadError("is a folder; compare two pattern files", spec)
        given = Path(spec) if cwd is None else path
        return Version(path.name, decode(read_bytes(path), spec), path, source=str(given))
    parsed = parse_spec(spec, base)
    if parsed is None:
        raise LoadError(f"no such file (for a git version write REV:PATH, e.g. HEAD~1:{spec})", spec)
    rev, file = parsed
    text = read_at(file, rev)  # raises unless the file is inside a repository
    repo = find_repo(file)
    rel = repo.relpath(file) if repo else file.name
    return Version(f"{rev or 'staged'} · {rel}", text, file, rev, source=f"{rev}:{rel}")
