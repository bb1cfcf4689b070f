"""Review a range of commits in one process: every changed file with its semantic diff, and a roll-up.

``review(folder, "A..B")`` lists the files from one ``git diff --raw --find-renames``, reads every
blob through one ``git cat-file --batch`` (``gitbatch.py``; both from libgit2, ``gitlib.py``,
unless ``gitlib.use_git`` picks the git command) and compares each pattern with the same
``diff_documents`` as ``pattern-cli diff``. A side that does not parse falls back to a line diff
with a note; files that are not patterns are listed by name. Many files are compared in a second
process as well (spawned, as the library index does, so a caller running Qt threads stays safe).
"""

from __future__ import annotations

import difflib
import os
import sys
import threading
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path
from typing import Any

from editor.model import schema
from editor.model.diff.changes import ADDED, CHANGED, MOVED, REMOVED
from editor.model.diff.gitbatch import BlobReader, RawChange, merge_base, parent_of, raw_diff, repo_at, resolve
from editor.model.diff.result import DiffResult
from editor.model.diff.semantic import diff_documents
from editor.model.document.document import Document
from editor.model.document.split import decode
from editor.model.errors import PatternError
from editor.model.paths import Select
from editor.model.schema.spec import RELATION_TYPES

POOL_THRESHOLD = 150  # pattern files to compare before a second process pays for its start-up
WORKING_TREE = "working tree"
_RELATIONS = frozenset((*RELATION_TYPES, "related"))


@dataclass
class FileReview:
    """One changed file: its status, and for a pattern its semantic diff (or a line diff and why)."""

    status: str  # added | deleted | modified | renamed | copied | type-changed
    path: str  # the new path (the old one for a deleted file)
    old_path: str | None = None  # set when it differs from ``path`` (renames, copies)
    pattern: bool = False
    diff: DiffResult | None = None  # both sides parse
    not_compared: list[str] = field(default_factory=list)  # why a side was not compared as a pattern
    line_diff: str | None = None
    similarity: int | None = None
    old_layout: str | None = None
    new_layout: str | None = None
    title: str = ""
    identical: bool = False  # the same bytes on both sides (a pure rename or copy)

    @property
    def migrated(self) -> bool:
        return self.old_layout is not None and self.new_layout is not None and self.old_layout != self.new_layout

    @property
    def formatting_only(self) -> bool:
        return self.diff is not None and self.diff.is_empty and not self.identical

    def diff_json(self) -> dict[str, Any] | None:
        """What ``pattern-cli diff --format json`` prints for the same two versions."""
        if self.diff is not None:
            return self.diff.to_json()
        if self.line_diff is not None:
            return {
                "changes": [],
                "body": [],
                "formatting": [],
                "not_compared": self.not_compared,
                "line_diff": self.line_diff,
            }
        return None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"status": self.status, "path": self.path, "kind": "pattern" if self.pattern else "other"}
        if self.old_path is not None:
            out["old_path"] = self.old_path
        if self.similarity is not None:
            out["similarity"] = self.similarity
        if self.pattern:
            out.update(title=self.title, old_layout=self.old_layout, new_layout=self.new_layout)
            if self.identical:
                out["identical"] = True
            out["diff"] = self.diff_json()
        return out


@dataclass
class Rollup:
    """Counts over all the files of a review, computed from their diffs."""

    statuses: Counter = field(default_factory=Counter)  # of pattern files
    others: int = 0
    numbers: dict[str, list[float]] = field(default_factory=dict)  # field name -> one mean delta per file
    fields: Counter = field(default_factory=Counter)  # other changed fields -> files
    relations: dict[str, list[int]] = field(default_factory=dict)  # added/removed/re-weighted/moved -> [entries, files]
    migrated: Counter = field(default_factory=Counter)  # "legacy → v7.1" -> files
    formatting_only: int = 0
    body_changed: int = 0
    not_compared: int = 0

    def lines(self) -> list[str]:
        patterns = sum(self.statuses.values())
        kinds = ", ".join(f"{n} {s}" for s, n in sorted(self.statuses.items()))
        out = [f"{patterns} pattern file{_s(patterns)} changed" + (f" ({kinds})" if kinds else "")]
        if self.others:
            out.append(f"{self.others} other file{_s(self.others)} changed")
        for name, deltas in sorted(self.numbers.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            mean = sum(deltas) / len(deltas)
            out.append(f"{name} changed in {len(deltas)} file{_s(len(deltas))} (mean {mean:+.2g})")
        for kind in ("added", "removed", "re-weighted", "moved"):
            if kind in self.relations:
                entries, files = self.relations[kind]
                out.append(f"relationships {kind}: {entries} in {files} file{_s(files)}")
        if self.fields:
            top = ", ".join(f"{name} ({n})" for name, n in self.fields.most_common(8))
            more = len(self.fields) - 8
            out.append(f"other fields changed: {top}" + (f" and {more} more" if more > 0 else ""))
        if self.body_changed:
            out.append(f"body changed: {self.body_changed} file{_s(self.body_changed)}")
        for how, n in sorted(self.migrated.items()):
            out.append(f"layout migrated: {n} file{_s(n)} ({how})")
        if self.formatting_only:
            out.append(f"formatting only: {self.formatting_only} file{_s(self.formatting_only)}")
        if self.not_compared:
            out.append(f"not compared as patterns (line diff): {self.not_compared} file{_s(self.not_compared)}")
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "statuses": dict(self.statuses),
            "other_files": self.others,
            "numbers": {k: {"files": len(v), "mean_delta": round(sum(v) / len(v), 6)} for k, v in self.numbers.items()},
            "relationships": {k: {"entries": e, "files": f} for k, (e, f) in self.relations.items()},
            "fields": dict(self.fields),
            "layout_migrated": dict(self.migrated),
            "formatting_only": self.formatting_only,
            "body_changed": self.body_changed,
            "not_compared": self.not_compared,
            "summary": self.lines(),
        }


@dataclass
class ReviewResult:
    old: str  # the old revision as given or resolved ("abc1234")
    new: str  # the new revision, or "working tree"
    files: list[FileReview] = field(default_factory=list)
    old_commit: str = ""
    new_commit: str = ""  # "" for the working tree

    @property
    def rollup(self) -> Rollup:
        return rollup(self.files)

    @property
    def is_empty(self) -> bool:
        return not self.files

    def to_json(self) -> dict[str, Any]:
        return {
            "old": self.old,
            "new": self.new,
            "old_commit": self.old_commit,
            "new_commit": self.new_commit or None,
            "files": [f.to_json() for f in self.files],
            "rollup": self.rollup.to_json(),
        }


def _s(n: int) -> str:
    return "" if n == 1 else "s"


# ---------------------------------------------------------------- the range


def resolve_range(folder: Path, revs: list[str]) -> tuple[str, str | None, str, str]:
    """(old commit, new commit or None for the working tree, old label, new label) for 0-2 revisions."""
    repo = repo_at(folder)
    if len(revs) > 2:
        raise PatternError("review takes at most two revisions (REV_A REV_B, A..B or A...B)")
    if not revs:
        return resolve(repo, "HEAD"), None, "HEAD", WORKING_TREE
    if len(revs) == 2:
        return resolve(repo, revs[0]), resolve(repo, revs[1]), revs[0], revs[1]
    spec = revs[0]
    for sep in ("...", ".."):
        if sep in spec:
            a, b = spec.split(sep, 1)
            a, b = a or "HEAD", b or "HEAD"
            old, new = resolve(repo, a), resolve(repo, b)
            if sep == "...":
                old = merge_base(repo, old, new)
                return old, new, f"merge-base of {a} and {b} ({old[:7]})", b
            return old, new, a, b
    new = resolve(repo, spec)
    old = parent_of(repo, new)
    return old, new, f"{spec}^", spec


def review(
    folder: str | os.PathLike, revs: list[str] | None = None, paths: list[str] | None = None, workers: int | None = None
) -> ReviewResult:
    """Review the changes of a range in ``folder``'s repository (see ``resolve_range``); ``paths``
    limit it as git pathspecs relative to ``folder``."""
    folder = Path(folder)
    repo = repo_at(folder)
    old, new, old_label, new_label = resolve_range(folder, list(revs or []))
    changes = raw_diff(repo, old, new, paths or (), cwd=folder)
    texts = _read_sides(repo.root, changes, new is None)
    files: list[FileReview] = []
    todo: list[tuple] = []
    for c, (old_bytes, new_bytes) in zip(changes, texts):
        old_path = c.old_path if c.old_path != c.path else None
        if not (_is_markdown(c) and c.is_file and _looks_like_pattern(old_bytes, new_bytes)):
            files.append(FileReview(c.status, c.path, old_path, similarity=c.similarity))
            continue
        todo.append((c.status, c.path, old_path, c.similarity, old_bytes, new_bytes))
    files.extend(_compare_all(todo, workers))
    files.sort(key=lambda f: (not f.pattern, f.path))
    return ReviewResult(old_label, new_label, files, old, new or "")


def _is_markdown(c: RawChange) -> bool:
    return c.path.lower().endswith(".md") or (c.old_path or "").lower().endswith(".md")


def _looks_like_pattern(*sides: bytes | None) -> bool:
    """A side that opens with a frontmatter delimiter (after a BOM or blank lines)."""
    return any(s is not None and s.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"---") for s in sides)


def _read_sides(root: Path, changes: list[RawChange], working: bool) -> list[tuple[bytes | None, bytes | None]]:
    """Both sides of every change: blobs through one cat-file process, working-tree files from disk."""
    wanted = sorted({oid for c in changes for oid in (c.old_oid, c.new_oid) if oid})
    with BlobReader(repo_at(root)) as reader:
        blobs = dict(zip(wanted, reader.read_many(wanted)))
    out = []
    for c in changes:
        old = blobs.get(c.old_oid) if c.old_oid else None
        new = blobs.get(c.new_oid) if c.new_oid else None
        if new is None and working and c.status != "deleted":
            try:
                new = (root / c.path).read_bytes()
            except OSError:
                new = None
        out.append((old, new))
    return out


# ---------------------------------------------------------------- comparing


def _compare_all(todo: list[tuple], workers: int | None) -> list[FileReview]:
    if workers is None:
        workers = min(os.cpu_count() or 1, 2) if len(todo) >= POOL_THRESHOLD else 1
    if workers <= 1 or len(todo) < 2 or (not _main_importable() and threading.active_count() > 1):
        return compare_many(todo)
    shares = [todo[i::workers] for i in range(workers)]
    out: list[FileReview] = []
    with ProcessPoolExecutor(workers - 1, mp_context=_context()) as pool:
        futures = [pool.submit(compare_many, share) for share in shares[1:]]
        out.extend(compare_many(shares[0]))  # this process does a share while the others start
        for share, future in zip(shares[1:], futures):
            try:
                out.extend(future.result())
            except Exception:  # a worker that could not start: do its share here
                out.extend(compare_many(share))
    return out


def _context() -> Any:
    """fork when this process runs no other thread (the command line: no start-up imports to
    repeat), spawn otherwise (forking a process that runs Qt threads is unsafe)."""
    if threading.active_count() == 1 and "fork" in get_all_start_methods():
        return get_context("fork")
    return get_context("spawn")


def _main_importable() -> bool:
    """A spawned worker re-imports ``__main__``; code run from stdin or ``-c`` has none to import."""
    main = sys.modules.get("__main__")
    spec_file = getattr(main, "__file__", None)
    return spec_file is None or os.path.exists(spec_file)


def compare_many(todo: list[tuple]) -> list[FileReview]:
    return [compare_file(*item) for item in todo]


def compare_file(
    status: str,
    path: str,
    old_path: str | None,
    similarity: int | None,
    old_bytes: bytes | None,
    new_bytes: bytes | None,
) -> FileReview:
    """One pattern file: the semantic diff of its two sides, or a line diff with a note."""
    review = FileReview(status, path, old_path, True, similarity=similarity, identical=old_bytes == new_bytes)
    old_name, new_name = f"a/{old_path or path}", f"b/{path}"
    old, old_err = _document(old_bytes, old_name)
    new, new_err = _document(new_bytes, new_name)
    for doc, attr in ((old, "old_layout"), (new, "new_layout")):
        if doc is not None and doc.error is None:
            setattr(review, attr, schema.layout_of(doc.data).name)
    shown = new if new is not None and new.error is None else old
    if shown is not None and shown.error is None and isinstance(shown.data, dict):
        review.title = str(shown.data.get("title") or "")
    if old is None or new is None:  # added or deleted: nothing to compare with
        review.not_compared = [e for e in (old_err, new_err) if e]
        review.not_compared += [str(d.error) for d in (old, new) if d is not None and d.error is not None]
        return review
    errors = [e for e in (old_err, new_err) if e] + [str(d.error) for d in (old, new) if d.error is not None]
    if not errors:
        try:
            review.diff = diff_documents(old, new)
            return review
        except PatternError as exc:
            errors = [str(exc)]
    review.not_compared = errors
    lines = difflib.unified_diff(old.text.splitlines(True), new.text.splitlines(True), old_name, new_name)
    review.line_diff = "".join(lines)
    return review


def _document(data: bytes | None, name: str) -> tuple[Document | None, str]:
    if data is None:
        return None, ""
    try:
        text = decode(data, name)
    except PatternError as exc:
        return Document.from_text(data.decode("utf-8", "replace"), name, schema.HINTS), str(exc)
    return Document.from_text(text, name, schema.HINTS), ""


# ---------------------------------------------------------------- the roll-up


def rollup(files: list[FileReview]) -> Rollup:
    r = Rollup()
    for f in files:
        if not f.pattern:
            r.others += 1
            continue
        r.statuses[f.status] += 1
        if f.line_diff is not None:
            r.not_compared += 1
        if f.migrated:
            r.migrated[f"{f.old_layout} → {f.new_layout}"] += 1
        if f.diff is None:
            continue
        if f.formatting_only:
            r.formatting_only += 1
        if f.diff.body_changes:
            r.body_changed += 1
        _count_changes(r, f.diff)
    return r


def _count_changes(r: Rollup, diff: DiffResult) -> None:
    deltas: dict[str, list[float]] = {}
    relations: Counter = Counter()
    fields: set[str] = set()
    for c in diff.changes:
        segs = c.segments
        if _is_relation(segs):
            kind = _relation_kind(c)
            if kind:
                value = c.new if c.kind == ADDED else c.old
                relations[kind] += len(value) if kind in ("added", "removed") and isinstance(value, list) else 1
            continue
        name = next((s for s in reversed(segs) if isinstance(s, str)), c.path)
        if c.kind == CHANGED and c.delta is not None:
            deltas.setdefault(name, []).append(float(c.delta))
        elif not any(isinstance(s, (int, Select)) for s in segs) or c.kind == CHANGED:
            fields.add(".".join(s for s in segs if isinstance(s, str)) or c.path)
    for name, ds in deltas.items():
        r.numbers.setdefault(name, []).append(sum(ds) / len(ds))
    for name in fields:
        r.fields[name] += 1
    for kind, n in relations.items():
        entry = r.relations.setdefault(kind, [0, 0])
        entry[0] += n
        entry[1] += 1


def _is_relation(segs: tuple) -> bool:
    if not segs:
        return False
    if segs[0] == "relationships":
        return True
    return len(segs) >= 2 and segs[0] in _RELATIONS and isinstance(segs[1], (int, Select))


def _relation_kind(c: Any) -> str | None:
    """added / removed / re-weighted / moved for a change to a relationship entry or list."""
    segs = c.segments
    entry = any(isinstance(s, (int, Select)) for s in segs)
    if c.kind == MOVED:
        return "moved" if entry and c.from_segments[:-1] != segs[:-1] else None
    if c.kind in (ADDED, REMOVED):
        if entry or isinstance(c.new if c.kind == ADDED else c.old, list):
            return "added" if c.kind == ADDED else "removed"
        return None
    if segs and segs[-1] == "weight":
        return "re-weighted"
    return None
