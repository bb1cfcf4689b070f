"""The library as a graph (networkx), its neighbourhoods, deterministic layouts and exports.

Nodes are slugs; a link target that no file declares becomes a ghost node (``exists=False``).
Edges carry ``type``, ``weight`` (an inferred link's confidence) and ``inferred``; the edge key
is the type (``inferred:<type>`` for inferred links) so a pair may be linked several ways.

Layouts are plain Python (no numpy here) and depend only on the graph's contents, never on
dict order or randomness: the same library always draws the same way.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any

import networkx as nx

from editor.model.library.index import Entry, IndexChange, LibraryIndex
from editor.model.schema.spec import RELATION_TYPES

Point = tuple[float, float]
GHOST_DOMAIN = "(missing)"
NO_DOMAIN = "(none)"
_TYPE_ORDER = {t: i for i, t in enumerate((*RELATION_TYPES, "related"))}


# ---------------------------------------------------------------- building


def node_attrs(entry: Entry) -> dict[str, Any]:
    return {
        "title": entry.title,
        "exists": True,
        "overall": entry.overall,
        "domain": entry.domain,
        "domains": entry.domains,
        "status": entry.status,
        "communities": entry.communities,
        "commons": entry.commons,
        "layout": entry.layout,
        "broken": entry.error is not None,
        "path": entry.path,
    }


def ghost_attrs(target: str) -> dict[str, Any]:
    return {
        "title": "",
        "exists": False,
        "overall": None,
        "domain": None,
        "domains": (),
        "status": None,
        "communities": (),
        "commons": (),
        "layout": "",
        "broken": False,
        "path": None,
    }


def _edges_of(index: LibraryIndex, entry: Entry, inferred: bool) -> Iterable[tuple[str, str, str, dict]]:
    for link in entry.links():
        if link.inferred and not inferred:
            continue
        target = index.resolve(link.target) or link.target
        kind = link.type or "untyped"
        key = f"inferred:{kind}" if link.inferred else kind
        yield entry.slug, target, key, {"type": link.type, "weight": link.weight, "inferred": link.inferred}


def build_graph(index: LibraryIndex, inferred: bool = True) -> nx.MultiDiGraph:
    """Every pattern and every link target (ghosts for missing ones); inferred links unless asked not to."""
    g = nx.MultiDiGraph()
    if not all(isinstance(getattr(g, name, None), dict) for name in ("_node", "_succ", "_pred")):
        return _build_graph_public(index, inferred)  # pragma: no cover - a networkx with other internals
    # networkx's documented adjacency layout, filled directly: add_edges_from spends 60% of its time on
    # per-edge checks that cannot fail here (3,600 patterns: 0.45 s -> 0.18 s, for the library's first paint)
    nodes, succ, pred = g._node, g._succ, g._pred
    for entry in index:
        if entry.slug not in nodes:  # a duplicate slug: the index's preferred file describes the node
            nodes[entry.slug] = node_attrs(index.get(entry.slug) or entry)
            succ[entry.slug], pred[entry.slug] = {}, {}
    resolve = index.resolve
    for entry in index:
        u = entry.slug
        for items, is_inferred in ((entry.relationships, False), (entry.inferred, True)):
            if is_inferred and not inferred:
                continue
            for kind, target, weight in items:
                v = resolve(target) or target
                if v not in nodes:
                    nodes[v] = ghost_attrs(v)
                    succ[v], pred[v] = {}, {}
                key = f"inferred:{kind or 'untyped'}" if is_inferred else kind or "untyped"
                keys = succ[u].get(v)
                if keys is None:
                    keys = succ[u][v] = pred[v][u] = {}
                keys[key] = {"type": kind, "weight": weight, "inferred": is_inferred}
    return g


def _build_graph_public(index: LibraryIndex, inferred: bool = True) -> nx.MultiDiGraph:
    """The same graph through networkx's public API (the reference the fast build is tested against)."""
    g = nx.MultiDiGraph()
    for entry in index:
        if entry.slug not in g:
            g.add_node(entry.slug, **node_attrs(index.get(entry.slug) or entry))
    edges = [e for entry in index for e in _edges_of(index, entry, inferred)]
    for _, target, _, _ in edges:
        if target not in g:
            g.add_node(target, **ghost_attrs(target))
    g.add_edges_from(edges)
    return g


def library_graph(index: LibraryIndex, inferred: bool = True) -> nx.MultiDiGraph:
    """The whole-library graph, built once and kept up to date with the index (do not modify it).

    A change to a file's links is patched in place; files appearing, disappearing or changing
    slug or id rebuild the graph on the next call (ids can turn ghosts into real nodes)."""
    key = f"graph:{inferred}"
    state = index.extras.get(key)
    if state is None:
        state = index.extras[key] = _GraphState(index, inferred)
    return state.graph()


class _GraphState:
    def __init__(self, index: LibraryIndex, inferred: bool) -> None:
        self.index = index
        self.inferred = inferred
        self._graph: nx.MultiDiGraph | None = None
        self._pending: set[str] = set()
        self._rebuild = True
        self._ids = {e.slug: e.id for e in index}
        index.subscribe(self._changed)

    def _changed(self, change: IndexChange) -> None:
        if change.added or change.removed:
            self._rebuild = True
        self._pending |= change.changed

    def graph(self) -> nx.MultiDiGraph:
        index = self.index
        if not self._rebuild and self._pending:
            entries = [index.by_path(p) for p in self._pending]
            g = self._graph
            assert g is not None
            for entry in entries:
                if (
                    entry is None
                    or entry.slug not in g
                    or not g.nodes[entry.slug].get("exists")
                    or self._ids.get(entry.slug) != entry.id
                    or len(index.owners(entry.slug)) > 1
                ):
                    self._rebuild = True
                    break
            else:
                for entry in entries:
                    assert entry is not None
                    old = list(g.out_edges(entry.slug, keys=True))
                    g.remove_edges_from(old)
                    g.nodes[entry.slug].update(node_attrs(entry))
                    for _, target, key, attrs in _edges_of(index, entry, self.inferred):
                        if target not in g:
                            g.add_node(target, **ghost_attrs(target))
                        g.add_edge(entry.slug, target, key, **attrs)
                    for _, target, _ in old:  # a ghost nobody links to any more disappears
                        if target in g and not g.nodes[target]["exists"] and g.degree(target) == 0:
                            g.remove_node(target)
        if self._rebuild or self._graph is None:
            self._graph = build_graph(index, self.inferred)
            self._ids = {e.slug: e.id for e in index}
            self._rebuild = False
        self._pending = set()
        return self._graph


# ---------------------------------------------------------------- neighbourhoods


def neighbourhood(
    source: nx.MultiDiGraph | LibraryIndex,
    slug: str,
    depth: int = 1,
    inferred: bool = True,
    max_nodes: int | None = None,
) -> nx.MultiDiGraph:
    """Patterns within ``depth`` links of ``slug`` in either direction, with the links among them.

    ``source`` is a graph from :func:`build_graph` / :func:`library_graph` or, for a quick mini
    graph in the editor, the index itself (only the files around ``slug`` are read). Nodes get
    a ``depth`` attribute; ``graph.graph["center"]`` is ``slug``. With ``max_nodes``, the
    nearest and most strongly linked nodes are kept.
    """
    if isinstance(source, LibraryIndex):
        around, out_edges, attrs_of = _index_access(source, inferred)
    else:
        around, out_edges, attrs_of = _graph_access(source, inferred)
    depths = {slug: 0}
    strength: dict[str, float] = {slug: math.inf}
    frontier = deque([slug])
    while frontier:
        node = frontier.popleft()
        if depths[node] >= depth:
            continue
        for other, weight in around(node):
            if other not in depths:
                depths[other] = depths[node] + 1
                frontier.append(other)
            if depths[other] == depths[node] + 1 and weight > strength.get(other, -1.0):
                strength[other] = weight
    keep = sorted(depths, key=lambda n: (depths[n], -strength.get(n, 0.0), n))
    if max_nodes is not None:
        keep = keep[: max(1, max_nodes)]
    kept = set(keep)
    sub = nx.MultiDiGraph(center=slug, depth=depth, inferred=inferred)
    for node in sorted(kept, key=lambda n: (depths[n], n)):
        sub.add_node(node, **attrs_of(node), depth=depths[node])
    edges = sorted((u, v, key, attrs) for u in kept for v, key, attrs in out_edges(u) if v in kept)
    sub.add_edges_from(edges)
    return sub


def _graph_access(g: nx.MultiDiGraph, inferred: bool) -> tuple[Callable, Callable, Callable]:
    def allowed(keydict: dict) -> list[dict]:
        return [d for d in keydict.values() if inferred or not d.get("inferred")]

    def around(node: str) -> Iterable[tuple[str, float]]:
        if node not in g:
            return
        for adj in (g.succ[node], g.pred[node]):
            for other, keydict in adj.items():
                links = allowed(keydict)
                if links:
                    yield other, max(d.get("weight") or 0.0 for d in links)

    def out_edges(node: str) -> Iterable[tuple[str, str, dict]]:
        if node not in g:
            return
        for other, keydict in g.succ[node].items():
            for key, d in keydict.items():
                if inferred or not d.get("inferred"):
                    yield other, key, d

    def attrs_of(node: str) -> dict[str, Any]:
        return dict(g.nodes[node]) if node in g else ghost_attrs(node)

    return around, out_edges, attrs_of


def _index_access(index: LibraryIndex, inferred: bool) -> tuple[Callable, Callable, Callable]:
    def around(node: str) -> Iterable[tuple[str, float]]:
        entry = index.get(node)
        if entry is not None:
            for _, target, _, attrs in _edges_of(index, entry, inferred):
                yield target, attrs["weight"] or 0.0
        for link in index.inbound(node, inferred):
            yield link.source, link.weight or 0.0

    def out_edges(node: str) -> Iterable[tuple[str, str, dict]]:
        entry = index.get(node)
        if entry is not None:
            for _, target, key, attrs in _edges_of(index, entry, inferred):
                yield target, key, attrs

    def attrs_of(node: str) -> dict[str, Any]:
        entry = index.get(node)
        return node_attrs(entry) if entry is not None else ghost_attrs(node)

    return around, out_edges, attrs_of


# ---------------------------------------------------------------- mini-graph layout


def label_text(graph: nx.MultiDiGraph, node: str, max_chars: int = 32) -> str:
    """What a node's label shows: its title (else the slug), elided to ``max_chars``."""
    text = graph.nodes[node].get("title") or node if node in graph else node
    return text if len(text) <= max_chars else text[: max_chars - 1] + "…"


def label_size(text: str, char_width: float = 7.0, line_height: float = 16.0, pad: float = 8.0) -> tuple[float, float]:
    """The box a label is assumed to need: width, height."""
    return len(text) * char_width + pad, line_height + pad / 2


def layout(
    graph: nx.MultiDiGraph,
    center: str | None = None,
    *,
    char_width: float = 7.0,
    line_height: float = 16.0,
    max_label_chars: int = 32,
    ring_gap: float = 90.0,
    aspect: float = 1.5,
    label: Callable[[str], str] | None = None,
) -> dict[str, Point]:
    """Centre at (0, 0), nearer nodes on inner rings, grouped by link type; no two label boxes overlap.

    Label boxes are centred on the node positions and sized by :func:`label_size` for the text
    ``label(node)`` (default :func:`label_text`). Deterministic: no randomness, sorted inputs.
    """
    center = center if center is not None else graph.graph.get("center")
    if center is None or center not in graph:
        raise KeyError(f"{center!r} is not in the graph")
    text_of = label or (lambda n: label_text(graph, n, max_label_chars))
    depth = _depths(graph, center)
    rings: dict[int, list[str]] = {}
    for node in sorted(depth, key=lambda n: (depth[n], n)):
        if node != center:
            rings.setdefault(depth[node], []).append(node)
    unreached = sorted(n for n in graph if n not in depth)
    if unreached:
        rings.setdefault(max(rings, default=0) + 1, []).extend(unreached)
    sizes = {n: label_size(text_of(n), char_width, line_height) for n in graph}
    # ring 1 grouped by the kind of link to the centre; outer rings follow their parent's angle
    angle: dict[str, float] = {center: 0.0}
    order: list[str] = [center]
    prev: list[str] = [center]
    for r in sorted(rings):
        nodes = rings[r]
        if r == 1:
            nodes = sorted(nodes, key=lambda n: (_link_rank(graph, center, n), n))
        else:
            parent_pos = {p: i for i, p in enumerate(prev)}
            nodes = sorted(nodes, key=lambda n: (_parent_index(graph, n, parent_pos), n))
        count = len(nodes)
        offset = -math.pi / 2  # start at the top, go clockwise on screen (y grows downwards)
        for i, node in enumerate(nodes):
            angle[node] = offset + 2 * math.pi * i / count
        order.extend(nodes)
        prev = nodes
    radius: dict[int, float] = {0: 0.0}
    for r in sorted(rings):
        nodes = rings[r]
        need = sum(sizes[n][1] + 6 for n in nodes) * 1.6 / (2 * math.pi)  # rough: heights stacked around
        widest = max(sizes[n][0] for n in nodes)
        radius[r] = max(radius[max(k for k in radius if k < r)] + ring_gap + widest / 4, need, 70.0 * r)
    ring_of = {n: r for r, nodes in rings.items() for n in nodes}
    placed: list[tuple[float, float, float, float]] = []  # centre x, y, half width, half height
    pos: dict[str, Point] = {}
    for node in order:
        w, h = sizes[node]
        hw, hh = w / 2, h / 2
        if node == center:
            x = y = 0.0
            dx = dy = 0.0
        else:  # rings are ellipses, wider than tall, because labels are
            a = angle[node]
            x, y = math.cos(a) * radius[ring_of[node]] * aspect, math.sin(a) * radius[ring_of[node]]
            length = math.hypot(x, y) or 1.0
            dx, dy = x / length, y / length
        for _ in range(4 * len(order) + 4):  # each placed box can block a ray at most once
            hit = next((b for b in placed if abs(x - b[0]) < hw + b[2] + 2 and abs(y - b[1]) < hh + b[3] + 2), None)
            if hit is None:
                break
            t = _escape(x, y, dx, dy, hw, hh, hit)
            x, y = x + dx * t, y + dy * t
        placed.append((x, y, hw, hh))
        pos[node] = (round(x, 2), round(y, 2))
    return pos


def _depths(graph: nx.MultiDiGraph, center: str) -> dict[str, int]:
    depth = {center: 0}
    frontier = deque([center])
    while frontier:
        node = frontier.popleft()
        for other in sorted(set(graph.successors(node)) | set(graph.predecessors(node))):
            if other not in depth:
                depth[other] = depth[node] + 1
                frontier.append(other)
    return depth


def _link_rank(graph: nx.MultiDiGraph, center: str, node: str) -> tuple:
    """Sort key putting neighbours linked the same way next to each other: outgoing by type, then incoming."""
    best = (9, 99, 0.0)
    for u, _v, data in (
        *((center, node, d) for d in graph.get_edge_data(center, node, default={}).values()),
        *((node, center, d) for d in graph.get_edge_data(node, center, default={}).values()),
    ):
        rank = (
            (1 if data.get("inferred") else 0) + (2 if u != center else 0),
            _TYPE_ORDER.get(data.get("type") or "", 50),
            -(data.get("weight") or 0.0),
        )
        best = min(best, rank)
    return best


def _parent_index(graph: nx.MultiDiGraph, node: str, parent_pos: dict[str, int]) -> int:
    near = [parent_pos[p] for p in (*graph.predecessors(node), *graph.successors(node)) if p in parent_pos]
    return min(near) if near else len(parent_pos)


def _escape(
    x: float, y: float, dx: float, dy: float, hw: float, hh: float, box: tuple[float, float, float, float]
) -> float:
    """How far to move along (dx, dy) so that the box at (x, y) clears ``box`` on one axis."""
    bx, by, bhw, bhh = box
    need_x, need_y = hw + bhw + 2.5, hh + bhh + 2.5
    options = []
    if dx > 1e-9:
        options.append((bx + need_x - x) / dx)
    elif dx < -1e-9:
        options.append((bx - need_x - x) / dx)
    if dy > 1e-9:
        options.append((by + need_y - y) / dy)
    elif dy < -1e-9:
        options.append((by - need_y - y) / dy)
    good = [t for t in options if t > 0]
    return min(good) if good else need_y  # (dx, dy) = (0, 0) only for the centre, which never moves


# ---------------------------------------------------------------- whole-library layout


def cluster_layout(
    graph: nx.MultiDiGraph, by: str = "domain", spacing: float = 28.0
) -> tuple[dict[str, Point], dict[str, tuple[float, float, float]]]:
    """Positions and clusters ``{name: (x, y, radius)}``: one disc per domain (or ``by`` attribute),
    hubs in the middle of their disc, discs packed in rows from the largest. O(n log n)."""
    groups: dict[str, list[str]] = {}
    for node, data in graph.nodes(data=True):
        if not data.get("exists", True):
            key = GHOST_DOMAIN
        else:
            value = data.get(by)
            if isinstance(value, (tuple, list)):
                value = value[0] if value else None
            key = str(value) if value else NO_DOMAIN
        groups.setdefault(key, []).append(node)
    order = sorted(groups, key=lambda k: (k == GHOST_DOMAIN, -len(groups[k]), k))
    golden = math.pi * (3 - math.sqrt(5))
    local: dict[str, dict[str, Point]] = {}
    radius: dict[str, float] = {}
    for key in order:
        nodes = sorted(groups[key], key=lambda n: (-graph.degree(n), n))
        spots = {}
        for i, node in enumerate(nodes):  # a sunflower: even density, the best connected first
            r = spacing * math.sqrt(i + 0.5)
            spots[node] = (r * math.cos(i * golden), r * math.sin(i * golden))
        local[key] = spots
        radius[key] = spacing * math.sqrt(len(nodes) + 0.5) + spacing
    total_area = sum((2 * radius[k]) ** 2 for k in order)
    row_width = max(math.sqrt(total_area) * 1.15, 2 * max(radius.values(), default=0.0))
    centers: dict[str, Point] = {}
    x = y = 0.0
    row_height = 0.0
    for key in order:
        d = 2 * radius[key]
        if x > 0 and x + d > row_width:
            x, y = 0.0, y + row_height
            row_height = 0.0
        centers[key] = (x + radius[key], y + radius[key])
        x += d
        row_height = max(row_height, d)
    if centers:  # centre the picture on the origin
        min_x = min(c[0] - radius[k] for k, c in centers.items())
        max_x = max(c[0] + radius[k] for k, c in centers.items())
        max_y = max(c[1] + radius[k] for k, c in centers.items())
        shift_x, shift_y = (min_x + max_x) / 2, max_y / 2
        centers = {k: (c[0] - shift_x, c[1] - shift_y) for k, c in centers.items()}
    positions: dict[str, Point] = {}
    for key in order:
        cx, cy = centers[key]
        for node, (lx, ly) in local[key].items():
            positions[node] = (round(cx + lx, 2), round(cy + ly, 2))
    clusters = {k: (round(centers[k][0], 2), round(centers[k][1], 2), round(radius[k], 2)) for k in order}
    return positions, clusters


def library_layout(graph: nx.MultiDiGraph, by: str = "domain") -> dict[str, Point]:
    """Deterministic positions for the whole library, clustered by domain (see :func:`cluster_layout`)."""
    return cluster_layout(graph, by)[0]


# ---------------------------------------------------------------- export
