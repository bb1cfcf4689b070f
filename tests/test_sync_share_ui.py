"""Share My Changes and the Changes panel in the window, driven with keys and the mouse on two
clones of a bare library (file://): type a score, save, see it listed with its summary, discard and
undo, share on a branch for review, and share after the library moved on."""

from __future__ import annotations

from pathlib import Path

import pygit2
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from editor.app import create_window
from editor.model.sync import clone, share
from editor.model.sync.repo import save_identity
from editor.model.sync.share import plan
from editor.ui.sync.share_dialog import ShareAnswer, ShareDialog
from tests.sync_helpers import ANN, BEN, edit, keychain, make_bare_library, url_of  # noqa: F401  (keychain: autouse)

from .ui_helpers import ScriptedDialogs

CTRL = Qt.KeyboardModifier.ControlModifier
SCORE = "ontology.commons_assessment.resilience"
NAME = "adaptive-facilitation.md"


@pytest.fixture
def bare(tmp_path: Path) -> Path:
    return make_bare_library(tmp_path)


def get(bare: Path, dest: Path) -> Path:
    return clone.clone(url_of(bare), dest).library


def open_window(qtbot, folder: Path):
    window = create_window(folder, wait=True)
    window.dialogs = ScriptedDialogs()
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    panel = window.changes_panel
    assert window.changes_dock.isVisible()  # the library is in a repository
    qtbot.waitUntil(lambda: panel.current is not None)
    return window, panel


def type_score(qtbot, window, value: str) -> None:
    spin = window.current_tab().findChild(QWidget, f"field:{SCORE}")
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    qtbot.keyClick(spin, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(spin, value)
    qtbot.keyClick(spin, Qt.Key.Key_Tab)


def save(qtbot) -> None:
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, CTRL)


def listed(panel) -> list[str]:
    panel.wait()
    return [panel.list.item(i).text() for i in range(panel.list.count())]


def click(qtbot, widget) -> None:
    assert widget.isEnabled(), widget.objectName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_a_saved_score_is_listed_and_discard_is_undone_with_ctrl_z(qtbot, bare: Path, tmp_path: Path) -> None:
    lib = get(bare, tmp_path / "ann")
    path = lib / NAME
    original = path.read_bytes()
    window, panel = open_window(qtbot, lib)
    assert "No changes since the last sync" in panel.heading.text()
    tab = window.open_slug("adaptive-facilitation")
    type_score(qtbot, window, "3.5")
    save(qtbot)
    assert b"    resilience: 3.5\n" in path.read_bytes()
    qtbot.waitUntil(lambda: listed(panel) == ["Adaptive Facilitation — changed — Resilience 4.5 → 3.5"])
    assert panel.heading.text() == "1 pattern changed since the last sync"

    # Discard… (confirmed), the tab follows; Ctrl+Z in the panel brings the edit back
    rect = panel.list.visualItemRect(panel.list.item(0))
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    click(qtbot, panel.discard_button)
    assert ("confirm", "Discard Changes") in window.dialogs.asked
    assert path.read_bytes() == original
    assert tab.controller.get(tuple(SCORE.split("."))) == 4.5 and not tab.doc.dirty
    qtbot.waitUntil(lambda: listed(panel) == [])
    panel.list.setFocus()
    qtbot.waitUntil(panel.list.hasFocus)
    qtbot.keyClick(panel.list, Qt.Key.Key_Z, CTRL)
    assert b"    resilience: 3.5\n" in path.read_bytes()
    assert tab.controller.get(tuple(SCORE.split("."))) == 3.5
    qtbot.waitUntil(lambda: len(listed(panel)) == 1)
    # back in the form, Ctrl+Z is the pattern's own undo again
    spin = tab.findChild(QWidget, f"field:{SCORE}")
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    assert window.workspace.undo_group.activeStack() is tab.controller.undo_stack


def test_discard_refuses_a_pattern_with_unsaved_typing(qtbot, bare: Path, tmp_path: Path) -> None:
    lib = get(bare, tmp_path / "ann")
    edit(lib / NAME, "    resilience: 4.5\n", "    resilience: 2.5\n")
    window, panel = open_window(qtbot, lib)
    assert len(listed(panel)) == 1
    window.open_slug("adaptive-facilitation")
    type_score(qtbot, window, "1.5")
    panel.list.setCurrentRow(0)
    click(qtbot, panel.discard_button)
    assert window.dialogs.errors and "unsaved edits" in window.dialogs.errors[-1][1]
    assert b"    resilience: 2.5\n" in (lib / NAME).read_bytes()
    assert window.current_tab().doc.dirty  # the typing is still there


def test_share_dialog_by_keys(qtbot, bare: Path, tmp_path: Path) -> None:
    lib = get(bare, tmp_path / "ann")
    edit(lib / NAME, "    resilience: 4.5\n", "    resilience: 3.5\n")
    save_identity(ANN)
    p = plan(lib)
    dialog = ShareDialog(p)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.files.item(0).text() == "Adaptive Facilitation — changed — Resilience 4.5 → 3.5"
    assert dialog.author.text().startswith("as Ann Curator &lt;ann@example.org&gt;")
    assert dialog.branch.text() == "patterns/adaptive-facilitation-resilience" and dialog.review.isChecked()
    # a name git refuses: Share is disabled and the hint says why
    dialog.branch.setFocus()
    qtbot.keyClick(dialog.branch, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(dialog.branch, "my change")
    assert not dialog.ok.isEnabled() and "no spaces" in dialog.hint.text()
    qtbot.keyClick(dialog.branch, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(dialog.branch, "main")
    assert not dialog.ok.isEnabled() and "Publish directly" in dialog.hint.text()
    qtbot.keyClick(dialog.branch, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(dialog.branch, "patterns/lower-resilience")
    assert dialog.ok.isEnabled()
    # the message: multi-line, typed
    dialog.message.setFocus()
    qtbot.keyClick(dialog.message, Qt.Key.Key_End, CTRL)
    qtbot.keyClick(dialog.message, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.message, "Checked with the circle.")
    # publishing directly: the branch is the main line; back to review restores the typed name
    click(qtbot, dialog.direct)  # by the mouse
    assert dialog.branch.text() == "main" and not dialog.branch.isEnabled() and dialog.ok.text() == "Publish"
    assert dialog.answer() == ShareAnswer(
        "Adaptive Facilitation: Resilience 4.5 → 3.5\nChecked with the circle.\n", "main"
    )
    dialog.review.setFocus()  # by the keyboard
    qtbot.keyClick(dialog.review, Qt.Key.Key_Space)
    assert dialog.branch.text() == "patterns/lower-resilience" and dialog.ok.text() == "Send for Review"
    qtbot.keyClick(dialog.message, Qt.Key.Key_Return, CTRL)  # Ctrl+Enter shares
    assert dialog.result() == ShareDialog.DialogCode.Accepted
    assert dialog.answer().branch == "patterns/lower-resilience"


def test_share_from_the_window_sends_a_branch_for_review(qtbot, bare: Path, tmp_path: Path) -> None:
    lib = get(bare, tmp_path / "ann")
    window, panel = open_window(qtbot, lib)
    window.open_slug("adaptive-facilitation")
    type_score(qtbot, window, "3.5")
    window.current_tab().findChild(QWidget, f"field:{SCORE}").setFocus()
    dialogs = window.dialogs
    dialogs.identities = [("Ann Curator", "ann@example.org")]
    dialogs.shares = [ShareAnswer("Lower resilience\n", "patterns/lower-resilience")]
    opened: list[str] = []
    panel.open_url = opened.append
    click(qtbot, panel.share_button)
    qtbot.waitUntil(lambda: [a for a, _ in dialogs.asked] == ["confirm", "identity", "share"])
    qtbot.waitUntil(lambda: panel.notice.isVisible(), timeout=15000)
    assert not window.current_tab().doc.dirty  # saved first, when asked
    assert "Sent</b> 1 pattern for review" in panel.notice_text.text()
    remote = pygit2.Repository(str(bare))
    head = remote.references["refs/heads/patterns/lower-resilience"].peel(pygit2.Commit)
    assert head.message == "Lower resilience\n" and head.author.name == "Ann Curator"
    assert b"resilience: 3.5" in head.tree["_patterns/" + NAME].data
    qtbot.waitUntil(lambda: listed(panel) == [])
    assert dialogs.errors == []


def test_a_pull_request_link_opens_and_copies(qtbot, bare: Path, tmp_path: Path) -> None:
    lib = get(bare, tmp_path / "ann")
    window, panel = open_window(qtbot, lib)
    from editor.model.sync.share import ShareResult
    from editor.ui.sync import sharing

    url = "https://github.com/commons/patterns/compare/main...patterns/x?expand=1"
    sharing._shared(window, ShareResult("patterns/x", "origin", "abc", [], False, url))
    opened: list[str] = []
    panel.open_url = opened.append
    assert "open the review request" in panel.notice_text.text()
    # the link: activated as a click on it would
    panel.notice_text.linkActivated.emit(url)
    assert opened == [url]
    click(qtbot, panel.findChild(QWidget, "changes:copy-link"))
    assert QApplication.clipboard().text() == url
    assert not panel.heading.isVisible()  # the notice says it; Dismiss gives the place back
    click(qtbot, panel.findChild(QWidget, "changes:dismiss"))
    assert not panel.notice.isVisible() and panel.heading.isVisible()


def test_rejected_share_gets_the_latest_first_then_shares_again(qtbot, bare: Path, tmp_path: Path) -> None:
    a = get(bare, tmp_path / "ann")
    b = get(bare, tmp_path / "ben")
    save_identity(ANN)
    window, panel = open_window(qtbot, a)
    edit(b / NAME, "    ownership: 3.0\n", "    ownership: 4.0\n")
    share.share(b, "Ownership higher\n", branch="main", identity=BEN)  # the library moves on
    window.open_slug("adaptive-facilitation")
    type_score(qtbot, window, "3.5")
    save(qtbot)
    dialogs = window.dialogs
    dialogs.shares = [ShareAnswer("Resilience lower\n", "main")]
    dialogs.confirms = [True, True]  # get the latest first; then share again
    window.actions["share-changes"].trigger()
    remote = pygit2.Repository(str(bare))
    qtbot.waitUntil(
        lambda: (
            b"resilience: 3.5"
            in remote.references["refs/heads/main"].peel(pygit2.Commit).tree["_patterns/" + NAME].data
        ),
        timeout=20000,
    )
    qtbot.waitUntil(lambda: not panel.busy)
    assert panel.task is None and not panel.activity.isVisible()  # no progress left behind
    shared = remote.references["refs/heads/main"].peel(pygit2.Commit).tree["_patterns/" + NAME].data
    assert b"ownership: 4.0" in shared  # both contributors' changes are in the library
    titles = [t for k, t in dialogs.asked if k == "confirm"]
    assert titles == ["Share My Changes", "Share My Changes"]
    assert dialogs.errors == []
    tab = window.current_tab()
    assert tab.controller.get(("ontology", "commons_assessment", "ownership")) == 4.0  # the tab followed
    assert "Published" in panel.notice_text.text()


def test_compare_with_the_last_synced_version_takes_a_change_back(qtbot, bare: Path, tmp_path: Path) -> None:
    from editor.ui.compare.window import CompareWindow

    lib = get(bare, tmp_path / "ann")
    edit(lib / NAME, "    resilience: 4.5\n", "    resilience: 3.5\n")
    window, panel = open_window(qtbot, lib)
    assert len(listed(panel)) == 1
    panel.list.setCurrentRow(0)
    click(qtbot, panel.compare_button)
    compare = window.findChild(CompareWindow)
    assert compare is not None and compare.old.label == "Last synced version" and compare.new.label == "Yours"
    tab = window.workspace.tab_for(lib / NAME)  # opened for the compare, without taking the focus
    assert compare.target is tab.controller
    assert [r.label for g in compare.groups for r in g.rows] == ["Resilience"]
    assert compare.take_current()  # one undo step in the tab: back to the synced value
    assert tab.controller.get(tuple(SCORE.split("."))) == 4.5 and tab.doc.dirty
    compare.close()


def test_screenshot_of_the_share_dialog(bare: Path, tmp_path: Path, capsys) -> None:
    from editor.cli import main

    lib = get(bare, tmp_path / "ann")
    edit(lib / NAME, "    resilience: 4.5\n", "    resilience: 3.5\n")
    out = tmp_path / "share.png"
    assert main(["screenshot", str(lib), "--widget", "share", "--out", str(out)]) == 0
    assert out.stat().st_size > 10_000
    assert main(["screenshot", str(tmp_path), "--widget", "share", "--out", str(out)]) == 2
    assert "not a shared library" in capsys.readouterr().err


def test_the_dock_follows_the_library_and_the_users_choice(qtbot, bare: Path, tmp_path: Path) -> None:
    a = get(bare, tmp_path / "ann")
    b = get(bare, tmp_path / "ben")
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / NAME).write_bytes((a / NAME).read_bytes())
    window, panel = open_window(qtbot, a)
    window.open_folder(plain, wait=True)
    assert not window.changes_dock.isVisible() and not panel.in_repo  # not in a repository: hidden
    window.actions["show-changes"].trigger()  # File → My Changes: it says why there is nothing
    assert window.changes_dock.isVisible() and "not in a shared repository" in panel.heading.text()
    assert not panel.share_button.isVisible()
    window.open_folder(b, wait=True)
    assert window.changes_dock.isVisible() and panel.share_button.isVisible()
    window.changes_dock.close()  # the user closes it: opening a library does not bring it back
    window.open_folder(a, wait=True)
    assert not window.changes_dock.isVisible()
    window.actions["show-changes"].trigger()
    assert window.changes_dock.isVisible()
    qtbot.waitUntil(lambda: panel.current is not None and panel.root == a.parent)
