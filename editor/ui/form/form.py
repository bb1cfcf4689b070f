"""The form: the file's groups as collapsible sections, one row per field, built from the schema."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from editor.model import schema
from editor.model.check.validation import Finding
from editor.model.paths import Path, format_path
from editor.model.schema import scorecard
from editor.model.schema.fields import EXTENSION, Field, Layout
from editor.model.schema.kinds import Map, Relations
from editor.ui.common.charts import PillarRadar
from editor.ui.common.theme import colors, icon
from editor.ui.document.controller import DocumentController
from editor.ui.form.base import FieldEditor, FieldRow
from editor.ui.form.editors import editor_class
from editor.ui.form.relations import PatternLookup, RelationsEditor
from editor.ui.form.scalars import TextEditor
from editor.ui.form.tables import OtherFieldsEditor, TableEditor

_CARD = format_path(scorecard.ASSESSMENT_PATH)


def related(a: str, b: str) -> bool:
    """Does a change at path ``b`` concern the row at path ``a`` (either contains the other)?"""
    if a == b or not a or not b:
        return True
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return long.startswith(short) and long[len(short)] in ".["


def _shape_kind(value: Any) -> str:
    """Map, list or scalar: what decides a field's editor (a number turning into text does not)."""
    return "map" if isinstance(value, dict) else "list" if isinstance(value, list) else "scalar"


class Section(QWidget):
    """A collapsible group: a header button and the rows under it."""

    def __init__(self, title: str, help_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = QToolButton(self)
        self.header.setObjectName("GroupHeader")
        self.header.setText(title.replace("&", "&&"))  # a lone & would become a mnemonic
        self.header.setCheckable(True)
        self.header.setChecked(True)
        self.header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.header.setIcon(icon("chevron-down"))
        self.header.setIconSize(QSize(14, 14))
        self.header.setToolTip(help_text)
        self.header.setAccessibleName(f"{title} group")
        self.header.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.header.toggled.connect(self._toggled)
        self.body = QWidget(self)
        self.rows = QVBoxLayout(self.body)
        self.rows.setContentsMargins(20, 2, 4, 10)
        self.rows.setSpacing(6)
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setStyleSheet(f"color: {colors().border};")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.header)
        lay.addWidget(line)
        lay.addWidget(self.body)

    def _toggled(self, open_: bool) -> None:
        self.body.setVisible(open_)
        self.header.setIcon(icon("chevron-down" if open_ else "chevron-right"))

    def add_heading(self, text: str, help_text: str = "") -> None:
        label = QLabel(text)
        label.setStyleSheet("font-weight: 600; padding-top: 6px;")
        label.setToolTip(help_text)
        self.rows.addWidget(label)


STACK_BELOW = 600  # viewport width under which labels go above their fields


class FormView(QScrollArea):
    """All fields of one document, mirroring the model through the controller's signals.
    Below ``STACK_BELOW`` pixels the labels go above their fields, so a narrow window needs no
    horizontal scroll bar."""

    openPattern = Signal(str)
    createStub = Signal(str)
    built = Signal()  # the sections were (re)built: the navigator renumbers

    def __init__(
        self, controller: DocumentController, lookup: PatternLookup | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.lookup = lookup
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.rows: list[FieldRow] = []
        self._paths_of: list[tuple[FieldRow, list[str]]] | None = None
        self.sections: dict[str, Section] = {}
        self.radar: PillarRadar | None = None
        self._shape: Any = None
        self._findings: list[Finding] = []
        self._read_only = False
        self._stale = False
        self._stacked = False
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        controller.fieldsChanged.connect(self._fields_changed)
        self._rebuild_timer = QTimer(self, singleShot=True, interval=0)
        self._rebuild_timer.timeout.connect(self.rebuild_if_needed)
        self.build()

    # ------------------------------------------------------------ building

    def shape(self) -> Any:
        """What decides which rows exist; when it changes, the form is rebuilt."""
        data = self.controller.doc.data
        if data is None:
            return None
        rel = data.get("relationships")
        card = self.controller.get(scorecard.ASSESSMENT_PATH)  # a list-form card gets a table
        return (
            schema.layout_of(data).name,
            tuple(schema.unknown_keys(data)),
            tuple(rel) if isinstance(rel, dict) else type(rel).__name__,
            type(card).__name__,
            tuple(self._present_extensions(data)),
            tuple((k, _shape_kind(v)) for k, v in data.items()),
        )

    def _present_extensions(self, data: dict) -> list[str]:
        out = []
        layout = schema.layout_of(data)

        def walk(fields: tuple[Field, ...], value: Any, path: tuple) -> None:
            if not isinstance(value, dict):
                return
            for f in fields:
                if f.key in value:
                    if f.required == EXTENSION:
                        out.append(".".join((*path, f.key)))
                    if isinstance(f.type, Map):
                        walk(f.children, value[f.key], (*path, f.key))

        walk(layout.fields, data, ())
        return out

    def build(self) -> None:
        canvas = QWidget()
        canvas.setObjectName("FormCanvas")
        self.canvas_layout = QVBoxLayout(canvas)
        self.canvas_layout.setContentsMargins(24, 12, 24, 24)
        self.canvas_layout.setSpacing(4)
        self.rows = []
        self._paths_of = None
        self.sections = {}
        self.radar = None
        data = self.controller.doc.data
        self._shape = self.shape()
        if data is not None:
            layout = schema.layout_of(data)
            self._build_layout(layout, data)
        self.canvas_layout.addStretch(1)
        self._apply_stacking(force=True)
        scroll = self.verticalScrollBar().value()
        self.setWidget(canvas)  # QScrollArea deletes the previous canvas
        self.refresh_all()
        self.show_findings(self._findings)
        self.set_read_only(self._read_only)
        QTimer.singleShot(0, self, lambda: self.verticalScrollBar().setValue(scroll))
        self.built.emit()

    def _build_layout(self, layout: Layout, data: dict) -> None:
        shown = 0
        for group in layout.groups:
            fields = [f for f in layout.fields if f.group == group.number]
            present = [f for f in fields if f.key in data or f.required != EXTENSION]
            if not present:
                continue
            shown += 1  # numbered as shown: the legacy layout has no group 2, yet reads 1, 2, 3
            section = Section(f"{shown}   {group.label}", group.help)
            self.sections[group.key] = section
            self.canvas_layout.addWidget(section)
            for f in present:
                self._add_field(section, f, (f.key,), data.get(f.key))
        unknown = schema.unknown_keys(data)
        if unknown:
            section = Section("Other fields", "Keys the spec does not know. They are kept exactly as written.")
            self.sections["other"] = section
            self.canvas_layout.addWidget(section)
            editor = OtherFieldsEditor(self.controller, unknown)
            row = FieldRow(editor, "Not in the spec", "Edit a value by double-clicking it.", wide=True)
            section.rows.addWidget(row)
            self.rows.append(row)

    def _add_field(self, section: Section, f: Field, path: Path, value: Any) -> None:
        if isinstance(f.type, Map):
            self._add_group(section, f, path, value)
            return
        editor = (
            self._relations(f, path) if isinstance(f.type, Relations) else editor_class(f)(self.controller, path, f)
        )
        self._row(section, editor, f.label, f.help)

    def _add_group(self, section: Section, f: Field, path: Path, value: Any) -> None:
        """A map's children as rows; a map the file writes otherwise gets one editor for what it holds."""
        if value is not None and not isinstance(value, dict):
            if isinstance(value, list) and all(isinstance(v, dict) for v in value):
                editor: FieldEditor = TableEditor(self.controller, path, f)  # e.g. list-form commons_assessment
            else:
                editor = TextEditor(self.controller, path, f)
            self._row(section, editor, f.label, f.help)
            return
        if len(path) > 1:  # nested groups (search hints, commons assessment) get a sub-heading
            section.add_heading(f.label, f.help)
        if path == scorecard.ASSESSMENT_PATH:
            self.radar = PillarRadar()
            section.rows.addWidget(self.radar)
        present = value if isinstance(value, dict) else {}
        for child in f.children:
            if child.required != EXTENSION or child.key in present:
                self._add_field(section, child, (*path, child.key), present.get(child.key))
        if f.key == "relationships":
            declared = {c.key for c in f.children}
            for key, extra in present.items():
                if key not in declared and isinstance(extra, list):
                    label = schema.RELATION_LABELS.get(key, key.replace("_", " ").capitalize())
                    pseudo = Field(key, label, "relations", "A relationship list the spec does not declare.")
                    self._add_field(section, pseudo, (*path, key), extra)

    def _relations(self, f: Field, path: Path) -> RelationsEditor:
        """A relationship list, in its type's colour, offering the library's patterns."""
        types = schema.RELATION_TYPES
        palette = colors().relations
        color = palette[types.index(path[-1]) % len(palette)] if path[-1] in types else colors().muted
        rel = RelationsEditor(self.controller, path, f, lookup=self.lookup, color=color)
        rel.openPattern.connect(self.openPattern)
        rel.createStub.connect(self.createStub)
        return rel

    def _row(self, section: Section, editor: FieldEditor, label: str, help_text: str) -> None:
        row = FieldRow(editor, label, help_text, wide=editor.wide)
        section.rows.addWidget(row)
        self.rows.append(row)

    # ------------------------------------------------------------ mirroring

    def refresh_all(self) -> None:
        for row in self.rows:
            row.editor.refresh()
        self._refresh_radar()

    def _refresh_radar(self) -> None:
        if self.radar is not None:
            card = scorecard.assessment(self.controller.doc.data) or {}
            self.radar.set_series([("This pattern", card, colors().accent)])

    def _fields_changed(self, paths: tuple[Path, ...] | None) -> None:
        if self.controller.doc.data is None:
            return
        if not self.isVisible():  # typing in the source view: catch up once when shown again
            self._stale = True
            return
        if self.shape() != self._shape:
            self._rebuild_timer.start()
            return
        if paths is None:
            self.refresh_all()
            return
        changed = [format_path(p) for p in paths]
        for row, mine in self._row_paths():
            if any(related(m, c) for m in mine for c in changed):
                row.editor.refresh()
        if any(related(_CARD, c) for c in changed):
            self._refresh_radar()

    def _row_paths(self) -> list[tuple[FieldRow, list[str]]]:
        """Each row with the dotted paths it shows, formatted once per build (every keystroke asks)."""
        if self._paths_of is None or len(self._paths_of) != len(self.rows):
            self._paths_of = [
                (row, [format_path(row.path), *(format_path(d) for d in row.editor.depends)]) for row in self.rows
            ]
        return self._paths_of

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._apply_stacking()

    def _apply_stacking(self, force: bool = False) -> None:
        stacked = self.viewport().width() < STACK_BELOW
        if stacked == self._stacked and not force:
            return
        self._stacked = stacked
        margin = 10 if stacked else 24
        self.canvas_layout.setContentsMargins(margin, 12, margin, 24)
        for section in self.sections.values():
            section.rows.setContentsMargins(8 if stacked else 20, 2, 4, 10)
        for row in self.rows:
            row.set_stacked(stacked)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale and self.controller.doc.data is not None:
            self._stale = False
            if self.shape() != self._shape:
                self.build()
            else:
                self.refresh_all()

    def rebuild_if_needed(self) -> None:
        if self.shape() != self._shape:
            self.build()

    # ------------------------------------------------------------ findings and focus

    def row_for(self, path: str) -> FieldRow | None:
        """The row that shows ``path``: the longest row path containing it."""
        best, best_len = None, -1
        for row in self.rows:
            mine = format_path(row.path)
            if related(mine, path) and len(mine) <= len(path) and len(mine) > best_len:
                best, best_len = row, len(mine)
        return best

    def show_findings(self, findings: list[Finding]) -> None:
        self._findings = findings
        per_row: dict[int, list[Finding]] = {}
        for f in findings:
            if not f.path or f.path == "body":
                continue
            row = self.row_for(f.path)
            if row is not None:
                per_row.setdefault(id(row), []).append(f)
        for row in self.rows:
            row.show_findings(per_row.get(id(row), []))

    def focus_path(self, path: str) -> bool:
        row = self.row_for(path)
        if row is None:
            return False
        for section in self.sections.values():
            if section.isAncestorOf(row) and not section.header.isChecked():
                section.header.setChecked(True)
        self.ensureWidgetVisible(row, 40, 80)
        row.editor.focus_target().setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for row in self.rows:
            row.editor.set_read_only(read_only)
