"""Compare a changed pattern with its last synced version (the HEAD blob) in the compare window;
the working side is the pattern's tab, so "take this side" puts a change back as one undo step."""

from __future__ import annotations

from pathlib import Path

from editor.model.diff.version import Version
from editor.model.document.split import decode
from editor.model.errors import PatternError
from editor.model.sync import aside
from editor.model.sync.changes import ChangedFile
from editor.model.sync.repo import open_repo


def compare_with_last_sync(workspace, root: Path, item: ChangedFile):
    """The compare window (last synced version ↔ yours), or None when there is nothing to compare."""
    from editor.ui.compare.window import CompareWindow, editor_version

    dialogs = workspace.dialogs
    full = root / item.path
    try:
        data = aside.head_bytes(open_repo(root), item.path)
        old = decode(data, item.path) if data is not None else None
    except PatternError as exc:
        dialogs.error("Compare", str(exc))
        return None
    if old is None or not full.is_file():
        dialogs.info("Compare", f"“{item.title}” is {'new' if old is None else 'removed'}: there is one version only.")
        return None
    tab = workspace.tab_for(full) or workspace.open_file(full, focus=False)
    if tab is None:  # conflict markers: the conflict view opened instead
        return None
    synced = Version("Last synced version", old, full, rev="HEAD", source=f"HEAD:{item.path}")
    window = CompareWindow(
        synced, editor_version(tab.controller, "Yours"), tab.controller, dialogs, workspace.parent_widget
    )
    window.show()
    window.raise_()
    return window
