"""Watching the files behind the open patterns.

An atomic save replaces the file, and a replaced or deleted file drops out of the watch list, so
every change re-adds its watch (after a moment when the file is briefly gone)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal


class FileWatch(QObject):
    changed = Signal(str)  # a watched file that exists changed on disk

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self.file_changed)

    def files(self) -> list[str]:
        return self.watcher.files()

    def add(self, path: Path) -> None:
        self.watcher.addPath(str(path))

    def remove(self, path: Path) -> None:
        self.watcher.removePath(str(path))

    def follow(self, old_path: Path | None, path: Path) -> None:
        """Watch the file a document now lives in (an atomic replace drops the old watch too)."""
        if old_path is not None and old_path != path:
            self.watcher.removePath(str(old_path))
        if str(path) in self.watcher.files():
            self.watcher.removePath(str(path))
        self.watcher.addPath(str(path))

    def file_changed(self, name: str) -> None:
        if not Path(name).exists():  # mid-replace: look again once the new file is in place
            QTimer.singleShot(200, self, lambda: self._readd(name))
            return
        self._readd(name)
        self.changed.emit(name)

    def _readd(self, name: str) -> None:
        if Path(name).exists() and name not in self.watcher.files():
            self.watcher.addPath(name)
