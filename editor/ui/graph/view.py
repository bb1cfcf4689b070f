"""The library graph's view: wheel zoom, drag to pan, click and double-click on a node, fit on resize,
and a "Laying out…" notice over the viewport while a drill-in is computed."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRectF, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QLabel, QWidget

from editor.ui.graph.items import _Node

MAX_FIT_SCALE = 2.5


class LibraryGraphView(QGraphicsView):
    nodeClicked = Signal(str)  # a click without a drag on a node
    nodeActivated = Signal(str)  # a double-click on a node

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName("Library graph")
        self.content_rect = QRectF()  # what "fit" shows
        self.auto_fit = True  # until the user zooms, a resize refits
        self._pressed: QPoint | None = None
        self.notice = QLabel(self.viewport())
        self.notice.setObjectName("graph:notice")
        self.notice.setStyleSheet("QLabel { padding: 8px 14px; border-radius: 6px; font-weight: 600; }")
        self.notice.setAutoFillBackground(True)
        self.notice.hide()

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.adjustSize()
        self._place_notice()
        self.notice.show()
        self.notice.raise_()

    def hide_notice(self) -> None:
        self.notice.hide()

    def _place_notice(self) -> None:
        vp = self.viewport().rect()
        self.notice.move(vp.center().x() - self.notice.width() // 2, 16)

    def scale_now(self) -> float:
        return self.transform().m11()

    def wheelEvent(self, event) -> None:
        self.auto_fit = False
        factor = 1.2 if event.angleDelta().y() > 0 else 1 / 1.2
        self.scale(factor, factor)

    def fit(self) -> None:
        self.auto_fit = True
        self.show_rect(self.content_rect)
        self.auto_fit = True

    def show_rect(self, rect: QRectF, max_scale: float = MAX_FIT_SCALE) -> None:
        """Fit ``rect`` (never closer than ``max_scale``)."""
        if rect.isEmpty():
            return
        self.auto_fit = False
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.scale_now() > max_scale:
            self.resetTransform()
            self.scale(max_scale, max_scale)
            self.centerOn(rect.center())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_notice()
        if self.auto_fit:
            self.fit()

    def node_at(self, point: QPoint) -> str | None:
        for item in self.items(point):
            if isinstance(item, _Node):
                return item.key
        return None

    def mousePressEvent(self, event) -> None:
        self._pressed = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        start, self._pressed = self._pressed, None
        if start is None or event.button() != Qt.MouseButton.LeftButton:
            return
        point = event.position().toPoint()
        if (point - start).manhattanLength() <= 4:
            key = self.node_at(point)
            if key is not None:
                self.nodeClicked.emit(key)

    def mouseDoubleClickEvent(self, event) -> None:
        key = self.node_at(event.position().toPoint())
        if key is not None:
            self.nodeActivated.emit(key)
        else:
            super().mouseDoubleClickEvent(event)
