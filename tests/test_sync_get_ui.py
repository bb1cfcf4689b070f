"""File → Get a Library… in the window: the dialog driven by keys, a clone that opens as the library,
Cancel mid-way, a token asked for. Nothing blocks on exec(): questions come from ScriptedDialogs and
the progress window is shown with show()."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QDialog, QLineEdit, QPushButton

from editor.ui.sync.get_dialog import GetLibraryAnswer, GetLibraryDialog
from editor.ui.window.create import create_window
from tests.git_http import GIT, GitHttpServer
from tests.sync_helpers import make_bare_library, url_of

from .sync_helpers import keychain  # noqa: F401  (autouse: an in-memory keychain)
from .test_accessibility import unnamed
from .ui_helpers import ScriptedDialogs, copy_library

needs_git = pytest.mark.skipif(GIT is None, reason="the test server runs `git http-backend`: git is not on PATH")
SEED_SLUG = "restorative-practices-helpers"


@pytest.fixture
def window(qtbot, tmp_path: Path):
    win = create_window(copy_library(tmp_path), wait=True)
    win.dialogs = ScriptedDialogs()
    qtbot.addWidget(win)
    win.show()
    return win


def get(qtbot, window, answer: GetLibraryAnswer, **queues):
    """Queue the dialog's answer (and tokens…), trigger the action; the run, already started."""
    window.dialogs.get_libraries = [answer]
    for name, queue in queues.items():
        setattr(window.dialogs, name, queue)
    window.actions["get-library"].trigger()
    run = window.get_library_run
    assert run is not None and run.progress.isVisible()
    return run


def wait_done(qtbot, window, timeout: int = 20_000) -> None:
    qtbot.waitUntil(lambda: window.get_library_run is None, timeout=timeout)


def folder_listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# ---------------------------------------------------------------- the dialog


def test_the_dialog_follows_the_address_and_checks_the_destination(qtbot, tmp_path: Path) -> None:
    parent = tmp_path / "Pattern Libraries"
    dialog = GetLibraryDialog(str(parent))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.findChild(QLineEdit, "sync:source"))
    source = dialog.findChild(QLineEdit, "sync:source")
    dest = dialog.findChild(QLineEdit, "sync:dest")
    shallow = dialog.findChild(QCheckBox, "sync:shallow")
    get_button = dialog.findChild(QPushButton, "sync:get")
    assert dialog.findChild(QPushButton, "sync:cancel") is not None
    assert not get_button.isEnabled()  # nothing typed
    assert source.placeholderText() == "https://github.com/owner/library.git"
    assert source.accessibleName() and dest.accessibleName() and "full copy" in shallow.toolTip()

    qtbot.keyClicks(source, "https://example.org/commons/patterns.git")
    assert dest.text() == str(parent / "patterns")
    assert get_button.isEnabled() and dialog.problem.text() == ""

    # a folder that already holds files: said under the fields, and Get waits
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "notes.txt").write_text("mine\n")
    dest.setFocus()
    qtbot.keyClick(dest, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dest, str(taken))
    assert dest.text() == str(taken)
    assert "already exists and is not empty" in dialog.problem.text() and not get_button.isEnabled()
    qtbot.keyClicks(source, "x")  # the user's own destination no longer follows the address
    assert dest.text() == str(taken)
    qtbot.keyClick(dest, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(dest, Qt.Key.Key_Backspace)  # emptied: it follows the address again
    assert dest.text() == str(parent / "patterns.gitx")
    qtbot.keyClick(source, Qt.Key.Key_Backspace)
    assert dest.text() == str(parent / "patterns") and get_button.isEnabled()

    # an address that is not one
    source.clear()
    qtbot.keyClicks(source, "/no/such/folder")
    assert dialog.problem.text() == "There is no folder at /no/such/folder." and not get_button.isEnabled()
    source.clear()
    qtbot.keyClicks(source, "git@github.com:commons/library.git")
    assert get_button.isEnabled() and dest.text() == str(parent / "library")

    # the keyboard: Tab from the address reaches the fast-start box; Space ticks it
    source.setFocus()
    for _ in range(4):  # Browse…, the destination, Choose…, the box
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is shallow
    qtbot.keyClick(shallow, Qt.Key.Key_Space)
    assert shallow.isChecked()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is get_button

    # Enter in the address accepts, with the answer as shown
    source.setFocus()
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(source, Qt.Key.Key_Return)
    assert dialog.answer() == GetLibraryAnswer("git@github.com:commons/library.git", parent / "library", 1)


def test_choose_puts_the_library_in_another_folder(qtbot, tmp_path: Path) -> None:
    dialog = GetLibraryDialog(str(tmp_path / "a"))
    qtbot.addWidget(dialog)
    dialog.choose_folder = lambda title, start: str(tmp_path / "b")
    qtbot.keyClicks(dialog.source, "https://example.org/lib.git")
    qtbot.mouseClick(dialog.findChild(QPushButton, "sync:choose"), Qt.MouseButton.LeftButton)
    assert dialog.dest.text() == str(tmp_path / "b" / "lib")
    dialog.choose_folder = lambda title, start: str(tmp_path)
    qtbot.mouseClick(dialog.findChild(QPushButton, "sync:browse"), Qt.MouseButton.LeftButton)
    assert dialog.source.text() == str(tmp_path)  # a local folder as the address


# ---------------------------------------------------------------- in the window


def test_get_a_library_opens_it_and_keeps_unsaved_edits(qtbot, window, tmp_path: Path) -> None:
    bare = make_bare_library(tmp_path)
    window.show_welcome()  # about the sample library: closed once a real one is open
    tab = window.open_slug(SEED_SLUG)
    tab.controller.set_field("ontology.commons_assessment.resilience", 3.5)
    dest = tmp_path / "Pattern Libraries" / "library"
    run = get(qtbot, window, GetLibraryAnswer(url_of(bare), dest, 0))
    wait_done(qtbot, window)
    assert run.error is None
    library = (dest / "_patterns").resolve()
    qtbot.waitUntil(lambda: window.library.folder == library and window.library_panel.model.rowCount() == 3)
    assert (dest / ".git").is_dir()
    assert folder_listing(dest.parent) == ["library"]  # nothing half-made beside it
    assert window.settings.last_folder == str(library)
    assert "welcome" not in [window.tabs.widget(i).objectName() for i in range(window.tabs.count())]
    qtbot.waitUntil(lambda: "Got the library: 3 patterns in" in window.statusBar().currentMessage())
    assert window.statusBar().currentMessage().endswith(str(Path("…", "library", "_patterns")))
    assert window.findChild(QDialog, "sync:getting") is None or not run.progress.isVisible()
    # the edit in the other library's tab is still there, unsaved, and nothing asked about it
    assert window.tabs.indexOf(tab) >= 0 and tab.doc.dirty
    assert not [a for a in window.dialogs.asked if a[0] == "unsaved"]
    assert window.dialogs.errors == []


def test_the_welcome_page_button_asks_for_a_library(qtbot, window) -> None:
    window.show_welcome()
    page = window.tabs.currentWidget()
    assert page.objectName() == "welcome"
    button = page.findChild(QPushButton, "welcome:get-library")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    kind, parent = window.dialogs.asked[-1]
    assert kind == "get_library" and Path(parent).name == "Pattern Libraries"
    assert unnamed(page) == []
    dialog = GetLibraryDialog(parent, window)  # what the real Dialogs would show, every control named
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert unnamed(dialog) == []
    assert getattr(window, "get_library_run", None) is None  # nothing queued: the dialog was cancelled


def test_a_folder_without_patterns_is_refused_with_a_plain_message(qtbot, window, tmp_path: Path) -> None:
    bare = make_bare_library(tmp_path, names=())
    dest = tmp_path / "libs" / "empty"
    get(qtbot, window, GetLibraryAnswer(url_of(bare), dest, 0))
    wait_done(qtbot, window)
    [(title, text)] = window.dialogs.errors
    assert title == "Could not get the library" and "not a pattern library" in text
    assert folder_listing(dest.parent) == []


@needs_git
def test_cancel_leaves_nothing_and_the_window_usable(qtbot, window, tmp_path: Path) -> None:
    make_bare_library(tmp_path)
    before = window.library.folder
    dest = tmp_path / "libs" / "library"
    with GitHttpServer(tmp_path) as server:
        server.stall = 1.0  # each answer waits: Cancel is pressed while the copy is under way
        run = get(qtbot, window, GetLibraryAnswer(server.url_for("library.git"), dest, 0))
        window.actions["get-library"].trigger()  # one at a time: the second is not started
        assert window.get_library_run is run
        assert [a[0] for a in window.dialogs.asked].count("get_library") == 1
        qtbot.waitUntil(lambda: server.requests >= 1)  # under way: the server is keeping it waiting
        cancel = run.progress.findChild(QPushButton, "sync:progress-cancel")
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
        assert not cancel.isEnabled() and "Cancelling" in run.progress.detail.text()
        assert unnamed(run.progress) == []
        assert window.open_slug(SEED_SLUG) is not None  # the window answers meanwhile
        wait_done(qtbot, window)
    assert type(run.error).__name__ == "Cancelled"
    assert not dest.exists() and folder_listing(dest.parent) == []
    assert window.dialogs.errors == []
    assert "cancelled" in window.statusBar().currentMessage()
    assert window.library.folder == before
    assert window.open_slug("adaptive-facilitation") is not None


@needs_git
def test_a_token_is_asked_once_then_a_wrong_one_is_refused(qtbot, window, tmp_path: Path) -> None:
    import keyring

    make_bare_library(tmp_path)
    with GitHttpServer(tmp_path, token="s3cret") as server:
        url = server.url_for("library.git")
        dest = tmp_path / "libs" / "library"
        run = get(qtbot, window, GetLibraryAnswer(url, dest, 1), tokens=[("s3cret", False)])
        wait_done(qtbot, window)
        assert run.error is None and (dest / "_patterns" / "adaptive-facilitation.md").is_file()
        assert [a for a in window.dialogs.asked if a[0] == "token"] == [("token", ("127.0.0.1", False))]
        assert keyring.get_keyring().store == {}  # not asked to remember it
        qtbot.waitUntil(lambda: window.library_panel.model.rowCount() == 3)

        window.dialogs.asked.clear()
        other = tmp_path / "libs" / "again"
        get(qtbot, window, GetLibraryAnswer(url, other, 0), tokens=[("wrong", False)])  # then Cancel
        wait_done(qtbot, window)
    assert [a for a in window.dialogs.asked if a[0] == "token"] == [
        ("token", ("127.0.0.1", False)),
        ("token", ("127.0.0.1", True)),  # refused: asked again, and the user cancelled
    ]
    assert window.dialogs.errors == [("Could not get the library", "127.0.0.1 refused the token.")]
    assert not other.exists() and folder_listing(other.parent) == ["library"]


def test_screenshots_of_the_dialog_and_the_welcome_page(qapp, tmp_path: Path, monkeypatch) -> None:
    from editor.cli import main
    from editor.ui.window import screenshot

    seen = []
    real_save = screenshot._save

    def save(widget, name):
        seen.append(widget)
        if isinstance(widget, GetLibraryDialog):
            assert widget.source.text() == "https://example.org/commons/patterns.git"
            assert widget.dest.text().endswith("patterns") and widget.get_button.isEnabled()
        else:
            assert widget.tabs.currentWidget().objectName() == "welcome"
        return real_save(widget, name)

    monkeypatch.setattr(screenshot, "_save", save)
    out = tmp_path / "get.png"
    source = "https://example.org/commons/patterns.git"
    assert main(["screenshot", "--widget", "get-library", "--source", source, "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"\x89PNG")
    assert main(["screenshot", "--widget", "welcome", "--out", str(tmp_path / "welcome.png")]) == 0
    assert len(seen) == 2
