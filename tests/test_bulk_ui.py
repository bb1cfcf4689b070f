"""Bulk edits and queries in the window: the library filter answers queries, saved views show in
the library panel, a bulk edit is previewed, written as one undo step, and refused under unsaved
edits."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from editor.model.check.config import SavedView, save_view
from editor.model.document.recovery import RecoveryStore
from editor.model.edit.bulk import AddRelationship, SetField
from editor.ui.common.settings import Settings
from editor.ui.window.mainwindow import MainWindow

from .ui_helpers import ScriptedDialogs, copy_library


@pytest.fixture
def window(qtbot, tmp_path: Path) -> MainWindow:
    folder = copy_library(tmp_path)
    win = MainWindow(Settings(), ScriptedDialogs(), RecoveryStore(tmp_path / "recovery"))
    qtbot.addWidget(win)
    win.open_folder(folder, wait=True)
    win.resize(1280, 800)
    win.show()
    return win


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.md"))}


def type_filter(qtbot, window: MainWindow, text: str) -> None:
    box = window.library_panel.filter
    box.clear()
    qtbot.keyClicks(box, text)
    window.library_panel.apply_filter()  # the debounce timer's work, now


def test_library_filter_answers_queries(qtbot, window: MainWindow) -> None:
    panel = window.library_panel
    entries = window.library.entries()
    type_filter(qtbot, window, "status:draft")
    drafts = [e for e in entries if e.status == "draft"]
    assert panel.model.rowCount() == len(drafts) and f"{len(drafts)} of {len(entries)}" in panel.count.text()
    type_filter(qtbot, window, "-status:draft")
    assert panel.model.rowCount() == len(entries) - len(drafts)
    type_filter(qtbot, window, "overall<")
    assert panel.model.rowCount() == 0
    assert "column" in panel.count.text() and panel.count.property("error") is True
    type_filter(qtbot, window, "circle")  # bare words keep the fuzzy ranking
    assert panel.model.rowCount() >= 1 and panel.count.property("error") is False


def test_saved_views_show_in_the_library_panel(qtbot, window: MainWindow) -> None:
    panel = window.library_panel
    assert not panel.views.isVisibleTo(window)
    folder = window.library.folder
    assert folder is not None
    view = SavedView("Weak drafts", "status:draft overall<3", ("title",), "-overall")
    save_view(folder / ".pattern-editor.toml", view)
    panel.refresh_views()
    assert panel.views.isVisibleTo(window) and panel.views.count() == 1
    opened = []
    panel.openView.connect(opened.append)
    item = panel.views.item(0)
    qtbot.mouseClick(panel.views.viewport(), Qt.MouseButton.LeftButton, pos=panel.views.visualItemRect(item).center())
    assert [v.name for v in opened] == ["Weak drafts"] and opened[0].query == "status:draft overall<3"


def test_bulk_edit_is_previewed_and_undone_in_one_step(qtbot, window: MainWindow) -> None:
    folder = window.library.folder
    before = snapshot(folder)
    files = sorted(folder.glob("*.md"))
    dialogs = window.dialogs
    assert window.workspace.bulk_edit(files, [AddRelationship("complementary", "restorative-circles", 0.7)], "Link")
    kind, summary = dialogs.asked[-1]
    assert kind == "changes" and "files change" in summary
    assert "+    - slug: restorative-circles" in dialogs.details
    after = snapshot(folder)
    changed = [n for n in after if after[n] != before[n]]
    assert len(changed) >= len(files) - 2  # every file but the target itself (and one that already links)
    # Ctrl+Z on a page that edits the library undoes the whole bulk edit
    page = QWidget()
    page.uses_library_undo = True
    window.workspace.show_page("library-page", lambda: (page, window.windowIcon(), "Library page"))
    window.findChild(type(window.undo_action), "undo").trigger()
    assert snapshot(folder) == before
    window.findChild(type(window.undo_action), "redo").trigger()
    assert snapshot(folder) == after


def test_bulk_edit_refuses_under_unsaved_edits(qtbot, window: MainWindow) -> None:
    folder = window.library.folder
    seed = folder / "restorative-practices-helpers.md"
    tab = window.workspace.open_file(seed)
    assert tab is not None
    tab.controller.set_field(("title",), "Edited but not saved")
    before = snapshot(folder)
    assert not window.workspace.bulk_edit([seed], [SetField("status", "published")], "Publish")
    assert "Save or close" in window.dialogs.errors[-1][1]
    assert snapshot(folder) == before


def test_a_clean_open_tab_follows_a_bulk_edit(qtbot, window: MainWindow) -> None:
    folder = window.library.folder
    seed = folder / "restorative-practices-helpers.md"
    tab = window.workspace.open_file(seed)
    assert tab is not None and not tab.doc.dirty
    assert window.workspace.bulk_edit([seed], [SetField("status", "published")], "Publish", preview=False)
    assert tab.doc.data["lifecycle"]["status"] == "published" and not tab.doc.dirty
    assert window.library.entry("restorative-practices-helpers").status == "published"


# ------------------------------------------------------------ the bulk-edit dialog, fixes, views


def test_bulk_edit_dialog_builds_operations_from_what_is_typed(qtbot) -> None:
    from editor.model.edit.bulk import AddToList, ReplaceText
    from editor.ui.library.bulk_dialog import BulkEditDialog

    dialog = BulkEditDialog(3, ["restorative-circles", "harm-circle"])
    qtbot.addWidget(dialog)
    dialog.show()
    field = dialog.findChild(type(dialog.field), "bulk-field")
    field.lineEdit().selectAll()
    qtbot.keyClicks(field.lineEdit(), "status")
    qtbot.keyClicks(dialog.value, "published")
    assert dialog.ok.isEnabled()
    assert dialog.operations() == [SetField("status", "published")]
    dialog.operation.setFocus()
    qtbot.keyClick(dialog.operation, Qt.Key.Key_Down)  # Add to list…
    field.lineEdit().selectAll()
    qtbot.keyClicks(field.lineEdit(), "aliases")
    dialog.value.clear()
    qtbot.keyClicks(dialog.value, "Circle")
    assert dialog.operations() == [AddToList("aliases", "Circle")]
    for _ in range(3):
        qtbot.keyClick(dialog.operation, Qt.Key.Key_Down)  # … Replace text…
    field.lineEdit().selectAll()
    qtbot.keyClicks(field.lineEdit(), "title")
    qtbot.keyClicks(dialog.find, "Circle")
    dialog.value.clear()
    qtbot.keyClicks(dialog.value, "Ring")
    assert dialog.operations() == [ReplaceText("title", "Circle", "Ring")]
    qtbot.keyClick(dialog.operation, Qt.Key.Key_Up)  # Add relationship…
    assert not dialog.ok.isEnabled()  # no pattern picked yet
    qtbot.keyClicks(dialog.target, "harm-circle")
    assert dialog.operations()[0].slug == "harm-circle" and dialog.ok.isEnabled()


def test_bulk_edit_from_the_table_selection(qtbot, window: MainWindow) -> None:
    from PySide6.QtWidgets import QToolButton

    folder = window.library.folder
    before = snapshot(folder)
    window.findChild(type(window.undo_action), "view-table").trigger()
    page = window.table_page
    page.view.selectAll()
    window.dialogs.bulk_ops = [[SetField("status", "published")]]
    qtbot.mouseClick(page.findChild(QToolButton, "table-bulk"), Qt.MouseButton.LeftButton)
    assert ("bulk", len(before)) in window.dialogs.asked
    after = snapshot(folder)
    assert all(b"status: published" in data for data in after.values())
    window.findChild(type(window.undo_action), "undo").trigger()  # the table page edits the library
    assert snapshot(folder) == before


def test_fix_all_from_the_library_problems(qtbot, window: MainWindow) -> None:
    folder = window.library.folder
    seed = folder / "restorative-practices-helpers.md"
    text = seed.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.strip().startswith("overall_score:"))
    seed.write_text(text.replace(line, line.split(":")[0] + ": 1.0", 1), encoding="utf-8")
    window.library.refresh()
    problems = window.library_problems
    problems.severity.setCurrentIndex(2)
    problems.group.setCurrentIndex(1)  # by rule
    window.check_library()
    problems._worker.wait()
    group = next(
        problems.tree.topLevelItem(i)
        for i in range(problems.tree.topLevelItemCount())
        if problems.tree.topLevelItem(i).toolTip(0) == "overall-score"
    )
    problems.tree.scrollToItem(group)
    rect = problems.tree.visualItemRect(group)
    qtbot.mouseClick(problems.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert problems.fix_button.isVisible() and problems.fix_button.text().startswith("Fix all 1")
    qtbot.mouseClick(problems.fix_button, Qt.MouseButton.LeftButton)
    kind, summary = window.dialogs.asked[-1] if window.dialogs.asked[-1][0] == "changes" else ("", "")
    assert kind == "changes" and "1 of 1 files change" in summary
    # the bundled seed's score was its pillars' mean: the fix writes back exactly the original line
    assert seed.read_text(encoding="utf-8") == text


def test_accept_a_value_for_the_library(qtbot, window: MainWindow) -> None:
    import tomllib

    folder = window.library.folder
    seed = folder / "restorative-practices-helpers.md"
    seed.write_text(seed.read_text(encoding="utf-8").replace("usage_stage: ", "usage_stage: recognition #", 1), "utf-8")
    window.library.refresh()
    problems = window.library_problems
    problems.group.setCurrentIndex(1)
    window.check_library()
    problems._worker.wait()
    enum = next(
        problems.tree.topLevelItem(i)
        for i in range(problems.tree.topLevelItemCount())
        if problems.tree.topLevelItem(i).toolTip(0) == "enum"
    )
    enum.setExpanded(True)
    value_row = next(enum.child(i) for i in range(enum.childCount()) if "recognition" in enum.child(i).text(0))
    problems.tree.scrollToItem(value_row)
    qtbot.mouseClick(
        problems.tree.viewport(), Qt.MouseButton.LeftButton, pos=problems.tree.visualItemRect(value_row).center()
    )
    assert problems.accept_button.isVisible()
    qtbot.mouseClick(problems.accept_button, Qt.MouseButton.LeftButton)
    config = tomllib.loads((folder / ".pattern-editor.toml").read_text(encoding="utf-8"))
    assert "recognition" in config["accept"]["lifecycle.usage_stage"]


def test_save_a_view_from_the_table_and_open_it_from_the_library(qtbot, window: MainWindow) -> None:
    from PySide6.QtWidgets import QToolButton

    window.findChild(type(window.undo_action), "view-table").trigger()
    page = window.table_page
    page.query.clear()
    qtbot.keyClicks(page.query, "status:draft")
    qtbot.keyClick(page.query, Qt.Key.Key_Return)
    window.dialogs.texts = ["Drafts"]
    qtbot.mouseClick(page.findChild(QToolButton, "table-save-view"), Qt.MouseButton.LeftButton)
    panel = window.library_panel
    assert panel.views.count() == 1 and panel.views.item(0).text() == "Drafts"
    page.query.clear()
    qtbot.keyClick(page.query, Qt.Key.Key_Return)
    item = panel.views.item(0)
    qtbot.mouseClick(panel.views.viewport(), Qt.MouseButton.LeftButton, pos=panel.views.visualItemRect(item).center())
    assert page.query.text() == "status:draft"
