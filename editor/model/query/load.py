"""Reading a folder's files for a query: each file's full frontmatter data.

A query may ask any dotted path, so this reads the whole frontmatter (the library index keeps
only a few fields), the safe way the editor does: the size limit, strict UTF-8, the exact
splitter, and libyaml's C loader with the alias-expansion limit (``yamlnode.compose``).
"""

from __future__ import annotations

import os
from pathlib import Path

from editor.model.document.split import decode, split
from editor.model.document.storage import MAX_FILE_BYTES
from editor.model.document.yamlnode import compose
from editor.model.errors import PatternError
from editor.model.query.evaluate import Subject


def read_subject(path: str | Path) -> Subject:
    """One file as a query subject; raises PatternError (with its line) when it cannot be read."""
    path = str(path)
    try:
        if os.path.getsize(path) > MAX_FILE_BYTES:
            raise PatternError(f"file is over {MAX_FILE_BYTES / 1e6:.0f} MB", path)
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise PatternError(f"cannot read: {exc.strerror}", path) from None
    text = decode(raw, path)
    parts = split(text, path)
    _node, data = compose(parts.frontmatter(text), path, parts.lines_before(text, parts.fm_start))
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise PatternError("frontmatter must be a mapping of keys", path, 1, 1)
    return Subject(data, path)


def read_folder(folder: str | Path) -> tuple[list[Subject], list[PatternError]]:
    """Every ``*.md`` directly in ``folder``, sorted: the readable ones and the errors of the rest."""
    subjects, errors = [], []
    for path in sorted(Path(folder).glob("*.md")):
        try:
            subjects.append(read_subject(path))
        except PatternError as exc:
            errors.append(exc)
    return subjects, errors
