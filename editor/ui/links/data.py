"""What the Links panel shows, gathered off the GUI thread (plain Python, no Qt).

One job answers one pattern: its inbound links with the sources' titles, its unlinked mentions
(only once the library's mention index is warm) and the suggestions that concern it. The
library-wide suggestions cost most (0.7 s at 10,000 patterns), so a job computes them once per
library state (``generation``, counted by the panel) and the next jobs reuse the list.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from editor.model.edit.bulk import AddRelationship, BulkPlan, Operation, plan_each
from editor.model.library.backlinks import inbound_links, unlinked_mentions
from editor.model.library.index import LibraryIndex
from editor.model.library.suggestions import ADD, LEGACY_LISTS, Suggestion, suggestions
from editor.model.schema.spec import RELATION_TYPES

MISSING_REVERSE = "missing-reverse"


@dataclass(frozen=True)
class InboundRow:
    slug: str
    title: str
    type: str
    weight: float | None
    path: str
    inferred: bool = False


@dataclass(frozen=True)
class MentionRow:
    slug: str
    title: str
    line: int
    name: str  # the title or alias the body names
    path: str
    layout: str  # the mentioning file's layout ("legacy" or "v7"): the types it takes


@dataclass
class PatternLinks:
    slug: str
    title: str
    path: str
    layout: str
    inbound: list[InboundRow] = field(default_factory=list)
    mentions: list[MentionRow] | None = None  # None: the mention index is not warm yet
    suggestions: list[Suggestion] = field(default_factory=list)
    generation: int = -1
    library: list[Suggestion] = field(default_factory=list)  # every suggestion, for the cache


def types_for(layout: str) -> list[str]:
    """The typed relationship lists a file of this layout holds (the older layout's untyped
    ``related`` list is not offered: bulk edits add only typed relationships)."""
    return list(LEGACY_LISTS) if layout == "legacy" else list(RELATION_TYPES)


def default_type(layout: str) -> str:
    """A mention says the two belong together, not how: the most neutral type the layout has."""
    return "enables" if layout == "legacy" else "complementary"


def concerns(suggestion: Suggestion, slug: str) -> bool:
    return suggestion.slug == slug or suggestion.target == slug or slug in suggestion.cycle


def pattern_links(
    index: LibraryIndex,
    slug: str,
    generation: int,
    cached: list[Suggestion] | None,
    with_mentions: bool,
) -> PatternLinks | None:
    """Everything the panel lists for ``slug``; None when the library does not hold it."""
    entry = index.get(slug)
    if entry is None:
        return None

    def title(other: str) -> str:
        found = index.get(other)
        return found.display_title if found is not None else other

    every = cached if cached is not None else suggestions(index)
    out = PatternLinks(slug, entry.display_title, entry.path, entry.layout, generation=generation, library=every)
    for link in inbound_links(index, slug):
        source = index.get(link.slug)
        path = source.path if source is not None else ""
        out.inbound.append(InboundRow(link.slug, title(link.slug), link.type or "", link.weight, path, link.inferred))
    out.inbound.sort(key=lambda r: (r.title.lower(), r.type))
    if with_mentions:
        out.mentions = []
        for hit in unlinked_mentions(index, slug):
            other = index.get(hit.slug)
            layout = other.layout if other is not None else ""
            out.mentions.append(MentionRow(hit.slug, title(hit.slug), hit.line, hit.name, hit.path, layout))
    out.suggestions = [s for s in every if concerns(s, slug)]
    return out


@dataclass
class LibrarySuggestions:
    generation: int
    suggestions: list[Suggestion]
    titles: dict[str, str]


def library_suggestions(index: LibraryIndex, generation: int, cached: list[Suggestion] | None) -> LibrarySuggestions:
    every = cached if cached is not None else suggestions(index)
    titles = {}
    for s in every:
        for slug in (s.slug, s.target, *s.cycle):
            if slug and slug not in titles:
                entry = index.get(slug)
                titles[slug] = entry.display_title if entry is not None else slug
    return LibrarySuggestions(generation, every, titles)


def reverse_link_plan(index: LibraryIndex, found: list[Suggestion]) -> BulkPlan:
    """Every missing reverse link as one plan (each file with its own additions), nothing written."""
    per_file: dict[Path, list[Operation]] = defaultdict(list)
    for s in found:
        if s.kind == MISSING_REVERSE and s.action == ADD and s.rel_type and s.target:
            op = AddRelationship(s.rel_type, s.target, s.weight if s.weight is not None else 0.8)
            if op not in per_file[Path(s.path)]:
                per_file[Path(s.path)].append(op)
    count = sum(len(ops) for ops in per_file.values())
    title = f"Add {count} missing reverse link{'s' if count != 1 else ''}"
    return plan_each(sorted(per_file.items()), index, title=title)
