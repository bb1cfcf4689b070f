"""The graph's current view to a PNG (twice the on-screen size) or an SVG (vector, from QSvgGenerator)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsView

from editor.ui.common.theme import colors

FILTERS = "PNG image (*.png);;SVG image (*.svg)"


def visible_rect(view: QGraphicsView) -> QRectF:
    return view.mapToScene(view.viewport().rect()).boundingRect()


def export_view(view: QGraphicsView, path: str | Path, title: str = "Library graph") -> Path:
    """Write what ``view`` shows to ``path``: SVG for ``.svg``, otherwise PNG (``.png`` added)."""
    out = Path(path)
    if out.suffix.lower() not in (".png", ".svg"):
        out = out.with_suffix(out.suffix + ".png") if out.suffix else out.with_suffix(".png")
    source = visible_rect(view)
    size = view.viewport().size()
    scene = view.scene()
    if out.suffix.lower() == ".svg":
        gen = QSvgGenerator()
        gen.setFileName(str(out))
        gen.setSize(size)
        gen.setViewBox(QRectF(0, 0, size.width(), size.height()))
        gen.setTitle(title)
        gen.setDescription("Exported from Pattern Editor's library graph")
        painter = QPainter(gen)
        _render(painter, scene, QRectF(0, 0, size.width(), size.height()), source)
        painter.end()
    else:
        image = QImage(QSize(size.width() * 2, size.height() * 2), QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(2.0)
        image.fill(QColor(colors().base))
        painter = QPainter(image)
        _render(painter, scene, QRectF(0, 0, size.width(), size.height()), source)
        painter.end()
        if not image.save(str(out), "PNG"):
            raise OSError(f"could not write {out}")
    return out


def _render(painter: QPainter, scene, target: QRectF, source: QRectF) -> None:
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    painter.fillRect(target, QColor(colors().base))
    scene.render(painter, target, source)
