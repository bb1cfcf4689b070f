"""The two git backends side by side: the git command and libgit2 (pygit2), on the same repositories.

``gitlib.PREFER`` names the backend each operation uses when git is installed; these figures are
why. Without git every operation uses libgit2.

(a) history of a file touched by 100 of 500 commits (bench_diff's repository): history, read_at,
    blame. (b) review of a 42-file and an 807-file commit in the 10,000-file synthetic repository
    (bench_review's), and of the working tree with 40 edited and 5 untracked files: the git part
    alone (revisions, the list of changes, every blob read) and the whole review. (c) (a) again in
    that library, where every commit has a 10,000-entry folder to look in.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from bench_diff import _repo_with_history
from bench_review import _ENV, _change, _git
from common import CORPUS, SEED, Report, best
from synth import generate

from editor.model.diff import gitlib
from editor.model.diff.blame import blame
from editor.model.diff.gitbatch import raw_diff, repo_at
from editor.model.diff.history import history, read_at
from editor.model.diff.review import _read_sides, resolve_range, review

BACKENDS = ("git", "pygit2")


def _each(report: Report, name: str, fn, repeat: int) -> dict[str, float]:
    """``fn`` timed with each backend forced, in alternating rounds (a busy machine slows both
    alike); best of ``repeat`` each, the git command's time the baseline."""
    took = dict.fromkeys(BACKENDS, float("inf"))
    for _ in range(repeat):
        for backend in BACKENDS:
            gitlib.FORCE = backend
            try:
                took[backend] = min(took[backend], best(fn, repeat=1))
            finally:
                gitlib.FORCE = None
    report.line(f"{name} [git]", took["git"])
    report.line(f"{name} [pygit2]", took["pygit2"], took["git"], against="git")
    return took


def _git_part(root: Path, revs: list[str]) -> int:
    """What review asks of git: the range, the list of changes, both sides of every file."""
    repo = repo_at(root)
    old, new, _, _ = resolve_range(root, revs)
    changes = raw_diff(repo, old, new, cwd=root)
    _read_sides(repo.root, changes, new is None)
    return len(changes)


def run(report: Report) -> None:
    report.section("git backends: the git command against libgit2 (pygit2)")
    if shutil.which("git") is None:
        report.value("git backends", "skipped", "(needs git to compare with)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = _repo_with_history(Path(tmp), SEED.read_text(encoding="utf-8"))
        for backend in BACKENDS:
            gitlib.FORCE = backend
            report.value(f"commits listed [{backend}]", str(len(history(path))))
        gitlib.FORCE = None
        _each(report, "history (100 of 500 commits, --follow)", lambda: history(path), 15)
        _each(report, "read_at(path, HEAD~50)", lambda: read_at(path, "HEAD~50"), 15)
        _each(report, "blame (100 versions)", lambda: blame(path), 5)

    if not CORPUS.is_dir():
        report.value("review", "skipped", "(needs the corpus)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        files = generate(root / "patterns", 10_000)
        _git(root, "init", "-q", "-b", "main")
        _git(root, "add", "-A")
        _git(root, "commit", "-q", "-m", "10,000 patterns")
        big = _change(files, 807, 0)
        _git(root, "commit", "-q", "-am", "807 scores")
        small = _change(files, 42, 5000)
        _git(root, "commit", "-q", "-am", "42 scores")
        for label, rev, n in (("42-file commit", "HEAD", small), ("807-file commit", "HEAD~1", big)):
            for backend in BACKENDS:
                gitlib.FORCE = backend
                assert _git_part(root, [rev]) == n
            gitlib.FORCE = None
            _each(report, f"{label}: git part (list + blobs)", lambda rev=rev: _git_part(root, [rev]), 7)
            _each(report, f"{label}: whole review", lambda rev=rev: review(root, [rev]), 3 if n < 100 else 2)
        edited = _change(files, 40, 7000)
        for k in range(5):
            shutil.copy(files[k], root / "patterns" / f"untracked-{k}.md")
        for backend in BACKENDS:
            gitlib.FORCE = backend
            assert _git_part(root, []) == edited + 5
        gitlib.FORCE = None
        _each(report, "working tree (45 files): git part", lambda: _git_part(root, []), 7)
        _each(report, "working tree (45 files): whole review", lambda: review(root), 3)

        report.section("git backends: history in the 10,000-file library (a file in 100 of 300 more commits)")
        path = _long_history(root, files)
        for backend in BACKENDS:
            gitlib.FORCE = backend
            report.value(f"commits listed [{backend}]", str(len(history(path))))
        gitlib.FORCE = None
        _each(report, "history (100 of 303 commits, --follow)", lambda: history(path), 7)
        _each(report, "read_at(path, HEAD~50)", lambda: read_at(path, "HEAD~50"), 7)
        _each(report, "blame (100 versions)", lambda: blame(path), 3)


def _long_history(root: Path, files: list[Path]) -> Path:
    """300 commits on top of the library (git fast-import), one file in every third."""
    _git(root, "reset", "-q", "--hard")
    target, others = files[7], files[:50]
    text = target.read_text(encoding="utf-8")
    stream: list[bytes] = []
    for n in range(300):
        path = target if n % 3 == 0 else others[n % 50]
        data = (text + f"\n<!-- {n} -->\n").encode()
        msg = f"commit {n}".encode()
        stream.append(b"commit refs/heads/main\n")
        stream.append(f"committer Bench <bench@example.org> {1_800_000_000 + n * 60} +0000\n".encode())
        stream.append(b"data %d\n%s\n" % (len(msg), msg))
        if n == 0:
            stream.append(b"from refs/heads/main^0\n")
        stream.append(f"M 100644 inline {path.relative_to(root).as_posix()}\n".encode())
        stream.append(b"data %d\n%s\n" % (len(data), data))
    subprocess.run(["git", "fast-import", "--quiet", "--force"], cwd=root, input=b"".join(stream), check=True, env=_ENV)
    _git(root, "reset", "-q", "--hard", "main")
    return target
