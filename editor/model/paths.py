"""Field paths: ``ontology.commons_assessment.resilience``, ``relationships.enables[1].weight``,
``relationships.enables[+]`` (append) and ``relationships.enables[slug=foo]`` (select by key)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from editor.model.errors import PathError


class _Append:
    __slots__ = ()

    def __repr__(self) -> str:
        return "APPEND"


APPEND = _Append()


@dataclass(frozen=True)
class Select:
    """Pick the list item whose ``key`` equals ``value``.

    ``slug`` also matches the older entry shapes: ``{id: <slug>}`` and a bare slug string.
    """

    key: str
    value: str

    def matches(self, item: object) -> bool:
        if isinstance(item, dict):
            if item.get(self.key) == self.value:
                return True
            return self.key == "slug" and "slug" not in item and item.get("id") == self.value
        return self.key == "slug" and item == self.value


Segment = str | int | _Append | Select
Path = tuple[Segment, ...]

_TOKEN = re.compile(r"\.?([A-Za-z0-9_\-]+)|\[(\+|-?\d+|[A-Za-z_][\w\-]*=[^\]]+)\]")


def parse_path(text: str | Path) -> Path:
    if isinstance(text, tuple):
        return text
    segments: list[Segment] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or (m.group(1) is not None and pos == 0 and text.startswith(".")):
            raise PathError(f"bad field path {text!r} at character {pos + 1}")
        if m.group(1) is not None:
            if pos and not text.startswith(".", pos):
                raise PathError(f"bad field path {text!r}: expected '.' at character {pos + 1}")
            segments.append(m.group(1))
        else:
            inner = m.group(2)
            if inner == "+":
                segments.append(APPEND)
            elif "=" in inner:
                key, value = inner.split("=", 1)
                segments.append(Select(key, value.strip().strip("'\"")))
            else:
                segments.append(int(inner))
        pos = m.end()
    if not segments:
        raise PathError("empty field path")
    return tuple(segments)


def format_path(path: Path) -> str:
    out = ""
    for seg in path:
        if isinstance(seg, str):
            out += ("." if out else "") + seg
        elif isinstance(seg, int):
            out += f"[{seg}]"
        elif isinstance(seg, Select):
            out += f"[{seg.key}={seg.value}]"
        else:
            out += "[+]"
    return out


def key_path(path: Path) -> tuple[str, ...]:
    """The path with list positions dropped: the shape the schema is keyed by."""
    return tuple(seg for seg in path if isinstance(seg, str))
