"""Discard a pattern's changes: back to the last synced version, as one step on the workspace's
library undo stack (Ctrl+Z while the Changes panel has the focus puts the edits back).

The model keeps a copy aside and gives back the old bytes (``aside.discard``); undo writes them
again (``aside.restore``). Nothing a user typed is lost: a file open with unsaved edits is refused
before anything is written, and undo or redo refuse to write over a file that changed since."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QUndoCommand

from editor.model.errors import PatternError
from editor.model.sync import aside
from editor.model.sync.changes import ChangedFile
from editor.model.sync.repo import open_repo


def _read(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


class DiscardCommand(QUndoCommand):
    def __init__(self, workspace, root: Path, item: ChangedFile, after_change=None) -> None:
        super().__init__(f"Discard Changes to {item.title}")
        self.workspace = workspace
        self.root = root
        self.item = item
        self.full = root / item.path
        self.before: bytes | None = None  # the user's version
        self.after: bytes | None = None  # the last synced version
        self.failed = ""
        self.done = False
        self.after_change = after_change  # the panel refreshes

    def redo(self) -> None:
        if not self._free("Discard"):
            self.setObsolete(not self.done)
            return
        try:
            repo = open_repo(self.root)
            if not self.done:
                self.before = aside.discard(repo, self.item.path)
                self.after = _read(self.full)
                self.done = True
            elif self._unchanged(self.before, "Redo"):
                aside.restore(repo, self.item.path, self.after)
        except (PatternError, OSError) as exc:
            self.failed = str(exc)
            self.setObsolete(not self.done)
            return
        self._follow()

    def undo(self) -> None:
        if not self._free("Undo") or not self._unchanged(self.after, "Undo"):
            return
        try:
            aside.restore(open_repo(self.root), self.item.path, self.before)
        except (PatternError, OSError) as exc:
            self.workspace.dialogs.error("Undo", f"{self.item.title}: {exc}")
            return
        self._follow()

    def _free(self, what: str) -> bool:
        tab = self.workspace.tab_for(self.full)
        if tab is None or not tab.doc.dirty:
            return True
        self.failed = f"“{self.item.title}” has unsaved edits in its tab: save or close it first."
        if self.done:
            self.workspace.dialogs.error(what, self.failed)
        return False

    def _unchanged(self, expected: bytes | None, what: str) -> bool:
        if _read(self.full) == expected:
            return True
        self.workspace.dialogs.error(
            what, f"“{self.item.title}” changed since it was discarded, so it was left as it is now."
        )
        return False

    def _follow(self) -> None:
        ws = self.workspace
        tab = ws.tab_for(self.full)
        if tab is not None and not tab.doc.dirty:
            if self.full.is_file():
                ws.reload_from_disk(tab)
            else:  # a new pattern discarded: its file is gone
                ws.close_tab(ws.tabs.indexOf(tab), ask=False)
        ws.library.refresh()
        if self.after_change is not None:
            self.after_change()


def discard(workspace, root: Path, item: ChangedFile, after_change=None) -> bool:
    """Ask, then discard ``item``'s changes as one undo step; True when the file was put back."""
    dialogs = workspace.dialogs
    tab = workspace.tab_for(root / item.path)
    if tab is not None and tab.doc.dirty:
        dialogs.error("Discard", f"“{item.title}” has unsaved edits in its tab: save or close it first.")
        return False
    what = {
        "added": "delete this new pattern",
        "deleted": "bring the removed pattern back",
    }.get(item.status, f"put it back as it was at the last sync ({item.summary})")
    if not dialogs.confirm(
        "Discard Changes",
        f"Discard your changes to “{item.title}”? This will {what}.\n\n"
        "A copy of your version is kept, and Undo (Ctrl+Z) brings it back while the app is open.",
        "Discard",
    ):
        return False
    command = DiscardCommand(workspace, root, item, after_change)
    workspace.library_undo.push(command)
    if command.failed:
        dialogs.error("Discard", command.failed)
        return False
    workspace.say(f"Discarded your changes to {item.title}", 5000)
    return True
