"""The window's edits of the library as a whole: library fixes, accepted values and saved views.

The panels only ask (signals); this module plans through the model, previews through the
workspace's bulk-edit path (every diff first, one undo step) and writes the library config.
"""

from __future__ import annotations

from typing import Any

from editor.model.check.config import SavedView, accept_value, config_path, save_view
from editor.model.edit.fixes import FIXES, plan_fixes
from editor.model.errors import PatternError
from editor.model.query.parser import QueryError


def connect(window: Any) -> None:
    problems = window.library_problems
    problems.fixRequested.connect(lambda rule, findings: fix_all(window, rule, findings))
    problems.acceptRequested.connect(lambda field, value: accept(window, field, value))


def fix_all(window: Any, rule: str, findings: list) -> bool:
    """Plan every fix of ``rule``, show it, write it as one undo step, then check again."""
    index = window.library.index
    if index is None:
        return False
    plan = plan_fixes(findings, index, window.library.data_of, title=f"{rule}: {FIXES[rule]}")
    if not window.workspace.apply_plan(plan):
        return False
    window.check_library()
    return True


def accept(window: Any, field: str, value: Any) -> bool:
    """Add ``value`` to the library config's ``[accept]`` for ``field`` (after asking), then check again."""
    folder = window.library.folder
    if folder is None:
        return False
    path = config_path(folder)
    if not window.dialogs.confirm(
        "Accept for the library",
        f"Accept {value!r} for {field} in every pattern of this library?\n\n"
        f"It is written to {path}, which curators share through git; the spec's own values stay accepted.",
        "Accept",
    ):
        return False
    try:
        accept_value(path, field, value)
    except (OSError, PatternError) as exc:
        window.dialogs.error("Accept for the library", f"{path}: {exc}")
        return False
    window.workspace.revalidate_all()
    window.check_library()
    window.workspace.say(f"{value!r} is accepted for {field} ({path.name})", 6000)
    return True


def save_current_view(window: Any, state: dict) -> str | None:
    """Ask for a name and store the table's query, columns and sort in the library config."""
    folder = window.library.folder
    if folder is None:
        return None
    name = window.dialogs.get_text("Save view", "Name of the view (shared through the library's config):", "")
    if not name or not name.strip():
        return None
    query = state.get("query", "")
    try:
        if query:
            from editor.model.query import compile_query

            compile_query(query)
    except QueryError as exc:
        window.dialogs.error("Save view", f"The query has an error: {exc}")
        return None
    sort = state.get("sort")
    if sort and state.get("descending"):
        sort = f"-{sort}"
    view = SavedView(name.strip(), query, tuple(state.get("columns", ())), sort or None)
    path = config_path(folder)
    try:
        save_view(path, view)
    except (OSError, PatternError) as exc:
        window.dialogs.error("Save view", f"{path}: {exc}")
        return None
    window.library_panel.refresh_views()
    window.workspace.say(f"View “{view.name}” saved in {path.name}", 6000)
    return view.name


def view_state(view: SavedView) -> dict:
    """A saved view as the table's ``apply_view`` takes it."""
    sort = view.sort or ""
    return {
        "query": view.query,
        "columns": list(view.columns),
        "sort": sort.lstrip("-") or None,
        "descending": sort.startswith("-"),
    }


def bulk_edit_files(window: Any, files: list, operation: str = "set") -> bool:
    """Ask what to change in ``files``, then preview and apply it (one undo step)."""
    if not files:
        window.dialogs.info("Bulk edit", "Select the patterns to change first (table rows or a library filter).")
        return False
    slugs = sorted(e.slug for e in window.library.entries())
    ops = window.dialogs.ask_bulk_edit(len(files), slugs, operation)
    if not ops:
        return False
    return window.workspace.bulk_edit(files, ops, ops[0].describe().capitalize())


def filtered_files(window: Any) -> list:
    """The files the library panel shows (its filter may be a query)."""
    from editor.ui.library.panel import ENTRY_ROLE

    model = window.library_panel.model
    return [e.path for e in (model.index(r).data(ENTRY_ROLE) for r in range(model.rowCount())) if e]


def bulk_edit_current(window: Any) -> bool:
    """Edit → Bulk Edit: the table's selected rows when the table is the current page, else every
    pattern the library filter shows."""
    page = window.workspace.tabs.currentWidget()
    table = getattr(window, "table_page", None)
    files = table.selected_paths() if table is not None and page is table else filtered_files(window)
    return bulk_edit_files(window, files)
