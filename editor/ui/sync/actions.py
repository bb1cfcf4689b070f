"""The sharing actions, declared once (the window's menus list them by name)."""

from __future__ import annotations

from editor.ui.window.actionspec import ActionSpec


def _get_library(window) -> None:
    from editor.ui.sync.getting import get_library

    get_library(window)


def _share(window) -> None:
    from editor.ui.sync.sharing import share_changes

    share_changes(window)


def _latest(window) -> None:
    from editor.ui.sync.sharing import get_latest

    get_latest(window)


def _changes(window) -> None:
    from editor.ui.sync.changes_panel import show_changes

    show_changes(window)


SPECS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "get-library",
        "&Get a Library…",
        "Copy a pattern library from a web address (HTTPS or SSH) or a folder, and open it",
        "",
        "open-folder",
        _get_library,
    ),
    ActionSpec(
        "show-changes",
        "&My Changes",
        "The patterns you changed since the last sync, each with a summary",
        "",
        "",
        _changes,
    ),
    ActionSpec(
        "share-changes",
        "&Share My Changes…",
        "Send your changed patterns to the library's repository for review",
        "Ctrl+Shift+K",
        "",
        _share,
    ),
    ActionSpec(
        "get-latest",
        "Get the &Latest",
        "Bring in what others shared, combined with your edits",
        "Ctrl+Shift+J",
        "",
        _latest,
    ),
)
