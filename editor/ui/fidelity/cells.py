"""The through-form cycle for text shown in cells: graph-garden tables and the "Other fields" tree.

A cell is edited in the view's own line editor (double-click opens it, Enter commits once), so
each step is one edit of the document. The steps and checks are those of ``editor.ui.fidelity.cycle``: type at
the end, start and middle, select all and retype plus a word, clear and retype; each is undone
before the next, and retyping the identical text must give the identical bytes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QTableWidget, QTreeWidget

from editor.model.paths import Path as FieldPath
from editor.model.paths import format_path
from editor.ui.fidelity.steps import WORD, _py_index, _why_not, type_text
from editor.ui.form.tables import ROW_ROLE, OtherFieldsEditor, TableEditor

if TYPE_CHECKING:
    from editor.ui.fidelity.cycle import FileCycle

CTRL = Qt.KeyboardModifier.ControlModifier


def cell_paths(form) -> list[tuple[QAbstractItemView, FieldPath]]:
    """Every cell of the form's tables and "Other fields" tree that holds text, with its view."""
    out: list[tuple[QAbstractItemView, FieldPath]] = []
    for row in form.rows:
        editor = row.editor
        if isinstance(editor, TableEditor):
            table = editor.table
            for r in range(table.rowCount()):
                for c in range(table.columnCount()):
                    item = table.item(r, c)
                    if item is None or not item.flags() & Qt.ItemFlag.ItemIsEditable:
                        continue
                    index, key = item.data(ROW_ROLE)
                    rows = editor.rows()
                    path = editor.path + ((index, key) if isinstance(rows[index], dict) else (index,))
                    out.append((table, path))
        elif isinstance(editor, OtherFieldsEditor):
            out.extend((editor.tree, p) for p in _tree_paths(editor.tree))
    return out


def _tree_paths(tree: QTreeWidget) -> list[FieldPath]:
    out = []
    stack = [tree.invisibleRootItem()]
    while stack:
        item = stack.pop()
        for i in reversed(range(item.childCount())):
            stack.append(item.child(i))
        if item.flags() & Qt.ItemFlag.ItemIsEditable:
            out.append(item.data(0, ROW_ROLE))
    return out


def _index(view: QAbstractItemView, path: FieldPath):
    """The model index showing ``path`` now (views rebuild their items after an edit)."""
    if isinstance(view, QTableWidget):
        for r in range(view.rowCount()):
            for c in range(view.columnCount()):
                item = view.item(r, c)
                if item is not None and _table_path(view, item) == path:
                    return view.indexFromItem(item)
        return None
    tree: QTreeWidget = view  # type: ignore[assignment]
    stack = [tree.invisibleRootItem()]
    while stack:
        item = stack.pop()
        stack.extend(item.child(i) for i in range(item.childCount()))
        if item is not tree.invisibleRootItem() and item.data(0, ROW_ROLE) == path:
            tree.expandItem(item.parent()) if item.parent() else None
            return tree.indexFromItem(item, 1)
    return None


def _table_path(table: QTableWidget, item) -> FieldPath | None:
    editor = table.parentWidget()
    index, key = item.data(ROW_ROLE)
    rows = editor.rows() if isinstance(editor, TableEditor) else []
    if index >= len(rows):
        return None
    return editor.path + ((index, key) if isinstance(rows[index], dict) else (index,))


class CellCycle:
    """The five steps on every text cell of one open form; results go to the file's report."""

    def __init__(self, cycle: FileCycle) -> None:
        self.cycle = cycle

    def run(self) -> None:
        cycle = self.cycle

        for view, path in cell_paths(cycle.form):
            value = cycle.controller.get(path)
            if not isinstance(value, str):
                continue
            why = "a multi-line text in a one-line cell" if "\n" in value else _why_not(None, value)
            if why:
                cycle.report.skipped.append(f"{format_path(path)}: {why}")
                continue
            cycle.report.cells += 1
            with_word = f" {WORD}" if value else WORD
            for op in ("end", "start", "middle", "select-all", "retype"):
                editor = self._open(view, path)
                if editor is None:
                    cycle._fail(path, op, "the cell's editor did not open on a double-click")
                    break
                expected = self._step(editor, op, value, with_word)
                QTest.keyClick(editor, Qt.Key.Key_Return)
                QApplication.processEvents()  # the delegate commits and closes the editor in a queued call
                cycle.report.cycles += 1
                if op == "retype":
                    if cycle.doc.text != cycle.baseline:
                        cycle._fail(
                            path,
                            op,
                            "retyping the identical text changed the file: "
                            + cycle._diff(cycle.baseline, cycle.doc.text),
                        )
                        cycle._undo(path, op)
                else:
                    cycle._check(path, op, expected, value)
                    cycle._undo(path, op)

    @staticmethod
    def _open(view: QAbstractItemView, path: FieldPath) -> QLineEdit | None:
        index = _index(view, path)
        if index is None:
            return None
        view.scrollTo(index)
        pos = view.visualRect(index).center()
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
        QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
        editor = QApplication.focusWidget()
        return editor if isinstance(editor, QLineEdit) else None

    @staticmethod
    def _step(editor: QLineEdit, op: str, value: str, with_word: str) -> str:

        if op in ("select-all", "retype"):
            QTest.keyClick(editor, Qt.Key.Key_A, CTRL)
            if op == "retype":
                QTest.keyClick(editor, Qt.Key.Key_Backspace)
            type_text(editor, value if op == "retype" else value + with_word)
            return value if op == "retype" else value + with_word
        QTest.keyClick(editor, Qt.Key.Key_End if op == "end" else Qt.Key.Key_Home)
        if op == "middle":
            for _ in range(max(1, len(value.split()) // 2)):
                QTest.keyClick(editor, Qt.Key.Key_Right, CTRL)
        pos = _py_index(value, editor.cursorPosition())
        typed = with_word if pos == len(value) else (f"{WORD} " if value else WORD)
        if op == "middle" and value[pos - 1 : pos] not in ("", " "):
            typed = with_word
        type_text(editor, typed)
        return value[:pos] + typed + value[pos:]
