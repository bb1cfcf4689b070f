"""Side panels yield to the centre on small screens (issue 16, item 5).

When the window is narrow (1024×700, 1280×800 laptops), the docks beside the tabs shrink so the
form keeps room for its fields: each side takes at most a share of the window's width; a dock
is never widened, so one the user made narrower stays as it is."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow

LEFT_SHARE, RIGHT_SHARE = 0.19, 0.27  # the most of the window's width each side may take
SIDE_MIN = 180


def target_widths(window_width: int) -> tuple[int, int]:
    """The widest the left and right dock areas may be in a window this wide (a wide screen leaves
    docks as the user made them: 364 and 518 px at 1920)."""
    left = max(SIDE_MIN, int(window_width * LEFT_SHARE))
    right = max(SIDE_MIN, int(window_width * RIGHT_SHARE))
    return left, right


def _side_docks(window: QMainWindow, area: Qt.DockWidgetArea) -> list[QDockWidget]:
    return [
        d
        for d in window.findChildren(QDockWidget)
        if d.parent() is window and not d.isFloating() and not d.isHidden() and window.dockWidgetArea(d) == area
    ]


def fit_docks(window: QMainWindow) -> None:
    """Shrink the left and right dock areas to their share of the window's width."""
    left, right = target_widths(window.width())
    docks, sizes = [], []
    for area, target in ((Qt.DockWidgetArea.LeftDockWidgetArea, left), (Qt.DockWidgetArea.RightDockWidgetArea, right)):
        side = _side_docks(window, area)
        if not side:
            continue
        current = max(d.width() for d in side) if window.isVisible() else target
        docks.append(side[0])
        sizes.append(min(current, target))
    if docks:
        window.resizeDocks(docks, sizes, Qt.Orientation.Horizontal)
