"""Typing in the form keeps each value's style (issue 10, item 1), driven with real key and mouse
events in the main window and checked in the bytes on disk; then the through-form cycle
(editor/ui/fidelity/cycle.py) over the bundled library, the format variants and a corpus sample.

The corpus sample is the text fields of 12 files spread over the sorted corpus; ``PE_FULL_CORPUS=1``
runs all 485, their table and "Other fields" cells too.
"""

from __future__ import annotations

import difflib
import itertools
import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from editor.app import create_window
from editor.ui.fidelity import cycle as through_form
from editor.ui.fidelity.cycle import Failure, FileCycle, FileReport

from .conftest import CORPUS, ROOT, SAMPLES
from .ui_helpers import ScriptedDialogs

SEED = "restorative-practices-helpers.md"
CTRL = Qt.KeyboardModifier.ControlModifier


def changed_lines(before: bytes, after: bytes) -> list[str]:
    return [
        ln
        for ln in difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(), n=0, lineterm="")
        if ln[:1] in "+-" and not ln.startswith(("+++", "---"))
    ]


def open_window(qtbot, path: Path):
    window = create_window(path, wait=True)
    window.dialogs = ScriptedDialogs()  # nothing may block on a modal dialog
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: window.current_tab() is not None)
    return window


def field(window, cls, path: str):
    """A field's input widget, found by the testability contract's objectName."""
    widget = window.findChild(cls, f"field:{path}")
    assert widget is not None, f"no {cls.__name__} named field:{path}"
    window.current_tab().form.focus_path(path)  # scrolled into view, as a user would
    return widget


def click_at_end(qtbot, widget) -> None:
    if isinstance(widget, QPlainTextEdit):
        cursor = widget.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        qtbot.mouseClick(widget.viewport(), Qt.MouseButton.LeftButton, pos=widget.cursorRect(cursor).center())
        assert widget.textCursor().atEnd()
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(widget.width() - 4, widget.height() // 2))
        assert widget.cursorPosition() == len(widget.text())


def save_with_ctrl_s(qtbot, window, widget) -> None:
    qtbot.waitUntil(lambda: window.isActiveWindow())
    qtbot.keyClick(widget, Qt.Key.Key_S, CTRL)
    assert not window.current_tab().doc.dirty, "Ctrl+S did not save"


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    folder.mkdir()
    shutil.copy(SAMPLES / SEED, folder / SEED)
    return folder / SEED


def variant(seed_copy: Path, old: str, new: str) -> Path:
    text = seed_copy.read_text(encoding="utf-8")
    assert old in text
    seed_copy.write_text(text.replace(old, new), encoding="utf-8")
    return seed_copy


# ---------------------------------------------------------------- item 1, reproduced through the window


def test_typing_at_the_end_of_a_folded_summary_keeps_it_folded(qtbot, seed_copy: Path) -> None:
    before = seed_copy.read_bytes()
    window = open_window(qtbot, seed_copy)
    summary = field(window, QPlainTextEdit, "summary")
    click_at_end(qtbot, summary)
    qtbot.keyClicks(summary, " Curators: see the reflection loop.")
    save_with_ctrl_s(qtbot, window, summary)
    after = seed_copy.read_text(encoding="utf-8")
    old_lines, new_lines = before.decode().split("\n"), after.split("\n")
    head = old_lines.index("summary: >-")
    assert new_lines[: head + 1] == old_lines[: head + 1]  # still folded, nothing above it changed
    block = list(itertools.takewhile(lambda ln: ln.startswith("  "), new_lines[head + 1 :]))
    assert new_lines[head + 1 + len(block) :] == old_lines[head + 4 :]  # nothing below it changed
    assert all(len(ln) <= 67 for ln in block)  # re-folded at the width the original used
    assert " ".join(ln.strip() for ln in block).endswith("collective healing. Curators: see the reflection loop.")
    assert window.current_tab().doc.get("summary").endswith("healing. Curators: see the reflection loop.")


def test_typing_after_a_plain_domain_keeps_it_plain(qtbot, seed_copy: Path) -> None:
    path = variant(seed_copy, "  domain: feedback-learning\n", "  domain: operations\n")
    before = path.read_bytes()
    window = open_window(qtbot, path)
    domain = field(window, QLineEdit, "ontology.domain")
    click_at_end(qtbot, domain)
    qtbot.keyClicks(domain, " and quality")
    window.actions["save"].trigger()
    assert changed_lines(before, path.read_bytes()) == ["-  domain: operations", "+  domain: operations and quality"]


def test_typing_after_a_plain_title_with_a_slash_keeps_it_plain(qtbot, seed_copy: Path) -> None:
    path = variant(seed_copy, 'title: "Restorative Practices for Helpers"\n', "title: A/B Testing\n")
    before = path.read_bytes()
    window = open_window(qtbot, path)
    title = field(window, QLineEdit, "title")
    click_at_end(qtbot, title)
    qtbot.keyClicks(title, " Method")
    save_with_ctrl_s(qtbot, window, title)
    assert changed_lines(before, path.read_bytes()) == ["-title: A/B Testing", "+title: A/B Testing Method"]

    # select all and retype: still plain
    qtbot.keyClick(title, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(title, "A/B Testing Done Right")
    window.actions["save"].trigger()
    assert changed_lines(before, path.read_bytes()) == ["-title: A/B Testing", "+title: A/B Testing Done Right"]


def test_select_all_and_retype_keeps_double_quotes(qtbot, seed_copy: Path) -> None:
    before = seed_copy.read_bytes()
    window = open_window(qtbot, seed_copy)
    title = field(window, QLineEdit, "title")
    qtbot.mouseClick(title, Qt.MouseButton.LeftButton)
    qtbot.keyClick(title, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(title, "Restorative Circles")
    save_with_ctrl_s(qtbot, window, title)
    assert changed_lines(before, seed_copy.read_bytes()) == [
        '-title: "Restorative Practices for Helpers"',
        '+title: "Restorative Circles"',
    ]


@pytest.mark.parametrize(
    ("cls", "path", "text"),
    [
        (QLineEdit, "title", "Restorative Practices for Helpers"),
        (QLineEdit, "ontology.domain", "feedback-learning"),
        (QLineEdit, "context_labels.tech", "Restorative Practices for Helpers for Products"),
        (QPlainTextEdit, "summary", None),
    ],
)
def test_clear_and_retype_the_identical_text_gives_identical_bytes(qtbot, seed_copy: Path, cls, path, text) -> None:
    before = seed_copy.read_bytes()
    window = open_window(qtbot, seed_copy)
    widget = field(window, cls, path)
    text = text or widget.toPlainText()
    qtbot.mouseClick(widget.viewport() if cls is QPlainTextEdit else widget, Qt.MouseButton.LeftButton)
    qtbot.keyClick(widget, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(widget, Qt.Key.Key_Backspace)
    tab = window.current_tab()
    assert tab.doc.get(path) == ""  # the field really was empty in between
    qtbot.keyClicks(widget, text)
    assert tab.doc.text == before.decode()
    assert not tab.doc.dirty
    window.actions["save"].trigger()  # disabled when nothing changed: the file is untouched
    assert seed_copy.read_bytes() == before


# ---------------------------------------------------------------- the cycle, shared with the CLI


def _failures(reports: list[FileReport]) -> str:
    lines = [str(f) for r in reports for f in r.failures]
    lines += [f"{r.file}: {r.error}" for r in reports if r.error]
    return "\n".join(lines)


@pytest.mark.timeout(900)  # a hang guard; on a quiet machine this takes seconds
def test_cycle_holds_on_the_bundled_library_and_format_variants(qapp, tmp_path: Path) -> None:
    files = [SAMPLES / SEED, *sorted((ROOT / "tests" / "fixtures" / "variants").glob("*.md"))]
    reports = through_form.run(files)
    assert not _failures(reports), _failures(reports)
    assert sum(r.fields for r in reports) >= 30
    seed = reports[0]
    assert (seed.fields, seed.cells) == (13, 54)  # every text field and graph-garden text cell of the seed
    assert seed.cycles == 5 * (13 + 54)
    unknown = next(r for r in reports if r.file.name == "unknown-keys.md")
    assert unknown.cells >= 1  # the "Other fields" tree


def _corpus_files() -> list[str]:
    files = sorted(CORPUS.glob("*.md")) if CORPUS.is_dir() else []
    chosen = files if os.environ.get("PE_FULL_CORPUS") else through_form.sample(files, 12)
    return [p.name for p in chosen] or ["(corpus absent)"]


@pytest.mark.timeout(900)  # a hang guard; on a quiet machine this takes seconds
@pytest.mark.corpus
@pytest.mark.parametrize("name", _corpus_files())
def test_cycle_holds_on_the_corpus(qapp, corpus: Path, tmp_path: Path, name: str) -> None:
    # CI: the text fields of the sample; PE_FULL_CORPUS=1: also every table and "Other fields" cell
    report = FileCycle(corpus / name, tmp_path, cells=bool(os.environ.get("PE_FULL_CORPUS"))).run()
    assert report.error is None, report.error
    assert not report.failures, "\n" + "\n".join(map(str, report.failures))
    assert report.cycles == 5 * (report.fields + report.cells)


@pytest.mark.timeout(900)  # a hang guard; on a quiet machine this takes seconds
def test_cycle_finds_a_style_change(qapp, tmp_path: Path, monkeypatch) -> None:
    """The checker is not blind: a form that quotes what it sends is caught, with file:line and path."""
    from editor.ui.form import scalars

    real = scalars.TextEditor._edited
    monkeypatch.setattr(scalars.TextEditor, "_edited", lambda self, text: real(self, text + " "))
    path = tmp_path / "src" / SEED
    path.parent.mkdir()
    shutil.copy(SAMPLES / SEED, path)
    report = FileCycle(path, tmp_path, cells=False).run()
    lines = [str(f) for f in report.failures]
    assert any(f"{path}:27 ontology.domain: end: value is" in ln for ln in lines), lines
    assert any("ontology.domain: retype: retyping the identical text changed the file" in ln for ln in lines)
    assert path.read_bytes() == (SAMPLES / SEED).read_bytes()  # the cycle works on a copy


@pytest.mark.timeout(900)  # a hang guard; on a quiet machine this takes seconds
def test_cycle_finds_a_cell_edit_that_changes_more_than_typed(qapp, tmp_path: Path, monkeypatch) -> None:
    from editor.ui.form import tables

    monkeypatch.setattr(tables, "parse_cell", lambda text, old: text.upper())
    report = FileCycle(SAMPLES / SEED, tmp_path, fields=False).run()
    lines = [str(f) for f in report.failures]
    assert any("graph_garden.entities[0].label: end: value is" in ln for ln in lines), lines
    assert any("graph_garden.entities[0].label: select-all: value is" in ln for ln in lines), lines
    # retyping identical text in a cell commits nothing (the item sees no change), so it cannot fail
    assert not any(": retype:" in ln for ln in lines)


# ---------------------------------------------------------------- pattern-cli roundtrip --through-form


@pytest.mark.timeout(900)  # a hang guard; on a quiet machine this takes seconds
def test_cli_through_form_summary_and_exit_codes(qapp, tmp_path: Path, capsys, monkeypatch) -> None:
    from editor.cli import main

    folder = tmp_path / "lib"
    folder.mkdir()
    shutil.copy(SAMPLES / SEED, folder / SEED)
    assert main(["roundtrip", str(folder), "--through-form"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "1 files, 13 text fields, 54 text cells, 335 cycles, 0 failures, 0 fields skipped, 0 unparseable ("
    )

    failure = Failure(folder / SEED, 9, "summary", "end", "style changed from >- @2 to double-quoted")
    monkeypatch.setattr(FileCycle, "run", lambda self: FileReport(self.source, 1, 5, failures=[failure]))
    assert main(["roundtrip", str(folder), "--through-form"]) == 1
    out = capsys.readouterr().out
    assert f"{folder / SEED}:9 summary: end: style changed from >- @2 to double-quoted\n" in out
    assert "1 failures" in out

    assert main(["roundtrip", str(folder / "missing.md"), "--through-form"]) == 2
    assert main(["roundtrip", str(folder), "--through-form", "--deep"]) == 2
