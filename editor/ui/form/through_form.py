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

import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QWidget

from editor.model import schema
from editor.model.document.document import Document
from editor.model.document.yamlnode import MappingNode, ScalarNode, SequenceNode, content_end, find_key
from editor.model.errors import PatternError
from editor.model.paths import Path as FieldPath
from editor.model.paths import format_path
from editor.ui.document.controller import DocumentController
from editor.ui.form.base import FieldEditor
from editor.ui.form.form import FormView
from editor.ui.form.scalars import LongTextEditor, TextEditor

WORD = "Curators"  # letters only: typing it never forces another quote style
CTRL = Qt.KeyboardModifier.ControlModifier
OPS = ("end", "start", "middle", "select-all", "retype")


@dataclass
class Failure:
    file: Path
    line: int
    path: str
    op: str
    what: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line} {self.path}: {self.op}: {self.what}"


@dataclass
class FileReport:
    file: Path
    fields: int = 0
    cells: int = 0  # table and "Other fields" cells holding text
    cycles: int = 0
    skipped: list[str] = field(default_factory=list)  # "path: why" for text fields not driven
    failures: list[Failure] = field(default_factory=list)
    error: str | None = None  # the file could not be opened or edited at all


# ---------------------------------------------------------------- where a field sits, and its style

def _node(doc: Document, path: FieldPath):
    """(key node, value node) of a path; a list item's "key" is the item itself. None when absent."""
    node, key = doc.root, None
    for seg in path:
        if isinstance(seg, int) and isinstance(node, SequenceNode) and -len(node.value) <= seg < len(node.value):
            key = node = node.value[seg]
            continue
        if not isinstance(seg, str) or not isinstance(node, MappingNode):
            return None
        found = find_key(node, seg)
        if found is None:
            return None
        _, key, node = found
    return key, node


def field_lines(doc: Document, path: FieldPath) -> tuple[int, int] | None:
    """0-based first and last file line of a field (its key through the end of its value)."""
    found = _node(doc, path)
    if found is None:
        return None
    key, node = found
    fm = doc.frontmatter
    offset = doc.fm_line_offset()
    end = content_end(node, fm)
    last = fm.count("\n", 0, max(end - 1, node.start_mark.index))
    return offset + key.start_mark.line, offset + last


def style_of(doc: Document, path: FieldPath) -> str | None:
    """'' plain, "'", '"', or a block header with its content indentation ('>- @4')."""
    found = _node(doc, path)
    if found is None or not isinstance(found[1], ScalarNode):
        return None
    node = found[1]
    if node.style not in (">", "|"):
        return node.style or ""
    fm = doc.frontmatter
    header = fm[node.start_mark.index:fm.find("\n", node.start_mark.index)].strip()
    body = [ln for ln in fm[node.start_mark.index:content_end(node, fm)].split("\n")[1:] if ln.strip()]
    indent = min((len(ln) - len(ln.lstrip(" ")) for ln in body), default=0)
    return f"{header} @{indent}"


def fits(text: str, style: str) -> bool:
    """Can ``text`` be written in ``style``? Decided by PyYAML, independently of the editor's emitter."""
    if style == "":
        try:
            return "\n" not in text and yaml.safe_load(f"k: {text}\n") == {"k": text}
        except yaml.YAMLError:
            return False
    if style == "'":
        return "\n" not in text and text.isprintable()
    if style == '"':
        return True
    return text == text.strip() and "\t" not in text  # folded / literal blocks


def changed_span(old: str, new: str) -> tuple[int, int] | None:
    """The lines of ``old`` that differ from ``new``, as a 0-based half-open range [first, end);
    empty (first == end) when lines were only inserted before line ``first``. None when equal."""
    a, b = old.split("\n"), new.split("\n")
    if a == b:
        return None
    p = 0
    while p < min(len(a), len(b)) and a[p] == b[p]:
        p += 1
    q = 0
    while q < min(len(a), len(b)) - p and a[-1 - q] == b[-1 - q]:
        q += 1
    return p, len(a) - q


# ---------------------------------------------------------------- driving the widgets

def _py_index(text: str, utf16: int) -> int:
    """A Qt cursor position (UTF-16 units) as an index into the Python string."""
    units = 0
    for i, ch in enumerate(text):
        if units >= utf16:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


class Driver:
    """Key and mouse events on one field's input widget, as a user would send them."""

    def __init__(self, editor: FieldEditor) -> None:
        self.editor = editor
        self.widget: QWidget = editor.input_widget()
        self.multi = isinstance(self.widget, QPlainTextEdit)

    def text(self) -> str:
        w = self.widget
        return w.toPlainText() if self.multi else w.text()  # type: ignore[union-attr]

    def position(self) -> int:
        w = self.widget
        pos = w.textCursor().position() if self.multi else w.cursorPosition()  # type: ignore[union-attr]
        return _py_index(self.text(), pos)

    def click(self) -> None:
        target = self.widget.viewport() if self.multi else self.widget  # type: ignore[union-attr]
        QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(4, 4))

    def key(self, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
        QTest.keyClick(self.widget, key, modifiers)

    def home(self) -> None:
        self.key(Qt.Key.Key_Home, CTRL if self.multi else Qt.KeyboardModifier.NoModifier)

    def end(self) -> None:
        self.key(Qt.Key.Key_End, CTRL if self.multi else Qt.KeyboardModifier.NoModifier)

    def words_right(self, n: int) -> None:
        for _ in range(n):
            self.key(Qt.Key.Key_Right, CTRL)

    def select_all(self) -> None:
        self.key(Qt.Key.Key_A, CTRL)

    def type(self, text: str) -> None:
        type_text(self.widget, text)

    def leave(self) -> None:
        """Tab out of the field, ending the edit as a user does."""
        self.key(Qt.Key.Key_Tab)


def type_text(widget: QWidget, text: str) -> None:
    """Key events for ``text``: line breaks as Return; ASCII through QTest.keyClicks; any other
    character as a key event carrying it (QTest's ASCII key table asserts on it)."""
    for i, line in enumerate(text.split("\n")):
        if i:
            QTest.keyClick(widget, Qt.Key.Key_Return)
        for run in re.findall(r"[\x20-\x7e]+|[^\x20-\x7e]", line):
            if run.isascii():
                QTest.keyClicks(widget, run)
            else:
                QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, run,
                                   Qt.KeyboardModifier.NoModifier)


def text_fields(form: FormView) -> list[FieldEditor]:
    """The form's editors that show a value as editable text."""
    return [row.editor for row in form.rows if isinstance(row.editor, (TextEditor, LongTextEditor))]


def _why_not(editor: FieldEditor, value: object) -> str | None:
    if not isinstance(value, str):
        return "not text" if value is not None else None
    if isinstance(editor, TextEditor) and ("\n" in value or "\r" in value):
        return "a multi-line text in a one-line field"
    if "\t" in value or "\r" in value:
        return "tabs or CR in the text (Tab moves focus)"
    if any(not ch.isprintable() and ch != "\n" for ch in value):
        return "control characters in the text"
    return None


# ---------------------------------------------------------------- the cycle

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
                from editor.ui.form.through_cells import CellCycle

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
            return f"{WORD} " if value[pos - 1:pos] == " " else with_word

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
            self._fail(path, "retype", "retyping the identical text changed the file: "
                       + self._diff(self.baseline, self.doc.text))
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
            self._fail(path, op, f"lines {span[0] + 1}-{span[1]} changed, the field is on lines "
                       f"{lines[0] + 1}-{lines[1] + 1}: " + self._diff(self.baseline, doc.text))
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
            self._fail(path, op, "undo did not give back the original text: "
                       + self._diff(self.baseline, self.doc.text))
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
        return f"{a[span[0]:span[1]]!r} -> {b[span[0]:len(b) - (len(a) - span[1])]!r}"


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
    out(f"{len(files)} files, {totals['fields']} text fields, {totals['cells']} text cells, {totals['cycles']} cycles, "
        f"{totals['failures']} failures, {totals['skipped']} fields skipped, {totals['unparseable']} unparseable "
        f"({time.perf_counter() - started:.1f} s)")
    if missing:
        return 2
    return 1 if totals["failures"] or totals["unparseable"] else 0
