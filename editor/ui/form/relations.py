"""Relationship lists: target pattern (by title), weight, order; add with a fuzzy picker.

A picked pattern is written in the form the list already uses: its ``pat_`` id in an id list
(the older flat layout), ``{slug, weight}`` in spec v7.1 lists, and for an empty list the form
the file's layout declares. A list written as one text becomes a list only if the user agrees.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from editor.model import schema
from editor.ui.common.listnav import PatternSearch
from editor.ui.common.richtext import esc as _esc
from editor.ui.common.theme import colors, icon
from editor.ui.form.base import MISSING, FieldEditor
from editor.ui.form.chips import ask_make_list, dialogs_for, one_value


class PatternLookup(Protocol):
    """What the relationship editor needs from the library."""

    def resolve(self, target: str) -> str | None: ...

    def title(self, slug: str) -> str | None: ...

    def search(self, query: str, limit: int = 20) -> list[tuple[str, str]]: ...

    # optional: ``entry(slug)`` with an ``id`` attribute (the library index's entry), for id lists


class RelationRow(QFrame):
    def __init__(self, editor: RelationsEditor, index: int, entry: Any) -> None:
        super().__init__(editor)
        self.editor = editor
        self.index = index
        target = schema.entry_target(entry) or "?"
        weight = schema.entry_weight(entry)
        lookup = editor.lookup
        slug = lookup.resolve(target) if lookup else None
        title = lookup.title(slug) if lookup and slug else None
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(6)
        dot = QLabel("●")
        dot.setStyleSheet(f"color: {editor.color};")
        lay.addWidget(dot)
        name = QLabel()
        name.setTextFormat(Qt.TextFormat.RichText)
        c = colors()
        if slug:
            shown = title or slug
            detail = target if target == slug else f"{target} → {slug}"
            name.setText(
                f"<a href='pattern:{slug}' style='color:{c.text}; text-decoration:none'>{_esc(shown)}</a>"
                f" <span style='color:{c.muted}'>{_esc(detail)}</span>"
            )
            name.setToolTip(f"Open {shown}")
        else:
            name.setText(
                f"<span style='color:{c.warning}'>⚠ {_esc(target)}</span> "
                f"<span style='color:{c.muted}'>not in the library</span>"
            )
            name.setToolTip("No pattern with this slug or id exists in the open library")
        name.setWordWrap(True)
        name.setMinimumWidth(100)
        name.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        name.linkActivated.connect(lambda link: editor.openPattern.emit(link.removeprefix("pattern:")))
        lay.addWidget(name, 1)
        if not slug and lookup and not target.startswith("pat_"):
            stub = QToolButton(self)
            stub.setIcon(icon("stub"))
            stub.setText("Create stub")
            stub.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            stub.setToolTip(f"Create a new pattern “{target}” from the template")
            stub.clicked.connect(lambda: editor.createStub.emit(target))
            lay.addWidget(stub)
        if isinstance(entry, dict):
            self.weight = QDoubleSpinBox(self)
            self.weight.setRange(0.0, 1.0)
            self.weight.setDecimals(2)
            self.weight.setSingleStep(0.05)
            self.weight.setKeyboardTracking(False)
            self.weight.setFixedWidth(74)
            self.weight.setToolTip("Weight: how strong the link is, 0–1")
            self.weight.setAccessibleName(f"Weight of {title or target}")
            if weight is not None:
                self.weight.setValue(weight)
            self.weight.valueChanged.connect(self._weight_changed)
            lay.addWidget(self.weight)
        for name_, tip, slot in (("up", "Move up", -1), ("down", "Move down", 1)):
            btn = QToolButton(self)
            btn.setIcon(icon(name_))
            btn.setAutoRaise(True)
            btn.setToolTip(tip)
            btn.setAccessibleName(f"{tip}: {title or target}")
            btn.clicked.connect(lambda _=False, d=slot: editor.move(index, index + d))
            btn.setEnabled(0 <= index + slot < editor.count)
            lay.addWidget(btn)
        remove = QToolButton(self)
        remove.setIcon(icon("delete"))
        remove.setAutoRaise(True)
        remove.setToolTip("Remove this link")
        remove.setAccessibleName(f"Remove link to {title or target}")
        remove.clicked.connect(lambda: editor.remove(index))
        lay.addWidget(remove)

    def _weight_changed(self, value: float) -> None:
        self.editor.controller.set_field(self.editor.path + (self.index, "weight"), round(value, 2), merge=True)


class RelationsEditor(FieldEditor):
    openPattern = Signal(str)
    createStub = Signal(str)

    def __init__(self, *args, lookup: PatternLookup | None = None, color: str = "#888", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lookup = lookup
        self.color = color
        self.count = 0
        self._shown: Any = None
        self.rows = QVBoxLayout()
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setSpacing(2)
        self.picker = PatternSearch(
            lookup.search if lookup else None, "Link a pattern… (type a title, slug or alias)", "add", 12, self
        )
        self.picker.picked.connect(self.add)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(4)
        outer.addLayout(self.rows)
        outer.addWidget(self.picker)

    def focus_target(self) -> QWidget:
        return self.picker.edit

    def entries(self) -> list:
        value = self.value
        if isinstance(value, list):
            return list(value)
        return [value] if one_value(value) and value != "" else []

    def _slug_of(self, target: str | None) -> str | None:
        """The slug a target names (an id list names patterns by id)."""
        if target and self.lookup is not None:
            return self.lookup.resolve(target) or target
        return target

    def _pattern_id(self, slug: str) -> str | None:
        """The picked pattern's ``pat_`` id, from the library index."""
        entry = getattr(self.lookup, "entry", None)
        found = getattr(entry(slug), "id", None) if callable(entry) else None
        return found if schema.entries.is_id(found) else None

    def refresh(self, force: bool = False) -> None:
        entries = self.entries()
        if entries == self._shown and not force:
            return
        if not force and self._same_targets(entries):
            self._shown = entries
            self._update_weights(entries)  # keep the rows: the spin box being used stays alive
            return
        self._shown = entries
        while self.rows.count():
            item = self.rows.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.count = len(entries)
        for i, entry in enumerate(entries):
            self.rows.addWidget(RelationRow(self, i, entry))
        own = self.controller.get("slug")
        self.picker.exclude = {self._slug_of(schema.entry_target(e)) for e in entries} | {own}

    def _rows(self) -> list[RelationRow]:
        return [w for i in range(self.rows.count()) if isinstance(w := self.rows.itemAt(i).widget(), RelationRow)]

    def _same_targets(self, entries: list) -> bool:
        shown = self._shown or []
        return len(entries) == len(shown) == len(self._rows()) and all(
            schema.entry_target(a) == schema.entry_target(b) and isinstance(a, dict) == isinstance(b, dict)
            for a, b in zip(entries, shown)
        )

    def _update_weights(self, entries: list) -> None:
        for row, entry in zip(self._rows(), entries):
            weight = schema.entry_weight(entry)
            spin = getattr(row, "weight", None)
            if spin is not None and weight is not None and abs(spin.value() - weight) > 1e-9:
                spin.blockSignals(True)
                spin.setValue(weight)
                spin.blockSignals(False)

    def add(self, slug: str) -> None:
        existing = self.entries()
        if any(self._slug_of(schema.entry_target(e)) == slug for e in existing):
            return
        label = self.field.label if self.field else str(self.path[-1])
        declared = schema.declared_entry_form(self.controller.doc.data, tuple(str(k) for k in self.path))
        entry = schema.new_entry(existing, slug, 0.8, self._pattern_id(slug), declared)
        if entry is None:  # an id list, and the picked pattern has none: linking by slug is the user's call
            title = (self.lookup.title(slug) if self.lookup else None) or slug
            if not dialogs_for(self).confirm(
                "Link by slug?",
                f"{label} links patterns by id (pat_…), but “{title}” has no id.\n\n"
                f"Link it by its slug “{slug}” instead? Tools that read this list expect ids.",
                ok="Link by slug",
            ):
                return
            entry = slug
        value = self.value
        if value is MISSING or value is None:
            self.controller.set_field(self.path, [entry])
        elif isinstance(value, list):
            self.controller.append(self.path, entry)
        elif isinstance(value, str) and value and ask_make_list(self, label, str(self.path[-1]), value, str(entry)):
            self.controller.set_field(self.path, [value, entry])
        elif isinstance(value, str) and not value:  # an emptied one-text list takes its one value
            self.controller.set_field(self.path, entry if isinstance(entry, str) else [entry])
        # anything else (a map, a refused question) is left as it is

    def remove(self, index: int) -> None:
        if isinstance(self.value, list):
            self.controller.delete(self.path + (index,))
        else:  # the only link of a list written as one text: it stays one text, now empty
            self.controller.set_field(self.path, "")

    def move(self, index: int, to: int) -> None:
        if 0 <= to < self.count and isinstance(self.value, list):
            self.controller.move(self.path + (index,), to)
