"""Library fixes: for the rules that have one, the edit that settles a finding, planned in bulk.

"Fix all" of a rule in the Library problems panel plans every finding's fix as one bulk plan (each
file with its own operations), shown with its diffs before anything is written. Rules whose
answer is the curator's judgement (a link to a missing pattern, a target listed under two
different types) have no fix. A value outside the spec's list is not fixed in the file: the
library may accept it instead (``accept_candidates`` + ``config.accept_value``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from editor.model import schema
from editor.model.check.config import field_key
from editor.model.check.validation import Finding
from editor.model.document.datapath import walk
from editor.model.edit.bulk import AddRelationship, BulkPlan, Operation, SetField, Unset, plan_each
from editor.model.errors import PatternError
from editor.model.library.index import LibraryIndex
from editor.model.paths import format_path, parse_path

# rule -> what its fix does, as the panel's button says it
FIXES = {
    "overall-score": "Use the mean of the pillars and vitality",
    "self-link": "Remove the link to itself",
    "duplicate-target": "Remove the entry listed twice in the same list",
    "slug-in-id-list": "Write the pattern's id instead of its slug",
    "asymmetric-link": "Add the missing reverse link",
}
MIRROR = {"generalizes_from": "specializes_to", "specializes_to": "generalizes_from"}
_TWICE = re.compile(r" is listed twice in ")


def has_fix(rule: str) -> bool:
    return rule in FIXES


def fix_ops(finding: Finding, data: Any, index: LibraryIndex | None) -> list[tuple[Path, Operation]]:
    """The edits (file, operation) that settle ``finding`` in a file holding ``data``; [] when none."""
    path = Path(finding.file)
    try:
        segs = parse_path(finding.path) if finding.path else ()
    except PatternError:
        return []
    value = _at(data, segs)
    if finding.rule == "overall-score":
        assessment = _at(data, segs[:-1])
        mean = schema.pillar_mean(assessment) if isinstance(assessment, dict) else None
        return [] if mean is None else [(path, SetField(finding.path, repr(float(mean))))]
    if finding.rule == "self-link" or (finding.rule == "duplicate-target" and _TWICE.search(finding.message)):
        entry_path = segs[:-1] if segs and segs[-1] in ("target", "slug", "id") else segs
        return [(path, Unset(format_path(entry_path)))] if entry_path and isinstance(entry_path[-1], int) else []
    if finding.rule == "slug-in-id-list":
        target = schema.entry_target(value)
        owner = index.get(target) if index is not None and target else None
        if owner is None or not owner.id:
            return []
        if isinstance(value, dict):
            key = "id" if "id" in value else "slug"
            return [(path, SetField(format_path((*segs, key)), owner.id))]
        return [(path, SetField(finding.path, owner.id))]
    if finding.rule == "asymmetric-link" and index is not None and len(segs) >= 2:
        rel_type = segs[-2]
        mirror = MIRROR.get(str(rel_type))
        target = index.resolve(schema.entry_target(value) or "")
        own = data.get("slug") if isinstance(data, dict) else None
        other = index.get(target) if target else None
        if mirror is None or other is None or not own:
            return []
        weight = schema.entry_weight(value)
        return [(Path(other.path), AddRelationship(mirror, own, 0.8 if weight is None else float(weight)))]
    return []


def plan_fixes(
    findings: Iterable[Finding], index: LibraryIndex | None, read: Any = None, *, title: str = "Fix"
) -> BulkPlan:
    """Every fixable finding's edit as one plan. ``read(path) -> data`` reads a file's frontmatter
    (the warm query store's data, by default the file itself)."""
    read = read or _read
    per_file: dict[Path, list[Operation]] = defaultdict(list)
    cache: dict[str, Any] = {}
    for finding in findings:
        if not has_fix(finding.rule):
            continue
        if finding.file not in cache:
            cache[finding.file] = read(finding.file)
        for path, op in fix_ops(finding, cache[finding.file], index):
            if op not in per_file[path]:
                per_file[path].append(op)
    return plan_each([(p, _ordered(ops)) for p, ops in per_file.items()], index, title=title)


def accept_candidates(findings: Iterable[Finding], read: Any = None) -> dict[tuple[str, Any], int]:
    """Values outside the spec's list (rule ``enum``), by (field key, value), with how many files use
    them: what "accept this value for the library" offers."""
    read = read or _read
    out: dict[tuple[str, Any], int] = defaultdict(int)
    for finding in findings:
        if finding.rule != "enum":
            continue
        try:
            segs = parse_path(finding.path)
        except PatternError:
            continue
        value = _at(read(finding.file), segs)
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            out[(field_key(segs), value)] += 1
    return dict(out)


def _ordered(ops: Sequence[Operation]) -> list[Operation]:
    """Edits first, then removals of list items from the last index down, so no path shifts under another."""
    removals = [op for op in ops if isinstance(op, Unset)]
    others = [op for op in ops if not isinstance(op, Unset)]
    removals.sort(key=lambda op: _indices(op.path), reverse=True)
    return [*others, *removals]


def _indices(path: str) -> tuple:
    return tuple(s if isinstance(s, int) else -1 for s in parse_path(path))


def _at(data: Any, segs: tuple) -> Any:
    try:
        return walk(data, segs)
    except (KeyError, IndexError, TypeError):
        return None


def _read(file: str) -> Any:
    doc = schema.open_pattern(file)
    return doc.data if doc.error is None else None
