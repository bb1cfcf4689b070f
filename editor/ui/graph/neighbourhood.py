"""The mini graph: the open pattern and its neighbours, drawn with QGraphicsView.

The scene mirrors the model: it is rebuilt (debounced) from the library index plus the open
document's *unsaved* relationships, so it follows edits in the form live. One colour per
relationship type, line width by weight, inferred links dashed, missing targets as ghosts.
"""

from __future__ import annotations

import math

import networkx as nx
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGraphicsItem,
    QGraphicsObject,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QMenu,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from editor.model import schema
from editor.model.library import graph as graph_model
from editor.model.library.live_links import merge_live_links
from editor.ui.common.richtext import esc as _esc
from editor.ui.common.theme import colors, icon
from editor.ui.document.controller import DocumentController

TYPES = (*schema.RELATION_TYPES, "related")


def type_color(kind: str | None) -> QColor:
    palette = colors().relations
    if kind in TYPES:
        return QColor(palette[TYPES.index(kind) % len(palette)])
    return QColor(colors().muted)


class NodeItem(QGraphicsObject):
    """A rounded label box; the centre is emphasised, ghosts are dashed."""

    def __init__(self, slug: str, label: str, data: dict, center: bool, font: QFont) -> None:
        super().__init__()
        self.slug = slug
        self.label = label
        self.info = data  # not `data`: that would shadow QGraphicsItem.data()
        self.center = center
        self.exists = bool(data.get("exists", True))
        self.font = QFont(font)
        if center:
            self.font.setWeight(QFont.Weight.Bold)
        fm = QFontMetricsF(self.font)
        w = fm.horizontalAdvance(label) + 18
        h = fm.height() + 10
        self.rect = QRectF(-w / 2, -h / 2, w, h)
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setZValue(2)
        overall = data.get("overall")
        tip = f"<b>{_esc(data.get('title') or slug)}</b><br>{slug}"
        if overall is not None:
            tip += f"<br>Overall score {overall:.1f}"
        if not self.exists:
            tip += "<br><i>Not in the library — right-click to create a stub</i>"
        self.setToolTip(tip)
        self._hover = False

    def boundingRect(self) -> QRectF:
        return self.rect.adjusted(-2, -2, 2, 2)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        c = colors()
        fill = QColor(c.accent if self.center else (c.base if self.exists else c.window))
        border = QColor(c.accent if (self.center or self._hover) else c.border)
        pen = QPen(border, 2 if self.center or self._hover else 1.2)
        if not self.exists:
            pen.setStyle(Qt.PenStyle.DashLine)
            pen.setColor(QColor(c.warning))
        painter.setPen(pen)
        painter.setBrush(fill)
        painter.drawRoundedRect(self.rect, 8, 8)
        painter.setFont(self.font)
        painter.setPen(QColor(c.accent_text if self.center else (c.text if self.exists else c.warning)))
        painter.drawText(self.rect, Qt.AlignmentFlag.AlignCenter, self.label)

    def hoverEnterEvent(self, event) -> None:
        self._hover = True
        self.update()

    def hoverLeaveEvent(self, event) -> None:
        self._hover = False
        self.update()


class EdgeItem(QGraphicsPathItem):
    def __init__(
        self,
        source: NodeItem,
        target: NodeItem,
        kind: str | None,
        weight: float | None,
        inferred: bool,
        bend: float = 0.0,
    ) -> None:
        super().__init__()
        self.kind = kind
        self.inferred = inferred
        color = type_color(kind)
        color.setAlpha(150 if inferred else 230)
        width = 1.0 + 3.0 * max(0.0, min(1.0, weight if weight is not None else 0.5))
        pen = QPen(color, width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        if inferred:
            pen.setStyle(Qt.PenStyle.DashLine)
            pen.setWidthF(max(1.0, width * 0.7))
        self.setPen(pen)
        self.setZValue(1)
        a, b = source.pos(), target.pos()
        start = _border_point(source, b)
        end = _border_point(target, a)
        path = QPainterPath(start)
        mid = (start + end) / 2
        normal = QPointF(-(end.y() - start.y()), end.x() - start.x())
        length = math.hypot(normal.x(), normal.y()) or 1.0
        control = mid + normal / length * bend
        path.quadTo(control, end)
        self.setPath(path)
        self.arrow = _arrow_head(control, end, color, pen.widthF())
        label = schema.RELATION_LABELS.get(kind or "", kind or "link")
        self.setToolTip(
            f"{label}{' (inferred)' if inferred else ''}"
            + (f" · {'confidence' if inferred else 'weight'} {weight:.2f}" if weight is not None else "")
        )

    def paint(self, painter: QPainter, option, widget=None) -> None:
        super().paint(painter, option, widget)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.pen().color())
        painter.drawPolygon(self.arrow)


def _border_point(node: NodeItem, toward: QPointF) -> QPointF:
    """Where the line from the node's centre toward ``toward`` leaves its box."""
    c = node.pos()
    dx, dy = toward.x() - c.x(), toward.y() - c.y()
    if dx == 0 and dy == 0:
        return c
    hw, hh = node.rect.width() / 2 + 3, node.rect.height() / 2 + 3
    scale = min(hw / abs(dx) if dx else math.inf, hh / abs(dy) if dy else math.inf)
    return QPointF(c.x() + dx * scale, c.y() + dy * scale)


def _arrow_head(control: QPointF, tip: QPointF, color: QColor, width: float) -> QPolygonF:
    angle = math.atan2(tip.y() - control.y(), tip.x() - control.x())
    size = 7 + width
    left = QPointF(tip.x() - size * math.cos(angle - 0.45), tip.y() - size * math.sin(angle - 0.45))
    right = QPointF(tip.x() - size * math.cos(angle + 0.45), tip.y() - size * math.sin(angle + 0.45))
    return QPolygonF([tip, left, right])


class GraphCanvas(QGraphicsView):
    nodeClicked = Signal(str)
    createStub = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.setAccessibleName("Pattern neighbourhood graph")
        self.nodes: dict[str, NodeItem] = {}
        self.edges: list[EdgeItem] = []
        self._press = QPointF()
        self._auto_fit = True

    def show_graph(self, graph: nx.MultiDiGraph, positions: dict[str, tuple[float, float]], center: str) -> None:
        scene = self.scene()
        scene.clear()
        self.nodes, self.edges = {}, []
        scene.setBackgroundBrush(QBrush(QColor(colors().base)))
        font = self.font()
        for node in graph:
            item = NodeItem(
                node, graph_model.label_text(graph, node, 28), dict(graph.nodes[node]), node == center, font
            )
            item.setPos(*positions[node])
            scene.addItem(item)
            self.nodes[node] = item
        pairs: dict[tuple[str, str], int] = {}
        curated = {(u, v) for u, v, d in graph.edges(data=True) if not d.get("inferred")}
        faint: dict[tuple[str | None, bool], QPainterPath] = {}
        for u, v, _key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
            if u == v or u not in self.nodes or v not in self.nodes:
                continue
            if data.get("inferred") and (u, v) in curated:
                continue  # a proposal already curated: the hard link says it
            kind, inferred = data.get("type"), bool(data.get("inferred"))
            if center not in (u, v):  # links among the neighbours: context, drawn as one light path per type
                path = faint.setdefault((kind, inferred), QPainterPath())
                path.moveTo(self.nodes[u].pos())
                path.lineTo(self.nodes[v].pos())
                continue
            pair = (min(u, v), max(u, v))
            n = pairs.get(pair, 0)
            pairs[pair] = n + 1
            bend = 0.0 if n == 0 else (18.0 * ((n + 1) // 2) * (1 if n % 2 else -1))
            edge = EdgeItem(self.nodes[u], self.nodes[v], kind, data.get("weight"), inferred, bend)
            scene.addItem(edge)
            self.edges.append(edge)
        for (kind, inferred), path in faint.items():
            colour = type_color(kind)
            colour.setAlpha(45 if inferred else 60)
            pen = QPen(colour, 1.0)
            if inferred:
                pen.setStyle(Qt.PenStyle.DashLine)
            item = QGraphicsPathItem(path)
            item.setPen(pen)
            item.setZValue(0)
            scene.addItem(item)
        scene.setSceneRect(scene.itemsBoundingRect().adjusted(-40, -40, 40, 40))
        self.fit()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._auto_fit:
            self.fit()

    def fit(self) -> None:
        self._auto_fit = True
        rect = self.scene().sceneRect()
        if rect.isEmpty():
            return
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.transform().m11() > 1.0:  # never blow small graphs up
            self.resetTransform()
            self.centerOn(rect.center())

    def wheelEvent(self, event) -> None:
        self._auto_fit = False  # the user zoomed: a resize must not undo it
        factor = 1.15 if event.angleDelta().y() > 0 else 1 / 1.15
        self.scale(factor, factor)

    def mouseReleaseEvent(self, event) -> None:
        item = self.itemAt(event.position().toPoint())
        moved = (event.position() - self._press).manhattanLength()
        super().mouseReleaseEvent(event)
        is_click = event.button() == Qt.MouseButton.LeftButton and moved < 4  # not the end of a pan
        if isinstance(item, NodeItem) and item.exists and is_click:
            self.nodeClicked.emit(item.slug)

    def mousePressEvent(self, event) -> None:
        self._press = event.position()
        super().mousePressEvent(event)

    def contextMenuEvent(self, event) -> None:
        item = self.itemAt(event.pos())
        if not isinstance(item, NodeItem):
            return
        menu = QMenu(self)
        if item.exists:
            menu.addAction(icon("open-file"), f"Open {item.label}", lambda: self.nodeClicked.emit(item.slug))
        else:
            menu.addAction(icon("stub"), f"Create stub pattern “{item.slug}”", lambda: self.createStub.emit(item.slug))
        menu.exec(event.globalPos())


class MiniGraph(QWidget):
    """Canvas plus its controls: depth 1/2, inferred links on/off, fit, and the legend."""

    openPattern = Signal(str)
    createStub = Signal(str)

    def __init__(self, library, depth: int = 1, inferred: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.controller: DocumentController | None = None
        self.canvas = GraphCanvas(self)
        self.canvas.nodeClicked.connect(self.openPattern)
        self.canvas.createStub.connect(self.createStub)
        self.depth1 = QRadioButton("Depth 1", self)
        self.depth2 = QRadioButton("Depth 2", self)
        group = QButtonGroup(self)
        group.addButton(self.depth1)
        group.addButton(self.depth2)
        (self.depth2 if depth == 2 else self.depth1).setChecked(True)
        self.inferred = QCheckBox("Inferred links", self)
        self.inferred.setChecked(inferred)
        self.inferred.setToolTip("Show the links proposed by the graph tools (dashed)")
        fit = QToolButton(self)
        fit.setIcon(icon("fit"))
        fit.setToolTip("Fit the graph in view")
        fit.setAutoRaise(True)
        fit.clicked.connect(self.canvas.fit)
        controls = QHBoxLayout()
        controls.setContentsMargins(8, 4, 8, 0)
        controls.addWidget(self.depth1)
        controls.addWidget(self.depth2)
        controls.addWidget(self.inferred)
        controls.addStretch(1)
        controls.addWidget(fit)
        self.legend = QLabel(self)
        self.legend.setWordWrap(True)
        self.legend.setObjectName("Hint")
        self.empty = QLabel("Open a pattern to see its neighbourhood.", self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setObjectName("Hint")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 4)
        lay.setSpacing(2)
        lay.addLayout(controls)
        lay.addWidget(self.canvas, 1)
        lay.addWidget(self.empty, 1)
        lay.addWidget(self.legend)
        self._timer = QTimer(self, singleShot=True, interval=200)
        self._timer.timeout.connect(self.rebuild)
        for w in (self.depth1, self.depth2, self.inferred):
            w.toggled.connect(lambda _on: self._timer.start())
        self.graph: nx.MultiDiGraph | None = None
        self.rebuild()

    @property
    def depth(self) -> int:
        return 2 if self.depth2.isChecked() else 1

    def show_document(self, controller: DocumentController | None) -> None:
        if self.controller is not None:
            try:
                self.controller.fieldsChanged.disconnect(self._fields_changed)
            except (RuntimeError, TypeError):
                pass
        self.controller = controller
        if controller is not None:
            controller.fieldsChanged.connect(self._fields_changed)
        self.rebuild()

    def _fields_changed(self, paths) -> None:
        texts = [".".join(str(s) for s in p) for p in paths] if paths else None
        if texts is None or any(
            t.startswith(("relationships", "graph_garden", "slug", "title")) or t.split(".")[0] in TYPES for t in texts
        ):
            self._timer.start()

    def rebuild(self) -> None:
        graph = self.current_graph()
        self.graph = graph
        has = graph is not None and len(graph) > 0
        self.canvas.setVisible(has)
        self.empty.setVisible(not has)
        self._update_legend(graph)
        if not has:
            return
        center = graph.graph["center"]
        positions = graph_model.layout(graph, center, label=lambda n: graph_model.label_text(graph, n, 28))
        self.canvas.show_graph(graph, positions, center)

    def current_graph(self) -> nx.MultiDiGraph | None:
        """The neighbourhood from the index, with the open document's links as they are now."""
        doc = self.controller.doc if self.controller is not None else None
        if doc is None or doc.data is None:
            return None
        slug = doc.data.get("slug") if isinstance(doc.data.get("slug"), str) else (doc.path.stem if doc.path else "")
        index = getattr(self.library, "index", None)
        inferred = self.inferred.isChecked()
        if index is not None and index.has_slug(slug):
            graph = graph_model.neighbourhood(index, slug, self.depth, inferred=inferred, max_nodes=60)
        else:
            graph = nx.MultiDiGraph(center=slug)
        return merge_live_links(graph, slug, doc.data, index, inferred)

    def _update_legend(self, graph: nx.MultiDiGraph | None) -> None:
        kinds = (
            sorted(
                {d.get("type") for _u, _v, d in graph.edges(data=True)} - {None},
                key=lambda k: TYPES.index(k) if k in TYPES else 99,
            )
            if graph is not None
            else []
        )
        parts = [
            f"<span style='color:{type_color(k).name()}'>━</span> {schema.RELATION_LABELS.get(k, k)}" for k in kinds
        ]
        if graph is not None and any(d.get("inferred") for _u, _v, d in graph.edges(data=True)):
            parts.append("┄ inferred")
        if graph is not None and any(not d.get("exists", True) for _n, d in graph.nodes(data=True)):
            parts.append(f"<span style='color:{colors().warning}'>▭</span> not in library")
        self.legend.setText("&nbsp;&nbsp; ".join(parts))
        self.legend.setContentsMargins(8, 0, 8, 0)


__all__ = ["GraphCanvas", "MiniGraph", "NodeItem", "QGraphicsItem"]
