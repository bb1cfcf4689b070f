"""Colour by a field: a palette for words (status, domain, layout, …), a gradient for numbers
(overall score, the pillars, confidence). Values come from the query store, through the schema's
aliases, so both layouts answer; a group of the overview takes its patterns' mean or commonest value."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from typing import Any

from PySide6.QtGui import QColor

from editor.model.library.index import LibraryIndex
from editor.model.query import lookup, query_store
from editor.model.schema.aliases import ALIASES
from editor.ui.common.richtext import mix
from editor.ui.common.theme import colors

PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#8cd17d",
    "#499894",
    "#d37295",
    "#a0cbe8",
    "#ffbe7d",
    "#86bcb6",
    "#f1ce63",
)
LOW, HIGH = "#d7301f", "#1a9850"  # a red-to-green gradient (a low score reads as a warning)
NOT_FIELDS = {"id", "slug", "title", "aliases", "summary"}


def fields() -> list[tuple[str, str]]:
    """(label, key) for the "Colour by" combo: domain, status, overall, layout, then every alias."""
    first = [("Domain", "domain"), ("Status", "status"), ("Overall score", "overall"), ("Layout", "layout")]
    keys = {k for _, k in first}
    rest = [(k.replace("_", " ").capitalize(), k) for k in ALIASES if k not in keys and k not in NOT_FIELDS]
    return first + rest


def cluster_colour(name: str | None) -> QColor:
    if not name:
        return QColor("#9aa4ae")
    digest = int(hashlib.sha1(name.encode("utf-8")).hexdigest()[:8], 16)
    return QColor(PALETTE[digest % len(PALETTE)])


def value_of(index: LibraryIndex, slug: str, key: str) -> Any:
    entry = index.get(slug)
    if entry is None:
        return None
    if key == "layout":
        return entry.layout or None
    if key == "domain":
        return entry.domain
    subject = query_store(index).subject(entry)
    value = lookup(subject, key) if subject is not None else None
    if isinstance(value, list):
        value = value[0] if value else None
    return value


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _gradient(x: float, lo: float, hi: float) -> QColor:
    share = 0.5 if hi <= lo else (x - lo) / (hi - lo)
    return QColor(mix(HIGH, LOW, share))


class Colouring:
    """Values of one field for some patterns, and the colours they get; ``legend`` explains them."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values
        present = [v for v in values.values() if v is not None]
        numbers = [_number(v) for v in present]
        self.numeric = bool(present) and all(n is not None for n in numbers)
        if self.numeric:
            nums = [n for n in numbers if n is not None]
            self.lo, self.hi = min(nums), max(nums)
        self.counts = Counter(str(v) for v in present)

    def colour(self, value: Any) -> QColor:
        if value is None:
            return QColor(colors().muted)
        if self.numeric:
            n = _number(value)
            return _gradient(n, self.lo, self.hi) if n is not None else QColor(colors().muted)
        return cluster_colour(str(value))

    def colours(self) -> dict[str, QColor]:
        return {slug: self.colour(v) for slug, v in self.values.items()}

    def group_colours(self, members: dict[str, Iterable[str]]) -> dict[str, QColor]:
        """A group's colour: its patterns' mean (numbers) or commonest value (words)."""
        out = {}
        for group, slugs in members.items():
            vals = [self.values.get(s) for s in slugs]
            vals = [v for v in vals if v is not None]
            if not vals:
                out[group] = QColor(colors().muted)
            elif self.numeric:
                nums = [n for n in map(_number, vals) if n is not None]
                out[group] = self.colour(sum(nums) / len(nums))
            else:
                out[group] = self.colour(Counter(str(v) for v in vals).most_common(1)[0][0])
        return out

    def legend(self, limit: int = 8) -> list[tuple[str, str]]:
        """(text, #colour) rows: the gradient's ends, or the commonest values with their counts."""
        if self.numeric:
            mid = (self.lo + self.hi) / 2
            return [(f"{v:g}", self.colour(v).name()) for v in (self.hi, mid, self.lo)]
        rows = [(f"{v} ({n})", cluster_colour(v).name()) for v, n in self.counts.most_common(limit)]
        if len(self.counts) > limit:
            rows.append((f"… {len(self.counts) - limit} more", colors().muted))
        return rows


def colouring(index: LibraryIndex, slugs: Iterable[str], key: str) -> Colouring:
    return Colouring({slug: value_of(index, slug, key) for slug in slugs})
