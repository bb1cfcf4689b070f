"""What the compare window shows for each change: a label, the old and the new side as rich text.

``build_groups(result, ink)`` turns a ``DiffResult`` into groups of ``Row``s — the seven frontmatter
groups (named by the file's layout), then the body sections, then the formatting-only differences in
a group of their own — so the widgets only lay them out. Plain Python: no widgets here.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from typing import Any

from editor.model.diff.body import ParagraphChange, SectionDiff
from editor.model.diff.formatting import FormatChange
from editor.model.diff.semantic import ADDED, MOVED, REMOVED, DiffResult, FieldChange
from editor.model.diff.text import delta_text as _delta_text
from editor.model.diff.text import display_label, type_name
from editor.model.paths import Path, Select
from editor.model.schema.spec import RELATION_LABELS
from editor.ui.common.richtext import esc as _esc

FIELD, SECTION, FORMAT, FILE = "field", "section", "format", "file"
BODY_GROUP, FORMAT_GROUP, FILE_GROUP = "body", "format", "file"
SHOW = 160  # characters of a value shown in a cell; the tooltip has the rest
LONG_TEXT = 60  # longer changed texts are shown as a word diff
CONTEXT = 6  # unchanged words kept either side of a word change
PARAGRAPH_WORDS = 60  # words of an added/removed paragraph shown
MAX_PARAGRAPHS = 6  # paragraph changes shown per section row
NOTHING = "—"


@dataclass(frozen=True)
class Ink:
    """Colours for the rich text (from the theme), so rows read the same in light and dark."""

    text: str
    muted: str
    ins: str
    ins_bg: str
    dele: str
    del_bg: str


@dataclass
class Row:
    kind: str  # field | section | format
    group: str  # "g3", "body", "format"
    label: str
    detail: str  # "changed", "added", "1 paragraph changed", "moved from …"
    pairs: list[tuple[str, str]]  # (old html, new html): one line per value / changed paragraph
    summary: str  # plain text, for screen readers and tooltips
    tip: str  # the field path or the section heading
    change: Any  # FieldChange | SectionDiff | FormatChange
    index: int = -1  # position in DiffResult.body, for sections
    takeable: bool = False
    paragraphs: tuple[int | None, ...] = ()  # per pair: the paragraph change it shows (taken alone), or None

    @property
    def key(self) -> tuple:
        """Identity across refreshes (the selection stays on the same change)."""
        c = self.change
        if isinstance(c, FieldChange):
            return (self.kind, c.kind, c.path, c.from_path)
        if isinstance(c, SectionDiff):
            return (self.kind, c.section)
        return (self.kind, c.path, c.description)


@dataclass
class Group:
    key: str
    title: str
    rows: list[Row] = field(default_factory=list)

    @property
    def formatting(self) -> bool:
        return self.key == FORMAT_GROUP


def build_groups(result: DiffResult, ink: Ink) -> list[Group]:
    groups: dict[int, Group] = {}
    for c in result.changes:
        g = groups.setdefault(c.group, Group(f"g{c.group}", result.groups.get(c.group, f"Group {c.group}")))
        g.rows.append(field_row(c, ink))
    out = [groups[k] for k in sorted(groups, key=lambda g: (g == 0, g))]
    if result.file:  # the file as a whole: a blank line before the opening ---
        rows = [format_row(f, ink, FILE) for f in result.file]
        out.insert(0, Group(FILE_GROUP, "File", rows))
    body = Group(BODY_GROUP, "Body")
    for i, s in enumerate(result.body):
        if shown_section(s):
            body.rows.append(section_row(i, s, ink))
    if body.rows:
        out.append(body)
    if result.formatting:
        out.append(Group(FORMAT_GROUP, "Formatting only", [format_row(f, ink) for f in result.formatting]))
    return out


def shown_section(s: SectionDiff) -> bool:
    """A section whose meaning changed (an empty preamble appearing or going is not a change)."""
    if s.kind == "unchanged":
        return False
    return bool(s.paragraphs) or s.renamed or s.old_heading is not None or s.new_heading is not None


# ---------------------------------------------------------------- frontmatter rows


def field_row(c: FieldChange, ink: Ink) -> Row:
    rel = relation_of(c.segments)
    if rel is not None:
        label, detail, pairs, summary = _relation_cells(c, ink, *rel)
    else:
        label, detail, pairs, summary = _field_cells(c, ink)
    return Row(FIELD, f"g{c.group}", label, detail, pairs, summary, c.path, c, takeable=True)


def relation_of(segs: Path) -> tuple[str, str, tuple] | None:
    """(relationship type, target slug, the rest of the path) when ``segs`` points into an entry."""
    for i, seg in enumerate(segs):
        if isinstance(seg, Select) and seg.key == "slug" and i and segs[i - 1] in RELATION_LABELS:
            return str(segs[i - 1]), seg.value, segs[i + 1 :]
    return None


def _relation_cells(c: FieldChange, ink: Ink, rtype: str, target: str, rest: tuple):
    kind_label = RELATION_LABELS.get(rtype, rtype)
    if not rest and c.kind in (ADDED, REMOVED):
        entry = c.new if c.kind == ADDED else c.old
        text = f"{'+' if c.kind == ADDED else '−'} {target}{_weight(entry)}"
        cell = _mark(text, ink, c.kind == ADDED, decorate=False)
        pairs = [(_none(ink), cell)] if c.kind == ADDED else [(cell, _none(ink))]
        return kind_label, c.kind, pairs, f"{kind_label}: {text}"
    if not rest and c.kind == MOVED:
        old_rel = relation_of(c.from_segments)
        was = RELATION_LABELS.get(old_rel[0], old_rel[0]) if old_rel else (c.from_path or "")
        old_cell = f"{_esc(was)} · {_esc(target)}{_esc(_weight(c.old))}"
        new_cell = f"{_esc(kind_label)} · {_esc(target)}{_esc(_weight(c.new))}"
        return (
            f"{kind_label} › {target}",
            f"moved from {was}",
            [(old_cell, new_cell)],
            f"{target}: moved from {was} to {kind_label}",
        )
    label = f"{kind_label} › {target}"
    name = ".".join(str(s) for s in rest)
    prefix = f"{name} " if name else ""
    old_cell, new_cell, summary = _value_cells(c, ink, prefix)
    return label, c.kind, [(old_cell, new_cell)], f"{label}: {summary}"


def _field_cells(c: FieldChange, ink: Ink):
    label = display_label(c)
    last = c.segments[-1] if c.segments else None
    if c.kind in (ADDED, REMOVED) and isinstance(last, (int, Select)):
        listed = label.split(" → ")[0].rsplit(" #", 1)[0]
        value = c.new if c.kind == ADDED else c.old
        name = last.value if isinstance(last, Select) else show(value, SHOW)
        text = f"{'+' if c.kind == ADDED else '−'} {name}"
        cell = _mark(text, ink, c.kind == ADDED, decorate=False)
        if isinstance(last, Select) and isinstance(value, dict):
            rest = {k: v for k, v in value.items() if k != last.key}
            cell += f"<br><span style='color:{ink.muted}'>{_esc(show(rest, SHOW))}</span>" if rest else ""
        pairs = [(_none(ink), cell)] if c.kind == ADDED else [(cell, _none(ink))]
        return listed, c.kind, pairs, f"{listed}: {text}"
    if c.kind == MOVED:
        same_parent = c.from_segments[:-1] == c.segments[:-1]
        how = "renamed" if same_parent else "moved"
        old_cell = f"<span style='color:{ink.muted}'>{_esc(c.from_path or '')}:</span> {_esc(show(c.old, SHOW))}"
        new_cell = f"<span style='color:{ink.muted}'>{_esc(c.path)}:</span> {_esc(show(c.new, SHOW))}"
        return label, f"{how} from {c.from_path}", [(old_cell, new_cell)], f"{label}: {how} from {c.from_path}"
    old_cell, new_cell, summary = _value_cells(c, ink)
    return label, c.kind, [(old_cell, new_cell)], f"{label}: {summary}"


def _value_cells(c: FieldChange, ink: Ink, prefix: str = "") -> tuple[str, str, str]:
    """Old and new cell of a changed, added or removed value (with the delta of a number)."""
    pre = _esc(prefix)
    if c.kind == ADDED:
        return _none(ink), pre + _mark(show(c.new, SHOW), ink, True, decorate=False), f"{prefix}added ({show(c.new)})"
    if c.kind == REMOVED:
        return (
            pre + _mark(show(c.old, SHOW), ink, False, decorate=False),
            _none(ink),
            f"{prefix}removed (was {show(c.old)})",
        )
    if _long_texts(c.old, c.new):
        old_html, new_html = word_sides(c.old, c.new, ink)
        return pre + old_html, pre + new_html, f"{prefix}text changed"
    delta = delta_text(c)
    old_text, new_text = show(c.old, SHOW), show(c.new, SHOW)
    old_cell, new_cell = pre + _esc(old_text), pre + _esc(new_text)
    kinds = type_name(c.old), type_name(c.new)
    if kinds[0] != kinds[1] and c.old is not None and c.new is not None:
        # a type change (1.0 → "1.0") must not read as no change: quote texts, name both kinds
        old_text, new_text = _typed(c.old, kinds[0]), _typed(c.new, kinds[1])
        old_cell = pre + _esc(old_text) + f" <span style='color:{ink.muted}'>({kinds[0]})</span>"
        new_cell = (
            pre + _mark(new_text, ink, True, decorate=False) + f" <span style='color:{ink.muted}'>({kinds[1]})</span>"
        )
        old_text, new_text = f"{old_text} ({kinds[0]})", f"{new_text} ({kinds[1]})"
    if delta:
        colour = ink.ins if (c.delta or 0) > 0 else ink.dele
        new_cell += f" <span style='color:{colour}; font-weight:600'>{_esc(delta)}</span>"
    summary = f"{prefix}{old_text} → {new_text}{' ' + delta if delta else ''}"
    return old_cell, new_cell, summary


def _typed(value: Any, kind: str) -> str:
    return f'"{show(value, SHOW)}"' if kind == "text" else show(value, SHOW)


def delta_text(c: FieldChange) -> str:
    """ "(+0.5)" wherever the diff has a numeric delta, as the CLI and JSON show it (not for a version)."""
    return _delta_text(c)


def _long_texts(old: Any, new: Any) -> bool:
    return (
        isinstance(old, str)
        and isinstance(new, str)
        and (len(old) > LONG_TEXT or len(new) > LONG_TEXT)
        and len(old.split()) > 2
        and len(new.split()) > 2
    )


def _weight(entry: Any) -> str:
    w = entry.get("weight") if isinstance(entry, dict) else None
    return f" ({show(w)})" if w is not None else ""


# ---------------------------------------------------------------- body rows


def section_row(index: int, s: SectionDiff, ink: Ink) -> Row:
    pairs: list[tuple[str, str]] = []
    takes: list[int | None] = []
    if s.renamed:
        pairs.append((_heading(s.old_heading, ink, False), _heading(s.new_heading, ink, True)))
        takes.append(None)
    shown = s.paragraphs[:MAX_PARAGRAPHS]
    for k, p in enumerate(shown):
        pairs.append(paragraph_cells(p, ink))
        takes.append(k if s.kind == "changed" else None)  # an added or removed section is taken whole
    if len(s.paragraphs) > len(shown):
        more = f"<span style='color:{ink.muted}'>… {len(s.paragraphs) - len(shown)} more paragraph changes</span>"
        pairs.append((more, more))
    if not pairs:
        pairs.append((_none(ink), _none(ink)))
    label = s.section
    paragraphs = tuple(takes + [None] * (len(pairs) - len(takes))) if any(t is not None for t in takes) else ()
    summary = f"{label}: {s.summary}"
    return Row(SECTION, BODY_GROUP, label, s.summary, pairs, summary, label, s, index, True, paragraphs)


def paragraph_cells(p: ParagraphChange, ink: Ink) -> tuple[str, str]:
    if p.kind == "changed":
        return word_sides(p.old, p.new, ink)
    if p.kind == "added":
        return _none(ink), _mark(_clip_words(p.new), ink, True, decorate=False)
    return _mark(_clip_words(p.old), ink, False, decorate=False), _none(ink)


def _heading(text: str | None, ink: Ink, new: bool) -> str:
    return _mark(f"heading “{text or ''}”", ink, new)


def _clip_words(text: str, limit: int = PARAGRAPH_WORDS) -> str:
    words = text.split()
    return " ".join(words[:limit]) + (" …" if len(words) > limit else "")


# ---------------------------------------------------------------- formatting rows


def format_row(f: FormatChange, ink: Ink, kind: str = "format") -> Row:
    def cell(text: str | None) -> str:
        if text is None:
            return _none(ink)
        shown = text if len(text) <= SHOW else text[: SHOW - 1] + "…"
        return f"<code>{_esc(shown).replace(chr(10), '⏎<br>')}</code>"

    where = {"frontmatter": "frontmatter", "body": "body", "file": "whole file"}.get(f.where, f.where)
    if kind == FILE:
        return Row(FILE, FILE_GROUP, f.description, "changed", [(cell(f.old), cell(f.new))], f.description, where, f)
    return Row(
        FORMAT,
        FORMAT_GROUP,
        f.description,
        f"{f.kind} · {where}",
        [(cell(f.old), cell(f.new))],
        f"Formatting only: {f.description}",
        f.path or where,
        f,
    )


# ---------------------------------------------------------------- rich text


def word_sides(old: str, new: str, ink: Ink, context: int = CONTEXT) -> tuple[str, str]:
    """The old text with its deleted words marked, and the new one with its inserted words marked;
    long unchanged runs shrink to a few words of context either side."""
    a, b = old.split(), new.split()
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    left: list[str] = []
    right: list[str] = []
    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            run = _context(a[i1:i2], context, n == 0, n == len(ops) - 1)
            left.append(run)
            right.append(run)
            continue
        if i2 > i1:
            left.append(_mark(" ".join(a[i1:i2]), ink, False))
        if j2 > j1:
            right.append(_mark(" ".join(b[j1:j2]), ink, True))
    return " ".join(p for p in left if p) or _none(ink), " ".join(p for p in right if p) or _none(ink)


def _context(words: list[str], n: int, first: bool, last: bool) -> str:
    if first and last:
        return _esc(" ".join(words))
    if first and len(words) > n:
        return "… " + _esc(" ".join(words[-n:]))
    if last and len(words) > n:
        return _esc(" ".join(words[:n])) + " …"
    if not first and not last and len(words) > 2 * n + 1:
        return _esc(" ".join(words[:n])) + " … " + _esc(" ".join(words[-n:]))
    return _esc(" ".join(words))


def _mark(text: str, ink: Ink, inserted: bool, decorate: bool = True) -> str:
    """Insertions green and underlined, deletions red and struck through, on a faint tint.

    ``decorate=False`` drops the underline / strike-through: a whole added or removed value reads
    better plain (its "+" or "−" already says it), while words inside a changed text need them."""
    colour, tint = (ink.ins, ink.ins_bg) if inserted else (ink.dele, ink.del_bg)
    style = f"color:{colour}; background-color:{tint}"
    if decorate:
        style += "; text-decoration:" + ("underline" if inserted else "line-through")
    return f"<span style='{style}'>{_esc(text)}</span>"


def _none(ink: Ink) -> str:
    return f"<span style='color:{ink.muted}'>{NOTHING}</span>"


def show(value: Any, limit: int = 60) -> str:
    """A value as a reviewer reads it: text as is, numbers as YAML writes them, lists in brackets."""
    if isinstance(value, str):
        text = " ".join(value.split()) if value.strip() else f'"{value}"'
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif value is None:
        text = "null"
    elif isinstance(value, (dt.date, dt.datetime)):
        text = value.isoformat()
    elif isinstance(value, list):
        text = "[" + ", ".join(show(v, limit) for v in value) + "]"
    elif isinstance(value, dict):
        text = "{" + ", ".join(f"{k}: {show(v, limit)}" for k, v in value.items()) + "}"
    else:
        text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
