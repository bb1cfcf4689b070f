"""Tabbed panels get one tab bar each: Qt 6.11 gives a second tabbed group made before the window is
shown two bars, and the stale one stayed drawn over the library panel at every window size."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

from PySide6.QtWidgets import QTabBar

from editor.app import create_window

from .conftest import SAMPLES


def test_each_tabbed_panel_group_has_one_visible_tab_bar(qtbot, tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    shutil.copytree(SAMPLES, folder)
    window = create_window(folder / "restorative-practices-helpers.md", wait=True)
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    window.resize(1280, 800)
    qtbot.wait(50)
    bars = [b for b in window.findChildren(QTabBar) if b.parent() is window and b.isVisible()]
    groups = Counter(tuple(b.tabText(i) for i in range(b.count())) for b in bars)
    assert groups[("Problems", "Library problems")] == 1, groups
    assert all(n == 1 for n in groups.values()), groups
    assert window.library_problems_dock in window.tabifiedDockWidgets(window.problems_dock)
    bottom = next(b for b in bars if b.tabText(0) == "Problems")
    assert bottom.geometry().bottom() > window.library_dock.geometry().bottom()  # under the panels, not over one
