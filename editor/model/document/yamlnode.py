"""The frontmatter's YAML node graph, from libyaml, with exact character spans.

Text is the source of truth: libyaml composes a node graph whose marks locate every key
and value in the original characters, so an edit replaces exactly the characters of the
node it touches and everything else stays byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from editor.model.errors import ParseError

try:  # the C loader is 20-50x faster; the pure-Python one gives identical marks
    _Base = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Base = yaml.SafeLoader


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """The safe loader, except that an impossible date (2026-02-30) stays text for the
    validator to report, instead of making the whole file unreadable."""


def _timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode):
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return node.value


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)

Node = yaml.Node
ScalarNode = yaml.ScalarNode
MappingNode = yaml.MappingNode
SequenceNode = yaml.SequenceNode

MAX_FRONTMATTER_CHARS = 1_000_000
MAX_EXPANDED_NODES = 200_000
_WS = " \t\r\n"


def compose(fm: str, file: str = "", line_offset: int = 0) -> tuple[Node | None, Any]:
    """Compose and construct ``fm``. Positions in errors are file lines (1-based)."""
    if len(fm) > MAX_FRONTMATTER_CHARS:
        raise ParseError(
            f"frontmatter is {len(fm) / 1e6:.1f} MB; the limit is {MAX_FRONTMATTER_CHARS / 1e6:.0f} MB",
            file,
            line_offset + 1,
            1,
        )
    loader = _Loader(fm)
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_expansion(node, file, line_offset)
            data = loader.construct_document(node)
        else:
            data = None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or "YAML error"
        if exc.context:
            message = f"{message} ({exc.context}"
            if exc.context_mark is not None and exc.context_mark is not mark:
                message += f" at line {line_offset + exc.context_mark.line + 1}"
            message += ")"
        line = line_offset + mark.line + 1 if mark else 0
        col = mark.column + 1 if mark else 0
        raise ParseError(message, file, line, col) from None
    except yaml.YAMLError as exc:
        raise ParseError(str(exc), file, line_offset + 1, 1) from None
    except (ValueError, OverflowError) as exc:  # e.g. a timestamp libyaml accepts but datetime refuses
        raise ParseError(f"unreadable value: {exc}", file, line_offset + 1, 1) from None
    finally:
        loader.dispose()
    return node, data


def load_value(text: str) -> Any:
    """One YAML value (a scalar or a flow collection) read the way the editor reads files: an
    impossible date stays text. Raises ParseError."""
    _node, data = compose(text)
    return data


def _check_expansion(root: Node, file: str, line_offset: int) -> None:
    """Refuse alias bombs and recursive aliases before anything walks the data."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise ParseError(
                "recursive YAML alias", file, line_offset + node.start_mark.line + 1, node.start_mark.column + 1
            )
        active.add(key)
        total = 1
        if isinstance(node, MappingNode):
            for k, v in node.value:
                total += size(k) + size(v)
        elif isinstance(node, SequenceNode):
            for v in node.value:
                total += size(v)
        active.discard(key)
        if total > MAX_EXPANDED_NODES:
            raise ParseError(
                f"YAML aliases expand to more than {MAX_EXPANDED_NODES:,} values (an alias bomb?)",
                file,
                line_offset + node.start_mark.line + 1,
                node.start_mark.column + 1,
            )
        sizes[key] = total
        return total

    size(root)


def is_block(node: Node) -> bool:
    return isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style


def content_end(node: Node, fm: str) -> int:
    """Index just past the node's own characters (libyaml's end mark of a block node or a
    block scalar runs on over trailing blank lines and comments)."""
    if isinstance(node, ScalarNode):
        end = node.end_mark.index
        if node.style in ("|", ">"):
            start = node.start_mark.index
            while end > start and fm[end - 1] in _WS:
                end -= 1
            while end < len(fm) and fm[end] in " \t":
                end += 1
        return end
    if is_block(node) and node.value:
        last = node.value[-1]
        if isinstance(node, MappingNode):
            key, value = last
            if isinstance(value, ScalarNode) and value.start_mark.index == value.end_mark.index:
                return colon_end(key, fm)  # `key:` with an empty (null) value
            return content_end(value, fm)
        return content_end(last, fm)
    return node.end_mark.index


def colon_end(key: Node, fm: str) -> int:
    """Index just past the ``:`` that follows a block mapping key."""
    i = content_end(key, fm)
    while i < len(fm) and fm[i] in " \t":
        i += 1
    if i < len(fm) and fm[i] == ":":
        return i + 1
    return i  # pragma: no cover - libyaml guarantees a colon after a block key


def line_start(text: str, pos: int) -> int:
    return max(text.rfind("\n", 0, pos), text.rfind("\r", 0, pos)) + 1


def line_end(text: str, pos: int) -> int:
    """Index of the line break ending the line that holds ``pos`` (or len(text))."""
    n = len(text)
    while pos < n and text[pos] not in "\r\n":
        pos += 1
    return pos


def after_line_break(text: str, pos: int) -> int:
    """Given the index of a line break (or len), the index of the next line."""
    if text.startswith("\r\n", pos):
        return pos + 2
    if pos < len(text):
        return pos + 1
    return pos


def column(text: str, pos: int) -> int:
    return pos - line_start(text, pos)


def dash_index(item: Node, fm: str) -> int:
    """Index of the ``-`` introducing a block sequence item."""
    i = item.start_mark.index - 1
    while i >= 0 and fm[i] in " \t\r\n":
        i -= 1
    return i


def find_key(node: Node, name: str) -> tuple[int, Node, Node] | None:
    """The last entry named ``name`` (YAML loaders keep the last of duplicate keys)."""
    found = None
    for i, (key, value) in enumerate(node.value):
        if isinstance(key, ScalarNode) and key.value == name:
            found = (i, key, value)
    return found


@dataclass
class Located:
    """Where a path points: the container, the position in it, and the key/value nodes."""

    parent: Node | None
    index: int  # position among the parent's entries / items
    key: Node | None  # mapping key node (None for sequence items and the root)
    node: Node
