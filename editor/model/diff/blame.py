"""Field blame: for each field, the commit that last changed its *value* (not its line).

The file's commits are listed once (``git log --follow --name-status -z``, so renames are
followed), every version is read through one ``git cat-file --batch`` process (``gitbatch.py``);
both from libgit2 instead (``gitlib.py``) unless ``gitlib.use_git`` picks the git command;
each frontmatter is parsed once with libyaml's C loader into leaf values by path, and the
versions are walked newest to oldest: a field's commit is the oldest of the newest run of
versions that hold its current value. Values compare as the diff compares them (``values.canon``:
3 and 3.0, key order and a quoted date do not count). Versions that do not parse are skipped.
Uncommitted changes in the working file are reported as "not committed yet".
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from editor.model import schema
from editor.model.diff import gitlib
from editor.model.diff.gitbatch import BlobReader, git
from editor.model.diff.history import require_repo
from editor.model.document.datapath import walk
from editor.model.document.split import decode, split
from editor.model.document.values import canon
from editor.model.errors import PathError, PatternError
from editor.model.paths import Select, format_path, parse_path
from editor.model.schema.aliases import ALIASES

UNCOMMITTED = "0" * 40
_IDENTITY = ("slug", "id", "target", "name", "dimension")  # how rows of a table are told apart
_FIELD, _RECORD = "\x1f", "\x1e"

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader  # type: ignore[misc]


@dataclass(frozen=True)
class BlameLine:
    path: str  # dotted, as format_path writes it
    commit: str  # full hash; 40 zeros for a change not committed yet
    author: str
    date: str  # ISO 8601 author date
    summary: str  # the commit's subject line

    @property
    def short(self) -> str:
        return self.commit[:8]

    def to_json(self) -> dict[str, str]:
        return {
            "path": self.path,
            "commit": self.commit,
            "author": self.author,
            "date": self.date,
            "summary": self.summary,
        }


@dataclass(frozen=True)
class _Version:
    commit: str
    author: str
    date: str
    summary: str
    path: str  # the file's path (from the repository root) in this commit


def file_versions(root: Path, rel: str) -> list[_Version]:
    """The commits that touched the file, newest first, each with the file's path in it."""
    if not gitlib.use_git("blame"):
        repo = require_repo(root)
        return [
            _Version(t.rev, t.author, t.date.isoformat(), t.subject, t.path)
            for t in gitlib.file_log(repo, rel)
            if t.status != "D"  # the file does not exist in this commit
        ]
    fmt = _RECORD + _FIELD.join(("%H", "%an", "%aI", "%s")) + _FIELD
    out = git(root, "log", "--follow", "--name-status", "-z", f"--format={fmt}", "--", rel, what=rel)
    versions: list[_Version] = []
    current = rel
    for record in out.decode("utf-8", "surrogateescape").split(_RECORD)[1:]:
        parts = record.split(_FIELD)
        if len(parts) < 5:
            continue
        commit, author, date, summary = parts[:4]
        tokens = [t for t in parts[4].strip("\0\n").split("\0") if t != ""]
        here = current
        if tokens:
            status = tokens[0]
            if status[:1] in "RC" and len(tokens) >= 3:
                here, current = tokens[2], tokens[1]
            elif len(tokens) >= 2:
                here = current = tokens[1]
            if status[:1] == "D":
                continue  # the file does not exist in this commit
        versions.append(_Version(commit, author, date, summary, here))
    return versions


def frontmatter_data(text: str) -> Any:
    """The frontmatter as Python data (C loader); None when it does not parse."""
    try:
        parts = split(text)
        return yaml.load(parts.frontmatter(text), Loader=_Loader)
    except (PatternError, yaml.YAMLError, ValueError):
        return None


def leaves(data: Any) -> dict[str, Any]:
    """Each field's value by its dotted path: maps are walked, relationship entries and table rows
    keyed by their slug or id, lists of plain values kept whole (one field)."""
    out: dict[str, Any] = {}
    _walk(data, (), out, data)
    return out


def _walk(value: Any, segs: tuple, out: dict[str, Any], root: Any) -> None:
    if isinstance(value, dict) and value:
        for k, v in value.items():
            _walk(v, segs + (str(k),), out, root)
        return
    if isinstance(value, list) and value and any(isinstance(x, (dict, list)) for x in value):
        key = _identity(segs, value)
        for i, item in enumerate(value):
            if key == "slug":
                seg: Any = Select("slug", schema.entry_target(item))
            else:
                seg = Select(key, item[key]) if key else i
            _walk(item, segs + (seg,), out, root)
        return
    if segs:
        out[format_path(segs)] = canon(value)


def _identity(segs: tuple, rows: list) -> str | None:
    relation = (len(segs) == 2 and segs[0] == "relationships") or (len(segs) == 1 and segs[0] in _RELATIONS)
    if relation:
        targets = [schema.entry_target(r) for r in rows]
        if all(isinstance(t, str) for t in targets) and len(set(targets)) == len(targets):
            return "slug"
    for key in _IDENTITY:
        ids = [r.get(key) if isinstance(r, dict) else None for r in rows]
        if all(isinstance(x, str) for x in ids) and len(set(ids)) == len(ids):
            return key
    return None


_RELATIONS = frozenset(
    ("generalizes_from", "specializes_to", "enables", "requires", "alternatives", "complementary", "tools", "related")
)


def _value(flat: dict[str, Any], path: str) -> Any:
    """A field's value in a version: the leaf itself, or every leaf under a map or list."""
    if path in flat:
        return flat[path]
    inner = tuple(sorted((k, v) for k, v in flat.items() if k.startswith((path + ".", path + "["))))
    return inner or None


def _in_layout(path: str, layout: str, other: str, flat: dict[str, Any]) -> str:
    """Where a version in the ``other`` layout keeps the field at ``path`` (in ``layout``): a file
    moved between layouts keeps ``lifecycle.status`` as ``classification.status``, the relationship
    lists at the top level, the overall score as the commons alignment (the schema's aliases)."""
    if other == layout:
        return path
    for name, places in ALIASES.items():
        if name in _NOT_THE_SAME:
            continue
        for src in places.get(layout, ()):
            if path == src or path.startswith((src + ".", src + "[")):
                options = [dst + path[len(src) :] for dst in places.get(other, ())]
                return next((o for o in options if _value(flat, o) is not None), options[0] if options else path)
    head, _, rest = path.partition(".")
    if head == "relationships" and rest.split("[", 1)[0].split(".", 1)[0] in _RELATIONS:
        return rest
    if path.split("[", 1)[0].split(".", 1)[0] in _RELATIONS:
        return f"relationships.{path}"
    return path


# lifecycle.confidence (1-3 stars) and confidence_score (0-1) are not one quantity told two ways
_NOT_THE_SAME = frozenset({"confidence"})


def _chosen(flat: dict[str, Any], wanted: list[str], file: str) -> list[str]:
    """The paths to blame: every leaf, or the given ones (a bare last key finds its field)."""
    if not wanted:
        return list(flat)
    out: list[str] = []
    for path in wanted:
        if _value(flat, path) is not None:
            out.append(path)
            continue
        ends = [k for k in flat if k.endswith("." + path) or k.endswith("]" + path)]
        if not ends:
            raise PathError(f"no field {path!r} in the newest version", file)
        out.extend(ends)
    return out


_Entry = tuple[_Version, dict[str, Any], str, dict]  # a version, its leaves, its layout, its data


def _history(file: str | os.PathLike) -> tuple[list[_Entry], list[_Version]]:
    """The versions of ``file`` that parse, newest first (the working file first when it differs
    from the newest commit), each with its leaves and layout; and every commit that touched it."""
    repo = require_repo(file)
    rel = repo.relpath(file)
    versions = file_versions(repo.root, rel)
    with BlobReader(repo, "blame") as reader:
        blobs = reader.read_many(f"{v.commit}:{v.path}" for v in versions)
    history: list[_Entry] = []
    for v, data in zip(versions, blobs):
        parsed = frontmatter_data(decode(data, v.path)) if data is not None else None
        if isinstance(parsed, dict):
            history.append((v, leaves(parsed), schema.layout_of(parsed).name, parsed))
    working = Path(file)
    if working.is_file():
        parsed = frontmatter_data(decode(working.read_bytes(), str(file)))
        if isinstance(parsed, dict):
            flat = leaves(parsed)
            if not history or flat != history[0][1]:
                now = _Version(UNCOMMITTED, "Not Committed Yet", "", "not committed yet", rel)
                history.insert(0, (now, flat, schema.layout_of(parsed).name, parsed))
    if not history:
        raise PatternError("no committed version of this file parses as a pattern", str(file))
    return history, versions


def blame(file: str | os.PathLike, paths: list[str] | None = None) -> list[BlameLine]:
    """The commit that last changed the value of each field of ``file`` (or of ``paths``)."""
    history, _ = _history(file)
    _, newest, layout, _ = history[0]
    lines = []
    for path in _chosen(newest, list(paths or []), str(file)):
        value = _value(newest, path)
        found = history[0][0]
        for v, flat, other, _ in history[1:]:
            if _value(flat, _in_layout(path, layout, other, flat)) != value:
                break
            found = v
        lines.append(BlameLine(path, found.commit, found.author, found.date, found.summary))
    return lines


@dataclass(frozen=True)
class Change:
    """One change of a field's value: the commit that made it, and the value before and after."""

    path: str  # the field, dotted
    commit: str  # full hash; 40 zeros for the working file's change not committed yet
    author: str
    date: str  # ISO 8601 author date ("" when not committed)
    summary: str
    old: Any  # the value before, as the file held it (None when the field was missing)
    new: Any  # the value after (None when the field was removed)
    file: str  # the file's path (from the repository root) in this commit
    before: str | None  # the commit of the file's previous version (None: the file was added here)
    before_file: str | None  # the file's path in that commit

    @property
    def short(self) -> str:
        return self.commit[:8]

    @property
    def committed(self) -> bool:
        return self.commit != UNCOMMITTED


def field_history(file: str | os.PathLike, path: str) -> list[Change]:
    """Every change of the value of the field at ``path`` across ``file``'s history, newest first:
    a version whose value differs from the previous (older) version that parses is a change.
    The field is named as in the newest version; older versions in the other layout are read at the
    field's place there. Versions that do not parse are skipped, as blame skips them."""
    history, versions = _history(file)
    _, newest, layout, _ = history[0]
    if _value(newest, path) is None:
        try:
            path = _chosen(newest, [path], str(file))[0]  # a bare last key names its field
        except PathError:
            pass  # not in the newest version: its history until it was removed
    older_of: dict[str, _Version | None] = {
        v.commit: versions[i + 1] if i + 1 < len(versions) else None for i, v in enumerate(versions)
    }
    if versions:
        older_of[UNCOMMITTED] = versions[0]
    places = [_in_layout(path, layout, other, flat) for _, flat, other, _ in history]
    values = [_value(flat, place) for (_, flat, _, _), place in zip(history, places)]
    raw = [_raw(data, place) for (_, _, _, data), place in zip(history, places)]
    changes = []
    for i, (v, _, _, _) in enumerate(history):
        last = i + 1 == len(history)
        if values[i] == (None if last else values[i + 1]):
            continue
        before = older_of.get(v.commit)
        changes.append(
            Change(
                path,
                v.commit,
                v.author,
                v.date,
                v.summary,
                None if last else raw[i + 1],
                raw[i],
                v.path,
                before.commit if before else None,
                before.path if before else None,
            )
        )
    return changes


def _raw(data: dict, path: str) -> Any:
    """The value at ``path`` as the file holds it; None when missing."""
    try:
        return walk(data, parse_path(path))
    except (KeyError, IndexError, TypeError, PathError):
        return None
