"""The Links panel (issue 13, item 2), driven through its widgets: inbound rows, unlinked mentions
with "Add relationship…", suggestions with "Apply", and the library's "Apply all missing reverse
links"; each edit is a minimal diff and one undo step (the window's undo action)."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolButton

from editor.app import create_window
from editor.model import schema
from editor.model.document.document import Document
from editor.model.library.backlinks import inbound_links
from editor.model.library.suggestions import ADD, suggestions

from .conftest import ROOT, SAMPLES
from .ui_helpers import ScriptedDialogs

LEGACY = ROOT / "tests" / "fixtures" / "legacy"
MENTION = "\nCircles borrow from Harm Repair Conversations when trust breaks.\n"


# ---------------------------------------------------------------- helpers


def open_window(qtbot, path: Path):
    window = create_window(path, wait=True)
    window.dialogs = ScriptedDialogs()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.links_dock.show()
    window.links_dock.raise_()
    window.library.wait_for_mentions()
    settle(window)
    return window


def settle(window) -> None:
    window.library.wait_for_mentions()
    window.links_panel.wait()


def rows(window, kind: str) -> list:
    return [item for item in window.links_panel.tree.rows() if item.data(0, Qt.ItemDataRole.UserRole)[0] == kind]


def payloads(window, kind: str) -> list:
    return [item.data(0, Qt.ItemDataRole.UserRole)[1] for item in rows(window, kind)]


def click(qtbot, window, name: str) -> None:
    button = window.links_panel.findChild(QToolButton, name)
    assert button is not None, f"no button {name}"
    tree = window.links_panel.tree
    item = next(i for i in tree.rows() if tree.itemWidget(i, 2) is button)
    tree.scrollToItem(item)  # as a user scrolls to it: an item's widget out of view is hidden
    qtbot.waitUntil(button.isVisible)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def double_click(qtbot, tree, item) -> None:
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def undo(window) -> None:
    window.findChild(QAction, "undo").trigger()


def frontmatter_and_body(text: str) -> tuple[str, str]:
    end = text.index("\n---", 3)
    return text[:end], text[end:]


def links_of(text: str, path: str = "x.md") -> list[tuple[str, str]]:
    data = Document.from_text(text, path, schema.HINTS).data
    return sorted(
        (kind, str(schema.entry_target(e))) for _keys, kind, entries in schema.relation_lists(data) for e in entries
    )


def assert_one_link_added(before: str, after: str, rel_type: str, target: str) -> None:
    """Only the one relationship entry was added: the body and every other line stay as they were."""
    assert frontmatter_and_body(before)[1] == frontmatter_and_body(after)[1], "the body changed"
    old, new = links_of(before), links_of(after)
    added = list(new)
    for link in old:
        added.remove(link)
    assert added == [(rel_type, target)], added
    removed_lines, added_lines = [], []
    a, b = before.splitlines(keepends=True), after.splitlines(keepends=True)
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            removed_lines += a[i1:i2]
            added_lines += b[j1:j2]
    assert len(removed_lines) <= 1 and all("[]" in line for line in removed_lines), removed_lines
    assert 1 <= len(added_lines) <= 4, added_lines
    assert any(target in line for line in added_lines), added_lines


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    shutil.copytree(SAMPLES, folder)
    peer = folder / "peer-support-circles.md"
    peer.write_text(peer.read_text(encoding="utf-8") + MENTION, encoding="utf-8")
    return folder


@pytest.fixture
def window(qtbot, library: Path):
    return open_window(qtbot, library / "harm-repair-conversations.md")


# ---------------------------------------------------------------- this pattern


def test_inbound_rows_match_the_model(window):
    index = window.library.index
    shown = sorted((r.slug, r.type, r.weight) for r in payloads(window, "inbound"))
    model = sorted((i.slug, i.type or "", i.weight) for i in inbound_links(index, "harm-repair-conversations"))
    assert shown == model and len(shown) == 5
    titles = [item.text(0) for item in rows(window, "inbound")]
    assert "Accountability Without Shame" in titles


def test_the_panel_follows_the_current_tab(window, library):
    window.open_file(library / "peer-support-circles.md")
    settle(window)
    shown = sorted(r.slug for r in payloads(window, "inbound"))
    assert shown == sorted(i.slug for i in inbound_links(window.library.index, "peer-support-circles"))
    assert "Peer Support Circles" in window.links_panel.heading.text()


def test_double_click_on_an_inbound_row_opens_its_source(window, qtbot):
    item = next(i for i in rows(window, "inbound") if i.text(0) == "Adaptive Facilitation")
    double_click(qtbot, window.links_panel.tree, item)
    assert window.current_tab().doc.path.name == "adaptive-facilitation.md"


def test_an_unlinked_mention_is_listed_with_its_line(window, library):
    mentions = payloads(window, "mention")
    assert [(m.slug, m.name) for m in mentions] == [("peer-support-circles", "Harm Repair Conversations")]
    lines = (library / "peer-support-circles.md").read_text(encoding="utf-8").splitlines()
    assert "Harm Repair Conversations" in lines[mentions[0].line - 1]


def test_double_click_on_a_mention_opens_the_file_at_that_line(window, qtbot):
    item = rows(window, "mention")[0]
    line = item.data(0, Qt.ItemDataRole.UserRole)[1].line
    double_click(qtbot, window.links_panel.tree, item)
    tab = window.current_tab()
    assert tab.doc.path.name == "peer-support-circles.md"
    assert tab.views.currentWidget() is tab.body
    cursor_line = tab.body.editor.textCursor().block().text()
    assert "Harm Repair Conversations" in cursor_line, (line, cursor_line)


def test_add_relationship_for_a_mention_changes_the_mentioning_file_and_one_undo_restores_it(window, library, qtbot):
    peer = library / "peer-support-circles.md"
    before = peer.read_bytes()
    click(qtbot, window, "links:add:peer-support-circles")
    asked = [a for a in window.dialogs.asked if a[0] == "relationship"]
    assert asked and asked[0][1][2] == "complementary"  # the default type offered
    assert any(a[0] == "changes" for a in window.dialogs.asked)  # the diff was previewed
    after = peer.read_bytes()
    assert_one_link_added(before.decode(), after.decode(), "complementary", "harm-repair-conversations")
    assert not window.current_tab().doc.dirty  # the open pattern is untouched
    settle(window)
    assert payloads(window, "mention") == []  # now linked: no longer an unlinked mention
    assert window.workspace.library_undo.count() == 1
    undo(window)
    assert peer.read_bytes() == before


def test_add_relationship_this_way_goes_through_the_open_tab(window, library, qtbot):
    tab = window.current_tab()
    before = tab.doc.text
    window.dialogs.relationships = [("alternatives", 0.65, 1)]
    click(qtbot, window, "links:add:peer-support-circles")
    assert_one_link_added(before, tab.doc.text, "alternatives", "peer-support-circles")
    assert "weight: 0.65" in tab.doc.text
    assert tab.controller.undo_stack.count() == 1 and tab.doc.dirty
    assert payloads(window, "mention") == []  # the unsaved link already counts
    undo(window)
    assert tab.doc.text == before and not tab.doc.dirty


def test_a_cancelled_question_changes_nothing(window, library, qtbot):
    peer = library / "peer-support-circles.md"
    before = peer.read_bytes()
    window.dialogs.relationships = [None]
    click(qtbot, window, "links:add:peer-support-circles")
    assert peer.read_bytes() == before and window.workspace.library_undo.count() == 0


def _suggestion_button(window, pick) -> str:
    for i, s in enumerate(payloads(window, "suggestion")):
        if pick(s):
            return f"links:apply:{i}"
    raise AssertionError("no such suggestion")


def test_a_missing_reverse_link_on_the_open_pattern_is_one_undo_step_in_its_tab(window, qtbot):
    tab = window.current_tab()
    before = tab.doc.text
    mine = [s for s in payloads(window, "suggestion") if s.slug == "harm-repair-conversations" and s.action == ADD]
    assert mine
    s = mine[0]
    click(qtbot, window, _suggestion_button(window, lambda x: x == s))
    assert_one_link_added(before, tab.doc.text, s.rel_type, s.target)
    assert tab.controller.undo_stack.count() == 1
    assert s not in payloads(window, "suggestion")  # settled by the unsaved edit
    undo(window)
    assert tab.doc.text == before


def test_a_missing_reverse_link_in_another_file_is_a_previewed_bulk_edit(window, library, qtbot):
    other = [s for s in payloads(window, "suggestion") if s.slug != "harm-repair-conversations" and s.action == ADD]
    assert other
    s = other[0]
    path = Path(s.path)
    before = path.read_bytes()
    click(qtbot, window, _suggestion_button(window, lambda x: x == s))
    assert_one_link_added(before.decode(), path.read_text(encoding="utf-8"), s.rel_type, s.target)
    assert window.workspace.library_undo.count() == 1
    settle(window)
    assert s not in payloads(window, "suggestion")
    undo(window)
    assert path.read_bytes() == before


def test_looking_for_mentions_until_the_index_is_warm(window):
    panel = window.links_panel
    window.library.mentions_warm = False
    panel.schedule(0)
    panel.wait()
    assert "looking for mentions" in panel.heading.text().lower()
    assert rows(window, "mention") == []
    window.library.mentions_warm = True
    window.library.mentionsReady.emit()
    panel.wait()
    assert len(rows(window, "mention")) == 1


# ---------------------------------------------------------------- the library


def test_suggest_links_lists_every_suggestion_and_applies_all_reverse_links_as_one_undo_step(window, library, qtbot):
    window.findChild(QAction, "suggest-links").trigger()
    panel = window.links_panel
    panel.wait()
    assert panel.currentIndex() == 1
    expected = suggestions(window.library.index)
    shown = [item.data(0, Qt.ItemDataRole.UserRole)[1] for item in panel.library_tree.rows()]
    assert [s for s in shown if hasattr(s, "kind")] == expected
    reverse = [s for s in expected if s.kind == "missing-reverse"]
    files = {Path(s.path) for s in reverse}
    before = {p: p.read_bytes() for p in library.glob("*.md")}
    qtbot.mouseClick(panel.apply_all, Qt.MouseButton.LeftButton)
    panel.wait()
    assert window.workspace.library_undo.count() == 1
    changed = {p for p in before if p.read_bytes() != before[p]}
    assert changed == files
    for path in changed:
        wanted = sorted((s.rel_type, s.target) for s in reverse if Path(s.path) == path)
        old, new = links_of(before[path].decode()), links_of(path.read_text(encoding="utf-8"))
        for link in old:
            new.remove(link)
        assert sorted(new) == wanted
        assert frontmatter_and_body(before[path].decode())[1] == frontmatter_and_body(path.read_text())[1]
    panel.wait()
    assert not [s for s in panel.library_data.suggestions if s.kind == "missing-reverse"]
    undo(window)
    assert {p: p.read_bytes() for p in before} == before


# ---------------------------------------------------------------- the older layout


def test_older_layout_mention_adds_the_pattern_id_to_the_mentioning_list(qtbot, tmp_path):
    folder = tmp_path / "legacy"
    shutil.copytree(LEGACY, folder)
    harbour = folder / "harbour-keeping.md"
    harbour.write_text(harbour.read_text() + "\nThe Net Mending Circle meets on the quay.\n", encoding="utf-8")
    window = open_window(qtbot, folder / "net-mending-circle.md")
    mentions = payloads(window, "mention")
    assert [m.slug for m in mentions] == ["harbour-keeping"]
    before = harbour.read_bytes()
    click(qtbot, window, "links:add:harbour-keeping")
    asked = next(a for a in window.dialogs.asked if a[0] == "relationship")[1]
    assert asked[2] == "enables" and "complementary" not in asked[1]  # the older layout's typed lists
    after = harbour.read_text(encoding="utf-8")
    assert_one_link_added(before.decode(), after, "enables", "pat_01m9312813fmjsh5w0ddnwgn6f")
    undo(window)
    assert harbour.read_bytes() == before


def test_older_layout_inbound_resolves_ids(qtbot, tmp_path):
    folder = tmp_path / "legacy"
    shutil.copytree(LEGACY, folder)
    window = open_window(qtbot, folder / "harbour-keeping.md")
    assert [(r.slug, r.type) for r in payloads(window, "inbound")] == [("tide-pool-stewardship", "related")]


# ---------------------------------------------------------------- the corpus


def test_corpus_suggestions_apply_as_minimal_diffs(qtbot, tmp_path, corpus):
    folder = tmp_path / "corpus"
    shutil.copytree(corpus, folder)
    from editor.model.library.index import LibraryIndex

    index = LibraryIndex(folder, use_cache=False)
    index.build()
    found = [s for s in suggestions(index) if s.action == ADD]
    picks = []
    for kind in ("missing-reverse", "orphan"):
        seen = set()
        for s in found:
            if s.kind == kind and s.slug not in seen and len(seen) < 2:
                seen.add(s.slug)
                picks.append(s)
    assert picks, "the corpus has add suggestions"
    window = open_window(qtbot, Path(picks[0].path))
    for s in picks:
        window.open_file(s.path)
        settle(window)
        tab = window.current_tab()
        before = tab.doc.text
        click(qtbot, window, _suggestion_button(window, lambda x, s=s: x == s))
        target = index.get(s.target)
        expected = target.id if tab.doc.data.get("id") and tab.doc.data.get("classification") else s.target
        assert not window.dialogs.errors, window.dialogs.errors
        assert_one_link_added(before, tab.doc.text, s.rel_type, expected)
        assert tab.controller.undo_stack.count() == 1
        undo(window)
        assert tab.doc.text == before
