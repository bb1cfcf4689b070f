"""Drilling into one domain, and placing the overview's domains: igraph's Fruchterman-Reingold.

igraph (a C library; no numpy) lays out the domain's subgraph, weighted by the curated links
between each pair, from a fixed start (the nodes on a circle, in sorted order) with igraph's random
numbers seeded: the same library gives the same picture on every run. Positions are centred and
scaled so the widest extent is ``size``.

igraph holds the GIL while it computes, so a thread alone does not keep a GUI responsive: the
window hands :func:`fr_layout` (a plain top-level function of picklable arguments) to a process
through ``run``. :func:`domain_layout` caches its result in ``index.extras``, keyed by the
domain's sorted (slug, mtime) pairs, so a repaint or a drill back in costs a dict look-up.
"""

from __future__ import annotations

import math
import random
import threading
from collections.abc import Callable, Iterable
from typing import Any

import igraph
import networkx as nx

from editor.model.library.index import LibraryIndex
from editor.model.library.overview import Overview, group_of

Point = tuple[float, float]
MAX_ITER = 300  # FR iterations (igraph's default is 500; 300 settles a 500-node domain)
Runner = Callable[..., list[Point]]
_RNG_LOCK = threading.Lock()  # igraph's random numbers are process-wide


def domain_members(index: LibraryIndex, domain: str, by: str = "domain") -> list[str]:
    """The slugs of the patterns in ``domain`` (or community), sorted."""
    return sorted(e.slug for e in index if e.error is None and index.get(e.slug) is e and group_of(e, by) == domain)


def domain_graph(index: LibraryIndex, domain: str, by: str = "domain", inferred: bool = False) -> nx.Graph:
    """Undirected graph of the domain's patterns; edge ``weight`` sums the curated links between a pair."""
    members = domain_members(index, domain, by)
    inside = set(members)
    g = nx.Graph()
    g.add_nodes_from(members)
    for slug in members:
        entry = index.get(slug)
        assert entry is not None
        links = list(entry.relationships) + (list(entry.inferred) if inferred else [])
        for _, raw, weight in links:
            other = index.resolve(raw)
            if other is None or other == slug or other not in inside:
                continue
            w = float(weight) if isinstance(weight, (int, float)) else 1.0
            if g.has_edge(slug, other):
                g[slug][other]["weight"] += w
            else:
                g.add_edge(slug, other, weight=w)
    return g


def fr_layout(n: int, edges: list[tuple[int, int]], weights: list[float], seed: int, niter: int) -> list[Point]:
    """igraph's Fruchterman-Reingold over nodes 0..n-1, started from a circle, random numbers seeded."""
    if n == 0:
        return []
    if n == 1:
        return [(0.0, 0.0)]
    g = igraph.Graph(n=n, edges=edges)
    start = [(math.cos(2 * math.pi * i / n), math.sin(2 * math.pi * i / n)) for i in range(n)]
    with _RNG_LOCK:
        igraph.set_random_number_generator(random.Random(seed))
        try:
            layout = g.layout_fruchterman_reingold(
                weights=weights or None, niter=niter, seed=start, grid="grid" if n > 300 else "nogrid"
            )
        finally:
            igraph.set_random_number_generator(random)
    return [(float(x), float(y)) for x, y in layout.coords]


def graph_layout(
    g: nx.Graph, *, seed: int = 0, max_iter: int = MAX_ITER, run: Runner | None = None
) -> dict[Any, Point]:
    """FR positions of a networkx graph's nodes (in ``g``'s node order), through ``run`` if given."""
    nodes = list(g)
    at = {node: i for i, node in enumerate(nodes)}
    edges = [(at[u], at[v]) for u, v in g.edges()]
    weights = [float(d.get("weight", 1.0)) for _, _, d in g.edges(data=True)]
    coords = (run or fr_layout)(len(nodes), edges, weights, seed, max_iter)
    return dict(zip(nodes, coords))


def _normalise(pos: dict[Any, Point], size: float) -> dict[Any, Point]:
    """Centred on the origin and scaled so the widest extent is ``size``; rounded to 0.01."""
    if not pos:
        return {}
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    extent = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    scale = size / extent if len(pos) > 1 else 0.0
    return {n: (round((x - cx) * scale, 2), round((y - cy) * scale, 2)) for n, (x, y) in pos.items()}


def layout_key(index: LibraryIndex, slugs: Iterable[str]) -> tuple:
    """What the layout of these patterns depends on: their files' slugs and mtimes."""
    out = []
    for slug in slugs:
        entry = index.get(slug)
        out.append((slug, entry.mtime_ns if entry is not None else 0))
    return tuple(out)


def cached_layout(index: LibraryIndex, domain: str, by: str = "domain", **params: Any) -> dict[str, Point] | None:
    """The cached layout of ``domain`` if the library has not changed since (no work otherwise)."""
    key = _key(index, domain, by, params)
    found = index.extras.get("domain_layouts", {}).get((by, domain))
    return dict(found[1]) if found is not None and found[0] == key else None


def _key(index: LibraryIndex, domain: str, by: str, params: dict) -> tuple:
    seed, size, max_iter = params.get("seed", 0), params.get("size", 1000.0), params.get("max_iter", MAX_ITER)
    return (by, domain, seed, size, max_iter, layout_key(index, domain_members(index, domain, by)))


def domain_layout(
    index: LibraryIndex,
    domain: str,
    by: str = "domain",
    *,
    seed: int = 0,
    size: float = 1000.0,
    max_iter: int = MAX_ITER,
    run: Runner | None = None,
) -> dict[str, Point]:
    """Positions of ``domain``'s patterns (igraph FR, seeded), scaled to ``size``; cached per library state.

    ``run(n, edges, weights, seed, niter)`` computes :func:`fr_layout` elsewhere (a process)."""
    key = _key(index, domain, by, {"seed": seed, "size": size, "max_iter": max_iter})
    cache: dict = index.extras.setdefault("domain_layouts", {})
    found = cache.get((by, domain))
    if found is not None and found[0] == key:
        return dict(found[1])
    g = domain_graph(index, domain, by)
    pos = _normalise(graph_layout(g, seed=seed, max_iter=max_iter, run=run), size)
    cache[(by, domain)] = (key, pos)
    return dict(pos)


# ---------------------------------------------------------------- the overview's own layout


def overview_layout(
    overview: Overview, *, seed: int = 0, size: float = 1000.0, radii: dict[str, float] | None = None
) -> dict[str, Point]:
    """Where the overview's groups go: FR on the group graph weighted by bundle counts (a circle for
    three linked groups or fewer), scaled to ``size``; circles of ``radii`` that overlap are then
    pushed apart along the line between their centres, so no bubble hides another. Groups linked to
    no other wait in a row under the picture, largest first, instead of drifting to its edges."""
    radii = radii or {}
    linked = {n for s, t, _ in overview.edges for n in (s, t)}
    names = [name for name, _ in overview.nodes if name in linked]
    alone = [name for name, _ in overview.nodes if name not in linked]
    if len(names) <= 3:
        n = max(1, len(names))
        ring = {
            name: (math.cos(-math.pi / 2 + 2 * math.pi * i / n), math.sin(-math.pi / 2 + 2 * math.pi * i / n))
            for i, name in enumerate(names)
        }
        pos = _normalise(ring, size * 0.5) if len(names) > 1 else dict.fromkeys(names, (0.0, 0.0))
    else:
        g = nx.Graph()
        g.add_nodes_from(names)
        for s, t, count in overview.edges:
            g.add_edge(s, t, weight=math.log1p(count))
        pos = _normalise(graph_layout(g, seed=seed, max_iter=500), size)
    if radii:
        pos = _separate(pos, radii, gap=size * 0.025)
    bottom = max((y + radii.get(n, 0.0) for n, (_, y) in pos.items()), default=0.0) + size * 0.08
    left = min((x - radii.get(n, 0.0) for n, (x, _) in pos.items()), default=-size / 2)
    right = max((x + radii.get(n, 0.0) for n, (x, _) in pos.items()), default=size / 2)
    x, row_height = left, 0.0
    for name in alone:
        r = radii.get(name, 10.0)
        if x + 2 * r > right and x > left:
            x, bottom = left, bottom + row_height + size * 0.06
            row_height = 0.0
        pos[name] = (round(x + r, 2), round(bottom + r, 2))
        x += 2 * r + size * 0.09  # room for the name under it
        row_height = max(row_height, 2 * r)
    return pos


def _separate(pos: dict[str, Point], radii: dict[str, float], gap: float, passes: int = 60) -> dict[str, Point]:
    names = list(pos)
    xy = {n: list(pos[n]) for n in names}
    for _ in range(passes):
        moved = False
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                dx, dy = xy[b][0] - xy[a][0], xy[b][1] - xy[a][1]
                d = math.hypot(dx, dy)
                want = radii.get(a, 0.0) + radii.get(b, 0.0) + gap
                if d >= want:
                    continue
                if d == 0:
                    dx, dy, d = 1.0, 0.0, 1.0
                push = (want - d) / 2
                ux, uy = dx / d * push, dy / d * push
                xy[a][0] -= ux
                xy[a][1] -= uy
                xy[b][0] += ux
                xy[b][1] += uy
                moved = True
        if not moved:
            break
    return {n: (round(x, 2), round(y, 2)) for n, (x, y) in xy.items()}
