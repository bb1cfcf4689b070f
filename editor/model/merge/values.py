"""When two versions of a value mean the same: key order and 3 vs 3.0 do not count, True and 1 do.

A small twin of the semantic diff's notion (``diff/values.py``), kept here because the merge sits
beside the diff on one floor and may not import it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any


def canon(value: Any) -> Any:
    """A hashable form in which equal meaning gives equal results."""
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, (int, float)):
        return ("n", float(value)) if value == value else ("nan",)
    if isinstance(value, str):
        return ("s", value)
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
    """``value`` as JSON can hold it: dates as ISO text, NaN as null."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, float) and value != value:
        return None
    return value
