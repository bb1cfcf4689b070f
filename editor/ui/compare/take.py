"""Taking the old side of one change into the live document: which controller edits, in which order.

``field_steps`` plans the edits that give a frontmatter change its old value back; ``section_body``
computes the body with one section restored. Both are plain Python (no widgets) so the window only
has to run the plan inside one ``controller.macro`` — one undo step per take.

Entries that come back into a list go where they were (after the nearest earlier neighbour that is
still there), so taking every change restores the old bytes, not only the old data.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from editor.model.diff.body import (
    _FENCE,
    _HEADING,
    _RULE,
    ParagraphChange,
    SectionDiff,
    _match_sections,
    _Section,
    sections_of,
)
from editor.model.diff.semantic import ADDED, CHANGED, MOVED, REMOVED, FieldChange, canon
from editor.model.document.document import Document
from editor.model.errors import PatternError
from editor.model.paths import Path, Select, format_path


class TakeError(PatternError):
    """The old value cannot be put back (the document changed under the comparison)."""


@dataclass(frozen=True)
class Step:
    op: str  # set | delete | insert | rename
    path: str
    value: Any = None


# ---------------------------------------------------------------- frontmatter


def field_steps(change: FieldChange, old: Document, target: Document) -> list[Step]:
    """The controller edits that give ``change`` its old value in ``target``."""
    segs, path = change.segments, change.path
    if change.kind == CHANGED:
        return [Step("set", path, change.old)]
    if change.kind == ADDED:
        return [Step("delete", path)]
    if change.kind == REMOVED:
        if _is_item(segs):
            return [_insert_back(segs, change.old, old, target)]
        return [Step("set", path, change.old)]
    if change.kind == MOVED:
        back = change.from_segments
        if _is_item(segs) or _is_item(back):
            return [Step("delete", path), _insert_back(back, change.old, old, _without(target, segs))]
        if back[:-1] == segs[:-1]:  # renamed in place: renaming back keeps the key where it is
            steps = [Step("rename", path, back[-1])]
            if canon(change.old) != canon(change.new):
                steps.append(Step("set", format_path(back), change.old))
            return steps
        return [Step("delete", path), Step("set", format_path(back), change.old)]
    raise TakeError(f"cannot take a change of kind {change.kind!r}", target.name)


def _is_item(segs: Path) -> bool:
    return bool(segs) and isinstance(segs[-1], (int, Select))


def _without(target: Document, segs: Path) -> Document:
    """The target as it will be once ``segs`` is deleted (positions are planned against that)."""
    probe = Document.from_text(target.text, target.name, target.hints)
    probe.delete(segs)
    return probe


def _insert_back(segs: Path, value: Any, old: Document, target: Document) -> Step:
    """Insert ``value`` into its old list, after the nearest earlier old neighbour still present."""
    list_path = segs[:-1]
    old_list = old.get(list_path, None)
    current = target.get(list_path, None)
    if not isinstance(current, list) or not current:
        return Step("insert", format_path(list_path + (0,)), value)
    where = _old_index(old_list, segs[-1], value) if isinstance(old_list, list) else None
    pos = len(current)
    if where is not None:
        pos = 0
        taken: set[int] = set()
        for earlier in old_list[:where]:  # type: ignore[index]
            at = _find(current, earlier, segs[-1], taken)
            if at is not None:
                taken.add(at)
                pos = max(pos, at + 1)
    return Step("insert", format_path(list_path + (pos,)), value)


def _old_index(items: list, last: Any, value: Any) -> int | None:
    if isinstance(last, Select):
        return next((i for i, item in enumerate(items) if last.matches(item)), None)
    if isinstance(last, int) and 0 <= last < len(items) and canon(items[last]) == canon(value):
        return last
    return next((i for i, item in enumerate(items) if canon(item) == canon(value)), None)


def _find(items: list, wanted: Any, last: Any, taken: set[int]) -> int | None:
    """Where an old neighbour sits in the current list: by identity key, else by equal value."""
    if isinstance(last, Select):
        key = wanted.get(last.key, wanted.get("id")) if isinstance(wanted, dict) else wanted
        if isinstance(key, str):
            probe = Select(last.key, key)
            return next((i for i, item in enumerate(items) if probe.matches(item)), None)
        return None
    c = canon(wanted)
    return next((i for i, item in enumerate(items) if i not in taken and canon(item) == c), None)


# ---------------------------------------------------------------- body


@dataclass(frozen=True)
class _Span:
    start: int  # offset of the heading line (0 for the preamble)
    inner_end: int  # end of the last content line: what follows is the separator before the next section
    end: int


def _spans(body: str) -> list[_Span]:
    """Character spans of ``sections_of(body)``, which covers the body's lines in order."""
    lines = body.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    out, at = [], 0
    for sec in sections_of(body):
        count = (0 if sec.heading is None else 1) + len(sec.lines)
        inner = count - len(sec.tail)
        out.append(_Span(offsets[at], offsets[at + inner], offsets[at + count]))
        at += count
    return out


def section_body(index: int, sections: list[SectionDiff], old_body: str, new_body: str) -> str:
    """``new_body`` with the section at ``sections[index]`` (``diff_bodies`` order) as in ``old_body``.

    A changed section gets its old heading and text (the separator after it stays); an added one
    goes away with the separator before it; a removed one comes back after its old predecessor.
    """
    a, b = sections_of(old_body), sections_of(new_body)
    pairs = _match_sections(a, b)
    if len(pairs) != len(sections) or not 0 <= index < len(pairs):
        raise TakeError("the body changed since it was compared; compare again")
    x, y = pairs[index]
    sa, sb = _spans(old_body), _spans(new_body)
    ia = next((i for i, s in enumerate(a) if s is x), None)
    ib = next((j for j, s in enumerate(b) if s is y), None)
    if ia is not None and ib is not None:  # changed
        return new_body[: sb[ib].start] + old_body[sa[ia].start : sa[ia].inner_end] + new_body[sb[ib].inner_end :]
    if ib is not None:  # added: drop it together with the separator that precedes it
        if ib == 0:
            return new_body[: sb[0].start] + new_body[sb[0].end :]
        return new_body[: sb[ib - 1].inner_end] + new_body[sb[ib].inner_end :]
    assert ia is not None  # removed: put it back after the nearest earlier section both versions have
    partner = {id(p): q for p, q in pairs if p is not None}
    for k in range(ia - 1, -1, -1):
        q = partner.get(id(a[k]))
        if q is not None:
            jb = next(j for j, s in enumerate(b) if s is q)
            text = old_body[sa[ia - 1].inner_end : sa[ia].inner_end]  # separator + the section
            return new_body[: sb[jb].inner_end] + text + new_body[sb[jb].inner_end :]
    return old_body[sa[ia].start : sa[ia].end] + new_body


# ---------------------------------------------------------------- one paragraph of a body section


def _paragraph_lines(lines: list[str], first: int, last: int) -> list[tuple[int, int]]:
    """(start, end) line ranges of the paragraphs in ``lines[first:last]``, split exactly as
    ``body._split_paragraphs`` splits them (fences, blank lines, rules, sub-headings)."""
    out: list[tuple[int, int]] = []
    start: int | None = None
    in_fence = False
    for k in range(first, last):
        line = lines[k]
        if _FENCE.match(line) or in_fence:
            in_fence = in_fence != bool(_FENCE.match(line))
            start = k if start is None else start
            continue
        if not line.strip() or _RULE.match(line) or _HEADING.match(line):
            if start is not None:
                out.append((start, k))
                start = None
            if line.strip() and not _RULE.match(line):  # a sub-heading is a paragraph of its own
                out.append((k, k + 1))
            continue
        start = k if start is None else start
    if start is not None:
        out.append((start, last))
    return out


def _section_paragraphs(body: str, sections: list[_Section]) -> list[list[tuple[int, int]]]:
    """Per section of ``sections_of(body)``: its paragraphs' line ranges in ``body.splitlines()``."""
    lines = body.splitlines()
    out, at = [], 0
    for sec in sections:
        first = at + (0 if sec.heading is None else 1)
        ranges = _paragraph_lines(lines, first, first + len(sec.lines) - len(sec.tail))
        texts = ["\n".join(lines[a:b]) for a, b in ranges]
        if texts != [p.text for p in sec.paragraphs]:
            raise TakeError("the body's paragraphs could not be located; compare again")
        out.append(ranges)
        at = first + len(sec.lines)
    return out


def _old_to_new(x: _Section, y: _Section, changes: list[ParagraphChange]) -> dict[int, int]:
    """Which new paragraph each kept old paragraph became (equal ones and changed ones)."""
    mapping = {p.old_index: p.new_index for p in changes if p.kind == "changed"}
    keys = difflib.SequenceMatcher(None, [p.key for p in x.paragraphs], [p.key for p in y.paragraphs], autojunk=False)
    for tag, i1, i2, j1, _j2 in keys.get_opcodes():
        if tag == "equal":
            mapping.update({i1 + k: j1 + k for k in range(i2 - i1)})
    return {i: j for i, j in mapping.items() if i is not None and j is not None}


def paragraph_body(index: int, paragraph: int, sections: list[SectionDiff], old_body: str, new_body: str) -> str:
    """``new_body`` with one paragraph change (``sections[index].paragraphs[paragraph]``) undone:
    a changed paragraph gets its old text, an added one goes (with the blank line after it), a
    removed one comes back after the nearest earlier paragraph both versions have. Every other
    line of the body stays as it is."""
    a, b = sections_of(old_body), sections_of(new_body)
    pairs = _match_sections(a, b)
    if len(pairs) != len(sections) or not 0 <= index < len(pairs):
        raise TakeError("the body changed since it was compared; compare again")
    x, y = pairs[index]
    changes = sections[index].paragraphs
    if x is None or y is None or not 0 <= paragraph < len(changes):
        raise TakeError("only paragraphs of a section both versions have can be taken one by one")
    change = changes[paragraph]
    old_ranges = _section_paragraphs(old_body, a)[a.index(x)]
    new_ranges = _section_paragraphs(new_body, b)[b.index(y)]
    old_lines, new_lines = old_body.splitlines(keepends=True), new_body.splitlines(keepends=True)

    def old_chunk(i: int, end: str) -> list[str]:
        s, e = old_ranges[i]
        chunk = [ln.rstrip("\r\n") for ln in old_lines[s:e]]
        return [ln + "\n" for ln in chunk[:-1]] + [chunk[-1] + end]

    if change.kind == "changed":
        s, e = new_ranges[change.new_index]  # type: ignore[index]
        last = new_lines[e - 1]
        end = last[len(last.rstrip("\r\n")) :]
        return "".join(new_lines[:s] + old_chunk(change.old_index, end) + new_lines[e:])  # type: ignore[arg-type]
    if change.kind == "added":
        j = change.new_index
        s, e = new_ranges[j]  # type: ignore[index]
        if j + 1 < len(new_ranges):  # the paragraph and the blank lines after it
            e = new_ranges[j + 1][0]
        elif j > 0:  # the last one: the blank lines before it go with it
            s = new_ranges[j - 1][1]
        return "".join(new_lines[:s] + new_lines[e:])
    i = change.old_index
    assert i is not None
    kept = _old_to_new(x, y, changes)
    before = next((kept[k] for k in range(i - 1, -1, -1) if k in kept), None)
    gap_start = old_ranges[i - 1][1] if i > 0 else old_ranges[i][0]
    separator = [ln.rstrip("\r\n") + "\n" for ln in old_lines[gap_start : old_ranges[i][0]]] or ["\n"]
    if before is not None:  # after its old neighbour: the separator, then the paragraph
        at = new_ranges[before][1]
        head = new_lines[:at]
        if head and not head[-1].endswith("\n"):
            head[-1] += "\n"
        tail = new_lines[at:]
        return "".join(head + separator + old_chunk(i, "\n" if tail else "") + tail)
    if new_ranges:  # before the section's first paragraph: the paragraph, then a blank line
        at = new_ranges[0][0]
        return "".join(new_lines[:at] + old_chunk(i, "\n") + ["\n"] + new_lines[at:])
    raise TakeError("the section has no paragraph left to place this one by; take the whole section")
