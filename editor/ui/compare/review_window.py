"""The review window: every changed file of a commit, a range or the working tree, one at a time.

File → Review Changes…, ``pattern-editor --review A..B`` and the History dialog's "Review This
Commit" open it. The review (``editor.model.diff.review``) and both sides of every pattern are read
on a worker; the GUI thread only lays them out. Left: the roll-up and the changed files with their
badges and a "reviewed" box (kept per range in the user's state folder); right: the compare view of
the selected file, the same ``CompareWindow`` as File → Compare, embedded. When the new side is the
working tree, each file's compare edits its document in the main window (opened in a tab when
needed), so "Take" — a change, a section or one paragraph — is one undo step there.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from editor.model.diff.gitbatch import BlobReader, repo_at
from editor.model.diff.report import RENDERERS
from editor.model.diff.review import FileReview, ReviewResult, review
from editor.model.diff.version import Version
from editor.model.document.split import decode
from editor.model.document.storage import atomic_write
from editor.model.errors import PatternError
from editor.ui.common.dialogs import Dialogs
from editor.ui.common.richtext import esc as _esc
from editor.ui.common.theme import colors, icon
from editor.ui.common.worker import Worker
from editor.ui.compare.review_list import FileList
from editor.ui.compare.review_state import ReviewedMarks, range_key
from editor.ui.compare.window import CompareWindow, editor_version

if TYPE_CHECKING:
    from editor.ui.document.controller import DocumentController
    from editor.ui.workspace.workspace import Workspace

EMPTY = "---\n---\n"  # the missing side of an added or deleted pattern: every field reads as added/removed
MESSAGE, LINES, COMPARE = 0, 1, 2
Target = Callable[[Path], "DocumentController | None"]


@dataclass
class Loaded:
    """What the worker hands back: the review, both sides of every pattern, the repository root."""

    result: ReviewResult
    root: Path
    texts: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # path -> (old, new)


def load(folder: Path, revs: list[str], paths: list[str] | None = None) -> Loaded:
    """Run on the worker: the review, then both sides of each pattern through one cat-file process."""
    result = review(folder, revs, paths)
    root = repo_at(folder).root
    patterns = [f for f in result.files if f.pattern]
    specs: list[str] = []
    for f in patterns:
        specs.append(f"{result.old_commit}:{f.old_path or f.path}" if f.status != "added" else "")
        specs.append(f"{result.new_commit}:{f.path}" if result.new_commit and f.status != "deleted" else "")
    wanted = [s for s in specs if s]
    with BlobReader(repo_at(root)) as reader:
        blobs = dict(zip(wanted, reader.read_many(wanted)))
    out = Loaded(result, root)
    for n, f in enumerate(patterns):
        old = blobs.get(specs[2 * n])
        new = blobs.get(specs[2 * n + 1])
        if not result.new_commit and f.status != "deleted":
            try:
                new = (root / f.path).read_bytes()
            except OSError:
                new = None
        out.texts[f.path] = (_text(old, f.old_path or f.path), _text(new, f.path))
    return out


def _text(data: bytes | None, name: str) -> str | None:
    if data is None:
        return None
    try:
        return decode(data, name)
    except PatternError:
        return data.decode("utf-8", "replace")


class ReviewWindow(QMainWindow):
    """The changed files on the left, the selected one compared on the right."""

    loaded = Signal()  # a review arrived (or failed): tests and the screenshot wait on it
    fileShown = Signal(str)  # the path now on the right

    def __init__(
        self,
        folder: str | os.PathLike,
        revs: list[str] | None = None,
        paths: list[str] | None = None,
        open_target: Target | None = None,
        dialogs: Dialogs | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("ReviewWindow")
        self.folder, self.paths, self.open_target = Path(folder), list(paths or []), open_target
        self.dialogs = dialogs or Dialogs(self)
        self.data: Loaded | None = None
        self.marks: ReviewedMarks | None = None
        self.compare: CompareWindow | None = None
        self.error = ""
        self._generation = 0
        self._worker = Worker("review")  # no parent: a closed window's late news simply goes nowhere
        self._worker.finished.connect(self._loaded)
        self._worker.failed.connect(self._failed)
        self._build()
        self.resize(1440, 900)
        self.start(revs or [])

    # ------------------------------------------------------------ building

    def _build(self) -> None:
        bar = QToolBar("Review", self)
        bar.setObjectName("review_toolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(bar)
        self.range_edit = QLineEdit(self)
        self.range_edit.setObjectName("review-range")
        self.range_edit.setPlaceholderText("working tree vs HEAD — or REV, A..B, A...B, A B")
        self.range_edit.setToolTip("The range to review; Enter reviews it")
        self.range_edit.setAccessibleName("Range to review")
        self.range_edit.setMaximumWidth(320)
        self.range_edit.returnPressed.connect(lambda: self.start(self.range_edit.text().split()))
        bar.addWidget(QLabel(" Range ", self))
        bar.addWidget(self.range_edit)
        bar.addSeparator()

        def action(text: str, name: str, icon_name: str, keys: list[str], tip: str) -> QAction:
            a = QAction(icon(icon_name), text, self)
            a.setObjectName(name)
            a.setShortcuts([QKeySequence(k) for k in keys])
            a.setToolTip(f"{tip} ({', '.join(keys)})" if keys else tip)
            bar.addAction(a)
            return a

        self.previous_file = action(
            "Previous File", "review-previous-file", "up", ["Ctrl+PgUp", "Alt+Up"], "Show the previous changed file"
        )
        self.next_file = action(
            "Next File", "review-next-file", "down", ["Ctrl+PgDown", "Alt+Down"], "Show the next changed file"
        )
        self.previous_file.triggered.connect(lambda: self.files.step(-1))
        self.next_file.triggered.connect(lambda: self.files.step(1))
        self.counter = QLabel(self)
        self.counter.setObjectName("review-counter")
        self.counter.setContentsMargins(12, 0, 12, 0)
        bar.addWidget(self.counter)
        bar.addSeparator()
        self.export_action = action(
            "Export Report…", "review-export", "save", ["Ctrl+Shift+E"], "Save the review as Markdown or HTML"
        )
        self.export_action.triggered.connect(self.export)
        self.reload_action = action("Review Again", "review-reload", "refresh", ["F5"], "Read the changes again")
        self.reload_action.triggered.connect(lambda: self.start(self.revs))
        close = QAction("Close", self)
        close.setShortcut(QKeySequence(QKeySequence.StandardKey.Close))
        close.triggered.connect(self.close)
        self.addAction(close)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setChildrenCollapsible(False)
        left = QWidget(split)
        lay = QVBoxLayout(left)
        lay.setContentsMargins(10, 10, 6, 6)
        lay.setSpacing(6)
        self.heading = QLabel(left)
        self.heading.setObjectName("review-heading")
        self.heading.setWordWrap(True)
        self.summary = QLabel(left)
        self.summary.setObjectName("review-summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.files = FileList(left)
        self.files.currentRowChanged.connect(self.show_file)
        self.files.reviewedChanged.connect(self._mark)
        for widget, stretch in ((self.heading, 0), (self.summary, 0), (self.files, 1)):
            lay.addWidget(widget, stretch)
        self.pages = QStackedWidget(split)
        self.message = QLabel(self.pages)
        self.message.setObjectName("Hint")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setContentsMargins(48, 48, 48, 48)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.lines = QPlainTextEdit(self.pages)
        self.lines.setObjectName("review-line-diff")
        self.lines.setReadOnly(True)
        self.lines.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.lines.setStyleSheet("font-family: monospace;")
        self.host = QWidget(self.pages)
        self.host_layout = QVBoxLayout(self.host)
        self.host_layout.setContentsMargins(0, 0, 0, 0)
        for page in (self.message, self.lines, self.host):
            self.pages.addWidget(page)
        split.addWidget(left)
        split.addWidget(self.pages)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([330, 1110])
        self.split = split
        self.setCentralWidget(split)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)  # busy: git and the comparisons report no steps
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.statusBar().addPermanentWidget(self.progress)

    # ------------------------------------------------------------ loading

    @property
    def busy(self) -> bool:
        return not self.progress.isHidden()

    def start(self, revs: list[str]) -> None:
        """Review ``revs`` (none: the working tree against HEAD) on the worker."""
        self.revs = list(revs)
        self.range_edit.setText(" ".join(self.revs))
        self._generation += 1
        generation, folder, paths, revs = self._generation, self.folder, self.paths, list(self.revs)
        self._drop_compare()
        self.files.show_files([], set())
        self.data, self.marks, self.error = None, None, ""
        shown = " ".join(self.revs) or "the working tree against HEAD"
        self.setWindowTitle(f"Review — {shown}")
        self.heading.setText(f"Reviewing {shown}…")
        self.summary.setText("")
        self._message(f"Reviewing {_esc(shown)}…")
        self.progress.show()
        self.statusBar().showMessage("Reviewing…")
        self._enable(False)
        self._worker.start(lambda _job: (generation, load(folder, revs, paths)))

    def wait(self, timeout: float | None = 60) -> bool:
        """Block until the review is read and shown (tests, screenshots)."""
        return self._worker.wait(timeout)

    def _loaded(self, answer: tuple[int, Loaded]) -> None:
        generation, data = answer
        if generation != self._generation:
            return  # a newer range was asked for meanwhile
        self.data, r = data, data.result
        self.progress.hide()
        self.statusBar().clearMessage()
        self.marks = ReviewedMarks(data.root, range_key(r))
        self.heading.setText(f"<b>{_esc(r.old)}</b> → <b>{_esc(r.new)}</b>   <span>({len(r.files)} files)</span>")
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.setWindowTitle(f"Review — {r.old} → {r.new} — {data.root.name}")
        muted = colors().muted
        lines = r.rollup.lines() if r.files else []
        self.summary.setText(
            "".join(f"<div style='color:{muted}'>• {_esc(line)}</div>" for line in lines)
            or f"<span style='color:{muted}'>No changes.</span>"
        )
        self.files.show_files(r.files, self.marks.paths)
        self._enable(bool(r.files))
        self._count()
        if r.files:
            self.files.setCurrentRow(0)
            self.files.setFocus()
        else:
            self._message("Nothing changed in this range.")
        self.loaded.emit()

    def _failed(self, exc: Exception) -> None:
        self.progress.hide()
        self.statusBar().clearMessage()
        self.error = exc.message if isinstance(exc, PatternError) else f"{type(exc).__name__}: {exc}"
        self.heading.setText("Could not review")
        self._message(f"<p style='font-weight:600'>Could not review this range</p><p>{_esc(self.error)}</p>")
        self.loaded.emit()

    def _enable(self, on: bool) -> None:
        for a in (self.previous_file, self.next_file, self.export_action):
            a.setEnabled(on)

    # ------------------------------------------------------------ one file

    def current_file(self) -> FileReview | None:
        row = self.files.currentRow()
        return self.files.files[row] if 0 <= row < len(self.files.files) else None

    def show_file(self, row: int) -> None:
        self._drop_compare()
        f = self.current_file()
        if f is None or self.data is None:
            return
        if not f.pattern:
            self._message(
                f"<p style='font-weight:600'>{_esc(f.path)}</p><p>is not a pattern file ({_esc(f.status)}); "
                "review it in your git tool.</p>"
            )
        elif f.line_diff is not None:
            notes = "\n".join(f"# {n}" for n in f.not_compared)
            self.lines.setPlainText(f"# Not compared as a pattern (a side does not parse):\n{notes}\n\n{f.line_diff}")
            self.pages.setCurrentIndex(LINES)
        else:
            self._compare(f)
        self.fileShown.emit(f.path)

    def _compare(self, f: FileReview) -> None:
        assert self.data is not None
        r, root = self.data.result, self.data.root
        old_text, new_text = self.data.texts.get(f.path, (None, None))
        old = Version(r.old, old_text or EMPTY, root / (f.old_path or f.path), r.old_commit)  # the list names the file
        new = Version(r.new, new_text or EMPTY, root / f.path, r.new_commit or None)
        target = None
        working = not r.new_commit and f.status not in ("added", "deleted")
        if working and self.open_target is not None:
            target = self.open_target(root / f.path)
        if target is not None:
            new = editor_version(target, "Working tree")
        self.compare = CompareWindow(old, new, target, self.dialogs, self.host)
        self.compare.setWindowFlags(Qt.WindowType.Widget)  # embedded: a page, not a window of its own
        for a in self.compare.actions():
            if a.objectName() == "compare-close":
                self.compare.removeAction(a)
        self.compare.destroyed.connect(self._compare_gone)
        self.host_layout.addWidget(self.compare)
        self.compare.show()
        self.pages.setCurrentIndex(COMPARE)

    def _compare_gone(self) -> None:
        """Its document's tab was closed (the compare closes with it)."""
        self.compare = None
        if self.pages.currentIndex() == COMPARE:
            self._message("The pattern's tab was closed. Select the file again to compare it.")

    def _drop_compare(self) -> None:
        if self.compare is not None:
            compare, self.compare = self.compare, None
            compare.destroyed.disconnect(self._compare_gone)
            self.host_layout.removeWidget(compare)
            compare.close()  # deletes it (WA_DeleteOnClose) and lets go of its document

    def _message(self, html: str) -> None:
        self.message.setText(html)
        self.pages.setCurrentIndex(MESSAGE)

    # ------------------------------------------------------------ reviewed marks

    def _mark(self, path: str, reviewed: bool) -> None:
        if self.marks is not None:
            self.marks.set(path, reviewed)
        self._count()

    def reviewed_count(self) -> tuple[int, int]:
        patterns = [f.path for f in self.files.files if f.pattern]
        done = sum(1 for p in patterns if self.marks is not None and p in self.marks)
        return done, len(patterns)

    def _count(self) -> None:
        done, total = self.reviewed_count()
        self.counter.setText(f"{done} of {total} reviewed" if total else "")
        self.counter.setAccessibleName(self.counter.text())

    # ------------------------------------------------------------ export

    def export(self) -> str | None:
        """Save the report (Markdown, or HTML for a .html name) where the user says."""
        if self.data is None:
            return None
        start = str(self.data.root / "review.md")
        name = self.dialogs.save_file_as("Export review report", start, "Markdown (*.md);;HTML (*.html *.htm)")
        if not name:
            return None
        path = Path(name)
        fmt = "html" if path.suffix.lower() in (".html", ".htm") else "markdown"
        try:
            atomic_write(path, RENDERERS[fmt](self.data.result).encode("utf-8"))
        except (OSError, PatternError) as exc:
            self.dialogs.error("Export review report", f"Could not write {path}: {exc}")
            return None
        self.statusBar().showMessage(f"Wrote the review to {path}", 6000)
        return str(path)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._generation += 1  # news of a running review is dropped
        self._worker.cancel()
        self._drop_compare()
        super().closeEvent(event)


# ---------------------------------------------------------------- opening it


def open_review(
    folder: str | os.PathLike,
    revs: list[str] | None = None,
    workspace: Workspace | None = None,
    dialogs: Dialogs | None = None,
    parent: QWidget | None = None,
    paths: list[str] | None = None,
) -> ReviewWindow:
    """A review window over ``parent``; with a workspace, a working-tree file's compare edits its
    tab (opened without taking the focus when needed), so takes are undoable and saved as usual."""

    def target(path: Path) -> DocumentController | None:
        if workspace is None:
            return None
        tab = workspace.tab_for(path) or workspace.open_file(path, focus=False)
        return tab.controller if tab is not None else None

    window = ReviewWindow(folder, revs, paths, target if workspace is not None else None, dialogs, parent)
    window.show()
    window.raise_()
    return window
