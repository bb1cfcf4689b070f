"""Where a field of the older flat layout lives in v7.1, for diffing a file moved between layouts.

The schema's aliases (``schema/aliases.py``) already name each field once for both layouts:
``status`` is ``classification.status`` in one and ``lifecycle.status`` in the other, the commons
alignment is the nearest thing the older layout has to an overall score. The relationship lists
sit at the top level in one and under ``relationships`` in the other. A file from before the stale
``classification`` rename keeps the same fields under ``tags``.
"""

from __future__ import annotations

from typing import Any

import yaml

from editor.model import schema
from editor.model.paths import Select
from editor.model.schema.aliases import ALIASES
from editor.model.schema.spec import RELATION_TYPES

Keys = tuple[str, ...]

# confidence_score (0-1, how sure the authors are) and lifecycle.confidence (1-3 stars) are not one
# quantity told two ways: pairing them would present a change of scale as a change of value.
_NOT_THE_SAME = frozenset({"confidence"})


def counterparts(old: Any, new: Any) -> list[tuple[Keys, Keys]]:
    """(path in ``old``, path in ``new``) for each field present in both that the two layouts keep
    in different places; empty when both files use the same layout."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        return []
    la, lb = schema.layout_of(old), schema.layout_of(new)
    if la is lb:
        return []
    pairs: list[tuple[Keys, Keys]] = []
    for name, places in ALIASES.items():
        if name in _NOT_THE_SAME:
            continue
        pa, pb = _present(old, places.get(la.name, ())), _present(new, places.get(lb.name, ()))
        if pa is not None and pb is not None and pa != pb:
            pairs.append((pa, pb))
    for rtype in RELATION_TYPES:
        flat, grouped = (rtype,), ("relationships", rtype)
        pa, pb = (flat, grouped) if la is schema.LEGACY else (grouped, flat)
        if _get(old, pa) is not _MISSING and _get(new, pb) is not _MISSING:
            pairs.append((pa, pb))
    return pairs


def without(data: Any, paths: list[Keys]) -> Any:
    """A copy of ``data`` lacking ``paths``; a map left empty by that goes too."""
    if not isinstance(data, dict):
        return data
    out = dict(data)
    for keys in paths:
        _drop(out, keys)
    return out


def get(data: Any, keys: Keys) -> Any:
    value = _get(data, keys)
    return None if value is _MISSING else value


# ---------------------------------------------------------------- helpers

_MISSING = object()


def _present(data: dict, dotted: tuple[str, ...]) -> Keys | None:
    for path in dotted:
        keys = tuple(path.split("."))
        if keys[0] == "classification" and "classification" not in data and isinstance(data.get("tags"), dict):
            keys = ("tags", *keys[1:])
        if _get(data, keys) is not _MISSING:
            return keys
    return None


def _get(data: Any, keys: Keys) -> Any:
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return _MISSING
        data = data[key]
    return data


def _drop(data: dict, keys: Keys) -> None:
    """Remove ``keys`` from ``data`` in place, copying each map on the way (the caller's stay intact)."""
    if len(keys) == 1:
        data.pop(keys[0], None)
        return
    child = data.get(keys[0])
    if not isinstance(child, dict):
        return
    child = dict(child)
    _drop(child, keys[1:])
    if child:
        data[keys[0]] = child
    else:
        del data[keys[0]]


def node_at(root: Any, keys: Keys) -> Any:
    """The YAML node holding the value at ``keys`` (None where the path leaves the mappings)."""
    node = root
    for key in keys:
        node = _entries(node).get(key, (None, None))[1]
        if node is None:
            return None
    return node


def spread(segs: tuple, value: Any, node: Any, relation: bool) -> list[tuple[tuple, Any, Any]] | None:
    """The parts of a whole added or removed value, so a migration reads field by field: a map's
    keys, a relationship list's entries (by target), a table's rows (by id); None to keep it whole."""
    if isinstance(value, dict) and value:
        nodes = _entries(node)
        return [(segs + (str(k),), v, nodes.get(str(k), (None, None))[1]) for k, v in value.items()]
    if not isinstance(value, list) or not value:
        return None
    items = list(node.value) if isinstance(node, yaml.SequenceNode) else []
    key = "slug" if relation else next((k for k in ("id", "target", "name") if _ids(value, k) is not None), None)
    targets = [schema.entry_target(v) for v in value] if relation else _ids(value, key) if key else None
    if (
        key is None
        or targets is None
        or not all(isinstance(t, str) for t in targets)
        or len(set(targets)) < len(targets)
    ):
        return None
    return [
        (segs + (Select(key, t),), v, items[i] if i < len(items) else None)
        for i, (t, v) in enumerate(zip(targets, value))
    ]


def _ids(rows: list, key: str) -> list | None:
    if all(isinstance(r, dict) and isinstance(r.get(key), str) for r in rows):
        return [r[key] for r in rows]
    return None


def _entries(node: Any) -> dict[str, tuple[Any, Any]]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): (k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)}
