"""Spell check of a pattern's prose: the body and the long text fields of the frontmatter.

The checker is spylls (a pure-Python port of Hunspell) over real Hunspell dictionaries bundled in
``resources/dictionaries/`` (Debian's ``hunspell-en-us`` / ``hunspell-en-gb``, each an unchanged
``.aff`` + ``.dic`` pair in a zip; licences beside them). A library adds its own words: titles,
slugs split on hyphens, aliases and search keywords, plus the words curators added to
``[spelling] words`` in ``.pattern-editor.toml``.

What is never checked: fenced and inline code, link targets and URLs, e-mail addresses, HTML tags,
YAML keys (only the values of the long text fields are read), words holding digits or underscores,
ALL-CAPS words (acronyms) and single letters. Lookups are cached per word; suggestions are only
computed when asked for (they take a tenth of a second or more each).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib.resources import as_file
from typing import Any

from spylls.hunspell import Dictionary

from editor.base.assets import resource
from editor.model.document.document import Document
from editor.model.document.yamlnode import MappingNode, ScalarNode
from editor.model.library.bodylinks import prose_lines

LANGUAGES = {"en_US": "English (United States)", "en_GB": "English (United Kingdom)"}
DEFAULT_LANGUAGE = "en_US"

# words: letters, joined by inner apostrophes (don't, pattern's); hyphenated words are two words
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# spans of a markdown line that are not prose: inline code, link targets, autolinks, URLs, e-mail,
# HTML tags, wiki links, reference definitions, backslash escapes
_SKIP = re.compile(
    r"`+[^`]*`+"  # inline code
    r"|\]\([^)]*\)"  # a link's or image's target: ](target "title")
    r"|\[\[[^\]]*\]\]"  # [[wiki link]]
    r"|<[^>\s]+>"  # <https://autolink>, <b>, </tag>
    r"|<[a-zA-Z][^>]*>"  # <a href="…">
    r"|\b(?:https?|ftp|mailto|file):\S+"
    r"|\bwww\.\S+"
    r"|\S+@\S+\.\w+"
    r"|^\s*\[[^\]]+\]:\s*\S+"  # [ref]: target
    r"|\\."
)
_LONG_FIELDS = ("summary", "context_labels")  # and any key ending in _reasoning


@dataclass(frozen=True)
class Misspelling:
    file: str
    line: int  # 1-based file line
    column: int  # 1-based, in characters
    word: str
    suggestions: tuple[str, ...] = ()

    def text(self) -> str:
        hint = f" ({', '.join(self.suggestions)})" if self.suggestions else ""
        return f"{self.file}:{self.line}:{self.column}: {self.word}{hint}"

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["suggestions"] = list(self.suggestions)
        return out


# ------------------------------------------------------------------ tokens


def line_words(line: str) -> Iterator[tuple[int, str]]:
    """(0-based column, word) of each word worth checking in one markdown line outside a fence."""
    masked = _SKIP.sub(_blank, line)  # same length: columns stay those of the line
    for m in _WORD.finditer(masked):
        word = m.group()
        # single letters, ALL-CAPS acronyms and camelCase / iPhone names are not checked
        if len(word) < 2 or not word[1:].islower():
            continue
        start, end = m.span()
        before, after = line[start - 1 : start], line[end : end + 1]
        if (before and (before.isdigit() or before in "_@/\\")) or (after and (after.isdigit() or after in "_@")):
            continue  # part of an identifier, a path or a number
        yield start, word


def _blank(m: re.Match[str]) -> str:
    return " " * (m.end() - m.start())


def body_words(body: str) -> Iterator[tuple[int, int, str]]:
    """(0-based body line, 0-based column, word) outside fenced code blocks."""
    for i, line in prose_lines(body):
        for col, word in line_words(line.rstrip("\r")):
            yield i, col, word


def is_long_text(path: tuple[str, ...]) -> bool:
    """summary, every context label, and every ``*_reasoning`` text."""
    return bool(path) and (path[0] in _LONG_FIELDS or path[-1].endswith("_reasoning"))


def field_words(doc: Document) -> Iterator[tuple[int, int, str, str]]:
    """(1-based file line, 0-based column, word, dotted path) in the long text fields' values."""
    if doc.root is None or doc.parts is None:
        return
    fm = doc.parts.frontmatter(doc.text)
    starts = [0] + [m.end() for m in re.finditer("\n", fm)]
    offset = doc.fm_line_offset()
    for path, node in _scalars(doc.root, ()):
        if not is_long_text(path):
            continue
        start, end = node.start_mark.index, node.end_mark.index
        if node.style in ("|", ">"):  # skip the block header (">-", "|2") and its line
            newline = fm.find("\n", start, end)
            start = end if newline < 0 else newline + 1
        pos = start
        for piece in fm[start:end].split("\n"):
            line = bisect_right(starts, pos) - 1
            base = pos - starts[line]
            for col, word in line_words(piece.rstrip("\r")):
                yield offset + line + 1, base + col, word, ".".join(path)
            pos += len(piece) + 1


def _scalars(node: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], ScalarNode]]:
    if isinstance(node, MappingNode):
        for key, value in node.value:
            name = str(key.value)
            if isinstance(value, ScalarNode):
                if value.tag.endswith(":str"):
                    yield path + (name,), value
            else:
                yield from _scalars(value, path + (name,))


# ------------------------------------------------------------------ the checker


@lru_cache(maxsize=4)
def dictionary(language: str = DEFAULT_LANGUAGE) -> Dictionary:
    """A bundled Hunspell dictionary (about 0.5 s for en_US, 1.5 s for en_GB; loaded once)."""
    if language not in LANGUAGES:
        raise ValueError(f"no dictionary for {language!r}; bundled: {', '.join(LANGUAGES)}")
    with as_file(resource(f"dictionaries/{language}.zip")) as path:
        return Dictionary.from_zip(str(path))


def words_of(text: str) -> set[str]:
    """The words of a title, alias or keyword, lower-cased (hyphens split)."""
    return {w.lower().replace("’", "'") for w in _WORD.findall(text)}


def library_words(
    titles: Iterable[str] = (), slugs: Iterable[str] = (), others: Iterable[str] = (), added: Iterable[str] = ()
) -> set[str]:
    """The library's own vocabulary: titles, slugs split on hyphens, aliases and keywords
    (``others``), and the words added to the library config."""
    out: set[str] = set()
    for text in (*titles, *others):
        out |= words_of(text)
    for slug in slugs:
        out |= {part for part in slug.lower().split("-") if part}
    out |= {w.lower() for w in added}
    return out


def words_from_data(data: Any) -> tuple[list[str], list[str], list[str]]:
    """(titles, slugs, aliases + keywords) of one pattern's frontmatter data."""
    if not isinstance(data, dict):
        return [], [], []
    titles = [data["title"]] if isinstance(data.get("title"), str) else []
    slugs = [data["slug"]] if isinstance(data.get("slug"), str) else []
    others: list[str] = []
    aliases = data.get("aliases")
    if isinstance(aliases, list):
        others += [a for a in aliases if isinstance(a, str)]
    hints = data.get("ontology", {}).get("search_hints") if isinstance(data.get("ontology"), dict) else None
    keywords = hints.get("vector_keywords") if isinstance(hints, dict) else None
    if isinstance(keywords, list):
        others += [k for k in keywords if isinstance(k, str)]
    return titles, slugs, others


class Speller:
    """One language's dictionary plus a library's words, with every answer cached per word."""

    def __init__(self, language: str = DEFAULT_LANGUAGE, extra: Iterable[str] = ()) -> None:
        self.language = language
        self.dictionary = dictionary(language)
        self.extra = {w.lower() for w in extra}
        self._known: dict[str, bool] = {}
        self._suggested: dict[tuple[str, int], list[str]] = {}

    def add_words(self, words: Iterable[str]) -> None:
        new = {w.lower() for w in words} - self.extra
        if new:
            self.extra |= new
            self._known = {w: ok for w, ok in self._known.items() if ok}  # a wrong word may be right now

    def correct(self, word: str) -> bool:
        known = self._known.get(word)
        if known is None:
            known = self._known[word] = self._check(word)
        return known

    def _check(self, word: str) -> bool:
        plain = word.replace("’", "'")
        lower = plain.lower()
        if lower in self.extra:
            return True
        lookup = self.dictionary.lookup
        if lookup(plain) or (plain[:1].isupper() and lookup(lower)):
            return True
        for suffix in ("'s", "'"):  # possessives: the pattern's, the patterns'
            if lower.endswith(suffix) and len(lower) > len(suffix):
                stem = plain[: -len(suffix)]
                return stem.lower() in self.extra or lookup(stem) or lookup(stem.lower())
        return False

    def suggestions(self, word: str, limit: int = 6) -> list[str]:
        """Hunspell's suggestions, best first (slow: 0.1-0.5 s a word; cached)."""
        key = (word, limit)
        if key not in self._suggested:
            self._suggested[key] = self._suggest(word, limit)
        return list(self._suggested[key])

    def _suggest(self, word: str, limit: int) -> list[str]:
        out: list[str] = []
        for s in self.dictionary.suggest(word.replace("’", "'")):
            if s not in out:
                out.append(s)
            if len(out) >= limit:
                break
        return out

    def check_text_lines(self, lines: Iterable[tuple[int, int, str]]) -> Iterator[tuple[int, int, str]]:
        for line, col, word in lines:
            if not self.correct(word):
                yield line, col, word

    def check(self, doc: Document, suggest: bool = True, limit: int = 5) -> list[Misspelling]:
        """Misspelt words of the long text fields and the body, in file order."""
        file = str(doc.path) if doc.path is not None else "<untitled>"
        found: list[tuple[int, int, str]] = []
        for line, col, word, _path in field_words(doc):
            if not self.correct(word):
                found.append((line, col, word))
        first = doc.body_line()
        found += [(first + line, col, word) for line, col, word in self.check_text_lines(body_words(doc.body))]
        found.sort()
        return [
            Misspelling(file, line, col + 1, word, tuple(self.suggestions(word, limit)) if suggest else ())
            for line, col, word in found
        ]
