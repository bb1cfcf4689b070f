"""The form's section navigator (issue 16, item 5): a strip of numbered groups above the form that
follows the scrolling and the focus, and goes to a group on a click or on Enter."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from editor.app import create_window

from .conftest import SAMPLES
from .test_legacy_form import FIXTURES, TIDE
from .ui_helpers import ScriptedDialogs

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def open_window(qtbot, path, size=(1280, 800)):
    window = create_window(path, wait=True)
    window.dialogs = ScriptedDialogs()
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


@pytest.fixture
def tab(qtbot, tmp_path):
    folder = tmp_path / "lib"
    shutil.copytree(SAMPLES, folder)
    window = open_window(qtbot, folder / "restorative-practices-helpers.md")
    return window.current_tab()


def group_of_focus(tab) -> int:
    sections = list(tab.form.sections.values())
    focus = QApplication.focusWidget()
    return next(i for i, s in enumerate(sections) if s.isAncestorOf(focus))


def checked(tab) -> int:
    return next(i for i, b in enumerate(tab.navigator.buttons) if b.isChecked())


def test_seven_numbered_groups_the_current_one_named(tab) -> None:
    buttons = tab.navigator.buttons
    assert [b.property("short") for b in buttons] == [str(i) for i in range(1, 8)]
    assert buttons[0].text() == "1  Identity" and buttons[0].isChecked()
    assert all(b.accessibleName().startswith(f"Group {i + 1}: ") for i, b in enumerate(buttons))


def test_an_ampersand_in_a_group_name_is_shown_not_taken_for_a_mnemonic(qtbot, tab) -> None:
    qtbot.mouseClick(tab.navigator.buttons[2], Qt.MouseButton.LeftButton)
    assert tab.navigator.buttons[2].text() == "3  Ontology && scores"  # drawn as "Ontology & scores"


def test_a_click_goes_to_the_group(qtbot, tab) -> None:
    nav, form = tab.navigator, tab.form
    qtbot.mouseClick(nav.buttons[3], Qt.MouseButton.LeftButton)
    target = list(form.sections.values())[3]
    assert group_of_focus(tab) == 3  # its first field has the keyboard
    assert form.verticalScrollBar().value() == min(target.y() - 12, form.verticalScrollBar().maximum())
    assert checked(tab) == 3 and nav.buttons[3].text().startswith("4  ")
    assert nav.buttons[0].text() == "1"
    qtbot.mouseClick(nav.buttons[0], Qt.MouseButton.LeftButton)
    assert group_of_focus(tab) == 0 and form.verticalScrollBar().value() == 0 and checked(tab) == 0


def test_the_last_group_stays_current_when_the_form_cannot_scroll_it_to_the_top(qtbot, tab) -> None:
    last = len(tab.navigator.buttons) - 1
    qtbot.mouseClick(tab.navigator.buttons[last], Qt.MouseButton.LeftButton)
    assert group_of_focus(tab) == last and checked(tab) == last


def test_scrolling_moves_the_current_group(qtbot, tab) -> None:
    bar = tab.form.verticalScrollBar()
    seen = [checked(tab)]
    for _ in range(40):
        qtbot.keyClick(bar, Qt.Key.Key_PageDown)
        seen.append(checked(tab))
    assert seen == sorted(seen) and seen[-1] >= 4  # it followed, always forward
    qtbot.keyClick(bar, Qt.Key.Key_Home)
    assert checked(tab) == 0


def test_keys_left_right_and_enter(qtbot, tab) -> None:
    nav = tab.navigator
    nav.buttons[0].setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(nav.buttons[0].hasFocus)
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Left):
        qtbot.keyClick(QApplication.focusWidget(), key)
    assert QApplication.focusWidget() is nav.buttons[2]
    qtbot.keyClick(nav.buttons[2], Qt.Key.Key_Return)
    assert group_of_focus(tab) == 2 and checked(tab) == 2


def test_next_group_keys_move_the_navigator_too(qtbot, tab) -> None:
    qtbot.mouseClick(tab.navigator.buttons[1], Qt.MouseButton.LeftButton)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down, CTRL_SHIFT)
    assert group_of_focus(tab) == 2 and checked(tab) == 2
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Up, CTRL_SHIFT)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Up, CTRL_SHIFT)
    assert group_of_focus(tab) == 0 and checked(tab) == 0


def test_legacy_groups_numbered_one_two_three(qtbot, tmp_path) -> None:
    folder = tmp_path / "legacy"
    shutil.copytree(FIXTURES, folder)
    tab = open_window(qtbot, folder / f"{TIDE}.md", (1024, 700)).current_tab()
    numbers = [b.property("short") for b in tab.navigator.buttons if b.property("short").isdigit()]
    assert numbers == [str(i) for i in range(1, len(numbers) + 1)] and len(numbers) >= 3
    qtbot.mouseClick(tab.navigator.buttons[2], Qt.MouseButton.LeftButton)
    assert group_of_focus(tab) == 2
