"""Bulk edit: choose what to change in the selected patterns; the diffs are shown next, before
anything is written (``workspace.bulk_edit``).

Fields are offered from the schema (both layouts' scalar and list fields, by dotted path) and the
short aliases (``status``, ``overall``, ``domain``…), which each file answers in its own layout.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from editor.model.edit.bulk import (
    AddRelationship,
    AddToList,
    Operation,
    RemoveFromList,
    ReplaceText,
    SetField,
    Unset,
)
from editor.model.schema import LEGACY, RELATION_TYPES, V7
from editor.model.schema.aliases import ALIASES
from editor.model.schema.fields import Field

OPERATIONS = (
    ("set", "Set field…"),
    ("add", "Add to list…"),
    ("remove", "Remove from list…"),
    ("relationship", "Add relationship…"),
    ("replace", "Replace text…"),
    ("unset", "Remove field…"),
)
_LIST_ALIASES = ("aliases", "commons_domain", "id", "slug")  # list-valued or identity: not for "Set field"


def field_paths(lists: bool) -> list[str]:
    """Aliases first, then every dotted path the two layouts declare (lists or scalars)."""
    out = [] if lists else [a for a in ALIASES if a not in _LIST_ALIASES]
    for layout in (V7, LEGACY):
        for dotted, f in _walk(layout.fields, ()):
            wanted = f.kind == "strings" if lists else f.kind not in ("strings", "relations", "table", "map", "any")
            if wanted and dotted not in out and dotted not in ("id", "slug"):
                out.append(dotted)
    return out


def _walk(fields: Sequence[Field], keys: tuple[str, ...]) -> Iterator[tuple[str, Field]]:
    for f in fields:
        path = (*keys, f.key)
        if f.children:
            yield from _walk(f.children, path)
        else:
            yield ".".join(path), f


class BulkEditDialog(QDialog):
    def __init__(self, count: int, slugs: Sequence[str], operation: str = "set", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Bulk edit")
        self.setObjectName("bulk-edit")
        self.setMinimumWidth(520)
        heading = QLabel(f"Change {count} pattern{'s' if count != 1 else ''}. Every file's diff is shown next.")
        heading.setWordWrap(True)
        self.operation = QComboBox(self)
        self.operation.setObjectName("bulk-operation")
        for key, label in OPERATIONS:
            self.operation.addItem(label, key)
        self.field = QComboBox(self)
        self.field.setObjectName("bulk-field")
        self.field.setEditable(True)
        self.field.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.value = QLineEdit(self)
        self.value.setObjectName("bulk-value")
        self.find = QLineEdit(self)
        self.find.setObjectName("bulk-find")
        self.rel_type = QComboBox(self)
        self.rel_type.setObjectName("bulk-relation-type")
        self.rel_type.addItems(list(RELATION_TYPES))
        self.target = QLineEdit(self)
        self.target.setObjectName("bulk-target")
        self.target.setPlaceholderText("slug of the pattern to link to")
        completer = QCompleter(list(slugs), self.target)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.target.setCompleter(completer)
        self.weight = QDoubleSpinBox(self)
        self.weight.setObjectName("bulk-weight")
        self.weight.setRange(0.0, 1.0)
        self.weight.setSingleStep(0.05)
        self.weight.setDecimals(2)
        self.weight.setValue(0.8)
        self.form = QFormLayout()
        self.form.addRow("Change", self.operation)
        self.form.addRow("Field", self.field)
        self.form.addRow("Find", self.find)
        self.form.addRow("Value", self.value)
        self.form.addRow("Type", self.rel_type)
        self.form.addRow("Pattern", self.target)
        self.form.addRow("Weight", self.weight)
        self.hint = QLabel(self)
        self.hint.setObjectName("Hint")
        self.hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = buttons.addButton("Preview changes…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("bulk-preview")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(heading)
        lay.addLayout(self.form)
        lay.addWidget(self.hint)
        lay.addWidget(buttons)
        self.operation.currentIndexChanged.connect(lambda _i: self._operation_changed())
        for w in (self.value, self.find, self.target):
            w.textChanged.connect(lambda _t: self._validate())
        self.field.editTextChanged.connect(lambda _t: self._validate())
        index = self.operation.findData(operation)
        self.operation.setCurrentIndex(max(0, index))
        self._operation_changed()

    def _show(self, widget: QWidget, visible: bool) -> None:
        self.form.setRowVisible(widget, visible)

    def _operation_changed(self) -> None:
        op = self.operation.currentData()
        lists = op in ("add", "remove")
        current = self.field.currentText()
        self.field.blockSignals(True)
        self.field.clear()
        self.field.addItems(field_paths(lists))
        self.field.setEditText(current if current and op == "replace" else self.field.itemText(0))
        self.field.blockSignals(False)
        self._show(self.field, op != "relationship")
        self._show(self.find, op == "replace")
        self._show(self.value, op not in ("relationship", "unset"))
        for w in (self.rel_type, self.target, self.weight):
            self._show(w, op == "relationship")
        self.form.labelForField(self.value).setText("Replace with" if op == "replace" else "Value")
        hints = {
            "set": "Text fields take the text as typed; numbers, lists and true/false are read as YAML.",
            "add": "Added to the list where it is missing; a one-value field of the older layout becomes a list.",
            "remove": "Removed wherever the list holds it.",
            "relationship": "Each file gets the entry in its own list's form (an id in the older layout's lists).",
            "replace": "Replaced in the field's text, or in each text of a list.",
            "unset": "The key is removed with its value; files without it are left alone.",
        }
        self.hint.setText(hints[op])
        self._validate()

    def _validate(self) -> None:
        op = self.operation.currentData()
        if op == "relationship":
            ok = bool(self.target.text().strip())
        elif op == "replace":
            ok = bool(self.field.currentText().strip() and self.find.text())
        elif op == "unset":
            ok = bool(self.field.currentText().strip())
        else:
            ok = bool(self.field.currentText().strip()) and (op == "set" or bool(self.value.text().strip()))
        self.ok.setEnabled(ok)

    def operations(self) -> list[Operation]:
        op = self.operation.currentData()
        path = self.field.currentText().strip()
        text = self.value.text()
        if op == "relationship":
            return [AddRelationship(self.rel_type.currentText(), self.target.text().strip(), self.weight.value())]
        if op == "replace":
            return [ReplaceText(path, self.find.text(), text)]
        if op == "unset":
            return [Unset(path)]
        if op == "add":
            return [AddToList(path, text.strip())]
        if op == "remove":
            return [RemoveFromList(path, text.strip())]
        return [SetField(path, text)]

    def title(self) -> str:
        return self.operations()[0].describe().capitalize()
