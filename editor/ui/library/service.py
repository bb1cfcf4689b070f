"""The open library for the window: the Qt-free index, mirrored to Qt signals, kept fresh.

The index is built off the GUI thread; the folder is watched and re-scanned (incrementally)
when files appear, change or disappear; the editor reports its own saves directly.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from editor.model.library.index import Entry, IndexChange, LibraryIndex
from editor.model.library.mentions import MentionIndex, mention_index
from editor.model.library.search import SearchIndex, searcher
from editor.model.query.store import QueryStore, query_store
from editor.ui.common.worker import Job, Worker


def build_index(index: LibraryIndex, _job: Job | None = None) -> LibraryIndex:
    """Off the GUI thread: build, and warm what the first keystroke and graph would pay for."""
    index.build()
    searcher(index).sync()
    index.inbound("")
    return index


def read_store(store: QueryStore, entries: list[Entry], _job: Job | None = None) -> tuple[QueryStore, dict]:
    """Off the GUI thread: every file's full frontmatter, for queries (the store adopts it later)."""
    return store, store.read_missing(entries)


def warm_mentions(mentions: MentionIndex, _job: Job | None = None) -> MentionIndex:
    """Off the GUI thread: the word index over every body (seconds at 10,000) for unlinked mentions."""
    mentions.refresh()
    return mentions


class LibraryService(QObject):
    rebuilt = Signal()  # the whole index changed (new folder, first build)
    changed = Signal(object)  # IndexChange: some entries changed
    failed = Signal(str)
    queriesReady = Signal()  # every file's data is read: queries answer without reading files
    mentionsReady = Signal()  # the bodies' word index is built: unlinked mentions answer quickly

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.index: LibraryIndex | None = None
        self.searcher: SearchIndex | None = None
        self.folder: Path | None = None
        self._worker = Worker("library")
        self._worker.finished.connect(self._built)
        self._worker.failed.connect(self._build_failed)
        self._store_worker = Worker("query-store")
        self._store_worker.finished.connect(self._store_read)
        self.mentions_warm = False  # the current index's mention index is built (``mentionsReady`` said so)
        self._mentions_started = False
        self._mention_worker = Worker("mentions", daemon=True)  # not waited for at exit: memory only
        self._mention_worker.finished.connect(self._mentions_warmed)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(lambda _p: self._refresh_timer.start())
        self._refresh_timer = QTimer(self, singleShot=True, interval=300)
        self._refresh_timer.timeout.connect(self.refresh)

    # ------------------------------------------------------------ loading

    def open(self, folder: str | Path, wait: bool = False) -> None:
        folder = Path(folder).resolve()
        self.folder = folder
        if self._watcher.directories():
            self._watcher.removePaths(self._watcher.directories())
        self._watcher.addPath(str(folder))
        index = LibraryIndex(folder)
        self._worker.start(partial(build_index, index))  # no reference to self: see ui/common/worker
        if wait:
            self._worker.wait()  # delivers the build, which starts reading the data for queries
            self._store_worker.wait()

    def _build_failed(self, exc: Exception) -> None:
        self.failed.emit(f"Could not read the library {self.folder}: {exc}")

    def _built(self, index: LibraryIndex) -> None:
        if self.folder is None or Path(index.folder).resolve() != self.folder:
            return  # a newer folder was opened meanwhile
        self.index = index
        self.mentions_warm = False
        self.searcher = searcher(index)
        index.subscribe(self._index_changed)
        self.rebuilt.emit()
        store = query_store(index)
        self._store_worker.start(partial(read_store, store, index.entries))
        self._mentions_started = False  # built when the Links panel first asks (warm_mentions)

    def warm_mentions(self) -> None:
        """Build the bodies' word index in the background, once per index: only the Links panel needs
        it, and at 10,000 files it costs seconds and ~40 MB, so an app that never shows the panel
        never pays (its thread would also slow the GUI while the library is being opened)."""
        if self.index is None or self._mentions_started:
            return
        self._mentions_started = True
        self._mention_worker.start(partial(warm_mentions, mention_index(self.index)))

    def _mentions_warmed(self, mentions: MentionIndex) -> None:
        if self.index is not None and mentions is mention_index(self.index):
            self.mentions_warm = True
            self.mentionsReady.emit()

    def wait_for_mentions(self) -> None:
        """Tests and screenshots: build the mention index now if nobody asked yet, and wait for it."""
        self.warm_mentions()
        self._mention_worker.wait()

    def _store_read(self, result: tuple[QueryStore, dict]) -> None:
        store, read = result
        if self.index is not None and store is query_store(self.index):
            store.adopt(read)
            self.queriesReady.emit()

    def data_of(self, file: str):
        """A file's frontmatter data from the warm store (read now if not kept); None if unreadable."""
        entry = self.index.by_path(file) if self.index is not None else None
        subject = query_store(self.index).subject(entry) if entry is not None else None
        return subject.data if subject is not None else None

    def wait_for_queries(self) -> None:
        """Tests and screenshots: block until the store is warm."""
        self._store_worker.wait()

    def select(self, query: str) -> list[Entry]:
        """The entries matching ``query`` (the query language); raises QueryError. Reads the few
        files the store does not hold yet."""
        return query_store(self.index).select(query) if self.index is not None else []

    def _index_changed(self, change: IndexChange) -> None:
        self.changed.emit(change)  # the search index follows the index by itself

    def refresh(self) -> None:
        if self.index is not None:
            self.index.refresh()

    def file_saved(self, path: str | Path) -> None:
        if self.index is not None and self.folder is not None and Path(path).resolve().parent == self.folder:
            self.index.update_file(path)

    def shutdown(self) -> None:
        self._worker.shutdown()
        self._store_worker.shutdown()
        self._mention_worker.cancel()  # its refresh cannot stop midway, and writes nothing: not waited for
        if self.index is not None:
            try:
                self.index.save_cache()  # refresh() does not write it, to keep folder events cheap
            except OSError:
                pass  # a cache that cannot be written only costs a cold start next time

    # ------------------------------------------------------------ queries (PatternLookup + Library)

    def entries(self) -> list[Entry]:
        return self.index.entries if self.index is not None else []

    def entry(self, slug: str) -> Entry | None:
        return self.index.get(slug) if self.index is not None else None

    def resolve(self, target: str) -> str | None:
        return self.index.resolve(target) if self.index is not None else None

    def title(self, slug: str) -> str | None:
        entry = self.entry(slug)
        return entry.display_title if entry is not None else None

    def path_for(self, slug: str) -> Path | None:
        entry = self.entry(slug)
        return Path(entry.path) if entry is not None else None

    def has_slug(self, slug: str) -> bool:
        return self.index is not None and self.index.has_slug(slug)

    def has_id(self, pattern_id: str) -> bool:
        return self.index is not None and self.index.has_id(pattern_id)

    def search(self, query: str, limit: int = 20) -> list[tuple[str, str]]:
        if not query.strip():
            ordered = sorted(self.entries(), key=lambda e: e.display_title.lower())
            return [(e.slug, e.display_title) for e in ordered[:limit]]
        if self.searcher is None:
            return []
        return [(hit.slug, hit.title) for hit in self.searcher.search(query, limit)]
