"""File → Get a Library…: ask where from and where to, copy it off the GUI thread, open it.

The copy runs in a ``SyncTask`` (which asks for a token or to trust a server when needed) with a
small progress window beside the main window, never modal: the window stays usable, and Cancel
stops the copy and removes what was half-made (``editor.model.sync.clone``). One copy at a time.
On success the library's pattern folder opens through the window's own ``open_folder`` (which
remembers it as the last and a recent folder; open tabs stay open, so no edit is lost).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QProgressBar, QVBoxLayout, QWidget

from editor.model.sync.clone import CloneResult, clone
from editor.model.sync.errors import Cancelled
from editor.model.sync.repo import is_pattern_path
from editor.ui.sync.get_dialog import GetLibraryAnswer, default_parent
from editor.ui.sync.runner import SyncTask, message_for

MESSAGE_MS = 10_000


class GetProgress(QDialog):
    """The copy's progress and its Cancel button; closing it (or Esc) cancels too."""

    cancelRequested = Signal()

    def __init__(self, source: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sync:getting")
        self.setWindowTitle("Getting the Library")
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.headline = QLabel(f"Getting the library from {source}", self)
        self.headline.setWordWrap(True)
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        self.bar = QProgressBar(self, objectName="sync:progress")
        self.bar.setRange(0, 0)  # busy until the server says how much there is
        self.bar.setTextVisible(False)
        self.bar.setAccessibleName("Progress")
        self.detail = QLabel("Connecting…", self, objectName="sync:progress-text")
        self.detail.setAccessibleName("Progress")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("sync:progress-cancel")
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.setSpacing(10)
        lay.addWidget(self.headline)
        lay.addWidget(self.bar)
        lay.addWidget(self.detail)
        lay.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self._best = (0, 0)  # the furthest (done, total): received and indexed counts interleave

    def show_progress(self, done: int, total: int) -> None:
        if total <= 0 or not self.cancel_button.isEnabled():
            return  # nothing known yet, or cancelling: keep saying so
        best_done, best_total = self._best
        done = max(done, best_done) if total == best_total else done
        self._best = (done, total)
        self.bar.setRange(0, total)
        self.bar.setValue(min(done, total))
        if done >= total:
            self.bar.setRange(0, 0)  # all received: the files are being written out
            self.detail.setText("Writing out the patterns…")
        else:
            self.detail.setText(f"Receiving {done:,} of {total:,} pieces of the library ({done * 100 // total}%)…")

    def cancelling(self) -> None:
        self.cancel_button.setEnabled(False)
        self.bar.setRange(0, 0)
        self.detail.setText("Cancelling… (removing what was copied so far)")

    def reject(self) -> None:  # Cancel, Esc: the run cancels, and this stays up until the copy has stopped
        self.cancelRequested.emit()

    def closeEvent(self, event) -> None:
        event.ignore()
        self.cancelRequested.emit()


class GetLibrary(QObject):
    """One Get a Library run: the task, its progress window, and what happens at the end."""

    def __init__(self, window, answer: GetLibraryAnswer) -> None:
        super().__init__(window)
        self.window = window
        self.answer = answer
        self.result: CloneResult | None = None
        self.error: BaseException | None = None
        self.done = False
        self.task = SyncTask(window.dialogs, window.settings, self)
        self.progress = GetProgress(answer.source, window)
        self.progress.cancelRequested.connect(self.cancel)
        self.task.progress.connect(self.progress.show_progress)
        self.task.succeeded.connect(self._succeeded)
        self.task.failed.connect(self._failed)
        self.task.finished.connect(self._finished)

    def start(self) -> None:
        a = self.answer
        QApplication.instance().aboutToQuit.connect(self.cancel)  # quitting stops the copy and removes it
        self.progress.show()
        self.window.statusBar().showMessage(f"Getting the library from {a.source}…")
        self.task.start(lambda auth, progress, cancelled: clone(a.source, a.dest, auth, progress, cancelled, a.depth))

    def cancel(self) -> None:
        if self.task.running:
            self.progress.cancelling()
            self.task.cancel()

    def _succeeded(self, result: CloneResult) -> None:
        self.result = result
        window = self.window
        where = short_path(result)

        def say(count: int) -> None:
            window.statusBar().showMessage(f"Got the library: {patterns(count)} in {where}", MESSAGE_MS)

        def built() -> None:  # after the window's own "Library: N patterns" message, with the index's count
            window.library.rebuilt.disconnect(built)
            if window.library.folder == result.library.resolve():
                say(len(window.library.entries()))

        window.library.rebuilt.connect(built)
        window.open_folder(result.library)
        _close_welcome(window)
        say(sum(1 for p in result.library.glob("*.md") if is_pattern_path(p.name)))

    def _failed(self, exc: BaseException) -> None:
        self.error = exc
        if isinstance(exc, Cancelled):
            self.window.statusBar().showMessage("Getting the library was cancelled; nothing was kept.", MESSAGE_MS)
            return
        self.window.statusBar().clearMessage()
        self.progress.hide()
        self.window.dialogs.error("Could not get the library", message_for(exc))

    def _finished(self) -> None:
        self.done = True
        QApplication.instance().aboutToQuit.disconnect(self.cancel)
        self.progress.hide()
        self.progress.deleteLater()
        if getattr(self.window, "get_library_run", None) is self:
            self.window.get_library_run = None
        self.deleteLater()


def patterns(count: int) -> str:
    return f"{count:,} pattern{'' if count == 1 else 's'}"


def short_path(result: CloneResult) -> str:
    """``…/library/_patterns``: the library's own folder and the pattern folder inside it."""
    try:
        inside = result.library.relative_to(result.root)
    except ValueError:
        return str(result.library)
    return str(Path("…", result.root.name, inside)) if inside.parts else str(Path("…", result.root.name))


def get_library(window) -> GetLibrary | None:
    """Ask, then copy and open; returns the run (tests wait on ``.done``), or None when not started."""
    running: GetLibrary | None = getattr(window, "get_library_run", None)
    if running is not None and not running.done:
        running.progress.raise_()
        running.progress.activateWindow()
        window.statusBar().showMessage("A library is already being got: wait for it, or cancel it.", MESSAGE_MS)
        return None
    answer = window.dialogs.ask_get_library(str(default_parent()))
    if answer is None:
        return None
    run = window.get_library_run = GetLibrary(window, answer)
    run.start()
    return run


def _close_welcome(window) -> None:
    """The welcome page speaks of the sample library: once a real one is open it is done with."""
    tabs = window.workspace.tabs
    for i in range(tabs.count()):
        if tabs.widget(i).objectName() == "welcome":
            window.workspace.close_tab(i)
            return
