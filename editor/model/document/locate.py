"""Where a field lives in the frontmatter text: its node, its entry's span, where its value starts.

The data and the node tree have the same shape; a path is followed through both at once, so a
``[slug=x]`` selector picks the node of the item the data selects.
"""

from __future__ import annotations

from typing import Any

from editor.model.document.datapath import select_index
from editor.model.document.yamlnode import (
    Located,
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    colon_end,
    column,
    content_end,
    dash_index,
    find_key,
)
from editor.model.errors import PathError
from editor.model.paths import APPEND, Path, Select, format_path


def locate(root: Node | None, data: Any, segs: Path, name: str) -> Located:
    """The node at ``segs`` with its parent, key and index; PathError when there is none."""
    node = root
    loc = Located(None, 0, None, node)  # type: ignore[arg-type]
    for seg in segs:
        if isinstance(seg, str):
            if not isinstance(node, MappingNode):
                raise PathError(f"no field {format_path(segs)}", name)
            found = find_key(node, seg)
            if found is None:
                raise PathError(f"no field {format_path(segs)}", name)
            index, key, value = found
            loc = Located(node, index, key, value)
            data = data[seg]
        else:
            if not isinstance(node, SequenceNode) or seg is APPEND:
                raise PathError(f"no item {format_path(segs)}", name)
            if isinstance(seg, Select):
                try:
                    index = select_index(data, seg)
                except KeyError:
                    raise PathError(f"no item {format_path(segs)}", name) from None
            else:
                index = seg + len(node.value) if seg < 0 else seg
                if not 0 <= index < len(node.value):
                    raise PathError(f"no item {format_path(segs)}", name)
            loc = Located(node, index, None, node.value[index])
            data = data[index]
        node = loc.node
    return loc


def concrete(data: Any, segs: Path) -> tuple:
    """``segs`` with every ``[key=value]`` resolved to its index in ``data``."""
    out: list = []
    for seg in segs:
        if isinstance(seg, Select):
            seg = select_index(data, seg)
        data = data[seg]
        out.append(seg)
    return tuple(out)


def entry_spans(parent: Node, fm: str) -> list[tuple[int, int]]:
    """(start, end) of each entry's own text: key..value for maps, dash..value for block lists."""
    spans = []
    if isinstance(parent, MappingNode):
        for key, value in parent.value:
            end = content_end(value, fm)
            if isinstance(value, ScalarNode) and value.start_mark.index == value.end_mark.index:
                end = colon_end(key, fm)
            spans.append((key.start_mark.index, end))
    else:
        for item in parent.value:
            start = item.start_mark.index if parent.flow_style else dash_index(item, fm)
            spans.append((start, content_end(item, fm)))
    return spans


def parent_col(loc: Located, fm: str) -> int:
    """The column a value's own lines are indented from: its key's, or its dash's."""
    if loc.key is not None:
        return loc.key.start_mark.column
    if isinstance(loc.parent, SequenceNode) and not loc.parent.flow_style:
        return column(fm, dash_index(loc.node, fm))
    return 0


def anchor(loc: Located, fm: str) -> int:
    """Where a value's replaceable text starts: after ``key:`` or ``-``, or the flow item."""
    if loc.parent is not None and loc.parent.flow_style:
        return loc.node.start_mark.index
    if loc.key is not None:
        return colon_end(loc.key, fm)
    return dash_index(loc.node, fm) + 1


def block_lines(node: Node, fm: str) -> list[str] | None:
    """A block scalar's (``>`` / ``|``) content lines, for re-folding near them; else None."""
    if isinstance(node, ScalarNode) and node.style in (">", "|"):
        return fm[node.start_mark.index : content_end(node, fm)].splitlines()[1:]
    return None
