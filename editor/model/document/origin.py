"""Sticky styles: what a value looked like when its edit began, and the strict checks after a splice.

An edit of one scalar (a keystroke in the form, ``pattern-cli set``, "take old" in the compare
window) may pass through values that force another style: an empty title, a trailing space, a
half-typed ``Curators:``. The document remembers each scalar's ``Origin`` — its value, style and
exact text as last loaded or saved — and decides every new rendering afresh from that origin, so
an intermediate value never leaves its quotes behind, and a value equal to the origin gets the
origin's bytes back.

The checks are stricter than Python's ``==``: ``2`` is not ``2.0``, ``-0.0`` is not ``0.0``, and
the scalars an edit did not ask to change keep their quote style (``same_styles``).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from editor.model.document.emit import Style
from editor.model.document.yamlnode import MappingNode, Node, ScalarNode, SequenceNode

_EXACT_INT = 2**53  # floats beyond this are not a spin box's whole numbers


@dataclass(frozen=True)
class Origin:
    """A scalar as written when its edit began."""

    value: Any
    style: Style
    raw: str  # the exact text from after ``key:`` / ``-`` (or the flow item's start) to its end
    block_lines: list[str] | None  # a block scalar's content lines, for re-folding near them


def keep_kind(value: Any, origin: Any) -> Any:
    """``value`` in its origin's number kind when only a widget changed the kind.

    Qt spin boxes give floats, so a whole float written into an int field stays an int. Past
    2**53, and for ``-0.0``, a float is what the user typed and keeps its kind (``1e20`` is
    never written as an int).
    """
    if (
        type(origin) is int
        and type(value) is float
        and value.is_integer()
        and abs(value) < _EXACT_INT
        and math.copysign(1.0, value) > 0
    ):
        return int(value)
    return value


def equal(a: Any, b: Any) -> bool:
    """Equality of YAML data that tells every kind apart: ``True``/``1``, ``2``/``2.0``,
    ``-0.0``/``0.0``, dates/datetimes/strings; NaN equals NaN (a file may hold ``.nan``)."""
    if type(a) is not type(b):
        if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
            pass
        else:
            return False
    if isinstance(a, float):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)
    if isinstance(a, dict):
        return list(a.keys()) == list(b.keys()) and all(equal(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dt.date):
        return a == b
    return a == b


def same_styles(before: Node | None, after: Node | None, skip: tuple) -> str | None:
    """Where ``after`` writes a scalar in another style than ``before`` outside the ``skip`` path
    (concrete keys and indices), or None. Both trees must have the same shape there."""
    # (before, after, path, how far the path still follows ``skip``, or -1 once it left it)
    stack: list[tuple[Node | None, Node | None, tuple, int]] = [(before, after, (), 0)]
    while stack:
        a, b, path, on = stack.pop()
        if on == len(skip):
            continue
        if a is None or b is None or type(a) is not type(b):
            return _show(path)
        if isinstance(a, ScalarNode):
            if a.style != b.style or a.tag != b.tag:
                return _show(path)
        elif isinstance(a, SequenceNode):
            if len(a.value) != len(b.value):
                return _show(path)
            for i, (x, y) in enumerate(zip(a.value, b.value)):
                stack.append((x, y, path + (i,), on + 1 if on >= 0 and skip[on] == i else -1))
        elif isinstance(a, MappingNode):
            if len(a.value) != len(b.value):
                return _show(path)
            for (ka, va), (kb, vb) in zip(a.value, b.value):
                if ka.value != kb.value:
                    return _show(path)
                stack.append((va, vb, path + (ka.value,), on + 1 if on >= 0 and skip[on] == ka.value else -1))
    return None


def _show(path: tuple) -> str:
    return ".".join(str(p) for p in path) or "the frontmatter"
