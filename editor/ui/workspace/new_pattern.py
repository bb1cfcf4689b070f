"""New Pattern and "Duplicate as new pattern": the dialog and what the workspace does with its answer.

The dialog only asks (template, layout, title, summary, context labels, tension) and previews the
slug and file name; nothing is written until it is accepted. The Qt-free work (the text, the
unique slug, writing without overwriting) is ``editor.model.library.templates``. The dialog is
reached through ``window.dialogs.ask_new_pattern`` so tests script the answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from editor.model.errors import PatternError
from editor.model.library.newpattern import LABEL_KEYS, slugify, unique_slug
from editor.model.library.templates import (
    LAYOUT_LABELS,
    LAYOUTS,
    Template,
    list_templates,
    plan_duplicate,
    plan_new_pattern,
    write_plan,
)

if TYPE_CHECKING:
    from editor.ui.document.tab import DocumentTab
    from editor.ui.workspace.workspace import Workspace


@dataclass
class NewPatternAnswer:
    title: str
    template: Template | None = None  # None: the built-in one
    layout: str = "v7.1"
    summary: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    tension: str = ""


class NewPatternDialog(QDialog):
    """Template, layout, title and the optional first values; a live preview of slug and file name.

    With ``duplicate_of`` (a title) only the new title is asked: the copy keeps the structure."""

    def __init__(
        self,
        folder: Path,
        templates: list[Template],
        taken=None,
        duplicate_of: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.folder, self.templates, self.taken = folder, templates, taken
        self.duplicating = duplicate_of is not None
        self.setWindowTitle("Duplicate as New Pattern" if self.duplicating else "New Pattern")
        self.setObjectName("new-pattern-dialog")
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.template = QComboBox(self, objectName="template")
        for t in templates:
            suffix = f" ({t.layout})" if t.layout else ""
            self.template.addItem(t.name + suffix)
        self.template.setAccessibleName("Template")
        self.layout_box = QComboBox(self, objectName="layout")
        for name in LAYOUTS:
            self.layout_box.addItem(LAYOUT_LABELS[name], name)
        self.layout_box.setAccessibleName("Layout")
        self.title = QLineEdit(self, objectName="title")
        self.title.setAccessibleName("Title")
        self.title.setPlaceholderText("The pattern's official name")
        self.summary = QPlainTextEdit(self, objectName="summary")
        self.summary.setAccessibleName("Summary")
        self.summary.setTabChangesFocus(True)
        self.summary.setFixedHeight(64)
        self.labels = {}
        for key in LABEL_KEYS:
            edit = QLineEdit(self, objectName=f"label:{key}")
            edit.setAccessibleName(f"Context label: {key}")
            edit.setPlaceholderText("optional: left out of the file when empty")
            self.labels[key] = edit
        self.tension = QLineEdit(self, objectName="tension")
        self.tension.setAccessibleName("Primary tension")
        self.tension.setPlaceholderText("optional, e.g. Speed vs. Care")
        self.preview = QLabel(self, objectName="preview")
        self.preview.setWordWrap(True)
        if self.duplicating:
            form.addRow(QLabel(f"A copy of “{duplicate_of}” with a new id, slug and title.", self))
            self.title.setText(f"{duplicate_of} (copy)")
            form.addRow("&Title:", self.title)
        else:
            form.addRow("T&emplate:", self.template)
            form.addRow("&Layout:", self.layout_box)
            form.addRow("&Title:", self.title)
            form.addRow("&Summary:", self.summary)
            for key, edit in self.labels.items():
                form.addRow(f"{key.capitalize()} label:", edit)
            form.addRow("Primary te&nsion:", self.tension)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.preview)
        lay.addWidget(self.buttons)
        self.title.textChanged.connect(self._update)
        self.template.currentIndexChanged.connect(self._template_changed)
        self.layout_box.currentIndexChanged.connect(self._update)
        self.title.setFocus()
        self._update()

    def _template_changed(self, index: int) -> None:
        t = self.templates[index] if 0 <= index < len(self.templates) else None
        if t is not None and t.layout in LAYOUTS:  # a library template suggests its own layout
            self.layout_box.setCurrentIndex(LAYOUTS.index(t.layout))
        self._update()

    def slug(self) -> str:
        return unique_slug(self.folder, slugify(self.title.text()), self.taken) if self.title.text().strip() else ""

    def _update(self) -> None:
        for edit in (*self.labels.values(), self.tension):  # the legacy layout has neither
            edit.setEnabled(self.layout() == "v7.1")
        slug = self.slug()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(slug))
        if not slug:
            self.preview.setText("Type a title: the slug and file name follow from it.")
            return
        note = ""
        t = self.templates[self.template.currentIndex()] if self.templates else None
        if not self.duplicating and t is not None and not t.builtin and t.layout and t.layout != self.layout():
            note = f"<br>The template is {t.layout}: its body is used with the built-in {self.layout()} frontmatter."
        self.preview.setText(f"Slug: <b>{slug}</b><br>File: <b>{self.folder / (slug + '.md')}</b>{note}")

    def layout(self) -> str:
        return self.layout_box.currentData() or "v7.1"

    def answer(self) -> NewPatternAnswer:
        index = self.template.currentIndex()
        template = self.templates[index] if 0 <= index < len(self.templates) else None
        return NewPatternAnswer(
            title=" ".join(self.title.text().split()),
            template=None if template is None or template.builtin else template,
            layout=self.layout(),
            summary=self.summary.toPlainText(),
            labels={k: e.text() for k, e in self.labels.items() if e.text().strip() and e.isEnabled()},
            tension=self.tension.text() if self.tension.isEnabled() else "",
        )


def ask_new_pattern(ws: Workspace) -> DocumentTab | None:
    folder = ws.library.folder
    if folder is None:
        ws.dialogs.error("New pattern", "Open a library folder first.")
        return None
    index = ws.library.index
    answer = ws.dialogs.ask_new_pattern(Path(folder), list_templates(folder), index)
    if answer is None or not answer.title:
        return None
    try:
        plan = plan_new_pattern(
            folder,
            answer.title,
            template=answer.template,
            layout=answer.layout,
            index=index,
            summary=answer.summary,
            labels=answer.labels,
            tension=answer.tension,
        )
        path = write_plan(plan, index)
    except (PatternError, OSError, ValueError) as exc:
        ws.dialogs.error("New pattern", str(exc))
        return None
    ws.library.file_saved(path)
    return ws.open_file(path)


def duplicate_pattern(ws: Workspace, tab: DocumentTab) -> DocumentTab | None:
    """A new file with the current pattern's structure and text (unsaved edits included), new identity."""
    folder = ws.library.folder or (tab.doc.path.parent if tab.doc.path else None)
    if folder is None:
        ws.dialogs.error("Duplicate pattern", "Open a library folder first.")
        return None
    index = ws.library.index
    title = str((tab.doc.data or {}).get("title") or tab.doc.name) if isinstance(tab.doc.data, dict) else tab.doc.name
    answer = ws.dialogs.ask_new_pattern(Path(folder), [], index, duplicate_of=title)
    if answer is None or not answer.title:
        return None
    try:
        path = write_plan(plan_duplicate(tab.doc.text, folder, answer.title, index=index), index)
    except (PatternError, OSError, ValueError) as exc:
        ws.dialogs.error("Duplicate pattern", str(exc))
        return None
    ws.library.file_saved(path)
    return ws.open_file(path)
