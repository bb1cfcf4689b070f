"""Lists merged item by item: relationship entries by slug (older layouts' id lists by id), table rows
by their identity key (``id``, ``target``, …), lists of strings by value.

THEIRS' additions are inserted after the entry that precedes them in THEIRS, its removals and
changed entries are applied where the entry now is in OURS, so OURS' own additions, removals and
order stay. Order changes made by THEIRS alone are not carried over (order is formatting here).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from editor.model import schema
from editor.model.document.document import Document
from editor.model.document.values import canon, same
from editor.model.merge.conflicts import ABSENT
from editor.model.paths import Path, Select
from editor.model.schema.spec import RELATION_TYPES

IDENTITY_KEYS = ("slug", "id", "target", "name", "dimension")  # how rows of a table are told apart

Identity = Callable[[Any], Any]


class ListMerge:
    """The list half of ``FrontmatterMerge``: uses its ``doc``, ``value``, ``set``, ``insert``,
    ``delete`` and ``conflict``."""

    doc: Document
    value: Callable[[Path, Any, Any, Any], None]
    set: Callable[..., None]
    insert: Callable[[Path, int, Any], None]
    delete: Callable[[Path], None]
    conflict: Callable[..., None]

    def merge_list(self, segs: Path, b: list, o: list, t: list) -> None:
        found = self._identity(segs, b, o, t)
        if found is not None:
            self._keyed(segs, b, o, t, *found)
        elif all(not isinstance(x, (dict, list)) for x in b + o + t):
            self._keyed(segs, b, o, t, None, canon)
        elif len(b) == len(o) == len(t):
            for i, (x, y, z) in enumerate(zip(b, o, t)):
                self.value(segs + (i,), x, y, z)
        elif same(o, b):
            self.set(segs, t, b, o)
        else:
            self.conflict(segs, b, o, t)

    def _identity(self, segs: Path, b: list, o: list, t: list) -> tuple[str, Identity] | None:
        """(selector key, identity of an item) when every item of all three lists has a unique one."""
        items = b + o + t
        if _is_relation(segs, self.doc.data):
            candidates: list[tuple[str, Identity]] = [("slug", schema.entry_target)]
        elif items and all(isinstance(x, dict) for x in items):
            candidates = [(k, lambda e, k=k: e.get(k)) for k in IDENTITY_KEYS]
        else:
            return None
        for key, ident in candidates:
            ok = True
            for side in (b, o, t):
                ids = [ident(x) for x in side]
                if not all(isinstance(i, str) for i in ids) or len(set(ids)) < len(ids):
                    ok = False
                    break
            if ok:
                return key, ident
        return None

    def _keyed(self, segs: Path, b: list, o: list, t: list, key: str | None, ident: Identity) -> None:
        """Merge by identity. ``key`` names the selector of map entries; None for plain values."""
        bm = {ident(x): x for x in b}
        om = {ident(x): x for x in o}
        tm = {ident(x): x for x in t}
        tids = list(tm)

        def path(i: Any) -> Path:
            return segs + (Select(key or "slug", str(i)),)

        # THEIRS' removals and changes first, then its additions (placed by their neighbours)
        for i, bv in bm.items():
            ov, tv = om.get(i, ABSENT), tm.get(i, ABSENT)
            if tv is ABSENT:
                if ov is ABSENT:
                    continue
                if same(ov, bv):
                    self._delete_item(segs, ident, i)
                elif key is not None:
                    self.conflict(path(i), bv, ov, ABSENT)
            elif ov is ABSENT:
                if not same(tv, bv) and key is not None:
                    self.conflict(path(i), bv, ABSENT, tv)
            elif key is not None:
                self.value(path(i), bv, ov, tv)
        for j, i in enumerate(tids):
            if i in bm:
                continue
            tv, ov = tm[i], om.get(i, ABSENT)
            if ov is ABSENT:
                self.insert(segs, self._position(segs, ident, tids[:j], tids[j + 1 :], set(bm) | set(tm)), tv)
            elif not same(ov, tv):
                self.conflict(path(i), ABSENT, ov, tv)

    def _live(self, segs: Path) -> list:
        items = self.doc.get(segs, None)
        return items if isinstance(items, list) else []

    def _delete_item(self, segs: Path, ident: Identity, i: Any) -> None:
        live = [ident(x) for x in self._live(segs)]
        if i in live:
            self.delete(segs + (live.index(i),))

    def _position(self, segs: Path, ident: Identity, before: list, after: list, known: set) -> int:
        """After the nearest preceding THEIRS entry OURS has (and after what OURS alone added there),
        else before the nearest following one, else at the end."""
        live = [ident(x) for x in self._live(segs)]
        for i in reversed(before):
            if i in live:
                pos = live.index(i) + 1
                while pos < len(live) and live[pos] not in known:
                    pos += 1
                return pos
        for i in after:
            if i in live:
                return live.index(i)
        return len(live)


def _is_relation(segs: Path, data: Any) -> bool:
    if len(segs) == 2 and segs[0] == "relationships":
        return True
    return len(segs) == 1 and segs[0] in (*RELATION_TYPES, "related") and schema.layout_of(data) is schema.LEGACY
