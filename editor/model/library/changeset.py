"""A change to several files written as one: planned in full, applied all or nothing, reverted.

Renames and bulk edits plan each file's old and new text first (from ``Document`` edits, so
only the edited lines differ), show it, then write. ``apply`` refuses if any file changed on
disk since planning and undoes what it wrote if a later write fails; ``revert`` puts every file
back, refusing if one changed since. A change may also move its file (a renamed pattern).
"""

from __future__ import annotations

import contextlib
import difflib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from editor.model.document.storage import Stamp, atomic_write, sync_folders, write_new
from editor.model.errors import ExternalChangeError, PatternError, SaveError
from editor.model.library.index import LibraryIndex


class ChangeSetError(PatternError):
    """The change set cannot be applied or reverted; nothing was changed (or all was undone)."""


@dataclass
class FileChange:
    path: Path  # where the file is before the change
    new_path: Path  # where it is after (differs only for a renamed pattern)
    old_text: str
    new_text: str
    fields: list[str]  # the field paths that changed, for display
    stamp: Stamp  # the file as planned
    written: Stamp | None = None  # the file as apply() left it

    @property
    def moved(self) -> bool:
        return self.path != self.new_path

    def diff(self) -> str:
        """A unified diff from the old to the new file (names relative to the library folder)."""
        return "".join(
            difflib.unified_diff(
                self.old_text.splitlines(keepends=True),
                self.new_text.splitlines(keepends=True),
                f"a/{self.path.name}",
                f"b/{self.new_path.name}",
            )
        )


def apply(changes: Sequence[FileChange], index: LibraryIndex | None = None) -> None:
    """Write every change, or none. Raises ExternalChangeError (nothing written) when a file changed
    on disk since planning, ChangeSetError when a write failed (what was written is undone)."""
    for change in changes:
        if not change.stamp.matches_disk(change.path):
            raise ExternalChangeError("changed on disk since the change was planned; plan it again", str(change.path))
        if change.moved and change.new_path.exists():
            raise ChangeSetError(f"{change.new_path.name} already exists; nothing was changed", str(change.new_path))
    done: list[FileChange] = []
    try:
        for change in changes:
            if change.moved:
                _write_moved(change.path, change.new_path, change.new_text, change.stamp)
                change.written = Stamp.of(change.new_path)
            else:  # the folder is synced once for all the renames, below
                data = change.new_text.encode("utf-8")
                change.written = atomic_write(change.path, data, change.stamp, sync_folder=False)
            done.append(change)
        for change in changes:
            if change.moved:
                change.path.unlink()
        sync_folders(c.new_path for c in changes)
    except (PatternError, OSError) as exc:
        _undo(done)
        message = exc.message if isinstance(exc, PatternError) else str(exc)
        raise ChangeSetError(f"failed and was undone: {message}", getattr(exc, "file", "") or "") from None
    reindex(changes, index)


def revert(changes: Sequence[FileChange], index: LibraryIndex | None = None) -> None:
    """Put every file back as planned. Refuses (changing nothing) if a file changed on disk since."""
    for change in changes:
        if change.written is None or not change.written.matches_disk(change.new_path):
            raise ExternalChangeError("changed on disk since; cannot put it back safely", str(change.new_path))
        if change.moved and change.path.exists():
            raise ChangeSetError(f"{change.path.name} exists again; nothing was changed", str(change.path))
    try:
        for change in changes:
            if change.moved:
                _write_moved(change.new_path, change.path, change.old_text, change.written)
            else:
                atomic_write(change.path, change.old_text.encode("utf-8"), change.written)
        for change in changes:
            if change.moved:
                change.new_path.unlink()
    except (PatternError, OSError) as exc:
        message = exc.message if isinstance(exc, PatternError) else str(exc)
        raise SaveError(f"revert stopped part way: {message}", getattr(exc, "file", "") or "") from None
    for change in changes:
        change.written = None
        change.stamp = Stamp.of(change.path)
    reindex(changes, index)


def _write_moved(old: Path, new: Path, text: str, expected: Stamp | None) -> None:
    """Create ``new`` holding ``text`` in place of ``old`` (which the caller removes last). A plain
    file keeps its mode, owner and group; a symbolic link stays a link: ``new`` links to the same
    target, which receives the text."""
    if not old.is_symlink():
        write_new(new, text.encode("utf-8"), like=old)
        return
    try:
        os.symlink(os.readlink(old), new)  # same folder, so a relative target still points right
    except FileExistsError:
        raise SaveError("a file with this name already exists; nothing was written", str(new)) from None
    try:
        atomic_write(new, text.encode("utf-8"), expected)
    except PatternError:
        new.unlink()
        raise


def _undo(done: list[FileChange]) -> None:
    for change in reversed(done):
        with contextlib.suppress(PatternError, OSError):
            if change.moved:
                linked = change.new_path.is_symlink()
                change.new_path.unlink()
                if linked:  # the text went to the link's target: put it back there
                    atomic_write(change.path, change.old_text.encode("utf-8"))
            else:
                atomic_write(change.path, change.old_text.encode("utf-8"))


def reindex(changes: Sequence[FileChange], index: LibraryIndex | None) -> None:
    """Tell the index about every file the changes wrote, moved or removed."""
    if index is None:
        return
    for change in changes:
        for path in {change.path, change.new_path}:
            if path.exists():
                index.update_file(path)
            else:
                index.remove_file(path)
