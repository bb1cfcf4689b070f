"""Fuzzy search over the library's slugs, titles, aliases and summaries.

Ranking, best first (``Hit.score`` bands):

    100        the query is the whole slug or title (98 for an alias)
    90-97      the slug or title starts with the query (88-95 alias)
    80-87      every query word starts a word of the slug or title (78-85 alias)
    60-79      every query word is close to a word of the slug or title (typos; 58-77 alias)
    40-57      the same two word rules over the summary: always below a name match

Everything is answered from word lists kept per field (an inverted index plus a sorted
vocabulary for prefixes); rapidfuzz only compares a query word with the vocabulary, never
with every pattern, so a query stays in the low milliseconds at 10,000 patterns. The lists
follow the index through its observer: only files that changed are re-read.
"""

from __future__ import annotations

import bisect
import os
import re
import unicodedata
import weakref
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from editor.model.library.index import Entry, IndexChange, LibraryIndex

NAME, ALIAS, SUMMARY = "name", "alias", "summary"
FUZZY_CUTOFF = 75  # rapidfuzz ratio (0-100) for two words to count as a typo of each other
MIN_FUZZY_LEN = 3
_NON_ASCII_WORD = re.compile(r"[^0-9a-z]+")
_NON_WORD = re.compile(r"[\W_]+")
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


@dataclass(frozen=True, slots=True)
class Hit:
    slug: str
    title: str
    score: float  # 0-100, see the module docstring
    field: str  # "slug" | "title" | "alias" | "summary": where the best match was found


def normalize(text: str) -> str:
    """Lower case, accents dropped, punctuation and hyphens as single spaces; any script's letters kept."""
    if text.isascii():
        return _NON_ASCII_WORD.sub(" ", text.lower()).strip()
    text = _COMBINING.sub("", unicodedata.normalize("NFKD", text.casefold()))
    return _NON_WORD.sub(" ", text).strip()


class _Field:
    """Words of one field group: word -> file names, and the sorted vocabulary for prefixes."""

    def __init__(self) -> None:
        self.postings: dict[str, set[str]] = {}
        self.vocab: list[str] = []  # sorted
        self._choices: list[str] | None = None

    def add(self, name: str, words: Iterable[str], keep_sorted: bool = True) -> None:
        for w in words:
            names = self.postings.get(w)
            if names is None:
                self.postings[w] = {name}
                if keep_sorted:
                    bisect.insort(self.vocab, w)
                self._choices = None
            else:
                names.add(name)

    def sort(self) -> None:
        """After adding many files with ``keep_sorted=False``."""
        self.vocab = sorted(self.postings)
        self._choices = None

    def remove(self, name: str, words: Iterable[str]) -> None:
        for w in words:
            names = self.postings.get(w)
            if names is not None:
                names.discard(name)
                if not names:
                    del self.postings[w]
                    i = bisect.bisect_left(self.vocab, w)
                    if i < len(self.vocab) and self.vocab[i] == w:
                        del self.vocab[i]
                    self._choices = None

    def matches(
        self, token: str, prefix: bool, within: set[str] | dict[str, float] | None = None, need: int | None = None
    ) -> dict[str, float]:
        """File name -> quality of the best word match for ``token`` (1 exact, ~0.9 prefix, <0.8 typo).

        ``within`` limits the answer to those files; with ``need``, stop once that many files are
        found whose match beats anything still to come (shorter words match a prefix better).
        """
        found: dict[str, float] = {}
        for name in self.postings.get(token, ()):
            if within is None or name in within:
                found[name] = 1.0
        if prefix:
            lo = bisect.bisect_left(self.vocab, token)
            hi = bisect.bisect_left(self.vocab, token + "\U0010ffff", lo)
            words = sorted((w for w in self.vocab[lo:hi] if w != token), key=len)
            last_len = 0
            for word in words:
                if need is not None and len(found) >= need and len(word) > last_len:
                    return found
                last_len = len(word)
                q = 0.85 + 0.1 * len(token) / len(word)
                for name in self.postings[word]:
                    if name not in found and (within is None or name in within):
                        found[name] = q
        if need is not None and len(found) >= need:
            return found
        if len(token) >= MIN_FUZZY_LEN:
            if self._choices is None:
                self._choices = list(self.vocab)
            for word, ratio, _ in process.extract(
                token, self._choices, scorer=fuzz.ratio, limit=None, score_cutoff=FUZZY_CUTOFF
            ):
                if word == token:
                    continue
                q = 0.8 * ratio / 100
                for name in self.postings[word]:
                    if found.get(name, 0.0) < q and (within is None or name in within):
                        found[name] = q
        return found


class SearchIndex:
    """Search structures for one ``LibraryIndex``; kept in step through its observer."""

    def __init__(self, index: LibraryIndex) -> None:
        self.index = index
        self._words: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {}
        self._fields = {NAME: _Field(), ALIAS: _Field(), SUMMARY: _Field()}
        self._exact: dict[str, dict[str, str]] = {}  # normalized slug/title/alias -> name -> field
        self._sorted: list[tuple[str, str, str]] = []  # (normalized text, name, field), for prefixes
        self._entries: dict[str, Entry] = {}
        self._pending: set[str] | None = None  # None: everything must be (re)built
        ref = weakref.ref(self)

        def follow(change: IndexChange) -> None:
            me = ref()
            if me is not None:
                me._changed(change)

        self._unsubscribe = index.subscribe(follow)

    def close(self) -> None:
        self._unsubscribe()

    # ------------------------------------------------------------ keeping up

    def _changed(self, change: IndexChange) -> None:
        if self._pending is not None:
            self._pending.update(os.path.basename(p) for p in change.paths)

    def sync(self) -> None:
        """Bring the word lists up to date now (e.g. in a worker before the first query); queries call it too."""
        if self._pending is None:
            self._rebuild()
        elif self._pending:
            for name in self._pending:
                self._drop(name)
                entry = self.index.by_path(name)
                if entry is not None:
                    self._put(name, entry)
            self._pending = set()

    def _rebuild(self) -> None:
        self._words = {}
        self._fields = {NAME: _Field(), ALIAS: _Field(), SUMMARY: _Field()}
        self._exact = {}
        self._entries = {}
        rows = []
        for entry in self.index:
            rows.extend(self._put(entry.name, entry, sort=False))
        self._sorted = sorted(rows)
        for field in self._fields.values():
            field.sort()
        self._pending = set()

    def _put(self, name: str, entry: Entry, sort: bool = True) -> list[tuple[str, str, str]]:
        self._entries[name] = entry
        slug = normalize(entry.slug)
        title = normalize(entry.title)
        aliases = [normalize(a) for a in entry.aliases]
        name_words = tuple(dict.fromkeys((*slug.split(), *title.split())))
        alias_words = tuple(dict.fromkeys(w for a in aliases for w in a.split()))
        summary_words = tuple(dict.fromkeys(normalize(entry.summary).split()))
        self._words[name] = (name_words, alias_words, summary_words)
        self._fields[NAME].add(name, name_words, sort)
        self._fields[ALIAS].add(name, alias_words, sort)
        self._fields[SUMMARY].add(name, summary_words, sort)
        rows = [
            (text, name, field)
            for text, field in ((slug, "slug"), (title, "title"), *((a, "alias") for a in aliases))
            if text
        ]
        for text, _, field in rows:
            self._exact.setdefault(text, {}).setdefault(name, field)
        if sort:
            for row in rows:
                bisect.insort(self._sorted, row)
        return rows

    def _drop(self, name: str) -> None:
        entry = self._entries.pop(name, None)
        words = self._words.pop(name, None)
        if entry is None or words is None:
            return
        for group, group_words in zip((NAME, ALIAS, SUMMARY), words):
            self._fields[group].remove(name, group_words)
        texts = [
            (normalize(entry.slug), "slug"),
            (normalize(entry.title), "title"),
            *((normalize(a), "alias") for a in entry.aliases),
        ]
        for text, field in texts:
            if not text:
                continue
            owners = self._exact.get(text)
            if owners is not None:
                owners.pop(name, None)
                if not owners:
                    del self._exact[text]
            i = bisect.bisect_left(self._sorted, (text, name, field))
            if i < len(self._sorted) and self._sorted[i] == (text, name, field):
                del self._sorted[i]

    # ------------------------------------------------------------ querying

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        self.sync()
        q = normalize(query)
        if not q or limit <= 0:
            return []
        best: dict[str, tuple[float, str]] = {}

        def offer(name: str, score: float, field: str) -> None:
            if score > best.get(name, (-1.0, ""))[0]:
                best[name] = (score, field)

        for name, field in self._exact.get(q, {}).items():
            offer(name, 98.0 if field == "alias" else 100.0, field)
        i = bisect.bisect_left(self._sorted, (q,))
        while i < len(self._sorted) and self._sorted[i][0].startswith(q):
            text, name, field = self._sorted[i]
            i += 1
            if text != q:
                closeness = len(q) / len(text)
                offer(name, (88.0 if field == "alias" else 90.0) + 7.0 * closeness, field)
        tokens = list(dict.fromkeys(q.split()))
        if len(q) >= 2:
            for group, word_base, fuzzy_base in ((NAME, 80.0, 60.0), (ALIAS, 78.0, 58.0), (SUMMARY, 50.0, 40.0)):
                if group == SUMMARY and len(best) >= limit and min(s for s, _ in best.values()) >= 58.0:
                    break  # enough name matches: a summary match could not rank among them
                for name, quality in self._all_words(group, tokens, limit).items():
                    if quality >= 0.85:
                        score = word_base + 7.0 * (quality - 0.85) / 0.15
                    else:
                        # typo-level quality runs from 0.6 to 0.85: spread it over the band, never past it
                        span = 17.0 if group == SUMMARY else 19.0
                        score = fuzzy_base + span * min(1.0, max(0.0, quality - 0.6) / 0.25)
                    field = group if group != NAME else self._name_field(name, tokens)
                    offer(name, round(score, 3), field)
        ranked = sorted(
            best.items(),
            key=lambda kv: (-kv[1][0], self._entries[kv[0]].display_title.casefold(), self._entries[kv[0]].slug),
        )
        return [Hit(self._entries[n].slug, self._entries[n].title, s, f) for n, (s, f) in ranked[:limit]]

    def _all_words(self, group: str, tokens: list[str], limit: int) -> dict[str, float]:
        """Files in which every token matches a word of ``group``, with the mean match quality.

        Whole words narrow the set first; the word being typed (the last, matched by prefix)
        is then looked up only among the survivors.
        """
        field = self._fields[group]
        total: dict[str, float] | None = None
        for k, token in enumerate(tokens):
            last = k == len(tokens) - 1
            prefix = len(token) >= 2 or last
            if len(tokens) == 1:
                return field.matches(token, prefix, need=limit)
            found = field.matches(token, prefix, within=total)
            total = found if total is None else {n: total[n] + q for n, q in found.items()}
            if not total:
                return {}
        return {n: s / len(tokens) for n, s in (total or {}).items()}

    def _name_field(self, name: str, tokens: list[str]) -> str:
        """'slug' when the slug's words hold every token (by prefix), else 'title'."""
        slug_words = normalize(self._entries[name].slug).split()
        if all(any(w.startswith(t) for w in slug_words) for t in tokens):
            return "slug"
        return "title"


def searcher(index: LibraryIndex) -> SearchIndex:
    """The index's search structures, made on first use and kept up to date with it."""
    found = index.extras.get("search")
    if found is None:
        found = index.extras["search"] = SearchIndex(index)
    return found


def search(index: LibraryIndex, query: str, limit: int = 20) -> list[Hit]:
    """The best ``limit`` patterns for ``query``; see the module docstring for the ranking."""
    return searcher(index).search(query, limit)
