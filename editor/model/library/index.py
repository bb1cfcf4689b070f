"""The library index: one small record per pattern file in a folder, kept fresh and cached.

Each file is read by ``reader.read_entry`` into an ``Entry`` (``entry.py``); broken files are
kept as entries with their error. Large cold builds spread the parsing over processes; a cache
file per folder (``cache.py``, keyed per file by name, size and mtime_ns) makes the next start a
folder scan.

Qt-free. Not thread-safe: use one index from one thread (the UI's worker or its main thread)
and post the observer's notifications across threads yourself.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from editor.model.errors import PatternError
from editor.model.library.cache import cache_file, load_cache, write_cache
from editor.model.library.entry import Entry, Link, broken
from editor.model.library.reader import read_entry

__all__ = ["BuildStats", "Entry", "IndexChange", "LibraryIndex", "Link", "Observer", "read_entry"]

POOL_THRESHOLD = 1500  # files to parse before a process pool pays for its start-up (measured ~0.2 s)
# A frozen app's spawned workers re-run the executable: it must call multiprocessing.freeze_support()
# first thing in main() and then set this to True, or a worker would open a second window.
FROZEN_POOL = False


@dataclass(frozen=True)
class IndexChange:
    """What one build/refresh/update changed. ``slugs`` covers old and new slugs of every file touched."""

    added: frozenset[str] = frozenset()  # file paths
    changed: frozenset[str] = frozenset()
    removed: frozenset[str] = frozenset()
    slugs: frozenset[str] = frozenset()

    @property
    def paths(self) -> frozenset[str]:
        return self.added | self.changed | self.removed

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


@dataclass
class BuildStats:
    files: int = 0
    parsed: int = 0  # files read and parsed in this build
    reused: int = 0  # files taken from the cache
    workers: int = 1
    seconds: float = 0.0
    cache: str = "none"  # "none" | "loaded" | "ignored (<why>)"


Observer = Callable[[IndexChange], None]


def _read_many(folder: str, items: list[tuple[str, int, int]]) -> list[tuple]:
    """Worker entry point: index ``(name, size, mtime_ns)`` files; tuples cross the process boundary."""
    with _gc_paused():
        return [read_entry(os.path.join(folder, name), size, mtime).to_tuple() for name, size, mtime in items]


def _main_importable() -> bool:
    """Spawned workers re-import ``__main__`` from its file; code run from stdin has none to import."""
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    return path is None or os.path.exists(path)


class LibraryIndex:
    """Every ``*.md`` directly in ``folder``, by slug, id and path, with inbound links.

    ``build()`` once (from the cache when it can), then ``refresh()`` after the folder changed,
    or ``update_file()`` / ``remove_file()`` for a file the editor itself wrote or deleted, and
    ``save_cache()`` when closing the library. Satisfies ``validation.Library``.
    """

    def __init__(
        self,
        folder: str | Path,
        cache_dir: str | Path | None = None,
        *,
        use_cache: bool = True,
        workers: int | None = None,
    ) -> None:
        self.folder = Path(folder).resolve()  # one spelling, as the cache is keyed by it
        self._cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.use_cache = use_cache
        self.workers = workers  # None: decide from the file count and os.cpu_count()
        self._entries: dict[str, Entry] = {}  # by file name
        self._slug_owners: dict[str, list[str]] = {}
        self._id_owners: dict[str, list[str]] = {}
        self._inbound: dict[str, list[str]] | None = None  # raw target -> names of files linking to it; lazy
        self._observers: list[Observer] = []
        self._cache_dirty = False
        self.stats = BuildStats()
        self.extras: dict[str, Any] = {}  # structures derived from the index (search, graph) cache themselves here

    # ------------------------------------------------------------ reading

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(list(self._entries.values()))

    def __contains__(self, slug: object) -> bool:
        return slug in self._slug_owners

    @property
    def entries(self) -> list[Entry]:
        """All entries in file-name order, unparseable ones included."""
        return list(self._entries.values())

    def get(self, slug: str) -> Entry | None:
        owners = self._slug_owners.get(slug)
        return self._entries[owners[0]] if owners else None

    def by_path(self, path: str | Path) -> Entry | None:
        return self._entries.get(Path(path).name)

    def owners(self, slug: str) -> list[Entry]:
        """Every file claiming ``slug`` (more than one is a duplicate-slug error)."""
        return [self._entries[n] for n in self._slug_owners.get(slug, ())]

    def id_owners(self, pattern_id: str) -> list[Entry]:
        return [self._entries[n] for n in self._id_owners.get(pattern_id, ())]

    def has_slug(self, slug: str) -> bool:
        return slug in self._slug_owners

    def has_id(self, pattern_id: str) -> bool:
        return pattern_id in self._id_owners

    def resolve(self, target: str) -> str | None:
        """The slug a link target names: a slug, or (older flat layout) a ``pat_`` id."""
        if target in self._slug_owners:
            return target
        owners = self._id_owners.get(target)
        return self._entries[owners[0]].slug if owners else None

    def outbound(self, slug: str, inferred: bool = True) -> list[Link]:
        entry = self.get(slug)
        if entry is None:
            return []
        return [link for link in entry.links() if inferred or not link.inferred]

    def inbound(self, slug: str, inferred: bool = True) -> list[Link]:
        """Links from other files (and the file itself) to ``slug``, by slug or by its id."""
        keys = {slug}
        entry = self.get(slug)
        if entry is not None and entry.id:
            keys.add(entry.id)
        inbound = self._inbound_map()
        out: list[Link] = []
        for name in dict.fromkeys(n for key in keys for n in inbound.get(key, ())):
            source = self._entries[name]
            out.extend(Link(source.slug, t, kind, w, False) for kind, t, w in source.relationships if t in keys)
            if inferred:
                out.extend(Link(source.slug, t, kind, w, True) for kind, t, w in source.inferred if t in keys)
        out.sort(key=lambda link: (link.source, link.inferred, link.type or "", link.target))
        return out

    def referrers(self, target: str) -> list[Entry]:
        """Files whose relationships or inferred links name ``target`` exactly as written (slug or id)."""
        return [self._entries[n] for n in dict.fromkeys(self._inbound_map().get(target, ()))]

    def links(self, inferred: bool = True) -> Iterator[Link]:
        for entry in self._entries.values():
            for link in entry.links():
                if inferred or not link.inferred:
                    yield link

    def dangling(self, inferred: bool = True) -> list[Link]:
        """Links whose target is in no file of the library."""
        slugs, ids = self._slug_owners, self._id_owners
        out = []
        for entry in self._entries.values():
            for rel_type, target, weight in entry.relationships:
                if target not in slugs and target not in ids:
                    out.append(Link(entry.slug, target, rel_type, weight, False))
            if inferred:
                for rel_type, target, confidence in entry.inferred:
                    if target not in slugs and target not in ids:
                        out.append(Link(entry.slug, target, rel_type, confidence, True))
        return out

    def _inbound_map(self) -> dict[str, list[str]]:
        if self._inbound is None:  # built on first use: a warm start does not pay for it
            self._inbound = {}
            for name, entry in self._entries.items():
                self._link_sources(name, entry)
        return self._inbound

    def _link_sources(self, name: str, entry: Entry) -> None:
        inbound = self._inbound
        assert inbound is not None
        for target in {t for _, t, _ in entry.relationships} | {t for _, t, _ in entry.inferred}:
            sources = inbound.get(target)
            if sources is None:
                inbound[target] = [name]
            else:
                sources.append(name)

    def unparseable(self) -> list[Entry]:
        return [e for e in self._entries.values() if e.error is not None]

    # ------------------------------------------------------------ observers

    def subscribe(self, callback: Observer) -> Callable[[], None]:
        """Call ``callback(IndexChange)`` after every change; returns a function that unsubscribes."""
        self._observers.append(callback)
        return lambda: self.unsubscribe(callback)

    def unsubscribe(self, callback: Observer) -> None:
        if callback in self._observers:
            self._observers.remove(callback)

    def _notify(self, change: IndexChange) -> None:
        if change:
            for callback in list(self._observers):
                callback(change)

    # ------------------------------------------------------------ building

    def build(self) -> IndexChange:
        """Index the folder: from the cache for files whose size and mtime are unchanged."""
        with _gc_paused():
            return self._build()

    def _build(self) -> IndexChange:
        start = time.perf_counter()
        stats = BuildStats()
        cached: dict[str, Entry] = {}
        if self.use_cache:
            cached, stats.cache = self._load_cache()
        listing = self._listing()
        fresh: dict[str, Entry] = {}
        todo: list[tuple[str, int, int]] = []
        for name, (size, mtime) in listing.items():
            old = cached.get(name)
            if old is not None and old.size == size and old.mtime_ns == mtime:
                fresh[name] = old
            else:
                todo.append((name, size, mtime))
        stats.reused = len(fresh)
        parsed, stats.workers = self._parse(todo)
        fresh.update(parsed)
        stats.parsed = len(parsed)
        stats.files = len(fresh)
        change = self._replace_all(dict(sorted(fresh.items())))
        if self.use_cache and (todo or len(cached) != len(fresh) or stats.cache != "loaded"):
            self._cache_dirty = True
        self.save_cache()
        stats.seconds = time.perf_counter() - start
        self.stats = stats
        self._notify(change)
        return change

    def refresh(self) -> IndexChange:
        """Re-stat the folder; re-read new and changed files, drop deleted ones."""
        with _gc_paused():
            return self._refresh()

    def _refresh(self) -> IndexChange:
        listing = self._listing()
        todo = [
            (name, size, mtime)
            for name, (size, mtime) in listing.items()
            if (e := self._entries.get(name)) is None or e.size != size or e.mtime_ns != mtime
        ]
        gone = [name for name in self._entries if name not in listing]
        parsed, _ = self._parse(todo)
        change = self._apply(parsed, gone)
        if change:
            # Written later (save_cache(), the next build()): rewriting 10 MB on every folder event would
            # stall the caller, and a stale cache only means re-reading those few files at the next start.
            self._cache_dirty = True
        self._notify(change)
        return change

    def update_file(self, path: str | Path) -> IndexChange:
        """Re-read one file (e.g. after the editor saved it); a missing file is removed."""
        name = self._name_of(path)
        full = self.folder / name
        try:
            st = full.stat()
        except FileNotFoundError:
            return self.remove_file(path)
        except OSError as exc:
            entry = broken(str(full), 0, 0, f"cannot read: {exc.strerror}", 1, 1)
        else:
            entry = read_entry(full, st.st_size, st.st_mtime_ns)
        change = self._apply({name: entry}, [])
        self._cache_dirty = self._cache_dirty or bool(change)
        self._notify(change)
        return change

    def remove_file(self, path: str | Path) -> IndexChange:
        change = self._apply({}, [self._name_of(path)])
        self._cache_dirty = self._cache_dirty or bool(change)
        self._notify(change)
        return change

    def _name_of(self, path: str | Path) -> str:
        p = Path(path)
        if p.parent != Path(".") and p.parent.resolve() != self.folder.resolve():
            raise ValueError(f"{p} is not in the library folder {self.folder}")
        return p.name

    def _listing(self) -> dict[str, tuple[int, int]]:
        out: dict[str, tuple[int, int]] = {}
        try:
            scan = os.scandir(self.folder)
        except FileNotFoundError:
            raise PatternError("no such folder", str(self.folder)) from None
        except OSError as exc:
            raise PatternError(f"cannot read the folder: {exc.strerror}", str(self.folder)) from None
        with scan:
            for de in scan:
                name = de.name
                if not name.endswith(".md") or name.startswith("."):
                    continue
                try:
                    if not de.is_file():
                        continue
                    st = de.stat()
                except OSError:
                    continue  # vanished or dangling symlink
                out[name] = (st.st_size, st.st_mtime_ns)
        return out

    def _parse(self, todo: list[tuple[str, int, int]]) -> tuple[dict[str, Entry], int]:
        folder = str(self.folder)
        workers = self.workers
        if workers is None:
            workers = min(os.cpu_count() or 1, 4) if len(todo) >= POOL_THRESHOLD else 1
        workers = max(1, min(workers, len(todo)))
        if workers > 1 and (not _main_importable() or (getattr(sys, "frozen", False) and not FROZEN_POOL)):
            workers = 1
        if workers == 1:
            return {name: read_entry(os.path.join(folder, name), size, mtime) for name, size, mtime in todo}, 1
        # The main process parses one share while the others start: spawn, because forking a
        # process that runs Qt threads is unsafe. A frozen app must call multiprocessing.freeze_support().
        shares = [todo[i::workers] for i in range(workers)]
        out: dict[str, Entry] = {}
        with ProcessPoolExecutor(workers - 1, mp_context=get_context("spawn")) as pool:
            futures = [pool.submit(_read_many, folder, share) for share in shares[1:]]
            for entry in map(Entry.from_tuple, _read_many(folder, shares[0])):
                out[entry.name] = entry
            for share, future in zip(shares[1:], futures):
                try:
                    rows = future.result()
                except Exception:  # a worker that cannot start (e.g. __main__ not importable): do it here
                    rows = _read_many(folder, share)
                    workers -= 1
                for entry in map(Entry.from_tuple, rows):
                    out[entry.name] = entry
        return out, workers

    # ------------------------------------------------------------ bookkeeping

    def _replace_all(self, entries: dict[str, Entry]) -> IndexChange:
        old = self._entries
        added = frozenset(str(e.path) for n, e in entries.items() if n not in old)
        removed = frozenset(str(e.path) for n, e in old.items() if n not in entries)
        changed = frozenset(str(e.path) for n, e in entries.items() if n in old and old[n] != e)
        slugs = (
            {e.slug for e in entries.values()} | {e.slug for e in old.values()}
            if old
            else {e.slug for e in entries.values()}
        )
        self._entries = {}
        self._slug_owners = {}
        self._id_owners = {}
        self._inbound = None
        for name, entry in entries.items():
            self._add(name, entry)
        return IndexChange(added, changed, removed, frozenset(slugs))

    def _apply(self, updated: dict[str, Entry], gone: Iterable[str]) -> IndexChange:
        added: set[str] = set()
        changed: set[str] = set()
        removed: set[str] = set()
        slugs: set[str] = set()
        for name in gone:
            old = self._entries.get(name)
            if old is not None:
                self._remove(name, old)
                removed.add(old.path)
                slugs.add(old.slug)
        for name, entry in updated.items():
            old = self._entries.get(name)
            if old is not None:
                if old == entry:
                    continue
                self._remove(name, old)
                changed.add(entry.path)
                slugs.add(old.slug)
            else:
                added.add(entry.path)
            self._add(name, entry)
            slugs.add(entry.slug)
        if added:  # keep file-name order
            self._entries = dict(sorted(self._entries.items()))
        return IndexChange(frozenset(added), frozenset(changed), frozenset(removed), frozenset(slugs))

    def _add(self, name: str, entry: Entry) -> None:
        self._entries[name] = entry
        _own(self._slug_owners, entry.slug, name, True)
        if entry.id:
            _own(self._id_owners, entry.id, name, False)
        if self._inbound is not None:
            self._link_sources(name, entry)

    def _remove(self, name: str, entry: Entry) -> None:
        self._entries.pop(name, None)
        _disown(self._slug_owners, entry.slug, name)
        if entry.id:
            _disown(self._id_owners, entry.id, name)
        if self._inbound is not None:
            for target in {t for _, t, _ in entry.relationships} | {t for _, t, _ in entry.inferred}:
                sources = self._inbound.get(target)
                if sources is not None and name in sources:
                    sources.remove(name)
                    if not sources:
                        del self._inbound[target]

    # ------------------------------------------------------------ cache

    @property
    def cache_path(self) -> Path:
        return cache_file(self.folder, self._cache_dir)

    def _load_cache(self) -> tuple[dict[str, Entry], str]:
        return load_cache(self.cache_path, self.folder)

    def save_cache(self) -> None:
        """Write the cache if anything changed since it was read or written (call it when closing the
        library; ``build()`` does it too). Failures are ignored: the cache is only an optimisation."""
        if not self.use_cache or not self._cache_dirty:
            return
        if write_cache(self.cache_path, self.folder, self._entries.values()):
            self._cache_dirty = False


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Indexing allocates many small objects and no cycles; the cyclic collector would run
    hundreds of times for nothing (it was a quarter of a warm start). Afterwards the new objects
    go straight to the oldest generation (freeze + unfreeze moves lists, scanning nothing),
    so the first young collection does not walk all of them either (another 80 ms at 10,000)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def _own(owners: dict[str, list[str]], key: str, name: str, by_stem: bool) -> None:
    names = owners.setdefault(key, [])
    names.append(name)
    if len(names) > 1:
        # For slugs the file named <slug>.md wins, then the first by name: deterministic either way.
        names.sort(key=lambda n: (by_stem and n[:-3] != key, n))


def _disown(owners: dict[str, list[str]], key: str, name: str) -> None:
    names = owners.get(key)
    if names and name in names:
        names.remove(name)
        if not names:
            del owners[key]
