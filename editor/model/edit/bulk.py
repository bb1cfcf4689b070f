"""One change to many patterns: set a field, add to or remove from a list, add a relationship,
replace text. Planned per file, shown as diffs, then written as one change set.

Each file is edited through ``Document`` (so only the edited lines change and every value keeps
its style) in the file's own layout: an alias such as ``status`` is ``lifecycle.status`` in v7.1
and ``classification.status`` in the older layout; a new relationship entry copies its list's
form (``{slug, weight}`` maps, or bare ``pat_`` ids in the older layout). A file is refused, with
the reason, when it does not parse, when an operation cannot apply to it, or when the edit would
add a validation error it did not have; the other files still go ahead.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from editor.model import schema
from editor.model.check.config import LibraryConfig
from editor.model.check.validation import EMPTY, ERROR, library_config, validate
from editor.model.document.datapath import walk
from editor.model.document.document import Document
from editor.model.edit.values import item_for, value_for
from editor.model.errors import PatternError
from editor.model.library.changeset import FileChange
from editor.model.library.index import LibraryIndex
from editor.model.paths import format_path, parse_path
from editor.model.schema.aliases import alias_paths


class Refused(PatternError):
    """This operation cannot apply to this file."""


@dataclass(frozen=True)
class SetField:
    path: str  # dotted path or alias; the text is read for the field (values.value_for)
    text: str

    def describe(self) -> str:
        return f"set {self.path} = {self.text}"


@dataclass(frozen=True)
class Unset:
    path: str

    def describe(self) -> str:
        return f"remove {self.path}"


@dataclass(frozen=True)
class AddToList:
    path: str
    text: str

    def describe(self) -> str:
        return f"add {self.text!r} to {self.path}"


@dataclass(frozen=True)
class RemoveFromList:
    path: str
    text: str

    def describe(self) -> str:
        return f"remove {self.text!r} from {self.path}"


@dataclass(frozen=True)
class AddRelationship:
    type: str  # a relation type: uses, enables, requires, ...
    slug: str
    weight: float = 0.8

    def describe(self) -> str:
        return f"add {self.type} → {self.slug} ({self.weight:g})"


@dataclass(frozen=True)
class ReplaceText:
    path: str
    find: str
    replace: str

    def describe(self) -> str:
        return f"replace {self.find!r} with {self.replace!r} in {self.path}"


Operation = SetField | Unset | AddToList | RemoveFromList | AddRelationship | ReplaceText


@dataclass
class BulkPlan:
    title: str
    changes: list[FileChange] = field(default_factory=list)
    refused: list[tuple[Path, str]] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)

    @property
    def files(self) -> int:
        return len(self.changes) + len(self.refused) + len(self.unchanged)

    def summary(self) -> str:
        parts = [f"{len(self.changes)} of {self.files} files change"]
        if self.unchanged:
            parts.append(f"{len(self.unchanged)} already as asked")
        if self.refused:
            parts.append(f"{len(self.refused)} refused")
        return f"{self.title}: " + ", ".join(parts)

    def diff(self) -> str:
        out = [c.diff() for c in self.changes]
        out.extend(f"# {path.name}: not changed: {why}\n" for path, why in self.refused)
        return "".join(out)


def plan(
    files: Iterable[str | Path],
    ops: Sequence[Operation],
    index: LibraryIndex | None = None,
    *,
    title: str = "",
    config: LibraryConfig | None = None,
) -> BulkPlan:
    """What ``ops`` would do to each file, changing nothing on disk."""
    title = title or "; ".join(op.describe() for op in ops)
    return plan_each([(Path(f), ops) for f in files], index, title=title, config=config)


def plan_each(
    items: Sequence[tuple[Path, Sequence[Operation]]],
    index: LibraryIndex | None = None,
    *,
    title: str,
    config: LibraryConfig | None = None,
) -> BulkPlan:
    """Each file with its own operations (library fixes differ per file), as one plan."""
    if config is None:
        config = library_config(items[0][0].parent) if items else EMPTY
    result = BulkPlan(title)
    for path, ops in items:
        try:
            change = plan_file(path, ops, index, config)
        except PatternError as exc:
            result.refused.append((path, exc.message if exc.file in ("", str(path)) else str(exc)))
            continue
        if change is None:
            result.unchanged.append(path)
        else:
            result.changes.append(change)
    return result


def plan_file(
    path: Path, ops: Sequence[Operation], index: LibraryIndex | None = None, config: LibraryConfig = EMPTY
) -> FileChange | None:
    """One file's change (None when it already is as asked); raises PatternError when refused."""
    doc = schema.open_pattern(path)
    if doc.error is not None:
        raise Refused(f"the frontmatter does not parse ({doc.error})", str(path))
    assert doc.stamp is not None
    fields: list[str] = []
    for op in ops:
        fields.extend(apply_op(doc, op, index))
    if not doc.dirty:
        return None
    after = [f for f in validate(doc, index, config, body=False) if f.severity == ERROR]  # body rules: no errors
    if after:  # errors the file already had are not the edit's fault (checked only then: it halves the cost)
        old = Document.from_text(doc.saved_text, path, schema.HINTS)
        before = Counter((f.rule, f.message) for f in validate(old, index, config, body=False) if f.severity == ERROR)
        for f in after:
            key = (f.rule, f.message)
            if before[key] > 0:
                before[key] -= 1
            else:
                raise Refused(f"the new value does not fit the schema: {f.path or 'file'}: {f.message}", str(path))
    return FileChange(path, path, doc.saved_text, doc.text, list(dict.fromkeys(fields)), doc.stamp)


def apply_op(doc: Document, op: Operation, index: LibraryIndex | None = None) -> list[str]:
    """Apply one operation to an open document; the dotted paths it changed."""
    data = doc.data
    if isinstance(op, AddRelationship):
        return _add_relationship(doc, op, index)
    segs = resolve(data, op.path)
    exists = doc.exists(segs)
    value = doc.get(segs) if exists else None
    if isinstance(op, SetField):
        doc.set(segs, value_for(data, segs, op.text))
    elif isinstance(op, Unset):
        if not exists:
            return []
        doc.delete(segs)
    elif isinstance(op, AddToList):
        item = item_for(data, segs, op.text)
        if isinstance(value, list):
            if item in value:
                return []
            doc.append(segs, item)
        elif value is None or value == "":
            doc.set(segs, [item] if value is None else item)
        elif isinstance(value, str):  # the older layout's one-value list becomes a list of two
            if value == item:
                return []
            doc.set(segs, [value, item])
        else:
            raise Refused(f"{format_path(segs)} is not a list", doc.name)
    elif isinstance(op, RemoveFromList):
        item = item_for(data, segs, op.text)
        if isinstance(value, list):
            hits = [i for i, v in enumerate(value) if v == item]
            for i in reversed(hits):
                doc.delete((*segs, i))
            if not hits:
                return []
        elif isinstance(value, str) and value == item:
            doc.set(segs, "")  # a one-value list keeps its one text, as the form does
        else:
            return []
    elif isinstance(op, ReplaceText):
        return _replace(doc, segs, value, op)
    return [format_path(segs)]


def resolve(data: Any, path: str) -> tuple:
    """The field path ``path`` (dotted or an alias) names in this file's layout."""
    layout = schema.layout_of(data).name
    candidates = alias_paths(path, layout)
    if candidates is None:
        return parse_path(path)
    if not candidates:
        raise Refused(f"the {layout} layout has no {path!r} field")
    for dotted in candidates:
        segs = parse_path(dotted)
        try:
            if walk(data, segs) is not None:
                return segs
        except (KeyError, IndexError, TypeError):
            continue
    return parse_path(candidates[0])


def _replace(doc: Document, segs: tuple, value: Any, op: ReplaceText) -> list[str]:
    if not op.find:
        raise Refused("nothing to find")
    if isinstance(value, str):
        if op.find not in value:
            return []
        doc.set(segs, value.replace(op.find, op.replace))
        return [format_path(segs)]
    if isinstance(value, list):
        changed = []
        for i, item in enumerate(value):
            if isinstance(item, str) and op.find in item:
                doc.set((*segs, i), item.replace(op.find, op.replace))
                changed.append(format_path((*segs, i)))
        return changed
    return []


def _add_relationship(doc: Document, op: AddRelationship, index: LibraryIndex | None) -> list[str]:
    data = doc.data if isinstance(doc.data, dict) else {}
    own = data.get("slug") or (doc.path.stem if doc.path else "")
    if op.slug == own:
        return []  # a pattern does not relate to itself
    if op.type not in schema.RELATION_TYPES:
        raise Refused(f"{op.type!r} is not a relationship type ({', '.join(schema.RELATION_TYPES)})")
    legacy = schema.layout_of(data) is schema.LEGACY
    segs: tuple = (op.type,) if legacy else ("relationships", op.type)
    existing = doc.get(segs) if doc.exists(segs) else None
    entries = existing if isinstance(existing, list) else []
    target = index.get(op.slug) if index is not None else None
    pattern_id = target.id if target is not None else None
    for entry in entries:
        t = schema.entry_target(entry)
        if t == op.slug or (pattern_id and t == pattern_id):
            return []
    declared = schema.declared_entry_form(data, tuple(str(s) for s in segs))
    entry = schema.new_entry(entries, op.slug, op.weight, pattern_id, declared)
    if entry is None:
        raise Refused(f"{format_path(segs)} links by pattern id, and {op.slug!r} has none in the library")
    if isinstance(existing, list):
        doc.append(segs, entry)
    elif existing is None or existing == "":
        doc.set(segs, [entry])
    else:
        raise Refused(f"{format_path(segs)} is not a list")
    return [format_path(segs)]
