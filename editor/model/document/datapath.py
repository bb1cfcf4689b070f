"""Field paths applied to parsed data: read, write and select list items by ``[key=value]``.

The node tree is located separately (``locate.py``); these walk the plain Python data, e.g. the
copy an edit is expected to produce.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from editor.model.paths import APPEND, Path, Select

MISSING = object()


def walk(data: Any, segs: Path) -> Any:
    """The value at ``segs``; KeyError, IndexError or TypeError when there is none."""
    for seg in segs:
        if isinstance(seg, Select):
            if not isinstance(data, list):
                raise TypeError(seg)
            data = next((item for item in data if seg.matches(item)), MISSING)
            if data is MISSING:
                raise KeyError(seg)
        elif seg is APPEND:
            raise KeyError(seg)
        elif isinstance(seg, int):
            if not isinstance(data, list):
                raise TypeError(seg)
            data = data[seg]
        else:
            if not isinstance(data, dict):
                raise TypeError(seg)
            data = data[seg]
    return data


def set_value(data: Any, segs: Path, value: Any) -> None:
    """Write a copy of ``value`` at ``segs``, creating missing (or null) mappings on the way."""
    for seg in segs[:-1]:
        if isinstance(seg, str) and isinstance(data, dict) and data.get(seg) is None:
            data[seg] = {}
        data = walk(data, (seg,))
    last = segs[-1]
    if isinstance(last, Select):
        last = select_index(data, last)
    data[last] = copy.deepcopy(value)


def select_index(items: list, select: Select) -> int:
    index = next((i for i, item in enumerate(items) if select.matches(item)), -1)
    if index < 0:
        raise KeyError(select)
    return index


def nest(keys: Iterable, value: Any) -> Any:
    """``value`` wrapped in one mapping per key: ``nest(("a", "b"), 1) == {"a": {"b": 1}}``."""
    for key in reversed(tuple(keys)):
        value = {key: value}
    return value
