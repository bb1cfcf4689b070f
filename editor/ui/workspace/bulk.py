"""Edits to many patterns from the table, the bulk-edit dialog and the library's fixes.

The model plans every file (``editor.model.edit.bulk``: each file changes only the edited lines,
in its own layout, and a file the edit would break is refused with the reason). Here the plan is
shown (every touched file with its diff, as rename does), then written as one QUndoCommand on
the workspace's library stack: one Ctrl+Z puts every file back. Open tabs follow: a clean tab
reloads; a file with unsaved edits is refused before planning, so nothing a user typed is lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QApplication

from editor.model.edit import bulk
from editor.model.errors import PatternError
from editor.model.library import changeset
from editor.model.library.index import LibraryIndex
from editor.ui.common.dialogs import Dialogs
from editor.ui.document.tab import DocumentTab

MAX_REFUSALS_SHOWN = 12


class Library(Protocol):
    @property
    def index(self) -> LibraryIndex | None: ...


class BulkHost(Protocol):
    """What a bulk edit needs from the workspace."""

    dialogs: Dialogs
    library: Library
    library_undo: QUndoStack

    def tab_for(self, path: str | Path) -> DocumentTab | None: ...

    def refresh_tab(self, tab: DocumentTab) -> None: ...

    def say(self, text: str, ms: int) -> None: ...


class BulkCommand(QUndoCommand):
    """One plan, applied on redo and reverted on undo; refusal to write keeps the files as they are."""

    def __init__(self, host: BulkHost, plan: bulk.BulkPlan) -> None:
        super().__init__(plan.title)
        self.host = host
        self.plan = plan
        self.failed: str | None = None
        self.applied = False

    def redo(self) -> None:
        try:
            changeset.apply(self.plan.changes, self.host.library.index)
        except PatternError as exc:
            self.failed = str(exc)
            self.setObsolete(True)  # nothing was written; drop the command
            return
        self.applied = True
        self._follow()

    def undo(self) -> None:
        try:
            changeset.revert(self.plan.changes, self.host.library.index)
        except PatternError as exc:
            self.host.dialogs.error("Undo", f"{self.plan.title}: {exc}")
            return
        self.applied = False
        self._follow()

    def _follow(self) -> None:
        for change in self.plan.changes:
            tab = self.host.tab_for(change.path)
            if tab is not None and not tab.doc.dirty:
                tab.controller.reload()
                self.host.refresh_tab(tab)


def busy_files(host: BulkHost, files: Sequence[Path]) -> list[str]:
    """Files open with unsaved edits: a bulk edit must not write under them."""
    return [p.name for p in files if (t := host.tab_for(p)) is not None and t.doc.dirty]


def make_plan(host: BulkHost, files: Sequence[Path], ops: Sequence[bulk.Operation], title: str) -> bulk.BulkPlan:
    """Plan with a busy cursor: 1,000 files take a few seconds."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return bulk.plan(files, ops, host.library.index, title=title)
    finally:
        QApplication.restoreOverrideCursor()


def refusals(plan: bulk.BulkPlan) -> str:
    lines = [f"{path.name}: {why}" for path, why in plan.refused[:MAX_REFUSALS_SHOWN]]
    if len(plan.refused) > MAX_REFUSALS_SHOWN:
        lines.append(f"… and {len(plan.refused) - MAX_REFUSALS_SHOWN} more")
    return "\n".join(lines)


def bulk_edit(
    host: BulkHost, files: Sequence[str | Path], ops: Sequence[bulk.Operation], title: str = "", preview: bool = True
) -> bool:
    """Plan ``ops`` on ``files``, show the plan (unless ``preview`` is False: a single table cell),
    apply it as one undo step. True when files were written."""
    paths = [Path(f) for f in files]
    busy = busy_files(host, paths)  # before planning: the plan is made from the files on disk
    if busy:
        host.dialogs.error(title or "Edit patterns", "Save or close these patterns first: " + ", ".join(busy))
        return False
    return apply_plan(host, make_plan(host, paths, ops, title), preview)


def apply_plan(host: BulkHost, plan: bulk.BulkPlan, preview: bool = True) -> bool:
    """Show ``plan`` (every touched file with its diff, and what was refused) and write it as one
    undo step; True when files were written."""
    dialogs = host.dialogs
    heading = plan.title or "Edit patterns"
    busy = busy_files(host, [c.path for c in plan.changes])
    if busy:
        dialogs.error(heading, "Save or close these patterns first: " + ", ".join(busy))
        return False
    if not plan.changes:
        why = refusals(plan)
        text = plan.summary() + (f"\n\n{why}" if why else "")
        (dialogs.error if plan.refused else dialogs.info)(heading, text)
        return False
    if preview:
        why = refusals(plan)
        summary = plan.summary() + (f"\n\nNot changed:\n{why}" if why else "")
        if not dialogs.confirm_changes(heading, summary, plan.diff(), f"Change {len(plan.changes)} files"):
            return False
    elif plan.refused:
        dialogs.error(heading, refusals(plan))
        return False
    return push(host, plan)


def push(host: BulkHost, plan: bulk.BulkPlan) -> bool:
    command = BulkCommand(host, plan)
    host.library_undo.push(command)
    if command.failed:
        host.dialogs.error(plan.title, command.failed)
        return False
    host.say(plan.summary(), 8000)
    return True
