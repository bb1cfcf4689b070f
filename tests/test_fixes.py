"""Library fixes: each rule's fix settles its findings with a minimal diff; accept candidates count
the files per value; on a corpus copy, "fix all" of the reverse links leaves none."""

from __future__ import annotations

import difflib
import shutil
from collections import Counter
from pathlib import Path

from editor.model.check.lint import lint_library
from editor.model.check.validation import validate
from editor.model.edit.fixes import accept_candidates, has_fix, plan_fixes
from editor.model.library import changeset
from editor.model.library.index import LibraryIndex
from editor.model.schema import open_pattern

from .conftest import SAMPLES


def changed(a: str, b: str) -> tuple[list[str], list[str]]:
    diff = list(difflib.unified_diff(a.splitlines(), b.splitlines(), n=0, lineterm=""))
    return (
        [d[1:] for d in diff if d.startswith("-") and not d.startswith("---")],
        [d[1:] for d in diff if d.startswith("+") and not d.startswith("+++")],
    )


def library(tmp_path: Path) -> tuple[Path, LibraryIndex]:
    folder = tmp_path / "lib"
    shutil.copytree(SAMPLES, folder)
    index = LibraryIndex(folder, use_cache=False)
    index.build()
    return folder, index


def test_overall_score_fix_uses_the_mean(tmp_path: Path) -> None:
    folder, index = library(tmp_path)
    seed = folder / "restorative-practices-helpers.md"
    text = seed.read_text(encoding="utf-8")
    doc = open_pattern(seed)
    overall = doc.data["ontology"]["commons_assessment"]["overall_score"]
    line = next(ln for ln in text.splitlines() if ln.strip().startswith("overall_score:"))
    seed.write_text(text.replace(line, line.replace(str(overall), "1.0"), 1), encoding="utf-8")
    index.update_file(seed)
    findings = [f for f in validate(open_pattern(seed), index) if f.rule == "overall-score"]
    assert findings and has_fix("overall-score")
    plan = plan_fixes(findings, index)
    (change,) = plan.changes
    minus, plus = changed(change.old_text, change.new_text)
    assert len(minus) == len(plus) == 1 and "overall_score:" in plus[0]
    changeset.apply(plan.changes, index)
    assert not [f for f in validate(open_pattern(seed), index) if f.rule == "overall-score"]


def test_self_link_and_repeated_entry_are_removed(tmp_path: Path) -> None:
    folder, index = library(tmp_path)
    seed = folder / "restorative-practices-helpers.md"
    text = seed.read_text(encoding="utf-8")
    anchor = "  complementary:\n"
    assert anchor in text
    extra = (
        "    - slug: restorative-practices-helpers\n      weight: 0.5\n"
        "    - slug: restorative-circles\n      weight: 0.6\n    - slug: restorative-circles\n      weight: 0.6\n"
    )
    seed.write_text(text.replace(anchor, anchor + extra, 1), encoding="utf-8")
    index.update_file(seed)
    findings = [f for f in validate(open_pattern(seed), index) if f.rule in ("self-link", "duplicate-target")]
    assert {f.rule for f in findings} == {"self-link", "duplicate-target"}
    plan = plan_fixes(findings, index)
    changeset.apply(plan.changes, index)
    after = seed.read_text(encoding="utf-8")
    assert after == text.replace(anchor, anchor + "    - slug: restorative-circles\n      weight: 0.6\n", 1)


def test_accept_candidates_count_files_per_value(tmp_path: Path) -> None:
    folder, index = library(tmp_path)
    key = ("lifecycle.usage_stage", "application")
    already = accept_candidates(lint_library(index)).get(key, 0)
    for path in [p for p in sorted(folder.glob("*.md")) if "usage_stage: application" not in p.read_text("utf-8")][:3]:
        path.write_text(
            path.read_text(encoding="utf-8").replace("usage_stage: ", "usage_stage: application #", 1), "utf-8"
        )
    index.refresh()
    findings = lint_library(index)
    found = accept_candidates(findings)
    assert found.get(key) == already + 3


def test_fix_all_reverse_links_on_the_corpus(corpus: Path, tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(corpus, folder)
    index = LibraryIndex(folder, use_cache=False)
    index.build()
    before = lint_library(index)
    asymmetric = [f for f in before if f.rule == "asymmetric-link"]
    if not asymmetric:
        return
    plan = plan_fixes(asymmetric, index)
    assert not plan.refused
    for change in plan.changes:  # only added lines (or the emptied flow list opened up)
        minus, plus = changed(change.old_text, change.new_text)
        assert all(m.strip().endswith("[]") for m in minus) and len(plus) >= 2
    changeset.apply(plan.changes, index)
    after = Counter(f.rule for f in lint_library(index))
    assert after["asymmetric-link"] == 0
    counts = Counter(f.rule for f in before)
    assert {r: after[r] for r in counts if r != "asymmetric-link"} == {
        r: n for r, n in counts.items() if r != "asymmetric-link"
    }
