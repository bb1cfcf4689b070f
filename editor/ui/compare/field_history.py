"""History of this field…: every change of one field's value across the file's history.

Opened from a form field's context menu (``editor.ui.form.base.FieldMenu``). The changes come from
``editor.model.diff.blame.field_history`` (one ``git log --follow``, one ``cat-file --batch``),
read on a worker thread; outside a repository, or without git, the dialog says so. Newest first:
commit, date, author, summary, old → new. Double-click a change (or press Compare) to open the
compare window on that commit's change of the whole file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor.model.diff.blame import Change, field_history
from editor.model.diff.history import find_repo, read_at
from editor.model.diff.version import Version
from editor.model.document.split import decode
from editor.model.document.storage import read_bytes
from editor.model.errors import PatternError
from editor.ui.common.richtext import esc
from editor.ui.common.theme import icon
from editor.ui.common.worker import Worker
from editor.ui.compare.window import compare_from_history

LOADING, LIST, MESSAGE = 0, 1, 2
COLUMNS = ["Commit", "Date", "Author", "Summary", "Old → new"]


def show(value: Any) -> str:
    """A value on one line: scalars plain, lists and maps in flow YAML, a missing value as —."""
    if value is None:
        return "—"
    if isinstance(value, (dict, list)):
        text = yaml.safe_dump(value, default_flow_style=True, sort_keys=False, allow_unicode=True, width=10**6)
        return text.strip().removesuffix("...").strip()
    text = str(value)
    return text if len(text) <= 120 else text[:117] + "…"


def change_label(change: Change) -> str:
    return f"{change.short} · {change.date[:10]} · {change.author}" if change.committed else "Not committed yet"


class FieldHistoryDialog(QDialog):
    compareRequested = Signal(object, object)  # Version before the commit, Version after it

    def __init__(self, file: Path, field_path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.file = Path(file)
        self.field_path = field_path
        self.changes: list[Change] = []
        self.setObjectName("field-history")
        self.setWindowTitle(f"History of {field_path} — {self.file.name}")
        self.setWindowIcon(icon("history"))
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(900, 460)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 12, 14, 12)
        lay.setSpacing(8)
        self.intro = QLabel(
            f"Each commit that changed the value of <b><code>{esc(field_path)}</code></b> in "
            f"<b>{esc(self.file.name)}</b>, newest first. Double-click one to compare the file before and "
            "after it.",
            self,
        )
        self.intro.setWordWrap(True)
        lay.addWidget(self.intro)
        self.pages = QStackedWidget(self)
        self.loading = QLabel("Reading the history…", self)
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("field-history-list")
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setStyleSheet("QTreeView::item { padding: 3px 2px; }")
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setAccessibleName(f"Changes of {field_path}")
        header = self.tree.header()
        header.setStretchLastSection(True)
        for col in range(4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemActivated.connect(lambda item, _col: self.compare(self._change(item)))
        self.tree.itemSelectionChanged.connect(
            lambda: self.compare_button.setEnabled(bool(self.tree.selectedItems()) and self.loaded)
        )
        self.message = QLabel(self)
        self.message.setObjectName("field-history-message")
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setContentsMargins(32, 0, 32, 0)
        for page in (self.loading, self.tree, self.message):
            self.pages.addWidget(page)
        lay.addWidget(self.pages, 1)
        self.status = QLabel(self)
        self.status.setObjectName("Hint")
        self.status.setWordWrap(True)
        lay.addWidget(self.status)
        buttons = QDialogButtonBox(self)
        self.compare_button = QPushButton(icon("compare"), "Compare Before and After", self)
        self.compare_button.setEnabled(False)
        self.compare_button.clicked.connect(lambda: self.compare(self._change(self.tree.currentItem())))
        buttons.addButton(self.compare_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close).clicked.connect(self.close)
        lay.addWidget(buttons)
        self._worker = Worker("field-history")  # no parent: it may outlive a dialog closed meanwhile
        self._worker.finished.connect(self._loaded)
        self._worker.failed.connect(self._failed)
        file, path = self.file, field_path
        self._worker.start(lambda _job: field_history(file, path))

    @property
    def loaded(self) -> bool:
        return self.pages.currentIndex() != LOADING

    # ------------------------------------------------------------ results

    def _loaded(self, changes: list[Change]) -> None:
        self.changes = changes
        self.tree.clear()
        if not changes:
            self._say(f"No commit changed {self.field_path}: it has no value in any version that parses.")
            return
        for change in changes:
            date = change.date[:16].replace("T", " ") if change.committed else ""
            short = change.short if change.committed else "—"
            row = [short, date, change.author, change.summary, f"{show(change.old)}  →  {show(change.new)}"]
            item = QTreeWidgetItem(row)
            item.setData(0, Qt.ItemDataRole.UserRole, change)
            item.setToolTip(4, f"{show(change.old)}\n→\n{show(change.new)}")
            item.setToolTip(0, change.commit)
            self.tree.addTopLevelItem(item)
        self.pages.setCurrentIndex(LIST)
        self.tree.setCurrentItem(self.tree.topLevelItem(0))
        n = len(changes)
        self.status.setText(f"{n} change{'s' if n != 1 else ''} of this value")

    def _failed(self, exc: Exception) -> None:
        self._say(exc.message if isinstance(exc, PatternError) else f"Could not read the history: {exc}")

    def _say(self, text: str) -> None:
        self.message.setText(f"<p style='font-size:12pt; font-weight:600'>No history to show</p><p>{esc(text)}</p>")
        self.intro.hide()
        self.pages.setCurrentIndex(MESSAGE)
        self.compare_button.setEnabled(False)

    def _change(self, item: QTreeWidgetItem | None) -> Change | None:
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    # ------------------------------------------------------------ comparing

    def versions(self, change: Change) -> tuple[Version, Version] | None:
        """The file just before ``change``'s commit and just after it."""
        repo = find_repo(self.file)
        if repo is None:
            return None
        try:
            if change.committed:
                text = read_at(repo.root / change.file, change.commit)
                new = Version(change_label(change), text, self.file, change.commit)
            else:
                new = Version("Working copy", decode(read_bytes(self.file), str(self.file)), self.file)
            if change.before is None:
                self.status.setText("The file was added in this commit: there is no earlier version to compare.")
                return None
            old_text = read_at(repo.root / (change.before_file or change.file), change.before)
        except PatternError as exc:
            self.status.setText(str(exc))
            return None
        return Version(f"{change.before[:8]} (before)", old_text, self.file, change.before), new

    def compare(self, change: Change | None) -> None:
        if change is None:
            return
        pair = self.versions(change)
        if pair is not None:
            self.compareRequested.emit(*pair)


def open_field_history(workspace, controller, field_path: str) -> FieldHistoryDialog | None:
    """``Workspace.show_field_history``: the dialog over the window; its compare windows edit the
    file's tab when they compare with the working copy."""
    if not any(t.controller is controller for t in workspace.document_tabs()):
        return None  # a field of another window's tab: that window's workspace answers
    file = controller.doc.path
    if file is None:
        workspace.dialogs.info("History of this field", "Save the pattern first: its history comes from git.")
        return None
    dialog = FieldHistoryDialog(file, field_path, workspace.parent_widget)

    def compare(old: Version, new: Version) -> None:
        tab = workspace.tab_for(file) or workspace.open_file(file)
        compare_from_history(old, new, tab.controller if tab else None, workspace.dialogs, workspace.parent_widget)

    dialog.compareRequested.connect(compare)
    dialog.show()
    return dialog


__all__ = ["FieldHistoryDialog", "open_field_history", "show"]
