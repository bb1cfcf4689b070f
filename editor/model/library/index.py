"""The library index: one small record per pattern file in a folder, kept fresh and cached.

Indexing reads only each file's frontmatter (the first few KB), lets libyaml's C parser check
and compose all of it, and turns into Python objects only the fields the index keeps: the
expensive part of ``yaml.load`` is constructing objects, and most of a frontmatter (context
labels, search hints, entities, reasons) is not needed here. Broken files are kept as entries
with their error. Large cold builds spread the parsing over processes; a cache file per
folder (keyed per file by name, size and mtime_ns) makes the next start a folder scan.

Qt-free. Not thread-safe: use one index from one thread (the UI's worker or its main thread)
and post the observer's notifications across threads yourself.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import marshal
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from editor.model.document.split import decode, split
from editor.model.document.storage import MAX_FILE_BYTES
from editor.model.document.yamlnode import MAX_EXPANDED_NODES, compose
from editor.model.errors import PatternError
from editor.model.schema import LEGACY, layout_for_keys
from editor.model.schema.spec import PILLARS, RELATION_TYPES

CACHE_VERSION = 2  # 2: Entry.commons
HEAD_BYTES = 16384  # the largest frontmatter in the corpus is 8.4 KB; bigger ones read the rest
POOL_THRESHOLD = 1500  # files to parse before a process pool pays for its start-up (measured ~0.2 s)
# A frozen app's spawned workers re-run the executable: it must call multiprocessing.freeze_support()
# first thing in main() and then set this to True, or a worker would open a second window.
FROZEN_POOL = False
_LEGACY_RELATIONS = (*RELATION_TYPES, "related")

try:
    _Base = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Base = yaml.SafeLoader
_CONSTRUCT = yaml.constructor.SafeConstructor()
_STR, _INT, _FLOAT, _BOOL, _NULL = (f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null"))
_SEQ, _MAP = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """The C safe loader with a leaner tag resolver: libyaml calls ``resolve`` from Python for
    every node, and the stock one (path resolvers, list concatenation) was a quarter of the
    indexing time. Same answers: SafeLoader's implicit resolvers, tried in the same order."""

    _by_first: dict[str, list] = {}
    _wildcard: list = []

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                key = value[0] if value else ""
                resolvers = self._by_first.get(key)
                if resolvers is None:
                    resolvers = self._by_first[key] = (self.yaml_implicit_resolvers.get(key, [])
                                                       + self._wildcard)
                for tag, regexp in resolvers:
                    if regexp.match(value):
                        return tag
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


_Loader._wildcard = list(_Loader.yaml_implicit_resolvers.get(None, []))


# ---------------------------------------------------------------- records

class Link(NamedTuple):
    """One edge as written in ``source``'s file. ``target`` is the raw value (slug or pat_ id)."""

    source: str
    target: str
    type: str | None
    weight: float | None  # relationship weight, or an inferred link's confidence
    inferred: bool


@dataclass(slots=True)
class Entry:
    """What the index knows about one pattern file. Unparseable files have ``error`` set."""

    path: str
    slug: str  # the frontmatter's slug, else the file stem
    id: str | None
    title: str
    aliases: tuple[str, ...]
    summary: str
    status: str | None
    layout: str  # "v7.1" | "legacy" | "" (unparseable)
    domain: str | None  # the topical domain: ontology.domain or legacy classification.domain
    domains: tuple[str, ...]  # domain, cross domains and commons domains, without repeats
    scores: dict[str, float]  # pillars, vitality, overall_score; legacy commons_alignment
    relationships: tuple[tuple[str, str, float | None], ...]  # (type, target, weight)
    inferred: tuple[tuple[str | None, str, float | None], ...]  # (type, target, confidence)
    communities: tuple[str, ...]  # graph_garden community ids
    size: int
    mtime_ns: int
    error: tuple[str, int, int] | None = None  # (message, line, column) when the file is unparseable
    commons: tuple[str, ...] = ()  # commons domains: ontology.commons_domain, legacy classification.commons_domain

    @property
    def name(self) -> str:
        return os.path.basename(self.path)

    @property
    def stem(self) -> str:
        return self.name[:-3] if self.name.endswith(".md") else self.name

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def overall(self) -> float | None:
        return self.scores.get("overall_score")

    @property
    def display_title(self) -> str:
        return self.title or self.slug

    @property
    def error_text(self) -> str | None:
        """``file:line:col: message`` for an unparseable file."""
        if self.error is None:
            return None
        return str(PatternError(self.error[0], self.path, self.error[1], self.error[2]))

    def links(self) -> Iterator[Link]:
        for rel_type, target, weight in self.relationships:
            yield Link(self.slug, target, rel_type, weight, False)
        for rel_type, target, confidence in self.inferred:
            yield Link(self.slug, target, rel_type, confidence, True)

    def to_tuple(self) -> tuple:
        return (self.path, self.slug, self.id, self.title, self.aliases, self.summary, self.status, self.layout,
                self.domain, self.domains, self.scores, self.relationships, self.inferred, self.communities,
                self.size, self.mtime_ns, self.error, self.commons)

    @classmethod
    def from_tuple(cls, t: tuple) -> Entry:
        return cls(*t)


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


# ---------------------------------------------------------------- reading one file

def read_entry(path: str | Path, size: int | None = None, mtime_ns: int | None = None) -> Entry:
    """Index one file. Never raises for bad content: the problem goes into ``Entry.error``."""
    path = str(path)
    if size is None or mtime_ns is None:
        try:
            st = os.stat(path)
        except OSError as exc:
            return _broken(path, 0, 0, f"cannot read: {exc.strerror}", 1, 1)
        size, mtime_ns = st.st_size, st.st_mtime_ns
    if size > MAX_FILE_BYTES:
        return _broken(path, size, mtime_ns, f"file is {size / 1e6:.1f} MB; patterns are at most "
                       f"{MAX_FILE_BYTES / 1e6:.0f} MB", 1, 1)
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEAD_BYTES)
            fm = _fast_frontmatter(head)
            if fm is None:
                data = head + fh.read() if len(head) == HEAD_BYTES else head
    except OSError as exc:
        return _broken(path, size, mtime_ns, f"cannot read: {exc.strerror}", 1, 1)
    line_offset = 1
    if fm is None:  # BOM, CRLF, leading blank lines, no frontmatter...: the editor's exact splitter
        try:
            text = decode(data, path)
            parts = split(text, path)
        except PatternError as exc:
            return _broken(path, size, mtime_ns, exc.message, exc.line or 1, exc.column or 1)
        fm = parts.frontmatter(text)
        line_offset = text.count("\n", 0, parts.fm_start) if parts.newline != "\r" else text.count(
            "\r", 0, parts.fm_start)
    try:
        return _entry(path, size, mtime_ns, fm, line_offset)
    except PatternError as exc:
        return _broken(path, size, mtime_ns, exc.message, exc.line or 1, exc.column or 1)


def _fast_frontmatter(head: bytes) -> str | None:
    """The frontmatter of a plain ``---\\n`` file whose closing line lies in ``head``, else None."""
    if not head.startswith(b"---\n"):
        return None
    end = head.find(b"\n---", 3)
    if end < 0:
        return None
    after = end + 4
    while after < len(head) and head[after] in b" \t":
        after += 1
    if after < len(head) and head[after] != 0x0A:  # "----" or "--- x": not a delimiter; let split() decide
        return None
    if after == len(head) and len(head) == HEAD_BYTES:
        return None  # the delimiter line may continue beyond the head
    chunk = head[4:end + 1]
    if b"\r" in chunk or b"\x00" in chunk:
        return None
    try:
        return chunk.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _broken(path: str, size: int, mtime_ns: int, message: str, line: int, column: int) -> Entry:
    stem = os.path.basename(path)
    stem = stem[:-3] if stem.endswith(".md") else stem
    return Entry(path, stem, None, "", (), "", None, "", None, (), {}, (), (), (), size, mtime_ns,
                 (message, line, column))


def _entry(path: str, size: int, mtime_ns: int, fm: str, line_offset: int) -> Entry:
    loader = _Loader(fm)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError:
        root = None
        compose(fm, path, line_offset)  # raises the editor's own ParseError for this text
        raise PatternError("the frontmatter does not parse", path, line_offset + 1, 1) from None  # pragma: no cover
    finally:
        loader.dispose()
    stem = os.path.basename(path)[:-3]
    if root is None:
        top: dict[str, Any] = {}
    elif isinstance(root, yaml.MappingNode):
        top = _keys(root)
    else:
        kind = "list" if isinstance(root, yaml.SequenceNode) else _type_name(root)
        raise PatternError(f"frontmatter must be a mapping of keys, not a {kind}", path, line_offset + 1, 1)
    budget = [MAX_EXPANDED_NODES]
    layout = layout_for_keys(set(top)).name
    slug = _text(top.get("slug")) or stem
    title = _text(top.get("title")) or ""
    aliases = tuple(a for a in (_text(x) for x in _items(top.get("aliases"))) if a)
    summary = " ".join((_text(top.get("summary")) or "").split())
    onto = _keys(top.get("ontology"))
    cls = _keys(top.get("classification"))
    status = _text(_keys(top.get("lifecycle")).get("status")) or _text(cls.get("status"))
    domain = _text(onto.get("domain")) or _text(cls.get("domain"))
    domains: list[str] = [domain] if domain else []
    commons: list[str] = []
    for node in (onto.get("commons_domain"), cls.get("commons_domain"), top.get("commons_domain")):
        for d in (_text(x) for x in _items(node)):
            if d and d not in commons:
                commons.append(d)
    for node in (onto.get("cross_domains"), onto.get("commons_domain"), cls.get("commons_domain"),
                 top.get("commons_domain")):
        for d in (_text(x) for x in _items(node)):
            if d and d not in domains:
                domains.append(d)
    scores: dict[str, float] = {}
    ca = _keys(onto.get("commons_assessment"))
    for key in (*PILLARS, "vitality", "overall_score"):
        n = _number(ca.get(key))
        if n is not None:
            scores[key] = n
    if "overall_score" not in scores:  # the list-form assessment keeps the total one level up
        n = _number(onto.get("overall_score"))
        if n is not None:
            scores["overall_score"] = n
    n = _number(cls.get("commons_alignment"))
    if n is not None:
        scores["commons_alignment"] = n
    relationships: list[tuple[str, str, float | None]] = []
    lists = list(_keys(top.get("relationships")).items())
    if layout == LEGACY.name:
        lists += [(k, top[k]) for k in _LEGACY_RELATIONS if k in top]
    for rel_type, node in lists:
        for item in _items(node):
            target, weight = _relation(item, budget)
            if target:
                relationships.append((rel_type, target, weight))
    garden = _keys(top.get("graph_garden"))
    inferred: list[tuple[str | None, str, float | None]] = []
    for item in _items(garden.get("inferred_links")):
        link = _keys(item)
        target = _text(link.get("target"))
        if target:
            inferred.append((_text(link.get("type")), target, _number(link.get("confidence"))))
    communities = []
    for item in _items(garden.get("communities")):
        cid = _text(item) if isinstance(item, yaml.ScalarNode) else _text(_keys(item).get("id"))
        if cid:
            communities.append(cid)
    pid = top.get("id")
    return Entry(path, slug, _text(pid), title, aliases, summary, status, layout, domain, tuple(domains), scores,
                 tuple(relationships), tuple(inferred), tuple(communities), size, mtime_ns, None, tuple(commons))


def _keys(node: Any) -> dict[str, Any]:
    """A block's keys -> value nodes (the last of duplicate keys wins, as in every YAML loader)."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}


def _items(node: Any) -> list:
    if isinstance(node, yaml.SequenceNode):
        return node.value
    if isinstance(node, yaml.ScalarNode) and node.tag == _STR and node.value:
        return [node]  # `era: cognitive` where a list is usual
    return []


def _scalar(node: Any) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        return None
    tag = node.tag
    try:
        if tag == _STR:
            return node.value
        if tag == _INT:
            return _CONSTRUCT.construct_yaml_int(node)
        if tag == _FLOAT:
            return _CONSTRUCT.construct_yaml_float(node)
        if tag == _BOOL:
            return _CONSTRUCT.construct_yaml_bool(node)
        if tag == _NULL:
            return None
    except (ValueError, yaml.YAMLError):
        return node.value
    return node.value  # dates and other tags: their text is enough here


def _text(node: Any) -> str | None:
    v = _scalar(node)
    if v is None or isinstance(v, bool):
        return None
    return v if isinstance(v, str) else str(v)


def _number(node: Any) -> float | None:
    v = _scalar(node)
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v)
    return None


def _type_name(node: Any) -> str:
    v = _scalar(node)
    return type(v).__name__ if v is not None else "NoneType"


def _relation(node: Any, budget: list[int]) -> tuple[str | None, float | None]:
    """(target, weight) of a relationship entry: ``{slug, weight}``, ``{id: <slug>}`` or a bare string."""
    budget[0] -= 1
    if budget[0] < 0:
        raise PatternError(f"YAML aliases expand to more than {MAX_EXPANDED_NODES:,} values (an alias bomb?)")
    if isinstance(node, yaml.ScalarNode):
        return _text(node), None
    keys = _keys(node)
    target = keys.get("slug", keys.get("id"))
    t = _scalar(target)
    return (t if isinstance(t, str) else None), _number(keys.get("weight"))


def _read_many(folder: str, items: list[tuple[str, int, int]]) -> list[tuple]:
    """Worker entry point: index ``(name, size, mtime_ns)`` files; tuples cross the process boundary."""
    with _gc_paused():
        return [read_entry(os.path.join(folder, name), size, mtime).to_tuple() for name, size, mtime in items]


def _main_importable() -> bool:
    """Spawned workers re-import ``__main__`` from its file; code run from stdin has none to import."""
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    return path is None or os.path.exists(path)


# ---------------------------------------------------------------- the index

def default_cache_dir() -> Path:
    from editor.base.profile import profile_dir

    return profile_dir("cache") / "library-index"


class LibraryIndex:
    """Every ``*.md`` directly in ``folder``, by slug, id and path, with inbound links.

    ``build()`` once (from the cache when it can), then ``refresh()`` after the folder changed,
    or ``update_file()`` / ``remove_file()`` for a file the editor itself wrote or deleted, and
    ``save_cache()`` when closing the library. Satisfies ``validation.Library``.
    """

    def __init__(self, folder: str | Path, cache_dir: str | Path | None = None, *, use_cache: bool = True,
                 workers: int | None = None) -> None:
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
        todo = [(name, size, mtime) for name, (size, mtime) in listing.items()
                if (e := self._entries.get(name)) is None or e.size != size or e.mtime_ns != mtime]
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
            entry = _broken(str(full), 0, 0, f"cannot read: {exc.strerror}", 1, 1)
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
        slugs = {e.slug for e in entries.values()} | {e.slug for e in old.values()} if old else {
            e.slug for e in entries.values()}
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
        key = hashlib.sha256(str(self.folder.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:24]
        return (self._cache_dir or default_cache_dir()) / f"{key}.idx"

    def _cache_header(self) -> bytes:
        # marshal's format belongs to one Python version: a different one simply rebuilds
        return (f"pattern-editor library index {CACHE_VERSION} python {sys.version_info[0]}.{sys.version_info[1]}"
                f" marshal {marshal.version}\n").encode()

    def _load_cache(self) -> tuple[dict[str, Entry], str]:
        path = self.cache_path
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return {}, "none"
        except OSError as exc:
            return {}, f"ignored ({exc.strerror})"
        header = self._cache_header()
        if not raw.startswith(header):
            return {}, "ignored (other version)"
        try:
            folder, rows = marshal.loads(raw[len(header):])
            if folder != str(self.folder.resolve()):
                return {}, "ignored (other folder)"
            entries = {}
            for row in rows:
                entry = Entry.from_tuple(row)
                entries[entry.name] = entry
        except Exception:  # any damage means: rebuild
            return {}, "ignored (damaged)"
        return entries, "loaded"

    def save_cache(self) -> None:
        """Write the cache if anything changed since it was read or written (call it when closing the
        library; ``build()`` does it too). Failures are ignored: the cache is only an optimisation."""
        if not self.use_cache or not self._cache_dirty:
            return
        path = self.cache_path
        payload = self._cache_header() + marshal.dumps(
            (str(self.folder.resolve()), [e.to_tuple() for e in self._entries.values()]))
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".index.", dir=path.parent)
            with os.fdopen(fd, "wb") as fh:
                fh.write(payload)
            os.replace(tmp, path)
            tmp = None
            self._cache_dirty = False
        except OSError:
            pass  # a cache is an optimisation; the next start rebuilds
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


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
