"""The text a new value is written as, in the style its place calls for.

A value keeps its own node's style when the shape matches, else takes a sibling's, else the
schema's hint; files that quote nothing (machine-dumped) get the hint unquoted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from editor.model.document.emit import Conventions, Style, flow_text, render_after, render_item, style_of
from editor.model.document.locate import parent_col
from editor.model.document.yamlnode import (
    Located,
    MappingNode,
    ScalarNode,
    SequenceNode,
    colon_end,
    column,
    content_end,
    dash_index,
)
from editor.model.errors import PathError


def style_for(loc: Located, fm: str, value: Any, hint: Callable[[], Style]) -> Style:
    """The node's own style when the shape matches, else a sibling's, else ``hint()``."""
    node = loc.node
    same_shape = (
        (isinstance(value, dict) and isinstance(node, MappingNode) and node.value)
        or (isinstance(value, list) and isinstance(node, SequenceNode) and node.value)
        or (
            not isinstance(value, (dict, list))
            and isinstance(node, ScalarNode)
            and node.start_mark.index != node.end_mark.index
        )
    )
    if same_shape:
        return style_of(node, fm, parent_col(loc, fm))
    sibling = sibling_style(loc, fm, value)
    if sibling is not None:
        return sibling
    return hint()


def sibling_style(loc: Located, fm: str, value: Any) -> Style | None:
    """The style of another entry of the same mapping that holds the same kind of value."""
    parent = loc.parent
    if not isinstance(parent, MappingNode):
        return None
    want = MappingNode if isinstance(value, dict) else SequenceNode if isinstance(value, list) else ScalarNode
    for key, other in parent.value:
        if other is loc.node or not isinstance(other, want) or not other.value:
            continue
        if want is ScalarNode and (other.tag != "tag:yaml.org,2002:str") != (not isinstance(value, str)):
            continue
        return style_of(other, fm, key.start_mark.column)
    return None


def unquote(style: Style) -> None:
    """Drop double quotes from a style and its children, for files that quote nothing."""
    if style.scalar == '"':
        style.scalar = ""
    if style.item:
        unquote(style.item)
    for child in style.keys.values():
        unquote(child)


def replace_value(
    loc: Located, fm: str, value: Any, style: Style, conv: Conventions, nl: str, old_lines: list[str] | None, name: str
) -> tuple[int, int, str]:
    """Span and new text that replace the value at ``loc`` with ``value`` written in ``style``."""
    node = loc.node
    end = content_end(node, fm)
    parent = loc.parent
    if parent is not None and parent.flow_style:
        return node.start_mark.index, end, flow_text(value, style, conv)
    if loc.key is not None:
        col = loc.key.start_mark.column
        after = render_after(value, style, conv, col, nl, old_lines)
        start = colon_end(loc.key, fm)
        if node.start_mark.index == node.end_mark.index:  # `key:` with nothing after it
            return start, start, after
        inline = fm[start : node.start_mark.index].strip(" \t") == ""
        if inline and after.startswith(" "):
            return node.start_mark.index, end, after[1:]
        return start, end, after
    if parent is None:
        raise PathError("cannot replace the whole frontmatter; edit it in source view", name)
    dash = dash_index(node, fm)
    after = render_item(value, style, conv, column(fm, dash), nl)
    if after.startswith(" ") and fm[dash + 1 : node.start_mark.index].strip(" \t") == "":
        return node.start_mark.index, end, after[1:]
    return dash + 1, end, after
