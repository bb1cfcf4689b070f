"""Drive the real widgets as a curator would, save, and check the exact bytes on disk."""

from __future__ import annotations

import difflib
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from editor.model.document.recovery import RecoveryStore
from editor.ui.common.settings import Settings
from editor.ui.window.mainwindow import MainWindow

from .ui_helpers import ScriptedDialogs, copy_library


def changed_lines(before: bytes, after: bytes) -> list[str]:
    return [
        ln
        for ln in difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(), n=0, lineterm="")
        if ln[:1] in "+-" and not ln.startswith(("+++", "---"))
    ]


def test_curator_session_changes_only_the_edited_lines(qtbot, tmp_path: Path) -> None:
    folder = copy_library(tmp_path)
    path = folder / "restorative-practices-helpers.md"
    original = path.read_bytes()
    window = MainWindow(Settings(), ScriptedDialogs(), RecoveryStore(tmp_path / "recovery"))
    qtbot.addWidget(window)
    window.open_folder(folder, wait=True)
    window.resize(1280, 800)
    window.show()
    tab = window.open_slug("restorative-practices-helpers")
    form = tab.form

    # move a slider
    form.row_for("ontology.commons_assessment.resilience").editor.slider.setValue(35)
    # pick a relationship in the picker
    picker = form.row_for("relationships.enables").editor.picker
    qtbot.keyClicks(picker.edit, "peer supp")
    qtbot.waitUntil(picker.results.isVisible, timeout=2000)
    qtbot.keyClick(picker.edit, Qt.Key.Key_Return)
    # edit a context label
    tech = form.row_for("context_labels.tech").editor.edit
    tech.setFocus()
    tech.selectAll()
    qtbot.keyClicks(tech, "Restorative Retros")
    # type in the body, then undo the last word
    tab.views.setCurrentIndex(1)
    body = tab.body.editor
    cursor = body.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    body.setTextCursor(cursor)
    qtbot.keyClick(body, Qt.Key.Key_Return)
    qtbot.keyClicks(body, "Reviewed in circle")
    window.undo_action.trigger()  # takes back " circle"
    assert tab.doc.body.endswith("accountability.\n\nReviewed in")
    assert window.workspace.save_tab(tab)

    assert changed_lines(original, path.read_bytes()) == [
        '-  tech: "Restorative Practices for Helpers for Products"',
        '+  tech: "Restorative Retros"',
        "-    resilience: 3.0",
        "+    resilience: 3.5",
        "+    - slug: peer-support-circles",
        "+      weight: 0.8",
        "+",
        "+Reviewed in",
    ]
    assert path.read_bytes().endswith(b"accountability.\n\nReviewed in")

    # undoing everything and saving gives back the original bytes
    while window.undo_action.isEnabled():
        window.undo_action.trigger()
    assert window.workspace.save_tab(tab) or not tab.doc.dirty
    assert path.read_bytes() == original
