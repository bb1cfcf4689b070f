"""Evaluating a parsed query against a file's full frontmatter data.

``compile_query`` turns the AST into nested closures once, so filtering 10,000 files is one
call per file per term. A field is a dotted path or a schema alias (``schema/aliases.py``); a
file that lacks the path (or holds null there) never matches a comparison, ``!=`` included.
"""

from __future__ import annotations

import datetime
import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from editor.model.query.parser import And, Node, Not, Term, parse
from editor.model.schema import LEGACY, RELATION_TYPES, V7, layout_of
from editor.model.schema.aliases import alias_paths

FUZZY_CUTOFF = 80  # rapidfuzz partial_ratio (0-100) for a bare word to count as found
_MISSING = object()
_LEGACY_RELATIONS = (*RELATION_TYPES, "related")
_LAYOUTS = (V7.name, LEGACY.name)


@dataclass
class Subject:
    """One file as a query sees it: its data, its layout's name, its path."""

    data: Any
    file: str = ""
    layout: str = ""
    _haystack: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if not self.layout:
            self.layout = layout_of(self.data).name

    def haystack(self) -> str:
        """Title, slug, aliases and summary, lower-cased, for bare words."""
        if self._haystack is None:
            d = self.data if isinstance(self.data, dict) else {}
            aliases = d.get("aliases")
            parts = [
                d.get("title"),
                d.get("slug"),
                *(aliases if isinstance(aliases, list) else [aliases]),
                d.get("summary"),
            ]
            self._haystack = " ".join(str(p) for p in parts if p is not None).lower()
        return self._haystack


def value_at(subject: Subject, path: str) -> Any:
    """The value ``path`` (dotted, or an alias) names in this file, or ``_MISSING``; null counts as missing."""
    return _resolver(path)(subject)


def _resolver(path: str) -> Callable[[Subject], Any]:
    """``value_at`` for one path, with the alias and the dots worked out once (a query runs it per file)."""
    if alias_paths(path, V7.name) is None:
        get = _getter([path.split(".")])
        return lambda s: get(s.data)
    by_layout = {name: _getter([p.split(".") for p in alias_paths(path, name) or ()]) for name in _LAYOUTS}
    return lambda s: by_layout[s.layout](s.data)


def _getter(paths: list[list[str]]) -> Callable[[Any], Any]:
    """data -> the first non-null value of these key paths, or ``_MISSING``: plain dict lookups,
    and the general walk only where a list lies on the way."""
    if not paths:
        return lambda data: _MISSING
    if len(paths) > 1:
        getters = [_getter([keys]) for keys in paths]

        def first(data: Any) -> Any:
            for get in getters:
                found = get(data)
                if found is not _MISSING:
                    return found
            return _MISSING

        return first
    keys = paths[0]

    def get(data: Any) -> Any:
        value = data
        for key in keys:
            if type(value) is dict:
                value = value.get(key)
            elif type(value) is list:
                found = _walk(data, keys)
                return _MISSING if found is None else found
            else:
                return _MISSING
        return _MISSING if value is None else value

    return get


def lookup(subject: Subject, path: str) -> Any:
    """``value_at`` for columns: None where the file has no value."""
    found = value_at(subject, path)
    return None if found is _MISSING else found


def _walk(value: Any, keys: list[str]) -> Any:
    for i, key in enumerate(keys):
        if isinstance(value, dict):
            value = value.get(key, _MISSING)
        elif isinstance(value, list):
            if key.isdigit():
                value = value[int(key)] if int(key) < len(value) else _MISSING
            else:  # a key through a list of mappings: the values of every entry (relationships.enables.slug)
                rest = keys[i:]
                found = [_walk(item, rest) for item in value if isinstance(item, dict)]
                return [v for v in found if v is not _MISSING and v is not None] or _MISSING
        else:
            return _MISSING
        if value is _MISSING:
            return _MISSING
    return value


def _empty(value: Any) -> bool:
    return value is _MISSING or value is None or (isinstance(value, (str, list, dict)) and not value)


def _number(value: Any) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


def _equals(value: Any, wanted: str) -> bool:
    """A scalar equals the query's text: numbers by value, text ignoring case."""
    number = _number(value)
    if number is not None:
        try:
            return number == float(wanted)
        except ValueError:
            return False
    if isinstance(value, (dict, list)):
        return False
    return _text(value).lower() == wanted.lower()


def _holds(value: Any, wanted: str) -> bool:
    if isinstance(value, list):
        return any(_equals(item, wanted) for item in value)
    return _equals(value, wanted)


def _contains(value: Any, needle: str) -> bool:
    if isinstance(value, list):
        return any(_contains(item, needle) for item in value)
    if isinstance(value, dict):
        return False
    return needle in _text(value).lower()


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def link_targets(subject: Subject, id_to_slug: Mapping[str, str]) -> set[str]:
    """Every slug this file relates to, either layout: v7.1 ``relationships.<type>[]`` (``{slug}``
    entries or bare strings), the older top-level lists of slugs or ids (ids resolved to slugs)."""
    data = subject.data if isinstance(subject.data, dict) else {}
    rels = data.get("relationships")
    lists = list(rels.values()) if isinstance(rels, dict) else []
    if subject.layout == LEGACY.name:
        lists += [data.get(key) for key in _LEGACY_RELATIONS]
    out: set[str] = set()
    for items in lists:
        for item in items if isinstance(items, list) else [items] if isinstance(items, str) else []:
            target = item.get("slug", item.get("id")) if isinstance(item, dict) else item
            if isinstance(target, str) and target:
                out.add(id_to_slug.get(target, target))
    return out


def _term(term: Term, id_to_slug: Mapping[str, str]) -> Callable[[Subject], bool]:
    op, path, value = term.op, term.path, term.value
    if op == "layout":
        return lambda s: s.layout == value
    get = _resolver(path)
    if op == "has":
        return lambda s: not _empty(get(s))
    if op == "missing":
        return lambda s: _empty(get(s))
    if op == "links":
        return lambda s: value in link_targets(s, id_to_slug)
    if op == "word":
        word = str(value).lower()
        return lambda s: word in s.haystack() or fuzz.partial_ratio(word, s.haystack(), score_cutoff=FUZZY_CUTOFF) > 0
    if op in _COMPARE:
        compare, limit = _COMPARE[op], float(value)

        def numeric(s: Subject) -> bool:
            found = get(s)
            kind = type(found)  # not isinstance: a bool is no score
            return (kind is float or kind is int) and compare(found, limit)

        return numeric
    text = str(value)
    if op == "~":
        needle = text.lower()
        return lambda s: (found := get(s)) is not _MISSING and _contains(found, needle)
    if op == "!=":
        return lambda s: (found := get(s)) is not _MISSING and not _holds(found, text)
    lowered = text.lower()

    def holds(s: Subject) -> bool:
        found = get(s)
        if type(found) is str:  # the common case, without the general comparison's calls
            return found == text or found.lower() == lowered
        return found is not _MISSING and _holds(found, text)

    return holds


def _compile(node: Node, id_to_slug: Mapping[str, str]) -> Callable[[Subject], bool]:
    if isinstance(node, Term):
        return _term(node, id_to_slug)
    if isinstance(node, Not):
        inner = _compile(node.inner, id_to_slug)
        return lambda s: not inner(s)
    parts = [_compile(p, id_to_slug) for p in node.parts]
    # chained closures: a generator per file (all/any) cost more than the terms themselves
    combined = parts[-1]
    for part in reversed(parts[:-1]):
        combined = _both(part, combined) if isinstance(node, And) else _either(part, combined)
    return combined


def _both(a: Callable[[Subject], bool], b: Callable[[Subject], bool]) -> Callable[[Subject], bool]:
    return lambda s: a(s) and b(s)


def _either(a: Callable[[Subject], bool], b: Callable[[Subject], bool]) -> Callable[[Subject], bool]:
    return lambda s: a(s) or b(s)


def compile_query(text: str, id_to_slug: Mapping[str, str] | None = None) -> Callable[[Subject], bool]:
    """A predicate over subjects; raises QueryError (with ``.column``) for a bad query.
    ``id_to_slug`` resolves the older layout's id lists for ``links:``."""
    node = parse(text)
    if node is None:
        return lambda s: True
    return _compile(node, id_to_slug or {})


def id_map(subjects: Iterable[Subject]) -> dict[str, str]:
    """id -> slug over a library, for ``links:`` on files that list related patterns by id."""
    out = {}
    for s in subjects:
        d = s.data if isinstance(s.data, dict) else {}
        if isinstance(d.get("id"), str) and isinstance(d.get("slug"), str):
            out[d["id"]] = d["slug"]
    return out
