"""The library at a glance: one node per domain (or community), edges bundled between domains.

A pattern's domain is ``ontology.domain`` (spec v7.1) or ``classification.domain`` (older
layout), as the index keeps it in ``Entry.domain``; by community, a pattern goes to its first
graph-garden community. An edge counts the curated relationships from patterns of one group to
patterns of another; targets resolve through the index (slugs and older-layout ``pat_`` ids),
dangling ones and links inside one group are left out. Qt-free; JSON, DOT and SVG writers.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from editor.model.library.index import Entry, LibraryIndex

NO_DOMAIN = "(none)"
GROUPINGS = ("domain", "community")


@dataclass(frozen=True)
class Overview:
    """``nodes``: (group, pattern count), largest first; ``edges``: (source, target, count)."""

    by: str
    nodes: tuple[tuple[str, int], ...]
    edges: tuple[tuple[str, str, int], ...]
    members: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)  # group -> slugs

    def to_json(self) -> dict[str, Any]:
        return {
            "nodes": [{"id": name, "count": count} for name, count in self.nodes],
            "edges": [{"source": s, "target": t, "count": c} for s, t, c in self.edges],
        }


def group_of(entry: Entry, by: str = "domain") -> str:
    """The overview node a pattern belongs to."""
    if by == "community":
        return entry.communities[0] if entry.communities else NO_DOMAIN
    if by != "domain":
        raise ValueError(f"unknown grouping {by!r}: one of {', '.join(GROUPINGS)}")
    return entry.domain or NO_DOMAIN


def domain_overview(
    index: LibraryIndex, by: str = "domain", *, inferred: bool = False, directed: bool = False
) -> Overview:
    """Group counts and bundled edges. Undirected by default: each pair once, names in sorted order.

    Unparseable files and duplicate-slug losers are not counted; ``inferred`` adds graph-garden links.
    """
    group: dict[str, str] = {}
    members: dict[str, list[str]] = {}
    for entry in index:
        if entry.error is not None or index.get(entry.slug) is not entry:
            continue
        name = group_of(entry, by)
        group[entry.slug] = name
        members.setdefault(name, []).append(entry.slug)
    edges: Counter[tuple[str, str]] = Counter()
    resolve = index.resolve
    for slug, source in group.items():
        entry = index.get(slug)
        assert entry is not None
        links = [(t, target) for t, target, _ in entry.relationships]
        if inferred:
            links += [(t, target) for t, target, _ in entry.inferred]
        for _, raw in links:
            other = resolve(raw)
            target = group.get(other) if other is not None else None
            if target is None or target == source:
                continue
            pair = (source, target) if directed or source < target else (target, source)
            edges[pair] += 1
    nodes = tuple(sorted(((k, len(v)) for k, v in members.items()), key=lambda kv: (-kv[1], kv[0])))
    bundles = tuple(sorted(((s, t, c) for (s, t), c in edges.items()), key=lambda e: (-e[2], e[0], e[1])))
    return Overview(by, nodes, bundles, {k: tuple(sorted(v)) for k, v in members.items()})


# ---------------------------------------------------------------- writers


def _dot_id(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def to_dot(overview: Overview, name: str = "overview") -> str:
    """Graphviz DOT: node size and pen width grow with the counts."""
    top = max((c for _, c in overview.nodes), default=1)
    heaviest = max((c for *_, c in overview.edges), default=1)
    lines = [f"graph {_dot_id(name)} {{", "  node [shape=circle, fixedsize=true];"]
    for node, count in overview.nodes:
        width = 0.4 + 1.6 * math.sqrt(count / top)
        lines.append(f"  {_dot_id(node)} [label={_dot_id(f'{node} ({count})')}, count={count}, width={width:.2f}];")
    for s, t, count in overview.edges:
        lines.append(
            f"  {_dot_id(s)} -- {_dot_id(t)} [count={count}, penwidth={0.5 + 4 * count / heaviest:.2f}, label={count}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def circle_positions(overview: Overview, radius: float = 300.0) -> dict[str, tuple[float, float]]:
    """The groups on a circle, largest at the top, clockwise: deterministic."""
    n = len(overview.nodes)
    return {
        name: (
            round(radius * math.cos(-math.pi / 2 + 2 * math.pi * i / n), 2),
            round(radius * math.sin(-math.pi / 2 + 2 * math.pi * i / n), 2),
        )
        for i, (name, _) in enumerate(overview.nodes)
    }


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def to_svg(overview: Overview, size: int = 900) -> str:
    """A standalone SVG: groups on a circle sized by count, edges as lines as thick as their bundle.

    Written by hand because nothing Qt-free here renders SVG (networkx draws through matplotlib)."""
    radius = size * 0.36
    pos = circle_positions(overview, radius)
    top = max((c for _, c in overview.nodes), default=1)
    heaviest = max((c for *_, c in overview.edges), default=1)
    half = size / 2
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="{-half} {-half} {size} {size}" font-family="sans-serif" font-size="11">',
        f'<rect x="{-half}" y="{-half}" width="{size}" height="{size}" fill="white"/>',
        '<g stroke="#4a6fa5" stroke-opacity="0.45" stroke-linecap="round">',
    ]
    for s, t, count in overview.edges:
        (x1, y1), (x2, y2) = pos[s], pos[t]
        out.append(
            f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke-width="{0.5 + 8 * count / heaviest:.2f}">'
            f"<title>{_esc(s)} – {_esc(t)}: {count}</title></line>"
        )
    out.append("</g>")
    out.append('<g fill="#f0a030" stroke="#7a4a00">')
    for name, count in overview.nodes:
        x, y = pos[name]
        r = 4 + 26 * math.sqrt(count / top)
        out.append(f'<circle cx="{x}" cy="{y}" r="{r:.2f}"><title>{_esc(name)}: {count}</title></circle>')
    out.append("</g>")
    out.append('<g fill="#222">')
    for name, count in overview.nodes:
        x, y = pos[name]
        anchor = "start" if x > 1 else "end" if x < -1 else "middle"
        dx = 34 if x > 1 else -34 if x < -1 else 0
        out.append(f'<text x="{x + dx:.2f}" y="{y + 4:.2f}" text-anchor="{anchor}">{_esc(name)} ({count})</text>')
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"
