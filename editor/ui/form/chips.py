"""A list of short strings as removable chips, with a line edit to add more.

A list field the file writes as one text (``era: industrial``, as some older files do) shows
that value as its chip and keeps it one text; a second value turns it into a list only after
the user agrees. A new item copies the form of the items already there (``{name, role}`` maps).
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLayout, QLineEdit, QSizePolicy, QToolButton, QWidget

from editor.ui.common.dialogs import Dialogs
from editor.ui.common.theme import icon
from editor.ui.form.base import MISSING, FieldEditor


def dialogs_for(widget: QWidget) -> Dialogs:
    """The window's dialog service (which tests replace), found up the widget tree."""
    w: QWidget | None = widget
    while w is not None:
        found = getattr(w, "dialogs", None)
        if isinstance(found, Dialogs):
            return found
        w = w.parentWidget()
    return Dialogs(widget.window())


def one_value(value: Any) -> bool:
    """A list field written as a single scalar (text or number), not as a list."""
    return value is not MISSING and value is not None and not isinstance(value, (list, dict))


def ask_make_list(widget: QWidget, label: str, key: str, old: Any, new: str) -> bool:
    """Ask before a one-value field becomes a list: that changes how the file writes it."""
    return dialogs_for(widget).confirm(
        f"Make {label} a list?",
        f"{label} holds one value written as text: “{old}”.\n\nAdding “{new}” writes it as a list of two "
        f"values instead:\n\n{key}:\n- {old}\n- {new}",
        ok="Make a list",
    )


class FlowLayout(QLayout):
    """Lays children out left to right, wrapping like words (Qt's flow-layout example)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int):
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int):
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self):
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, apply=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _place(self, rect: QRect, apply: bool) -> int:
        x, y, line_height = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and line_height > 0:
                x = rect.x()
                y += line_height + self._spacing
                line_height = 0
            if apply:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y()


CHIP_TEXT_MAX = 240  # pixels; longer chip texts are elided in the middle


class Chip(QFrame):
    def __init__(self, text: str, on_remove, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Chip")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 2, 4, 2)
        lay.setSpacing(2)
        label = QLabel(text)
        shown = label.fontMetrics().elidedText(text, Qt.TextElideMode.ElideMiddle, CHIP_TEXT_MAX)
        if shown != text:  # a long source or citation: the whole text in the tooltip
            label.setText(shown)
            label.setToolTip(text)
        label.setAccessibleName(text)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(label)
        remove = QToolButton(self)
        remove.setIcon(icon("close"))
        remove.setIconSize(QSize(12, 12))
        remove.setAutoRaise(True)
        remove.setToolTip(f"Remove “{text}”")
        remove.setAccessibleName(f"Remove {text}")
        remove.clicked.connect(on_remove)
        lay.addWidget(remove)
        self.remove_button = remove


class ChipsEditor(FieldEditor):
    """Aliases, keywords, contributors, sources…: Enter adds, × removes, Backspace on empty removes the last."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.flow = FlowLayout(self)
        self.input = QLineEdit(self)
        self.input.setPlaceholderText("Add…")
        self.input.setMinimumWidth(140)
        self.input.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.input.returnPressed.connect(self._add)
        self.input.installEventFilter(self)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._chips: list[Chip] = []
        self._shown: list | None = None

    def focus_target(self) -> QWidget:
        return self.input

    def items(self) -> list:
        value = self.value
        if isinstance(value, list):
            return list(value)
        return [value] if one_value(value) and value != "" else []

    def refresh(self) -> None:
        items = self.items()
        if items == self._shown:
            return
        self._shown = items
        for chip in self._chips:
            self.flow.removeWidget(chip)
            chip.deleteLater()
        self.flow.removeWidget(self.input)
        self._chips = []
        for i, item in enumerate(items):
            text = item if isinstance(item, str) else _describe(item)
            chip = Chip(text, lambda _=False, i=i: self._remove(i), self)
            self._chips.append(chip)
            self.flow.addWidget(chip)
        self.flow.addWidget(self.input)
        self.updateGeometry()

    def _add(self) -> None:
        text = self.input.text().strip()
        if not text:
            return
        value = self.value
        label = self.field.label if self.field else str(self.path[-1])
        if isinstance(value, list):
            self.controller.append(self.path, new_item(value, text))
        elif value is MISSING or value is None:
            self.controller.set_field(self.path, [text])  # nothing there yet: the layout's list form
        elif isinstance(value, dict):
            dialogs_for(self).error(
                label, f"{label} holds a group of fields, not a list; edit it in the source view (Ctrl+U)."
            )
            return
        elif value == "":
            self.controller.set_field(self.path, text)  # an empty one-value field takes its one value
        elif ask_make_list(self, label, str(self.path[-1]), value, text):
            self.controller.set_field(self.path, [value, text])
        else:
            return  # keep the typed text: nothing changed, and nothing is lost
        self.input.clear()

    def _remove(self, index: int) -> None:
        if isinstance(self.value, list):
            self.controller.delete(self.path + (index,))
        else:  # the only value of a one-value field: it stays one text, now empty (a new value replaces it)
            self.controller.set_field(self.path, "")
        self.input.setFocus()

    def eventFilter(self, obj, event) -> bool:
        from PySide6.QtCore import QEvent

        if (
            obj is self.input
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Backspace
            and not self.input.text()
            and self._chips
        ):
            self._remove(len(self._chips) - 1)
            return True
        return super().eventFilter(obj, event)

    def set_read_only(self, read_only: bool) -> None:
        self.input.setVisible(not read_only)
        for chip in self._chips:
            chip.remove_button.setVisible(not read_only)


_NAME_ROLE = re.compile(r"^(?P<name>.+?)\s*\((?P<role>[^()]+)\)$")


def new_item(existing: list, text: str) -> Any:
    """A new item in the form of the list's items: text, or a ``{name, role}`` map typed "Name (role)"."""
    maps = [item for item in existing if isinstance(item, dict)]
    if not maps or len(maps) * 2 < len(existing) or not all("name" in m for m in maps):
        return text
    m = _NAME_ROLE.match(text)
    if m and any("role" in item for item in maps):
        return {"name": m["name"], "role": m["role"].strip()}
    return {"name": text}


def _describe(item: object) -> str:
    if isinstance(item, dict):
        name = item.get("name") or item.get("label") or item.get("id")
        role = item.get("role")
        if name and role:
            return f"{name} ({role})"
        if name:
            return str(name)
        return ", ".join(f"{k}: {v}" for k, v in item.items())
    return str(item)
