"""The library graph's few, cheap items: one per node (a pattern dot or a domain bubble), one for all
edges of the scene, one for all labels.

Labels are placed by :class:`LabelLayer` in device pixels on every paint, most important first
(the search focus, the hovered node and its neighbours, then hubs, then the rest), and a label
that would overlap one already placed is left out: zoomed out only the hubs' names fit, zoomed in
every name does. Edges of a domain are drawn all at once only when zoomed in; zoomed out, only the
hovered or selected node's edges are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem

from editor.ui.common.richtext import mix
from editor.ui.common.theme import colors

EDGES_LOD = 0.5  # below this zoom a domain's edges show only for the hovered / selected node
LABELS_LOD = 0.45  # from this zoom every pattern is a candidate for a label (below: hubs and focus only)
BIG = 1e7


class GraphState:
    """What every item of one scene reads when it paints: colours, focus, hover, selection, path."""

    def __init__(self) -> None:
        self.colour: dict[str, QColor] = {}
        self.focus: set[str] = set()  # the search match and its neighbours; the rest is dimmed
        self.centre: str | None = None  # the search match itself
        self.hover: str | None = None
        self.selected: str | None = None
        self.path: list[str] = []
        self.hidden: set[str] = set()  # filtered out by the query
        self.neighbours: dict[str, set[str]] = {}  # the overview: hovering a domain lights its neighbours
        self.listeners: list[Callable[[], None]] = []

    def active(self) -> list[str]:
        """Nodes whose edges are drawn whatever the zoom."""
        return [n for n in dict.fromkeys((self.hover, self.selected, self.centre)) if n]

    def lit(self) -> set[str]:
        """The overview's hovered / selected domains and their neighbours (empty: nothing dimmed)."""
        out: set[str] = set()
        for node in self.active():
            out.add(node)
            out |= self.neighbours.get(node, set())
        return out

    def dimmed(self, node: str) -> bool:
        return (bool(self.focus) and node not in self.focus) or (bool(self.path) and node not in self.path)

    def changed(self) -> None:
        for listener in self.listeners:
            listener()


class _Node(QGraphicsItem):
    """Shared by dots and bubbles: hover and selection go to the state."""

    def __init__(self, key: str, state: GraphState, radius: float) -> None:
        super().__init__()
        self.key = key
        self.state = state
        self.radius = radius
        self.setAcceptHoverEvents(True)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(2)

    def boundingRect(self) -> QRectF:
        r = self.radius + 3
        return QRectF(-r, -r, 2 * r, 2 * r)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        r = max(self.radius, 4.0)
        path.addEllipse(QPointF(0, 0), r + 1, r + 1)
        return path

    def hoverEnterEvent(self, event) -> None:
        self.state.hover = self.key
        self.state.changed()

    def hoverLeaveEvent(self, event) -> None:
        if self.state.hover == self.key:
            self.state.hover = None
            self.state.changed()

    def itemChange(self, change, value):
        if change == QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged:
            if value:
                self.state.selected = self.key
            elif self.state.selected == self.key:
                self.state.selected = None
            self.state.changed()
        return super().itemChange(change, value)


class PatternDot(_Node):
    """One pattern; ``rim`` for a linked pattern of another domain, drawn faint at the rim."""

    def __init__(self, slug: str, state: GraphState, radius: float, rim: bool = False) -> None:
        super().__init__(slug, state, radius)
        self.rim = rim
        self.setZValue(1 if rim else 2)
        # the same size in pixels at any zoom: zooming in spreads a tight cluster apart
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        c = colors()
        state = self.state
        fill = QColor(state.colour.get(self.key) or c.muted)
        if self.rim or state.dimmed(self.key):
            fill = QColor(mix(fill.name(), c.base, 0.35 if self.rim and not state.dimmed(self.key) else 0.18))
        hot = self.key in (state.hover, state.selected, state.centre)
        painter.setPen(QPen(QColor(c.accent if hot else c.base), 2.5 if hot else 1.0))
        painter.setBrush(fill)
        r = self.radius * (1.5 if hot else 1.0)
        painter.drawEllipse(QPointF(0, 0), r, r)


class DomainBubble(_Node):
    """One domain (or community) in the overview: its area grows with its pattern count."""

    def __init__(self, name: str, count: int, state: GraphState, radius: float) -> None:
        super().__init__(name, state, radius)
        self.count = count
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(f"{name}: {count} patterns — click to open")

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        c = colors()
        state = self.state
        fill = QColor(state.colour.get(self.key) or c.accent)
        near = state.focus or state.lit()
        if near and self.key not in near:
            fill = QColor(mix(fill.name(), c.base, 0.25))
        hot = self.key in (state.hover, state.selected, state.centre)
        painter.setPen(QPen(QColor(c.accent if hot else mix(fill.name(), c.text, 0.6)), 3 if hot else 1.2))
        fill.setAlphaF(0.92)
        painter.setBrush(fill)
        painter.drawEllipse(QPointF(0, 0), self.radius, self.radius)


# ---------------------------------------------------------------- edges


def type_pen(colour: QColor, width: float) -> QPen:
    pen = QPen(colour, width)
    pen.setCosmetic(True)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


class EdgeLayer(QGraphicsItem):
    """Every edge of a drill-in (or a path) in one item. ``edges``: (u, v, colour) between nodes of
    ``pos``; all of them are drawn faint when zoomed in, and a focused node's in full."""

    def __init__(
        self,
        state: GraphState,
        pos: dict[str, QPointF],
        edges: list[tuple[str, str, QColor]],
        rim: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__()
        self.state = state
        self.rim = rim
        self.pos = pos
        self.edges = edges
        self.adj: dict[str, list[tuple[str, QColor]]] = {}
        for u, v, colour in edges:
            self.adj.setdefault(u, []).append((v, colour))
            self.adj.setdefault(v, []).append((u, colour))
        self.always = False  # a path: every edge, strong, whatever the zoom
        self.setZValue(0)
        self.refilter()
        xs = [p.x() for p in pos.values()] or [0.0]
        ys = [p.y() for p in pos.values()] or [0.0]
        self._rect = QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)).adjusted(-4, -4, 4, 4)

    def refilter(self) -> None:
        """The faint lines between visible patterns (again after the query filter changed)."""
        hidden = self.state.hidden
        self.lines = [
            QLineF(self.pos[u], self.pos[v])
            for u, v, _ in self.edges
            if u not in hidden and v not in hidden and u not in self.rim and v not in self.rim
        ]
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        c = colors()
        state = self.state
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if self.always:
            for u, v, colour in self.edges:
                painter.setPen(type_pen(colour, 3.0))
                painter.drawLine(self.pos[u], self.pos[v])
            return
        quiet = bool(state.focus or state.path)
        if lod >= EDGES_LOD and self.lines:
            painter.setPen(type_pen(QColor(mix(c.text, c.base, 0.10 if quiet else 0.22)), 1.0))
            painter.drawLines(self.lines)
        for node in state.active():
            for other, colour in self.adj.get(node, ()):
                if other in state.hidden:
                    continue
                painter.setPen(type_pen(colour, 1.8))
                painter.drawLine(self.pos[node], self.pos[other])
        if state.path:
            painter.setPen(type_pen(QColor(c.accent), 4.0))
            for a, b in zip(state.path, state.path[1:]):
                if a in self.pos and b in self.pos:
                    painter.drawLine(self.pos[a], self.pos[b])


class BundleLayer(QGraphicsItem):
    """The overview's bundles: one line per pair of domains, as wide as its link count, faint;
    the hovered or selected domain's bundles stand out."""

    def __init__(self, state: GraphState, pos: dict[str, QPointF], bundles: list[tuple[str, str, int]]) -> None:
        super().__init__()
        self.state = state
        self.pos = pos
        self.bundles = bundles
        self.heaviest = max((n for *_, n in bundles), default=1)
        self.setZValue(0)
        xs = [p.x() for p in pos.values()] or [0.0]
        ys = [p.y() for p in pos.values()] or [0.0]
        self._rect = QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)).adjusted(-20, -20, 20, 20)

    def boundingRect(self) -> QRectF:
        return self._rect

    def width(self, count: int, scale: float) -> float:
        return max(0.6, 18.0 * count / self.heaviest * min(1.5, max(0.5, scale)))

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        scale = option.levelOfDetailFromTransform(painter.worldTransform())
        c = colors()
        active = set(self.state.active())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        faint = QColor(c.text)
        faint.setAlphaF(0.07 if active else 0.16)
        strong = QColor(c.accent)
        strong.setAlphaF(0.75)
        later = []
        for s, t, n in self.bundles:
            if s in active or t in active:
                later.append((s, t, n))
                continue
            painter.setPen(type_pen(faint, self.width(n, scale)))
            painter.drawLine(self.pos[s], self.pos[t])
        for s, t, n in later:
            painter.setPen(type_pen(strong, max(1.5, self.width(n, scale))))
            painter.drawLine(self.pos[s], self.pos[t])


# ---------------------------------------------------------------- labels


@dataclass
class Label:
    key: str
    at: QPointF  # the node's centre, in scene units
    below: float  # the node's radius: the label goes under it (or inside, if it fits there)
    text: str
    rank: int  # lower first
    hub: bool = False  # shown even when zoomed out
    bold: bool = False
    inside: bool = False  # centred inside the node when it is wide enough on screen
    fixed: bool = False  # ``below`` is in pixels (a node that ignores the zoom)
    min_lod: float = 0.0  # not a candidate below this zoom (unless in focus)


class LabelLayer(QGraphicsItem):
    """Every label of the scene, placed greedily in device pixels on each paint (no overlaps)."""

    def __init__(self, labels: list[Label], rect: QRectF, state: GraphState, extra: Callable[[], list[Label]]) -> None:
        super().__init__()
        self.labels = sorted(labels, key=lambda lab: lab.rank)
        self.state = state
        self.extra = extra  # labels of the moment (bundle counts next to a hovered domain)
        self._rect = rect.adjusted(-400, -200, 400, 200)
        self.font = QFont()
        self.font.setPixelSize(12)
        self.bold = QFont(self.font)
        self.bold.setWeight(QFont.Weight.DemiBold)
        self.bold.setPixelSize(13)
        self._metrics = (QFontMetricsF(self.font), QFontMetricsF(self.bold))
        self.setZValue(5)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.shown: list[str] = []  # what the last paint drew (tests and screenshots read it)

    def boundingRect(self) -> QRectF:
        return self._rect

    def shape(self) -> QPainterPath:
        return QPainterPath()  # never under the mouse

    def _order(self) -> list[Label]:
        state = self.state
        first = [n for n in (state.centre, state.hover, state.selected) if n]
        urgent = set(first) | state.focus | set(state.path) | state.lit()
        if not urgent:
            return self.labels
        head = [lab for lab in self.labels if lab.key in urgent]
        head.sort(key=lambda lab: (lab.key not in first, lab.rank))
        return [*self.extra(), *head, *(lab for lab in self.labels if lab.key not in urgent)]

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        t = painter.worldTransform()
        lod = option.levelOfDetailFromTransform(t)
        device = painter.device()
        if device is not None:
            dpr = device.devicePixelRatioF() or 1.0
            bounds = QRectF(0, 0, device.width() / dpr, device.height() / dpr)
        else:
            bounds = QRectF(0, 0, BIG, BIG)
        c = colors()
        state = self.state
        urgent = {state.centre, state.hover, state.selected} | state.focus | set(state.path) | state.lit()
        quiet = bool(state.focus or state.path)
        halo = QColor(c.base)
        halo.setAlphaF(0.78)
        painter.save()
        painter.resetTransform()
        taken: dict[tuple[int, int], list[QRectF]] = {}
        self.shown = []
        placed: set[str] = set()
        for lab in self._order():
            if lab.key in state.hidden or lab.key in placed:
                continue
            must = lab.key in urgent or lab.key.startswith("edge:")
            if not must and (quiet or lod < lab.min_lod or not (lab.hub or lod >= LABELS_LOD or lab.inside)):
                continue  # a search or a path names only its own patterns
            centre = t.map(lab.at)
            r = lab.below if lab.fixed else lab.below * lod
            metrics = self._metrics[1 if lab.bold or must else 0]
            w, h = metrics.horizontalAdvance(lab.text) + 6, metrics.height() + 2
            inside = lab.inside and 2 * r > w + 4
            if inside:
                boxes = [QRectF(centre.x() - w / 2, centre.y() - h / 2, w, h)]
            elif lab.inside and not (lab.hub or must or lod >= LABELS_LOD * 0.5):
                continue
            else:  # under the node, else above, right, left
                boxes = [
                    QRectF(centre.x() - w / 2, centre.y() + r + 2, w, h),
                    QRectF(centre.x() - w / 2, centre.y() - r - 2 - h, w, h),
                    QRectF(centre.x() + r + 3, centre.y() - h / 2, w, h),
                    QRectF(centre.x() - r - 3 - w, centre.y() - h / 2, w, h),
                ]
            box = cells = None
            for candidate in boxes if must else boxes[:1]:
                if not candidate.intersects(bounds):
                    continue
                near = [
                    (i, j)
                    for i in range(int(candidate.left()) // 64, int(candidate.right()) // 64 + 1)
                    for j in range(int(candidate.top()) // 32, int(candidate.bottom()) // 32 + 1)
                ]
                if not any(candidate.intersects(o) for cell in near for o in taken.get(cell, ())):
                    box, cells = candidate, near
                    break
            if box is None or cells is None:
                if lab.key != state.centre or not boxes[0].intersects(bounds):
                    continue
                box = boxes[0]
                cells = [(int(box.left()) // 64, int(box.top()) // 32)]
            for cell in cells:
                taken.setdefault(cell, []).append(box)
            self.shown.append(lab.key)
            placed.add(lab.key)
            dim = bool(state.focus or state.path or state.lit()) and not must
            if not inside:
                painter.fillRect(box, halo)
            painter.setFont(self.bold if lab.bold or must else self.font)
            painter.setPen(QColor(mix(c.text, c.base, 0.45) if dim else c.text))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, lab.text)
        painter.restore()
