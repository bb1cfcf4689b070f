"""Placing a popup so it stays on screen: under its anchor, or above it when there is more room
there, moved sideways to fit and no taller than the room it has. The relationship pickers and the
body's link picker share it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget


def available(widget: QWidget) -> QRect:
    """The available geometry (no task bars) of the screen ``widget``'s window is on."""
    screen = widget.window().screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def global_rect(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def place(anchor: QRect, size: QSize, area: QRect, gap: int = 2) -> QRect:
    """A rectangle of at most ``size`` next to ``anchor``, inside ``area`` (one coordinate system):
    below the anchor when it fits there or below has at least as much room as above, else above;
    its left edge at the anchor's, moved left (never past the area) so it fits; its height capped
    to the room on the chosen side."""
    width = max(0, min(size.width(), area.width()))
    x = max(area.left(), min(anchor.left(), area.right() + 1 - width))
    below = area.bottom() - anchor.bottom() - gap  # rows free under the anchor
    above = anchor.top() - gap - area.top()  # rows free over it
    if size.height() <= below or below >= above:
        height = max(0, min(size.height(), below, area.height()))
        y = anchor.bottom() + 1 + gap
    else:
        height = max(0, min(size.height(), above, area.height()))
        y = anchor.top() - gap - height
    y = max(area.top(), min(y, area.bottom() + 1 - height))
    return QRect(x, y, width, height)


def keep_inside(widget: QWidget, area: QRect) -> None:
    """Move a shown top-level ``widget`` back inside ``area`` if its layout made it larger than placed."""
    geo = widget.frameGeometry()
    x = max(area.left(), min(geo.left(), area.right() + 1 - geo.width()))
    y = max(area.top(), min(geo.top(), area.bottom() + 1 - geo.height()))
    if (x, y) != (geo.left(), geo.top()):
        widget.move(widget.pos() + QPoint(x - geo.left(), y - geo.top()))
