"""The markdown body's outline: headings, the eight spec sections, the confidence callout.

Line numbers here are 0-based within the body; callers add the body's first file line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
_SECTION = re.compile(  # "Section 3: Solution", "3. Solution", "Context (100–200 words)"
    r"^(?:Section[ \t]+)?(\d+)[:.][ \t]*(.+?)(?:[ \t]*\(\s*\d+(?:\s*[–-]\s*\d+)?\s*words?\s*\))?$", re.I
)
_FENCE = re.compile(r"^[ \t]{0,3}(```|~~~)")
_CALLOUT = re.compile(r"^(>[ \t]?)?\[!(\w+)\][ \t]*(.*)$")
_STARS = re.compile(r"Confidence Rating:\s*([★☆]+)\s*(?:\(([^)]*)\))?")
_RULE = re.compile(r"^[ \t]*(-[ \t]*){3,}$")
_WORD = re.compile(r"\S+")


@dataclass
class Heading:
    line: int
    level: int
    text: str


@dataclass
class Section:
    number: int
    name: str
    heading: Heading
    end_line: int  # exclusive: the next section heading or the end of the body
    words: int
    spec_form: bool  # written "### Section N: Name" (not "### N. Name")


@dataclass
class Callout:
    line: int
    kind: str
    title: str
    stars: int | None  # filled stars in a "Confidence Rating" title
    label: str | None
    well_formed: bool  # every line starts with "> "


@dataclass
class Outline:
    headings: list[Heading] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    callouts: list[Callout] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    second_frontmatter: int | None = None  # line of a stale frontmatter block inside the body

    def section(self, number: int) -> Section | None:
        return next((s for s in self.sections if s.number == number), None)

    def first_paragraph_line(self, section: Section) -> tuple[int, str] | None:
        for i in range(section.heading.line + 1, section.end_line):
            if self.lines[i].strip():
                return i, self.lines[i]
        return None


def outline(body: str) -> Outline:
    lines = body.splitlines()
    out = Outline(lines=lines)
    in_fence = False
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        m = _HEADING.match(line)
        if m:
            out.headings.append(Heading(i, len(m.group(1)), m.group(2)))
            continue
        c = _CALLOUT.match(line)
        if c:
            title = c.group(3)
            stars = _STARS.search(title)
            cont = i + 1
            ok = bool(c.group(1))
            while cont < len(lines) and lines[cont].strip() and not _RULE.match(lines[cont]):
                ok = ok and lines[cont].startswith(">")
                cont += 1
            out.callouts.append(
                Callout(
                    i,
                    c.group(2).upper(),
                    title,
                    stars.group(1).count("★") if stars else None,
                    stars.group(2) if stars else None,
                    ok,
                )
            )
    for i in range(min(len(lines), 40)):
        if (
            _RULE.match(lines[i])
            and lines[i].strip() == "---"
            and i + 1 < len(lines)
            and re.match(r"^(id|slug|title):\s", lines[i + 1])
        ):
            out.second_frontmatter = i
            break
    candidates = []
    for h in out.headings:
        m = _SECTION.match(h.text)
        if m and h.level >= 2:
            candidates.append((h, int(m.group(1)), m.group(2).strip(), h.text.lower().startswith("section")))
    for k, (h, number, name, spec_form) in enumerate(candidates):
        end = candidates[k + 1][0].line if k + 1 < len(candidates) else len(lines)
        words = sum(len(_WORD.findall(ln)) for ln in lines[h.line + 1 : end] if not _RULE.match(ln))
        out.sections.append(Section(number, name, h, end, words, spec_form))
    return out
