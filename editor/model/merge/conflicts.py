"""A conflict: what both sides did to one field, entry or paragraph, its record and its form in the file.

In the merged file a conflicted frontmatter field keeps OURS' lines and shows THEIRS' beside them,
as git does for lines::

    <<<<<<< ours
        resilience: 3.5
    =======
        resilience: 4.0
    >>>>>>> theirs

The record (``OUT.conflicts.json``) lists each conflict with its kind, path, the three values and
the line of its ``<<<<<<<`` marker in the merged file: enough for a view that offers a choice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from editor.model.document.document import Document
from editor.model.document.locate import locate
from editor.model.document.values import jsonable
from editor.model.document.yamlnode import (
    SequenceNode,
    after_line_break,
    content_end,
    dash_index,
    line_end,
    line_start,
)
from editor.model.errors import PathError
from editor.model.paths import Path, format_path

OURS_MARK, SPLIT_MARK, THEIRS_MARK = "<<<<<<< ours", "=======", ">>>>>>> theirs"
FIELD, ENTRY, PARAGRAPH = "field", "entry", "paragraph"

ABSENT: Any = type("Absent", (), {"__repr__": lambda self: "ABSENT"})()  # a key or entry one side lacks


@dataclass
class Conflict:
    """One place both sides changed differently. ``base``/``ours``/``theirs`` are ABSENT when missing."""

    kind: str  # FIELD | ENTRY | PARAGRAPH
    path: str  # dotted field path, or the section heading of a paragraph
    base: Any
    ours: Any
    theirs: Any
    segs: Path = ()  # the field path as segments (frontmatter conflicts)
    line: int = 0  # 1-based line of the `<<<<<<< ours` marker in the merged text
    reason: str = ""  # set when a clean change could not be written faithfully
    offset: int = field(default=-1, repr=False)  # where its marker starts, while the text is assembled

    @property
    def change(self) -> str:
        """'changed on both sides', 'removed in ours, changed in theirs', 'added on both sides', …"""

        def what(side: Any) -> str:
            if side is ABSENT:
                return "removed"
            return "added" if self.base is ABSENT else "changed"

        o, t = what(self.ours), what(self.theirs)
        if self.reason:
            return self.reason
        return f"{o} on both sides" if o == t else f"{o} in ours, {t} in theirs"

    def to_json(self) -> dict[str, Any]:
        def value(v: Any) -> Any:
            return None if v is ABSENT else jsonable(v)

        return {
            "kind": self.kind,
            "path": self.path,
            "base": value(self.base),
            "ours": value(self.ours),
            "theirs": value(self.theirs),
            "line": self.line,
            "change": self.change,
            "present": {
                "base": self.base is not ABSENT,
                "ours": self.ours is not ABSENT,
                "theirs": self.theirs is not ABSENT,
            },
        }


def field_conflict(segs: Path, base: Any, ours: Any, theirs: Any, reason: str = "") -> Conflict:
    kind = ENTRY if any(not isinstance(s, str) for s in segs) else FIELD
    return Conflict(kind, format_path(segs), base, ours, theirs, segs, reason=reason)


def marked(ours: str, theirs: str, nl: str) -> str:
    """OURS' and THEIRS' text between git-style markers (each side ends with a line break)."""

    def closed(text: str) -> str:
        return text if not text or text.endswith(("\n", "\r")) else text + nl

    return f"{OURS_MARK}{nl}{closed(ours)}{SPLIT_MARK}{nl}{closed(theirs)}{THEIRS_MARK}{nl}"


# ---------------------------------------------------------------- frontmatter conflicts in the text


def field_span(doc: Document, segs: Path) -> tuple[int, int] | None:
    """The whole lines (offsets in the frontmatter) holding the field at ``segs``, or None if missing."""
    try:
        loc = locate(doc.root, doc.data, segs, doc.name)
    except (PathError, KeyError, IndexError, TypeError):
        return None
    fm = doc.frontmatter
    if loc.key is not None:
        start = loc.key.start_mark.index
    elif isinstance(loc.parent, SequenceNode) and not loc.parent.flow_style:
        start = dash_index(loc.node, fm)
    else:
        start = loc.node.start_mark.index
    return line_start(fm, start), after_line_break(fm, line_end(fm, content_end(loc.node, fm)))


def insertion_point(doc: Document, segs: Path) -> int:
    """Where a field OURS lacks would go: after its nearest existing ancestor's last line."""
    fm = doc.frontmatter
    for n in range(len(segs) - 1, 0, -1):
        span = field_span(doc, segs[:n])
        if span is not None:
            return span[1]
    return len(fm)


def mark_fields(doc: Document, theirs: Document, conflicts: list[Conflict]) -> tuple[str, int]:
    """The document's frontmatter with every conflicted field between markers, and how much longer it got.

    Conflicts whose lines overlap (two keys of one flow mapping) share one marked block. Sets each
    conflict's ``offset`` within the returned frontmatter.
    """
    fm, their_fm, nl = doc.frontmatter, theirs.frontmatter, doc.newline
    spans = []
    for c in conflicts:
        ours_span = field_span(doc, c.segs)
        if ours_span is None:
            at = insertion_point(doc, c.segs)
            ours_span = (at, at)
        spans.append((ours_span, field_span(theirs, c.segs), c))
    spans.sort(key=lambda s: s[0])
    groups: list[list] = []
    for item in spans:
        if groups and item[0][0] < max(s[0][1] for s in groups[-1]):
            groups[-1].append(item)
        else:
            groups.append([item])
    out, pos, grown = [], 0, 0
    for group in groups:
        start = group[0][0][0]
        end = max(s[0][1] for s in group)
        theirs_text = _joined(their_fm, [s[1] for s in group if s[1] is not None])
        block = marked(fm[start:end], theirs_text, nl)
        out.append(fm[pos:start])
        for s in group:
            s[2].offset = start + grown
        out.append(block)
        grown += len(block) - (end - start)
        pos = end
    out.append(fm[pos:])
    return "".join(out), grown


def _joined(text: str, spans: list[tuple[int, int]]) -> str:
    """The text of ``spans`` in file order, overlapping ones once."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return "".join(text[s:e] for s, e in merged)
