"""What the review window keeps between sessions and shows per file: reviewed marks and badges.

Reviewed marks live in one small JSON file in the user's state folder (``profile_dir("state")``),
per repository and per range of resolved commits, so "HEAD~1..HEAD" reviewed today is still
reviewed tomorrow while a new commit starts afresh. Plain Python (no widgets).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from editor.base.profile import profile_dir
from editor.model.diff.review import FileReview, ReviewResult, rollup

FILE = "reviewed.json"
KEEP_RANGES = 200  # ranges remembered per repository (the oldest are forgotten)


def range_key(result: ReviewResult) -> str:
    """The range as resolved commits: labels such as HEAD move, commits do not."""
    return f"{result.old_commit}..{result.new_commit or 'working-tree'}"


class ReviewedMarks:
    """The files marked reviewed in one range of one repository."""

    def __init__(self, repo: str | os.PathLike, key: str, store: Path | None = None) -> None:
        self.repo, self.key = str(Path(repo).resolve()), key
        self.store = store or profile_dir("state") / FILE
        self.paths: set[str] = set(self._read().get(self.repo, {}).get(key, []))

    def _read(self) -> dict:
        try:
            data = json.loads(self.store.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def set(self, path: str, reviewed: bool) -> None:
        if reviewed == (path in self.paths):
            return
        (self.paths.add if reviewed else self.paths.discard)(path)
        data = self._read()
        ranges = data.setdefault(self.repo, {})
        ranges.pop(self.key, None)
        if self.paths:
            ranges[self.key] = sorted(self.paths)  # last written last: the oldest go first
        for old in list(ranges)[:-KEEP_RANGES]:
            del ranges[old]
        self.store.parent.mkdir(parents=True, exist_ok=True)
        temp = self.store.with_suffix(".tmp")
        temp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(temp, self.store)

    def __contains__(self, path: object) -> bool:
        return path in self.paths


def badges(f: FileReview) -> list[str]:
    """Short roll-up badges of one file: "renamed", "+2 links", "score +0.5", "formatting"…"""
    out: list[str] = []
    if f.status == "renamed":
        out.append("renamed" + (f" {f.similarity}%" if f.similarity is not None and f.similarity < 100 else ""))
    elif f.status != "modified":
        out.append(f.status)
    if not f.pattern:
        return out
    r = rollup([f])
    for name, deltas in sorted(r.numbers.items()):
        short = "score" if name == "overall_score" else name.replace("_", " ")
        out.append(f"{short} {deltas[0]:+.2g}")
    for kind, sign in (("added", "+"), ("removed", "−")):
        if kind in r.relations:
            n = r.relations[kind][0]
            out.append(f"{sign}{n} link{'s' if n != 1 else ''}")
    for kind in ("re-weighted", "moved"):
        if kind in r.relations:
            out.append(f"{r.relations[kind][0]} {kind}")
    if r.fields:
        n = len(r.fields)
        out.append(f"{n} field{'s' if n != 1 else ''}")
    if f.diff is not None and f.diff.body_changes:
        n = len(f.diff.body_changes)
        out.append(f"body: {n} section{'s' if n != 1 else ''}")
    if f.migrated:
        out.append("layout migrated")
    if f.formatting_only:
        out.append("formatting")
    if f.identical:
        out.append("same content")
    if f.line_diff is not None:
        out.append("line diff")
    return out
