"""Recovery snapshots of unsaved work, kept so a crash loses at most the last moments of typing.

A snapshot waits for a pause in typing (its fsync, 2-12 ms measured, never lands between two
keys), and comes at least every RECOVERY_MAX_WAIT_MS while typing never pauses."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QTimer, Signal

from editor.model.document.document import Document
from editor.model.document.recovery import RecoveryStore
from editor.model.errors import PatternError

RECOVERY_DELAY_MS = 400
RECOVERY_MAX_WAIT_MS = 2000


class RecoverySnapshots(QObject):
    failed = Signal(str)  # a snapshot could not be written: the edit is only in memory

    def __init__(
        self, store: RecoveryStore, documents: Callable[[], Iterable[Document]], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self._documents = documents
        self.pause = QTimer(self, singleShot=True, interval=RECOVERY_DELAY_MS)
        self.pause.timeout.connect(self.keep)
        self.deadline = QTimer(self, singleShot=True, interval=RECOVERY_MAX_WAIT_MS)
        self.deadline.timeout.connect(self.flush)

    def schedule(self) -> None:
        self.pause.start()  # (re)started by every edit: the snapshot follows a pause
        if not self.deadline.isActive():
            self.deadline.start()

    def flush(self) -> None:
        """Take the pending snapshot now (on quit), rather than lose the last moments of typing."""
        if self.pause.isActive():
            self.pause.stop()
            self.keep()

    def keep(self) -> None:
        self.deadline.stop()
        for doc in self._documents():
            if doc.path is None:
                continue
            if doc.dirty:
                digest = doc.stamp.digest if doc.stamp else hashlib.sha256(doc.saved_text.encode()).hexdigest()
                try:
                    self.store.keep(str(doc.path), doc.text, digest)
                except PatternError as exc:  # best effort: the edit is still in memory, but say so
                    self.failed.emit(str(exc))
            else:
                self.store.discard(str(doc.path))

    def discard(self, path) -> None:
        if path is not None:
            self.store.discard(str(path))
