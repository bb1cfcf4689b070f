"""A live switch to the dark theme (Preferences, chosen with the keyboard) reaches the preview, the
icons already set on widgets (filter box, view tabs) and the radio buttons' indicators.

A theme switch restyles every widget of the application. In the whole suite that includes hundreds
of widgets other tests left behind, and restyling them crashed the test process (a segfault inside
QApplication.setStyleSheet): so these tests run in a process of their own, started by the last test."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLineEdit, QRadioButton

from editor.app import create_window
from editor.model.render import page as render
from editor.model.render.card import palette
from editor.ui.common import theme

from .conftest import SAMPLES
from .ui_helpers import ScriptedDialogs

SEED = "restorative-practices-helpers.md"
ALONE = "PE_THEME_SWITCH_ALONE"
alone = pytest.mark.skipif(os.environ.get(ALONE) != "1", reason="runs in its own process (see the module doc)")


@pytest.fixture
def window(qtbot, tmp_path: Path):
    theme.apply(QApplication.instance(), "light")
    folder = tmp_path / "lib"
    shutil.copytree(SAMPLES, folder)
    win = create_window(folder / SEED, wait=True)
    win.settings.theme = "light"
    win.dialogs = ScriptedDialogs()
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    return win  # the next test starts light again above, once this window is deleted (restyling it took seconds)


def _ink_lightness(icon) -> float:
    """Mean lightness of an icon's drawn (opaque) pixels, 0 (black) to 255 (white)."""
    image = icon.pixmap(QSize(24, 24)).toImage()
    drawn = [image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())]
    drawn = [c for c in drawn if c.alpha() > 128]
    assert drawn, "the icon draws nothing"
    return sum(c.lightness() for c in drawn) / len(drawn)


def _switch_to_dark(window, qtbot) -> None:
    window.actions["preferences"].trigger()
    combo = window._preferences.theme
    qtbot.mouseClick(combo, Qt.MouseButton.LeftButton)  # opens the popup: close it and use the keys
    qtbot.keyClick(combo.view() if combo.view().isVisible() else combo, Qt.Key.Key_Escape)
    qtbot.keyClick(combo, Qt.Key.Key_End)  # the last entry: "Dark"
    assert combo.currentData() == "dark"
    window._preferences.close()


@alone
def test_the_preview_turns_dark(window, qtbot):
    preview = window.preview
    with qtbot.waitSignal(preview.rendered, timeout=60_000):  # the re-render the switch schedules
        _switch_to_dark(window, qtbot)
    dark = palette("dark").background
    assert preview.document().defaultStyleSheet() == render.stylesheet("dark")
    assert preview.palette().color(preview.palette().ColorRole.Base) == QColor(dark)
    shot = preview.viewport().grab().toImage()
    assert shot.pixelColor(4, shot.height() - 4).lightness() < 80  # the page itself is dark


@alone
def test_icons_already_set_follow_the_theme(window, qtbot):
    tab = window.current_tab()
    filter_box = window.findChild(QLineEdit, "FilterBox")
    icons = {
        "filter": lambda: filter_box.actions()[0].icon(),
        **{f"tab {i}": (lambda i=i: tab.views.tabIcon(i)) for i in range(tab.views.count())},
        "toolbar save_all": lambda: window.actions["save_all"].icon(),
    }
    assert all(_ink_lightness(get()) < 100 for get in icons.values())  # dark ink on the light theme
    _switch_to_dark(window, qtbot)
    for name, get in icons.items():
        assert _ink_lightness(get()) > 150, f"{name} icon stays dark on the dark theme"


@alone
def test_radio_buttons_stay_visible_on_dark(window, qtbot):
    _switch_to_dark(window, qtbot)
    radio = next(r for r in window.findChildren(QRadioButton) if r.text() == "Depth 2")  # the mini graph's
    assert not radio.isChecked()
    image = radio.grab().toImage()
    background = QColor(theme.DARK.window).lightness()
    ring = [image.pixelColor(x, y).lightness() for x in range(min(16, image.width())) for y in range(image.height())]
    assert max(ring) - background > 60  # the unchecked ring stands out from the dark background


@pytest.mark.skipif(os.environ.get(ALONE) == "1", reason="this is the process they run in")
def test_theme_switch_in_a_process_of_its_own(tmp_path):
    env = dict(os.environ, **{ALONE: "1"})
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:cacheprovider", __file__],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "3 passed" in done.stdout
