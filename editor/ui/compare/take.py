"""Taking the old side of one change into the live document: which controller edits, in which order.

``field_steps`` plans the edits that give a frontmatter change its old value back; ``section_body``
computes the body with one section restored. Both are plain Python (no widgets) so the window only
has to run the plan inside one ``controller.macro`` — one undo step per take.

Entries that come back into a list go where they were (after the nearest earlier neighbour that is
still there), so taking every change restores the old bytes, not only the old data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from editor.model.diff.body import SectionDiff, _match_sections, sections_of
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
