"""A pattern document: the file's exact text, its parsed frontmatter, and edits by field path.

The text is the single source of truth. Every edit is one splice (``Change``) computed from
libyaml's marks, applied, re-parsed and checked against the data the edit was meant to
produce; an edit that would change anything else is refused and the text left as it was.
Undo is the inverse splice, so undoing every edit gives back the original bytes.

Sticky styles (see ``origin.py``): ``set()`` of a scalar renders the new value from the style the
value had when its edit began — as last loaded or saved — never from an intermediate value that
forced quotes (an empty title, a trailing space). A value equal to that origin gets its original
bytes back. The origin is kept per concrete path until the document is saved, edited in source
view, or the list or key holding it changes shape (insert, delete, move, rename, or undoing one of
those: only the origins inside that container are forgotten); ``end_edit()`` forgets it early,
``origin()`` reads it. The form, ``pattern-cli set`` and the compare window's "take" all edit
through ``set()``, so they share this one rule with no extra wiring.

The check after each splice compares the data strictly (``2`` is not ``2.0``) and, for ``set()``,
the quote style of every scalar outside the edited path.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from editor.model.document import storage
from editor.model.document.emit import Conventions, Style, flow_text, key_text_of, render_after, render_item, style_of
from editor.model.document.origin import Origin, equal, keep_kind, same_styles
from editor.model.document.split import Parts, decode, split
from editor.model.document.textspan import diff_span
from editor.model.document.yamlnode import (
    Located,
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    after_line_break,
    colon_end,
    column,
    compose,
    content_end,
    dash_index,
    find_key,
    line_end,
    line_start,
)
from editor.model.errors import EditError, ParseError, PathError, SaveError
from editor.model.paths import APPEND, Path, Select, format_path, key_path, parse_path

_MISSING = object()
_ABSENT = object()  # get()'s default when exists() asks

@dataclass(frozen=True)
class Change:
    """One splice of the document text: ``old`` at ``start`` became ``new``."""

    start: int
    old: str
    new: str
    kind: str = "frontmatter"  # 'frontmatter' | 'body' | 'text'
    paths: tuple[Path, ...] | None = None  # fields touched; None = could be anything

    def inverse(self) -> Change:
        return Change(self.start, self.new, self.old, self.kind, self.paths)


class EditHints:
    """What the document asks the schema when it writes new keys: where and in which style."""

    def key_order(self, parent: tuple[str, ...], data: Any = None) -> list[str] | None:
        return None

    def style(self, keys: tuple[str, ...], data: Any = None) -> Style | None:
        return None


Listener = Callable[[Change], None]


@dataclass
class _Edit:
    start: int  # in frontmatter coordinates
    end: int
    text: str
    expected: Any
    paths: tuple[Path, ...] = field(default_factory=tuple)


class Document:
    """An open pattern file. Create with :meth:`load` or :meth:`from_text`."""

    def __init__(self, text: str, path: str | FsPath | None = None, *, hints: EditHints | None = None,
                 stamp: storage.Stamp | None = None, read_only: str | None = None) -> None:
        self._text = text
        self.path = FsPath(path) if path is not None else None
        self.hints = hints or EditHints()
        self.stamp = stamp
        self._read_only = read_only
        self._saved_text = text
        self._listeners: list[Listener] = []
        self._origins: dict[tuple, Origin] = {}  # concrete path -> the scalar as its edit began
        self._parse()
        # A file that does not parse when opened is never written over (see save()).
        self.loaded_with_error = self.error is not None

    # ------------------------------------------------------------ loading

    @classmethod
    def load(cls, path: str | FsPath, hints: EditHints | None = None) -> Document:
        """Read ``path``. Unreadable files raise LoadError; unparseable ones open read-only."""
        path = FsPath(path)
        data = storage.read_bytes(path)
        text = decode(data, str(path))
        stamp = storage.Stamp.of(path, data)
        return cls(text, path, hints=hints, stamp=stamp, read_only=storage.writable_reason(path))

    @classmethod
    def from_text(cls, text: str, path: str | FsPath | None = None, hints: EditHints | None = None) -> Document:
        return cls(text, path, hints=hints)

    def _parse(self) -> None:
        self.error: ParseError | None = None
        self.parts: Parts | None = None
        self.root: Node | None = None
        self.data: dict | None = None
        self._conv: Conventions | None = None
        name = self.name
        try:
            self.parts = split(self._text, name)
            fm = self.parts.frontmatter(self._text)
            self.root, data = compose(fm, name, self.fm_line_offset())
            if data is None:
                data = {}
            if not isinstance(data, dict):
                raise ParseError(f"frontmatter must be a mapping of keys, not a {type(data).__name__}",
                                 name, self.fm_line_offset() + 1, 1)
            self.data = data
        except ParseError as exc:
            self.error = exc
            self.root = None

    def fm_line_offset(self) -> int:
        """Number of file lines before the first frontmatter line."""
        assert self.parts is not None
        return self.parts.lines_before(self._text, self.parts.fm_start)

    # ------------------------------------------------------------ reading

    @property
    def name(self) -> str:
        return str(self.path) if self.path is not None else "<untitled>"

    @property
    def text(self) -> str:
        return self._text

    @property
    def frontmatter(self) -> str:
        return self.parts.frontmatter(self._text) if self.parts else ""

    @property
    def body(self) -> str:
        return self.parts.body(self._text) if self.parts else ""

    @property
    def newline(self) -> str:
        return self.parts.newline if self.parts else "\n"

    @property
    def dirty(self) -> bool:
        return self._text != self._saved_text

    @property
    def saved_text(self) -> str:
        return self._saved_text

    @property
    def read_only(self) -> str | None:
        """Why this document cannot be saved in place, or None."""
        if self.loaded_with_error:
            return "the frontmatter did not parse when the file was opened"
        return self._read_only

    def encode(self) -> bytes:
        return self._text.encode("utf-8")

    def get(self, path: str | Path, default: Any = _MISSING) -> Any:
        try:
            return _walk_data(self._require_data(), parse_path(path))
        except (KeyError, IndexError, TypeError):
            if default is _MISSING:
                raise PathError(f"no field {format_path(parse_path(path))}", self.name) from None
            return default

    def exists(self, path: str | Path) -> bool:
        return self.get(path, _ABSENT) is not _ABSENT

    def location(self, path: str | Path) -> tuple[int, int]:
        """1-based (line, column) in the file of a field's key (or value, for list items).

        A missing field points at its nearest existing ancestor.
        """
        if self.root is None or self.parts is None:
            return (self.error.line, self.error.column) if self.error else (1, 1)
        segs = parse_path(path)
        while segs:
            try:
                loc = self._locate(segs)
            except PathError:
                segs = segs[:-1]
                continue
            node = loc.key if loc.key is not None else loc.node
            return self.fm_line_offset() + node.start_mark.line + 1, node.start_mark.column + 1
        return self.fm_line_offset() + 1, 1

    def body_line(self) -> int:
        """1-based file line where the body starts."""
        if not self.parts:
            return 1
        return self.parts.lines_before(self._text, self.parts.body_start) + 1

    # ------------------------------------------------------------ listeners

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _notify(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(change)

    # ------------------------------------------------------------ edits

    def set(self, path: str | Path, value: Any) -> Change | None:
        """Set a field, creating missing keys in their schema place. None when nothing changed."""
        segs = parse_path(path)
        if segs[-1] is APPEND:
            return self.insert(segs, value)
        data = self._require_data()
        try:
            old = _walk_data(data, segs)
        except (KeyError, IndexError, TypeError):
            return self._create(segs, value)
        loc = self._locate(segs)
        origin = self._origin_of(segs, loc, value)
        if origin is not None:
            value = keep_kind(value, origin.value)
        if equal(old, value):
            return None
        expected = copy.deepcopy(data)
        _set_data(expected, segs, value)
        start, end, text = self._replace_value(loc, segs, value, origin)
        if origin is None:
            self._forget_under(segs)  # a new list or mapping: its old items' origins are gone
        return self._commit(_Edit(start, end, text, expected, (segs,)), restyle_only=self._concrete(segs))

    def origin(self, path: str | Path) -> Origin | None:
        """The scalar at ``path`` as it was when its current edit began, or None (no edit yet)."""
        try:
            return self._origins.get(self._concrete(parse_path(path)))
        except (KeyError, IndexError, TypeError):
            return None

    def end_edit(self, path: str | Path | None = None) -> None:
        """Forget where the edit of ``path`` (or of every field) began: the next ``set()`` starts
        from the value's current style. Saving does this for every field."""
        if path is None:
            self._origins.clear()
        else:
            self._origins.pop(self._concrete(parse_path(path)), None)

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
        _walk_data(expected, list_path).insert(pos, copy.deepcopy(value))
        loc = self._locate(list_path)
        node = loc.node
        fm = self.frontmatter
        conv = self.conventions
        nl = self.newline
        new_path = list_path + (pos,)
        if n == 0:  # `key: []`: write the whole list, in the style its neighbours use
            start, end, text = self._replace_value(loc, list_path, [value])
            return self._commit(_Edit(start, end, text, expected, (new_path,)))
        neighbour = node.value[pos - 1] if pos > 0 else node.value[0]
        if node.flow_style:
            item = flow_text(value, style_of(neighbour, fm, 0), conv)
            if pos == n:
                at = content_end(node.value[-1], fm)
                return self._commit(_Edit(at, at, ", " + item, expected, (new_path,)))
            at = node.value[pos].start_mark.index
            return self._commit(_Edit(at, at, item + ", ", expected, (new_path,)))
        dash_col = column(fm, dash_index(node.value[0], fm))
        st = style_of(neighbour, fm, dash_col)
        line = " " * dash_col + "-" + render_item(value, st, conv, dash_col, nl)
        if pos == n:
            at = line_end(fm, content_end(node.value[-1], fm))
            return self._commit(_Edit(at, at, nl + line, expected, (new_path,)))
        at = line_start(fm, dash_index(node.value[pos], fm))
        return self._commit(_Edit(at, at, line + nl, expected, (new_path,)))

    def append(self, path: str | Path, value: Any) -> Change:
        return self.insert(parse_path(path) + (APPEND,), value)

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
        container = _walk_data(expected, segs[:-1])
        last = segs[-1]
        if isinstance(container, dict):
            del container[last]
        else:
            idx = _select_index(container, last) if isinstance(last, Select) else last
            del container[idx]
        if len(parent.value) == 1 and parent is not self.root:
            empty: Any = {} if isinstance(parent, MappingNode) else []
            start, end, text = self._replace_value(self._locate(segs[:-1]), segs[:-1], empty)
            return self._commit(_Edit(start, end, text, expected, (segs,)))
        fm = self.frontmatter
        spans = self._entry_spans(parent)
        i = loc.index
        if parent.flow_style:
            if i + 1 < len(spans):
                start, end = spans[i][0], spans[i + 1][0]
            else:
                start, end = spans[i - 1][1], spans[i][1]
        else:
            start = spans[i][0]
            if fm[line_start(fm, start):start].strip(" \t") == "":
                start = line_start(fm, start)
                end = after_line_break(fm, line_end(fm, spans[i][1]))
            else:  # first key of a map that is a list item (`- slug: x`): keep the dash
                end = spans[i + 1][0]
        return self._commit(_Edit(start, end, "", expected, (segs,)))

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
        spans = self._entry_spans(parent)
        if not parent.flow_style:  # whole lines, so each chunk carries its own line break
            spans = [(s, after_line_break(fm, line_end(fm, e))) for s, e in spans]
            if spans[-1][1] > len(fm) or fm[spans[-1][1] - 1:spans[-1][1]] not in ("\n", "\r"):
                raise EditError("cannot move the last entry of an unterminated frontmatter", self.name)
        order = list(range(n))
        order.insert(new_index, order.pop(loc.index))
        chunks = [fm[s:e] for s, e in spans]
        gaps = [fm[spans[i][1]:spans[i + 1][0]] for i in range(n - 1)]
        text = "".join(chunks[j] + (gaps[k] if k < n - 1 else "") for k, j in enumerate(order))
        expected = copy.deepcopy(data)
        container = _walk_data(expected, segs[:-1])
        if isinstance(container, dict):
            items = list(container.items())
            items.insert(new_index, items.pop(loc.index))
            container.clear()
            container.update(items)
        else:
            container.insert(new_index, container.pop(loc.index))
        parent_path = segs[:-1]
        return self._commit(_Edit(spans[0][0], spans[-1][1], text, expected, (parent_path,)))

    def rename_key(self, path: str | Path, new_key: str) -> Change | None:
        segs = parse_path(path)
        if not isinstance(segs[-1], str):
            raise PathError(f"{format_path(segs)} is not a key", self.name)
        if segs[-1] == new_key:
            return None
        self._forget_under(segs)
        data = self._require_data()
        parent = _walk_data(data, segs[:-1])
        if new_key in parent:
            raise EditError(f"{format_path(segs[:-1] + (new_key,))} already exists", self.name)
        loc = self._locate(segs)
        expected = copy.deepcopy(data)
        container = _walk_data(expected, segs[:-1])
        items = [((new_key if k == segs[-1] else k), v) for k, v in container.items()]
        container.clear()
        container.update(items)
        key_text = key_text_of(new_key, self.conventions)
        assert loc.key is not None
        return self._commit(_Edit(loc.key.start_mark.index, content_end(loc.key, self.frontmatter),
                                  key_text, expected, (segs, segs[:-1] + (new_key,))))

    def set_body(self, body: str) -> Change | None:
        if self.parts is None:
            raise EditError("the file has no valid frontmatter block; edit it in source view", self.name)
        if body == self.body:
            return None
        start = self.parts.body_start
        if body and not self._delimiter_closed():
            # `---` is the file's last line, without a line break: give it one, or the body
            # would run on into the delimiter and the frontmatter would no longer close
            return self._apply(Change(start, "", self.newline + body, "body", None))
        return self._apply(_trimmed(start, self.body, body, "body"))

    def _delimiter_closed(self) -> bool:
        assert self.parts is not None
        end = self.parts.body_start
        return end > 0 and self._text[end - 1] in "\r\n"

    def set_text(self, text: str) -> Change | None:
        """Replace the whole text (source view). The frontmatter may stop parsing: see ``error``."""
        if text == self._text:
            return None
        self._origins.clear()  # the user may have restyled values by hand
        return self._apply(_trimmed(0, self._text, text, "text"))

    def apply(self, change: Change) -> None:
        """Apply a change made earlier (redo) or its inverse (undo)."""
        if self._text[change.start:change.start + len(change.old)] != change.old:
            raise EditError("the document no longer holds the text this change expects", self.name)
        if not self._keeps_origins(change):
            for p in change.paths if change.kind == "frontmatter" and change.paths else [()]:
                self._forget_under(p[:-1])
        self._apply(change)

    # ------------------------------------------------------------ saving

    def save(self, path: str | FsPath | None = None, force: bool = False) -> None:
        """Write atomically. Refuses unparseable frontmatter and files changed behind our back."""
        target = FsPath(path) if path is not None else self.path
        if target is None:
            raise SaveError("the document has no file name yet")
        if self.error is not None:
            raise SaveError(f"not saved: the frontmatter does not parse ({self.error})", str(target))
        if self.loaded_with_error and target == self.path:
            raise SaveError("not saved: the file did not parse when opened, so it is never written over",
                            str(target))
        data = self.encode()
        expected = self.stamp if target == self.path else None
        self.stamp = storage.atomic_write(target, data, expected, force)
        self.path = target
        self._saved_text = self._text
        self._read_only = None
        self._origins.clear()  # the saved text is where the next edits begin

    def mark_saved(self, text: str | None = None) -> None:
        self._saved_text = self._text if text is None else text
        self._origins.clear()

    def reload(self) -> None:
        """Re-read the file from disk, dropping unsaved edits (the caller asked first)."""
        fresh = Document.load(self.path, self.hints)  # type: ignore[arg-type]
        change = _trimmed(0, self._text, fresh.text, "text")
        # the new state first: listeners notified by _apply must see it
        self.stamp = fresh.stamp
        self._read_only = fresh._read_only
        self._saved_text = fresh.text
        self.loaded_with_error = fresh.loaded_with_error
        self._origins.clear()
        self._apply(change)

    # ------------------------------------------------------------ internals

    @property
    def conventions(self) -> Conventions:
        if self._conv is None:
            self._conv = Conventions.sniff(self.root, self.frontmatter)
        return self._conv

    def _require_data(self) -> dict:
        if self.data is None:
            raise EditError(f"the frontmatter does not parse: {self.error}", self.name)
        return self.data

    def _locate(self, segs: Path) -> Located:
        node = self.root
        data: Any = self.data
        loc = Located(None, 0, None, node)  # type: ignore[arg-type]
        for seg in segs:
            if isinstance(seg, str):
                if not isinstance(node, MappingNode):
                    raise PathError(f"no field {format_path(segs)}", self.name)
                found = find_key(node, seg)
                if found is None:
                    raise PathError(f"no field {format_path(segs)}", self.name)
                index, key, value = found
                loc = Located(node, index, key, value)
                data = data[seg]
            else:
                if not isinstance(node, SequenceNode) or seg is APPEND:
                    raise PathError(f"no item {format_path(segs)}", self.name)
                if isinstance(seg, Select):
                    try:
                        index = _select_index(data, seg)
                    except KeyError:
                        raise PathError(f"no item {format_path(segs)}", self.name) from None
                else:
                    index = seg + len(node.value) if seg < 0 else seg
                    if not 0 <= index < len(node.value):
                        raise PathError(f"no item {format_path(segs)}", self.name)
                loc = Located(node, index, None, node.value[index])
                data = data[index]
            node = loc.node
        return loc

    def _entry_spans(self, parent: Node) -> list[tuple[int, int]]:
        """(start, end) of each entry's own text: key..value for maps, dash..value for block lists."""
        fm = self.frontmatter
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

    def _parent_col(self, loc: Located) -> int:
        fm = self.frontmatter
        if loc.key is not None:
            return loc.key.start_mark.column
        if isinstance(loc.parent, SequenceNode) and not loc.parent.flow_style:
            return column(fm, dash_index(loc.node, fm))
        return 0

    def _style_for(self, loc: Located, segs: Path, value: Any) -> Style:
        """The node's own style when the shape matches, else a sibling's, else the schema's hint."""
        fm = self.frontmatter
        node = loc.node
        col = self._parent_col(loc)
        same_shape = (
            (isinstance(value, dict) and isinstance(node, MappingNode) and node.value)
            or (isinstance(value, list) and isinstance(node, SequenceNode) and node.value)
            or (not isinstance(value, (dict, list)) and isinstance(node, ScalarNode)
                and node.start_mark.index != node.end_mark.index)
        )
        if same_shape:
            return style_of(node, fm, col)
        sibling = self._sibling_style(loc, value)
        if sibling is not None:
            return sibling
        return self._hint(key_path(segs))

    def _sibling_style(self, loc: Located, value: Any) -> Style | None:
        parent = loc.parent
        if not isinstance(parent, MappingNode):
            return None
        fm = self.frontmatter
        want = MappingNode if isinstance(value, dict) else SequenceNode if isinstance(value, list) else ScalarNode
        for key, other in parent.value:
            if other is loc.node or not isinstance(other, want) or not other.value:
                continue
            if want is ScalarNode and (other.tag != "tag:yaml.org,2002:str") != (not isinstance(value, str)):
                continue
            return style_of(other, fm, key.start_mark.column)
        return None

    def _hint(self, keys: tuple[str, ...], hint: Style | None = None) -> Style:
        """The schema's style for ``keys``, unquoted in files that quote nothing (machine-dumped)."""
        style = copy.deepcopy(hint if hint is not None else self.hints.style(keys, self.data)) or Style()
        if not self.conventions.quotes:
            _unquote(style)
        return style

    def _concrete(self, segs: Path) -> tuple:
        """``segs`` with every ``[key=value]`` resolved to its index in the current data."""
        out: list = []
        data: Any = self.data
        for seg in segs:
            if isinstance(seg, Select):
                seg = _select_index(data, seg)
            data = data[seg]
            out.append(seg)
        return tuple(out)

    def _anchor(self, loc: Located) -> int:
        """Where a value's replaceable text starts: after ``key:`` or ``-``, or the flow item."""
        fm = self.frontmatter
        if loc.parent is not None and loc.parent.flow_style:
            return loc.node.start_mark.index
        if loc.key is not None:
            return colon_end(loc.key, fm)
        return dash_index(loc.node, fm) + 1

    def _origin_of(self, segs: Path, loc: Located, value: Any) -> Origin | None:
        """The remembered origin of a scalar being set to a scalar; recorded on its first edit."""
        node = loc.node
        if isinstance(value, (dict, list)) or not isinstance(node, ScalarNode) or loc.parent is None:
            return None
        key = self._concrete(segs)
        origin = self._origins.get(key)
        if origin is None:
            fm = self.frontmatter
            end = content_end(node, fm)
            lines = fm[node.start_mark.index:end].splitlines()[1:] if node.style in (">", "|") else None
            origin = Origin(copy.deepcopy(_walk_data(self.data, segs)), self._style_for(loc, segs, value),
                            fm[self._anchor(loc):end], lines)
            self._origins[key] = origin
        return origin

    def _forget_under(self, segs: Path) -> None:
        """Forget the origins of every field under ``segs`` (all of them when it cannot be resolved)."""
        if not self._origins:
            return
        try:
            prefix = self._concrete(segs)
        except (KeyError, IndexError, TypeError):
            self._origins.clear()
            return
        for key in [k for k in self._origins if k[:len(prefix)] == prefix]:
            del self._origins[key]

    def _keeps_origins(self, change: Change) -> bool:
        """Undo/redo of typing (body text, or scalars with a remembered origin) keeps the origins."""
        if change.kind == "body":
            return True
        if change.kind != "frontmatter" or not change.paths:
            return False
        try:
            return all(self._concrete(p) in self._origins for p in change.paths)
        except (KeyError, IndexError, TypeError):
            return False

    def _replace_value(self, loc: Located, segs: Path, value: Any,
                       origin: Origin | None = None) -> tuple[int, int, str]:
        """Span and new text that replace the value at ``loc`` with ``value``.

        With an ``origin``, the value is rendered from the style it had when its edit began, and
        a value equal to the origin's gets the origin's exact text back.
        """
        fm = self.frontmatter
        node = loc.node
        conv = self.conventions
        nl = self.newline
        end = content_end(node, fm)
        if origin is not None and equal(value, origin.value):
            return self._anchor(loc), end, origin.raw
        style = origin.style if origin is not None else self._style_for(loc, segs, value)
        old_lines = origin.block_lines if origin is not None else None
        if origin is None and isinstance(node, ScalarNode) and node.style in (">", "|"):
            old_lines = fm[node.start_mark.index:end].splitlines()[1:]
        parent = loc.parent
        if parent is not None and parent.flow_style:
            return node.start_mark.index, end, flow_text(value, style, conv)
        if loc.key is not None:
            col = loc.key.start_mark.column
            after = render_after(value, style, conv, col, nl, old_lines)
            start = colon_end(loc.key, fm)
            if node.start_mark.index == node.end_mark.index:  # `key:` with nothing after it
                return start, start, after
            inline = fm[start:node.start_mark.index].strip(" \t") == ""
            if inline and after.startswith(" "):
                return node.start_mark.index, end, after[1:]
            return start, end, after
        if parent is None:
            raise PathError("cannot replace the whole frontmatter; edit it in source view", self.name)
        dash = dash_index(node, fm)
        after = render_item(value, style, conv, column(fm, dash), nl)
        if after.startswith(" ") and fm[dash + 1:node.start_mark.index].strip(" \t") == "":
            return node.start_mark.index, end, after[1:]
        return dash + 1, end, after

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
            raise PathError(f"{format_path(parent_path)} is not a mapping; cannot add {format_path(segs)}",
                            self.name)
        if node is None and parent_path:
            # `key:` with a null value: give it a mapping
            return self.set(parent_path, _nest(rest, value))  # type: ignore[return-value]
        if any(not isinstance(seg, str) for seg in rest):
            raise PathError(f"no list item {format_path(segs)}", self.name)
        new_key = rest[0]
        new_value = _nest(rest[1:], value)
        fm = self.frontmatter
        conv = self.conventions
        nl = self.newline
        parent = self._locate(parent_path).node if parent_path else self.root
        index = len(parent.value) if parent is not None else 0
        if parent is not None and not parent.flow_style and parent.value:
            index = self._insertion_index(parent, key_path(parent_path), new_key)
        expected = copy.deepcopy(data)
        container = _walk_data(expected, parent_path)
        items = list(container.items())
        items.insert(index, (new_key, copy.deepcopy(new_value)))
        container.clear()
        container.update(items)
        style = self._new_key_style(parent, key_path(parent_path) + (new_key,), new_value)
        if parent is None:  # empty frontmatter
            text = new_key + ":" + render_after(new_value, style, conv, 0, nl) + nl
            return self._commit(_Edit(len(fm), len(fm), text, expected, (segs,)))
        if parent.flow_style:
            item = f"{new_key}: {flow_text(new_value, style, conv)}"
            if not parent.value:
                return self._commit(_Edit(parent.start_mark.index, parent.end_mark.index, "{" + item + "}",
                                          expected, (segs,)))
            at = content_end(parent, fm) - 1
            return self._commit(_Edit(at, at, ", " + item, expected, (segs,)))
        col = parent.value[0][0].start_mark.column
        line = " " * col + new_key + ":" + render_after(new_value, style, conv, col, nl)
        spans = self._entry_spans(parent)
        if index < len(spans) and not (index == 0 and fm[line_start(fm, spans[0][0]):spans[0][0]].strip()):
            at = line_start(fm, spans[index][0])
            return self._commit(_Edit(at, at, line + nl, expected, (segs,)))
        at = line_end(fm, spans[max(index - 1, 0) if index < len(spans) else -1][1])
        return self._commit(_Edit(at, at, nl + line, expected, (segs,)))

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
            sibling = self._sibling_style(fake, value)
            if sibling is not None:
                return sibling
        return Style()

    def _commit(self, edit: _Edit, restyle_only: tuple | None = None) -> Change:
        """Apply a frontmatter edit, then prove it did exactly what was asked; undo it if not.

        ``restyle_only``: the one path whose scalars may change style (a ``set``); every other
        scalar must keep its quotes. Other edits add or move entries, so only their data is checked.
        """
        assert self.parts is not None
        base = self.parts.fm_start
        change = Change(base + edit.start, self.frontmatter[edit.start:edit.end], edit.text, "frontmatter",
                        edit.paths)
        before, before_root = self._text, self.root
        self._splice(change)
        problem = None
        if self.error is not None:
            problem = f"the edit broke the YAML ({self.error})"
        elif not equal(self.data, edit.expected):
            problem = "the edit would have changed other fields"
        elif restyle_only is not None:
            moved = same_styles(before_root, self.root, restyle_only)
            if moved is not None:
                problem = f"the edit would have restyled {moved}"
        if problem:
            self._text = before
            self._parse()
            paths = ", ".join(format_path(p) for p in edit.paths)
            raise EditError(f"could not write {paths} faithfully: {problem}", self.name)
        self._notify(change)
        return change

    def _apply(self, change: Change) -> Change:
        self._splice(change)
        self._notify(change)
        return change

    def _splice(self, change: Change) -> None:
        inside_body = (self.parts is not None and change.start >= self.parts.body_start
                       and self._delimiter_closed())
        self._text = self._text[:change.start] + change.new + self._text[change.start + len(change.old):]
        if inside_body:
            return  # the frontmatter and where the body starts are unchanged: no re-parse while typing
        self._parse()


def _trimmed(base: int, old: str, new: str, kind: str) -> Change:
    """A change covering only the differing middle of ``old`` -> ``new``."""
    p, old_end, new_end = diff_span(old, new)
    return Change(base + p, old[p:old_end], new[p:new_end], kind, None)


def _unquote(style: Style) -> None:
    if style.scalar == '"':
        style.scalar = ""
    if style.item:
        _unquote(style.item)
    for child in style.keys.values():
        _unquote(child)


def _nest(keys: Iterable, value: Any) -> Any:
    for key in reversed(tuple(keys)):
        value = {key: value}
    return value


def _walk_data(data: Any, segs: Path) -> Any:
    for seg in segs:
        if isinstance(seg, Select):
            if not isinstance(data, list):
                raise TypeError(seg)
            data = next((item for item in data if seg.matches(item)), _MISSING)
            if data is _MISSING:
                raise KeyError(seg)
        elif seg is APPEND:
            raise KeyError(seg)
        elif isinstance(seg, int):
            if not isinstance(data, list):
                raise TypeError(seg)
            data = data[seg]
        else:
            if not isinstance(data, dict):
                raise TypeError(seg)
            data = data[seg]
    return data


def _set_data(data: Any, segs: Path, value: Any) -> None:
    for seg in segs[:-1]:
        if isinstance(seg, str) and isinstance(data, dict) and data.get(seg) is None:
            data[seg] = {}
        data = _walk_data(data, (seg,))
    last = segs[-1]
    if isinstance(last, Select):
        last = _select_index(data, last)
    data[last] = copy.deepcopy(value)


def _select_index(items: list, select: Select) -> int:
    index = next((i for i, item in enumerate(items) if select.matches(item)), -1)
    if index < 0:
        raise KeyError(select)
    return index
