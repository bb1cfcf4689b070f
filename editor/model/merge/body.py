"""The markdown body merged section by section (matched by heading), then paragraph by paragraph.

Sections are the spec's numbered ``### Section N: Name`` headings (every heading in a free-form
legacy body); the text before the first is the preamble. A section only one side changed is taken
from that side; one both changed is merged as a sequence of blocks — paragraphs, headings, ``---``
rules, runs of blank lines, fenced code — with a three-way merge in which edits of different blocks
never conflict, even when nothing but a blank line lies between them (``git merge-file`` works by
lines and conflicts on an edit next to an insertion). The same block changed differently on both
sides is a ``paragraph`` conflict, written between git-style markers.
"""

from __future__ import annotations

import difflib
import re

from editor.model.document.outline import outline
from editor.model.merge.conflicts import ABSENT, PARAGRAPH, Conflict, marked

PREAMBLE = "Preamble"
_FENCE = re.compile(r"^[ \t]{0,3}(```|~~~)")
_RULE = re.compile(r"^[ \t]{0,3}([-*_])([ \t]*\1){2,}[ \t]*$")
_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$")

Hunk = tuple[int, int, list[str], str]  # base range [i1, i2), its replacement, side ("o" or "t")


class _Section:
    def __init__(self, title: str, text: str) -> None:
        self.title = title  # heading text, or PREAMBLE
        self.text = text  # exact, heading line and trailing separator included


def merge_bodies(base: str, ours: str, theirs: str, nl: str) -> tuple[str, list[Conflict]]:
    """The merged body and its paragraph conflicts (``offset`` = where each marker starts in it)."""
    if ours == theirs or theirs == base:
        return ours, []
    if ours == base:
        return theirs, []
    b, o, t = _sections(base), _sections(ours), _sections(theirs)
    out: list[str] = []
    conflicts: list[Conflict] = []
    size = 0
    for key in _order(b, o, t):
        bs, os_, ts = b.get(key), o.get(key), t.get(key)
        title = (os_ or ts or bs).title  # type: ignore[union-attr]
        bt, ot, tt = (s.text if s else None for s in (bs, os_, ts))
        if tt == bt or ot == tt:
            text = ot or ""
        elif ot == bt:
            text = tt or ""
        elif ot is None or tt is None:  # removed on one side, changed on the other
            text = marked(ot or "", tt or "", nl)
            conflicts.append(_conflict(title, bt, ot, tt, size))
        else:
            text, found = _merge_blocks(title, _blocks(bt or ""), _blocks(ot), _blocks(tt), nl)
            for c in found:
                c.offset += size
            conflicts.extend(found)
        if text and out and not out[-1].endswith(("\n", "\r")):  # a last line now followed by more
            out[-1] += nl
            size += len(nl)
        out.append(text)
        size += len(text)
    return "".join(out), conflicts


def _conflict(title: str, base: str | None, ours: str | None, theirs: str | None, offset: int) -> Conflict:
    def value(text: str | None) -> object:
        return ABSENT if text is None else text.rstrip("\r\n")

    c = Conflict(PARAGRAPH, title, value(base), value(ours), value(theirs))
    c.offset = offset
    return c


# ---------------------------------------------------------------- sections


def _sections(body: str) -> dict[str, _Section]:
    """Sections by key (heading words, lower case; a repeated heading gets ``#2``), in order."""
    lines = body.splitlines(keepends=True)
    out_line = outline(body)
    numbered = [s.heading.line for s in out_line.sections]
    starts = numbered if len(numbered) >= 2 else [h.line for h in out_line.headings]
    found: dict[str, _Section] = {}
    if not starts or starts[0] > 0:
        found[""] = _Section(PREAMBLE, "".join(lines[: starts[0] if starts else len(lines)]))
    bounds = [*starts, len(lines)]
    for i, start in enumerate(starts):
        m = _HEADING.match(lines[start].rstrip("\r\n"))
        title = m.group(1) if m else lines[start].strip()
        key = " ".join(title.lower().split())
        n = 2
        while key in found:
            key = f"{' '.join(title.lower().split())}#{n}"
            n += 1
        found[key] = _Section(title, "".join(lines[start : bounds[i + 1]]))
    return found


def _order(b: dict, o: dict, t: dict) -> list[str]:
    """OURS' sections in its order, with sections only THEIRS added placed after their predecessor."""
    keys = list(o)
    tkeys = list(t)
    for j, key in enumerate(tkeys):
        if key in o or key in b:
            continue
        prev = next((k for k in reversed(tkeys[:j]) if k in keys), None)
        keys.insert(keys.index(prev) + 1 if prev is not None else 0, key)
    return keys


# ---------------------------------------------------------------- blocks


def _blocks(text: str) -> list[str]:
    """The text cut into blocks that concatenate back to it: paragraphs (a fenced code block is one),
    headings and rules on their own, and each run of blank lines."""
    blocks: list[str] = []
    current: list[str] = []
    kind = ""  # of the block being collected: "p", "blank", "fence"

    def flush() -> None:
        nonlocal kind
        if current:
            blocks.append("".join(current))
            current.clear()
        kind = ""

    for line in text.splitlines(keepends=True):
        bare = line.rstrip("\r\n")
        if kind == "fence":
            current.append(line)
            if _FENCE.match(bare):
                flush()
        elif _FENCE.match(bare):
            flush()
            current.append(line)
            kind = "fence"
        elif not bare.strip():
            if kind != "blank":
                flush()
                kind = "blank"
            current.append(line)
        elif _RULE.match(bare) or _HEADING.match(bare):
            flush()
            blocks.append(line)
        else:
            if kind != "p":
                flush()
                kind = "p"
            current.append(line)
    flush()
    return blocks


def _hunks(base: list[str], other: list[str], side: str) -> list[Hunk]:
    ops = difflib.SequenceMatcher(None, base, other, autojunk=False).get_opcodes()
    return [(i1, i2, other[j1:j2], side) for tag, i1, i2, j1, j2 in ops if tag != "equal"]


def _overlap(h: Hunk, k: Hunk) -> bool:
    """Two edits touch the same blocks. An insertion at either end of a changed range does not."""
    (a1, a2, *_), (b1, b2, *_) = h, k
    if a1 == a2 and b1 == b2:
        return a1 == b1
    if a1 == a2:
        return b1 < a1 < b2
    if b1 == b2:
        return a1 < b1 < a2
    return a1 < b2 and b1 < a2


def _apply(base: list[str], lo: int, hi: int, hunks: list[Hunk]) -> list[str]:
    out, pos = [], lo
    for i1, i2, new, _ in hunks:
        out += base[pos:i1] + new
        pos = i2
    return out + base[pos:hi]


def _merge_blocks(title: str, b: list[str], o: list[str], t: list[str], nl: str) -> tuple[str, list[Conflict]]:
    hunks = sorted(_hunks(b, o, "o") + _hunks(b, t, "t"), key=lambda h: (h[0], h[1], h[3]))
    clusters: list[list[Hunk]] = []
    for h in hunks:
        if clusters and any(_overlap(h, k) for k in clusters[-1]):
            clusters[-1].append(h)
        else:
            clusters.append([h])
    out: list[str] = []
    conflicts: list[Conflict] = []
    pos = 0
    for cluster in clusters:
        lo = min(h[0] for h in cluster)
        hi = max(h[1] for h in cluster)
        out += b[pos:lo]
        mine = _apply(b, lo, hi, [h for h in cluster if h[3] == "o"])
        theirs = _apply(b, lo, hi, [h for h in cluster if h[3] == "t"])
        if len({h[3] for h in cluster}) == 1 or mine == theirs:
            out += mine if any(h[3] == "o" for h in cluster) else theirs
        else:
            conflicts.append(_conflict(title, "".join(b[lo:hi]), "".join(mine), "".join(theirs), len("".join(out))))
            out.append(marked("".join(mine), "".join(theirs), nl))
        pos = hi
    out += b[pos:]
    return "".join(out), conflicts
