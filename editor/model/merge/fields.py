"""The frontmatter merged field by field: THEIRS' changes (against BASE) applied to OURS as edits.

Every change is made through ``Document`` (``set``, ``insert``, ``delete``), so only the edited
value's bytes change and OURS' comments, quotes, key order and number spellings stay. Mappings are
walked key by key and lists item by item (``entries.py``), so edits of different fields or entries
never meet, however close their lines are. A value both sides changed differently, or one side
removed while the other changed it, becomes a ``Conflict``; so does a change the document refuses
to write faithfully (OURS keeps its value and the conflict says why).
"""

from __future__ import annotations

from typing import Any

from editor.model.document.document import Document
from editor.model.document.values import same
from editor.model.errors import EditError, PathError
from editor.model.merge.conflicts import ABSENT, Conflict, field_conflict
from editor.model.merge.entries import ListMerge
from editor.model.paths import Path


class FrontmatterMerge(ListMerge):
    """Apply THEIRS' changes to ``doc`` (OURS' text); collect the conflicts."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.conflicts: list[Conflict] = []

    def run(self, base: dict, ours: dict, theirs: dict) -> list[Conflict]:
        self.mapping((), base, ours, theirs)
        return self.conflicts

    # ------------------------------------------------------------ the walk

    def value(self, segs: Path, b: Any, o: Any, t: Any) -> None:
        """Merge one value present in all three versions."""
        if same(t, b) or same(o, t):
            return  # THEIRS did nothing here, or both did the same
        if isinstance(b, dict) and isinstance(o, dict) and isinstance(t, dict):
            self.mapping(segs, b, o, t)
        elif isinstance(b, list) and isinstance(o, list) and isinstance(t, list):
            self.merge_list(segs, b, o, t)
        elif same(o, b):
            self.set(segs, t, b, o)
        else:
            self.conflict(segs, b, o, t)

    def mapping(self, segs: Path, b: dict, o: dict, t: dict) -> None:
        if not all(isinstance(k, str) for k in [*b, *o, *t]):
            # keys a field path cannot name (numbers, dates): the mapping is one value
            if same(o, b):
                self.set(segs, t, b, o)
            elif not same(o, t):
                self.conflict(segs, b, o, t)
            return
        for k in [*o, *(k for k in t if k not in o), *(k for k in b if k not in o and k not in t)]:
            bv, ov, tv = b.get(k, ABSENT), o.get(k, ABSENT), t.get(k, ABSENT)
            path = segs + (k,)
            if ABSENT not in (bv, ov, tv):
                self.value(path, bv, ov, tv)
            elif same(tv, bv) or same(ov, tv):
                continue
            elif ov is ABSENT and bv is ABSENT:
                self.set(path, tv, bv, ov)  # added by THEIRS: placed where the schema orders it
            elif tv is ABSENT and same(ov, bv):
                self.delete(path)
            else:
                self.conflict(path, bv, ov, tv)

    # ------------------------------------------------------------ edits of the document

    def set(self, segs: Path, value: Any, b: Any = ABSENT, o: Any = ABSENT) -> None:
        try:
            self.doc.set(segs, value)
        except (EditError, PathError) as exc:
            self.conflict(segs, b, o, value, f"not merged: {exc.message}")

    def insert(self, segs: Path, pos: int, value: Any) -> None:
        try:
            self.doc.insert(segs + (pos,), value)
        except (EditError, PathError) as exc:
            # shown as the whole list on both sides: a position in OURS may hold another entry
            self.conflict(segs, ABSENT, self.doc.get(segs, ABSENT), value, f"not merged: {exc.message}")

    def delete(self, segs: Path) -> None:
        try:
            self.doc.delete(segs)
        except (EditError, PathError) as exc:
            value = self.doc.get(segs, ABSENT)
            self.conflict(segs, value, value, ABSENT, f"not merged: {exc.message}")

    def conflict(self, segs: Path, b: Any, o: Any, t: Any, reason: str = "") -> None:
        self.conflicts.append(field_conflict(segs, b, o, t, reason))
