"""Section-by-section comparison of two pattern bodies.

Sections are matched by heading (the eight ``### Section N: Name`` of a v7.1 body, or every
heading of a free-form legacy body; the text before the first heading is the "Preamble"),
paragraphs inside a section by their words, and changed paragraphs word by word. Text that
differs only in wrapping, trailing spaces, blank lines or ``---`` rules is formatting, reported
apart from changes of meaning.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from editor.model.document.outline import outline

PREAMBLE = "Preamble"
_FENCE = re.compile(r"^[ \t]{0,3}(```|~~~)")
_RULE = re.compile(r"^[ \t]{0,3}([-*_])([ \t]*\1){2,}[ \t]*$")
_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$")
_WORDS_SUFFIX = re.compile(r"[ \t]*\(\s*\d+(?:\s*[–-]\s*\d+)?\s*words?\s*\)$", re.I)
_NUMBERED = re.compile(r"^(?:section[ \t]+)?(\d+)[:.][ \t]*(.+)$", re.I)
PAIR_RATIO = 0.4  # two paragraphs sharing less than this share of words are "removed + added", not "changed"


@dataclass
class WordChange:
    """One run of words that differs inside a changed paragraph."""

    op: str  # 'replace' | 'delete' | 'insert'
    old: str
    new: str

    def to_json(self) -> dict[str, str]:
        return {"op": self.op, "old": self.old, "new": self.new}


@dataclass
class ParagraphChange:
    kind: str  # 'added' | 'removed' | 'changed'
    old_index: int | None  # position among the section's paragraphs (0-based)
    new_index: int | None
    old: str
    new: str
    words: list[WordChange] = field(default_factory=list)
    inline: str = ""  # the changed paragraph with [-old-]{+new+} marks, trimmed to the changes

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "old_index": self.old_index,
            "new_index": self.new_index,
            "old": self.old,
            "new": self.new,
            "words": [w.to_json() for w in self.words],
            "inline": self.inline,
        }


@dataclass
class SectionDiff:
    section: str  # heading text as in the new file ("Section 3: Solution"), or "Preamble"
    kind: str  # 'added' | 'removed' | 'changed' | 'unchanged'
    old_heading: str | None
    new_heading: str | None
    paragraphs: list[ParagraphChange] = field(default_factory=list)
    old_words: int = 0
    new_words: int = 0
    formatting: list[str] = field(default_factory=list)  # e.g. "re-wrapped", "blank lines"

    @property
    def renamed(self) -> bool:
        return (
            self.old_heading is not None
            and self.new_heading is not None
            and _heading_words(self.old_heading) != _heading_words(self.new_heading)
        )

    @property
    def summary(self) -> str:
        """'2 paragraphs changed, 1 added' — the compact reading of this section's change."""
        if self.kind == "added":
            return f"added ({_count(len(self.paragraphs), 'paragraph')}, {_count(self.new_words, 'word')})"
        if self.kind == "removed":
            return f"removed ({_count(len(self.paragraphs), 'paragraph')}, {_count(self.old_words, 'word')})"
        if self.kind == "unchanged":
            return "unchanged"
        parts = []
        if self.renamed:
            parts.append(f"heading was “{self.old_heading}”")
        counts = {k: sum(1 for p in self.paragraphs if p.kind == k) for k in ("changed", "added", "removed")}
        noun = "paragraph"
        for kind in ("changed", "added", "removed"):
            n = counts[kind]
            if n:
                parts.append(f"{_count(n, noun)} {kind}" if noun else f"{n} {kind}")
                noun = ""  # "2 paragraphs changed, 1 added"
        return ", ".join(parts) or "changed"

    def to_json(self) -> dict[str, Any]:
        return {
            "section": self.section,
            "kind": self.kind,
            "summary": self.summary,
            "old_heading": self.old_heading,
            "new_heading": self.new_heading,
            "old_words": self.old_words,
            "new_words": self.new_words,
            "paragraphs": [p.to_json() for p in self.paragraphs],
        }


@dataclass
class _Paragraph:
    text: str  # as written, lines joined with "\n"
    words: tuple[str, ...]

    @property
    def key(self) -> str:
        return " ".join(self.words)


@dataclass
class _Section:
    heading: str | None  # None for the preamble
    heading_line: str  # the heading's raw line ("" for the preamble)
    lines: list[str]  # the section's lines after the heading
    number: int | None = None
    name: str = ""
    paragraphs: list[_Paragraph] = field(default_factory=list)
    rules: int = 0  # `---` lines between paragraphs
    blanks: int = 0
    tail: tuple[str, ...] = ()  # blank and `---` lines at the end: the separator before the next section

    @property
    def title(self) -> str:
        return self.heading if self.heading is not None else PREAMBLE

    @property
    def words(self) -> int:
        return sum(len(p.words) for p in self.paragraphs)


def diff_bodies(old: str, new: str) -> list[SectionDiff]:
    """Every section of both bodies in reading order, each with its kind of change."""
    a, b = sections_of(old), sections_of(new)
    pairs = _match_sections(a, b)
    diffs = [_diff_section(x, y) for x, y in pairs]
    for i, (x, y) in enumerate(pairs):
        # The separator before the next section counts only when that section exists in both versions
        # (adding a section adds its `---` and blank lines too).
        following = pairs[i + 1] if i + 1 < len(pairs) else (True, True)
        if x is not None and y is not None and all(following) and x.tail != y.tail:
            what = "rules (---)" if x.tail.count("-") != y.tail.count("-") else "blank lines"
            if what not in diffs[i].formatting:
                diffs[i].formatting.append(what)
    return diffs


def sections_of(body: str) -> list[_Section]:
    lines = body.splitlines()
    out = outline(body)
    # Spec (and legacy numbered) bodies split at their numbered section headings only, so
    # sub-headings stay inside their section; free-form bodies split at every heading.
    numbered = [s.heading.line for s in out.sections]
    starts = numbered if len(numbered) >= 2 else [h.line for h in out.headings]
    bounds = [0, *starts, len(lines)]
    sections: list[_Section] = []
    if not starts or starts[0] > 0:
        sections.append(_Section(None, "", lines[: starts[0] if starts else len(lines)]))
    for i, start in enumerate(starts):
        raw = lines[start]
        m = _HEADING.match(raw)
        heading = m.group(1) if m else raw.strip()
        sec = _Section(heading, raw, lines[start + 1 : bounds[i + 2]])
        nm = _NUMBERED.match(_WORDS_SUFFIX.sub("", heading))
        if nm:
            sec.number, sec.name = int(nm.group(1)), _norm(nm.group(2))
        sections.append(sec)
    for sec in sections:
        _split_paragraphs(sec)
    return sections


def _split_paragraphs(sec: _Section) -> None:
    current: list[str] = []
    in_fence = False
    lines = sec.lines
    end = len(lines)
    while end and (not lines[end - 1].strip() or _RULE.match(lines[end - 1])):
        end -= 1
    sec.tail = tuple("-" if lines[k].strip() else "" for k in range(end, len(lines)))

    def flush() -> None:
        if current:
            text = "\n".join(current)
            sec.paragraphs.append(_Paragraph(text, tuple(text.split())))
            current.clear()

    for line in lines[:end]:
        if _FENCE.match(line):
            in_fence = not in_fence
            current.append(line)
            continue
        if in_fence:
            current.append(line)  # blank lines inside a code fence do not end the paragraph
            continue
        if not line.strip():
            sec.blanks += 1
            flush()
        elif _RULE.match(line):
            sec.rules += 1
            flush()
        elif _HEADING.match(line):  # a sub-heading is a paragraph of its own
            flush()
            current.append(line)
            flush()
        else:
            current.append(line)
    flush()


def _norm(text: str) -> str:
    return " ".join(_WORDS_SUFFIX.sub("", text).lower().split())


def _heading_words(text: str) -> str:
    return " ".join(text.split())


def _match_sections(a: list[_Section], b: list[_Section]) -> list[tuple[_Section | None, _Section | None]]:
    """Pair sections: same heading, else same name, else same number; the rest are added/removed."""
    partner: dict[int, int] = {}  # index in b -> index in a
    taken: set[int] = set()
    keys = (
        lambda s: ("pre",) if s.heading is None else ("h", _norm(s.heading)),
        lambda s: ("name", s.name) if s.name else None,
        lambda s: ("num", s.number) if s.number is not None else None,
    )
    for key in keys:
        index: dict[Any, list[int]] = {}
        for i, s in enumerate(a):
            k = key(s)
            if k is not None and i not in taken:
                index.setdefault(k, []).append(i)
        for j, s in enumerate(b):
            if j in partner:
                continue
            k = key(s)
            if k is not None and index.get(k):
                i = index[k].pop(0)
                partner[j] = i
                taken.add(i)
    # Reading order: the new file's order, each removed section placed after its old predecessor.
    result: list[tuple[_Section | None, _Section | None]] = []
    placed: set[int] = set()

    def place_removed_before(limit: int) -> None:
        for i in range(limit):
            if i not in taken and i not in placed:
                result.append((a[i], None))
                placed.add(i)

    for j, s in enumerate(b):
        if j in partner:
            place_removed_before(partner[j])
            result.append((a[partner[j]], s))
        else:
            result.append((None, s))
    place_removed_before(len(a))
    return result


def _diff_section(a: _Section | None, b: _Section | None) -> SectionDiff:
    only = b if a is None else a if b is None else None
    if only is not None and only.heading is None and not only.paragraphs:
        # blank lines (or a bare `---`) before the first heading, on one side only: not a section
        what = "rules (---)" if only.rules else "blank lines"
        return SectionDiff(PREAMBLE, "unchanged", None, None, [], 0, 0, [what])
    if a is None:
        assert b is not None
        paras = [ParagraphChange("added", None, j, "", p.text) for j, p in enumerate(b.paragraphs)]
        return SectionDiff(b.title, "added", None, b.heading, paras, 0, b.words)
    if b is None:
        paras = [ParagraphChange("removed", i, None, p.text, "") for i, p in enumerate(a.paragraphs)]
        return SectionDiff(a.title, "removed", a.heading, None, paras, a.words, 0)
    result = SectionDiff(b.title, "unchanged", a.heading, b.heading, [], a.words, b.words)
    akeys = [p.key for p in a.paragraphs]
    bkeys = [p.key for p in b.paragraphs]
    matcher = difflib.SequenceMatcher(None, akeys, bkeys, autojunk=False)
    rewrapped: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rewrapped.extend(
                _wrap_kind(a.paragraphs[i1 + k], b.paragraphs[j1 + k])
                for k in range(i2 - i1)
                if a.paragraphs[i1 + k].text != b.paragraphs[j1 + k].text
            )
            continue
        result.paragraphs.extend(_pair_paragraphs(a.paragraphs, i1, i2, b.paragraphs, j1, j2))
    if result.paragraphs or result.renamed:
        result.kind = "changed"
    if a.heading_line != b.heading_line and not result.renamed:
        result.formatting.append("heading")
    if rewrapped:
        result.formatting.append("re-wrapped" if "re-wrapped" in rewrapped else "whitespace")
    if a.rules != b.rules:
        result.formatting.append("rules (---)")
    if a.blanks != b.blanks and not result.paragraphs:
        result.formatting.append("blank lines")
    if not result.formatting and not result.paragraphs and _inner(a) != _inner(b):
        result.formatting.append("whitespace")
    return result


def _wrap_kind(p: _Paragraph, q: _Paragraph) -> str:
    """'re-wrapped' when line breaks moved inside a paragraph, else 'whitespace' (spaces, tabs)."""
    if [ln.strip() for ln in p.text.splitlines()] != [ln.strip() for ln in q.text.splitlines()]:
        return "re-wrapped"
    return "whitespace"


def _inner(s: _Section) -> list[str]:
    return s.lines[: len(s.lines) - len(s.tail)]


def _pair_paragraphs(
    a: list[_Paragraph], i1: int, i2: int, b: list[_Paragraph], j1: int, j2: int
) -> list[ParagraphChange]:
    """Within a block that differs, pair each old paragraph with the most similar new one (in order)."""
    out: list[ParagraphChange] = []
    j = j1
    for i in range(i1, i2):
        best, best_ratio = None, PAIR_RATIO
        for k in range(j, j2):
            m = difflib.SequenceMatcher(None, a[i].words, b[k].words, autojunk=False)
            if m.real_quick_ratio() < best_ratio or m.quick_ratio() < best_ratio:
                continue
            r = m.ratio()
            if r >= best_ratio:
                best, best_ratio = k, r
                if r > 0.9:
                    break
        if best is None:
            out.append(ParagraphChange("removed", i, None, a[i].text, ""))
            continue
        out.extend(ParagraphChange("added", None, k, "", b[k].text) for k in range(j, best))
        out.append(_changed_paragraph(a[i], i, b[best], best))
        j = best + 1
    out.extend(ParagraphChange("added", None, k, "", b[k].text) for k in range(j, j2))
    return out


def _changed_paragraph(p: _Paragraph, i: int, q: _Paragraph, j: int) -> ParagraphChange:
    words, inline = word_diff(p.words, q.words)
    return ParagraphChange("changed", i, j, p.text, q.text, words, inline)


def word_diff(
    old: tuple[str, ...] | list[str], new: tuple[str, ...] | list[str], context: int = 4
) -> tuple[list[WordChange], str]:
    """Word runs that differ, and a readable line: ``… the [-old-]{+new+} words …``."""
    m = difflib.SequenceMatcher(None, old, new, autojunk=False)
    changes: list[WordChange] = []
    pieces: list[str] = []
    ops = m.get_opcodes()
    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            run = list(old[i1:i2])
            first, last = n == 0, n == len(ops) - 1
            if len(run) > 2 * context + 1 or (first and len(run) > context) or (last and len(run) > context):
                head = [] if first else run[:context]
                tail = [] if last else run[-context:]
                pieces.append(" ".join([*head, "…", *tail]).strip())
            else:
                pieces.append(" ".join(run))
            continue
        o, w = " ".join(old[i1:i2]), " ".join(new[j1:j2])
        changes.append(WordChange(tag, o, w))
        mark = (f"[-{o}-]" if o else "") + (f"{{+{w}+}}" if w else "")
        pieces.append(mark)
    return changes, " ".join(p for p in pieces if p)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
