"""Drilling into one domain: its patterns laid out force-directed (ForceAtlas2), cached per library state.

With numpy importable, networkx's ``forceatlas2_layout`` does the work (seeded: deterministic).
numpy is not a dependency of the editor and the frozen app excludes it (its ~35 MB do not fit the
150 MB bundle budget), so without it the same algorithm runs in plain Python: ForceAtlas2's
forces as networkx writes them (attraction along weighted links, repulsion by (degree + 1)
masses, gravity to the centre, adaptive per-node speed), exact (no Barnes-Hut), with repulsion
summed through complex numbers: sum(m_j / (p_i - p_j)) is the repulsion's conjugate.

Call :func:`domain_layout` off the GUI thread; its result is cached in ``index.extras``, keyed by
the domain's sorted (slug, mtime) pairs, so a repaint or a drill back in costs a dict look-up.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from operator import truediv
from typing import Any

import networkx as nx

from editor.model.library.index import LibraryIndex
from editor.model.library.overview import group_of

Point = tuple[float, float]
MAX_ITER = 100
# Plain Python pays ~0.1 us per node pair and iteration: past this many pair-iterations the
# port stops early (300 nodes: 44 iterations, about 0.5 s) so a drill-in stays under a second.
PY_PAIR_BUDGET = 4_000_000


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


def forceatlas2(
    g: nx.Graph,
    *,
    seed: int = 0,
    max_iter: int = MAX_ITER,
    scaling_ratio: float = 2.0,
    gravity: float = 1.0,
    jitter_tolerance: float = 1.0,
    use_numpy: bool | None = None,
) -> dict[Any, Point]:
    """ForceAtlas2 positions: networkx's (numpy) when available, else the plain-Python port."""
    if len(g) == 0:
        return {}
    if use_numpy is None:
        try:
            import numpy  # noqa: F401
        except ImportError:
            use_numpy = False
        else:
            use_numpy = True
    if use_numpy:
        pos = nx.forceatlas2_layout(
            g,
            max_iter=max_iter,
            scaling_ratio=scaling_ratio,
            gravity=gravity,
            jitter_tolerance=jitter_tolerance,
            weight="weight",
            seed=seed,
        )
        return {n: (float(p[0]), float(p[1])) for n, p in pos.items()}
    max_iter = min(max_iter, max(20, PY_PAIR_BUDGET // (len(g) * len(g))))
    return _forceatlas2_py(g, seed, max_iter, scaling_ratio, gravity, jitter_tolerance)


def _forceatlas2_py(
    g: nx.Graph, seed: int, max_iter: int, scaling_ratio: float, gravity: float, jitter_tolerance: float
) -> dict[Any, Point]:
    nodes = list(g)
    n = len(nodes)
    at = {node: i for i, node in enumerate(nodes)}
    rng = random.Random(seed)
    pos = [complex(rng.random(), rng.random()) for _ in nodes]
    mass = [g.degree(node) + 1.0 for node in nodes]
    edges = [(at[u], at[v], float(d.get("weight", 1.0))) for u, v, d in g.edges(data=True)]
    previous = [0j] * n
    speed, efficiency = 1.0, 1.0
    far = 1e300  # a node's distance to itself: its own term m / far vanishes
    for _ in range(max_iter):
        forces = [0j] * n
        for i, pi in enumerate(pos):  # repulsion: k * m_i * sum_j m_j (p_i - p_j) / |p_i - p_j|^2
            deltas = [pi - pj for pj in pos]
            deltas[i] = far
            try:
                total = sum(map(truediv, mass, deltas))
            except ZeroDivisionError:  # two nodes on one spot: nudge, skip this pair's force
                total = sum(m / d for m, d in zip(mass, deltas) if d != 0)
            forces[i] = scaling_ratio * mass[i] * total.conjugate()
        for u, v, w in edges:  # attraction, linear in the distance
            pull = (pos[u] - pos[v]) * w
            forces[u] -= pull
            forces[v] += pull
        centre = sum(pos) / n
        for i in range(n):  # gravity towards the centre
            off = pos[i] - centre
            d = abs(off)
            if d > 0:
                forces[i] -= gravity * mass[i] * off / d
        swing = [abs(f - p) for f, p in zip(forces, previous)]
        traction = sum(m * abs(f + p) / 2 for m, f, p in zip(mass, forces, previous))
        total_swing = sum(m * s for m, s in zip(mass, swing))
        speed, efficiency = _speed(n, total_swing, traction, speed, efficiency, jitter_tolerance)
        moved = 0.0
        for i in range(n):
            factor = speed / (1.0 + math.sqrt(speed * swing[i]))
            step = forces[i] * factor
            pos[i] += step
            moved += abs(step)
        previous = forces
        if moved < 1e-10:
            break
    return {node: (pos[i].real, pos[i].imag) for i, node in enumerate(nodes)}


def _speed(
    n: int, swing: float, traction: float, speed: float, efficiency: float, jitter_tolerance: float
) -> tuple[float, float]:
    """ForceAtlas2's global speed estimate (as in networkx's ``estimate_factor``)."""
    opt_jitter = 0.05 * math.sqrt(n)
    min_jitter = math.sqrt(opt_jitter)
    max_jitter = 10.0
    min_efficiency = 0.05
    other = min(max_jitter, opt_jitter * traction / (n * n))
    jt = jitter_tolerance * max(min_jitter, other)
    if swing / traction > 2.0 if traction else False:
        if efficiency > min_efficiency:
            efficiency *= 0.5
        jt = max(jt, jitter_tolerance)
    target = jt * efficiency * traction / swing if swing > 0 else math.inf
    if swing > jt * traction:
        if efficiency > min_efficiency:
            efficiency *= 0.7
    elif speed < 1000:
        efficiency *= 1.3
    max_rise = 0.5
    speed = speed + min(target - speed, max_rise * speed)
    return speed, efficiency


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


def domain_layout(
    index: LibraryIndex,
    domain: str,
    by: str = "domain",
    *,
    seed: int = 0,
    size: float = 1000.0,
    max_iter: int = MAX_ITER,
) -> dict[str, Point]:
    """Positions of ``domain``'s patterns (ForceAtlas2, seeded), scaled to ``size``; cached per library state."""
    members = domain_members(index, domain, by)
    key = (by, domain, seed, size, max_iter, layout_key(index, members))
    cache: dict = index.extras.setdefault("domain_layouts", {})
    found = cache.get((by, domain))
    if found is not None and found[0] == key:
        return dict(found[1])
    g = domain_graph(index, domain, by)
    pos = _normalise(forceatlas2(g, seed=seed, max_iter=max_iter), size)
    cache[(by, domain)] = (key, pos)
    return dict(pos)
