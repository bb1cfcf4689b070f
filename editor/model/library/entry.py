"""What the library index keeps per pattern file: an ``Entry`` and the ``Link``s it writes.

Entries are plain records (tuples in the cache and across worker processes); a file that cannot
be read or parsed is still an entry, with its error.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from editor.model.errors import PatternError


class Link(NamedTuple):
    """One edge as written in ``source``'s file. ``target`` is the raw value (slug or pat_ id)."""

    source: str
    target: str
    type: str | None
    weight: float | None  # relationship weight, or an inferred link's confidence
    inferred: bool


@dataclass(slots=True)
class Entry:
    """What the index knows about one pattern file. Unparseable files have ``error`` set."""

    path: str
    slug: str  # the frontmatter's slug, else the file stem
    id: str | None
    title: str
    aliases: tuple[str, ...]
    summary: str
    status: str | None
    layout: str  # "v7.1" | "legacy" | "" (unparseable)
    domain: str | None  # the topical domain: ontology.domain or legacy classification.domain
    domains: tuple[str, ...]  # domain, cross domains and commons domains, without repeats
    scores: dict[str, float]  # pillars, vitality, overall_score; legacy commons_alignment
    relationships: tuple[tuple[str, str, float | None], ...]  # (type, target, weight)
    inferred: tuple[tuple[str | None, str, float | None], ...]  # (type, target, confidence)
    communities: tuple[str, ...]  # graph_garden community ids
    size: int
    mtime_ns: int
    error: tuple[str, int, int] | None = None  # (message, line, column) when the file is unparseable
    commons: tuple[str, ...] = ()  # commons domains: ontology.commons_domain, legacy classification.commons_domain

    @property
    def name(self) -> str:
        return os.path.basename(self.path)

    @property
    def stem(self) -> str:
        return self.name[:-3] if self.name.endswith(".md") else self.name

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def overall(self) -> float | None:
        return self.scores.get("overall_score")

    @property
    def display_title(self) -> str:
        return self.title or self.slug

    @property
    def error_text(self) -> str | None:
        """``file:line:col: message`` for an unparseable file."""
        if self.error is None:
            return None
        return str(PatternError(self.error[0], self.path, self.error[1], self.error[2]))

    def links(self) -> Iterator[Link]:
        for rel_type, target, weight in self.relationships:
            yield Link(self.slug, target, rel_type, weight, False)
        for rel_type, target, confidence in self.inferred:
            yield Link(self.slug, target, rel_type, confidence, True)

    def to_tuple(self) -> tuple:
        return (
            self.path,
            self.slug,
            self.id,
            self.title,
            self.aliases,
            self.summary,
            self.status,
            self.layout,
            self.domain,
            self.domains,
            self.scores,
            self.relationships,
            self.inferred,
            self.communities,
            self.size,
            self.mtime_ns,
            self.error,
            self.commons,
        )

    @classmethod
    def from_tuple(cls, t: tuple) -> Entry:
        return cls(*t)


def broken(path: str, size: int, mtime_ns: int, message: str, line: int, column: int) -> Entry:
    """The entry of a file that cannot be read or parsed: its stem as slug, and the error."""
    stem = os.path.basename(path)
    stem = stem[:-3] if stem.endswith(".md") else stem
    return Entry(
        path, stem, None, "", (), "", None, "", None, (), {}, (), (), (), size, mtime_ns, (message, line, column)
    )
