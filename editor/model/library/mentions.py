"""Where pattern bodies name a pattern: a warm, in-memory word index over every body.

Each body is read once and reduced to its set of lowercase words; the index maps a word to the
files holding it (``array('I')`` postings: about 30 MB for 10,000 real-sized bodies, against
200 MB for the texts themselves). A query intersects the postings of a name's words and reads
only the few candidate files to confirm the whole phrase (case-insensitive for ASCII letters, whole words, any
whitespace between words, so a name wrapped over two lines still counts) and find its line.

Changed files are re-read on the next query: the index listens to ``LibraryIndex.subscribe``,
and ``refresh()`` also compares each file's mtime with what was read. A changed file gets a
new number; its old postings are dropped lazily and compacted when a fifth are dead.
Qt-free; like the index, use it from one thread.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable
from pathlib import Path

from editor.model.library.index import IndexChange, LibraryIndex

_WORD = re.compile(rb"[a-z0-9_\x80-\xff]+")  # over lowercased UTF-8: a word's bytes, non-ASCII letters included
_WORD_BYTE = re.compile(rb"[a-z0-9_\x80-\xff]")
MIN_NAME_CHARS = 3  # shorter titles or aliases would match everywhere


def lowered(data: bytes) -> bytes:
    """Case-folded UTF-8 for matching: ASCII letters lowered (``bytes.lower``, 50 times faster than
    decoding nearly every body for its dashes and stars); other letters match as written."""
    return data.lower()


def _is_word_byte(data: bytes, at: int) -> bool:
    return 0 <= at < len(data) and _WORD_BYTE.match(data, at) is not None


def _body(data: bytes) -> tuple[bytes, int]:
    """The body and the number of lines before it; a file without frontmatter is all body."""
    if data.startswith(b"---"):
        end = data.find(b"\n---", 3)
        while end != -1:
            stop = data.find(b"\n", end + 4)
            stop = len(data) if stop == -1 else stop
            if not data[end + 4 : stop].strip():
                return data[stop + 1 :], data.count(b"\n", 0, stop + 1)
            end = data.find(b"\n---", end + 4)
    return data, 0


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError:
        return b""


def name_pattern(name: str) -> re.Pattern[bytes] | None:
    """A regex for a title or alias over :func:`lowered` text, whitespace runs matching any whitespace.
    No look-around, which would cost ``re`` its fast literal scan (25 times slower): :func:`search`
    checks the word boundaries."""
    if len(name.strip()) < MIN_NAME_CHARS or not _WORD.search(lowered(name.encode("utf-8"))):
        return None
    return re.compile(rb"\s+".join(re.escape(lowered(w.encode("utf-8"))) for w in name.split()))


def search(regex: re.Pattern[bytes], text: bytes) -> int:
    """Where ``regex`` first matches ``text`` as whole words (a word byte on neither side), or -1."""
    for m in regex.finditer(text):
        start, end = m.span()
        if not (_is_word_byte(text, start - 1) and _is_word_byte(text, start)) and not (
            _is_word_byte(text, end) and _is_word_byte(text, end - 1)
        ):
            return start
    return -1


class MentionIndex:
    """Word postings over every body of ``index``'s files. Build lazily; query with :meth:`find`."""

    def __init__(self, index: LibraryIndex) -> None:
        self.index = index
        self._words: dict[bytes, array] = {}
        self._paths: list[str] = []  # file number -> path ("" once replaced or removed)
        self._number: dict[str, int] = {}  # path -> current file number
        self._mtime: dict[str, int] = {}
        self._dead = 0
        self._dirty: set[str] | None = None  # None: never built
        self._unsubscribe = index.subscribe(self._changed)

    def close(self) -> None:
        self._unsubscribe()

    def _changed(self, change: IndexChange) -> None:
        if self._dirty is not None:
            self._dirty |= change.paths

    # ------------------------------------------------------------ building

    def refresh(self) -> int:
        """Bring the postings up to date with the index (and files' mtimes); returns files re-read."""
        if self._dirty is None:
            self._dirty = set()
            todo = [e.path for e in self.index]
        else:
            todo = set(self._dirty)
            for entry in self.index:
                if self._mtime.get(entry.path) != entry.mtime_ns:
                    todo.add(entry.path)
            if len(self._number) != len(self.index) or self._dirty:
                todo |= {p for p in self._number if self.index.by_path(p) is None}
            todo = sorted(todo)
        self._dirty = set()
        for path in todo:
            self._drop(path)
            entry = self.index.by_path(path)
            if entry is not None:
                self._add(path, entry.mtime_ns, _read(path))
        if self._dead > max(1000, len(self._number) // 4):
            self._compact()
        return len(todo)

    def _add(self, path: str, mtime_ns: int, text: bytes) -> None:
        number = len(self._paths)
        self._paths.append(path)
        self._number[path] = number
        self._mtime[path] = mtime_ns
        body, _ = _body(text)
        words = self._words
        for word in set(_WORD.findall(lowered(body))):
            posting = words.get(word)
            if posting is None:
                words[word] = array("I", (number,))
            else:
                posting.append(number)

    def _drop(self, path: str) -> None:
        number = self._number.pop(path, None)
        self._mtime.pop(path, None)
        if number is not None:
            self._paths[number] = ""
            self._dead += 1

    def _compact(self) -> None:
        paths = [(p, self._mtime[p]) for p in sorted(self._number)]
        self._words, self._paths, self._number, self._mtime, self._dead = {}, [], {}, {}, 0
        for path, mtime in paths:
            self._add(path, mtime, _read(path))

    # ------------------------------------------------------------ querying

    def candidates(self, name: str) -> list[str]:
        """Paths whose bodies hold every word of ``name`` (a superset of the phrase's files)."""
        words = sorted(set(_WORD.findall(lowered(name.encode("utf-8")))))
        if not words:
            return []
        postings = [self._words.get(w) for w in words]
        if any(p is None for p in postings):
            return []
        postings.sort(key=len)  # type: ignore[arg-type]
        found = set(postings[0])  # type: ignore[arg-type]
        for posting in postings[1:]:
            if not found:
                break
            found.intersection_update(posting)  # type: ignore[arg-type]
        paths = self._paths
        return sorted(paths[n] for n in found if paths[n])

    def find(self, names: Iterable[str]) -> list[tuple[str, int, str]]:
        """``(path, line, name)`` of the first place each body names one of ``names``, by path."""
        self.refresh()
        hits: dict[str, tuple[int, int, str]] = {}  # path -> (offset, line, name)
        for name in dict.fromkeys(n.strip() for n in names if n and n.strip()):
            regex = name_pattern(name)
            if regex is None:
                continue
            for path in self.candidates(name):
                body, before = _body(_read(path))
                low = lowered(body)
                at = search(regex, low)
                if at < 0:
                    continue
                old = hits.get(path)
                if old is None or at < old[0]:
                    hits[path] = (at, before + low.count(b"\n", 0, at) + 1, name)
        return [(path, line, name) for path, (_, line, name) in sorted(hits.items())]

    @property
    def files(self) -> int:
        return len(self._number)

    @property
    def words(self) -> int:
        return len(self._words)


def mention_index(index: LibraryIndex) -> MentionIndex:
    """The index's own mention index, created on first use and kept fresh (in ``index.extras``)."""
    found = index.extras.get("mentions")
    if found is None:
        found = index.extras["mentions"] = MentionIndex(index)
    return found
