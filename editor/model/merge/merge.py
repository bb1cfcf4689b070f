"""The entry point: ``merge_texts(base, ours, theirs)`` and ``merge_files(...)``.

Starts from OURS' text and applies THEIRS' changes (relative to BASE): the frontmatter field by
field through ``Document`` (``fields.py``, ``entries.py``), the body section by section and block
by block (``body.py``). Every byte of OURS that neither merge touches is kept. When OURS (or
THEIRS) equals BASE the other side is returned as it is, byte for byte, formatting included.
Conflicts are marked in the text (``conflicts.py``) and returned for the record.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from editor.model import schema
from editor.model.document import storage
from editor.model.document.document import Document
from editor.model.document.split import decode
from editor.model.merge.body import merge_bodies
from editor.model.merge.conflicts import Conflict, mark_fields
from editor.model.merge.fields import FrontmatterMerge

RECORD_SUFFIX = ".conflicts.json"


@dataclass
class MergeResult:
    text: str
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.conflicts

    def record(self) -> list[dict]:
        """The conflict record: one JSON object per conflict, in file order."""
        return [c.to_json() for c in self.conflicts]

    def record_text(self) -> str:
        return json.dumps(self.record(), ensure_ascii=False, indent=2) + "\n"


def merge_texts(
    base: str, ours: str, theirs: str, names: tuple[str, str, str] = ("BASE", "OURS", "THEIRS")
) -> MergeResult:
    """Three-way merge of three pattern texts. Raises ParseError when any of them does not parse."""
    docs = [Document.from_text(text, name, schema.HINTS) for text, name in zip((base, ours, theirs), names)]
    for doc in docs:
        if doc.error is not None:
            raise doc.error
    if ours == theirs or theirs == base:
        return MergeResult(ours)
    if ours == base:
        return MergeResult(theirs)
    b, o, t = docs
    nl = o.newline
    if b.newline != nl:
        b = Document.from_text(_with_newline(base, nl), names[0], schema.HINTS)
    if t.newline != nl:
        t = Document.from_text(_with_newline(theirs, nl), names[2], schema.HINTS)
    live = Document.from_text(ours, names[1], schema.HINTS)
    conflicts = FrontmatterMerge(live).run(b.data or {}, o.data or {}, t.data or {})
    body, body_conflicts = merge_bodies(b.body, o.body, t.body, nl)
    if body != live.body:
        live.set_body(body)
    assert live.parts is not None
    text, parts = live.text, live.parts
    grown = 0
    if conflicts:
        fm, grown = mark_fields(live, t, conflicts)
        text = text[: parts.fm_start] + fm + text[parts.fm_end :]
        for c in conflicts:
            c.offset += parts.fm_start
    for c in body_conflicts:
        c.offset += parts.body_start + grown
    every = sorted(conflicts + body_conflicts, key=lambda c: c.offset)
    for c in every:
        c.line = _line_at(text, c.offset, nl)
    return MergeResult(text, every)


def merge_files(base: Path, ours: Path, theirs: Path) -> MergeResult:
    """Read and merge three files (LoadError when unreadable, ParseError when one does not parse)."""
    texts = [decode(storage.read_bytes(Path(p)), str(p)) for p in (base, ours, theirs)]
    return merge_texts(*texts, names=(str(base), str(ours), str(theirs)))


def write_result(result: MergeResult, out: Path, record: Path | None = None) -> Path:
    """Write the merged text to ``out`` atomically, with the record (default ``out.conflicts.json``)
    when there are conflicts; a clean merge removes a stale record. Returns the record's path."""
    record = record or out.with_name(out.name + RECORD_SUFFIX)
    storage.atomic_write(out, result.text.encode("utf-8"))
    if result.conflicts:
        storage.atomic_write(record, result.record_text().encode("utf-8"))
    else:
        record.unlink(missing_ok=True)
    return record


def _with_newline(text: str, nl: str) -> str:
    plain = text.replace("\r\n", "\n").replace("\r", "\n")
    return plain if nl == "\n" else plain.replace("\n", nl)


def _line_at(text: str, offset: int, nl: str) -> int:
    return text.count("\r" if nl == "\r" else "\n", 0, offset) + 1


__all__ = ["RECORD_SUFFIX", "Conflict", "MergeResult", "merge_files", "merge_texts", "write_result"]
