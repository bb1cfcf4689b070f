"""The conflict view: a file left with merge conflicts (by pattern-cli merge, or by git itself) opens
in it, each choice rewrites only that conflict, Save is the normal atomic save, and the resolved file
validates and opens in the form. validate reports merge-conflict at the marker's line."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDoubleSpinBox, QPlainTextEdit, QPushButton

from editor.app import create_window
from editor.cli import main
from editor.model.check.validation import validate
from editor.model.document.document import Document
from editor.model.document.markers import blocks, has_markers
from editor.ui.compare.conflict_view import ConflictPage
from editor.ui.document.tab import DocumentTab

from .test_merge import V7, conflicting, sub
from .ui_helpers import ScriptedDialogs

SCORE = "ontology.commons_assessment.resilience"
GIT = shutil.which("git")


def _merge(tmp_path: Path, ours: str, theirs: str) -> Path:
    """``pattern-cli merge`` of V7 / ours / theirs into lib/harbour-circles.md (exit 1: conflicts)."""
    inputs, lib = tmp_path / "in", tmp_path / "lib"
    inputs.mkdir()
    lib.mkdir()
    paths = []
    for name, text in (("base", V7), ("ours", ours), ("theirs", theirs)):
        (inputs / f"{name}.md").write_text(text, encoding="utf-8")
        paths.append(str(inputs / f"{name}.md"))
    out = lib / "harbour-circles.md"
    assert main(["merge", *paths, "-o", str(out)]) == 1
    return out


def _window(qtbot, path: Path):
    window = create_window(path, wait=True)
    window.dialogs = ScriptedDialogs()
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    page = window.workspace.tabs.currentWidget()
    assert isinstance(page, ConflictPage), "a conflicted file opens in the conflict view"
    assert window.current_tab() is None  # not as a (read-only) document tab
    return window, page


def _card(page: ConflictPage, path: str):
    found = [c for c in page.cards if c.conflict.path == path]
    assert found, [c.conflict.path for c in page.cards]
    return found[0]


def _click(qtbot, card, name: str) -> None:
    button = card.findChild(QPushButton, name)
    assert button is not None and button.isEnabled(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _save_and_open(qtbot, window, page: ConflictPage, path: Path, expected: str) -> None:
    record = path.with_name(path.name + ".conflicts.json")
    assert path.read_text(encoding="utf-8") != expected  # nothing written before Save
    qtbot.mouseClick(page.findChild(QPushButton, "conflicts-save"), Qt.MouseButton.LeftButton)
    assert path.read_text(encoding="utf-8") == expected
    assert not record.exists()  # the stale record goes with the conflicts
    assert not [f for f in validate(Document.load(path)) if f.severity == "error"]
    assert main(["validate", "--min-severity", "error", str(path)]) == 0
    qtbot.mouseClick(page.findChild(QPushButton, "conflicts-done"), Qt.MouseButton.LeftButton)
    tab = window.current_tab()
    assert isinstance(tab, DocumentTab) and tab.doc.text == expected and not tab.doc.dirty
    assert tab.doc.read_only is None


# ---------------------------------------------------------------- conflicts from pattern-cli merge


def test_one_field_take_theirs_is_ours_with_their_value(qtbot, tmp_path):
    ours = sub(V7, "    resilience: 3.0\n", "    resilience: 3.5\n")
    theirs = sub(V7, "    resilience: 3.0\n", "    resilience: 4.0\n")
    path = _merge(tmp_path, ours, theirs)
    window, page = _window(qtbot, path)
    assert [(c.conflict.kind, c.conflict.path) for c in page.cards] == [("field", SCORE)]
    card = page.cards[0]
    sides = {name: card.findChild(QPlainTextEdit, f"side:{name}").toPlainText() for name in ("base", "ours", "theirs")}
    assert sides == {"base": "3.0", "ours": "3.5", "theirs": "4.0"}
    assert not card.findChild(QPushButton, "take-both").isEnabled()  # one value cannot hold both
    _click(qtbot, card, "take-theirs")
    expected = sub(ours, "    resilience: 3.5\n", "    resilience: 4.0\n")
    assert page.text == expected  # OURS byte for byte, but for that value
    assert page.cards == [] and page.findChild(QPushButton, "conflicts-done").isEnabled()
    # one undo step: back to the markers; redo again
    qtbot.mouseClick(page.findChild(QPushButton, "conflicts-undo"), Qt.MouseButton.LeftButton)
    assert page.text == path.read_text(encoding="utf-8") and len(page.cards) == 1
    qtbot.mouseClick(page.findChild(QPushButton, "conflicts-redo"), Qt.MouseButton.LeftButton)
    assert page.text == expected
    _save_and_open(qtbot, window, page, path, expected)
    spin = window.findChild(QDoubleSpinBox, f"field:{SCORE}")
    assert spin is not None and spin.value() == 4.0


def test_field_entry_and_paragraph_resolved_by_buttons_and_edit(qtbot, tmp_path):
    ours, theirs = conflicting()
    path = _merge(tmp_path, ours, theirs)
    record = json.loads(path.with_name(path.name + ".conflicts.json").read_text(encoding="utf-8"))
    window, page = _window(qtbot, path)
    assert [c.conflict.kind for c in page.cards] == ["field", "entry", "paragraph"]
    assert [c.conflict.block.line for c in page.cards] == [r["line"] for r in record]
    # Edit…: a box prefilled with ours, then the user's value
    card = _card(page, SCORE)
    _click(qtbot, card, "edit")
    box = card.findChild(QPlainTextEdit, "conflict-edit")
    assert box.toPlainText() == "3.5"
    box.selectAll()
    qtbot.keyClicks(box, "3.75")
    _click(qtbot, card, "conflict-apply")
    _click(qtbot, _card(page, "relationships.complementary[slug=accountability-without-shame]"), "take-ours")
    _click(qtbot, _card(page, "Section 2: Solution"), "take-both")
    merged_clean = sub(ours, "    autonomy: 3.0\n", "    autonomy: 2.5\n")  # theirs' change beside the conflict
    expected = sub(merged_clean, "    resilience: 3.5\n", "    resilience: 3.75\n")
    expected = sub(
        expected,
        "Therefore, meet in small circles.\n",
        "Therefore, meet in small circles.\n\nTherefore, meet in weekly circles.\n",
    )
    assert page.text == expected
    assert page.undo_stack.count() == 3
    _save_and_open(qtbot, window, page, path, expected)


def test_take_theirs_for_an_entry_ours_removed_writes_it_in_ours_list(qtbot, tmp_path):
    ours, theirs = conflicting()
    path = _merge(tmp_path, ours, theirs)
    window, page = _window(qtbot, path)
    _click(qtbot, _card(page, "relationships.complementary[slug=accountability-without-shame]"), "take-theirs")
    text = page.text
    assert "  complementary:\n    - slug: accountability-without-shame\n      weight: 0.95\n" in text
    assert len(blocks(text)) == 2  # the others still wait
    # closing with unsaved choices asks; Cancel keeps the page
    window.dialogs.unsaved = ["cancel"]
    assert not window.workspace.close_tab(window.workspace.tabs.indexOf(page))
    assert path.read_text(encoding="utf-8").count("<<<<<<< ours") == 3


def test_save_refused_while_conflicts_remain_and_file_untouched(qtbot, tmp_path):
    ours, theirs = conflicting()
    path = _merge(tmp_path, ours, theirs)
    before = path.read_bytes()
    window, page = _window(qtbot, path)
    assert not page.findChild(QPushButton, "conflicts-save").isEnabled()
    assert page.save() is False and window.dialogs.errors
    assert path.read_bytes() == before


# ---------------------------------------------------------------- conflicts from git's own merge


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "A",
        "GIT_AUTHOR_EMAIL": "a@example.org",
        "GIT_COMMITTER_NAME": "C",
        "GIT_COMMITTER_EMAIL": "c@example.org",
    }
    return subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=False)


def _git_conflict(tmp_path: Path, style: str) -> tuple[Path, str]:
    """A real ``git merge`` (no driver) of two changes of the same score; returns the file and OURS."""
    repo = tmp_path / "repo"
    repo.mkdir()
    assert _git(repo, "init", "-q", "-b", "main").returncode == 0
    _git(repo, "config", "merge.conflictStyle", style)
    target = repo / "harbour-circles.md"
    target.write_text(V7, encoding="utf-8")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "base")
    _git(repo, "checkout", "-q", "-b", "theirs")
    target.write_text(sub(V7, "    resilience: 3.0\n", "    resilience: 4.0\n"), encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "theirs")
    _git(repo, "checkout", "-q", "main")
    ours = sub(V7, "    resilience: 3.0\n", "    resilience: 3.5\n")
    target.write_text(ours, encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "ours")
    assert _git(repo, "merge", "-q", "--no-edit", "theirs").returncode == 1  # git conflicts
    assert has_markers(target.read_text(encoding="utf-8"))
    return target, ours


@pytest.mark.skipif(GIT is None, reason="git not installed")
@pytest.mark.parametrize("style", ["merge", "diff3"])
def test_git_markers_open_in_the_view_and_resolve(qtbot, tmp_path, style):
    path, ours = _git_conflict(tmp_path, style)
    text = path.read_text(encoding="utf-8")
    assert not path.with_name(path.name + ".conflicts.json").exists()
    window, page = _window(qtbot, path)
    assert len(page.cards) == 1
    card = page.cards[0]
    conflict = card.conflict
    assert conflict.path == SCORE and not conflict.recorded  # guessed from the indentation
    assert conflict.block.ours_label == "HEAD" and conflict.block.theirs_label == "theirs"
    assert card.findChild(QPlainTextEdit, "side:ours").toPlainText() == "    resilience: 3.5"
    assert card.findChild(QPlainTextEdit, "side:theirs").toPlainText() == "    resilience: 4.0"
    base = card.findChild(QPlainTextEdit, "side:base")
    assert (base is not None) == (style == "diff3")
    if base is not None:
        assert base.toPlainText() == "    resilience: 3.0"
    assert page.text == text
    _click(qtbot, card, "take-theirs")
    expected = sub(ours, "    resilience: 3.5\n", "    resilience: 4.0\n")
    assert page.text == expected
    _save_and_open(qtbot, window, page, path, expected)


# ---------------------------------------------------------------- validate


def test_validate_reports_merge_conflict_at_each_marker_line(tmp_path, capsys):
    ours, theirs = conflicting()
    path = _merge(tmp_path, ours, theirs)
    lines = path.read_text(encoding="utf-8").splitlines()
    markers = [i + 1 for i, line in enumerate(lines) if line.startswith("<<<<<<<")]
    capsys.readouterr()
    assert main(["validate", "--format", "json", str(path)]) == 1
    findings = json.loads(capsys.readouterr().out)
    conflicts = [f for f in findings if f["rule"] == "merge-conflict"]
    assert [f["line"] for f in conflicts] == markers and len(markers) == 3
    assert all("unresolved merge conflict" in f["message"] for f in conflicts)
    assert not [f for f in findings if f["rule"] == "yaml-syntax"]  # the conflict is the reported cause


@pytest.mark.skipif(GIT is None, reason="git not installed")
def test_validate_git_markers_and_a_body_only_conflict(tmp_path, capsys):
    path, _ = _git_conflict(tmp_path, "merge")
    line = path.read_text(encoding="utf-8").splitlines().index("<<<<<<< HEAD") + 1
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:{line}:1: error merge-conflict: unresolved merge conflict" in out
    body = V7 + "\n<<<<<<< ours\nOne.\n=======\nTwo.\n>>>>>>> theirs\n"
    found = [f for f in validate(Document.from_text(body)) if f.rule == "merge-conflict"]
    assert [f.line for f in found] == [body.splitlines().index("<<<<<<< ours") + 1]
    # a setext underline or a lone marker is not a conflict
    assert not has_markers(V7 + "\nTitle\n=======\n\n<<<<<<< not closed\n")


def test_done_without_saving_hands_an_unsaved_change_to_the_tab(qtbot, tmp_path):
    ours = sub(V7, "    resilience: 3.0\n", "    resilience: 3.5\n")
    theirs = sub(V7, "    resilience: 3.0\n", "    resilience: 4.0\n")
    path = _merge(tmp_path, ours, theirs)
    conflicted = path.read_text(encoding="utf-8")
    record = path.with_name(path.name + ".conflicts.json")
    window, page = _window(qtbot, path)
    # quitting with a choice made and not saved asks; Cancel keeps the window
    _click(qtbot, page.cards[0], "take-ours")
    window.dialogs.unsaved = ["cancel"]
    assert not window.workspace.may_quit()
    qtbot.mouseClick(page.findChild(QPushButton, "conflicts-done"), Qt.MouseButton.LeftButton)
    tab = window.current_tab()
    assert isinstance(tab, DocumentTab) and tab.doc.dirty and tab.doc.text == ours
    assert path.read_text(encoding="utf-8") == conflicted and record.exists()  # still nothing written
    assert window.workspace.save_tab(tab)  # the tab's normal save
    assert path.read_text(encoding="utf-8") == ours and not record.exists()
