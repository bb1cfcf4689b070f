"""Go to pattern, new pattern and stubs, library problems, first run, preferences, screenshots."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from editor.model.document.recovery import RecoveryStore
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


def test_go_to_pattern_popup(qtbot, window: MainWindow) -> None:
    window.actions["go_to_pattern"].trigger()
    popup = window.goto_popup
    assert popup.isVisible() and popup.results.count() == 12
    qtbot.keyClicks(popup.edit, "moral inj")
    popup.refresh()
    assert popup.results.item(0).data(Qt.ItemDataRole.UserRole) == "moral-injury-recognition"
    qtbot.keyClick(popup.edit, Qt.Key.Key_Return)
    assert window.current_tab().title() == "moral-injury-recognition"
    assert not popup.isVisible()


def test_new_pattern_validates_and_opens(qtbot, window: MainWindow) -> None:
    from editor.ui.workspace.new_pattern import NewPatternAnswer

    window.dialogs.new_patterns = [NewPatternAnswer("Circle Keeper Rotation", summary="Keepers take turns.")]
    tab = window.workspace.ask_new_pattern()
    assert tab is not None and tab.title() == "circle-keeper-rotation"
    assert tab.doc.path.exists()
    assert not [f for f in tab.findings if f.severity == "error"]
    assert window.library.has_slug("circle-keeper-rotation")


def test_create_stub_from_dangling_link(qtbot, window: MainWindow) -> None:
    tab = window.open_slug("restorative-practices-helpers")
    tab.controller.append("relationships.tools", {"slug": "talking-piece", "weight": 0.7})
    row = tab.form.row_for("relationships.tools")
    row.editor.refresh(force=True)
    stub = window.workspace.create_stub("talking-piece")
    assert stub is not None and stub.doc.path.name == "talking-piece.md"
    assert window.library.has_slug("talking-piece")
    tab.revalidate()
    assert not [f for f in tab.findings if f.rule == "dangling-link" and "talking-piece" in f.message]


def test_library_problems_runs_in_background_and_opens_findings(qtbot, window: MainWindow) -> None:
    broken = window.library.folder / "broken.md"
    broken.write_text("---\ntitle: [oops\n---\n")
    window.library.refresh()
    panel = window.library_problems
    with qtbot.waitSignal(panel._worker.finished, timeout=20000):
        window.check_library()
    assert panel.findings
    assert any(f.rule == "yaml-syntax" for f in panel.findings)
    assert panel.tree.topLevelItemCount() >= 1
    panel.group.setCurrentIndex(1)
    rules = [panel.tree.topLevelItem(i).text(0) for i in range(panel.tree.topLevelItemCount())]
    assert any(r.startswith("yaml-syntax") for r in rules)
    finding = next(f for f in panel.findings if f.path.startswith("lifecycle"))
    panel.openFinding.emit(finding)
    assert window.current_tab() is not None


def test_format_reference_and_welcome(qtbot, window: MainWindow) -> None:
    window.actions["welcome"].trigger()
    assert window.tabs.currentWidget().objectName() == "welcome"
    window.actions["format_reference"].trigger()
    page = window.tabs.currentWidget()
    assert page.objectName() == "reference"
    text = page.toPlainText()
    assert "Commons assessment" in text and "Section 8: Vitality" in text
    window.workspace.close_tab(window.tabs.currentIndex())
    assert all(window.tabs.widget(i).objectName() != "reference" for i in range(window.tabs.count()))


def test_first_run_copies_the_samples_and_shows_welcome(qtbot, tmp_path: Path, monkeypatch) -> None:
    from editor.app import create_window

    home = tmp_path / "home"
    monkeypatch.setenv("PATTERN_EDITOR_HOME", str(home))
    win = create_window(None, wait=True)
    qtbot.addWidget(win)
    library = home / "Documents" / "Patterns"
    assert len(list(library.glob("*.md"))) == 12
    assert win.library.folder == library.resolve()
    assert win.tabs.currentWidget().objectName() == "welcome"
    assert Settings().last_folder == str(library.resolve())


def test_preferences_apply_theme(qtbot, window: MainWindow) -> None:
    from editor.ui.common import theme

    window.show_preferences()
    dialog = window._preferences
    dialog.theme.setCurrentIndex(2)  # dark
    assert theme.colors().name == "dark" and window.settings.theme == "dark"
    dialog.theme.setCurrentIndex(1)
    assert theme.colors().name == "light"


def test_screenshot_command_writes_png(tmp_path: Path) -> None:
    from editor.cli import main

    out = tmp_path / "shot.png"
    assert (
        main(
            ["screenshot", "--open", "peer-support-circles", "--view", "body", "--size", "1024x700", "--out", str(out)]
        )
        == 0
    )
    assert out.stat().st_size > 10_000


def test_rename_slug_updates_links_and_undoes_as_one_step(qtbot, window: MainWindow) -> None:
    folder = window.library.folder
    before = {p.name: p.read_bytes() for p in folder.glob("*.md")}
    tab = window.open_slug("active-listening-depth")
    window.dialogs.texts = ["deep-listening"]
    window.dialogs.confirms = [True]
    assert window.workspace.rename_slug()
    assert not (folder / "active-listening-depth.md").exists()
    assert (folder / "deep-listening.md").exists()
    assert tab.doc.path.name == "deep-listening.md" and tab.doc.get("slug") == "deep-listening"
    assert not tab.doc.dirty and window.tabs.tabText(window.tabs.indexOf(tab)) == "deep-listening"
    seed = (folder / "restorative-practices-helpers.md").read_text()
    assert "- slug: deep-listening\n" in seed and "target: deep-listening\n" in seed
    assert window.dialogs.asked[-1][0] == "changes" and "rename active-listening-depth.md" in window.dialogs.details
    tab.controller.undo_stack.undo()
    after = {p.name: p.read_bytes() for p in folder.glob("*.md")}
    assert after == before
    assert tab.doc.path.name == "active-listening-depth.md"


def test_mini_graph_follows_unsaved_edits(qtbot, window: MainWindow) -> None:
    tab = window.open_slug("restorative-practices-helpers")
    mini = window.mini_graph
    mini.rebuild()
    assert "active-listening-depth" in mini.canvas.nodes
    assert mini.canvas.nodes["restorative-practices-helpers"].center
    tab.controller.append("relationships.tools", {"slug": "talking-piece", "weight": 0.7})
    qtbot.waitUntil(lambda: "talking-piece" in mini.canvas.nodes, timeout=3000)
    ghost = mini.canvas.nodes["talking-piece"]
    assert not ghost.exists
    with qtbot.waitSignal(mini.createStub) as blocker:
        mini.canvas.createStub.emit("talking-piece")
    assert blocker.args == ["talking-piece"]
    with qtbot.waitSignal(window.mini_graph.openPattern):
        mini.canvas.nodeClicked.emit("active-listening-depth")
    assert window.current_tab().title() == "active-listening-depth"


def test_mini_graph_depth_and_inferred_toggles(qtbot, window: MainWindow) -> None:
    window.open_slug("peer-support-circles")
    mini = window.mini_graph
    mini.inferred.setChecked(False)
    mini.rebuild()
    assert not any(d.get("inferred") for _u, _v, d in mini.graph.edges(data=True))
    mini.depth2.setChecked(True)
    mini.rebuild()
    assert max(d.get("depth", 0) for _n, d in mini.graph.nodes(data=True)) <= 2
    assert window.settings.graph_depth == 2 and window.settings.show_inferred_links is False


def test_library_graph_filters_and_focus(qtbot, window: MainWindow) -> None:
    """The library graph opens on its domain overview; search drills in and focuses (more in
    tests/test_library_graph.py)."""
    graph = window.show_library_graph()
    qtbot.addWidget(graph)
    graph.wait()
    assert graph.mode == "overview" and sum(b.count for b in graph.built.nodes.values()) == 12
    graph.query.setText("overall>=4")
    graph.apply_filter()
    graph.wait()
    assert sum(b.count for b in graph.built.nodes.values()) == 5
    graph.query.clear()
    graph.apply_filter()
    graph.search.setText("moral injury")
    graph.find()
    graph.wait()
    assert graph.mode == "domain" and graph.domain == "conflict-transformation"
    assert graph.built.nodes["moral-injury-recognition"].isSelected()
    with qtbot.waitSignal(graph.openPattern):
        graph.view.nodeActivated.emit("moral-injury-recognition")
    assert window.current_tab().title() == "moral-injury-recognition"
