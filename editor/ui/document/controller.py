"""The Qt side of one open document: signals that mirror the model, and its undo stack.

Widgets never touch the text: they call the controller, which turns each user intent into
one ``ChangeCommand`` on the document's ``QUndoStack``. The model's plain-Python listener is
bridged to Qt signals here, so views redraw whatever a change concerns.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from editor.model import schema
from editor.model.document.document import Change, Document
from editor.model.errors import PatternError
from editor.model.paths import Path, format_path, parse_path

MERGE_WINDOW = 2.0  # seconds: typing pauses longer than this start a new undo step
_MERGE_IDS: dict[str, int] = {}


def merge_id(key: str) -> int:
    """A stable small int per merge key ("field:title", "body", "source")."""
    return _MERGE_IDS.setdefault(key, len(_MERGE_IDS) + 1)


class ChangeCommand(QUndoCommand):
    """One user intent: one or more splices, undone in reverse order.

    Typing merges into the previous command for the same field; a whitespace typed after a
    word starts a new command, so undo takes back one word at a time (" and", " Carers").
    A pause longer than MERGE_WINDOW also starts a new command.
    """

    def __init__(
        self,
        doc: Document,
        changes: list[Change],
        text: str,
        merge_key: str | None = None,
        last_char: str = "",
        replayed=None,
    ) -> None:
        super().__init__(text)
        self.doc = doc
        self.replayed = replayed  # called with the changes an undo or redo applied, in order
        self.changes = changes
        self.merge_key = merge_key
        self.last_char = last_char
        self.stamp = time.monotonic()
        self._done = True  # the edit was applied when the command was made

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        for change in self.changes:
            self.doc.apply(change)
        if self.replayed is not None:
            self.replayed(list(self.changes))

    def undo(self) -> None:
        applied = [change.inverse() for change in reversed(self.changes)]
        for change in applied:
            self.doc.apply(change)
        if self.replayed is not None:
            self.replayed(applied)

    def id(self) -> int:  # Qt's name
        return merge_id(self.merge_key) if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, ChangeCommand) or other.merge_key != self.merge_key or self.merge_key is None:
            return False
        if other.stamp - self.stamp > MERGE_WINDOW:
            return False
        if other.last_char.isspace() and self.last_char and not self.last_char.isspace():
            return False  # a word ended: the space begins the next undo step
        self.changes.extend(other.changes)
        self.stamp = other.stamp
        self.last_char = other.last_char
        return True


def _typed(change: Change, value: Any = None) -> str:
    """The last character the user typed, when the edit was typing (for word-wise undo)."""
    if isinstance(value, str):
        return value[-1:]
    if not change.old and change.new:
        return change.new[-1:]
    return ""


class DocumentController(QObject):
    """Mirrors one Document to Qt and funnels every edit through its undo stack."""

    changed = Signal(object)  # Change: any change, after it is applied (also undo/redo)
    fieldsChanged = Signal(object)  # tuple of paths, or None for "could be anything"
    bodyChanged = Signal()
    parseStateChanged = Signal(object)  # ParseError or None
    dirtyChanged = Signal(bool)
    editFailed = Signal(str)
    replayed = Signal(object)  # list of Changes an undo or redo applied (ui/document/reveal.py shows them)

    def __init__(self, doc: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.undo_stack = QUndoStack(self)
        self._last_error = doc.error
        self._last_dirty = doc.dirty
        doc.subscribe(self._on_change)

    def dispose(self) -> None:
        self.doc.unsubscribe(self._on_change)

    # -------------------------------------------------------------- reading

    def get(self, path: str | Path, default: Any = None) -> Any:
        if self.doc.data is None:
            return default
        return self.doc.get(path, default)

    @property
    def editable(self) -> bool:
        return self.doc.data is not None and not self.doc.loaded_with_error

    # -------------------------------------------------------------- edits

    def label(self, segs: Path) -> str:
        """What an undo entry calls a field: its schema label ("Change Resilience"), a list item
        with its position ("Remove Enables #2"); a key no layout declares by its name."""
        try:
            return schema.label_for(self.doc.data, segs).split(" › ")[-1] or format_path(segs)
        except (AttributeError, KeyError, TypeError, ValueError):
            return format_path(segs)

    def set_field(self, path: str | Path, value: Any, merge: bool = False) -> bool:
        segs = parse_path(path)
        return self._run(
            lambda: self.doc.set(segs, value),
            f"Change {self.label(segs)}",
            f"field:{format_path(segs)}" if merge else None,
            value,
        )

    def append(self, path: str | Path, value: Any) -> bool:
        segs = parse_path(path)
        return self._run(lambda: self.doc.append(segs, value), f"Add to {self.label(segs)}")

    def insert(self, path: str | Path, value: Any) -> bool:
        segs = parse_path(path)
        return self._run(lambda: self.doc.insert(segs, value), f"Insert {self.label(segs)}")

    def delete(self, path: str | Path) -> bool:
        segs = parse_path(path)
        return self._run(lambda: self.doc.delete(segs), f"Remove {self.label(segs)}")

    def move(self, path: str | Path, index: int) -> bool:
        segs = parse_path(path)
        return self._run(lambda: self.doc.move(segs, index), f"Move {self.label(segs)}")

    def rename_key(self, path: str | Path, new_key: str) -> bool:
        segs = parse_path(path)
        return self._run(lambda: self.doc.rename_key(segs, new_key), f"Rename {self.label(segs)}")

    def set_body(self, text: str) -> bool:
        return self._run(lambda: self.doc.set_body(text), "Edit body", "body")

    def set_text(self, text: str) -> bool:
        return self._run(lambda: self.doc.set_text(text), "Edit source", "source")

    def macro(self, text: str) -> _Macro:
        """``with controller.macro("Rename"):`` groups several edits into one undo step."""
        return _Macro(self.undo_stack, text)

    def _run(self, edit, text: str, merge_key: str | None = None, value: Any = None) -> bool:
        try:
            change = edit()
        except PatternError as exc:
            self.editFailed.emit(exc.message)
            return False
        if change is None:
            return True
        command = ChangeCommand(self.doc, [change], text, merge_key, _typed(change, value), self.replayed.emit)
        self.undo_stack.push(command)
        return True

    # -------------------------------------------------------------- saving

    def save(self, path=None, force: bool = False) -> None:
        """Save in place, or as ``path`` (the document then belongs to that file)."""
        self.doc.save(path, force=force)
        self.undo_stack.setClean()
        self._emit_dirty()

    def adopt(self, text: str, path, stamp) -> None:
        """The file was rewritten by the editor itself (a slug rename): take its text, name and stamp
        as the saved state, through the normal change path so every view follows."""
        self.doc.set_text(text)
        self.doc.path = path
        self.doc.stamp = stamp
        self.doc.mark_saved()
        self._emit_dirty()

    def reload(self) -> None:
        self.doc.reload()
        self.undo_stack.clear()
        self._emit_dirty()

    # -------------------------------------------------------------- model -> Qt

    def _on_change(self, change: Change) -> None:
        self.changed.emit(change)
        if change.kind == "body":
            self.bodyChanged.emit()
        else:
            self.fieldsChanged.emit(change.paths)
            if change.kind == "text":
                self.bodyChanged.emit()
        error = self.doc.error  # tell views when the frontmatter starts or stops parsing, or the error moves
        if (error is None) != (self._last_error is None) or (error and str(error) != str(self._last_error)):
            self._last_error = error
            self.parseStateChanged.emit(error)
        self._emit_dirty()

    def _emit_dirty(self) -> None:
        dirty = self.doc.dirty
        if dirty != self._last_dirty:
            self._last_dirty = dirty
            self.dirtyChanged.emit(dirty)


class _Macro:
    def __init__(self, stack: QUndoStack, text: str) -> None:
        self.stack = stack
        self.text = text

    def __enter__(self) -> None:
        self.stack.beginMacro(self.text)

    def __exit__(self, *exc: object) -> None:
        self.stack.endMacro()
