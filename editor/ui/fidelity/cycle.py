"""The "through the form" fidelity cycle: type into every text field of a pattern with real key
events and check that the file changes only as the user asked.

For each one-line text field and paragraph the form shows, on a copy of the file: type a word at
the end, at the start and in the middle; select all and retype the text plus a word; clear the
field and retype the identical text. After each, the document must hold the typed text, only that
field's lines may differ from the original, its style (plain, quoted, folded/literal header and
indentation) must be the same unless the new text cannot be written in it, undo must give back the
original text, and retyping the identical text must give back the identical bytes. The document
text is checked after every step; the copy is saved to disk and compared byte for byte once per
file after a typed edit and once after undoing it (saving after every step would dominate the time).

One implementation for ``tests/test_through_form.py`` and ``pattern-cli roundtrip --through-form``.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from editor.model import schema
from editor.model.document.document import Document
from editor.model.errors import PatternError
from editor.model.paths import Path as FieldPath
from editor.model.paths import format_path
from editor.ui.document.controller import DocumentController
from editor.ui.fidelity.cells import CellCycle
from editor.ui.fidelity.steps import (
    WORD,
    Driver,
    Failure,
    FileReport,
    _why_not,
    changed_span,
    field_lines,
    fits,
    style_of,
    text_fields,
)
from editor.ui.form.base import FieldEditor
from editor.ui.form.form import FormView


class FileCycle:
    """Runs the cycle on one file, on a copy in ``workdir`` (the original is never written)."""

    def __init__(self, path: Path, workdir: Path, cells: bool = True, fields: bool = True) -> None:
        self.cells, self.fields = cells, fields
        self.source = Path(path)
        self.copy = Path(workdir) / self.source.name
        shutil.copyfile(self.source, self.copy)
        self.original = self.source.read_bytes()
        self.report = FileReport(self.source)

    def run(self) -> FileReport:
        try:
            doc = schema.open_pattern(self.copy)
        except PatternError as exc:
            self.report.error = str(exc)
            return self.report
        if doc.error is not None or doc.read_only:
            self.report.error = f"not editable: {doc.error or doc.read_only}"
            return self.report
        controller = DocumentController(doc)
        form = FormView(controller)
        form.resize(900, 700)
        form.show()
        form.activateWindow()
        QTest.qWaitForWindowActive(form, 1000)
        self.doc, self.controller, self.form = doc, controller, form
        self.baseline = doc.text
        saved_once = False
        try:
            for editor in text_fields(form) if self.fields else []:
                value = controller.get(editor.path)
                why = _why_not(editor, value)
                if why:
                    self.report.skipped.append(f"{format_path(editor.path)}: {why}")
                    continue
                if value is None:
                    continue
                self.report.fields += 1
                self._field(editor, value, save=not saved_once)
                saved_once = True
                if doc.text != self.baseline:  # a failed step left it changed: stop before failures cascade
                    break
            if self.cells and doc.text == self.baseline:
                CellCycle(self).run()
            doc.save(force=True)
            if self.copy.read_bytes() != self.original:
                self._fail(None, "file", "after every cycle, saving did not give back the original bytes")
        finally:
            form.hide()
            form.deleteLater()
            controller.dispose()
            controller.deleteLater()
            QApplication.processEvents()
        return self.report

    # each op: how the cursor gets there, what is typed, and the value it should give
    def _field(self, editor: FieldEditor, value: str, save: bool) -> None:
        path = editor.path
        d = Driver(editor)
        with_word = f" {WORD}" if value else WORD

        def at_end() -> str:
            d.end()
            return value + with_word

        def at_start() -> str:
            d.home()
            text = f"{WORD} " if value else WORD
            return text

        def middle() -> str:
            d.home()
            d.words_right(max(1, len(value.split()) // 2))
            pos = d.position()
            return f"{WORD} " if value[pos - 1 : pos] == " " else with_word

        for op, move in (("end", at_end), ("start", at_start), ("middle", middle)):
            d.click()
            typed = move()
            if op == "end":
                expected, typed = typed, with_word
            else:
                pos = d.position()
                expected = value[:pos] + typed + value[pos:]
            d.type(typed)
            d.leave()
            self._check(path, op, expected, value)
            if op == "end" and save:
                self._check_disk(path, op)
            self._undo(path, op)
            if op == "end" and save:
                self.doc.save(force=True)
                if self.copy.read_bytes() != self.original:
                    self._fail(path, op, "saving after undo did not give back the original bytes")
        d.click()
        d.select_all()
        d.type(value + with_word)
        d.leave()
        self._check(path, "select-all", value + with_word, value)
        # clear and retype from there: the style is still decided by the value as loaded, and
        # this spares undoing a whole retyped paragraph one keystroke at a time
        d.click()
        d.select_all()
        d.key(Qt.Key.Key_Backspace)
        d.type(value)
        d.leave()
        self.report.cycles += 5
        if self.doc.text != self.baseline:
            self._fail(
                path,
                "retype",
                "retyping the identical text changed the file: " + self._diff(self.baseline, self.doc.text),
            )
            self._undo(path, "retype")
        self.controller.undo_stack.clear()

    def _check(self, path: FieldPath, op: str, expected: str, value: str) -> None:
        doc = self.doc
        if doc.error is not None:
            self._fail(path, op, f"the frontmatter no longer parses: {doc.error}")
            return
        got = doc.get(path, None)
        if got != expected:
            self._fail(path, op, f"value is {got!r}, typed {expected!r}")
        before = Document.from_text(self.baseline)
        lines = field_lines(before, path)
        span = changed_span(self.baseline, doc.text)
        if lines and span and not (lines[0] <= span[0] and span[1] <= lines[1] + 1):
            self._fail(
                path,
                op,
                f"lines {span[0] + 1}-{span[1]} changed, the field is on lines "
                f"{lines[0] + 1}-{lines[1] + 1}: " + self._diff(self.baseline, doc.text),
            )
        old_style, new_style = style_of(before, path), style_of(doc, path)
        if old_style != new_style and old_style is not None and fits(expected, old_style.split(" @")[0]):
            self._fail(path, op, f"style changed from {_show(old_style)} to {_show(new_style)}")

    def _check_disk(self, path: FieldPath, op: str) -> None:
        self.doc.save(force=True)
        if self.copy.read_bytes() != self.doc.encode():
            self._fail(path, op, "the saved bytes differ from the document's text")

    def _undo(self, path: FieldPath, op: str) -> None:
        stack = self.controller.undo_stack
        while stack.canUndo():
            stack.undo()
        stack.clear()
        if self.doc.text != self.baseline:
            self._fail(
                path, op, "undo did not give back the original text: " + self._diff(self.baseline, self.doc.text)
            )
            self.doc.set_text(self.baseline)  # go on with the next field from the original

    def _fail(self, path: FieldPath | None, op: str, what: str) -> None:
        line = 0
        if path is not None:
            lines = field_lines(Document.from_text(self.baseline), path)
            line = lines[0] + 1 if lines else 0
        self.report.failures.append(Failure(self.source, line, format_path(path) if path else "-", op, what))

    @staticmethod
    def _diff(old: str, new: str) -> str:
        span = changed_span(old, new)
        if span is None:
            return "no change"
        a, b = old.split("\n"), new.split("\n")
        return f"{a[span[0] : span[1]]!r} -> {b[span[0] : len(b) - (len(a) - span[1])]!r}"


def _show(style: str | None) -> str:
    return {"": "plain", "'": "single-quoted", '"': "double-quoted", None: "no scalar"}.get(style, style or "")


def run(paths: Iterable[Path], progress: Callable[[FileReport], None] | None = None) -> list[FileReport]:
    """The cycle over files (a QApplication must exist); each file is worked on in a temporary copy."""
    reports = []
    with tempfile.TemporaryDirectory(prefix="through-form-") as tmp:
        for path in paths:
            report = FileCycle(path, Path(tmp)).run()
            reports.append(report)
            if progress:
                progress(report)
    return reports


def sample(files: list[Path], n: int = 12) -> list[Path]:
    """A deterministic spread of ``n`` files over the sorted list (both layouts appear in the corpus)."""
    files = sorted(files)
    if len(files) <= n:
        return files
    step = len(files) / n
    return [files[int(i * step)] for i in range(n)]


def cli(paths: list[Path], out=print) -> int:
    """``pattern-cli roundtrip PATH... --through-form``: the cycle headless, failures as
    ``file:line path: op: what``, then one summary line. Exit 0 all held, 1 any failure or
    unparseable file, 2 unreadable input."""
    import os
    import time

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication([])  # noqa: F841 - must live while widgets do
    started = time.perf_counter()
    missing = [p for p in paths if not p.is_file()]
    for p in missing:
        out(f"{p}: no such file")
    totals = {"fields": 0, "cells": 0, "cycles": 0, "failures": 0, "skipped": 0, "unparseable": 0}

    def progress(report: FileReport) -> None:
        totals["fields"] += report.fields
        totals["cells"] += report.cells
        totals["cycles"] += report.cycles
        totals["failures"] += len(report.failures)
        totals["skipped"] += sum(1 for s in report.skipped if not s.endswith(": not text"))
        if report.error:
            totals["unparseable"] += 1
            out(f"{report.file}: {report.error}  [not driven]")
        for failure in report.failures:
            out(str(failure))

    files = [p for p in paths if p.is_file()]
    run(files, progress)
    out(
        f"{len(files)} files, {totals['fields']} text fields, {totals['cells']} text cells, {totals['cycles']} cycles, "
        f"{totals['failures']} failures, {totals['skipped']} fields skipped, {totals['unparseable']} unparseable "
        f"({time.perf_counter() - started:.1f} s)"
    )
    if missing:
        return 2
    return 1 if totals["failures"] or totals["unparseable"] else 0
