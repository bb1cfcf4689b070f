"""Consistency suggestions for a curator: missing reverse links, ``requires`` cycles, orphans.

Each ``Suggestion`` names the file it concerns; an ``add`` suggestion also carries the edit it
would make (relationship type, target slug, weight) so the GUI can apply it through a bulk-edit
"add relationship" operation, or :func:`apply_suggestion` here as a minimal diff of one file:
the new entry is appended in the list's own form (v7.1 ``{slug, weight}`` maps, ``{id, ...}``
maps, bare slugs, or the older layout's ``pat_`` ids), nothing else in the file moves.
"""

from __future__ import annotations

import itertools
from dataclasses import asdict, dataclass
from typing import Any

import networkx as nx

from editor.model.document.change import Change
from editor.model.document.document import Document
from editor.model.errors import EditError
from editor.model.library.index import Entry, LibraryIndex
from editor.model.schema import HINTS, LEGACY, declared_entry_form, entry_target, layout_of, new_entry
from editor.model.schema.reverse import reverse_of
from editor.model.schema.spec import RELATION_TYPES

ADD, REVIEW = "add", "review"
LEGACY_LISTS = ("generalizes_from", "specializes_to", "enables", "requires")  # the older layout's typed lists
DEFAULT_WEIGHT = 0.8


@dataclass(frozen=True)
class Suggestion:
    kind: str  # "missing-reverse" | "requires-cycle" | "orphan"
    message: str
    slug: str  # the pattern whose file would change (or that the suggestion is about)
    path: str  # that file
    action: str = REVIEW  # ADD: the edit below applies; REVIEW: a curator decides
    rel_type: str | None = None  # the relationship list to append to
    target: str | None = None  # the slug the new entry points at
    weight: float | None = None
    cycle: tuple[str, ...] = ()  # requires-cycle: the slugs in order, each requiring the next

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["cycle"] = list(self.cycle)
        return out


def _ok(index: LibraryIndex, slug: str | None) -> Entry | None:
    entry = index.get(slug) if slug else None
    return entry if entry is not None and entry.error is None else None


def _takes(entry: Entry, rel_type: str) -> bool:
    """Whether ``entry``'s layout has a list of this type."""
    return rel_type in (LEGACY_LISTS if entry.layout == "legacy" else RELATION_TYPES)


def _round(weight: float | None) -> float:
    return round(weight, 2) if isinstance(weight, (int, float)) else DEFAULT_WEIGHT


def missing_reverse(index: LibraryIndex) -> list[Suggestion]:
    """For every A --type--> B whose type implies a reverse, B lacking that reverse link back to A."""
    out: list[Suggestion] = []
    seen: set[tuple[str, str, str]] = set()
    for a in index:
        if a.error is not None or index.get(a.slug) is not a:
            continue
        for rel_type, raw, weight in a.relationships:
            back = reverse_of(rel_type)
            b = _ok(index, index.resolve(raw)) if back else None
            if b is None or back is None or b.slug == a.slug or not _takes(b, back):
                continue
            if (b.slug, back, a.slug) in seen:
                continue
            if any(t == back and index.resolve(tgt) == a.slug for t, tgt, _ in b.relationships):
                continue
            seen.add((b.slug, back, a.slug))
            out.append(
                Suggestion(
                    "missing-reverse",
                    f"{a.slug} lists {b.slug} under {rel_type}; add {a.slug} to {b.slug}'s {back}",
                    b.slug,
                    b.path,
                    ADD,
                    back,
                    a.slug,
                    _round(weight),
                )
            )
    out.sort(key=lambda s: (s.slug, s.rel_type or "", s.target or ""))
    return out


def requires_cycles(index: LibraryIndex, max_length: int = 8, limit: int = 200) -> list[Suggestion]:
    """Cycles of ``requires`` links (at most ``limit``, each of at most ``max_length`` patterns)."""
    g = nx.DiGraph()
    for entry in sorted(index, key=lambda e: e.slug):
        if entry.error is not None:
            continue
        for rel_type, raw, _ in entry.relationships:
            target = index.resolve(raw)
            if rel_type == "requires" and target is not None and target != entry.slug:
                g.add_edge(entry.slug, target)
    cycles = []
    for cycle in itertools.islice(nx.simple_cycles(g, length_bound=max_length), limit):
        start = cycle.index(min(cycle))
        cycles.append(tuple(cycle[start:] + cycle[:start]))
    out = []
    for cycle in sorted(set(cycles), key=lambda c: (len(c), c)):
        entry = index.get(cycle[0])
        assert entry is not None
        ring = " → ".join((*cycle, cycle[0]))
        out.append(
            Suggestion(
                "requires-cycle",
                f"requires cycle: {ring}; each needs the next in place first, so none can come first",
                cycle[0],
                entry.path,
                REVIEW,
                "requires",
                cycle[1] if len(cycle) > 1 else cycle[0],
                cycle=cycle,
            )
        )
    return out


def orphans(index: LibraryIndex) -> list[Suggestion]:
    """Patterns with no curated link to or from another pattern; the best inferred link, if any, as the fix."""
    linked: set[str] = set()
    for entry in index:
        if entry.error is not None:
            continue
        for _, raw, _ in entry.relationships:
            target = index.resolve(raw)
            if target is not None and target != entry.slug:
                linked.add(entry.slug)
                linked.add(target)
    out = []
    for entry in index:
        if entry.error is not None or entry.slug in linked or index.get(entry.slug) is not entry:
            continue
        best = max(
            (
                (conf or 0.0, t, tgt)
                for t, raw, conf in entry.inferred
                if t and _takes(entry, t) and (tgt := index.resolve(raw)) and tgt != entry.slug
            ),
            default=None,
            key=lambda c: (c[0], c[2]),
        )
        if best is None:
            out.append(
                Suggestion("orphan", f"{entry.slug} has no link to or from another pattern", entry.slug, entry.path)
            )
        else:
            conf, rel_type, target = best
            out.append(
                Suggestion(
                    "orphan",
                    f"{entry.slug} has no link to or from another pattern; "
                    f"its graph garden proposes {rel_type} {target} ({conf:g})",
                    entry.slug,
                    entry.path,
                    ADD,
                    rel_type,
                    target,
                    _round(conf),
                )
            )
    out.sort(key=lambda s: s.slug)
    return out


def suggestions(index: LibraryIndex, slug: str | None = None) -> list[Suggestion]:
    """Every suggestion, or those concerning ``slug`` (its file changes, it is the target, or in the cycle)."""
    found = [*missing_reverse(index), *requires_cycles(index), *orphans(index)]
    if slug is None:
        return found
    return [s for s in found if s.slug == slug or s.target == slug or slug in s.cycle]


# ---------------------------------------------------------------- applying


@dataclass(frozen=True)
class AddEntry:
    """One relationship entry to add: ``set`` ``keys`` to ``[entry]`` when the list is missing, else append."""

    keys: tuple[str, ...]
    entry: Any
    create: bool


def plan_add(data: Any, rel_type: str, slug: str, weight: float, pattern_id: str | None = None) -> AddEntry | None:
    """How to add ``rel_type`` → ``slug`` to a file's data in its own layout; None if already there.

    Raises ``EditError`` when the list holds something else, or needs a pattern id that is not known."""
    if not isinstance(data, dict):
        raise EditError("the frontmatter is not a mapping")
    keys = (rel_type,) if layout_of(data) is LEGACY else ("relationships", rel_type)
    node: Any = data
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    if node is not None and not isinstance(node, list):
        raise EditError(f"{'.'.join(keys)} is not a list")
    existing = node or []
    if any(entry_target(e) in (slug, pattern_id) for e in existing if entry_target(e)):
        return None
    entry = new_entry(existing, slug, _round(weight), pattern_id, declared_entry_form(data, keys))
    if entry is None:
        raise EditError(f"{'.'.join(keys)} links patterns by id, and {slug} has none")
    return AddEntry(keys, entry, node is None)


def add_relationship(
    doc: Document, rel_type: str, slug: str, weight: float, pattern_id: str | None = None
) -> Change | None:
    """Append the entry to ``doc`` (one edit, one undo step in the GUI); None if it is already there."""
    plan = plan_add(doc.data, rel_type, slug, weight, pattern_id)
    if plan is None:
        return None
    if plan.create or not doc.get(plan.keys, None):
        return doc.set(plan.keys, [plan.entry])
    return doc.append(plan.keys, plan.entry)


def apply_suggestion(text: str, suggestion: Suggestion, pattern_id: str | None = None, path: str | None = None) -> str:
    """``text`` with the suggestion's relationship added (``pattern_id``: the target's id, for id lists)."""
    if suggestion.action != ADD or suggestion.rel_type is None or suggestion.target is None:
        raise EditError(f"a {suggestion.kind} suggestion has no edit to apply", suggestion.path)
    doc = Document.from_text(text, path or suggestion.path, HINTS)
    if doc.error is not None:
        raise EditError(f"the frontmatter does not parse: {doc.error.message}", suggestion.path)
    add_relationship(doc, suggestion.rel_type, suggestion.target, suggestion.weight or DEFAULT_WEIGHT, pattern_id)
    return doc.text


def suggestion_change(index: LibraryIndex, suggestion: Suggestion) -> tuple[str, str]:
    """The suggestion's file text before and after (read now; nothing written)."""
    doc = Document.load(suggestion.path, HINTS)
    target = index.get(suggestion.target) if suggestion.target else None
    return doc.text, apply_suggestion(doc.text, suggestion, target.id if target else None)
