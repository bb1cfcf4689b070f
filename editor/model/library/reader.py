"""Reading one pattern file for the library index: only the fields the index keeps.

Indexing reads only each file's frontmatter (the first few KB), lets libyaml's C parser check
and compose all of it, and turns into Python objects only the fields the index keeps: the
expensive part of ``yaml.load`` is constructing objects, and most of a frontmatter (context
labels, search hints, entities, reasons) is not needed here. Broken files are kept as entries
with their error.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from editor.model.document.markers import marker_lines
from editor.model.document.split import decode, split
from editor.model.document.storage import MAX_FILE_BYTES
from editor.model.document.yamlnode import MAX_EXPANDED_NODES, compose
from editor.model.errors import PatternError
from editor.model.library.entry import Entry, broken
from editor.model.schema import LEGACY, layout_for_keys
from editor.model.schema.scorecard import SCORE_KEYS, scores
from editor.model.schema.spec import RELATION_TYPES

HEAD_BYTES = 16384  # the largest frontmatter in the corpus is 8.4 KB; bigger ones read the rest
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
                    resolvers = self._by_first[key] = self.yaml_implicit_resolvers.get(key, []) + self._wildcard
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


def read_entry(path: str | Path, size: int | None = None, mtime_ns: int | None = None) -> Entry:
    """Index one file. Never raises for bad content: the problem goes into ``Entry.error``."""
    path = str(path)
    if size is None or mtime_ns is None:
        try:
            st = os.stat(path)
        except OSError as exc:
            return broken(path, 0, 0, f"cannot read: {exc.strerror}", 1, 1)
        size, mtime_ns = st.st_size, st.st_mtime_ns
    if size > MAX_FILE_BYTES:
        return broken(
            path,
            size,
            mtime_ns,
            f"file is {size / 1e6:.1f} MB; patterns are at most {MAX_FILE_BYTES / 1e6:.0f} MB",
            1,
            1,
        )
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEAD_BYTES)
            fm = _fast_frontmatter(head)
            data = head if fm is not None or len(head) < HEAD_BYTES else head + fh.read()
    except OSError as exc:
        return broken(path, size, mtime_ns, f"cannot read: {exc.strerror}", 1, 1)
    return _from_bytes(path, size, mtime_ns, data, fm)


def entry_of_bytes(path: str, data: bytes) -> Entry:
    """Index one version's bytes (a blob from git, say), as ``read_entry`` indexes a file."""
    return _from_bytes(path, len(data), 0, data, _fast_frontmatter(data[:HEAD_BYTES]))


def _from_bytes(path: str, size: int, mtime_ns: int, data: bytes, fm: str | None) -> Entry:
    line_offset = 1
    if fm is None:  # BOM, CRLF, leading blank lines, no frontmatter...: the editor's exact splitter
        try:
            text = decode(data, path)
            parts = split(text, path)
        except PatternError as exc:
            return broken(path, size, mtime_ns, exc.message, exc.line or 1, exc.column or 1)
        fm = parts.frontmatter(text)
        line_offset = (
            text.count("\n", 0, parts.fm_start) if parts.newline != "\r" else text.count("\r", 0, parts.fm_start)
        )
    try:
        return _entry(path, size, mtime_ns, fm, line_offset)
    except PatternError as exc:
        lines = marker_lines(fm)
        if lines:  # the cause, when conflict markers keep the YAML from parsing
            return broken(path, size, mtime_ns, CONFLICT, lines[0] + line_offset, 1)
        return broken(path, size, mtime_ns, exc.message, exc.line or 1, exc.column or 1)


CONFLICT = "unresolved merge conflict: open it to choose between the versions"


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
    chunk = head[4 : end + 1]
    if b"\r" in chunk or b"\x00" in chunk:
        return None
    try:
        return chunk.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _entry(path: str, size: int, mtime_ns: int, fm: str, line_offset: int) -> Entry:
    top = _top_keys(fm, path, line_offset)
    budget = [MAX_EXPANDED_NODES]
    layout = layout_for_keys(set(top)).name
    onto = _keys(top.get("ontology"))
    cls = _keys(top.get("classification"))
    domain = _text(onto.get("domain")) or _text(cls.get("domain"))
    commons = _unique_texts(onto.get("commons_domain"), cls.get("commons_domain"), top.get("commons_domain"))
    domains = _unique_texts(
        onto.get("cross_domains"),
        onto.get("commons_domain"),
        cls.get("commons_domain"),
        top.get("commons_domain"),
        first=domain,
    )
    garden = _keys(top.get("graph_garden"))
    return Entry(
        path,
        _text(top.get("slug")) or os.path.basename(path)[:-3],
        _text(top.get("id")),
        _text(top.get("title")) or "",
        tuple(a for a in (_text(x) for x in _items(top.get("aliases"))) if a),
        " ".join((_text(top.get("summary")) or "").split()),
        _text(_keys(top.get("lifecycle")).get("status")) or _text(cls.get("status")),
        layout,
        domain,
        domains,
        _scores(onto, cls),
        _relationships(top, layout == LEGACY.name, budget),
        _inferred(garden),
        _communities(garden),
        size,
        mtime_ns,
        None,
        commons,
    )


def _top_keys(fm: str, path: str, line_offset: int) -> dict[str, Any]:
    """The frontmatter's top-level keys -> value nodes; the editor's own ParseError when it does not parse."""
    loader = _Loader(fm)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError:
        root = None
        compose(fm, path, line_offset)  # raises the editor's own ParseError for this text
        raise PatternError("the frontmatter does not parse", path, line_offset + 1, 1) from None  # pragma: no cover
    finally:
        loader.dispose()
    if root is None:
        return {}
    if isinstance(root, yaml.MappingNode):
        return _keys(root)
    kind = "list" if isinstance(root, yaml.SequenceNode) else _type_name(root)
    raise PatternError(f"frontmatter must be a mapping of keys, not a {kind}", path, line_offset + 1, 1)


def _unique_texts(*nodes: Any, first: str | None = None) -> tuple[str, ...]:
    """The texts of these lists (or single strings), in order, without repeats or blanks."""
    out: list[str] = [first] if first else []
    for node in nodes:
        for text in (_text(x) for x in _items(node)):
            if text and text not in out:
                out.append(text)
    return tuple(out)


def _scores(onto: dict[str, Any], cls: dict[str, Any]) -> dict[str, float]:
    """The score card as the schema's accessor reads it, plus the legacy commons alignment."""
    card = _keys(onto.get("commons_assessment"))
    ontology = {
        "commons_assessment": {key: _scalar(card.get(key)) for key in SCORE_KEYS},
        "overall_score": _scalar(onto.get("overall_score")),
    }
    found = {key: float(value) for key, value in scores({"ontology": ontology}).items()}
    alignment = _number(cls.get("commons_alignment"))
    if alignment is not None:
        found["commons_alignment"] = alignment
    return found


def _relationships(top: dict[str, Any], legacy: bool, budget: list[int]) -> tuple[tuple[str, str, float | None], ...]:
    lists = list(_keys(top.get("relationships")).items())
    if legacy:
        lists += [(k, top[k]) for k in _LEGACY_RELATIONS if k in top]
    out = []
    for rel_type, node in lists:
        for item in _items(node):
            target, weight = _relation(item, budget)
            if target:
                out.append((rel_type, target, weight))
    return tuple(out)


def _inferred(garden: dict[str, Any]) -> tuple[tuple[str | None, str, float | None], ...]:
    out = []
    for item in _items(garden.get("inferred_links")):
        link = _keys(item)
        target = _text(link.get("target"))
        if target:
            out.append((_text(link.get("type")), target, _number(link.get("confidence"))))
    return tuple(out)


def _communities(garden: dict[str, Any]) -> tuple[str, ...]:
    ids = (
        _text(item) if isinstance(item, yaml.ScalarNode) else _text(_keys(item).get("id"))
        for item in _items(garden.get("communities"))
    )
    return tuple(cid for cid in ids if cid)


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
