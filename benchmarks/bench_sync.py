"""Get, share and get the latest on a 3,616-pattern library (the public library's size), against the
git command doing the same work on the same repository in the same run.

    python benchmarks/run.py sync
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_review import _bump as bump_score
from common import CORPUS, Report, best
from synth import generate

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from editor.model.sync import changes, clone, share, update
from editor.model.sync.repo import Identity
from tests.git_http import GitHttpServer

N = 3_616
WHO = Identity("Bench Mark", "bench@example.org")
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
    "HOME": "/nonexistent",
    "GIT_CONFIG_NOSYSTEM": "1",
    "PATH": "/usr/bin:/bin",
}


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, env=GIT_ENV, check=True)
    return done.stdout


def _bump(path: Path, k: int) -> None:
    """A score changed (or, in a file without one, the title): a contributor's typical edit."""
    if not bump_score(path, k):
        text = path.read_text("utf-8")
        path.write_text(text.replace("\ntitle: ", f"\ntitle: Revised {k} ", 1), "utf-8")


def run(report: Report) -> None:
    report.section(f"Sharing a library of {N:,} patterns (local bare repository over file://)")
    if shutil.which("git") is None or not CORPUS.is_dir():
        report.value("sync", "skipped", "(needs git for the baselines, and the corpus)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        work = t / "seed"
        start = time.perf_counter()
        generate(work / "_patterns", N)
        _git(work, "init", "-q", "-b", "main")
        _git(work, "add", "-A")
        _git(work, "commit", "-q", "-m", f"{N} patterns")
        subprocess.run(["git", "clone", "-q", "--bare", str(work), str(t / "library.git")], check=True, env=GIT_ENV)
        url = (t / "library.git").as_uri()
        report.value("setup (generate, commit, bare copy)", f"{time.perf_counter() - start:.1f} s")

        n = iter(range(1000))
        got = best(lambda: clone.clone(url, t / f"c{next(n)}"), repeat=3)
        bare = str(t / "library.git")  # git copies a local path's objects too (no pack protocol)
        plain = best(lambda: _git(t, "clone", "-q", "--no-hardlinks", bare, str(t / f"g{next(n)}")), repeat=3)
        report.line("clone a local library (file://)", got, plain, "", against="git clone")
        with GitHttpServer(t) as server:
            http = server.url_for("library.git")
            got = best(lambda: clone.clone(http, t / f"c{next(n)}"), repeat=3)
            plain = best(lambda: _git(t, "clone", "-q", http, str(t / f"g{next(n)}")), repeat=3)
            report.line("clone over smart HTTP (localhost)", got, plain, "", against="git clone")
            fast = best(lambda: clone.clone(http, t / f"c{next(n)}", depth=1), repeat=3)
            report.line("clone over HTTP, fast start (depth 1)", fast)

        ann = clone.clone(url, t / "ann").library
        files = sorted(ann.glob("*.md"))
        report.line("changes(), nothing changed", best(lambda: changes.changes(ann), repeat=5))
        for k in range(20):
            _bump(files[k], k)
        report.line("changes(), 20 patterns changed", best(lambda: changes.changes(ann), repeat=3))
        for f in files[:20]:
            _git(ann.parent, "checkout", "-q", "--", str(f))

        g = t / "gitann"
        _git(t, "clone", "-q", url, str(g))
        counter = iter(range(1000))

        def share_one() -> None:
            k = next(counter)
            _bump(files[100 + k], k)
            share.share(ann, f"Bench {k}\n", f"patterns/bench-{k}", identity=WHO)

        def git_share_one() -> None:
            k = next(counter)
            _bump(g / "_patterns" / files[300 + k].name, k)
            _git(g, "commit", "-q", "-am", f"bench {k}")
            _git(g, "push", "-q", "origin", f"HEAD:refs/heads/git-bench-{k}")

        report.line(
            "share one pattern on a new branch",
            best(share_one, repeat=5),
            best(git_share_one, repeat=5),
            against="git commit+push",
        )

        # get the latest: 40 patterns changed upstream by another contributor
        ben = clone.clone(url, t / "ben").library
        gben = t / "gitben"
        _git(t, "clone", "-q", url, str(gben))
        upstream = clone.clone(url, t / "upstream").library
        times, plain_times = [], []
        for round_ in range(3):
            for k, f in enumerate(sorted(upstream.glob("*.md"))[1000 + 40 * round_ : 1040 + 40 * round_]):
                _bump(f, k + round_)
            share.share(upstream, f"Round {round_}\n", "main", identity=WHO)
            _bump(ben / files[2000 + round_].name, round_)  # an edit of one's own, not yet shared
            s = time.perf_counter()
            result = update.update(ben, identity=WHO)
            times.append(time.perf_counter() - s)
            assert result.summary() == "40 patterns updated", result.summary()
            s = time.perf_counter()
            _git(gben, "pull", "-q", "--no-rebase", "origin", "main")
            plain_times.append(time.perf_counter() - s)
        report.line("get the latest: 40 patterns came in", min(times), min(plain_times), "", against="git pull")
