"""The warm half of the library for queries: each indexed file's full frontmatter data.

The library index keeps a few fields per file; a query may ask any dotted path. The store reads
a file's whole frontmatter the first time it is needed (``warm()`` reads them all, off the GUI
thread) and keeps it while the file's size and mtime_ns match its index entry, so the index's
own refresh decides what is stale: no second watcher, no second scan.

Qt-free and not thread-safe, like the index it follows: warm it in the index's worker, then
use it from one thread.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from editor.model.errors import PatternError
from editor.model.library.index import Entry, LibraryIndex
from editor.model.query.evaluate import Subject, compile_query
from editor.model.query.load import read_subject

_EXTRA = "query-store"


class QueryStore:
    """Subjects for ``index``'s entries, by file name, each valid for one (size, mtime_ns)."""

    def __init__(self, index: LibraryIndex) -> None:
        self.index = index
        self._subjects: dict[str, tuple[int, int, Subject | None]] = {}
        self._compiled: dict[str, Callable[[Subject], bool]] = {}
        self._ids: dict[str, str] | None = None
        self._pairs: list[tuple[Entry, Subject]] | None = None  # every readable entry with its data, in order
        index.subscribe(self._changed)

    def _changed(self, change: Any) -> None:
        self._compiled.clear()  # links:SLUG closures hold the id map of their time
        self._ids = None
        self._pairs = None
        for path in change.removed:
            self._subjects.pop(os.path.basename(path), None)

    def subject(self, entry: Entry) -> Subject | None:
        """The file's full data, read now if not kept; None for a file that does not parse."""
        if entry.error is not None:
            return None
        kept = self._subjects.get(entry.name)
        if kept is not None and kept[0] == entry.size and kept[1] == entry.mtime_ns:
            return kept[2]
        try:
            subject: Subject | None = read_subject(entry.path)
        except PatternError:
            subject = None  # changed under us into something unreadable: the next refresh reports it
        self._subjects[entry.name] = (entry.size, entry.mtime_ns, subject)
        return subject

    def warm(self) -> int:
        """Read every file not kept yet; returns how many were read."""
        read = self.read_missing(self.index.entries)
        self.adopt(read)
        return len(read)

    def read_missing(self, entries: list[Entry]) -> dict[str, tuple[int, int, Subject | None]]:
        """The subjects of ``entries`` not kept yet, touching nothing of the store: safe to run in a
        worker thread while the GUI thread queries; ``adopt`` the result on the store's thread."""
        out = {}
        for entry in entries:
            kept = self._subjects.get(entry.name)
            if entry.error is None and not (kept and kept[0] == entry.size and kept[1] == entry.mtime_ns):
                try:
                    subject: Subject | None = read_subject(entry.path)
                except PatternError:
                    subject = None
                out[entry.name] = (entry.size, entry.mtime_ns, subject)
        return out

    def adopt(self, read: dict[str, tuple[int, int, Subject | None]]) -> None:
        """Keep what ``read_missing`` read, unless the file changed again meanwhile."""
        for name, kept in read.items():
            entry = self.index.by_path(name)
            if entry is not None and entry.size == kept[0] and entry.mtime_ns == kept[1]:
                self._subjects[name] = kept
        self._pairs = None

    @property
    def warmed(self) -> bool:
        return all(
            (k := self._subjects.get(e.name)) is not None and k[0] == e.size and k[1] == e.mtime_ns
            for e in self.index.entries
            if e.error is None
        )

    def id_map(self) -> dict[str, str]:
        """``pat_`` id -> slug, from the index (for ``links:`` over the older layout's id lists)."""
        if self._ids is None:
            self._ids = {e.id: e.slug for e in self.index.entries if e.id}
        return self._ids

    def matcher(self, query: str) -> Callable[[Subject], bool]:
        """The compiled query (kept for the index's current state); raises QueryError."""
        found = self._compiled.get(query)
        if found is None:
            if len(self._compiled) > 64:
                self._compiled.clear()
            found = self._compiled[query] = compile_query(query, self.id_map())
        return found

    def select(self, query: str, entries: list[Entry] | None = None) -> list[Entry]:
        """The entries (default: the whole index, in file-name order) that match ``query``.
        Unparseable files never match. Raises QueryError for a bad query."""
        matches = self.matcher(query)
        if entries is None:
            return [entry for entry, subject in self.pairs() if matches(subject)]
        out = []
        for entry in entries:
            subject = self.subject(entry)
            if subject is not None and matches(subject):
                out.append(entry)
        return out

    def pairs(self) -> list[tuple[Entry, Subject]]:
        """Every readable entry with its data, kept until the index changes (a query over 10,000
        files then costs what a list comprehension over their dicts does)."""
        if self._pairs is None:
            pairs = []
            for entry in self.index.entries:
                subject = self.subject(entry)
                if subject is not None:
                    pairs.append((entry, subject))
            self._pairs = pairs
        return self._pairs


def query_store(index: LibraryIndex) -> QueryStore:
    """The index's store, made on first use and kept with the index."""
    store = index.extras.get(_EXTRA)
    if store is None:
        store = index.extras[_EXTRA] = QueryStore(index)
    return store
