"""The pattern schema: spec v7.1 and the older flat layout, declared once as data.

``layout_of(data)`` tells which layout a file uses; ``field(layout, keys)`` finds a key's
declaration; ``HINTS`` tells the document where new keys go and how they are written.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from editor.model.document.document import Document, EditHints
from editor.model.document.emit import Style
from editor.model.schema import entries
from editor.model.schema.entries import BARE_ID, SLUG_WEIGHT, EntryForm
from editor.model.schema.fields import EXPECTED, EXTENSION, OPTIONAL, REQUIRED, Field, Group, Layout
from editor.model.schema.kinds import Map
from editor.model.schema.layout_legacy import LEGACY
from editor.model.schema.layout_v7 import V7
from editor.model.schema.spec import (
    BODY_SECTIONS,
    CONFIDENCE_LABELS,
    ID_PATTERN,
    PILLARS,
    RELATION_LABELS,
    RELATION_TYPES,
    SLUG_PATTERN,
    TYPEID_PATTERN,
    vitality_band,
)

__all__ = [
    "BODY_SECTIONS",
    "CONFIDENCE_LABELS",
    "EXPECTED",
    "EXTENSION",
    "HINTS",
    "ID_PATTERN",
    "LAYOUTS",
    "LEGACY",
    "OPTIONAL",
    "PILLARS",
    "RELATION_LABELS",
    "RELATION_TYPES",
    "REQUIRED",
    "SLUG_PATTERN",
    "TYPEID_PATTERN",
    "V7",
    "EntryForm",
    "Field",
    "Group",
    "Layout",
    "declared_entry_form",
    "field_for",
    "label_for",
    "layout_of",
    "new_entry",
    "open_pattern",
    "pillar_mean",
    "relation_lists",
    "unknown_keys",
    "vitality_band",
]

LAYOUTS = (V7, LEGACY)
V7_MARKERS = frozenset({"summary", "ontology", "lifecycle", "relationships", "graph_garden", "context_labels"})
LEGACY_MARKERS = frozenset(
    {"classification", "page_url", "github_url", "created", "modified", "related", "repository", "confidence_score"}
)


def layout_for_keys(keys: set[str] | frozenset[str]) -> Layout:
    """The layout a file uses, from its top-level keys: the older flat one only without any v7.1 group."""
    return LEGACY if not keys & V7_MARKERS and keys & LEGACY_MARKERS else V7


def layout_of(data: Any) -> Layout:
    return layout_for_keys(set(data)) if isinstance(data, dict) else V7


def field_for(data: Any, keys: tuple[str, ...]) -> Field | None:
    """The declaration of ``keys`` in the file's own layout, else in the other one."""
    layout = layout_of(data)
    found = layout.field(keys)
    if found is None:
        other = LEGACY if layout is V7 else V7
        found = other.field(keys)
    return found


def label_for(data: Any, path: tuple) -> str:
    """A readable label for a field path: 'Ontology › Commons assessment › Resilience'."""
    parts: list[str] = []
    keys: tuple[str, ...] = ()
    for seg in path:
        if isinstance(seg, str):
            keys += (seg,)
            f = field_for(data, keys)
            parts.append(f.label if f else seg)
        elif isinstance(seg, int):
            parts[-1:] = [f"{parts[-1]} #{seg + 1}"] if parts else [f"#{seg + 1}"]
        else:
            value = getattr(seg, "value", None)
            parts[-1:] = [f"{parts[-1]} → {value}"] if parts else [str(value)]
    return " › ".join(parts)


def relation_lists(data: Any) -> Iterator[tuple[tuple[str, ...], str, list]]:
    """Every relationship list in the file: (key path, type, entries), in either layout."""
    if not isinstance(data, dict):
        return
    rel = data.get("relationships")
    if isinstance(rel, dict):
        for key, value in rel.items():
            if isinstance(value, list):
                yield ("relationships", key), key, value
    if layout_of(data) is LEGACY:
        for key in (*RELATION_TYPES, "related"):
            value = data.get(key)
            if isinstance(value, list):
                yield (key,), key, value


def entry_target(entry: Any) -> str | None:
    """The slug (or legacy pat_ id) a relationship entry points at."""
    if isinstance(entry, str):
        return entry
    if isinstance(entry, dict):
        target = entry.get("slug", entry.get("id"))
        return target if isinstance(target, str) else None
    return None


def entry_weight(entry: Any) -> float | None:
    if isinstance(entry, dict):
        w = entry.get("weight")
        if isinstance(w, (int, float)) and not isinstance(w, bool):
            return float(w)
    return None


def declared_entry_form(data: Any, keys: tuple[str, ...]) -> EntryForm:
    """The form the file's layout declares for a new entry of the relationship list at ``keys``."""
    layout = layout_of(data)
    f = layout.field(keys)  # the file's own layout only: the other one's form is what must not leak in
    if f is not None and f.entry_form is not None:
        return f.entry_form
    return BARE_ID if layout is LEGACY and len(keys) == 1 else SLUG_WEIGHT


def new_entry(
    existing: list, slug: str, weight: float, pattern_id: str | None = None, declared: EntryForm | None = None
) -> Any:
    """A new relationship entry in the form the list's entries use (or ``declared`` for an empty list):
    the pattern's id in an id list, its slug elsewhere. None when an id is needed and not known."""
    return entries.new_entry(entries.list_form(existing, declared), slug, pattern_id, weight)


def pillar_mean(assessment: Any) -> float | None:
    """round(mean of the seven pillars and vitality, 1), as the spec computes overall_score."""
    if not isinstance(assessment, dict):
        return None
    values = [assessment.get(k) for k in (*PILLARS, "vitality")]
    numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if len(numbers) != len(values):
        return None
    return round(sum(numbers) / len(numbers), 1)


def unknown_keys(data: Any) -> list[tuple[str, ...]]:
    """Keys neither layout declares: kept in the file, shown under "Other fields"."""
    found: list[tuple[str, ...]] = []
    layout = layout_of(data)

    def walk(value: Any, fields: tuple[Field, ...], keys: tuple[str, ...]) -> None:
        if not isinstance(value, dict):
            return
        for k, v in value.items():
            f = next((f for f in fields if f.key == k), None)
            if f is None and not keys:
                other = LEGACY if layout is V7 else V7
                f = next((f for f in other.fields if f.key == k), None)
            if f is None:
                found.append(keys + (str(k),))
            elif isinstance(f.type, Map):
                walk(v, f.children, keys + (k,))

    walk(data, layout.fields, ())
    return found


class SchemaHints(EditHints):
    """Tells the document the schema's key order and the seed's writing style for new keys."""

    def key_order(self, parent: tuple[str, ...], data: Any = None) -> list[str] | None:
        return layout_of(data).order(parent)

    def style(self, keys: tuple[str, ...], data: Any = None) -> Style | None:
        f = field_for(data, keys)
        return f.style if f else None


HINTS = SchemaHints()


def open_pattern(path) -> Document:
    """Load a pattern file with the schema's hints for new keys."""
    return Document.load(path, HINTS)
