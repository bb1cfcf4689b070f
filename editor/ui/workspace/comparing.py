"""The workspace's comparisons: with the file on disk, another file, a git revision (History), a
review of a range, and one field's history. Each opens a window over the workspace's parent and
edits the working-tree document through its tab, so "take" is one undo step there."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from editor.model.errors import PatternError
from editor.ui.document.tab import DocumentTab

if TYPE_CHECKING:
    from editor.ui.workspace.workspace import Workspace


def compare_with_saved(ws: Workspace, tab: DocumentTab, label: str = "Saved on disk"):
    from editor.ui.compare.window import compare_with_saved

    try:
        return compare_with_saved(tab.controller, ws.dialogs, ws.parent_widget, label=label)
    except PatternError as exc:
        ws.dialogs.error("Compare", str(exc))
        return None


def compare_with_file(ws: Workspace, tab: DocumentTab):
    from editor.ui.compare.window import compare_with_file

    start = str(tab.doc.path.parent if tab.doc.path else Path.home())
    name = ws.dialogs.open_file("Compare with file", start)
    if not name:
        return None
    try:
        return compare_with_file(tab.controller, name, ws.dialogs, ws.parent_widget)
    except PatternError as exc:
        ws.dialogs.error("Compare", str(exc))
        return None


def show_history(ws: Workspace, tab: DocumentTab):
    from editor.ui.compare.history import HistoryDialog
    from editor.ui.compare.window import compare_from_history

    if tab.doc.path is None:
        ws.dialogs.info("History", "Save the pattern first: its history comes from git.")
        return None
    path = tab.doc.path
    dialog = HistoryDialog(path, ws.parent_widget)

    def compare(old, new) -> None:  # the tab may have been closed since the dialog opened
        current = ws.tab_for(path) or ws.open_file(path)
        if current is not None:
            compare_from_history(old, new, current.controller, ws.dialogs, ws.parent_widget)

    dialog.compareRequested.connect(compare)
    dialog.reviewRequested.connect(lambda rev: review(ws, [rev], path.parent))
    dialog.show()
    return dialog


def review(ws: Workspace, revs: list[str] | None = None, folder: Path | None = None):
    """A review window on ``folder``'s repository (the library's by default); working-tree files
    it compares are edited through their tabs here."""
    from editor.ui.compare.review_window import open_review

    folder = folder or ws.library.folder
    if folder is None:
        ws.dialogs.info("Review Changes", "Open a library folder first: the review reads its git repository.")
        return None
    return open_review(folder, revs, ws, ws.dialogs, ws.parent_widget)


def show_field_history(ws: Workspace, controller, path: str):
    """A form field's "History of this field…" (``FieldMenu``); another window's tab is not ours."""
    from editor.ui.compare.field_history import open_field_history

    return open_field_history(ws, controller, path)
