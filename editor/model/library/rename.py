"""Rename a pattern's slug across the library: the file, its ``slug`` and every link to it.

``plan_rename`` reads everything and changes nothing: each touched file gets its old and new
text, where the new text comes from ``Document.set`` on the exact field paths (a relationship's
``slug`` / ``id`` value, a bare slug item, an inferred link's ``target``), so only those lines
differ. ``apply`` writes the plan, refusing if any file changed on disk since planning, and
undoes what it already wrote if a later write fails; ``revert`` puts everything back.
Links by ``pat_`` id need no change: the id stays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from editor.model.document.document import Document
from editor.model.document.storage import Stamp
from editor.model.errors import PatternError
from editor.model.library import changeset
from editor.model.library.changeset import ChangeSetError, FileChange
from editor.model.library.index import LibraryIndex
from editor.model.paths import Path as FieldPath
from editor.model.paths import format_path
from editor.model.schema import SLUG_PATTERN, entry_target, open_pattern, relation_lists

_SLUG = re.compile(SLUG_PATTERN)


class RenameError(PatternError):
    """The rename cannot be planned, applied or reverted; nothing was changed (or all was undone)."""


@dataclass
class RenamePlan:
    old_slug: str
    new_slug: str
    folder: Path
    changes: list[FileChange] = field(default_factory=list)  # the renamed file first
    index: LibraryIndex | None = None
    applied: bool = False

    @property
    def source(self) -> FileChange:
        return self.changes[0]

    @property
    def touched(self) -> list[Path]:
        return [c.path for c in self.changes]

    def diff(self) -> str:
        out = [f"rename {self.source.path.name} -> {self.source.new_path.name}\n"]
        out.extend(c.diff() for c in self.changes)
        return "".join(out)

    def summary(self) -> str:
        links = sum(len(c.fields) for c in self.changes[1:])
        own = len(self.source.fields)
        return (
            f"{self.old_slug} -> {self.new_slug}: renamed {self.source.path.name} to {self.source.new_path.name}, "
            f"{own} field{'s' if own != 1 else ''} in it, {links} link{'s' if links != 1 else ''} in "
            f"{len(self.changes) - 1} other file{'s' if len(self.changes) != 2 else ''}"
        )


def check_new_slug(index: LibraryIndex, old_slug: str, new_slug: str) -> str | None:
    """Why ``new_slug`` cannot replace ``old_slug``, or None."""
    if not _SLUG.match(new_slug):
        return f"{new_slug!r} is not a valid slug: lowercase letters and digits in words joined by single hyphens"
    if new_slug == old_slug:
        return "the new slug is the same as the old one"
    if index.has_slug(new_slug):
        return f"{new_slug!r} is already used by {index.get(new_slug).name}"  # type: ignore[union-attr]
    own = index.get(old_slug)
    target = index.folder / f"{new_slug}.md"
    if target.exists() and not (own is not None and Path(own.path).resolve() == target.resolve()):
        # the pattern's own file may already have the new name: that fixes a slug/file-name mismatch
        return f"{new_slug}.md already exists in {index.folder}"
    return None


def plan_rename(index: LibraryIndex, old_slug: str, new_slug: str) -> RenamePlan:
    """Everything the rename would change, without changing anything. Raises RenameError."""
    entry = index.get(old_slug)
    if entry is None:
        raise RenameError(f"no pattern with slug {old_slug!r} in the library", str(index.folder))
    owners = index.owners(old_slug)
    if len(owners) > 1:
        names = ", ".join(e.name for e in owners)
        raise RenameError(f"slug {old_slug!r} is claimed by several files ({names}); fix that first", entry.path)
    problem = check_new_slug(index, old_slug, new_slug)
    if problem:
        raise RenameError(problem, entry.path)
    plan = RenamePlan(old_slug, new_slug, index.folder, index=index)
    own_path = Path(entry.path)
    doc, stamp = _open(own_path)
    fields = []
    if isinstance(doc.data, dict) and "slug" in doc.data:
        _set(doc, ("slug",), new_slug)
        fields.append("slug")
    fields += _relink(doc, old_slug, new_slug)
    plan.changes.append(
        FileChange(own_path, own_path.with_name(f"{new_slug}.md"), doc.saved_text, doc.text, fields, stamp)
    )
    for other in index.referrers(old_slug):
        path = Path(other.path)
        if path == own_path:
            continue
        doc, stamp = _open(path)
        fields = _relink(doc, old_slug, new_slug)
        if fields:
            plan.changes.append(FileChange(path, path, doc.saved_text, doc.text, fields, stamp))
    return plan


def _open(path: Path) -> tuple[Document, Stamp]:
    doc = open_pattern(path)
    if doc.error is not None:
        raise RenameError(
            f"cannot rewrite links in a file whose frontmatter does not parse ({doc.error.message})",
            str(path),
            doc.error.line,
            doc.error.column,
        )
    assert doc.stamp is not None
    return doc, doc.stamp


def _set(doc: Document, path: FieldPath, value: str) -> None:
    try:
        doc.set(path, value)
    except PatternError as exc:
        raise RenameError(f"cannot rewrite {'.'.join(map(str, path))}: {exc.message}", doc.name) from None


def _relink(doc: Document, old: str, new: str) -> list[str]:
    """Point every relationship entry and inferred link naming ``old`` at ``new``; returns the field paths."""
    data = doc.data or {}
    targets: list[FieldPath] = []
    for keys, _, entries in relation_lists(data):
        for i, item in enumerate(entries):
            if entry_target(item) != old:
                continue
            if isinstance(item, str):
                targets.append((*keys, i))
            elif "slug" in item:
                targets.append((*keys, i, "slug"))
            else:
                targets.append((*keys, i, "id"))
    garden = data.get("graph_garden")
    links = garden.get("inferred_links") if isinstance(garden, dict) else None
    for i, link in enumerate(links if isinstance(links, list) else []):
        if isinstance(link, dict) and link.get("target") == old:
            targets.append(("graph_garden", "inferred_links", i, "target"))
    for path in targets:
        _set(doc, path, new)
    return [format_path(p) for p in targets]


def apply(plan: RenamePlan) -> None:
    """Write the plan. Refuses (changing nothing) if a file changed on disk since planning."""
    if plan.applied:
        raise RenameError("this rename has already been applied", str(plan.folder))
    try:
        changeset.apply(plan.changes, plan.index)
    except ChangeSetError as exc:
        raise RenameError(f"rename {exc.message}", exc.file or str(plan.folder)) from None
    plan.applied = True


def revert(plan: RenamePlan) -> None:
    """Undo an applied rename. Refuses (changing nothing) if a file changed on disk since."""
    if not plan.applied:
        raise RenameError("this rename has not been applied", str(plan.folder))
    try:
        changeset.revert(plan.changes, plan.index)
    except ChangeSetError as exc:
        raise RenameError(exc.message, exc.file or str(plan.folder)) from None
    plan.applied = False
