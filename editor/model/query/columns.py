"""The library table's columns, declared once from the schema: what a column shows, sorts and exports.

A ``Column`` names a field by alias or dotted path (``schema/aliases.py``), so both layouts answer
it; its header label and kind come from the schema's declaration of that field (``Field.label``,
``Field.kind``), which also tells an editor what to offer (enum values, a score's range and step).
Derived columns (relationship counts, inbound links, problems, file) are read-only.

``value(entry, subject, index)`` gives a cell's value for display, sort and CSV: most columns read
the index entry alone; the lifecycle fields need the file's full data (a ``query.Subject``, or None
while it is not read). Sorting precomputes one key per row (``sort_rows``), None values last in
both directions. Qt-free: the table model, the CLI and a benchmark all use it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from editor.model.library.index import Entry, IndexChange, LibraryIndex
from editor.model.query.evaluate import Subject, lookup
from editor.model.schema import LEGACY, PILLARS, RELATION_LABELS, RELATION_TYPES, V7, Field
from editor.model.schema.aliases import alias_paths
from editor.model.schema.kinds import is_number

Value = Callable[[Entry, "Subject | None", "LibraryIndex | None"], Any]

NUMERIC = frozenset({"score", "number", "integer", "weight", "count"})
_PROBLEMS = "table-problem-counts"
_INBOUND = "table-inbound-counts"


@dataclass(frozen=True)
class Column:
    """One column: ``id`` (stable, used by saved views), its header ``label``, the ``path`` (alias or
    dotted path) an edit writes, the schema ``kind`` ("count", "file" for derived ones)."""

    id: str
    label: str
    kind: str
    value: Value
    path: str = ""  # alias or dotted path; empty for derived columns
    editable: bool = False
    needs_subject: bool = False  # reads the full frontmatter (the query store), not only the index
    field: Field | None = None  # the v7.1 declaration (enum values, range, step)
    tip: str = ""

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC

    @property
    def values(self) -> tuple:
        """An enum's values in the spec's order (empty for other kinds)."""
        return self.field.values if self.field is not None else ()

    def editable_for(self, entry: Entry) -> bool:
        """Whether a cell of this column can be written in ``entry``'s file: readable, and the alias
        names a field in its layout (the older layout has no pillars)."""
        if not self.editable or entry.error is not None:
            return False
        layout = LEGACY.name if entry.layout == LEGACY.name else V7.name
        paths = alias_paths(self.path, layout)
        return paths is None or bool(paths)

    def field_for(self, entry: Entry) -> Field | None:
        """The declaration of this column's field in the entry's own layout (for its editor)."""
        layout = LEGACY if entry.layout == LEGACY.name else V7
        paths = alias_paths(self.path, layout.name)
        dotted = paths[0] if paths else self.path
        return layout.field(tuple(dotted.split("."))) or self.field

    def text(self, value: Any) -> str:
        """The value as a cell and a CSV field show it: numbers without noise, lists joined."""
        return display(value)


def display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}" if value != int(value) else f"{value:.1f}"
    if isinstance(value, (list, tuple)):
        return ", ".join(display(v) for v in value)
    return str(value)


# ------------------------------------------------------------ value functions


def _v7_field(alias_or_path: str) -> Field | None:
    paths = alias_paths(alias_or_path, V7.name)
    dotted = paths[0] if paths else alias_or_path
    return V7.field(tuple(dotted.split(".")))


def _score(key: str) -> Value:
    return lambda e, s, i: e.scores.get(key)


def _overall(e: Entry, s: Subject | None, i: LibraryIndex | None) -> float | None:
    if e.layout == LEGACY.name:  # as the alias reads it: the older layout's commons alignment
        return e.scores.get("commons_alignment")
    return e.scores.get("overall_score")


def _from_subject(alias: str) -> Value:
    def value(e: Entry, s: Subject | None, i: LibraryIndex | None) -> Any:
        return None if s is None else lookup(s, alias)

    return value


def _relation_count(rel_type: str | None) -> Value:
    if rel_type is None:
        return lambda e, s, i: len(e.relationships) if e.error is None else None
    return lambda e, s, i: sum(1 for t, _, _ in e.relationships if t == rel_type) if e.error is None else None


def inbound_counts(index: LibraryIndex) -> dict[str, int]:
    """slug -> how many relationship entries (not inferred links) point at it, by slug or pat_ id;
    the same number as ``len(index.inbound(slug, inferred=False))``, counted once for the library
    and kept until the index changes."""
    found = index.extras.get(_INBOUND)
    if found is not None:
        return found
    counts: dict[str, int] = {}
    resolve = index.resolve
    for entry in index.entries:
        for _type, target, _weight in entry.relationships:
            slug = resolve(target)
            if slug is not None:
                counts[slug] = counts.get(slug, 0) + 1
    index.extras[_INBOUND] = counts
    if not index.extras.get(_INBOUND + "-watch"):
        index.extras[_INBOUND + "-watch"] = True

        def forget(_change: IndexChange) -> None:
            index.extras.pop(_INBOUND, None)

        index.subscribe(forget)
    return counts


def _inbound(e: Entry, s: Subject | None, i: LibraryIndex | None) -> int | None:
    if i is None or e.error is not None:
        return None
    return inbound_counts(i).get(e.slug, 0)


def set_problem_counts(index: LibraryIndex, counts: dict[str, int] | None) -> None:
    """Record what the last library check found, by file name (None: not checked yet)."""
    index.extras[_PROBLEMS] = counts


def _problems(e: Entry, s: Subject | None, i: LibraryIndex | None) -> int | None:
    counts = i.extras.get(_PROBLEMS) if i is not None else None
    return None if counts is None else counts.get(e.name, 0)


def _layout_name(e: Entry, s: Subject | None, i: LibraryIndex | None) -> str:
    return e.layout or "unreadable"


# ------------------------------------------------------------ the declarations


def _schema_column(alias: str, value: Value, *, editable: bool = True, needs_subject: bool = False) -> Column:
    declared = _v7_field(alias)
    assert declared is not None, alias
    return Column(
        alias,
        declared.label,
        declared.kind,
        value,
        path=alias,
        editable=editable,
        needs_subject=needs_subject,
        field=declared,
        tip=declared.help,
    )


def _columns() -> tuple[Column, ...]:
    out = [
        _schema_column("title", lambda e, s, i: e.title or None),
        _schema_column("slug", lambda e, s, i: e.slug, editable=False),  # renaming a slug updates links: not here
        _schema_column("status", lambda e, s, i: e.status),
        _schema_column("overall", _overall),
        *(_schema_column(p, _score(p)) for p in PILLARS),
        _schema_column("vitality", _score("vitality")),
        _schema_column("domain", lambda e, s, i: e.domain),
        *(
            _schema_column(a, _from_subject(a), needs_subject=True)
            for a in ("usage_stage", "adoption_stage", "version", "confidence")
        ),
        Column("links", "Links", "count", _relation_count(None), tip="Relationship entries, every type"),
        *(
            Column(f"links.{t}", RELATION_LABELS[t], "count", _relation_count(t), tip=f"{RELATION_LABELS[t]} entries")
            for t in RELATION_TYPES
        ),
        Column("inbound", "Inbound", "count", _inbound, tip="Relationship entries in other files that point here"),
        Column("problems", "Problems", "count", _problems, tip="Errors and warnings of the last library check"),
        Column("layout", "Layout", "text", _layout_name, tip="v7.1 (grouped) or legacy (older flat layout)"),
        Column("file", "File", "file", lambda e, s, i: e.name, tip="The file's name in the library folder"),
    ]
    return tuple(out)


COLUMNS: tuple[Column, ...] = _columns()
BY_ID: dict[str, Column] = {c.id: c for c in COLUMNS}
DEFAULT_VISIBLE: tuple[str, ...] = (
    "title",
    "status",
    "overall",
    *PILLARS,
    "vitality",
    "domain",
    "links",
    "inbound",
    "problems",
    "file",
)


def column(column_id: str) -> Column:
    """The column with this id; KeyError names the known ones."""
    try:
        return BY_ID[column_id]
    except KeyError:
        raise KeyError(f"no column {column_id!r}; columns: {', '.join(BY_ID)}") from None


# ------------------------------------------------------------ sorting


def sort_key(col: Column) -> Callable[[Any], Any]:
    """value -> a key that compares within the column, or None (sorted last): numbers as floats,
    enums in the spec's order then other values by text, text ignoring case."""
    if col.numeric:
        return lambda v: float(v) if is_number(v) else None
    if col.kind == "enum" and col.values:
        order = {v: n for n, v in enumerate(col.values)}
        last = len(order)
        return lambda v: None if v is None else (order.get(v, last), display(v).casefold())
    return lambda v: None if v is None or v == "" else display(v).casefold()


def sort_keys(
    col: Column,
    entries: Sequence[Entry],
    index: LibraryIndex | None = None,
    subject: Callable[[Entry], Subject | None] | None = None,
) -> list[Any]:
    """One key per entry, computed in one pass (``subject`` gives a file's data for the columns
    that need it)."""
    key = sort_key(col)
    value = col.value
    if col.needs_subject and subject is not None:
        return [key(value(e, subject(e), index)) for e in entries]
    return [key(value(e, None, index)) for e in entries]


def sort_rows(keys: Sequence[Any], descending: bool = False) -> list[int]:
    """Row positions ordered by ``keys``, stable, with None keys last in either direction."""
    present = [n for n, k in enumerate(keys) if k is not None]
    missing = [n for n, k in enumerate(keys) if k is None]
    present.sort(key=keys.__getitem__, reverse=descending)
    return present + missing
