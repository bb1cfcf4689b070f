"""Graph-garden tables (entities, communities, inferred links) and the "Other fields" tree."""

from __future__ import annotations

from typing import Any

import yaml
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor.model.paths import Path
from editor.ui.common.theme import icon
from editor.ui.form.base import FieldEditor

ROW_ROLE = Qt.ItemDataRole.UserRole + 1


def parse_cell(text: str, old: Any) -> Any:
    """Typed cell text back to a value of the old value's kind (numbers stay numbers)."""
    if isinstance(old, str) or old is None:
        return text
    try:
        value = yaml.safe_load(text) if text.strip() else ""
    except yaml.YAMLError:
        return text
    return value


def show_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class TableEditor(FieldEditor):
    """A list of maps as a table; one column per declared key (plus any extra keys found)."""

    wide = True

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.table = QTableWidget(self)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.itemChanged.connect(self._cell_changed)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        add = QToolButton(self)
        add.setIcon(icon("add"))
        add.setToolTip("Add a row")
        add.setAutoRaise(True)
        add.clicked.connect(self._add_row)
        remove = QToolButton(self)
        remove.setIcon(icon("delete"))
        remove.setToolTip("Remove the selected row")
        remove.setAutoRaise(True)
        remove.clicked.connect(self._remove_row)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(self.table)
        lay.addLayout(buttons)
        self._columns: list[str] = []
        self._shown: Any = None

    def focus_target(self) -> QWidget:
        return self.table

    def rows(self) -> list:
        value = self.value
        return list(value) if isinstance(value, list) else []

    def refresh(self) -> None:
        rows = self.rows()
        if rows == self._shown:
            return
        self._shown = rows
        declared = [f.key for f in self.field.item] if self.field else []
        present = [k for r in rows if isinstance(r, dict) for k in r]
        columns = [k for k in declared if k in present or not rows] + [
            k for k in dict.fromkeys(present) if k not in declared
        ]
        if any(not isinstance(r, dict) for r in rows):
            columns = ["value", *columns] if "value" not in columns else columns
        columns = columns or ["value"]
        if columns == self._columns and self.table.rowCount() == len(rows):
            self._update_cells(rows)  # in place: the cell being edited and the current index stay
            return
        self._columns = columns
        with self.updating():
            self.table.blockSignals(True)
            self.table.clear()
            self.table.setColumnCount(len(self._columns))
            labels = []
            for key in self._columns:
                f = self.field.child(key) if self.field else None
                labels.append(f.label if f else key)
            self.table.setHorizontalHeaderLabels(labels)
            self.table.setRowCount(len(rows))
            for r, row in enumerate(rows):
                for c, key in enumerate(self._columns):
                    value = row.get(key) if isinstance(row, dict) else (row if key == "value" else None)
                    item = QTableWidgetItem(show_cell(value))
                    item.setData(ROW_ROLE, (r, key))
                    if not isinstance(row, dict) and key != "value":
                        item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
                    self.table.setItem(r, c, item)
            header = self.table.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            if self._columns:
                last = len(self._columns) - 1
                wide = next((i for i, k in enumerate(self._columns) if k in ("label", "reason")), last)
                header.setSectionResizeMode(wide, QHeaderView.ResizeMode.Stretch)
            self.table.blockSignals(False)
        height = self.table.horizontalHeader().height() + sum(self.table.rowHeight(i) for i in range(len(rows))) + 4
        self.table.setFixedHeight(max(height, 60))

    def _update_cells(self, rows: list) -> None:
        self.table.blockSignals(True)
        for r, row in enumerate(rows):
            for c, key in enumerate(self._columns):
                value = row.get(key) if isinstance(row, dict) else (row if key == "value" else None)
                item = self.table.item(r, c)
                if item is not None and item.text() != show_cell(value):
                    item.setText(show_cell(value))
        self.table.blockSignals(False)

    def _cell_changed(self, item: QTableWidgetItem) -> None:
        if self._updating:
            return
        r, key = item.data(ROW_ROLE)
        rows = self.rows()
        if r >= len(rows):
            return
        row = rows[r]
        if isinstance(row, dict):
            value = parse_cell(item.text(), row.get(key))
            self.controller.set_field(self.path + (r, key), value)
        else:
            self.controller.set_field(self.path + (r,), item.text())

    def _add_row(self) -> None:
        rows = self.rows()
        template = next((r for r in reversed(rows) if isinstance(r, dict)), None)
        if rows and template is None:
            new: Any = "new"
        else:
            keys = (
                list(template)
                if template
                else [f.key for f in (self.field.item if self.field else ()) if f.required in ("R", "S")]
            )
            new = {k: _blank(template.get(k) if template else None, k, self.field) for k in keys}
        if rows:
            self.controller.append(self.path, new)
        else:
            self.controller.set_field(self.path, [new])

    def _remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.controller.delete(self.path + (row,))


def _blank(example: Any, key: str, field) -> Any:
    f = field.child(key) if field else None
    blank = f.type.blank(f) if f is not None else None
    if blank is not None:
        return blank
    if isinstance(example, (int, float)) and not isinstance(example, bool):
        return example
    return "new"


class OtherFieldsEditor(FieldEditor):
    """Keys neither layout declares: shown as a tree, scalar values editable, never dropped."""

    def __init__(self, controller, paths: list[Path], parent: QWidget | None = None) -> None:
        super().__init__(controller, (), None, parent)
        self.paths = paths
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Key", "Value"])
        self.tree.setColumnWidth(0, 220)
        self.tree.setAlternatingRowColors(True)
        self.tree.itemChanged.connect(self._changed)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.tree)
        self._shown: Any = None

    def focus_target(self) -> QWidget:
        return self.tree

    def refresh(self) -> None:
        snapshot = [(p, self.controller.get(p)) for p in self.paths]
        if snapshot == self._shown:
            return
        self._shown = snapshot
        with self.updating():
            self.tree.blockSignals(True)
            self.tree.clear()
            for path, value in snapshot:
                self._add(self.tree.invisibleRootItem(), ".".join(str(s) for s in path), path, value)
            self.tree.expandToDepth(1)
            self.tree.blockSignals(False)
        rows = sum(1 for _ in _walk(self.tree.invisibleRootItem()))
        self.tree.setFixedHeight(min(320, 28 + 24 * max(rows, 1)))

    def _add(self, parent: QTreeWidgetItem, label: str, path: Path, value: Any) -> None:
        item = QTreeWidgetItem(parent, [label, ""])
        item.setData(0, ROW_ROLE, path)
        if isinstance(value, dict):
            for k, v in value.items():
                self._add(item, str(k), path + (k,), v)
        elif isinstance(value, list):
            item.setText(1, f"{len(value)} items")
            for i, v in enumerate(value):
                self._add(item, f"[{i}]", path + (i,), v)
        else:
            item.setText(1, show_cell(value))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            item.setData(1, ROW_ROLE, value)

    def _changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._updating or column != 1:
            return
        path = item.data(0, ROW_ROLE)
        old = item.data(1, ROW_ROLE)
        self.controller.set_field(path, parse_cell(item.text(1), old))


def _walk(item: QTreeWidgetItem):
    for i in range(item.childCount()):
        child = item.child(i)
        yield child
        if child.isExpanded():
            yield from _walk(child)
