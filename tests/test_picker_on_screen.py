"""Relationship-picker suggestions always stay on screen (issue 16, item 5): with the field near
the screen's bottom or right edge, the list opens above it, moved left, never past
``QScreen.availableGeometry()``; the body's link picker too."""

from __future__ import annotations

import shutil

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from editor.ui.common.onscreen import global_rect, place

from .conftest import SAMPLES
from .test_form_navigator import open_window


def test_place_flips_clamps_and_caps() -> None:
    area = QRect(0, 0, 800, 600)
    assert place(QRect(10, 100, 200, 20), QSize(300, 150), area) == QRect(10, 122, 300, 150)
    flipped = place(QRect(700, 560, 90, 20), QSize(300, 150), area)
    assert area.contains(flipped) and flipped.bottom() < 560 and flipped.height() == 150
    capped = place(QRect(0, 280, 90, 20), QSize(300, 900), area)
    assert area.contains(capped) and capped.height() < 900


def window_with_picker(qtbot, tmp_path):
    folder = tmp_path / "lib"
    shutil.copytree(SAMPLES, folder)
    window = open_window(qtbot, folder / "restorative-practices-helpers.md", (1024, 700))
    edit = window.findChild(QLineEdit, "field:relationships.enables")
    return window, edit


def move_field_to(qtbot, window, edit, corner: QPoint) -> None:
    """Move the window so the field's bottom-right corner sits at ``corner`` (global)."""
    tab = window.current_tab()
    tab.form.ensureWidgetVisible(edit, 0, 0)
    here = global_rect(edit)
    window.move(window.pos() + corner - here.bottomRight())
    qtbot.waitUntil(lambda: global_rect(edit).bottomRight() == corner)


def open_by_typing(qtbot, edit, text="a"):
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(edit, text)
    picker = edit.parentWidget()
    qtbot.waitUntil(lambda: picker.popup.isVisible() and picker.results.count() >= 1)
    return picker


def test_near_the_bottom_right_it_opens_above_and_inside_the_screen(qtbot, tmp_path) -> None:
    window, edit = window_with_picker(qtbot, tmp_path)
    screen = edit.screen().availableGeometry()
    move_field_to(qtbot, window, edit, screen.bottomRight() - QPoint(10, 10))
    picker = open_by_typing(qtbot, edit)
    box = picker.popup.geometry()
    assert screen.contains(box), (box, screen)
    assert box.bottom() < global_rect(edit).top()  # flipped above the field
    assert box.height() > 60 and picker.results.count() > 1
    qtbot.keyClick(edit, Qt.Key.Key_Down)
    slug = picker.results.currentItem().data(Qt.ItemDataRole.UserRole)
    qtbot.keyClick(edit, Qt.Key.Key_Return)  # Enter still picks, the list closes
    assert not picker.popup.isVisible()
    assert any(
        isinstance(e, dict) and e.get("slug") == slug for e in window.current_tab().doc.data["relationships"]["enables"]
    )


def test_a_click_on_a_suggestion_picks_it(qtbot, tmp_path) -> None:
    window, edit = window_with_picker(qtbot, tmp_path)
    screen = edit.screen().availableGeometry()
    move_field_to(qtbot, window, edit, screen.bottomRight() - QPoint(30, 5))
    picker = open_by_typing(qtbot, edit, "peer")
    item = picker.results.item(0)
    slug = item.data(Qt.ItemDataRole.UserRole)
    qtbot.mouseClick(
        picker.results.viewport(), Qt.MouseButton.LeftButton, pos=picker.results.visualItemRect(item).center()
    )
    assert not picker.popup.isVisible()
    assert slug in str(window.current_tab().doc.data["relationships"]["enables"])


def test_the_body_link_picker_stays_on_screen(qtbot, tmp_path) -> None:
    window, _edit = window_with_picker(qtbot, tmp_path)
    tab = window.current_tab()
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    body = tab.body.editor
    qtbot.waitUntil(body.hasFocus)
    screen = body.screen().availableGeometry()
    corner = global_rect(body).bottomRight()
    window.move(window.pos() + screen.bottomRight() - QPoint(5, 5) - corner)
    qtbot.keyClick(body, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(body, " [[")
    picker = tab.body.completer.picker
    qtbot.waitUntil(picker.isVisible)
    box = QRect(picker.mapToGlobal(QPoint(0, 0)), picker.size())
    assert screen.contains(box), (box, screen)
