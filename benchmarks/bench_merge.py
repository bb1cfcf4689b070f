"""Three-way merge (target: two edited 25 KB versions of the seed < 100 ms), beside two baselines
measured in the same run: ``git merge-file`` on the same three files (a line merge, which conflicts
where this one does not) and PyYAML's CSafeLoader parsing the three frontmatters."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from common import SEED, Report, best, csafe_parse, frontmatter_of

from editor.model.document.document import Document
from editor.model.merge.merge import merge_texts
from editor.model.schema import HINTS


def _ours(text: str) -> str:
    doc = Document.from_text(text, "ours.md", HINTS)
    doc.set("ontology.commons_assessment.resilience", 3.5)
    doc.append("relationships.enables", {"slug": "harbour-watch", "weight": 0.7})
    doc.set_body(doc.body.replace("something shifts", "something changes", 1))
    return doc.text


def _theirs(text: str) -> str:
    doc = Document.from_text(text, "theirs.md", HINTS)
    doc.set("ontology.commons_assessment.ownership", 4.0)
    doc.set("relationships.enables[slug=adaptive-facilitation].weight", 0.6)
    doc.set("relationships.complementary[slug=adversarial-growth].weight", 0.85)
    doc.set("lifecycle.status", "stable")
    doc.set_body(doc.body.replace("The practice roots itself", "The practice firmly roots itself", 1))
    return doc.text


def _conflicting(text: str) -> str:
    doc = Document.from_text(text, "theirs.md", HINTS)
    doc.set("ontology.commons_assessment.resilience", 4.0)
    doc.set_body(doc.body.replace("something shifts", "something moves", 1))
    return doc.text


def run(report: Report) -> None:
    report.section("Three-way merge (seed, 25 KB; ours and theirs each edit fields, links and the body)")
    base = SEED.read_text(encoding="utf-8")
    ours, theirs = _ours(base), _theirs(base)
    parse3 = best(lambda: [csafe_parse(frontmatter_of(t)) for t in (base, ours, theirs)], number=20)
    result = merge_texts(base, ours, theirs)
    report.value("clean merge", "yes" if result.clean else f"no ({len(result.conflicts)} conflicts)")
    merged = best(lambda: merge_texts(base, ours, theirs), number=5)
    report.line("merge_texts (parse three + merge)", merged, parse3, "< 100 ms", against="CSafeLoader x3")
    other = _conflicting(base)
    conflicted = best(lambda: merge_texts(base, ours, other), number=5)
    report.line("merge_texts with 2 conflicts", conflicted, parse3, "< 100 ms", against="CSafeLoader x3")
    report.line(
        "one side unchanged (returns the other)", best(lambda: merge_texts(base, base, theirs), number=5), parse3
    )

    git = shutil.which("git")
    if git is None:
        report.value("git merge-file", "skipped", "(git not installed)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for name, text in (("ours.md", ours), ("base.md", base), ("theirs.md", theirs)):
            (Path(tmp) / name).write_text(text, encoding="utf-8")
            files.append(str(Path(tmp) / name))
        run_git = subprocess.run([git, "merge-file", "-p", *files], capture_output=True, text=True)
        report.value("git merge-file on the same files", f"{run_git.returncode} conflicts")
        git_time = best(lambda: subprocess.run([git, "merge-file", "-p", *files], capture_output=True), number=3)
        report.line("git merge-file -p (a process, lines only)", git_time)
        cli = best(
            lambda: subprocess.run(
                [sys.executable, "-m", "editor.cli", "merge", files[1], files[0], files[2]],
                capture_output=True,
            ),
            repeat=3,
        )
        # mostly interpreter start-up and imports: the merge itself is the figure above
        report.line("pattern-cli merge (a process, as git runs it)", cli, git_time, against="git merge-file")
