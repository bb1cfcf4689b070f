"""Writing what the Links panel offers, by the file that changes.

The open pattern's own file changes through its tab's controller (one undo step in the tab, and
unsaved like any edit there); any other file through the workspace's bulk edit (its diff shown
first, written at once as one step on the library's undo stack; a file with unsaved edits is
refused there). After an edit the stack holding it becomes the active one, so the next Undo
takes it back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from editor.model.edit.bulk import AddRelationship
from editor.model.errors import EditError
from editor.model.library.live_links import live_links
from editor.model.library.suggestions import DEFAULT_WEIGHT, Suggestion, plan_add


def same_file(a: str | Path | None, b: str | Path | None) -> bool:
    return a is not None and b is not None and Path(a).resolve() == Path(b).resolve()


def add_to_tab(tab: Any, rel_type: str, slug: str, weight: float, pattern_id: str | None) -> str | None:
    """Append ``rel_type`` → ``slug`` to the tab's document as one undo step; the reason when not."""
    data = tab.doc.data
    if data is None or not tab.controller.editable:
        return "the pattern's frontmatter does not parse"
    try:
        plan = plan_add(data, rel_type, slug, weight, pattern_id)
    except EditError as exc:
        return exc.message
    if plan is None:
        return f"{slug} is already listed under {rel_type}"
    controller = tab.controller
    if plan.create or not controller.get(plan.keys):
        done = controller.set_field(plan.keys, [plan.entry])
    else:
        done = controller.append(plan.keys, plan.entry)
    if not done:
        return f"the entry could not be added to {'.'.join(plan.keys)}"
    tab.controller.undo_stack.setActive(True)
    return None


def add_to_file(workspace: Any, path: str, rel_type: str, slug: str, weight: float, title: str) -> bool:
    """Add the relationship in another file: previewed, one step on the library's undo stack."""
    done = workspace.bulk_edit([path], [AddRelationship(rel_type, slug, weight)], title)
    if done:
        workspace.library_undo.setActive(True)
    return done


def apply_suggestion(workspace: Any, index: Any, suggestion: Suggestion) -> str | None:
    """Apply an ``add`` suggestion where it belongs; the reason when nothing was written."""
    if suggestion.rel_type is None or suggestion.target is None:
        return "this suggestion is for a curator to review"
    weight = suggestion.weight if suggestion.weight is not None else DEFAULT_WEIGHT
    tab = workspace.current_tab()
    if tab is not None and same_file(tab.doc.path, suggestion.path):
        target = index.get(suggestion.target) if index is not None else None
        return add_to_tab(tab, suggestion.rel_type, suggestion.target, weight, target.id if target else None)
    title = f"Add {suggestion.rel_type} → {suggestion.target} to {suggestion.slug}"
    done = add_to_file(workspace, suggestion.path, suggestion.rel_type, suggestion.target, weight, title)
    return None if done else ""


def held_links(data: Any, index: Any) -> set[tuple[str, str | None]]:
    """(target slug, type) of every relationship the open document holds now, unsaved edits included."""
    if not isinstance(data, dict):
        return set()
    out = set()
    for link in live_links(data, False):
        resolved = index.resolve(link.target) if index is not None else None
        out.add((resolved or link.target, link.type))
    return out


def settled(suggestion: Suggestion, tab: Any, held: set[tuple[str, str | None]]) -> bool:
    """True when the open document already holds what an ``add`` suggestion on its file would add."""
    return (
        tab is not None
        and same_file(tab.doc.path, suggestion.path)
        and suggestion.target is not None
        and (suggestion.target, suggestion.rel_type) in held
    )
