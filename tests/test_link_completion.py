"""Link completion in the body, driven with real key events in the main window: ``[[`` and ``](``
open the pattern picker, Enter writes ``[Title](slug)`` as one undo step, the relationship offer
adds the relationship, and a link to a missing pattern is underlined and reached by F8."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QTextCharFormat

from editor.app import create_window
from editor.model.library.bodylinks import body_links, link_slug, link_target, markdown_link
from editor.ui.document.tab import BODY
from editor.ui.fidelity.steps import type_text

from .ui_helpers import ScriptedDialogs, copy_library

SEED = "restorative-practices-helpers.md"


@pytest.fixture
def window(qtbot, tmp_path: Path):
    library = copy_library(tmp_path)
    win = create_window(library / SEED, wait=True)
    win.dialogs = ScriptedDialogs()
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    tab = win.current_tab()
    tab.views.setCurrentIndex(BODY)
    qtbot.waitUntil(tab.body.editor.isVisible)
    return win


def body_end(qtbot, window):
    """Focus the body editor with the cursor at the end of the text."""
    editor = window.current_tab().body.editor
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    return editor


def trigger(window, name: str) -> None:
    window.findChild(QAction, name).trigger()


def pick(qtbot, window, query: str, slug: str) -> None:
    picker = window.current_tab().body.completer.picker
    assert picker.isVisible()
    assert picker.edit.hasFocus()
    qtbot.keyClicks(picker.edit, query)

    def rows() -> list[str]:
        return [picker.results.item(i).data(Qt.ItemDataRole.UserRole) for i in range(picker.results.count())]

    qtbot.waitUntil(lambda: bool(rows()) and rows()[0] == slug)  # the list follows the typed query
    qtbot.keyClick(picker.edit, Qt.Key.Key_Down)  # keys move through the results …
    qtbot.keyClick(picker.edit, Qt.Key.Key_Up)  # … and back to the best match
    qtbot.keyClick(picker.edit, Qt.Key.Key_Return)
    assert not picker.isVisible()


def test_model_link_forms():
    assert link_slug("peer-support-circles") == "peer-support-circles"
    assert link_slug("../_patterns/peer-support-circles.md") == "peer-support-circles"
    assert link_slug("https://example.org/x") is None
    assert markdown_link("Peer [Support]", "peer-support-circles") == r"[Peer \[Support\]](peer-support-circles)"
    assert link_target("x", "see [A](a.md) and [B](b.md)") == "x.md"
    assert link_target("x", "see [A](a) and [W](https://w.org)") == "x"
    links = list(body_links("text\n```\n[no](code)\n```\n`[no](code)` and [Yes](yes-slug)\n"))
    assert [(x.line, x.column, x.slug) for x in links] == [(4, 17, "yes-slug")]


def test_double_bracket_inserts_the_link_and_one_undo_removes_it(qtbot, window):
    doc = window.current_tab().doc
    window.dialogs.relationships = [None]  # the relationship offer: declined
    editor = body_end(qtbot, window)
    type_text(editor, "\nSee also [[")
    before = doc.body
    assert before.endswith("See also [[")
    pick(qtbot, window, "peer sup", "peer-support-circles")
    assert doc.body.endswith("See also [Peer Support Circles](peer-support-circles)")
    assert editor.toPlainText().endswith("[Peer Support Circles](peer-support-circles)")
    assert editor.hasFocus()
    assert [kind for kind, _ in window.dialogs.asked] == ["relationship"]
    trigger(window, "undo")
    assert doc.body == before
    trigger(window, "redo")
    assert doc.body.endswith("[Peer Support Circles](peer-support-circles)")


def test_paren_trigger_keeps_the_users_words(qtbot, window):
    doc = window.current_tab().doc
    window.dialogs.relationships = [None]
    editor = body_end(qtbot, window)
    type_text(editor, "\nLike [a circle](")
    pick(qtbot, window, "circles", "peer-support-circles")
    assert doc.body.endswith("Like [a circle](peer-support-circles)")
    type_text(editor, "\nAnd [](")
    pick(qtbot, window, "harm", "harm-repair-conversations")
    assert doc.body.endswith("And [Harm Repair Conversations](harm-repair-conversations)")


def test_escape_leaves_the_typed_text(qtbot, window):
    doc = window.current_tab().doc
    editor = body_end(qtbot, window)
    type_text(editor, "\nplain [[")
    picker = window.current_tab().body.completer.picker
    qtbot.keyClick(picker.edit, Qt.Key.Key_Escape)
    assert not picker.isVisible()
    assert doc.body.endswith("plain [[")
    assert window.dialogs.asked == []


def test_relationship_offer_adds_the_relationship_as_one_step(qtbot, window):
    tab = window.current_tab()
    doc = tab.doc
    window.dialogs.relationships = [("enables", 0.7, 0)]
    editor = body_end(qtbot, window)
    type_text(editor, "\nCompare [[")
    pick(qtbot, window, "moral injury", "moral-injury-recognition")
    assert doc.body.endswith("[Moral Injury Recognition](moral-injury-recognition)")
    title, types, default, weight, _dirs = window.dialogs.asked[-1][1]
    assert title.startswith("Also add as a relationship") and "enables" in types and weight == 0.8
    assert default == "complementary"
    entries = doc.get("relationships.enables")
    assert {"slug": "moral-injury-recognition", "weight": 0.7} in entries
    trigger(window, "undo")  # the relationship first …
    assert {"slug": "moral-injury-recognition", "weight": 0.7} not in doc.get("relationships.enables")
    assert doc.body.endswith("[Moral Injury Recognition](moral-injury-recognition)")
    trigger(window, "undo")  # … then the link
    assert doc.body.endswith("Compare [[")


def test_no_offer_for_a_pattern_already_related(qtbot, window):
    window.dialogs.relationships = [("enables", 0.7, 0)]
    editor = body_end(qtbot, window)
    type_text(editor, "\nKnown [[")
    pick(qtbot, window, "active listening", "active-listening-depth")
    assert window.dialogs.asked == []  # the seed already lists it under a relationship


def test_broken_link_is_underlined_and_f8_reaches_it(qtbot, window):
    tab = window.current_tab()
    doc = tab.doc
    editor = body_end(qtbot, window)
    type_text(editor, "\nSee [Nowhere](")
    qtbot.keyClick(tab.body.completer.picker.edit, Qt.Key.Key_Escape)
    editor.setFocus()
    qtbot.keyClicks(editor, "no-such-pattern) here.")
    assert doc.body.endswith("See [Nowhere](no-such-pattern) here.")
    block = editor.document().lastBlock()
    waves = [
        r for r in block.layout().formats() if r.format.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline
    ]
    assert [(r.start, r.length) for r in waves] == [(4, len("[Nowhere](no-such-pattern)"))]
    qtbot.waitUntil(lambda: any(f.rule == "body-link" for f in tab.findings))
    finding = next(f for f in tab.findings if f.rule == "body-link")
    assert finding.severity == "warning" and "no-such-pattern" in finding.message
    assert finding.line == doc.body_line() + block.blockNumber() and finding.column == 5
    tab.views.setCurrentIndex(0)  # from the form: F8 must bring the body back
    for _ in range(len(tab.findings) + 1):
        trigger(window, "next_problem")
        if window.problems.currentItem().data(0, Qt.ItemDataRole.UserRole).rule == "body-link":
            break
    assert tab.views.currentIndex() == BODY
    cursor = editor.textCursor()
    assert (cursor.blockNumber(), cursor.positionInBlock()) == (block.blockNumber(), 4)
