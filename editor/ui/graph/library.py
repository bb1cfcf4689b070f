"""The whole library as one graph: clustered by domain or community, filterable, searchable,
interactive at thousands of nodes (one light item per node, edges batched into one path per
relationship type, labels only when zoomed in)."""

from __future__ import annotations

import hashlib

import networkx as nx
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QStyleOptionGraphicsItem,
    QVBoxLayout,
    QWidget,
)

from editor.model import schema
from editor.model.library import graph as graph_model
from editor.ui.common.richtext import esc as _esc
from editor.ui.common.richtext import mix
from editor.ui.common.theme import colors, icon
from editor.ui.graph.neighbourhood import TYPES, type_color

NODE_RADIUS = 6.0
LABEL_ZOOM = 1.2  # labels appear once a node is drawn at least this large

_CLUSTER_COLOURS = (
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


def cluster_colour(name: str | None) -> QColor:
    if not name:
        return QColor("#9aa4ae")
    digest = int(hashlib.sha1(name.encode("utf-8")).hexdigest()[:8], 16)
    return QColor(_CLUSTER_COLOURS[digest % len(_CLUSTER_COLOURS)])


class DotItem(QGraphicsItem):
    """One pattern: a dot, its title beside it when zoomed in."""

    def __init__(self, slug: str, data: dict, colour: QColor) -> None:
        super().__init__()
        self.slug = slug
        self.info = data  # not `data`: that would shadow QGraphicsItem.data()
        self.colour = colour
        self.title = data.get("title") or slug
        self.exists = bool(data.get("exists", True))
        self.highlight = False
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setAcceptHoverEvents(True)
        self.setZValue(2)
        overall = data.get("overall")
        self.setToolTip(
            f"<b>{_esc(self.title)}</b><br>{slug}"
            + (f"<br>Overall {overall:.1f}" if isinstance(overall, (int, float)) else "")
            + (f"<br>{_esc(data.get('domain') or '')}" if data.get("domain") else "")
            + ("" if self.exists else "<br><i>not in the library</i>")
        )

    def boundingRect(self) -> QRectF:
        r = NODE_RADIUS + 2
        return QRectF(-r, -r, 2 * r + 260, 2 * r)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addEllipse(QPointF(0, 0), NODE_RADIUS + 2, NODE_RADIUS + 2)
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        c = colors()
        selected = self.isSelected() or self.highlight
        fill = QColor(self.colour if self.exists else c.window)
        painter.setPen(
            QPen(QColor(c.accent if selected else (c.base if self.exists else c.warning)), 3 if selected else 1)
        )
        painter.setBrush(fill)
        radius = NODE_RADIUS * (1.6 if selected else 1.0)
        painter.drawEllipse(QPointF(0, 0), radius, radius)
        if lod >= LABEL_ZOOM or selected:
            painter.setPen(QColor(c.text))
            painter.drawText(QPointF(NODE_RADIUS + 4, 4), self.title[:40])


class EdgeLinesItem(QGraphicsItem):
    """All edges of one type as plain lines: drawLines is far cheaper than stroking a path of
    thousands of subpaths, and antialiasing is only worth its cost when zoomed in."""

    def __init__(self, lines: list[QLineF], pen: QPen) -> None:
        super().__init__()
        self.lines = lines
        self.pen = pen
        xs = [v for ln in lines for v in (ln.x1(), ln.x2())] or [0.0]
        ys = [v for ln in lines for v in (ln.y1(), ln.y2())] or [0.0]
        self._rect = QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)).adjusted(-2, -2, 2, 2)

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        painter.setRenderHint(
            QPainter.RenderHint.Antialiasing, option.levelOfDetailFromTransform(painter.worldTransform()) >= 1.5
        )
        painter.setPen(self.pen)
        painter.drawLines(self.lines)


class LibraryGraphView(QGraphicsView):
    nodeActivated = Signal(str)
    nodeSelected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, True)
        self.scene().setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self.scene().selectionChanged.connect(self._selection_changed)
        self.setAccessibleName("Library graph")
        self.content_rect = QRectF()  # the nodes' extent (labels excluded), what "fit" shows
        self.auto_fit = True  # until the user zooms, a resize refits

    def wheelEvent(self, event) -> None:
        self.auto_fit = False
        factor = 1.2 if event.angleDelta().y() > 0 else 1 / 1.2
        self.scale(factor, factor)

    def fit(self) -> None:
        self.auto_fit = True
        rect = self.content_rect
        if not rect.isEmpty():
            self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.auto_fit:
            self.fit()

    def mouseDoubleClickEvent(self, event) -> None:
        item = self.itemAt(event.position().toPoint())
        if isinstance(item, DotItem) and item.exists:
            self.nodeActivated.emit(item.slug)
        else:
            super().mouseDoubleClickEvent(event)

    def _selection_changed(self) -> None:
        items = [i for i in self.scene().selectedItems() if isinstance(i, DotItem)]
        if items:
            self.nodeSelected.emit(items[0].slug)


class LibraryGraphWindow(QMainWindow):
    openPattern = Signal(str)

    def __init__(self, library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.setWindowTitle("Library graph — Pattern Editor")
        self.setWindowIcon(icon("graph"))
        self.view = LibraryGraphView(self)
        self.view.nodeActivated.connect(self.openPattern)
        self.view.nodeSelected.connect(self._show_info)
        self.graph: nx.MultiDiGraph | None = None
        self.dots: dict[str, DotItem] = {}
        self.edge_paths: dict[tuple[str, bool], EdgeLinesItem] = {}
        self._build_panel()
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.panel)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 1000])
        self.setCentralWidget(splitter)
        self._filter_timer = QTimer(self, singleShot=True, interval=120)
        self._filter_timer.timeout.connect(self.apply_filters)
        self.resize(1280, 800)
        self.rebuild()

    # ------------------------------------------------------------ panel

    def _build_panel(self) -> None:
        self.panel = QWidget(self)
        form = QFormLayout()
        self.search = QLineEdit(self.panel)
        self.search.setPlaceholderText("Find a pattern…")
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.returnPressed.connect(self.focus_search)
        self.colour_by = QComboBox(self.panel)
        self.colour_by.addItem("Domain", "domain")
        self.colour_by.addItem("Commons domain", "commons")
        self.colour_by.addItem("Community", "communities")
        self.colour_by.currentIndexChanged.connect(lambda _i: self.rebuild())
        self.domain = QComboBox(self.panel)
        self.status = QComboBox(self.panel)
        self.min_score = QDoubleSpinBox(self.panel)
        self.max_score = QDoubleSpinBox(self.panel)
        for spin, value in ((self.min_score, 0.0), (self.max_score, 5.0)):
            spin.setRange(0.0, 5.0)
            spin.setSingleStep(0.5)
            spin.setDecimals(1)
            spin.setValue(value)
            spin.valueChanged.connect(lambda _v: self._filter_timer.start())
        scores = QHBoxLayout()
        scores.addWidget(self.min_score)
        scores.addWidget(QLabel("to"))
        scores.addWidget(self.max_score)
        self.show_missing = QCheckBox("Missing targets", self.panel)
        self.show_missing.setChecked(False)
        self.show_missing.toggled.connect(lambda _on: self._filter_timer.start())
        form.addRow(self.search)
        form.addRow("Colour by", self.colour_by)
        form.addRow("Domain", self.domain)
        form.addRow("Status", self.status)
        form.addRow("Overall score", scores)
        form.addRow(self.show_missing)
        self.type_boxes: dict[str, QCheckBox] = {}
        types_box = QVBoxLayout()
        types_box.setSpacing(2)
        for kind in (*TYPES, "inferred"):
            box = QCheckBox(schema.RELATION_LABELS.get(kind, "Inferred links"), self.panel)
            box.setChecked(kind != "inferred")
            colour = type_color(kind).name() if kind != "inferred" else colors().muted
            box.setStyleSheet(f"QCheckBox {{ color: {colour}; }}")
            box.toggled.connect(lambda _on: self._filter_timer.start())
            self.type_boxes[kind] = box
            types_box.addWidget(box)
        self.info = QLabel(self.panel)
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.RichText)
        self.info.linkActivated.connect(lambda link: self.openPattern.emit(link.removeprefix("pattern:")))
        self.count = QLabel(self.panel)
        self.count.setObjectName("Hint")
        lay = QVBoxLayout(self.panel)
        lay.setContentsMargins(12, 12, 12, 12)
        lay.addLayout(form)
        heading = QLabel("Relationship types")
        heading.setStyleSheet("font-weight: 600;")
        lay.addWidget(heading)
        lay.addLayout(types_box)
        lay.addWidget(self.count)
        lay.addWidget(self.info, 1)
        for combo in (self.domain, self.status):
            combo.currentIndexChanged.connect(lambda _i: self._filter_timer.start())

    # ------------------------------------------------------------ building

    def rebuild(self) -> None:
        index = getattr(self.library, "index", None)
        scene = self.view.scene()
        scene.clear()
        self.dots, self.edge_paths = {}, {}
        if index is None:
            self.graph = None
            return
        self.graph = graph = graph_model.library_graph(index)  # cached and patched by the index
        by = self.colour_by.currentData() or "domain"
        positions, clusters = graph_model.cluster_layout(graph, by=by)
        scene.setBackgroundBrush(QBrush(QColor(colors().base)))
        for node, data in graph.nodes(data=True):
            value = data.get(by)
            if isinstance(value, (tuple, list)):
                value = value[0] if value else None
            dot = DotItem(node, data, cluster_colour(str(value) if value else None))
            dot.setPos(*positions[node])
            scene.addItem(dot)
            self.dots[node] = dot
        self._fill_choices(graph)
        self._label_clusters(clusters)
        xs = [p[0] for p in positions.values()] or [0.0]
        ys = [p[1] for p in positions.values()] or [0.0]
        scene.setSceneRect(
            QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)).adjusted(-400, -400, 400, 400)
        )
        self.apply_filters()
        self.view.fit()

    def _label_clusters(self, clusters: dict[str, tuple[float, float, float]]) -> None:
        """Cluster names, sized to their cluster so neighbours' names never collide."""
        c = colors()
        counts: dict[str, int] = {}
        by = self.colour_by.currentData() or "domain"
        assert self.graph is not None
        for _node, data in self.graph.nodes(data=True):
            value = data.get(by)
            if isinstance(value, (tuple, list)):
                value = value[0] if value else None
            counts[str(value) if value else graph_model.NO_DOMAIN] = (
                counts.get(str(value) if value else graph_model.NO_DOMAIN, 0) + 1
            )
        for name, (x, y, radius) in clusters.items():
            if name == graph_model.GHOST_DOMAIN or counts.get(name, 0) < 6:
                continue
            item = self.view.scene().addSimpleText("")
            font = item.font()
            font.setPixelSize(int(max(8, min(48, radius * 0.22))))
            font.setWeight(font.Weight.DemiBold)
            item.setFont(font)
            item.setText(QFontMetrics(font).elidedText(name, Qt.TextElideMode.ElideRight, int(2 * radius)))
            item.setBrush(QColor(c.muted))
            item.setPos(x - item.boundingRect().width() / 2, y - radius - item.boundingRect().height())
            item.setZValue(3)

    def _fill_choices(self, graph: nx.MultiDiGraph) -> None:
        domains = sorted({d.get("domain") for _n, d in graph.nodes(data=True) if d.get("domain")})
        statuses = sorted({d.get("status") for _n, d in graph.nodes(data=True) if d.get("status")})
        for combo, values in ((self.domain, domains), (self.status, statuses)):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("All", None)
            for v in values:
                combo.addItem(str(v), v)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)

    def _build_edges(self, keep: set[str]) -> None:
        """One item per (type, inferred) over the visible nodes: thousands of lines, a handful of items."""
        assert self.graph is not None
        pos = {n: self.dots[n].pos() for n in keep}
        lines: dict[tuple[str, bool], list[QLineF]] = {}
        for u, v, data in self.graph.edges(data=True):
            if u == v or u not in pos or v not in pos:
                continue
            key = (data.get("type") or "related", bool(data.get("inferred")))
            lines.setdefault(key, []).append(QLineF(pos[u], pos[v]))
        for item in self.edge_paths.values():
            self.view.scene().removeItem(item)
        self.edge_paths = {}
        for (kind, inferred), group in lines.items():
            # opaque colours pre-mixed with the background: the raster engine draws solid
            # one-pixel lines several times faster than translucent ones
            colour = QColor(mix(type_color(kind).name(), colors().base, 0.28 if inferred else 0.45))
            pen = QPen(colour, 0)
            pen.setCosmetic(True)  # one pixel whatever the zoom
            if inferred:
                pen.setStyle(Qt.PenStyle.DashLine)
            item = EdgeLinesItem(group, pen)
            item.setZValue(0)
            box = self.type_boxes.get("inferred" if inferred else kind)
            item.setVisible(box.isChecked() if box else True)
            self.view.scene().addItem(item)
            self.edge_paths[(kind, inferred)] = item

    # ------------------------------------------------------------ filtering and focus

    def visible_nodes(self) -> set[str]:
        if self.graph is None:
            return set()
        domain, status = self.domain.currentData(), self.status.currentData()
        lo, hi = self.min_score.value(), self.max_score.value()
        keep = set()
        for node, data in self.graph.nodes(data=True):
            if not data.get("exists", True):
                if self.show_missing.isChecked():
                    keep.add(node)
                continue
            if domain is not None and data.get("domain") != domain:
                continue
            if status is not None and data.get("status") != status:
                continue
            overall = data.get("overall")
            if isinstance(overall, (int, float)) and not lo <= overall <= hi:
                continue
            if overall is None and (lo > 0 or hi < 5):
                continue
            keep.add(node)
        return keep

    def apply_filters(self) -> None:
        keep = self.visible_nodes()
        for node, dot in self.dots.items():
            dot.setVisible(node in keep)
        self._build_edges(keep)
        if keep:  # "fit" shows what the filters leave
            xs = [self.dots[n].pos().x() for n in keep]
            ys = [self.dots[n].pos().y() for n in keep]
            self.view.content_rect = QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)).adjusted(
                -60, -80, 60, 40
            )
            if self.view.auto_fit:
                self.view.fit()
        total = sum(1 for d in self.dots.values() if d.exists)
        shown = sum(1 for n in keep if self.dots[n].exists)
        self.count.setText(f"{shown} of {total} patterns shown")

    def focus_search(self) -> None:
        query = self.search.text().strip()
        if not query:
            return
        hits = self.library.search(query, 1) if hasattr(self.library, "search") else []
        slug = hits[0][0] if hits else None
        if slug and slug in self.dots:
            self.focus(slug)

    def focus(self, slug: str) -> None:
        for dot in self.dots.values():
            if dot.highlight:
                dot.highlight = False
                dot.update()
        dot = self.dots[slug]
        dot.setVisible(True)
        dot.highlight = True
        self.view.scene().clearSelection()
        dot.setSelected(True)
        self.view.resetTransform()
        self.view.scale(2.0, 2.0)
        self.view.centerOn(dot)
        self._show_info(slug)

    def _show_info(self, slug: str) -> None:
        if self.graph is None or slug not in self.graph:
            return
        data = self.graph.nodes[slug]
        out_n = self.graph.out_degree(slug)
        in_n = self.graph.in_degree(slug)
        overall = data.get("overall")
        self.info.setText(
            f"<p><b>{_esc(data.get('title') or slug)}</b><br><span>{slug}</span></p>"
            f"<p>Domain: {_esc(data.get('domain') or '—')}<br>Status: {_esc(data.get('status') or '—')}"
            f"<br>Overall: {overall if overall is not None else '—'}<br>"
            f"Links: {out_n} out, {in_n} in</p>"
            + (f"<p><a href='pattern:{slug}'>Open pattern</a></p>" if data.get("exists", True) else "")
        )
