"""Get the Latest in the window: open tabs follow without a "changed on disk?" question, unsaved
typing is saved first and combined with what came in, Review opens on the range, and a conflict
opens in the conflict view (never raw markers in an editor) and is marked in the Changes panel."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from editor.model.sync import share
from editor.model.sync.repo import save_identity
from editor.ui.compare.conflict_view import ConflictPage
from editor.ui.compare.review_window import ReviewWindow
from tests.sync_helpers import ANN, BEN, edit, keychain, make_bare_library  # noqa: F401  (keychain: autouse)

from .test_sync_share_ui import NAME, click, get, listed, open_window, save, type_score

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
RESILIENCE = ("ontology", "commons_assessment", "resilience")
OWNERSHIP = ("ontology", "commons_assessment", "ownership")


@pytest.fixture
def clones(tmp_path: Path) -> tuple[Path, Path]:
    bare = make_bare_library(tmp_path)
    save_identity(BEN)
    return get(bare, tmp_path / "ann"), get(bare, tmp_path / "ben")


def ann_shares(a: Path, old: str, new: str) -> None:
    edit(a / NAME, old, new)
    share.share(a, "From Ann\n", branch="main", identity=ANN)


def test_unsaved_typing_is_saved_first_and_combined_with_what_came_in(qtbot, clones) -> None:
    a, b = clones
    window, panel = open_window(qtbot, b)
    tab = window.open_slug("adaptive-facilitation")
    spin = tab.findChild(QWidget, "field:ontology.commons_assessment.ownership")
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    qtbot.keyClick(spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(spin, "4.0")
    qtbot.keyClick(spin, Qt.Key.Key_Tab)
    assert tab.doc.dirty
    ann_shares(a, "    resilience: 4.5\n", "    resilience: 3.5\n")
    window.dialogs.confirms = [True]  # save first
    click(qtbot, panel.latest_button)
    qtbot.waitUntil(lambda: panel.notice.isVisible(), timeout=15000)
    assert window.dialogs.asked[0] == ("confirm", "Get the Latest")
    text = (b / NAME).read_text("utf-8")
    assert "    resilience: 3.5\n" in text and "    ownership: 4.0\n" in text
    assert not tab.doc.dirty  # reloaded: both changes, no question asked
    assert tab.controller.get(RESILIENCE) == 3.5 and tab.controller.get(OWNERSHIP) == 4.0
    assert "Got the latest.</b> 1 pattern updated" in panel.notice_text.text()
    assert not [k for k, _ in window.dialogs.asked if k == "external"] and window.dialogs.errors == []
    assert listed(panel) == ["Adaptive Facilitation — changed — Ownership 3.0 → 4.0"]  # still to share
    # Review: the range that came in
    click(qtbot, panel.findChild(QWidget, "changes:review"))
    review = window.findChild(ReviewWindow)
    assert review is not None and review.isVisible()


def test_a_clean_tab_follows_and_cancel_on_save_stops(qtbot, clones) -> None:
    a, b = clones
    window, panel = open_window(qtbot, b)
    tab = window.open_slug("adaptive-facilitation")
    ann_shares(a, "    resilience: 4.5\n", "    resilience: 3.5\n")
    other = window.open_slug("peer-support-circles")
    qtbot.keyClicks(other.findChild(QWidget, "field:title"), " draft")
    window.dialogs.confirms = [False]  # "save first?": Cancel stops, nothing is fetched
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_J, CTRL_SHIFT)
    assert window.dialogs.asked == [("confirm", "Get the Latest")]
    assert not panel.busy and other.doc.dirty and b"resilience: 4.5" in (b / NAME).read_bytes()
    window.workspace.save_tab(other)
    window.actions["get-latest"].trigger()
    qtbot.waitUntil(lambda: panel.notice.isVisible(), timeout=15000)
    assert tab.controller.get(RESILIENCE) == 3.5 and not tab.doc.dirty
    assert not tab.external_banner.isVisible()
    assert [k for k, _ in window.dialogs.asked] == ["confirm"]  # no "changed on disk?" question
    qtbot.wait(400)  # the file watcher's late news changes nothing
    assert not tab.external_banner.isVisible()
    assert not tab.doc.dirty and [k for k, _ in window.dialogs.asked] == ["confirm"]


def test_a_conflict_opens_in_the_conflict_view_and_is_marked(qtbot, clones) -> None:
    a, b = clones
    window, panel = open_window(qtbot, b)
    window.open_slug("adaptive-facilitation")
    type_score(qtbot, window, "2.0")
    save(qtbot)
    ann_shares(a, "    resilience: 4.5\n", "    resilience: 3.5\n")
    window.actions["get-latest"].trigger()
    qtbot.waitUntil(lambda: panel.notice.isVisible(), timeout=15000)
    page = window.tabs.currentWidget()
    assert isinstance(page, ConflictPage) and page.path == b / NAME
    assert [c.conflict.path for c in page.cards] == ["ontology.commons_assessment.resilience"]
    assert window.workspace.tab_for(b / NAME) is None  # no editor tab shows the markers
    assert "1 to resolve" in panel.notice_text.text()
    # the panel looks again on its worker once the task has ended
    qtbot.waitUntil(lambda: listed(panel) == ["Adaptive Facilitation — conflicts to resolve"], timeout=10000)
    assert "1 with conflicts to resolve" in panel.heading.text()
    # closed, it opens again from the panel (double-click) in the conflict view
    window.workspace.close_tab(window.tabs.indexOf(page))
    rect = panel.list.visualItemRect(panel.list.item(0))
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # as a real double-click
    qtbot.mouseDClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert isinstance(window.tabs.currentWidget(), ConflictPage) and window.current_tab() is None
    # sharing now: a message that points to the file, never a git error
    window.actions["share-changes"].trigger()
    qtbot.waitUntil(lambda: bool(window.dialogs.errors), timeout=10000)
    title, text = window.dialogs.errors[-1]
    assert title == "Share My Changes" and "adaptive-facilitation" in text and "two versions" in text
    # resolved and saved: the "1 to resolve" notice goes, the pattern is an ordinary change again
    page = window.tabs.currentWidget()
    qtbot.mouseClick(page.cards[0].findChild(QPushButton, "take-ours"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.findChild(QPushButton, "conflicts-save"), Qt.MouseButton.LeftButton)
    window.changes_panel.refresh()
    qtbot.waitUntil(lambda: not panel.notice.isVisible(), timeout=10000)
    assert listed(panel) == ["Adaptive Facilitation — changed — Resilience 3.5 → 2.0"]


def test_a_pattern_with_conflict_markers_is_listed_as_conflicts_to_resolve(tmp_path) -> None:
    from editor.model.library.reader import CONFLICT, read_entry

    text = (Path(__file__).parent.parent / "patterns" / "adaptive-facilitation.md").read_text("utf-8")
    marked = text.replace(
        "    resilience: 4.5\n", "<<<<<<< ours\n    resilience: 3.0\n=======\n    resilience: 2.0\n>>>>>>> theirs\n", 1
    )
    (tmp_path / "x.md").write_text(marked, "utf-8")
    entry = read_entry(tmp_path / "x.md")
    line = marked[: marked.index("<<<<<<<")].count("\n") + 1
    assert entry.error == (CONFLICT, line, 1)
