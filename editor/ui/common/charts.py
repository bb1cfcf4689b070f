"""A radar chart of the seven commons-assessment pillars (optionally two versions overlaid)."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from editor.model.schema import PILLARS
from editor.ui.common.theme import colors

SHORT = {
    "stakeholder_architecture": "Stakeholders",
    "value_creation": "Value",
    "resilience": "Resilience",
    "ownership": "Ownership",
    "autonomy": "Autonomy",
    "composability": "Composability",
    "fractal_value": "Fractal value",
}


class PillarRadar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: list[tuple[str, dict, str]] = []  # (label, assessment, colour)
        self.colours = None  # a fixed theme.Colors (the PDF export: light on paper), else the current theme's
        self.setMinimumSize(QSize(240, 220))
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Radar chart of the seven pillars")

    def set_series(self, series: list[tuple[str, dict, str]]) -> None:
        self.series = series
        parts = []
        for label, assessment, _ in series:
            values = ", ".join(f"{SHORT[p]} {assessment.get(p, '—')}" for p in PILLARS)
            parts.append(f"{label}: {values}")
        self.setToolTip("\n".join(parts))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(300, 240)

    def paintEvent(self, event) -> None:
        c = self.colours or colors()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width(), self.height()
        cx, cy = w / 2, h / 2 + 4
        radius = min(w / 2 - 70, h / 2 - 26)
        if radius < 20:
            return
        n = len(PILLARS)

        def point(i: int, value: float) -> QPointF:
            angle = -math.pi / 2 + 2 * math.pi * i / n
            r = radius * max(0.0, min(5.0, value)) / 5
            return QPointF(cx + r * math.cos(angle), cy + r * math.sin(angle))

        grid = QPen(QColor(c.border))
        grid.setWidthF(1)
        p.setPen(grid)
        for level in range(1, 6):
            p.drawPolygon(QPolygonF([point(i, level) for i in range(n)]))
        for i in range(n):
            p.drawLine(QPointF(cx, cy), point(i, 5))
        font = QFont(self.font())
        font.setPointSizeF(max(7.5, font.pointSizeF() - 1))
        p.setFont(font)
        p.setPen(QColor(c.muted))
        for i, pillar in enumerate(PILLARS):
            at = point(i, 5.9)
            rect = QRectF(at.x() - 60, at.y() - 9, 120, 18)
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, SHORT[pillar])
        for _label, assessment, colour in self.series:
            values = [assessment.get(k) for k in PILLARS]
            if not all(isinstance(v, (int, float)) for v in values):
                continue
            poly = QPolygonF([point(i, float(v)) for i, v in enumerate(values)])
            fill = QColor(colour)
            fill.setAlpha(60)
            path = QPainterPath()
            path.addPolygon(poly)
            path.closeSubpath()
            p.fillPath(path, fill)
            pen = QPen(QColor(colour))
            pen.setWidthF(2)
            p.setPen(pen)
            p.drawPolygon(poly)
            p.setBrush(QColor(colour))
            for pt in poly:
                p.drawEllipse(pt, 2.5, 2.5)
            p.setBrush(Qt.BrushStyle.NoBrush)
        p.end()
