"""The application's shortcuts win over the text widgets' own key bindings: Ctrl+U in a field's line
edit toggles the source view (QLineEdit would otherwise take it, via ShortcutOverride, and empty the
field on X11-style key bindings).

The offscreen platform uses Windows key bindings, where QLineEdit has no Ctrl+U: the clash shows only
on X11, so the same tests run again under Xvfb with the xcb platform when Xvfb is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from editor.app import create_window

from .conftest import SAMPLES
from .ui_helpers import ScriptedDialogs

SEED = "restorative-practices-helpers.md"
SOURCE = 2


@pytest.fixture
def window(qtbot, tmp_path: Path):
    folder = tmp_path / "lib"
    shutil.copytree(SAMPLES, folder)
    win = create_window(folder / SEED, wait=True)
    win.dialogs = ScriptedDialogs()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win, timeout=20000)  # generous: a busy machine starts X clients slowly
    win.activateWindow()  # window shortcuts fire only in the active window (X11 without a window manager)
    qtbot.waitActive(win, timeout=20000)
    return win


@pytest.mark.parametrize("name", ["field:title", "field:context_labels.tech"])
def test_ctrl_u_in_a_line_edit_toggles_the_source_view(window, qtbot, name):
    tab = window.current_tab()
    field = tab.findChild(QLineEdit, name)
    assert field is not None
    before = field.text()
    field.setFocus()
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    # a busy machine: background workers (index, query data, mentions) may still be delivering
    qtbot.waitUntil(lambda: window.isActiveWindow() and field.hasFocus(), timeout=10000)
    qtbot.keyClick(field, Qt.Key.Key_End)
    qtbot.keyClick(field, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.views.currentIndex() == SOURCE, timeout=3000)
    assert window.actions["toggle_source"].isChecked()
    assert field.text() == before  # the field is not emptied


def test_other_keys_still_reach_the_line_edit(window, qtbot):
    field = window.current_tab().findChild(QLineEdit, "field:title")
    field.setFocus()
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # select all: the field's own key
    assert field.selectedText() == field.text() != ""


@pytest.mark.skipif(os.environ.get("QT_QPA_PLATFORM") == "xcb", reason="already running under X11")
@pytest.mark.skipif(shutil.which("Xvfb") is None or sys.platform != "linux", reason="needs Xvfb (apt install xvfb)")
def test_the_same_under_x11_key_bindings(tmp_path):
    read, write = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as fh:
            display = fh.readline().strip()
        env = dict(os.environ, DISPLAY=f":{display}", QT_QPA_PLATFORM="xcb")
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:cacheprovider", __file__, "-k", "not x11"],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=10)
    output = (done.stdout + done.stderr).lower()
    if done.returncode and ("could not connect to display" in output or 'platform plugin "xcb"' in output):
        pytest.skip("Qt's xcb platform cannot start here (missing libxcb libraries)")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
