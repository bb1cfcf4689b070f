"""Bulk edit on 1,000 files of the synthetic library (issue 12: "a bulk set on 1,000 files,
including the diff preview, under 5 s"): planning (each file opened, edited through Document,
checked before and after), the preview's diff text, and the atomic write of the change set.
Baseline in the same run: reading, regex-substituting and writing the same files by hand,
with no parsing, no check and no lock (what a sed would cost)."""

from __future__ import annotations

import re
import tempfile
import time
from pathlib import Path

from common import CORPUS, Report
from synth import generate

from editor.model.edit.bulk import AddRelationship, SetField, plan
from editor.model.library import changeset
from editor.model.library.index import LibraryIndex

FILES = 1_000


def _by_hand(files: list[Path]) -> None:
    for path in files:
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"^(  status: ).*$", r"\1draft", text, count=1, flags=re.M), encoding="utf-8")


def run(report: Report) -> None:
    if not CORPUS.is_dir():
        report.value("bulk edit benchmarks", "skipped", "(../shared/corpus/patterns not found)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "lib"
        files = generate(folder, FILES)
        index = LibraryIndex(folder, use_cache=False)
        index.build()
        report.section(f"Bulk edit: synthetic {len(files):,} files")
        for ops, label in (
            ([SetField("status", "published")], "set status=published"),
            ([AddRelationship("complementary", "commons-governance", 0.7)], "add relationship"),
        ):
            start = time.perf_counter()
            result = plan(files, ops, index)
            planned = time.perf_counter() - start
            diff = result.diff()
            previewed = time.perf_counter() - start
            changeset.apply(result.changes, index)
            total = time.perf_counter() - start
            changeset.revert(result.changes, index)
            base_start = time.perf_counter()
            _by_hand(files)
            base = time.perf_counter() - base_start
            report.value(
                f"{label}: plan",
                f"{planned * 1000:.0f} ms",
                f"({len(result.changes)} change, {len(diff) // 1024} KB diff)",
            )
            report.line(f"{label}: plan + preview + write", total, base, "(target < 5 s)", against="regex+write")
            report.value(f"{label}: plan + preview", f"{previewed * 1000:.0f} ms")
