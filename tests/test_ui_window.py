"""The main window: session, saving and closing, external changes, recovery, read-only files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from editor.model.document.recovery import RecoveryStore
from editor.ui.common.dialogs import COMPARE, DISCARD, KEEP_MINE, RELOAD, SAVE
from editor.ui.common.settings import Settings
from editor.ui.window.mainwindow import MainWindow

from .ui_helpers import ScriptedDialogs, copy_library

SEED_SLUG = "restorative-practices-helpers"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return copy_library(tmp_path)


@pytest.fixture
def make_window(qtbot, tmp_path: Path):
    recovery = RecoveryStore(tmp_path / "recovery")

    def make(folder: Path, dialogs: ScriptedDialogs | None = None) -> MainWindow:
        window = MainWindow(Settings(), dialogs or ScriptedDialogs(), recovery)
        qtbot.addWidget(window)
        window.open_folder(folder, wait=True)
        window.resize(1280, 800)
        window.show()
        return window

    return make


def test_library_lists_the_folder_and_opens_patterns(qtbot, make_window, library: Path) -> None:
    window = make_window(library)
    assert window.library_panel.model.rowCount() == len(list(library.glob("*.md")))
    tab = window.open_slug(SEED_SLUG)
    assert tab is not None and window.tabs.count() == 1
    assert window.open_slug(SEED_SLUG) is tab  # the same file is not opened twice
    assert window.preview.controller is tab.controller
    window.preview.render_now()
    assert "Restorative Practices for Helpers" in window.preview.toPlainText()
    assert window.problems.topLevelItemCount() == len(tab.findings) > 0


def test_library_filter_uses_fuzzy_search(qtbot, make_window, library: Path) -> None:
    window = make_window(library)
    window.library_panel.filter.setText("listening")
    window.library_panel.apply_filter()
    model = window.library_panel.model
    assert model.rowCount() >= 1
    assert model.index(0).data() == "Active Listening in Depth"


def test_close_with_unsaved_changes_asks(qtbot, make_window, library: Path) -> None:
    dialogs = ScriptedDialogs()
    window = make_window(library, dialogs)
    tab = window.open_slug(SEED_SLUG)
    path = tab.doc.path
    raw = path.read_bytes()
    tab.controller.set_field("ontology.commons_assessment.resilience", 3.5)
    assert window.tabs.tabText(0).startswith("●")
    dialogs.unsaved = ["cancel"]
    assert not window.workspace.close_tab(0)
    assert window.tabs.count() == 1
    dialogs.unsaved = [DISCARD]
    assert window.workspace.close_tab(0)
    assert path.read_bytes() == raw
    tab = window.open_slug(SEED_SLUG)
    tab.controller.set_field("ontology.commons_assessment.resilience", 3.5)
    dialogs.unsaved = [SAVE]
    assert window.workspace.close_tab(0)
    assert b"    resilience: 3.5\n" in path.read_bytes()
    assert len(path.read_bytes()) == len(raw)


def test_quit_asks_once_for_all_dirty_tabs(qtbot, make_window, library: Path) -> None:
    dialogs = ScriptedDialogs()
    window = make_window(library, dialogs)
    for slug in (SEED_SLUG, "peer-support-circles"):
        window.open_slug(slug).controller.set_field("title", "Changed")
    dialogs.unsaved = ["cancel"]
    assert not window.close()
    assert dialogs.asked[-1] == ("unsaved", [SEED_SLUG, "peer-support-circles"])
    dialogs.unsaved = [DISCARD]
    assert window.close()


def test_file_changed_on_disk_offers_reload_keep_compare(qtbot, make_window, library: Path) -> None:
    dialogs = ScriptedDialogs()
    window = make_window(library, dialogs)
    tab = window.open_slug(SEED_SLUG)
    path = tab.doc.path
    tab.controller.set_field("title", "Mine")
    theirs = path.read_text().replace("confidence: 1", "confidence: 2")
    path.write_text(theirs)
    window.workspace.watch.file_changed(str(path))  # the watcher's signal, without waiting on inotify
    assert tab.external_banner.isVisible()
    # saving now must not silently overwrite their version: the dialog is asked
    dialogs.external = [COMPARE]
    assert not window.workspace.save_tab(tab)
    from editor.ui.compare.window import CompareWindow

    compare = window.findChildren(CompareWindow)[-1]
    assert compare.isVisible() and compare.can_take  # disk version vs the editor, changes can be taken
    assert any("Title" in row.label for group in compare.groups for row in group.rows)
    assert path.read_text() == theirs
    # keep mine: the next save replaces the file, as the user chose
    tab._validate_timer.stop()
    tab.externalAction.emit(KEEP_MINE)
    assert not tab.external_banner.isVisible()
    assert window.workspace.save_tab(tab)
    assert 'title: "Mine"' in path.read_text() and "confidence: 1" in path.read_text()


def test_reload_takes_the_disk_version(qtbot, make_window, library: Path) -> None:
    dialogs = ScriptedDialogs()
    window = make_window(library, dialogs)
    tab = window.open_slug(SEED_SLUG)
    path = tab.doc.path
    path.write_text(path.read_text().replace("confidence: 1", "confidence: 2"))
    window.workspace.watch.file_changed(str(path))
    dialogs.confirms = [True]
    tab.externalAction.emit(RELOAD)
    assert tab.doc.get("lifecycle.confidence") == 2
    assert not tab.doc.dirty


def test_own_save_is_not_reported_as_external_change(qtbot, make_window, library: Path) -> None:
    window = make_window(library)
    tab = window.open_slug(SEED_SLUG)
    tab.controller.set_field("title", "Saved by us")
    assert window.workspace.save_tab(tab)
    window.workspace.watch.file_changed(str(tab.doc.path))
    assert not tab.external_banner.isVisible()


def test_unparseable_file_opens_read_only_and_is_never_written(qtbot, make_window, library: Path) -> None:
    broken = library / "broken.md"
    raw = b"---\nid: pat_x\ntitle: [unclosed\n---\nBody\n"
    broken.write_bytes(raw)
    dialogs = ScriptedDialogs()
    window = make_window(library, dialogs)
    tab = window.open_file(broken)
    assert tab.readonly_banner.isVisible()
    assert tab.error_banner.isVisible() and "line 4" in tab.error_banner.label.text()
    assert tab.views.currentIndex() == 2  # source view, at the error
    assert not tab.form.isEnabled()
    assert tab.findings[0].rule == "yaml-syntax"
    window.workspace.save_tab(tab)  # falls back to "save as"; nothing is written over
    assert broken.read_bytes() == raw


def test_read_only_file_shows_banner(qtbot, make_window, library: Path, monkeypatch) -> None:
    path = library / f"{SEED_SLUG}.md"
    monkeypatch.setattr(
        "editor.model.document.storage.writable_reason", lambda p: "the file is read-only" if Path(p) == path else None
    )
    window = make_window(library)
    tab = window.open_slug(SEED_SLUG)
    assert tab.readonly_banner.isVisible() and "read-only" in tab.readonly_banner.label.text()
    assert "🔒" in window.tabs.tabText(0)


def test_recovery_offers_unsaved_work_after_a_crash(qtbot, make_window, library: Path) -> None:
    window = make_window(library)
    tab = window.open_slug(SEED_SLUG)
    path = tab.doc.path
    raw = path.read_bytes()
    tab.controller.set_field("title", "Unsaved work")
    window.workspace.snapshots.keep()
    assert window.workspace.snapshots.store.entries()
    # a new session after a crash: the file is untouched, the work is offered back
    dialogs = ScriptedDialogs()
    dialogs.recover = [True]
    second = make_window(library, dialogs)
    second.workspace.offer_recovery()
    restored = second.workspace.tab_for(path)
    assert restored is not None and restored.doc.get("title") == "Unsaved work"
    assert restored.doc.dirty and path.read_bytes() == raw


def test_session_restores_open_tabs(qtbot, make_window, library: Path) -> None:
    window = make_window(library)
    window.open_slug("peer-support-circles")
    window.open_slug(SEED_SLUG)
    window.save_session()
    second = make_window(library)
    second.restore_session()
    assert [t.title() for t in second.workspace.document_tabs()] == ["peer-support-circles", SEED_SLUG]
    assert second.current_tab().title() == SEED_SLUG


def test_next_problem_jumps_to_the_field(qtbot, make_window, library: Path) -> None:
    window = make_window(library)
    tab = window.open_slug(SEED_SLUG)
    window.actions["next_problem"].trigger()
    finding = window.problems.currentItem().data(0, Qt.ItemDataRole.UserRole)
    assert finding.path == "lifecycle.usage_stage"
    assert window.focusWidget() is tab.form.row_for(finding.path).editor.combo
    window.actions["next_problem"].trigger()
    assert window.problems.currentItem().data(0, Qt.ItemDataRole.UserRole).rule == "callout"
    assert tab.views.currentIndex() == 1  # the body, at the callout


def test_undo_redo_follow_the_active_tab(qtbot, make_window, library: Path) -> None:
    window = make_window(library)
    first = window.open_slug(SEED_SLUG)
    first.controller.set_field("title", "One")
    second = window.open_slug("peer-support-circles")
    assert not window.undo_action.isEnabled()
    window.tabs.setCurrentWidget(first)
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()
    assert first.doc.get("title") == "Restorative Practices for Helpers"
    assert not first.doc.dirty
    assert second.doc.get("title") == "Peer Support Circles"


def test_compare_with_saved_and_history(qtbot, make_window, library: Path) -> None:
    from editor.ui.compare.window import CompareWindow

    window = make_window(library)
    tab = window.open_slug(SEED_SLUG)
    tab.controller.set_field("ontology.commons_assessment.resilience", 4.0)
    compare = window.workspace.compare_with_saved(tab)
    assert isinstance(compare, CompareWindow)
    assert compare.take_current() or compare.take_old(compare.groups[0].rows[0])
    assert tab.doc.get("ontology.commons_assessment.resilience") == 3.0
    dialog = window.workspace.show_history(tab)  # the copied library is not a git repository: the dialog says so
    qtbot.addWidget(dialog)
    window.workspace.close_tab(window.tabs.indexOf(tab), ask=False)
    assert not compare.isVisible()


def test_save_keeps_permissions(qtbot, make_window, library: Path) -> None:
    path = library / f"{SEED_SLUG}.md"
    os.chmod(path, 0o640)
    window = make_window(library)
    tab = window.open_slug(SEED_SLUG)
    tab.controller.set_field("title", "x")
    assert window.workspace.save_tab(tab)
    assert oct(path.stat().st_mode & 0o777) == "0o640"


def test_recovery_snapshot_follows_later_edits(qtbot, make_window, library: Path) -> None:
    window = make_window(library)
    window.workspace.snapshots.pause.setInterval(20)
    tab = window.open_slug(SEED_SLUG)
    tab.controller.set_field("title", "First edit")
    qtbot.waitUntil(lambda: bool(window.workspace.snapshots.store.entries()), timeout=2000)
    tab.controller.set_field("title", "Second edit")
    qtbot.waitUntil(lambda: 'title: "Second edit"' in window.workspace.snapshots.store.entries()[0].text, timeout=2000)


def test_keep_mine_covers_only_the_version_seen(qtbot, make_window, library: Path) -> None:
    dialogs = ScriptedDialogs()
    window = make_window(library, dialogs)
    tab = window.open_slug(SEED_SLUG)
    path = tab.doc.path
    tab.controller.set_field("title", "Mine")
    path.write_text(path.read_text().replace("confidence: 1", "confidence: 2"))
    window.workspace.watch.file_changed(str(path))
    tab.externalAction.emit(KEEP_MINE)
    second = path.read_text().replace("status: draft", "status: stable")
    path.write_text(second)  # a colleague changes it again
    window.workspace.watch.file_changed(str(path))
    assert tab.external_banner.isVisible()
    dialogs.external = ["cancel"]  # Esc in the dialog decides nothing
    assert not window.workspace.save_tab(tab)
    assert path.read_text() == second
    assert dialogs.asked[-1][0] == "external"


def test_recovery_never_pastes_over_a_file_changed_since(qtbot, make_window, library: Path) -> None:
    from editor.ui.compare.window import CompareWindow

    window = make_window(library)
    tab = window.open_slug(SEED_SLUG)
    path = tab.doc.path
    tab.controller.set_field("title", "Unsaved work")
    window.workspace.snapshots.keep()
    newer = path.read_text().replace("status: draft", "status: stable")
    path.write_text(newer)  # e.g. a git pull after the crash
    dialogs = ScriptedDialogs()
    dialogs.recover = [True]
    second = make_window(library, dialogs)
    second.workspace.offer_recovery()
    restored = second.workspace.tab_for(path)
    assert restored.doc.text == newer and not restored.doc.dirty
    compare = second.findChildren(CompareWindow)[-1]
    assert compare.isVisible() and compare.can_take


def test_closing_a_tab_releases_its_controller(qtbot, make_window, library: Path) -> None:
    window = make_window(library)
    tab = window.open_slug(SEED_SLUG)
    tab.controller.set_field("title", "x")
    compare = window.workspace.compare_with_saved(tab)
    destroyed = []
    tab.controller.destroyed.connect(lambda: destroyed.append(True))
    window.workspace.close_tab(window.tabs.indexOf(tab), ask=False)
    qtbot.waitUntil(lambda: bool(destroyed), timeout=2000)
    from shiboken6 import isValid

    assert not isValid(compare) or not compare.isVisible()  # closed with the document it edited


def test_reloading_a_fixed_file_makes_it_editable(qtbot, make_window, library: Path) -> None:
    broken = library / "broken.md"
    broken.write_text("---\nid: pat_x\ntitle: [unclosed\n---\nBody\n")
    window = make_window(library)
    tab = window.open_file(broken)
    assert not tab.form.isEnabled()
    broken.write_text("---\nid: pat_x\ntitle: Fixed\n---\nBody\n")
    tab.controller.reload()
    assert tab.doc.error is None and not tab.doc.read_only
    assert tab.form.isEnabled() and not tab.readonly_banner.isVisible()


def test_save_as_moves_the_watch_and_clears_dirty(qtbot, make_window, library: Path, tmp_path: Path) -> None:
    dialogs = ScriptedDialogs()
    window = make_window(library, dialogs)
    tab = window.open_slug(SEED_SLUG)
    heard = []
    tab.controller.dirtyChanged.connect(heard.append)
    tab.controller.set_field("title", "Copy")
    target = library / "copy-of-seed.md"
    dialogs.texts = [str(target)]
    assert window.workspace.save_tab_as(tab)
    assert heard == [True, False]
    assert tab.doc.path == target and str(target) in window.workspace.watch.files()
    assert not window.tabs.tabText(window.tabs.indexOf(tab)).startswith("●")


def test_ctrl_z_in_a_form_field_undoes_the_document(qtbot, make_window, library: Path) -> None:
    from PySide6.QtCore import Qt as QtKeys

    window = make_window(library)
    tab = window.open_slug(SEED_SLUG)
    from PySide6.QtWidgets import QApplication

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    title = tab.form.row_for("title").editor.edit
    title.setFocus()
    title.end(False)
    qtbot.keyClicks(title, " now")
    assert tab.doc.get("title").endswith(" now")
    qtbot.keyClick(title, QtKeys.Key.Key_Z, QtKeys.KeyboardModifier.ControlModifier)
    assert tab.doc.get("title") == "Restorative Practices for Helpers"
    assert tab.controller.undo_stack.index() == 0  # undone in the document, nothing new pushed
