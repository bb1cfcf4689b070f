"""Undo scrolls to what it changed (issue 16, item 5): after Undo or Redo of a field edit the form
shows the field and focuses it; after a body edit the body editor's cursor is where the text changed."""

from __future__ import annotations

import shutil

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLineEdit

from editor.app import create_window
from editor.ui.document.tab import BODY, FORM

from .conftest import SAMPLES
from .ui_helpers import ScriptedDialogs

CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton
SLUG = "peer-support-circles"
FAR = "field:license"  # the form's last group, far below the first screen


def _window(qtbot, tmp_path):
    folder = tmp_path / "lib"
    shutil.copytree(SAMPLES, folder)
    window = create_window(folder / f"{SLUG}.md", wait=True)
    window.dialogs = ScriptedDialogs()
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def in_view(form, widget) -> bool:
    """Is the whole of ``widget`` inside the form's visible area?"""
    rect = QRect(widget.mapTo(form.viewport(), QPoint(0, 0)), widget.size())
    return form.viewport().rect().contains(rect)


def _edit_far_field_then_go_up(qtbot, window):
    form = window.current_tab().form
    far = window.findChild(QLineEdit, FAR)
    form.ensureWidgetVisible(far)  # the user scrolls down to it
    qtbot.mouseClick(far, LEFT)
    qtbot.keyClick(far, Qt.Key.Key_End)
    qtbot.keyClicks(far, " edited")
    title = window.findChild(QLineEdit, "field:title")
    form.verticalScrollBar().setValue(0)  # and back up, to the title
    qtbot.mouseClick(title, LEFT)
    assert not in_view(form, far) and in_view(form, title)
    return form, far, title


def test_undo_scrolls_the_form_to_the_field_it_changed(qtbot, tmp_path):
    window = _window(qtbot, tmp_path)
    tab = window.current_tab()
    before = tab.doc.get("license")
    form, far, _title = _edit_far_field_then_go_up(qtbot, window)

    window.findChild(QAction, "undo").trigger()
    assert tab.doc.get("license") == before
    assert in_view(form, far)
    assert QApplication.focusWidget() is far

    form.verticalScrollBar().setValue(0)
    assert not in_view(form, far)
    window.findChild(QAction, "redo").trigger()
    assert tab.doc.get("license") == f"{before} edited"
    assert in_view(form, far)


def test_ctrl_z_in_another_field_reveals_the_field_it_undoes(qtbot, tmp_path):
    window = _window(qtbot, tmp_path)
    form, far, title = _edit_far_field_then_go_up(qtbot, window)
    qtbot.keyClick(title, Qt.Key.Key_Z, CTRL)  # the field passes Ctrl+Z to the window's Undo
    assert not window.current_tab().doc.dirty
    assert in_view(form, far)
    assert QApplication.focusWidget() is far


def test_undo_from_the_body_view_goes_back_to_the_form(qtbot, tmp_path):
    window = _window(qtbot, tmp_path)
    tab = window.current_tab()
    form, far, title = _edit_far_field_then_go_up(qtbot, window)
    qtbot.keyClick(title, Qt.Key.Key_2, CTRL)  # View -> Body
    assert tab.views.currentIndex() == BODY
    window.findChild(QAction, "undo").trigger()
    assert tab.views.currentIndex() == FORM
    assert in_view(form, far)


def test_undo_of_a_body_edit_puts_the_cursor_where_it_changed(qtbot, tmp_path):
    window = _window(qtbot, tmp_path)
    tab = window.current_tab()
    body_before = tab.doc.body
    editor = tab.body.editor
    qtbot.keyClick(window.findChild(QLineEdit, "field:title"), Qt.Key.Key_2, CTRL)  # View -> Body
    qtbot.waitUntil(editor.hasFocus)
    qtbot.keyClick(editor, Qt.Key.Key_End, CTRL)
    end = editor.textCursor().position()
    qtbot.keyClicks(editor, "Written")
    qtbot.keyClick(editor, Qt.Key.Key_Home, CTRL)  # back to the top
    assert editor.textCursor().position() == 0

    window.findChild(QAction, "undo").trigger()
    assert tab.doc.body == body_before
    assert tab.views.currentIndex() == BODY
    assert editor.textCursor().position() == end
    assert editor.viewport().rect().contains(editor.cursorRect())

    qtbot.keyClick(editor, Qt.Key.Key_Home, CTRL)
    window.findChild(QAction, "redo").trigger()
    assert editor.textCursor().position() == end + len("Written")
