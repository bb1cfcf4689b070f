"""Edits that change the frontmatter's shape: insert a list item, delete, move, rename a key, add a key.

Each computes one ``PendingEdit`` from the text around the place it touches (neighbours' style,
the schema's key order) and hands it to ``Document._commit``, which applies and verifies it.
``ShapeEdits`` is a base of ``Document``; it relies on the document's reading, locating and
committing members listed below.
"""

from __future__ import annotations

import copy
from typing import Any

from editor.model.document.change import Change, PendingEdit
from editor.model.document.datapath import nest, select_index, walk
from editor.model.document.emit import Style, flow_text, key_text_of, render_after, render_item, style_of
from editor.model.document.locate import entry_spans
from editor.model.document.restyle import sibling_style
from editor.model.document.yamlnode import (
    Located,
    MappingNode,
    Node,
    after_line_break,
    column,
    content_end,
    dash_index,
    line_end,
    line_start,
)
from editor.model.errors import EditError, PathError
from editor.model.paths import APPEND, Path, Select, format_path, key_path, parse_path


class ShapeEdits:
    """Insert, delete, move, rename and create, for ``Document``.

    Uses the document's ``frontmatter``, ``root``, ``data``, ``name``, ``hints``, ``conventions``,
    ``newline``, ``get``, ``set``, ``_require_data``, ``_locate``, ``_replace_value``, ``_hint``,
    ``_forget_under`` and ``_commit``.
    """

    def insert(self, path: str | Path, value: Any) -> Change:
        """Insert a list item: ``list[2]`` before the current third item, ``list[+]`` at the end."""
        segs = parse_path(path)
        self._forget_under(segs[:-1])  # positions shift: the remembered paths may name other items
        index = segs[-1]
        list_path = segs[:-1]
        if not isinstance(index, int) and index is not APPEND:
            raise PathError(f"insert needs a list position, not {format_path(segs)}", self.name)
        data = self._require_data()
        current = self.get(list_path, None)
        if current is None:
            if index not in (0, -1, APPEND):
                raise PathError(f"{format_path(list_path)} is empty; cannot insert at {index}", self.name)
            return self.set(list_path, [value])  # type: ignore[return-value]
        if not isinstance(current, list):
            raise PathError(f"{format_path(list_path)} is not a list", self.name)
        n = len(current)
        pos = n if index is APPEND else (index + n if index < 0 else index)
        if not 0 <= pos <= n:
            raise PathError(f"position {index} is outside {format_path(list_path)} ({n} items)", self.name)
        expected = copy.deepcopy(data)
        walk(expected, list_path).insert(pos, copy.deepcopy(value))
        loc = self._locate(list_path)
        node = loc.node
        fm = self.frontmatter
        conv = self.conventions
        nl = self.newline
        new_path = list_path + (pos,)
        if n == 0:  # `key: []`: write the whole list, in the style its neighbours use
            start, end, text = self._replace_value(loc, list_path, [value])
            return self._commit(PendingEdit(start, end, text, expected, (new_path,)))
        neighbour = node.value[pos - 1] if pos > 0 else node.value[0]
        if node.flow_style:
            item = flow_text(value, style_of(neighbour, fm, 0), conv)
            if pos == n:
                at = content_end(node.value[-1], fm)
                return self._commit(PendingEdit(at, at, ", " + item, expected, (new_path,)))
            at = node.value[pos].start_mark.index
            return self._commit(PendingEdit(at, at, item + ", ", expected, (new_path,)))
        dash_col = column(fm, dash_index(node.value[0], fm))
        st = style_of(neighbour, fm, dash_col)
        line = " " * dash_col + "-" + render_item(value, st, conv, dash_col, nl)
        if pos == n:
            at = line_end(fm, content_end(node.value[-1], fm))
            return self._commit(PendingEdit(at, at, nl + line, expected, (new_path,)))
        at = line_start(fm, dash_index(node.value[pos], fm))
        return self._commit(PendingEdit(at, at, line + nl, expected, (new_path,)))

    def delete(self, path: str | Path) -> Change:
        """Remove a key or a list item with its whole lines. An emptied list becomes ``[]``."""
        segs = parse_path(path)
        self._forget_under(segs[:-1])
        data = self._require_data()
        self.get(segs)  # raises PathError when missing
        loc = self._locate(segs)
        parent = loc.parent
        if parent is None:
            raise PathError("cannot delete the whole frontmatter", self.name)
        expected = copy.deepcopy(data)
        container = walk(expected, segs[:-1])
        last = segs[-1]
        if isinstance(container, dict):
            del container[last]
        else:
            idx = select_index(container, last) if isinstance(last, Select) else last
            del container[idx]
        if len(parent.value) == 1 and parent is not self.root:
            empty: Any = {} if isinstance(parent, MappingNode) else []
            start, end, text = self._replace_value(self._locate(segs[:-1]), segs[:-1], empty)
            return self._commit(PendingEdit(start, end, text, expected, (segs,)))
        fm = self.frontmatter
        spans = entry_spans(parent, fm)
        i = loc.index
        if parent.flow_style:
            if i + 1 < len(spans):
                start, end = spans[i][0], spans[i + 1][0]
            else:
                start, end = spans[i - 1][1], spans[i][1]
        else:
            start = spans[i][0]
            if fm[line_start(fm, start) : start].strip(" \t") == "":
                start = line_start(fm, start)
                end = after_line_break(fm, line_end(fm, spans[i][1]))
            else:  # first key of a map that is a list item (`- slug: x`): keep the dash
                end = spans[i + 1][0]
        return self._commit(PendingEdit(start, end, "", expected, (segs,)))

    def move(self, path: str | Path, new_index: int) -> Change | None:
        """Move a list item or a key to another position in its container; text is kept as is."""
        segs = parse_path(path)
        self._forget_under(segs[:-1])
        data = self._require_data()
        self.get(segs)
        loc = self._locate(segs)
        parent = loc.parent
        if parent is None or not parent.value:
            raise PathError(f"{format_path(segs)} cannot be moved", self.name)
        n = len(parent.value)
        if new_index < 0:
            new_index += n
        if not 0 <= new_index < n:
            raise PathError(f"position {new_index} is outside its container ({n} entries)", self.name)
        if new_index == loc.index:
            return None
        fm = self.frontmatter
        spans = entry_spans(parent, fm)
        if not parent.flow_style:  # whole lines, so each chunk carries its own line break
            spans = [(s, after_line_break(fm, line_end(fm, e))) for s, e in spans]
            if spans[-1][1] > len(fm) or fm[spans[-1][1] - 1 : spans[-1][1]] not in ("\n", "\r"):
                raise EditError("cannot move the last entry of an unterminated frontmatter", self.name)
        order = list(range(n))
        order.insert(new_index, order.pop(loc.index))
        chunks = [fm[s:e] for s, e in spans]
        gaps = [fm[spans[i][1] : spans[i + 1][0]] for i in range(n - 1)]
        text = "".join(chunks[j] + (gaps[k] if k < n - 1 else "") for k, j in enumerate(order))
        expected = copy.deepcopy(data)
        container = walk(expected, segs[:-1])
        if isinstance(container, dict):
            items = list(container.items())
            items.insert(new_index, items.pop(loc.index))
            container.clear()
            container.update(items)
        else:
            container.insert(new_index, container.pop(loc.index))
        parent_path = segs[:-1]
        return self._commit(PendingEdit(spans[0][0], spans[-1][1], text, expected, (parent_path,)))

    def rename_key(self, path: str | Path, new_key: str) -> Change | None:
        segs = parse_path(path)
        if not isinstance(segs[-1], str):
            raise PathError(f"{format_path(segs)} is not a key", self.name)
        if segs[-1] == new_key:
            return None
        self._forget_under(segs)
        data = self._require_data()
        parent = walk(data, segs[:-1])
        if new_key in parent:
            raise EditError(f"{format_path(segs[:-1] + (new_key,))} already exists", self.name)
        loc = self._locate(segs)
        expected = copy.deepcopy(data)
        container = walk(expected, segs[:-1])
        items = [((new_key if k == segs[-1] else k), v) for k, v in container.items()]
        container.clear()
        container.update(items)
        key_text = key_text_of(new_key, self.conventions)
        assert loc.key is not None
        return self._commit(
            PendingEdit(
                loc.key.start_mark.index,
                content_end(loc.key, self.frontmatter),
                key_text,
                expected,
                (segs, segs[:-1] + (new_key,)),
            )
        )

    def _create(self, segs: Path, value: Any) -> Change:
        """Add a missing key (and any missing parents) in its schema place."""
        data = self._require_data()
        depth = 0
        node: Any = data
        for depth, seg in enumerate(segs):  # noqa: B007 - depth is used after the loop
            in_map = isinstance(node, dict) and isinstance(seg, str) and seg in node
            in_list = isinstance(node, list) and isinstance(seg, int) and -len(node) <= seg < len(node)
            if in_map or in_list:
                node = node[seg]
            else:
                break
        parent_path, rest = segs[:depth], segs[depth:]
        if not isinstance(node, dict) and node is not None:
            raise PathError(f"{format_path(parent_path)} is not a mapping; cannot add {format_path(segs)}", self.name)
        if node is None and parent_path:
            # `key:` with a null value: give it a mapping
            return self.set(parent_path, nest(rest, value))  # type: ignore[return-value]
        if any(not isinstance(seg, str) for seg in rest):
            raise PathError(f"no list item {format_path(segs)}", self.name)
        new_key = rest[0]
        new_value = nest(rest[1:], value)
        fm = self.frontmatter
        conv = self.conventions
        nl = self.newline
        parent = self._locate(parent_path).node if parent_path else self.root
        index = len(parent.value) if parent is not None else 0
        if parent is not None and not parent.flow_style and parent.value:
            index = self._insertion_index(parent, key_path(parent_path), new_key)
        expected = copy.deepcopy(data)
        container = walk(expected, parent_path)
        items = list(container.items())
        items.insert(index, (new_key, copy.deepcopy(new_value)))
        container.clear()
        container.update(items)
        style = self._new_key_style(parent, key_path(parent_path) + (new_key,), new_value)
        if parent is None:  # empty frontmatter
            text = new_key + ":" + render_after(new_value, style, conv, 0, nl) + nl
            return self._commit(PendingEdit(len(fm), len(fm), text, expected, (segs,)))
        if parent.flow_style:
            item = f"{new_key}: {flow_text(new_value, style, conv)}"
            if not parent.value:
                return self._commit(
                    PendingEdit(parent.start_mark.index, parent.end_mark.index, "{" + item + "}", expected, (segs,))
                )
            at = content_end(parent, fm) - 1
            return self._commit(PendingEdit(at, at, ", " + item, expected, (segs,)))
        col = parent.value[0][0].start_mark.column
        line = " " * col + new_key + ":" + render_after(new_value, style, conv, col, nl)
        spans = entry_spans(parent, fm)
        if index < len(spans) and not (index == 0 and fm[line_start(fm, spans[0][0]) : spans[0][0]].strip()):
            at = line_start(fm, spans[index][0])
            return self._commit(PendingEdit(at, at, line + nl, expected, (segs,)))
        at = line_end(fm, spans[max(index - 1, 0) if index < len(spans) else -1][1])
        return self._commit(PendingEdit(at, at, nl + line, expected, (segs,)))

    def _insertion_index(self, parent: Node, parent_keys: tuple[str, ...], new_key: str) -> int:
        existing = [k.value for k, _ in parent.value]
        order = self.hints.key_order(parent_keys, self.data)
        if not order or new_key not in order:
            return len(existing)
        rank = {k: i for i, k in enumerate(order)}
        mine = rank[new_key]
        # after the last existing key that the schema puts before the new one
        before = [i for i, k in enumerate(existing) if rank.get(k, -1) < mine and k in rank]
        if before:
            return before[-1] + 1
        after = [i for i, k in enumerate(existing) if rank.get(k, -1) > mine]
        return after[0] if after else len(existing)

    def _new_key_style(self, parent: Node | None, keys: tuple[str, ...], value: Any) -> Style:
        hint = self.hints.style(keys, self.data)
        if hint is not None:
            return self._hint(keys, hint)
        if isinstance(parent, MappingNode):
            fake = Located(parent, -1, None, None)  # type: ignore[arg-type]
            sibling = sibling_style(fake, self.frontmatter, value)
            if sibling is not None:
                return sibling
        return Style()
