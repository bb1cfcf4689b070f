"""The library graph's background work: the overview's counts and layout, a domain's layout and
links. Each job runs on the window's ``Worker`` thread; igraph holds the GIL while it computes, so
a large domain's layout goes one step further, to a spawned process (:class:`LayoutProcess`), and
the worker thread only waits on it: the GUI thread keeps painting and taking input meanwhile."""

from __future__ import annotations

import itertools
import math
import threading
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context

import networkx as nx

from editor.model.library.domain_layout import Point, domain_layout, domain_members, fr_layout, overview_layout
from editor.model.library.graph import library_graph
from editor.model.library.index import LibraryIndex
from editor.model.library.overview import Overview, domain_overview, group_of
from editor.ui.common.worker import Job
from editor.ui.document.preview_worker import _spawn_ok

OVERVIEW_SIZE = 1000.0
IN_PROCESS_NODES = 150  # smaller domains lay out in < 50 ms: on the worker thread, no process
RIM_LIMIT = 600  # linked patterns of other domains shown at the rim, the most linked first


def bubble_radius(count: int, top: int) -> float:
    """Area grows with the pattern count."""
    return 9.0 + 62.0 * math.sqrt(count / max(1, top))


def domain_size(n: int) -> float:
    """A drill-in's extent in scene units: about 50 units per pattern along each side."""
    return max(320.0, 50.0 * math.sqrt(n))


@dataclass
class OverviewData:
    overview: Overview
    pos: dict[str, Point]
    radii: dict[str, float]


@dataclass
class DomainData:
    by: str
    domain: str
    members: list[str]
    pos: dict[str, Point]
    size: float
    edges: list[tuple[str, str, str]]  # inside the domain: (u, v, relationship type)
    rim: dict[str, str] = field(default_factory=dict)  # linked pattern of another group -> its group
    rim_edges: list[tuple[str, str, str]] = field(default_factory=list)  # (member, rim pattern, type)
    degree: Counter = field(default_factory=Counter)


def filtered_overview(index: LibraryIndex, by: str, keep: frozenset[str] | None) -> Overview:
    """``domain_overview`` over the patterns in ``keep`` only (all when None)."""
    if keep is None:
        return domain_overview(index, by)
    group = {}
    for entry in index:
        if entry.error is None and index.get(entry.slug) is entry and entry.slug in keep:
            group[entry.slug] = group_of(entry, by)
    members: dict[str, list[str]] = {}
    for slug, name in group.items():
        members.setdefault(name, []).append(slug)
    edges: Counter[tuple[str, str]] = Counter()
    for slug, source in group.items():
        entry = index.get(slug)
        assert entry is not None
        for _, raw, _ in entry.relationships:
            other = index.resolve(raw)
            target = group.get(other) if other is not None else None
            if target is not None and target != source:
                edges[(source, target) if source < target else (target, source)] += 1
    nodes = tuple(sorted(((k, len(v)) for k, v in members.items()), key=lambda kv: (-kv[1], kv[0])))
    bundles = tuple(sorted(((s, t, c) for (s, t), c in edges.items()), key=lambda e: (-e[2], e[0], e[1])))
    return Overview(by, nodes, bundles, {k: tuple(sorted(v)) for k, v in members.items()})


def overview_job(index: LibraryIndex, by: str, keep: frozenset[str] | None, _job: Job | None = None) -> OverviewData:
    library_graph(index)  # warm: search neighbourhoods and paths read it on the GUI thread
    view = filtered_overview(index, by, keep)
    top = view.nodes[0][1] if view.nodes else 1
    radii = {name: bubble_radius(count, top) for name, count in view.nodes}
    key = ("overview", by, view.nodes, view.edges)
    cache = index.extras.setdefault("overview_layouts", {})
    pos = cache.get(key)
    if pos is None:
        if len(cache) > 16:
            cache.clear()
        pos = cache[key] = overview_layout(view, size=OVERVIEW_SIZE, radii=radii)
    return OverviewData(view, pos, radii)


def domain_job(index: LibraryIndex, by: str, domain: str, run=None, _job: Job | None = None) -> DomainData:
    members = domain_members(index, domain, by)
    size = domain_size(len(members))
    pos = domain_layout(index, domain, by, size=size, run=run if len(members) > IN_PROCESS_NODES else None)
    inside = set(members)
    g = library_graph(index)
    seen: set[tuple[str, str]] = set()
    edges, rim_edges = [], []
    rim: dict[str, str] = {}
    degree: Counter = Counter()
    for u, v, data in [*g.out_edges(members, data=True), *g.in_edges(members, data=True)]:
        if data.get("inferred") or u == v:
            continue
        pair = (u, v) if u < v else (v, u)
        if pair in seen:
            continue
        seen.add(pair)
        kind = data.get("type") or "related"
        if u in inside and v in inside:
            edges.append((u, v, kind))
            degree[u] += 1
            degree[v] += 1
            continue
        member, other = (u, v) if u in inside else (v, u)
        entry = index.get(other)
        if entry is None:
            continue  # a link to a pattern the library does not hold
        rim[other] = group_of(entry, by)
        rim_edges.append((member, other, kind))
        degree[member] += 1
        degree[other] += 1
    if len(rim) > RIM_LIMIT:
        kept = {s for s, _ in Counter({s: degree[s] for s in rim}).most_common(RIM_LIMIT)}
        rim = {s: d for s, d in rim.items() if s in kept}
        rim_edges = [e for e in rim_edges if e[1] in kept]
    return DomainData(by, domain, members, pos, size, edges, rim, rim_edges, degree)


def shortest_path(index: LibraryIndex, start: str, end: str) -> tuple[list[str], list[str]] | None:
    """networkx's shortest path between two patterns over the library's links, either direction
    (through patterns the library holds), with each step's relationship type; None if none."""
    g = library_graph(index)
    real = nx.subgraph_view(g, filter_node=lambda n: g.nodes[n].get("exists", True)).to_undirected(as_view=True)
    try:
        path = nx.shortest_path(real, start, end)
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return None
    kinds = []
    for a, b in itertools.pairwise(path):
        data = g.get_edge_data(a, b) or g.get_edge_data(b, a) or {}
        kinds.append(next(iter(data.values()), {}).get("type") or "related")
    return path, kinds


class LayoutProcess:
    """One spawned process for igraph layouts (started on first use, or ahead with ``warm``).

    Called from a worker thread: ``future.result()`` waits without the GIL."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(1, mp_context=get_context("spawn"))
            return self._pool

    def warm(self) -> None:
        """Spawn now and import igraph there, so the first large drill-in does not pay for it."""
        if _spawn_ok():
            self._executor().submit(fr_layout, 2, [(0, 1)], [1.0], 0, 1)

    def __call__(self, n: int, edges: list, weights: list, seed: int, niter: int) -> list[Point]:
        if not _spawn_ok():
            return fr_layout(n, edges, weights, seed, niter)
        try:
            return self._executor().submit(fr_layout, n, edges, weights, seed, niter).result()
        except Exception:  # a broken pool (the process died): lay out here, once more in a new one next time
            with self._lock:
                self._pool = None
            return fr_layout(n, edges, weights, seed, niter)

    def shutdown(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


_process: LayoutProcess | None = None


def layout_process() -> LayoutProcess:
    """The application's layout process (one, shared by every graph window)."""
    global _process
    if _process is None:
        _process = LayoutProcess()
    return _process
