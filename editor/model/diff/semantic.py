"""Semantic diff of two versions of a pattern, in the pattern's own terms.

``diff_documents(old, new)`` compares the frontmatter as data (relationship entries matched by
slug, graph-garden rows by id/target, lists of strings as sets of items, scores with their delta,
a renamed or moved key as one "moved" change), the body section by section (``diff_body``), and
lists apart the differences that are formatting only (quotes, wrapping, indentation, comments and
banners, blank lines, key order, number spelling) — found by comparing the text of regions whose
data is equal.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from editor.model import schema
from editor.model.diff import migration
from editor.model.diff.body import SectionDiff, diff_bodies, word_diff
from editor.model.diff.changes import ADDED, CHANGED, MOVED, REMOVED, FieldChange
from editor.model.diff.formatting import FormatChange, FrontmatterFormat, file_formatting, opening_change
from editor.model.diff.result import DiffResult
from editor.model.diff.text import short_label
from editor.model.document.document import Document
from editor.model.document.values import canon, jsonable, same
from editor.model.paths import Path, Select, format_path
from editor.model.schema.kinds import is_number
from editor.model.schema.spec import RELATION_TYPES

IDENTITY_KEYS = ("slug", "id", "target", "name", "dimension")  # how rows of a table are told apart
SIMILAR_MAP = 0.5  # a removed and an added map sharing this share of their leaves are one moved key
LONG_TEXT = 60  # characters; longer changed texts are shown as a word diff


# ---------------------------------------------------------------- entry points


def diff_documents(old: Document, new: Document) -> DiffResult:
    """Compare two parsed documents. Raises ParseError when either frontmatter does not parse."""
    for doc in (old, new):
        if doc.error is not None:
            raise doc.error
    a, b, file_fmt = _comparable(old, new)
    differ = _FrontmatterDiff(a, b)
    differ.run()
    opening = opening_change(old.text, new.text, old.parts, new.parts)  # type: ignore[arg-type]
    result = DiffResult(differ.field_changes(), diff_bodies(a.body, b.body), [], _group_labels(b.data))
    result.file = [opening] if opening is not None else []
    result.formatting = file_fmt + differ.fmt.items + _body_formatting(result.body)
    if result.is_empty and not result.formatting and old.text != new.text:  # nothing may hide unnamed
        result.formatting.append(FormatChange("whitespace", "", "whitespace elsewhere in the file", where="file"))
    return result


def diff_texts(old: str, new: str, old_name: str = "old", new_name: str = "new") -> DiffResult:
    """Compare two file texts; the names appear in parse errors (``old_name:12:3: …``)."""
    return diff_documents(
        Document.from_text(old, old_name, schema.HINTS), Document.from_text(new, new_name, schema.HINTS)
    )


def _comparable(old: Document, new: Document) -> tuple[Document, Document, list[FormatChange]]:
    """Documents with the same line endings and no BOM (differences there are whole-file formatting)."""
    found = file_formatting(old.text, new.text, old.parts, new.parts)  # type: ignore[arg-type]
    if old.newline != new.newline or old.text.startswith("\ufeff") != new.text.startswith("\ufeff"):

        def plain(doc: Document) -> Document:
            text = doc.text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
            return Document.from_text(text, doc.name, schema.HINTS) if text != doc.text else doc

        return plain(old), plain(new), found
    return old, new, found


def _body_formatting(sections: list[SectionDiff]) -> list[FormatChange]:
    out = []
    for s in sections:
        for what in s.formatting:
            text = f"{s.section} {what}" if what == "re-wrapped" else f"{what} in {s.section}"
            out.append(FormatChange(_BODY_KIND.get(what, "whitespace"), s.section, text, where="body"))
    return out


_BODY_KIND = {"re-wrapped": "wrapping", "blank lines": "blank lines", "rules (---)": "rules", "heading": "heading"}


# ---------------------------------------------------------------- values


def _leaves(value: Any, prefix: tuple = ()) -> set:
    if isinstance(value, dict):
        out: set = set()
        for k, v in value.items():
            out |= _leaves(v, prefix + (repr(k),))
        return out or {(prefix, ("d",))}
    return {(prefix, canon(value))}  # a list counts as one leaf


def _shared_items(a: list, b: list) -> float:
    ca, cb = {canon(x) for x in a}, {canon(y) for y in b}
    return len(ca & cb) / max(len(ca), len(cb), 1)


def _similarity(a: Any, b: Any) -> float:
    la, lb = _leaves(a), _leaves(b)
    return len(la & lb) / max(len(la), len(lb), 1)


# ---------------------------------------------------------------- the frontmatter walk


@dataclass
class _Raw:
    kind: str
    segs: Path
    old: Any
    new: Any
    old_segs: Path = ()
    nodes: tuple = (None, None)  # (old node, new node) for moved-key formatting and re-diffs


class _FrontmatterDiff:
    def __init__(self, old: Document, new: Document) -> None:
        self.a, self.b = old, new
        self.raw: list[_Raw] = []
        self.fmt = FrontmatterFormat(old.frontmatter, new.frontmatter)
        self.migrating = schema.layout_of(old.data) is not schema.layout_of(new.data)

    def run(self) -> None:
        a, b = self.a.data or {}, self.b.data or {}
        pairs = migration.counterparts(a, b)  # a file moved between layouts: fields in their new places
        for pa, pb in pairs:
            self._moved_across(pa, pb)
        if pairs:
            a, b = migration.without(a, [p for p, _ in pairs]), migration.without(b, [q for _, q in pairs])
        self.walk((), a, self.a.root, b, self.b.root)
        self._pair_moves()
        self.fmt.finish(
            self.a.root,
            self.b.root,
            {r.segs[0] for r in self.raw if r.segs} | {r.old_segs[0] for r in self.raw if r.old_segs},
        )

    # ------------------------------------------------------------ walking

    def emit(self, kind: str, segs: Path, old: Any, new: Any, an: Any = None, bn: Any = None) -> None:
        if self.migrating and kind in (ADDED, REMOVED) and isinstance(segs[-1], str):
            # whole groups of the other layout, part by part
            value, node = (new, bn) if kind == ADDED else (old, an)
            parts = migration.spread(segs, value, node, self._is_relation(segs))
            if parts is not None:
                for s, v, n in parts:
                    self.emit(kind, s, *((None, v, None, n) if kind == ADDED else (v, None, n, None)))
                return
        self.raw.append(_Raw(kind, segs, old, new, nodes=(an, bn)))

    def _moved_across(self, pa: tuple[str, ...], pb: tuple[str, ...]) -> None:
        """A field the two layouts keep in different places, compared in place."""
        va, vb = migration.get(self.a.data, pa), migration.get(self.b.data, pb)
        if va in ([], {}) and vb in ([], {}):
            return  # an empty list in its new place: nothing moved a reviewer needs to see
        na, nb = migration.node_at(self.a.root, pa), migration.node_at(self.b.root, pb)
        self.raw.append(_Raw(MOVED, pb, va, vb, pa, (na, nb)))
        if isinstance(va, (dict, list)) and isinstance(vb, (dict, list)) and not same(va, vb):
            self.raw.extend(self._walk_apart(pb, va, na, vb, nb))

    def walk(self, segs: Path, a: Any, an: Any, b: Any, bn: Any) -> None:
        if isinstance(a, dict) and isinstance(b, dict):
            self.fmt.container(segs, an, bn)
            self.walk_map(segs, a, an, b, bn)
        elif isinstance(a, list) and isinstance(b, list):
            self.fmt.container(segs, an, bn)
            self.walk_list(segs, a, an, b, bn)
        elif same(a, b):
            self.fmt.scalar(segs, an, bn)
        else:
            self.emit(CHANGED, segs, a, b, an, bn)

    def walk_map(self, segs: Path, a: dict, an: Any, b: dict, bn: Any) -> None:
        anodes, bnodes = _entries(an), _entries(bn)
        for k in _merged_keys(list(a), list(b)):
            path = segs + (str(k),)
            ka, kb = anodes.get(str(k), (None, None)), bnodes.get(str(k), (None, None))
            if k in a and k in b:
                self.walk(path, a[k], ka[1], b[k], kb[1])
                self.fmt.indentation(path, ka, kb)
            elif k in a:
                self.emit(REMOVED, path, a[k], None, ka[1], None)
            else:
                self.emit(ADDED, path, None, b[k], None, kb[1])
        self.fmt.key_order(segs, [k for k in a if k in b], [k for k in b if k in a])
        self.fmt.gaps(segs, an, bn)

    def walk_list(self, segs: Path, a: list, an: Any, b: list, bn: Any) -> None:
        if self._is_relation(segs):
            if self._keyed(segs, a, an, b, bn, "slug", schema.entry_target):
                return
        elif all(isinstance(x, dict) for x in a + b) and (a or b):
            for key in IDENTITY_KEYS:
                if self._keyed(segs, a, an, b, bn, key, lambda e, k=key: e.get(k)):
                    return
        if all(not isinstance(x, (dict, list)) for x in a + b):
            self._items(segs, a, an, b, bn)
        else:
            self._positional(segs, a, an, b, bn)

    def _keyed(self, segs: Path, a: list, an: Any, b: list, bn: Any, key: str, get: Callable[[Any], Any]) -> bool:
        """Match entries by an identity value; False when the values are missing or not unique."""
        ak, bk = [get(x) for x in a], [get(x) for x in b]
        if not all(isinstance(k, str) for k in ak + bk) or len(set(ak)) < len(ak) or len(set(bk)) < len(bk):
            return False
        aitems, bitems = _items_of(an), _items_of(bn)
        where = {k: i for i, k in enumerate(ak)}
        relation = key == "slug"
        for j, k in enumerate(bk):
            path = segs + (Select(key, k),)
            if k not in where:
                self.emit(ADDED, path, None, b[j], None, _at(bitems, j))
                continue
            i = where[k]
            x, y = a[i], b[j]
            if relation and not _same_shape(x, y):
                if not same(x, y):
                    self.emit(CHANGED, path, x, y, _at(aitems, i), _at(bitems, j))
                continue
            self.walk(path, x, _at(aitems, i), y, _at(bitems, j))
            self.fmt.item(path, _at(aitems, i), _at(bitems, j))
        present = set(bk)
        for i, k in enumerate(ak):
            if k not in present:
                self.emit(REMOVED, segs + (Select(key, k),), a[i], None, _at(aitems, i), None)
        self.fmt.order(segs, [k for k in ak if k in present], [k for k in bk if k in where])
        return True

    def _items(self, segs: Path, a: list, an: Any, b: list, bn: Any) -> None:
        """Lists of strings (or other scalars): items added and removed; order alone is formatting."""
        aitems, bitems = _items_of(an), _items_of(bn)
        free: dict[Any, list[int]] = {}
        for i, x in enumerate(a):
            free.setdefault(canon(x), []).append(i)
        kept_a, kept_b = [], []
        for j, y in enumerate(b):
            slots = free.get(canon(y))
            if slots:
                i = slots.pop(0)
                kept_a.append(i)
                kept_b.append(j)
                self.fmt.scalar(segs + (j,), _at(aitems, i), _at(bitems, j))
                self.fmt.item(segs + (j,), _at(aitems, i), _at(bitems, j))
            else:
                self.emit(ADDED, segs + (j,), None, y, None, _at(bitems, j))
        for slots in free.values():
            for i in slots:
                self.emit(REMOVED, segs + (i,), a[i], None, _at(aitems, i), None)
        self.fmt.order(segs, sorted(kept_a), [i for _, i in sorted(zip(kept_b, kept_a))])

    def _positional(self, segs: Path, a: list, an: Any, b: list, bn: Any) -> None:
        aitems, bitems = _items_of(an), _items_of(bn)
        matcher = difflib.SequenceMatcher(None, [canon(x) for x in a], [canon(y) for y in b], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            pairs = min(i2 - i1, j2 - j1) if tag in ("equal", "replace") else 0
            for k in range(pairs):
                path = segs + (j1 + k,)
                self.walk(path, a[i1 + k], _at(aitems, i1 + k), b[j1 + k], _at(bitems, j1 + k))
                self.fmt.item(path, _at(aitems, i1 + k), _at(bitems, j1 + k))
            for k in range(i1 + pairs, i2):
                self.emit(REMOVED, segs + (k,), a[k], None, _at(aitems, k), None)
            for k in range(j1 + pairs, j2):
                self.emit(ADDED, segs + (k,), None, b[k], None, _at(bitems, k))

    def _is_relation(self, segs: Path) -> bool:
        if len(segs) == 2 and segs[0] == "relationships":
            return True
        return (
            len(segs) == 1
            and segs[0] in (*RELATION_TYPES, "related")
            and schema.LEGACY in (schema.layout_of(self.b.data), schema.layout_of(self.a.data))
        )

    # ------------------------------------------------------------ moves

    def _pair_moves(self) -> None:
        """A removed key and an added one holding the same (or a similar) value are one move."""
        removed = [r for r in self.raw if r.kind == REMOVED and _movable(r.segs)]
        added = [r for r in self.raw if r.kind == ADDED and _movable(r.segs)]
        rules: list[Callable[[_Raw, _Raw], bool]] = [
            lambda r, s: _relation_target(r.segs) is not None and _relation_target(r.segs) == _relation_target(s.segs),
            lambda r, s: isinstance(r.segs[-1], str) and r.segs[-1] == s.segs[-1] and same(r.old, s.new),
            lambda r, s: (
                isinstance(r.segs[-1], str)
                and isinstance(s.segs[-1], str)
                and _substantial(r.old)
                and same(r.old, s.new)
            ),
            lambda r, s: (
                isinstance(r.segs[-1], str)
                and isinstance(s.segs[-1], str)
                and isinstance(r.old, dict)
                and isinstance(s.new, dict)
                and _similarity(r.old, s.new) >= SIMILAR_MAP
            ),
            lambda r, s: (  # a list moved under the same name, with items added or removed on the way
                isinstance(r.segs[-1], str)
                and r.segs[-1] == s.segs[-1]
                and isinstance(r.old, list)
                and isinstance(s.new, list)
                and _shared_items(r.old, s.new) >= SIMILAR_MAP
            ),
        ]
        for rule in rules:
            for r in list(removed):
                match = next((s for s in added if rule(r, s)), None)
                if match is None:
                    continue
                removed.remove(r)
                added.remove(match)
                self.raw.remove(r)
                match.kind, match.old, match.old_segs = MOVED, r.old, r.segs
                match.nodes = (r.nodes[0], match.nodes[1])
                if _relation_target(r.segs) is None and not same(r.old, match.new):
                    # a renamed map whose content also changed: its inner changes follow the move
                    at = self.raw.index(match) + 1
                    self.raw[at:at] = self._walk_apart(match.segs, r.old, r.nodes[0], match.new, match.nodes[1])

    def _walk_apart(self, segs: Path, a: Any, an: Any, b: Any, bn: Any) -> list[_Raw]:
        """The changes between two values, collected on their own (not appended to ``self.raw``)."""
        kept, self.raw = self.raw, []
        try:
            self.walk(segs, a, an, b, bn)
            return self.raw
        finally:
            self.raw = kept

    # ------------------------------------------------------------ results

    def field_changes(self) -> list[FieldChange]:
        out = []
        adata, bdata = self.a.data or {}, self.b.data or {}
        for r in self.raw:
            data = adata if r.kind == REMOVED else bdata
            delta = None
            if r.kind == CHANGED and is_number(r.old) and is_number(r.new):
                delta = round(r.new - r.old, 6)
                if (
                    isinstance(delta, float)
                    and delta.is_integer()
                    and isinstance(r.old, int)
                    and isinstance(r.new, int)
                ):
                    delta = int(delta)
            out.append(
                FieldChange(
                    r.kind,
                    format_path(r.segs),
                    schema.label_for(data, r.segs),
                    r.old,
                    r.new,
                    _group_of(data, r.segs) or _group_of(adata, r.old_segs or r.segs),
                    delta,
                    format_path(r.old_segs) if r.old_segs else None,
                    r.segs,
                    r.old_segs,
                )
            )
        _name_collisions(out, adata, bdata)
        return out


# ---------------------------------------------------------------- helpers


def _entries(node: Any) -> dict[str, tuple[Any, Any]]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): (k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)}


def _items_of(node: Any) -> list:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _at(items: list, i: int) -> Any:
    return items[i] if 0 <= i < len(items) else None


def _merged_keys(akeys: list, bkeys: list) -> list:
    """The new file's key order, with each removed key placed after its old predecessor."""
    merged = list(bkeys)
    present = set(bkeys)
    for idx, k in enumerate(akeys):
        if k in present:
            continue
        prev = next((akeys[p] for p in range(idx - 1, -1, -1) if akeys[p] in present), None)
        merged.insert(merged.index(prev) + 1 if prev is not None else 0, k)
        present.add(k)
    return merged


def _same_shape(x: Any, y: Any) -> bool:
    """Both entries written alike: both bare slugs, or both maps naming the target with the same key."""
    if isinstance(x, dict) and isinstance(y, dict):
        return ("slug" in x) == ("slug" in y)
    return type(x) is type(y)


def _movable(segs: Path) -> bool:
    return bool(segs) and (isinstance(segs[-1], str) or _relation_target(segs) is not None)


def _relation_target(segs: Path) -> str | None:
    if segs and isinstance(segs[-1], Select) and segs[-1].key == "slug":
        return segs[-1].value
    return None


def _substantial(value: Any) -> bool:
    """Worth calling a rename when found under another name: not an empty or short value."""
    if isinstance(value, (dict, list)):
        return bool(value)
    return isinstance(value, str) and len(value) >= 20


def _group_of(data: Any, segs: Path) -> int:
    if not segs or not isinstance(segs[0], str):
        return 0
    f = schema.field_for(data, (segs[0],))
    return f.group if f else 0


def _name_collisions(changes: list[FieldChange], adata: Any, bdata: Any) -> None:
    """Two fields that read alike ("Commons domain" at the top level and under ``classification``)
    get their path in the label, so a move does not read as a removal of the same field."""
    readings: dict[str, set[tuple]] = {}
    for c in changes:
        for data, segs in ((bdata, c.segments), (adata, c.from_segments)):
            keys = _lead(segs)
            if keys:
                readings.setdefault(short_label(schema.label_for(data, keys)), set()).add(keys)
    for c in changes:
        keys = _lead(c.segments)
        data = adata if c.kind == REMOVED else bdata
        base = schema.label_for(data, keys)
        if keys and len(readings.get(short_label(base), ())) > 1 and c.label.startswith(base):
            c.label = f"{base} ({'.'.join(keys)}){c.label[len(base) :]}"


def _lead(segs: Path) -> tuple[str, ...]:
    """The keys before the first list position: the field a change belongs to."""
    out: list[str] = []
    for seg in segs:
        if not isinstance(seg, str):
            break
        out.append(seg)
    return tuple(out)


def _group_labels(data: Any) -> dict[int, str]:
    labels = {g.number: g.label for g in schema.V7.groups}
    if schema.layout_of(data) is schema.LEGACY:
        labels.update({g.number: g.label for g in schema.LEGACY.groups})
    labels[0] = "Other fields"
    return labels


__all__ = [
    "ADDED",
    "CHANGED",
    "MOVED",
    "REMOVED",
    "DiffResult",
    "FieldChange",
    "FormatChange",
    "SectionDiff",
    "canon",
    "diff_documents",
    "diff_texts",
    "jsonable",
    "same",
    "word_diff",
]
