"""File → History…: the commits that touched a pattern, newest first, to compare any two versions.

The list is read by ``git log`` on a worker thread, so a slow repository never freezes the editor;
when the folder is not a git repository, or git is missing, the dialog says so instead of a list.
Select one commit (compared with the working copy) or two (compared with each other) and press
Compare, or double-click a commit; the dialog emits ``compareRequested(old, new)`` with two
``Version``s and stays open (it is not modal).
"""

from __future__ import annotations

from pathlib import Path

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

from editor.model.diff.history import Commit, find_repo, history, read_at
from editor.model.diff.version import Version
from editor.model.document.split import decode
from editor.model.document.storage import read_bytes
from editor.model.errors import PatternError
from editor.ui.common.richtext import esc as _esc
from editor.ui.common.theme import icon
from editor.ui.common.worker import Worker

LOADING, LIST, MESSAGE = 0, 1, 2
LIMIT = 500  # commits listed; git log stops there


def commit_label(commit: Commit) -> str:
    """ "3f2a1bc · 2026-02-19 · alice": how a version from history is named in the compare window."""
    return f"{commit.short} · {commit.date:%Y-%m-%d} · {commit.author}"


class HistoryDialog(QDialog):
    compareRequested = Signal(object, object)  # Version (older), Version (newer or the working copy)
    reviewRequested = Signal(str)  # a commit's full hash: review every file it changed

    def __init__(self, path: Path, parent: QWidget | None = None, limit: int = LIMIT) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.limit = limit
        self.commits: list[Commit] = []
        self.setWindowTitle(f"History — {self.path.name}")
        self.setWindowIcon(icon("history"))
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(760, 460)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 12, 14, 12)
        lay.setSpacing(8)
        self.intro = intro = QLabel(
            f"Commits that changed <b>{_esc(self.path.name)}</b>, newest first. Select one to compare it with the "
            "working copy, or two to compare them with each other.",
            self,
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.pages = QStackedWidget(self)
        self.loading = QLabel("Reading the history…", self)
        self.loading.setObjectName("Hint")
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Date", "Author", "Message", "Commit"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setAccessibleName(f"Commits that changed {self.path.name}")
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.tree.itemActivated.connect(lambda item, _col: self.compare_with_working(self._commit(item)))
        self.message = QLabel(self)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.setContentsMargins(32, 0, 32, 0)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAccessibleName("History unavailable")
        for page in (self.loading, self.tree, self.message):
            self.pages.addWidget(page)
        lay.addWidget(self.pages, 1)
        self.status = QLabel(self)
        self.status.setObjectName("Hint")
        self.status.setWordWrap(True)
        lay.addWidget(self.status)
        buttons = QDialogButtonBox(self)
        self.compare_button = QPushButton(icon("compare"), "Compare", self)
        self.compare_button.setDefault(True)
        self.compare_button.setEnabled(False)
        self.compare_button.setToolTip("One commit: compare it with the working copy. Two: compare them.")
        self.compare_button.clicked.connect(self.compare_selected)
        buttons.addButton(self.compare_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.review_button = QPushButton(icon("compare"), "Review This Commit", self)
        self.review_button.setObjectName("review-commit")
        self.review_button.setEnabled(False)
        self.review_button.setToolTip("Every file the selected commit changed, with a roll-up, in the review window")
        self.review_button.clicked.connect(self.review_selected)
        buttons.addButton(self.review_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.close)
        lay.addWidget(buttons)
        # No parent: the worker outlives a dialog closed while git runs (its signals to the dialog
        # simply go away with it).
        self._worker = Worker("history")
        self._worker.finished.connect(self._loaded)
        self._worker.failed.connect(self._history_failed)
        self.reload()

    # ------------------------------------------------------------ loading

    def reload(self) -> None:
        """Read the history again, off the GUI thread."""
        self.intro.show()
        self.pages.setCurrentIndex(LOADING)
        self.compare_button.setEnabled(False)
        path, limit = self.path, self.limit
        self._worker.start(lambda _job: history(path, limit))

    @property
    def loaded(self) -> bool:
        return self.pages.currentIndex() != LOADING

    def _loaded(self, commits: list[Commit]) -> None:
        self.commits = commits
        self.tree.clear()
        if not commits:
            self._failed(f"{self.path.name} has no commits yet: commit it once to start its history.")
            return
        for commit in commits:
            item = QTreeWidgetItem([f"{commit.date:%Y-%m-%d %H:%M}", commit.author, commit.subject, commit.short])
            item.setData(0, Qt.ItemDataRole.UserRole, commit)
            tip = commit.message + (
                f"\n\n(then named {commit.path})" if commit.path and Path(commit.path).name != self.path.name else ""
            )
            for col in range(4):
                item.setToolTip(col, tip)
            self.tree.addTopLevelItem(item)
        self.pages.setCurrentIndex(LIST)
        self.tree.setCurrentItem(self.tree.topLevelItem(0))
        self.tree.setFocus()
        self.status.setText(
            f"{len(commits)} commit{'s' if len(commits) != 1 else ''}"
            + (f" (the newest {self.limit})" if len(commits) >= self.limit else "")
        )

    def _history_failed(self, exc: Exception) -> None:
        self._failed(exc.message if isinstance(exc, PatternError) else f"Could not read the history: {exc}")

    def _failed(self, message: str) -> None:
        self.message.setText(f"<p style='font-size:12pt; font-weight:600'>No history to show</p><p>{_esc(message)}</p>")
        self.intro.hide()
        self.pages.setCurrentIndex(MESSAGE)
        self.compare_button.setEnabled(False)
        self.status.setText("")

    # ------------------------------------------------------------ comparing

    def _commit(self, item: QTreeWidgetItem | None) -> Commit | None:
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def selected_commits(self) -> list[Commit]:
        """The selected commits, oldest first."""
        order = {c.rev: i for i, c in enumerate(self.commits)}
        chosen = [c for c in (self._commit(i) for i in self.tree.selectedItems()) if c is not None]
        return sorted(chosen, key=lambda c: order.get(c.rev, 0), reverse=True)

    def _selection_changed(self) -> None:
        n = len(self.tree.selectedItems())
        self.compare_button.setEnabled(n in (1, 2))
        self.review_button.setEnabled(n == 1)
        self.compare_button.setText("Compare with Working Copy" if n == 1 else "Compare")
        if n > 2:
            self.status.setText("Select one commit (compared with the working copy) or two.")

    def compare_selected(self) -> None:
        chosen = self.selected_commits()
        if len(chosen) == 1:
            self.compare_with_working(chosen[0])
        elif len(chosen) == 2:
            old, new = (self.version(c) for c in chosen)
            if old is not None and new is not None:
                self.compareRequested.emit(old, new)

    def review_selected(self) -> None:
        chosen = self.selected_commits()
        if len(chosen) == 1:
            self.reviewRequested.emit(chosen[0].rev)

    def compare_with_working(self, commit: Commit | None) -> None:
        if commit is None:
            return
        old = self.version(commit)
        if old is None:
            return
        try:
            text = decode(read_bytes(self.path), str(self.path))
        except PatternError as exc:
            self.status.setText(str(exc))
            return
        self.compareRequested.emit(old, Version("Working copy", text, self.path))

    def version(self, commit: Commit) -> Version | None:
        """The file as it was in ``commit`` (under its name then, when it was renamed since)."""
        repo = find_repo(self.path)
        where = repo.root / commit.path if repo is not None and commit.path else self.path
        try:
            text = read_at(where, commit.rev)
        except PatternError as exc:
            self.status.setText(str(exc))
            return None
        return Version(commit_label(commit), text, self.path, commit.rev)
