"""Crash recovery keeps nearly everything typed: a snapshot follows each burst of typing within
RECOVERY_DELAY_MS (off the keystroke itself), closing flushes the pending one, and a snapshot
that cannot be written is reported instead of escaping."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from editor.model.document.recovery import RecoveryStore
from editor.ui.common.settings import Settings
from editor.ui.window.mainwindow import MainWindow
from editor.ui.workspace.snapshots import RECOVERY_DELAY_MS, RECOVERY_MAX_WAIT_MS

from .ui_helpers import ScriptedDialogs, copy_library

SEED_SLUG = "restorative-practices-helpers"


@pytest.fixture
def window(qtbot, tmp_path: Path) -> MainWindow:
    win = MainWindow(Settings(), ScriptedDialogs(), RecoveryStore(tmp_path / "recovery"))
    qtbot.addWidget(win)
    win.open_folder(copy_library(tmp_path), wait=True)
    win.show()
    return win


def _type_in_title(qtbot, window: MainWindow, text: str) -> None:
    window.open_slug(SEED_SLUG)
    title = window.findChild(QLineEdit, "field:title")
    qtbot.mouseClick(title, Qt.MouseButton.LeftButton)
    qtbot.keyClick(title, Qt.Key.Key_End)
    qtbot.keyClicks(title, text)


def test_snapshot_follows_typing_within_half_a_second(qtbot, window: MainWindow) -> None:
    assert RECOVERY_DELAY_MS <= 500
    assert window.workspace.snapshots.pause.interval() == RECOVERY_DELAY_MS
    _type_in_title(qtbot, window, " typed")
    assert window.workspace.snapshots.pause.isActive()  # scheduled, not written on the keystroke
    qtbot.waitUntil(lambda: any("typed" in e.text for e in window.workspace.snapshots.store.entries()))


def test_typing_that_never_pauses_is_still_snapshotted(qtbot, window: MainWindow) -> None:
    _type_in_title(qtbot, window, " non-stop")
    deadline = window.workspace.snapshots.deadline
    assert deadline.isActive() and deadline.interval() == RECOVERY_MAX_WAIT_MS
    assert not window.workspace.snapshots.store.entries()
    window.workspace.snapshots.deadline.timeout.emit()  # the deadline passes while the pause timer keeps restarting
    assert any("non-stop" in e.text for e in window.workspace.snapshots.store.entries())
    assert not window.workspace.snapshots.pause.isActive() and not window.workspace.snapshots.deadline.isActive()


def test_closing_flushes_the_pending_snapshot(qtbot, window: MainWindow) -> None:
    _type_in_title(qtbot, window, " last words")
    assert window.workspace.snapshots.pause.isActive() and not window.workspace.snapshots.store.entries()
    window.dialogs.unsaved = []  # the user cancels the quit question (or the session ends while it is open)
    assert not window.close()
    assert not window.workspace.snapshots.pause.isActive()
    assert any("last words" in e.text for e in window.workspace.snapshots.store.entries())


def test_a_snapshot_that_cannot_be_kept_is_reported(qtbot, window: MainWindow, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    window.workspace.snapshots.store = RecoveryStore(blocker / "recovery")  # its folder cannot be created
    _type_in_title(qtbot, window, " x")
    window.workspace.snapshots.flush()
    assert "not kept for recovery" in window.statusBar().currentMessage()
