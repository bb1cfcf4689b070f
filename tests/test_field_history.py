"""History of this field…: every change of one field's value across the file's history (blame's
walk), checked against an independent walk with git show + yaml; the form field's context menu opens
the dialog, whose double-click compares that commit's change of the file."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QDoubleSpinBox, QLabel, QLineEdit, QPlainTextEdit, QTreeWidget

from editor.app import create_window
from editor.model.diff.blame import field_history
from editor.ui.compare.field_history import FieldHistoryDialog
from editor.ui.compare.window import CompareWindow
from editor.ui.form.base import field_menu

from .test_merge import V7, sub
from .ui_helpers import ScriptedDialogs

SCORE = "ontology.commons_assessment.resilience"
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(root: Path, *args: str, day: int = 1) -> str:
    date = f"2026-03-{day:02d}T09:00:00+00:00"
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": f"Author {day}",
        "GIT_AUTHOR_EMAIL": "a@example.org",
        "GIT_COMMITTER_NAME": "Committer",
        "GIT_COMMITTER_EMAIL": "c@example.org",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
    }
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True, env=env).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The score set, raised, its neighbour changed, the file renamed and raised again, its spelling changed."""
    root = tmp_path / "lib"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    x = root / "x.md"
    steps = [
        ("add the pattern", lambda t: t),
        ("raise resilience", lambda t: sub(t, "    resilience: 3.0\n", "    resilience: 3.5\n")),
        ("autonomy only", lambda t: sub(t, "    autonomy: 3.0\n", "    autonomy: 2.5\n")),
        ("rename", None),
        ("raise it again", lambda t: sub(t, "    resilience: 3.5\n", "    resilience: 4.0\n")),
        ("same value, other spelling", lambda t: sub(t, "    resilience: 4.0\n", "    resilience: 4\n")),
    ]
    text = V7
    for day, (message, step) in enumerate(steps, start=1):
        if step is None:
            git(root, "mv", "x.md", "harbour-circles.md", day=day)
            x = root / "harbour-circles.md"
        else:
            text = step(text)
            x.write_text(text, encoding="utf-8")
            git(root, "add", "-A", day=day)
        git(root, "commit", "-q", "-m", message, day=day)
    return x


def _independent(file: Path, path: str) -> list[tuple[str, object, object]]:
    """(commit, old, new) for each commit whose version holds a different value than the one before,
    read with git log --follow, git show and yaml: no code of the editor."""
    root = file.parent
    log = git(root, "log", "--follow", "--name-only", "--format=%x1e%H", "--", file.name)
    versions = []
    for record in log.split("\x1e")[1:]:
        commit, *names = [line for line in record.splitlines() if line.strip()]
        text = git(root, "show", f"{commit}:{names[0]}")
        data = yaml.safe_load(text.split("---\n")[1])
        value = data
        for key in path.split("."):
            value = value.get(key) if isinstance(value, dict) else None
        versions.append((commit, value))
    changes = []
    for i, (commit, value) in enumerate(versions):
        older = versions[i + 1][1] if i + 1 < len(versions) else None
        if value != older:  # 4 == 4.0 in Python, as in the editor's notion of the same value
            changes.append((commit, older, value))
    return changes


def test_field_history_lists_exactly_the_commits_that_changed_the_value(repo):
    found = field_history(repo, SCORE)
    expected = _independent(repo, SCORE)
    assert [(c.commit, c.old, c.new) for c in found] == expected
    assert [c.summary for c in found] == ["raise it again", "raise resilience", "add the pattern"]
    assert found[-1].before is None  # added there
    assert found[0].file == "harbour-circles.md" and found[1].file == "x.md"  # through the rename
    assert found[1].before == expected[2][0]
    autonomy = field_history(repo, "ontology.commons_assessment.autonomy")
    assert [c.summary for c in autonomy] == ["autonomy only", "add the pattern"]


def _history_from_context_menu(qtbot, window, path: str) -> FieldHistoryDialog:
    """Right-click the field's input (a real QContextMenuEvent), pick "History of this field…"."""
    shown = []

    def show_menu(menu, pos):  # instead of menu.exec(): record it and choose as a person would
        shown.append([a.text() for a in menu.actions() if a.text()])
        action = next(a for a in menu.actions() if a.objectName() == "field-history")
        action.trigger()

    menu = field_menu()
    menu.show_menu = show_menu
    try:
        spin = window.findChild(QDoubleSpinBox, f"field:{path}")
        assert spin is not None
        target = spin.findChild(QLineEdit)  # where the click lands inside the spin box
        centre = target.rect().center()
        event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, centre, target.mapToGlobal(centre))
        QApplication.sendEvent(target, event)
    finally:
        menu.show_menu = lambda m, pos: m.exec(pos)
    assert shown and "History of this field…" in shown[0]
    assert any("Copy" in text for text in shown[0])  # the widget's own actions stay
    dialogs = [d for d in window.findChildren(FieldHistoryDialog) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def test_context_menu_opens_the_history_and_double_click_compares(qtbot, repo):
    window = create_window(repo, wait=True)
    window.dialogs = ScriptedDialogs()
    qtbot.addWidget(window)
    window.show()
    dialog = _history_from_context_menu(qtbot, window, SCORE)
    qtbot.waitUntil(lambda: dialog.loaded)
    tree = dialog.findChild(QTreeWidget, "field-history-list")
    rows = [[tree.topLevelItem(i).text(c) for c in range(5)] for i in range(tree.topLevelItemCount())]
    expected = _independent(repo, SCORE)
    assert [r[0] for r in rows] == [commit[:8] for commit, _, _ in expected]
    assert rows[0][1:4] == ["2026-03-05 09:00", "Author 5", "raise it again"]
    assert rows[0][4] == "3.5  →  4.0" and rows[-1][4] == "—  →  3.0"
    # double-click the middle change: the file before and after that commit
    item = tree.topLevelItem(1)
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # a double-click's first press
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, CompareWindow) and w.isVisible()]
    assert len(windows) == 1
    compare = windows[0]
    qtbot.addWidget(compare)
    assert compare.old.rev == expected[2][0] and compare.new.rev == expected[1][0]
    assert "    resilience: 3.0\n" in compare.old.text and "    resilience: 3.5\n" in compare.new.text
    compare.close()
    dialog.close()


def test_outside_a_repository_the_dialog_says_so(qtbot, tmp_path):
    lib = tmp_path / "plain"
    lib.mkdir()
    path = lib / "harbour-circles.md"
    path.write_text(V7, encoding="utf-8")
    window = create_window(path, wait=True)
    window.dialogs = ScriptedDialogs()
    qtbot.addWidget(window)
    window.show()
    dialog = _history_from_context_menu(qtbot, window, SCORE)
    qtbot.waitUntil(lambda: dialog.loaded)
    message = dialog.findChild(QLabel, "field-history-message")
    assert message.isVisible() and "git" in message.text().lower()
    dialog.close()


def test_a_paragraph_field_has_the_menu_in_its_text_box(qtbot, repo):
    window = create_window(repo, wait=True)
    window.dialogs = ScriptedDialogs()
    qtbot.addWidget(window)
    window.show()
    box = window.findChild(QPlainTextEdit, "field:summary")
    assert box is not None
    chosen = []
    menu = field_menu()
    menu.show_menu = lambda m, pos: chosen.append([a.objectName() for a in m.actions()])
    try:
        viewport = box.viewport()
        event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(5, 5), viewport.mapToGlobal(QPoint(5, 5)))
        QApplication.sendEvent(viewport, event)
    finally:
        menu.show_menu = lambda m, pos: m.exec(pos)
    assert chosen and "field-history" in chosen[0]
