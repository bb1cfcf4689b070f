"""Review of a commit (targets: 807 changed files < 10 s, 42 files < 1 s), beside plain git on the
same commits measured in the same run (``git show --stat`` and ``git diff``, which read the same
blobs but compare lines).

Setup: the 10,000 synthetic files (``synth.generate``) in one commit, then a commit changing the
overall score of 807 of them (a few also gain a relationship), then one changing 42.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import CORPUS, Report, best
from synth import generate

from editor.model.diff.review import review

_SCORE = re.compile(r"^(\s+overall_score:\s*)([0-9.]+)\s*$", re.M)
_ENV = {
    **os.environ,
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
}


def _git(root: Path, *args: str) -> str:
    cmd = ["git", "-c", "core.fsync=none", "-c", "gc.auto=0", *args]
    return subprocess.run(cmd, cwd=root, check=True, capture_output=True, text=True, env=_ENV).stdout


def _bump(path: Path, k: int) -> bool:
    text = path.read_text(encoding="utf-8")
    new = _SCORE.sub(lambda m: f"{m.group(1)}{round(float(m.group(2)) + 0.1 * (1 + k % 3), 1)}", text, count=1)
    if k % 10 == 0:  # a relationship entry added now and then
        new = new.replace(
            "\n  complementary:\n", "\n  complementary:\n    - slug: harbour-watch\n      weight: 0.7\n", 1
        )
    if new == text:
        return False
    path.write_text(new, encoding="utf-8")
    return True


def _change(files: list[Path], count: int, start: int) -> int:
    changed = 0
    for k, path in enumerate(files[start:], start=start):
        if changed == count:
            break
        changed += _bump(path, k)
    return changed


def run(report: Report) -> None:
    report.section("Review a commit in one process (10,000-file synthetic repository)")
    if shutil.which("git") is None or not CORPUS.is_dir():
        report.value("review", "skipped", "(needs git and the corpus)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        start = time.perf_counter()
        files = generate(root / "patterns", 10_000)
        _git(root, "init", "-q", "-b", "main")
        _git(root, "add", "-A")
        _git(root, "commit", "-q", "-m", "10,000 patterns")
        big = _change(files, 807, 0)
        _git(root, "commit", "-q", "-am", "807 scores")
        small = _change(files, 42, 5000)
        _git(root, "commit", "-q", "-am", "42 scores")
        report.value("setup (generate, 3 commits)", f"{time.perf_counter() - start:.1f} s")

        for label, rev, n, target in (
            ("807-file commit", "HEAD~1", big, "< 10 s"),
            ("42-file commit", "HEAD", small, "< 1 s"),
        ):
            result = review(root, [rev])
            assert len(result.files) == n, (len(result.files), n)
            line = next(x for x in result.rollup.lines() if x.startswith("overall_score"))
            report.value(f"{label}: roll-up", line)
            stat = best(lambda rev=rev: _git(root, "show", "--stat", "--format=", rev), repeat=3)
            plain = best(lambda rev=rev: _git(root, "diff", f"{rev}~1", rev), repeat=3)
            report.line(f"git show --stat {rev} ({n} files)", stat)
            took = best(lambda rev=rev: review(root, [rev]), repeat=2 if n > 100 else 5)
            report.line(f"review {rev} ({n} files, in process)", took, plain, target, against="git diff")
            cli = best(
                lambda rev=rev: subprocess.run(
                    [sys.executable, "-m", "editor.cli", "review", "-C", str(root), rev, "--format", "json"],
                    capture_output=True,
                    check=False,
                ),
                repeat=2 if n > 100 else 3,
            )
            report.line(f"pattern-cli review {rev} (a process)", cli, plain, target, against="git diff")
