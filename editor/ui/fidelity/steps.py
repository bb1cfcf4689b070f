"""The steps and checks of the through-form cycle: typing with real key events, a field's lines
and style, and why a value cannot be typed into a widget. Shared by the field and cell cycles."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from editor.model.document.document import Document
from editor.model.document.yamlnode import MappingNode, ScalarNode, SequenceNode, content_end, find_key
from editor.model.paths import Path as FieldPath
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
    header = fm[node.start_mark.index : fm.find("\n", node.start_mark.index)].strip()
    body = [ln for ln in fm[node.start_mark.index : content_end(node, fm)].split("\n")[1:] if ln.strip()]
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
                QTest.sendKeyEvent(
                    QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, run, Qt.KeyboardModifier.NoModifier
                )


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
