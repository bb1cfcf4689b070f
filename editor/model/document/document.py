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

Around this facade: ``change.py`` (what a splice is), ``locate.py`` (where a field is in the text),
``restyle.py`` (how a value is written), ``structure.py`` (insert, delete, move, rename, add a key).
"""

from __future__ import annotations

import copy
from pathlib import Path as FsPath
from typing import Any

from editor.model.document import storage
from editor.model.document.change import Change, EditHints, Listener, PendingEdit, trimmed
from editor.model.document.datapath import set_value, walk
from editor.model.document.emit import Conventions, Style
from editor.model.document.locate import anchor, block_lines, concrete, locate
from editor.model.document.origin import Origin, equal, keep_kind, same_styles
from editor.model.document.restyle import replace_value, style_for, unquote
from editor.model.document.split import Parts, decode, split
from editor.model.document.structure import ShapeEdits
from editor.model.document.yamlnode import Located, Node, ScalarNode, compose, content_end
from editor.model.errors import EditError, ParseError, PathError, SaveError
from editor.model.paths import APPEND, Path, format_path, key_path, parse_path

__all__ = ["Change", "Document", "EditHints", "Listener"]

_MISSING = object()
_ABSENT = object()  # get()'s default when exists() asks


class Document(ShapeEdits):
    """An open pattern file. Create with :meth:`load` or :meth:`from_text`."""

    def __init__(
        self,
        text: str,
        path: str | FsPath | None = None,
        *,
        hints: EditHints | None = None,
        stamp: storage.Stamp | None = None,
        read_only: str | None = None,
    ) -> None:
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
                raise ParseError(
                    f"frontmatter must be a mapping of keys, not a {type(data).__name__}",
                    name,
                    self.fm_line_offset() + 1,
                    1,
                )
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
            return walk(self._require_data(), parse_path(path))
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
            old = walk(data, segs)
        except (KeyError, IndexError, TypeError):
            return self._create(segs, value)
        loc = self._locate(segs)
        origin = self._origin_of(segs, loc, value)
        if origin is not None:
            value = keep_kind(value, origin.value)
        if equal(old, value):
            return None
        expected = copy.deepcopy(data)
        set_value(expected, segs, value)
        start, end, text = self._replace_value(loc, segs, value, origin)
        if origin is None:
            self._forget_under(segs)  # a new list or mapping: its old items' origins are gone
        return self._commit(PendingEdit(start, end, text, expected, (segs,)), restyle_only=self._concrete(segs))

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

    def append(self, path: str | Path, value: Any) -> Change:
        return self.insert(parse_path(path) + (APPEND,), value)

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
        return self._apply(trimmed(start, self.body, body, "body"))

    def _delimiter_closed(self) -> bool:
        assert self.parts is not None
        end = self.parts.body_start
        return end > 0 and self._text[end - 1] in "\r\n"

    def set_text(self, text: str) -> Change | None:
        """Replace the whole text (source view). The frontmatter may stop parsing: see ``error``."""
        if text == self._text:
            return None
        self._origins.clear()  # the user may have restyled values by hand
        return self._apply(trimmed(0, self._text, text, "text"))

    def apply(self, change: Change) -> None:
        """Apply a change made earlier (redo) or its inverse (undo)."""
        if self._text[change.start : change.start + len(change.old)] != change.old:
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
            raise SaveError("not saved: the file did not parse when opened, so it is never written over", str(target))
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
        change = trimmed(0, self._text, fresh.text, "text")
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
        return locate(self.root, self.data, segs, self.name)

    def _style_for(self, loc: Located, segs: Path, value: Any) -> Style:
        """The node's own style when the shape matches, else a sibling's, else the schema's hint."""
        return style_for(loc, self.frontmatter, value, lambda: self._hint(key_path(segs)))

    def _hint(self, keys: tuple[str, ...], hint: Style | None = None) -> Style:
        """The schema's style for ``keys``, unquoted in files that quote nothing (machine-dumped)."""
        style = copy.deepcopy(hint if hint is not None else self.hints.style(keys, self.data)) or Style()
        if not self.conventions.quotes:
            unquote(style)
        return style

    def _concrete(self, segs: Path) -> tuple:
        """``segs`` with every ``[key=value]`` resolved to its index in the current data."""
        return concrete(self.data, segs)

    def _origin_of(self, segs: Path, loc: Located, value: Any) -> Origin | None:
        """The remembered origin of a scalar being set to a scalar; recorded on its first edit."""
        node = loc.node
        if isinstance(value, (dict, list)) or not isinstance(node, ScalarNode) or loc.parent is None:
            return None
        key = self._concrete(segs)
        origin = self._origins.get(key)
        if origin is None:
            fm = self.frontmatter
            origin = Origin(
                copy.deepcopy(walk(self.data, segs)),
                self._style_for(loc, segs, value),
                fm[anchor(loc, fm) : content_end(node, fm)],
                block_lines(node, fm),
            )
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
        for key in [k for k in self._origins if k[: len(prefix)] == prefix]:
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

    def _replace_value(
        self, loc: Located, segs: Path, value: Any, origin: Origin | None = None
    ) -> tuple[int, int, str]:
        """Span and new text that replace the value at ``loc`` with ``value``.

        With an ``origin``, the value is rendered from the style it had when its edit began, and
        a value equal to the origin's gets the origin's exact text back.
        """
        fm = self.frontmatter
        if origin is not None and equal(value, origin.value):
            return anchor(loc, fm), content_end(loc.node, fm), origin.raw
        if origin is not None:
            style, old_lines = origin.style, origin.block_lines
        else:
            style, old_lines = self._style_for(loc, segs, value), block_lines(loc.node, fm)
        return replace_value(loc, fm, value, style, self.conventions, self.newline, old_lines, self.name)

    def _commit(self, edit: PendingEdit, restyle_only: tuple | None = None) -> Change:
        """Apply a frontmatter edit, then prove it did exactly what was asked; undo it if not.

        ``restyle_only``: the one path whose scalars may change style (a ``set``); every other
        scalar must keep its quotes. Other edits add or move entries, so only their data is checked.
        """
        assert self.parts is not None
        base = self.parts.fm_start
        change = Change(
            base + edit.start, self.frontmatter[edit.start : edit.end], edit.text, "frontmatter", edit.paths
        )
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
        inside_body = self.parts is not None and change.start >= self.parts.body_start and self._delimiter_closed()
        self._text = self._text[: change.start] + change.new + self._text[change.start + len(change.old) :]
        if inside_body:
            return  # the frontmatter and where the body starts are unchanged: no re-parse while typing
        self._parse()
