"""What counts as the same value: key order, 3 vs 3.0 and a quoted vs an unquoted date do not;
``True`` and ``1`` stay apart. Shared by the semantic diff, its summary, "take", blame and the merge."""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from editor.model.document.yamlnode import load_value
from editor.model.errors import ParseError


@functools.lru_cache(maxsize=4096)
def _as_time(text: str) -> str | None:
    """ISO text of a quoted date ('2026-02-16'), so it equals the unquoted date it spells."""
    if not _TIMESTAMP.match(text):
        return None
    try:
        value = load_value(text)
    except ParseError:
        return None
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else None


_TIMESTAMP = re.compile(r"^\d{4}-\d\d?-\d\d?([Tt \t]|$)")


def canon(value: Any) -> Any:
    """A hashable form in which equal meaning gives equal results: key order, 3 vs 3.0 and a quoted
    vs an unquoted date do not count; ``True`` and ``1`` stay apart."""
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, (int, float)):
        return ("n", float(value)) if value == value else ("nan",)
    if isinstance(value, str):
        t = _as_time(value)
        return ("t", t) if t else ("s", value)
    if isinstance(value, (dt.date, dt.datetime)):
        return ("t", value.isoformat())
    if isinstance(value, dict):
        return ("d", tuple(sorted((repr(k), canon(v)) for k, v in value.items())))
    if isinstance(value, list):
        return ("l", tuple(canon(v) for v in value))
    if value is None:
        return ("z",)
    return ("o", repr(value))


def same(a: Any, b: Any) -> bool:
    return canon(a) == canon(b)


def jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, float) and value != value:
        return None
    return value
