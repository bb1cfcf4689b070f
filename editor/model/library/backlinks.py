"""One pattern's links panel, model side: who links to it, and who names it without a link.

Inbound links cover both layouts: ``LibraryIndex.inbound`` matches the pattern's slug and its
``pat_`` id, so older-layout id lists count. Unlinked mentions come from the warm
``mentions.MentionIndex``: other patterns whose body names this pattern's title or an alias
(case-insensitive, whole words) while no curated relationship joins the two either way.
"""

from __future__ import annotations

from dataclasses import dataclass

from editor.model.library.index import LibraryIndex
from editor.model.library.mentions import mention_index


@dataclass(frozen=True)
class Inbound:
    slug: str  # the pattern whose file holds the link
    type: str | None
    weight: float | None
    inferred: bool = False
    target: str = ""  # the link as written: the slug, or the pat_ id in an older-layout list

    def as_dict(self) -> dict:
        return {"slug": self.slug, "type": self.type, "weight": self.weight}


@dataclass(frozen=True)
class Unlinked:
    slug: str  # the pattern whose body names ours
    line: int  # 1-based line in that file
    name: str  # the title or alias it names
    path: str

    def as_dict(self) -> dict:
        return {"slug": self.slug, "line": self.line}


def inbound_links(index: LibraryIndex, slug: str, inferred: bool = False) -> list[Inbound]:
    """Curated (and with ``inferred`` graph-garden) links from other patterns to ``slug``."""
    return [
        Inbound(link.source, link.type, link.weight, link.inferred, link.target)
        for link in index.inbound(slug, inferred)
        if link.source != slug
    ]


def linked_slugs(index: LibraryIndex, slug: str) -> set[str]:
    """Patterns joined to ``slug`` by a curated relationship, in either direction."""
    out = {link.slug for link in inbound_links(index, slug)}
    entry = index.get(slug)
    if entry is not None:
        for _, target, _ in entry.relationships:
            resolved = index.resolve(target)
            if resolved is not None:
                out.add(resolved)
    out.discard(slug)
    return out


def names_of(index: LibraryIndex, slug: str) -> list[str]:
    """The title and aliases a body may use for ``slug``."""
    entry = index.get(slug)
    if entry is None:
        return []
    return [n for n in (entry.title, *entry.aliases) if n]


def unlinked_mentions(index: LibraryIndex, slug: str) -> list[Unlinked]:
    """Other patterns naming ``slug`` in their body with no relationship between the two, by slug."""
    names = names_of(index, slug)
    if not names:
        return []
    linked = linked_slugs(index, slug)
    out = []
    for path, line, name in mention_index(index).find(names):
        entry = index.by_path(path)
        if entry is None or entry.slug == slug or entry.slug in linked:
            continue
        out.append(Unlinked(entry.slug, line, name, path))
    out.sort(key=lambda u: (u.slug, u.line))
    return out
