"""A whole curator session by keyboard alone (issue 16, item 6): only key events, each sent to
the widget that has the keyboard focus, as a keyboard does. Open a pattern with Ctrl+P, change a
score, add a relationship, type in the body, save with Ctrl+S; the file on disk changes exactly
there and nowhere else."""

from __future__ import annotations

import difflib
import shutil

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from editor.app import create_window
from editor.ui.fidelity.steps import type_text

from .conftest import SAMPLES
from .ui_helpers import ScriptedDialogs

CTRL = Qt.KeyboardModifier.ControlModifier
SLUG = "peer-support-circles"


def focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focus(), key, modifier)


def tab_to(qtbot, name: str, limit: int = 400) -> QWidget:
    """Tab until the field named ``name`` has the focus, as a user tabbing through the form."""
    for _ in range(limit):
        if focus().objectName() == name:
            return focus()
        press(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {name}")


def test_a_curator_session_by_keyboard_alone(qtbot, tmp_path):
    folder = tmp_path / "lib"
    shutil.copytree(SAMPLES, folder)
    path = folder / f"{SLUG}.md"
    before = path.read_text(encoding="utf-8")
    window = create_window(folder, wait=True)
    window.dialogs = ScriptedDialogs()
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.library_panel.filter.setFocus()  # where the window starts: the library filter
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)

    # open the pattern: Ctrl+P, its name, Enter
    press(qtbot, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: hasattr(window, "goto_popup") and window.goto_popup.isVisible())
    qtbot.keyClicks(focus(), "peer support circles")
    results = window.goto_popup.results
    qtbot.waitUntil(lambda: results.currentItem() is not None and "Peer Support" in results.currentItem().text())
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_tab() is not None)
    tab = window.current_tab()
    assert tab.doc.path == path

    # the form (Ctrl+1), Tab to Resilience, type a new score
    press(qtbot, Qt.Key.Key_1, CTRL)
    spin = tab_to(qtbot, "field:ontology.commons_assessment.resilience")
    press(qtbot, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(focus(), "4.5")
    press(qtbot, Qt.Key.Key_Tab)
    assert tab.controller.get(("ontology", "commons_assessment", "resilience")) == 4.5
    assert spin.value() == 4.5

    # a relationship: Tab on to the "enables" picker, type, Enter picks the first match
    tab_to(qtbot, "field:relationships.enables")
    qtbot.keyClicks(focus(), "adaptive facilitation")
    qtbot.wait(150)  # the picker's suggestions follow the typing
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(tab.controller.get(("relationships", "enables")) or []) == 1)

    # the body (Ctrl+2): to its end, a new paragraph
    press(qtbot, Qt.Key.Key_2, CTRL)
    assert focus() is tab.body.editor
    press(qtbot, Qt.Key.Key_End, CTRL)
    type_text(focus(), "\nWritten by keyboard alone.")

    # save
    press(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: not tab.doc.dirty)

    after = path.read_text(encoding="utf-8")
    old, new = before.splitlines(), after.splitlines()
    changed = [
        (tag, old[i1:i2], new[j1:j2])
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes()
        if tag != "equal"
    ]
    assert len(changed) == 3, changed
    (_, old_score, new_score), (_, old_rel, new_rel), (_, old_end, new_end) = changed
    assert [line.strip() for line in old_score] == ["resilience: 4.0"]
    assert [line.strip() for line in new_score] == ["resilience: 4.5"]
    assert [line.strip() for line in old_rel] == ["enables: []"]
    assert new_rel[0].strip() == "enables:" and "adaptive-facilitation" in "\n".join(new_rel)
    assert new_end[-1] == "Written by keyboard alone." and old_end == []


def _window(qtbot, tmp_path, open_slug: str | None = SLUG):
    folder = tmp_path / "lib"
    shutil.copytree(SAMPLES, folder)
    window = create_window(folder / f"{open_slug}.md" if open_slug else folder, wait=True)
    window.dialogs = ScriptedDialogs()
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_ctrl_shift_arrows_move_between_the_form_groups(qtbot, tmp_path):
    window = _window(qtbot, tmp_path)
    tab = window.current_tab()
    tab.form.setFocus()
    press(qtbot, Qt.Key.Key_1, CTRL)
    sections = list(tab.form.sections.values())
    assert sections[0].isAncestorOf(focus())
    shift = CTRL | Qt.KeyboardModifier.ShiftModifier
    for expected in sections[1:3]:
        press(qtbot, Qt.Key.Key_Down, shift)
        assert expected.isAncestorOf(focus())
    press(qtbot, Qt.Key.Key_Up, shift)
    assert sections[1].isAncestorOf(focus())


def test_down_in_the_library_filter_moves_into_the_results(qtbot, tmp_path):
    window = _window(qtbot, tmp_path, None)
    panel = window.library_panel
    panel.filter.setFocus()
    qtbot.waitUntil(panel.filter.hasFocus)
    qtbot.keyClicks(panel.filter, "peer")
    qtbot.waitUntil(lambda: panel.model.rowCount() >= 1)
    press(qtbot, Qt.Key.Key_Down)
    assert focus() is panel.view
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_tab() is not None)


def test_edit_menu_and_the_keyboard_shortcuts_page(qtbot, tmp_path):
    window = _window(qtbot, tmp_path)
    edit = [a.objectName() for a in window.menus["Edit"].actions()]
    assert {"cut", "copy", "paste", "select_all"} <= set(edit)
    field = window.findChild(QWidget, "field:title")
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    window.actions["select_all"].trigger()
    assert field.selectedText() == field.text()
    window.actions["keyboard-shortcuts"].trigger()
    page = window.tabs.currentWidget()
    assert page.objectName() == "keyboard-shortcuts"
    text = page.toPlainText()
    for expected in ("Save", "Ctrl+S", "Go to Pattern", "Ctrl+P", "Next Group", "Ctrl+Shift+Down", "Undo"):
        assert expected in text


def test_undo_entries_read_the_schema_label(qtbot, tmp_path):
    window = _window(qtbot, tmp_path)
    spin = window.findChild(QWidget, "field:ontology.commons_assessment.resilience")
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    press(qtbot, Qt.Key.Key_Up)
    assert (
        window.undo_action.text() == "&Undo Change Resilience" or window.undo_action.text() == "Undo Change Resilience"
    )


def test_empty_centre_says_what_to_do_and_tabs_have_a_menu(qtbot, tmp_path):
    from editor.ui.window.centre import tab_menu

    window = _window(qtbot, tmp_path)
    hint = window.empty_hint.label
    assert not hint.isVisible()
    other = window.open_file(window.library.path_for("adaptive-facilitation"))
    assert window.tabs.count() == 2
    menu = tab_menu(window, window.tabs.indexOf(other))
    actions = {a.objectName(): a for a in menu.actions()}
    actions["tab-copy-path"].trigger()
    assert QApplication.clipboard().text() == str(other.doc.path)
    actions["tab-close-others"].trigger()
    assert window.tabs.count() == 1 and window.current_tab() is other
    tab_menu(window, 0).actions()[0].trigger()  # Close
    assert window.tabs.count() == 0
    qtbot.waitUntil(hint.isVisible)
    assert "Ctrl+P" in hint.text()


def test_the_library_list_follows_the_active_tab(qtbot, tmp_path):
    window = _window(qtbot, tmp_path)
    first = window.current_tab()
    window.open_file(window.library.path_for("adaptive-facilitation"))
    assert window.library_panel.current_slug() == "adaptive-facilitation"
    window.tabs.setCurrentWidget(first)
    assert window.library_panel.current_slug() == SLUG
