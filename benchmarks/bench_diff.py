"""Semantic diff (target: two 25 KB patterns < 50 ms) and git history (100 commits < 1 s)."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from common import CORPUS, SEED, Report, best, csafe_parse, frontmatter_of, percentile

from editor.model.diff.history import history, read_at
from editor.model.diff.semantic import diff_documents, diff_texts
from editor.model.document.document import Document
from editor.model.schema import HINTS


def _edited(text: str) -> str:
    doc = Document.from_text(text, "edited.md", HINTS)
    doc.set("ontology.commons_assessment.resilience", 3.5)
    doc.append("relationships.requires", {"slug": "adaptive-facilitation", "weight": 0.88})
    doc.set("relationships.complementary[slug=adversarial-growth].weight", 0.85)
    doc.set_body(doc.body.replace("something shifts", "something changes", 1) + "\nOne more paragraph.\n")
    return doc.text.replace('title: "Restorative Practices for Helpers"', "title: Restorative Practices for Helpers")


def run(report: Report) -> None:
    report.section("Semantic diff (seed, 25 KB, against an edited copy)")
    seed = SEED.read_text(encoding="utf-8")
    edited = _edited(seed)
    base = best(lambda: csafe_parse(frontmatter_of(seed)), number=50)
    old = Document.from_text(seed, "seed.md", HINTS)
    new = Document.from_text(edited, "edited.md", HINTS)
    report.line("diff_documents (both parsed)", best(lambda: diff_documents(old, new), number=20), base, "< 50 ms")
    report.line("diff_texts (parse both + diff)", best(lambda: diff_texts(seed, edited), number=20), base, "< 50 ms")
    report.line("diff of the seed with itself", best(lambda: diff_documents(old, old), number=20), base)
    result = diff_documents(old, new)
    report.line("to_text + to_json", best(lambda: (result.to_text(True), result.to_json()), number=20), base)

    if CORPUS.is_dir():
        files = sorted(CORPUS.glob("*.md"))
        docs = [Document.load(p, HINTS) for p in files]
        rng = random.Random(7)
        samples = []
        for _ in range(200):
            a, b = rng.sample(docs, 2)
            start = time.perf_counter()
            diff_documents(a, b)
            samples.append(time.perf_counter() - start)
        report.section("Semantic diff of 200 random corpus pairs (unrelated files: the worst case)")
        report.line("median", percentile(samples, 50))
        report.line("p95", percentile(samples, 95), target="< 50 ms")
        report.line("max", max(samples))

    report.section("Git history (file touched by 100 of 500 commits)")
    if shutil.which("git") is None:
        report.value("git history", "skipped", "(git not installed)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = _repo_with_history(Path(tmp), seed)
        commits = history(path)
        report.value("commits listed", str(len(commits)))
        report.line("history(path) with --follow", best(lambda: history(path), repeat=5), target="< 1 s")
        report.line("read_at(path, HEAD~50)", best(lambda: read_at(path, "HEAD~50"), repeat=5))
        old_text = read_at(path, commits[-1].rev)
        report.line(
            "read_at + diff against the first version",
            best(lambda: diff_texts(old_text, read_at(path, "HEAD")), repeat=5),
            target="< 50 ms + git",
        )


def _repo_with_history(root: Path, text: str) -> Path:
    """500 commits built with git fast-import (seconds faster than 500 `git commit`s)."""
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True, env=env)
    stream: list[bytes] = []
    for n in range(500):
        touch_pattern = n % 5 == 0
        name = "patterns/restorative-practices-helpers.md" if touch_pattern else f"notes/note-{n}.txt"
        body = text.replace("resilience: 3.0", f"resilience: {3.0 + (n % 4) / 2}") if touch_pattern else f"{n}\n"
        data = body.encode("utf-8")
        msg = f"commit {n}".encode()
        stream.append(b"commit refs/heads/main\n")
        stream.append(f"committer Bench <bench@example.org> {1_700_000_000 + n * 60} +0000\n".encode())
        stream.append(b"data %d\n%s\n" % (len(msg), msg))
        # later commits on the same branch continue from its tip: no "from" line needed
        stream.append(f"M 100644 inline {name}\n".encode())
        stream.append(b"data %d\n%s\n" % (len(data), data))
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream), check=True, env=env)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=root, check=True, env=env)
    return root / "patterns" / "restorative-practices-helpers.md"
