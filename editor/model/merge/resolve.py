"""Resolving the conflicts left in a file: what each one is, and the text after a choice.

A file with conflicts holds marker blocks (``document/markers.py``): from ``pattern-cli merge``
(then ``FILE.conflicts.json`` beside it says which field, entry or paragraph each block is about,
by the line of its ``<<<<<<<`` marker) or from git's own line merge (then only the text says). Each
block becomes a ``Conflict``; ``take`` answers a choice — ours, theirs, both, or an edited value —
with the text that replaces that block, and nothing else.

A frontmatter field named by the record is written as a value, in OURS' line form: every block is
read as OURS (the merge starts from OURS' text, so that text parses), the chosen value is set there
through ``Document.set`` and the field's new lines replace the block. Anything else is taken as
text: the side's own lines, or both sides' lines for list entries and paragraphs.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from editor.model import schema
from editor.model.document import storage
from editor.model.document.document import Document
from editor.model.document.markers import Block, blocks, has_markers, replace
from editor.model.document.split import decode
from editor.model.errors import PatternError
from editor.model.merge.conflicts import ABSENT, ENTRY, FIELD, PARAGRAPH
from editor.model.merge.merge import RECORD_SUFFIX
from editor.model.paths import Select, parse_path

OURS, THEIRS, BOTH = "ours", "theirs", "both"
_KEY = re.compile(r"^(\s*)(?:-\s+)?([A-Za-z0-9_\-]+)\s*:")


@dataclass
class Conflict:
    """One marker block and what is known about it."""

    block: Block
    index: int  # its place among the file's blocks when it was opened
    kind: str  # field | entry | paragraph
    path: str  # dotted field path or section heading; a guess (from indentation) without a record
    in_body: bool
    records: list[dict] = field(default_factory=list)  # the merge's record entries for this block
    change: str = ""  # "changed on both sides", …

    @property
    def recorded(self) -> bool:
        return bool(self.records)

    @property
    def has_base(self) -> bool:
        return self.block.base is not None or any(r.get("present", {}).get("base") for r in self.records)

    @property
    def key(self) -> tuple[str, str, str | None]:
        """What identifies the block while the text around it changes."""
        return self.block.sides

    def can_take_both(self) -> bool:
        """Both sides make sense together for paragraphs and list entries, not for one value."""
        if self.in_body or self.kind == PARAGRAPH or self.kind == ENTRY:
            return True
        if len(self.records) == 1:
            r = self.records[0]
            return isinstance(r.get("ours"), list) and isinstance(r.get("theirs"), list)
        return _all_items(self.block.ours) and _all_items(self.block.theirs)

    def side(self, which: str) -> str:
        """A side as text to show: the record's value for a field, else the block's lines."""
        if len(self.records) == 1 and self.kind != PARAGRAPH:
            r = self.records[0]
            if not r.get("present", {}).get(which, True):
                return ""
            return show_value(r.get(which))
        text = {OURS: self.block.ours, THEIRS: self.block.theirs, "base": self.block.base}[which]
        return (text or "").rstrip("\r\n")

    def present(self, which: str) -> bool:
        if len(self.records) == 1:
            return bool(self.records[0].get("present", {}).get(which, True))
        text = {OURS: self.block.ours, THEIRS: self.block.theirs, "base": self.block.base}[which]
        return bool(text)


def show_value(value: Any) -> str:
    """A value as a person reads it: scalars plain, lists and maps as block YAML."""
    if isinstance(value, (dict, list)):
        return yaml.safe_dump(value, sort_keys=False, allow_unicode=True, width=10**6).rstrip()
    return "" if value is None else str(value)


def _all_items(text: str) -> bool:
    """Lines that are list entries (each non-blank line at the first one's indent starts with '-')."""
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines:
        return True
    indent = len(lines[0]) - len(lines[0].lstrip())
    return all(ln[indent:].startswith("-") for ln in lines if len(ln) - len(ln.lstrip()) <= indent)


# ---------------------------------------------------------------- reading


def record_path(path: str | Path) -> Path:
    path = Path(path)
    return path.with_name(path.name + RECORD_SUFFIX)


def load_record(path: str | Path) -> list[dict]:
    """The merge's conflict record beside ``path``; [] when there is none or it cannot be read."""
    try:
        data = json.loads(record_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [r for r in data if isinstance(r, dict)] if isinstance(data, list) else []


def remove_stale_record(path: str | Path) -> bool:
    """Remove ``FILE.conflicts.json`` when the file on disk no longer holds a conflict."""
    record = record_path(path)
    if not record.is_file():
        return False
    try:
        text = decode(storage.read_bytes(Path(path)), str(path))
    except PatternError:
        return False
    if has_markers(text):
        return False
    record.unlink(missing_ok=True)
    return True


def conflicts(text: str, records: list[dict] | None = None) -> list[Conflict]:
    """The conflicts in ``text``, each with its record entries when the record's line matches."""
    by_line: dict[int, list[dict]] = {}
    for r in records or []:
        if isinstance(r.get("line"), int):
            by_line.setdefault(r["line"], []).append(r)
    out = []
    for i, b in enumerate(blocks(text)):
        in_body = _in_body(text, b.start)
        found = by_line.get(b.line, [])
        if found:
            kind = found[0].get("kind", FIELD)
            path = ", ".join(str(r.get("path", "")) for r in found)
            change = "; ".join(str(r.get("change", "")) for r in found if r.get("change"))
        else:
            kind = PARAGRAPH if in_body else (ENTRY if _starts_item(b) else FIELD)
            path = _section_of(text, b.start) if in_body else _guess_path(text, b)
            change = "changed on both sides"
        out.append(Conflict(b, i, kind, path, in_body, found, change))
    return out


def follow(original: list[Conflict], text: str) -> list[Conflict]:
    """The conflicts of ``original`` still open in ``text`` (matched by their sides, in order),
    each with the block's place in ``text`` now."""
    now = blocks(text)
    out, j = [], 0
    for b in now:
        while j < len(original) and original[j].key != b.sides:
            j += 1
        if j == len(original):
            break
        c = original[j]
        out.append(Conflict(b, c.index, c.kind, c.path, c.in_body, c.records, c.change))
        j += 1
    return out


def _in_body(text: str, offset: int) -> bool:
    """Is ``offset`` past the frontmatter's closing ``---``?"""
    delimiters = 0
    for line in text[:offset].splitlines():
        if line.rstrip() == "---":
            delimiters += 1
            if delimiters == 2:
                return True
        elif delimiters == 0 and line.strip():
            return True  # no frontmatter at all
    return False


def _starts_item(b: Block) -> bool:
    first = next((ln for ln in (b.ours + b.theirs).splitlines() if ln.strip()), "")
    return first.lstrip().startswith("- ")


def _guess_path(text: str, b: Block) -> str:
    """The field a frontmatter block is about, from its first key and the keys above it by indentation."""
    first = next((ln for ln in (b.ours + b.theirs).splitlines() if _KEY.match(ln)), None)
    if first is None:
        return "frontmatter"
    m = _KEY.match(first)
    assert m is not None
    indent, keys = len(m.group(1)), [m.group(2)]
    for line in reversed(text[: b.start].splitlines()):
        k = _KEY.match(line)
        if k and len(k.group(1)) < indent and not line.lstrip().startswith("- "):
            indent = len(k.group(1))
            keys.insert(0, k.group(2))
        if indent == 0:
            break
    return ".".join(keys)


def _section_of(text: str, offset: int) -> str:
    for line in reversed(text[:offset].splitlines()):
        if line.startswith("#"):
            return line.lstrip("#").strip()
    return "Preamble"


# ---------------------------------------------------------------- resolving


def take(text: str, conflict: Conflict, choice: str, edited: str | None = None) -> str:
    """``text`` with ``conflict``'s block replaced by the choice (OURS, THEIRS, BOTH, or ``edited``)."""
    b = conflict.block
    if edited is None and choice == OURS:
        return replace(text, b, b.ours)
    if conflict.recorded and not conflict.in_body and conflict.kind in (FIELD, ENTRY):
        resolved = _as_value(text, conflict, choice, edited)
        if resolved is not None:
            return resolved
    if edited is not None:
        return replace(text, b, _closed(edited, b, text))
    if choice == THEIRS:
        return replace(text, b, b.theirs)
    if choice != BOTH or not conflict.can_take_both():
        raise ValueError(f"cannot take {choice} for {conflict.path}")
    ours, theirs = b.ours, b.theirs
    if conflict.in_body and ours.strip() and theirs.strip() and not _ends_blank(ours):
        ours += b.newline or "\n"  # two paragraphs, not one run-on paragraph
    if ours and not ours.endswith(("\n", "\r")):
        ours += b.newline or "\n"
    return replace(text, b, ours + theirs)


def _ends_blank(text: str) -> bool:
    lines = text.splitlines()
    return bool(lines) and not lines[-1].strip()


def _closed(edited: str, b: Block, text: str) -> str:
    nl = b.newline or "\n"
    if edited and not edited.endswith(("\n", "\r")) and (b.end < len(text) or b.newline):
        edited += nl
    return edited


def _as_value(text: str, conflict: Conflict, choice: str, edited: str | None) -> str | None:
    """``text`` with the chosen value written in OURS' form where the block was, or None when that
    cannot be done exactly (then the caller falls back to the block's text).

    The value is set in the text read as OURS throughout; its edit may reach a line next to the
    block (an entry added to OURS' ``[]``), never another block."""
    every = blocks(text)
    ours_text, spans = _one_side(text, every, OURS)
    theirs_text, _ = _one_side(text, every, THEIRS)
    ours = Document.from_text(ours_text, hints=schema.HINTS)
    if ours.error is not None:
        return None
    theirs = Document.from_text(theirs_text, hints=schema.HINTS)
    try:
        for r in conflict.records:
            segs = parse_path(str(r.get("path", "")))
            value = _chosen_value(r, segs, ours, theirs, choice, edited)
            if value is ABSENT:
                if ours.exists(segs):
                    ours.delete(segs)
            elif isinstance(segs[-1], Select) and not ours.exists(segs):
                _add_entry(ours, theirs, segs, value)
            else:
                ours.set(segs, value)
    except (PatternError, ValueError, yaml.YAMLError):
        return None
    new = ours.text
    p = _common_prefix(ours_text, new)
    s = _common_suffix(ours_text, new, p)
    q = len(ours_text) - s
    others = [(b, span) for b, span in zip(every, spans) if b.start != conflict.block.start]
    for _, (a, e) in others:
        if (p < e and a < q) if a != e else (p < a < q):
            return None  # the edit would reach into another conflict

    def shift(x: int) -> int:
        return sum((b.end - b.start) - (e - a) for b, (a, e) in others if e <= x)

    current = replace(text, conflict.block, conflict.block.ours)
    return current[: p + shift(p)] + new[p : len(new) - s] + current[q + shift(q) :]


def _add_entry(ours: Document, theirs: Document, segs: tuple, value: Any) -> None:
    """An entry OURS lacks, added to its list where THEIRS has it (or at the end)."""
    items = ours.get(segs[:-1], None)
    if not isinstance(items, list):
        raise ValueError("no list to add the entry to")
    where = len(items)
    listed = theirs.get(segs[:-1], None) if theirs.error is None else None
    if isinstance(listed, list):
        found = next((i for i, item in enumerate(listed) if segs[-1].matches(item)), where)
        where = min(found, len(items))
    ours.insert(segs[:-1] + (where,), value)


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def _common_suffix(a: str, b: str, prefix: int) -> int:
    n = min(len(a), len(b)) - prefix
    i = 0
    while i < n and a[-1 - i] == b[-1 - i]:
        i += 1
    return i


def _chosen_value(r: dict, segs: tuple, ours: Document, theirs: Document, choice: str, edited: str | None) -> Any:
    def value(doc: Document | None, which: str) -> Any:
        present = r.get("present", {}).get(which, True)
        if not present:
            return ABSENT
        if doc is not None and doc.error is None and doc.exists(segs):
            return doc.get(segs)
        return r.get(which)

    o, t = value(ours, OURS), value(theirs, THEIRS)
    if edited is not None:
        if isinstance(o, str) or isinstance(t, str):
            return edited.strip("\r\n")
        return yaml.safe_load(edited)
    if choice == OURS:
        return o
    if choice == THEIRS:
        return t
    if isinstance(o, list) and isinstance(t, list):
        return o + [x for x in t if x not in o]
    if o is ABSENT or t is ABSENT:  # an entry one side removed: "both" keeps the other's
        return t if o is ABSENT else o
    raise ValueError("both sides of one value cannot both be taken")


def _one_side(text: str, every: list[Block], which: str) -> tuple[str, list[tuple[int, int]]]:
    """``text`` with every block read as ``which`` side, and where each block's side sits in it."""
    out, pos, size, spans = [], 0, 0, []
    for b in every:
        before = text[pos : b.start]
        side = b.ours if which == OURS else b.theirs
        out += [before, side]
        size += len(before)
        spans.append((size, size + len(side)))
        size += len(side)
        pos = b.end
    out.append(text[pos:])
    return "".join(out), spans


__all__ = [
    "BOTH",
    "OURS",
    "THEIRS",
    "Conflict",
    "conflicts",
    "follow",
    "load_record",
    "record_path",
    "remove_stale_record",
    "show_value",
    "take",
]
