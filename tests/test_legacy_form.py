"""The older flat layout through the form: no value is lost and no node changes kind unasked.

Each test opens a copy of tests/fixtures/legacy in the real main window and drives the widgets
with key events; questions are answered by the scripted dialog service, never a modal dialog.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from editor.app import create_window
from editor.ui.form.chips import ChipsEditor
from editor.ui.form.relations import RelationsEditor

from .ui_helpers import ScriptedDialogs

FIXTURES = Path(__file__).parent / "fixtures" / "legacy"
TIDE = "tide-pool-stewardship"
HARBOUR_ID = "pat_01m9312813fmjsh5w0ddnwgn6e"
NETS_ID = "pat_01m9312813fmjsh5w0ddnwgn6f"


@pytest.fixture
def window(qtbot, tmp_path: Path):
    folder = tmp_path / "library"
    shutil.copytree(FIXTURES, folder)
    win = create_window(folder / f"{TIDE}.md", wait=True)
    qtbot.addWidget(win)
    win.dialogs = ScriptedDialogs()
    win.resize(1200, 800)
    win.show()
    return win


@pytest.fixture
def tab(window):
    tab = window.current_tab()
    assert tab.title() == TIDE
    return tab


def editor_at(tab, path: str):
    row = tab.form.row_for(path)
    assert row is not None, path
    return row.editor


def changed(a: str, b: str) -> list[str]:
    return [
        ln
        for ln in difflib.unified_diff(a.splitlines(), b.splitlines(), n=0, lineterm="")
        if ln[:1] in "+-" and not ln.startswith(("+++", "---"))
    ]


def chip_texts(editor: ChipsEditor) -> list[str]:
    from PySide6.QtWidgets import QLabel

    return [chip.findChild(QLabel).text() for chip in editor._chips]


def saved(window, tab) -> str:
    window.actions["save"].trigger()
    return tab.doc.path.read_text(encoding="utf-8")


def undo_all(tab) -> None:
    stack = tab.controller.undo_stack
    while stack.canUndo():
        stack.undo()


def pick(qtbot, rel: RelationsEditor, query: str) -> None:
    qtbot.keyClicks(rel.picker.edit, query)
    rel.picker.refresh()  # the picker searches on a short timer; run it now rather than wait
    assert rel.picker.results.isVisible()
    qtbot.keyClick(rel.picker.edit, Qt.Key.Key_Return)


# ------------------------------------------------------------------ one-value list fields


def test_scalar_era_shows_its_value_without_a_warning(tab) -> None:
    era = editor_at(tab, "classification.era")
    assert isinstance(era, ChipsEditor)
    assert chip_texts(era) == ["industrial"]
    row = tab.form.row_for("classification.era")
    assert not any(f.severity in ("error", "warning") for f in tab.findings if f.path == "classification.era")
    assert "single text; the layout writes a list" not in row.problem.text()


def test_second_value_asks_and_refusing_changes_nothing(qtbot, window, tab) -> None:
    original = tab.doc.text
    era = editor_at(tab, "classification.era")
    window.dialogs.confirms = [False]
    qtbot.keyClicks(era.input, "lean")
    qtbot.keyClick(era.input, Qt.Key.Key_Return)
    assert window.dialogs.asked == [("confirm", "Make Era a list?")]
    assert tab.doc.text == original
    assert era.input.text() == "lean"  # the typed word is kept for another try
    assert chip_texts(era) == ["industrial"]


def test_second_value_turns_the_scalar_into_a_list_when_agreed(qtbot, window, tab) -> None:
    original = tab.doc.text
    era = editor_at(tab, "classification.era")
    window.dialogs.confirms = [True]
    qtbot.keyClicks(era.input, "lean")
    qtbot.keyClick(era.input, Qt.Key.Key_Return)
    assert tab.doc.get("classification.era") == ["industrial", "lean"]
    on_disk = saved(window, tab)
    assert changed(original, on_disk) == ["-  era: industrial", "+  era:", "+  - industrial", "+  - lean"]
    assert chip_texts(era) == ["industrial", "lean"]
    undo_all(tab)
    assert tab.doc.text == original


def test_replacing_the_only_value_keeps_one_text_and_asks_nothing(qtbot, window, tab) -> None:
    original = tab.doc.text
    era = editor_at(tab, "classification.era")
    qtbot.mouseClick(era._chips[0].remove_button, Qt.MouseButton.LeftButton)
    assert tab.doc.get("classification.era") == ""  # still one text, now empty
    assert chip_texts(era) == []
    qtbot.keyClicks(era.input, "lean")
    qtbot.keyClick(era.input, Qt.Key.Key_Return)
    assert window.dialogs.asked == []
    assert changed(original, saved(window, tab)) == ["-  era: industrial", "+  era: lean"]
    undo_all(tab)
    assert tab.doc.text == original


def test_a_real_list_gets_a_plain_item_without_a_question(qtbot, window, tab) -> None:
    original = tab.doc.text
    category = editor_at(tab, "classification.category")
    qtbot.keyClicks(category.input, "ritual")
    qtbot.keyClick(category.input, Qt.Key.Key_Return)
    assert window.dialogs.asked == []
    assert changed(original, tab.doc.text) == ["+  - ritual"]


def test_contributor_maps_get_a_map(qtbot, window, tab) -> None:
    original = tab.doc.text
    contributors = editor_at(tab, "contributors")
    assert chip_texts(contributors) == ["Shore Guild (author)"]
    qtbot.keyClicks(contributors.input, "Tide Watchers (editor)")
    qtbot.keyClick(contributors.input, Qt.Key.Key_Return)
    assert tab.doc.get("contributors")[-1] == {"name": "Tide Watchers", "role": "editor"}
    assert changed(original, saved(window, tab)) == ["+- name: Tide Watchers", "+  role: editor"]


# ------------------------------------------------------------------ id lists


def test_picker_appends_the_pattern_id_to_an_id_list(qtbot, window, tab) -> None:
    original = tab.doc.text
    related = editor_at(tab, "related")
    assert isinstance(related, RelationsEditor)
    pick(qtbot, related, "net mending")
    assert tab.doc.get("related") == [HARBOUR_ID, NETS_ID]
    assert changed(original, saved(window, tab)) == [f"+- {NETS_ID}"]
    assert related.count == 2
    assert not [f for f in tab.findings if f.path.startswith("related")]


def test_picker_hides_patterns_already_linked_by_id(qtbot, tab) -> None:
    related = editor_at(tab, "related")
    qtbot.keyClicks(related.picker.edit, "harbour")
    related.picker.refresh()
    shown = [
        related.picker.results.item(i).data(Qt.ItemDataRole.UserRole) for i in range(related.picker.results.count())
    ]
    assert "harbour-keeping" not in shown


def test_empty_legacy_list_gets_a_bare_id_not_a_v71_entry(qtbot, window, tab) -> None:
    original = tab.doc.text
    enables = editor_at(tab, "enables")
    pick(qtbot, enables, "harbour")
    assert tab.doc.get("enables") == [HARBOUR_ID]
    assert changed(original, saved(window, tab)) == ["-enables: []", "+enables:", f"+- {HARBOUR_ID}"]


def test_a_pattern_without_id_is_linked_by_slug_only_when_agreed(qtbot, window, tab) -> None:
    original = tab.doc.text
    other = tab.doc.path.parent / "net-mending-circle.md"
    other.write_text(other.read_text().replace(f"id: {NETS_ID}\n", ""))
    window.library.refresh()
    assert window.library.entry("net-mending-circle").id is None
    enables = editor_at(tab, "enables")
    window.dialogs.confirms = [False]
    pick(qtbot, enables, "net mending")
    assert window.dialogs.asked == [("confirm", "Link by slug?")]
    assert tab.doc.text == original


def test_an_id_list_written_as_one_text_keeps_its_id_and_asks(qtbot, tmp_path: Path) -> None:
    folder = tmp_path / "library"
    shutil.copytree(FIXTURES, folder)
    path = folder / f"{TIDE}.md"
    path.write_text(path.read_text().replace(f"related:\n- {HARBOUR_ID}\n", f"related: {HARBOUR_ID}\n"))
    window = create_window(path, wait=True)
    qtbot.addWidget(window)
    window.dialogs = ScriptedDialogs()
    window.show()
    tab = window.current_tab()
    original = tab.doc.text
    related = editor_at(tab, "related")
    assert related.count == 1  # the one id is shown as a link
    window.dialogs.confirms = [False]
    pick(qtbot, related, "net mending")
    assert window.dialogs.asked == [("confirm", "Make Related a list?")]
    assert tab.doc.text == original
    window.dialogs.confirms = [True]
    pick(qtbot, related, "net mending")
    assert changed(original, saved(window, tab)) == [
        f"-related: {HARBOUR_ID}",
        "+related:",
        f"+- {HARBOUR_ID}",
        f"+- {NETS_ID}",
    ]
    undo_all(tab)
    tab.form.rebuild_if_needed()  # back to one text: the form rebuilds the row (it would on the next event)
    related = editor_at(tab, "related")
    rows = related._rows()
    qtbot.mouseClick(rows[0].findChildren(QToolButton)[-1], Qt.MouseButton.LeftButton)  # its remove button
    assert tab.doc.get("related") == ""
    pick(qtbot, related, "net mending")
    assert changed(original, tab.doc.text) == [f"-related: {HARBOUR_ID}", f"+related: {NETS_ID}"]


# ------------------------------------------------------------------ the real corpus (a copy in tmp_path)

ONE_TEXT_ERA = (
    "blended-learning",
    "knowledge-management-systems",
    "site-reliability-engineering-sre-google",
    "stakeholder-capitalism-wef",
    "un-sustainable-development-goals-sdgs",
)


def test_corpus_legacy_files_keep_their_values_through_the_form(qtbot, corpus: Path, tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(corpus, folder)
    window = create_window(folder, wait=True)
    qtbot.addWidget(window)
    window.dialogs = ScriptedDialogs()
    window.show()
    for slug in ONE_TEXT_ERA:
        tab = window.open_slug(slug)
        original = tab.doc.text
        value = tab.doc.get("classification.era")
        era = editor_at(tab, "classification.era")
        assert isinstance(value, str) and chip_texts(era) == [value], slug
        window.dialogs.confirms = [True]
        qtbot.keyClicks(era.input, "lean")
        qtbot.keyClick(era.input, Qt.Key.Key_Return)
        assert changed(original, saved(window, tab)) == [f"-  era: {value}", "+  era:", f"+  - {value}", "+  - lean"], (
            slug
        )
    # a real id list: the picked pattern's id is appended, nothing else changes
    tab = window.open_slug("agile-unified-process-aup")
    original = tab.doc.text
    related = editor_at(tab, "related")
    linked = {window.library.resolve(t) for t in tab.doc.get("related")}
    target = next(e for e in window.library.entries() if e.id and e.slug not in linked and e.slug != tab.title())
    qtbot.keyClicks(related.picker.edit, target.slug)
    related.picker.refresh()
    picked = related.picker.results.currentItem().data(Qt.ItemDataRole.UserRole)
    qtbot.keyClick(related.picker.edit, Qt.Key.Key_Return)
    assert changed(original, saved(window, tab)) == [f"+- {window.library.entry(picked).id}"]
