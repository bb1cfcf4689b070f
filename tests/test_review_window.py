"""The review window (issue 14, item 2): a commit or the working tree file by file, badges, reviewed
marks kept per range, next/previous file by key, taking a change or one paragraph into the working
tree's document as one undo step, and the exported report. Driven through the main window."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QListWidget

from editor.app import create_window, parse_args
from editor.model import schema
from editor.model.diff.body import diff_bodies
from editor.model.document.document import Document
from editor.ui.compare.history import HistoryDialog
from editor.ui.compare.review_window import ReviewWindow
from editor.ui.compare.rows import FIELD, SECTION
from editor.ui.compare.take import TakeError, paragraph_body

from .test_review import LEGACY, MIGRATED, PATTERNS, edit, git, needs_git
from .ui_helpers import ScriptedDialogs

PARAGRAPH_1 = "Structure protects groups."  # the starts of two paragraphs of adaptive-facilitation's Section 2
PARAGRAPH_2 = "Emergence is what actually happens"


def reword(path: Path) -> str:
    """Change the title and two paragraphs of one section in the working tree; returns the text."""
    text = path.read_text(encoding="utf-8")
    text = text.replace('title: "Adaptive Facilitation"', 'title: "Adaptive Facilitation Practice"', 1)
    text = text.replace(PARAGRAPH_1, "Structure shields groups.", 1)
    text = text.replace(PARAGRAPH_2, "Emergence is what really happens", 1)
    path.write_text(text, encoding="utf-8")
    return text


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A commit changing a score, a link, a layout, deleting a file and a note; then uncommitted
    edits to one pattern (its title and two paragraphs of Section 2)."""
    root = tmp_path / "lib"
    p = root / "p"
    p.mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    for name in (
        "acceptance-and-commitment",
        "adaptive-facilitation",
        "peer-support-circles",
        "restorative-practices-helpers",
    ):
        shutil.copy(PATTERNS / f"{name}.md", p / f"{name}.md")
    shutil.copy(LEGACY / "harbour-keeping.md", p / "harbour-keeping.md")
    (root / "notes.txt").write_text("step 1\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    edit(p / "restorative-practices-helpers.md", ontology__commons_assessment__overall_score=3.9)
    doc = Document.load(p / "acceptance-and-commitment.md", schema.HINTS)
    doc.append("relationships.enables", {"slug": "harbour-keeping", "weight": 0.7})
    (p / "acceptance-and-commitment.md").write_text(doc.text, encoding="utf-8")
    (p / "harbour-keeping.md").write_text(MIGRATED, encoding="utf-8")
    git(root, "rm", "-q", "p/peer-support-circles.md")
    (root / "notes.txt").write_text("step 2\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "review me")
    assert 'title: "Adaptive Facilitation"\n' in (p / "adaptive-facilitation.md").read_text(encoding="utf-8")
    reword(p / "adaptive-facilitation.md")
    return root


def main_window(qtbot, path: Path):
    window = create_window(path, wait=True)
    window.dialogs = ScriptedDialogs()
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    return window


def loaded(qtbot, window) -> ReviewWindow:
    review = window.findChild(ReviewWindow)
    assert review is not None
    qtbot.waitUntil(lambda: not review.busy, timeout=20000)
    return review


def names(review: ReviewWindow) -> list[str]:
    return [f.path for f in review.files.files]


def entry_text(review: ReviewWindow, path: str) -> str:
    row = names(review).index(path)
    return review.files.entry(row).label.text()


def click_row(qtbot, review: ReviewWindow, path: str) -> None:
    files = review.files
    item = files.item(names(review).index(path))
    rect = files.visualItemRect(item)
    qtbot.mouseClick(files.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert review.current_file().path == path


def changed_lines(before: str, after: str) -> list[str]:
    """The lines that differ, as ``-old`` / ``+new``."""
    diff = difflib.ndiff(before.splitlines(), after.splitlines())
    return [line for line in diff if line[:1] in "+-"]


# ---------------------------------------------------------------- a commit


@needs_git
def test_review_a_commit_from_the_history(qtbot, repo: Path, tmp_path: Path) -> None:
    window = main_window(qtbot, repo / "p" / "restorative-practices-helpers.md")
    window.findChild(QAction, "history").trigger()
    history = window.findChild(HistoryDialog)
    qtbot.waitUntil(lambda: history.loaded, timeout=10000)
    assert history.tree.topLevelItem(0).text(2) == "review me"
    assert history.review_button.isEnabled()  # the newest commit is selected
    qtbot.mouseClick(history.review_button, Qt.MouseButton.LeftButton)
    review = loaded(qtbot, window)
    assert review.error == ""
    assert names(review) == [
        "p/acceptance-and-commitment.md",
        "p/harbour-keeping.md",
        "p/peer-support-circles.md",
        "p/restorative-practices-helpers.md",
        "notes.txt",
    ]
    summary = review.summary.text()
    assert "relationships added: 1 in 1 file" in summary and "layout migrated: 1 file" in summary
    assert "+1 link" in entry_text(review, "p/acceptance-and-commitment.md")
    assert "layout migrated" in entry_text(review, "p/harbour-keeping.md")
    assert "deleted" in entry_text(review, "p/peer-support-circles.md")
    assert "score +0.3" in entry_text(review, "p/restorative-practices-helpers.md")
    assert "not a pattern" in entry_text(review, "notes.txt")
    assert review.files.entry(4).check is None  # other files: greyed, nothing to tick
    # the first file is shown, read-only: the new side is a commit
    assert review.current_file().path == "p/acceptance-and-commitment.md"
    assert review.compare is not None and review.compare.target is None
    assert [r.tip for g in review.compare.groups for r in g.rows] == ["relationships.enables[slug=harbour-keeping]"]
    assert all(w.take is None for w in review.compare.list.all_rows())
    # next / previous file from the keyboard
    for keys, expected in (
        ((Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier), "p/harbour-keeping.md"),
        ((Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier), "p/peer-support-circles.md"),
        ((Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier), "p/harbour-keeping.md"),
        ((Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier), "p/acceptance-and-commitment.md"),
    ):
        qtbot.keyClick(review.files, *keys)
        assert review.current_file().path == expected
    click_row(qtbot, review, "notes.txt")
    assert "is not a pattern file" in review.message.text()
    click_row(qtbot, review, "p/peer-support-circles.md")  # deleted: every field reads as removed
    assert review.compare is not None and len(review.compare.result.changes) > 5
    # reviewed marks: a click on the box, Space on the current file; kept for this range
    assert review.counter.text() == "0 of 4 reviewed"
    qtbot.mouseClick(review.files.entry(0).check, Qt.MouseButton.LeftButton)
    assert review.counter.text() == "1 of 4 reviewed"
    qtbot.keyClick(review.files, Qt.Key.Key_Space)  # the deleted file is current
    assert review.counter.text() == "2 of 4 reviewed"
    review.close()
    qtbot.waitUntil(lambda: window.findChild(ReviewWindow) is None)
    again = window.workspace.review(["HEAD"], repo)
    qtbot.addWidget(again)
    again.wait()
    assert again.counter.text() == "2 of 4 reviewed"
    assert again.files.entry(0).check.isChecked() and not again.files.entry(1).check.isChecked()
    # the report, through the injected save dialog
    window.dialogs.texts = [str(tmp_path / "review.md"), str(tmp_path / "review.html")]
    again.findChild(QAction, "review-export").trigger()
    again.findChild(QAction, "review-export").trigger()
    markdown = (tmp_path / "review.md").read_text(encoding="utf-8")
    assert "p/restorative-practices-helpers.md" in markdown and "layout migrated" in markdown
    assert (tmp_path / "review.html").read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    assert [a for a in window.dialogs.asked if a[0] == "save_file_as"] == [("save_file_as", "Export review report")] * 2


# ---------------------------------------------------------------- the working tree


@needs_git
def test_take_a_change_and_a_paragraph_into_the_working_tree(qtbot, repo: Path) -> None:
    path = repo / "p" / "adaptive-facilitation.md"
    working = path.read_bytes()
    window = main_window(qtbot, repo / "p")
    window.findChild(QAction, "review-changes").trigger()
    review = loaded(qtbot, window)
    assert names(review) == ["p/adaptive-facilitation.md"]
    compare = review.compare
    tab = window.workspace.tab_for(path)
    assert compare is not None and tab is not None and compare.target is tab.controller  # opened, not focused
    doc = tab.doc
    assert doc.text.encode("utf-8") == working
    rows = {r.kind: r for g in compare.groups for r in g.rows}
    assert rows[FIELD].tip == "title" and rows[SECTION].label == "Section 2: Problem"

    # one change: exactly the title line, one undo puts the bytes back
    title = next(w for w in compare.list.all_rows() if w.row.tip == "title")
    qtbot.mouseClick(title.take, Qt.MouseButton.LeftButton)
    assert changed_lines(working.decode(), doc.text) == [
        '- title: "Adaptive Facilitation Practice"',
        '+ title: "Adaptive Facilitation"',
    ]
    compare.undo_action.trigger()
    assert doc.text.encode("utf-8") == working

    # one paragraph of Section 2: exactly its line, the other changed paragraph stays
    section = next(w for w in compare.list.all_rows() if w.row.kind == SECTION)
    assert sorted(section.paragraph_takes) == [0, 1] and section.take is not None
    qtbot.mouseClick(section.paragraph_takes[0], Qt.MouseButton.LeftButton)
    changed = changed_lines(working.decode(), doc.text)
    assert len(changed) == 2 and changed[0].startswith("- Structure shields groups.")
    assert changed[1] == "+ " + changed[0][2:].replace("Structure shields groups.", PARAGRAPH_1)
    assert "Emergence is what really happens" in doc.body
    window.workspace.save_tab(tab)
    assert changed_lines(working.decode(), path.read_text(encoding="utf-8")) == changed
    assert compare.undo_action.text().startswith("Undo Take old paragraph of Section 2")
    compare.undo_action.trigger()
    assert doc.text.encode("utf-8") == working
    window.workspace.save_tab(tab)
    assert path.read_bytes() == working

    # the whole section: both paragraphs
    section = next(w for w in compare.list.all_rows() if w.row.kind == SECTION)
    qtbot.mouseClick(section.take, Qt.MouseButton.LeftButton)
    assert len(changed_lines(working.decode(), doc.text)) == 4
    assert not [w for w in compare.list.all_rows() if w.row.kind == SECTION]
    compare.undo_action.trigger()
    assert doc.text.encode("utf-8") == working


@needs_git
def test_a_range_that_does_not_resolve_says_so(qtbot, repo: Path) -> None:
    review = ReviewWindow(repo, ["no-such-rev"], dialogs=ScriptedDialogs())
    qtbot.addWidget(review)
    review.wait()
    assert review.error and "no-such-rev" in review.error
    assert "Could not review" in review.message.text()
    review.range_edit.clear()
    qtbot.keyClicks(review.range_edit, "HEAD~1..HEAD")
    qtbot.keyClick(review.range_edit, Qt.Key.Key_Return)
    review.wait()
    assert review.error == "" and len(review.files.files) == 5
    assert isinstance(review.files, QListWidget) and review.windowTitle().startswith("Review — HEAD~1 → HEAD")


# ---------------------------------------------------------------- paragraphs, without widgets


def test_paragraph_take_restores_only_that_paragraph() -> None:
    old = "# Title\n\nOne two three four.\n\nFive six seven eight.\n\nNine ten eleven twelve.\n"
    new = "# Title\n\nOne two THREE four.\n\nFive six SEVEN eight.\n\nA brand new paragraph here.\n"
    sections = diff_bodies(old, new)
    kinds = [p.kind for p in sections[0].paragraphs]
    assert kinds == ["changed", "changed", "removed", "added"]
    assert paragraph_body(0, 0, sections, old, new) == new.replace("THREE", "three")
    assert paragraph_body(0, 1, sections, old, new) == new.replace("SEVEN", "seven")
    assert paragraph_body(0, 2, sections, old, new) == new.replace(
        "SEVEN eight.\n", "SEVEN eight.\n\nNine ten eleven twelve.\n"
    )
    assert paragraph_body(0, 3, sections, old, new) == "# Title\n\nOne two THREE four.\n\nFive six SEVEN eight.\n"
    with pytest.raises(TakeError):
        paragraph_body(0, 0, sections, old, new + "\n# Another\n\nText.\n")


def test_review_option_reads_ranges_and_paths() -> None:
    assert parse_args(["--review"]).review == []
    assert parse_args(["lib", "--review", "HEAD~2..HEAD"]).review == ["HEAD~2..HEAD"]
    args = parse_args(["--review", "A", "B", "--", "p/x.md"])
    assert args.path is None and args.review == ["A", "B", "--", "p/x.md"]
    assert parse_args([]).review is None
