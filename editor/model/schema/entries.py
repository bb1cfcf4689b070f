"""The forms a relationship entry takes, and a new entry written in the form its list uses.

Spec v7.1 writes ``{slug, weight}`` maps; some grouped files write ``{id: <slug>, weight}`` or bare
slugs; the older flat layout lists bare ``pat_`` ids. A new entry copies the form of the entries
already in its list, or the form the layout declares for an empty list, so adding a link never
turns an id list into a slug list or a legacy list into v7.1 maps.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

ID_PREFIX = "pat_"


@dataclass(frozen=True)
class EntryForm:
    """How one relationship entry is written."""

    bare: bool  # a plain string, not a map
    key: str  # the map key naming the target ("slug" or "id"); "" when bare
    by_id: bool  # the target is a pat_ id rather than a slug
    weight: bool  # the map carries a weight

    @property
    def label(self) -> str:
        target = "pattern id" if self.by_id else "slug"
        if self.bare:
            return f"a bare {target}"
        return (
            "{"
            + ", ".join([self.key, *(["weight"] if self.weight else [])])
            + "}"
            + (" holding a pattern id" if self.by_id else "")
        )


SLUG_WEIGHT = EntryForm(bare=False, key="slug", by_id=False, weight=True)  # spec v7.1
BARE_ID = EntryForm(bare=True, key="", by_id=True, weight=False)  # the older flat layout


def is_id(target: Any) -> bool:
    return isinstance(target, str) and target.startswith(ID_PREFIX)


def form_of(entry: Any) -> EntryForm | None:
    """The form of one entry, or None for something that is not an entry (a number, a list)."""
    if isinstance(entry, str):
        return EntryForm(True, "", is_id(entry), False)
    if isinstance(entry, dict):
        key = "slug" if "slug" in entry else "id" if "id" in entry else None
        if key is None:
            return None
        return EntryForm(False, key, is_id(entry[key]), "weight" in entry)
    return None


def list_form(entries: list, declared: EntryForm | None = None) -> EntryForm:
    """The form a new entry of this list takes: the one most of its entries use, else the declared one."""
    forms = Counter(f for f in map(form_of, entries) if f is not None)
    if forms:
        best = max(forms.values())
        # on a tie, the form of the last such entry: the neighbour the new entry is written after
        return next(f for f in reversed([form_of(e) for e in entries]) if f is not None and forms[f] == best)
    return declared or SLUG_WEIGHT


def new_entry(form: EntryForm, slug: str, pattern_id: str | None, weight: float) -> Any:
    """A new entry pointing at ``slug`` in ``form``; None when the form links by id and none is known."""
    target = pattern_id if form.by_id else slug
    if not target:
        return None
    if form.bare:
        return target
    entry: dict[str, Any] = {form.key: target}
    if form.weight:
        entry["weight"] = weight
    return entry
