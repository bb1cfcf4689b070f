"""Rename a pattern's slug from the editor: preview every touched file, apply, undo as one step.

The rename itself (file rename, ``slug``, every inbound link, each with a minimal diff) is the
model's ``rename`` module. Here it becomes one QUndoCommand on the renamed document's stack:
the document's own text change travels with the command, so earlier undo steps stay valid.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtGui import QUndoCommand

from editor.model.document.document import Change
from editor.model.document.storage import Stamp
from editor.model.errors import PatternError
from editor.model.library import rename as rename_model
from editor.model.library.index import LibraryIndex
from editor.ui.common.dialogs import Dialogs
from editor.ui.document.tab import DocumentTab


class Library(Protocol):
    @property
    def index(self) -> LibraryIndex | None: ...

    def refresh(self) -> None: ...


class RenameHost(Protocol):
    """What a rename needs from the open documents (the workspace provides it)."""

    dialogs: Dialogs
    library: Library

    def current_tab(self) -> DocumentTab | None: ...

    def tab_for(self, path: str | Path) -> DocumentTab | None: ...

    def save_tab(self, tab: DocumentTab | None) -> bool: ...

    def file_moved(self, old_path: Path | None, path: Path) -> None: ...

    def refresh_tab(self, tab: DocumentTab) -> None: ...

    def say(self, text: str, ms: int) -> None: ...


class RenameCommand(QUndoCommand):
    def __init__(self, host: RenameHost, tab: DocumentTab, plan: rename_model.RenamePlan) -> None:
        super().__init__(f"Rename slug {plan.old_slug} → {plan.new_slug}")
        self.host = host
        self.tab = tab
        self.plan = plan
        self.change: Change | None = None
        self.failed: str | None = None

    def redo(self) -> None:
        try:
            rename_model.apply(self.plan)
        except PatternError as exc:
            self.failed = str(exc)
            self.setObsolete(True)  # nothing was written; drop the command
            return
        self._follow(self.plan.source.new_path, self.plan.source.new_text)

    def undo(self) -> None:
        try:
            rename_model.revert(self.plan)
        except PatternError as exc:
            self.host.dialogs.error("Undo rename", str(exc))
            return
        self._follow(self.plan.source.path, self.plan.source.old_text)

    def _follow(self, path: Path, text: str) -> None:
        """Point the open document at its (new or old) file and mirror the other open tabs."""
        old_path = self.tab.doc.path
        self.tab.controller.adopt(text, path, Stamp.of(path))
        self.host.file_moved(old_path, path)
        for change in self.plan.changes[1:]:
            other = self.host.tab_for(change.path)
            if other is not None and other is not self.tab and not other.doc.dirty:
                other.controller.reload()
        self.host.library.refresh()
        self.host.refresh_tab(self.tab)


def rename_current(host: RenameHost) -> bool:
    """F2: ask for the new slug, show the plan, apply it as one undoable step."""
    tab = host.current_tab()
    index = host.library.index
    dialogs = host.dialogs
    if tab is None or index is None or tab.doc.data is None:
        return False
    old = tab.doc.data.get("slug") or (tab.doc.path.stem if tab.doc.path else "")
    if tab.doc.dirty:  # the plan is made from the files on disk
        save_first = dialogs.confirm(
            "Rename slug", "Save your changes to this pattern before renaming it?", "Save and continue"
        )
        if not save_first or not host.save_tab(tab):
            return False
    new = dialogs.get_text("Rename slug", f"New slug for “{old}”:", old)
    if not new or new.strip() == old:
        return False
    try:
        plan = rename_model.plan_rename(index, old, new.strip())
    except PatternError as exc:
        dialogs.error("Rename slug", exc.message)
        return False
    busy = [c.path.name for c in plan.changes[1:] if (t := host.tab_for(c.path)) is not None and t.doc.dirty]
    if busy:
        dialogs.error("Rename slug", "Save or close these patterns first: " + ", ".join(busy))
        return False
    if not dialogs.confirm_changes("Rename slug", plan.summary(), plan.diff(), "Rename"):
        return False
    command = RenameCommand(host, tab, plan)
    tab.controller.undo_stack.push(command)
    if command.failed:
        dialogs.error("Rename slug", command.failed)
        return False
    host.say(plan.summary(), 8000)
    return True
