"""What the library graph shows, built into a scene: the overview (a bubble per domain, bundles
between them), a drill-in (a domain's patterns, the linked patterns of other domains at the rim,
each rim arc facing its domain's place in the overview), and a path between two patterns."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QGraphicsScene

from editor.ui.common.theme import colors
from editor.ui.graph.items import BundleLayer, DomainBubble, EdgeLayer, GraphState, Label, LabelLayer, PatternDot
from editor.ui.graph.jobs import DomainData, OverviewData
from editor.ui.graph.neighbourhood import type_color

Point = tuple[float, float]


@dataclass
class Built:
    """The items of one scene the window keeps talking to."""

    nodes: dict = field(default_factory=dict)  # key -> DomainBubble / PatternDot
    edges: EdgeLayer | BundleLayer | None = None
    labels: LabelLayer | None = None
    rect: QRectF = field(default_factory=QRectF)  # what "fit" shows


def _reset(scene: QGraphicsScene) -> None:
    scene.clear()
    scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)  # few items, never moved
    scene.setBackgroundBrush(QBrush(QColor(colors().base)))


def _finish(scene: QGraphicsScene, built: Built, pad: float) -> Built:
    built.rect = built.rect.adjusted(-pad, -pad, pad, pad)
    scene.setSceneRect(
        built.rect.adjusted(-built.rect.width(), -built.rect.height(), built.rect.width(), built.rect.height())
    )
    return built


def _extent(points: list[QPointF], radius: float = 0.0) -> QRectF:
    xs = [p.x() for p in points] or [0.0]
    ys = [p.y() for p in points] or [0.0]
    return QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)).adjusted(-radius, -radius, radius, radius)


# ---------------------------------------------------------------- overview


def build_overview(scene: QGraphicsScene, state: GraphState, data: OverviewData) -> Built:
    _reset(scene)
    view = data.overview
    pos = {name: QPointF(*data.pos[name]) for name, _ in view.nodes}
    state.neighbours = {name: set() for name in pos}
    links: dict[tuple[str, str], int] = {}
    for s, t, n in view.edges:
        state.neighbours[s].add(t)
        state.neighbours[t].add(s)
        links[(s, t)] = links[(t, s)] = n
    built = Built()
    built.edges = BundleLayer(state, pos, list(view.edges))
    scene.addItem(built.edges)
    top = view.nodes[0][1] if view.nodes else 1
    labels = []
    for rank, (name, count) in enumerate(view.nodes):
        bubble = DomainBubble(name, count, state, data.radii[name])
        bubble.setPos(pos[name])
        scene.addItem(bubble)
        built.nodes[name] = bubble
        big = rank < 10 or count >= top * 0.2  # every name is a candidate; the largest go first
        labels.append(Label(name, pos[name], data.radii[name], f"{name} · {count}", rank, hub=True, bold=big))

    def counts() -> list[Label]:
        """Next to each neighbour of the hovered domain: how many links join them."""
        out = []
        for node in state.active():
            for other in sorted(state.neighbours.get(node, ()), key=lambda o: -links[(node, o)]):
                n = links[(node, other)]
                text = f"{other} · {n} link{'s' if n != 1 else ''}"
                out.append(Label(other, pos[other], data.radii[other], text, -1, hub=True, bold=True))
        return out

    built.rect = _extent(list(pos.values()), max(data.radii.values(), default=0.0))
    built.labels = LabelLayer(labels, built.rect, state, counts)
    scene.addItem(built.labels)
    return _finish(scene, built, 30.0)


# ---------------------------------------------------------------- drill-in


def dot_radius(degree: int) -> float:
    return min(16.0, 6.0 + 1.6 * math.sqrt(degree))


def rim_positions(
    data: DomainData, overview_pos: dict[str, Point]
) -> tuple[dict[str, QPointF], dict[str, tuple[QPointF, int]]]:
    """Rim patterns on a circle around the domain, grouped by their group, each group's arc
    centred (as far as room allows) on the direction of that group in the overview."""
    if not data.rim:
        return {}, {}
    here = overview_pos.get(data.domain, (0.0, 0.0))
    groups: dict[str, list[str]] = {}
    for slug, group in sorted(data.rim.items(), key=lambda kv: (-data.degree[kv[0]], kv[0])):
        groups.setdefault(group, []).append(slug)

    def angle(group: str) -> float:
        there = overview_pos.get(group)
        if there is None or there == here:
            return math.pi / 2
        return math.atan2(there[1] - here[1], there[0] - here[0]) % (2 * math.pi)

    order = sorted(groups, key=angle)
    gap = 2
    slots = sum(len(v) for v in groups.values()) + gap * len(groups)
    step = 2 * math.pi / max(slots, 24)
    radius = max(data.size * 0.62, 5.0 * max(slots, 24) / (2 * math.pi))
    out: dict[str, QPointF] = {}
    arcs: dict[str, tuple[QPointF, int]] = {}
    cursor = angle(order[0]) - len(groups[order[0]]) * step / 2
    for group in order:
        slugs = groups[group]
        start = max(cursor, angle(group) - len(slugs) * step / 2)
        for i, slug in enumerate(slugs):
            a = start + i * step
            out[slug] = QPointF(radius * math.cos(a), radius * math.sin(a))
        middle = start + (len(slugs) - 1) * step / 2
        arcs[group] = (QPointF((radius + 28) * math.cos(middle), (radius + 28) * math.sin(middle)), len(slugs))
        cursor = start + (len(slugs) + gap) * step
    return out, arcs


def build_domain(
    scene: QGraphicsScene,
    state: GraphState,
    data: DomainData,
    titles: Callable[[str], str],
    overview_pos: dict[str, Point],
) -> Built:
    _reset(scene)
    built = Built()
    pos = {slug: QPointF(*data.pos[slug]) for slug in data.members}
    rim_pos, arcs = rim_positions(data, overview_pos)
    edges = [(u, v, type_color(kind)) for u, v, kind in data.edges]
    edges += [(u, v, type_color(kind)) for u, v, kind in data.rim_edges]
    built.edges = EdgeLayer(state, {**pos, **rim_pos}, edges, frozenset(rim_pos))
    scene.addItem(built.edges)
    ranked = sorted(data.members, key=lambda s: (-data.degree[s], s))
    hubs = set(ranked[: max(5, len(ranked) // 25)])
    labels = []
    for rank, slug in enumerate(ranked):
        dot = PatternDot(slug, state, dot_radius(data.degree[slug]))
        dot.setPos(pos[slug])
        dot.setToolTip(f"<b>{titles(slug)}</b><br>{slug}<br>{data.degree[slug]} links")
        scene.addItem(dot)
        built.nodes[slug] = dot
        labels.append(Label(slug, pos[slug], dot.radius, _short(titles(slug)), rank, hub=slug in hubs, fixed=True))
    for rank, (slug, at) in enumerate(rim_pos.items(), start=len(ranked)):
        dot = PatternDot(slug, state, 4.5, rim=True)
        dot.setPos(at)
        dot.setToolTip(f"<b>{titles(slug)}</b><br>{slug}<br>in {data.rim[slug]} — click to go there")
        scene.addItem(dot)
        built.nodes[slug] = dot
        labels.append(Label(slug, at, 4.5, _short(titles(slug)), rank + len(arcs), fixed=True, min_lod=1.5))
    for i, (group, (at, n)) in enumerate(sorted(arcs.items(), key=lambda kv: -kv[1][1])):
        labels.append(Label(f"rim:{group}", at, 0.0, f"{group} · {n}", -len(arcs) + i, hub=True, bold=False))
    built.rect = _extent([*pos.values(), *rim_pos.values()], 40.0)
    built.labels = LabelLayer(labels, built.rect, state, list)
    scene.addItem(built.labels)
    return _finish(scene, built, 20.0)


def _short(title: str, limit: int = 34) -> str:
    return title if len(title) <= limit else title[: limit - 1] + "…"


# ---------------------------------------------------------------- path


def build_path(
    scene: QGraphicsScene,
    state: GraphState,
    path: list[str],
    kinds: list[str],
    titles: Callable[[str], str],
    groups: Callable[[str], str],
) -> Built:
    """The path's patterns on a gentle zigzag, left to right; each link labelled with its type."""
    _reset(scene)
    built = Built()
    pos = {slug: QPointF(i * 230.0, (i % 2) * 70.0) for i, slug in enumerate(path)}
    edges = [(a, b, type_color(k)) for a, b, k in zip(path, path[1:], kinds)]
    built.edges = EdgeLayer(state, pos, edges)
    built.edges.always = True
    scene.addItem(built.edges)
    labels = []
    for i, slug in enumerate(path):
        dot = PatternDot(slug, state, 9.0)
        dot.setPos(pos[slug])
        scene.addItem(dot)
        built.nodes[slug] = dot
        labels.append(
            Label(slug, pos[slug], 9.0, f"{_short(titles(slug), 30)} ({groups(slug)})", i, hub=True, bold=True)
        )
    for i, (a, b, k) in enumerate(zip(path, path[1:], kinds)):
        mid = (pos[a] + pos[b]) / 2
        labels.append(Label(f"edge:{i}", mid - QPointF(0, 26), 0.0, k.replace("_", " "), 100 + i, hub=True))
    built.rect = _extent(list(pos.values()), 60.0).adjusted(-80, -20, 80, 40)
    built.labels = LabelLayer(labels, built.rect, state, list)
    scene.addItem(built.labels)
    return _finish(scene, built, 10.0)
