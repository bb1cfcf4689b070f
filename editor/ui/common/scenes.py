"""Release graphics scenes before the application object goes away."""

from __future__ import annotations

from PySide6.QtWidgets import QGraphicsView, QWidget


def release_scenes(root: QWidget) -> None:
    """Empty every graphics scene while Qt is still alive: Python-made graphics items must not
    be collected after the application object is gone (a PySide6 shutdown crash)."""
    for view in root.findChildren(QGraphicsView):
        view.scene().clear()
