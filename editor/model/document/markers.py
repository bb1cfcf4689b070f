"""Merge conflict markers in a file's text, as git and ``pattern-cli merge`` leave them::

    <<<<<<< ours
    OURS' lines
    ||||||| base          (diff3 / zdiff3 style only)
    BASE's lines
    =======
    THEIRS' lines
    >>>>>>> theirs

A marker is seven characters at the start of a line, then a space and a label or the line's end.
Only a complete block counts (opening, separator and closing marker in that order), so a lone
``=======`` (a setext heading's underline) or a quoted marker in prose is not a conflict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN, BASE, SPLIT, CLOSE = "<<<<<<<", "|||||||", "=======", ">>>>>>>"
_MARK = re.compile(r"^(<{7}|\|{7}|={7}|>{7})(?:[ \t](.*?))?[ \t]*(\r\n|\r|\n)?$")


@dataclass(frozen=True)
class Block:
    """One conflict block: where it sits in the text and what each side holds (line breaks kept)."""

    start: int  # offset of its ``<<<<<<<`` line
    end: int  # offset just after its ``>>>>>>>`` line (and that line's break)
    line: int  # 1-based line of the ``<<<<<<<`` marker
    ours: str
    theirs: str
    base: str | None = None  # diff3 style only
    ours_label: str = ""
    theirs_label: str = ""
    base_label: str = ""
    newline: str = "\n"  # the break after the closing marker ("" at the end of the file)

    @property
    def sides(self) -> tuple[str, str, str | None]:
        return self.ours, self.theirs, self.base


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, line with its break) for each line."""
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        out.append((pos, line))
        pos += len(line)
    return out


def _marker(line: str) -> tuple[str, str] | None:
    if not line.startswith(("<<<<<<<", "|||||||", "=======", ">>>>>>>")):
        return None
    m = _MARK.match(line)
    return (m.group(1), m.group(2) or "") if m else None


def blocks(text: str) -> list[Block]:
    """Every complete conflict block in ``text``, in order."""
    found: list[Block] = []
    lines = _lines(text)
    i = 0
    while i < len(lines):
        mark = _marker(lines[i][1])
        if mark is None or mark[0] != OPEN:
            i += 1
            continue
        block = _block_at(lines, i)
        if block is None:
            i += 1
            continue
        found.append(block[0])
        i = block[1]
    return found


def _block_at(lines: list[tuple[int, str]], first: int) -> tuple[Block, int] | None:
    """The block opened at line ``first``, and the index of the line after it; None if incomplete."""
    parts: dict[str, list[str]] = {OPEN: [], BASE: [], SPLIT: []}
    labels = {OPEN: _marker(lines[first][1])[1]}  # type: ignore[index]
    section = OPEN
    for j in range(first + 1, len(lines)):
        offset, line = lines[j]
        mark = _marker(line)
        kind = mark[0] if mark else None
        if kind == OPEN:
            return None  # a second opening before this one closed: not a block git writes
        if kind == BASE and section == OPEN:
            section, labels[BASE] = BASE, mark[1]  # type: ignore[index]
        elif kind == SPLIT and section in (OPEN, BASE):
            section = SPLIT
        elif kind == CLOSE and section == SPLIT:
            start = lines[first][0]
            bare = line.rstrip("\r\n")
            block = Block(
                start=start,
                end=offset + len(line),
                line=first + 1,
                ours="".join(parts[OPEN]),
                theirs="".join(parts[SPLIT]),
                base="".join(parts[BASE]) if BASE in labels else None,
                ours_label=labels[OPEN],
                theirs_label=mark[1],  # type: ignore[index]
                base_label=labels.get(BASE, ""),
                newline=line[len(bare) :],
            )
            return block, j + 1
        else:
            parts[section].append(line)
    return None


def has_markers(text: str) -> bool:
    """Does ``text`` hold at least one complete conflict block? (Cheap when it holds none.)"""
    return "<<<<<<<" in text and bool(blocks(text))


def marker_lines(text: str) -> list[int]:
    """The 1-based line of each block's ``<<<<<<<`` marker."""
    return [b.line for b in blocks(text)] if "<<<<<<<" in text else []


def replace(text: str, block: Block, chosen: str) -> str:
    """``text`` with ``block`` replaced by ``chosen`` (which should end with a line break unless the
    block was the file's last line without one)."""
    return text[: block.start] + chosen + text[block.end :]


__all__ = ["Block", "blocks", "has_markers", "marker_lines", "replace"]
