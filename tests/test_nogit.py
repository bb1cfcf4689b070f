"""History, versions, review and blame with no git on the PATH (libgit2 through pygit2).

Repositories are built with git (or pygit2) first; then git is hidden (PATH set to an empty
folder) and every answer must equal git's own answer on the same repository.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pygit2
import pytest

from editor.model import schema
from editor.model.diff import gitlib
from editor.model.diff.blame import blame, field_history
from editor.model.diff.history import (
    HistoryError,
    NotARepository,
    PathNotInRevision,
    UnknownRevision,
    history,
    parse_spec,
    read_at,
)
from editor.model.diff.review import review
from editor.model.document.document import Document

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "diff"
PATTERNS = HERE.parent / "patterns"
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _env(day: int) -> dict[str, str]:
    date = f"2026-02-{day:02d}T10:00:00+01:00"
    return {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": f"Keeper {day}",
        "GIT_AUTHOR_EMAIL": "keeper@example.org",
        "GIT_COMMITTER_NAME": "Rota Keeper",
        "GIT_COMMITTER_EMAIL": "keeper@example.org",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
    }


def git(root: Path, *args: str, day: int = 1) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True, env=_env(day)).stdout


def commit(root: Path, message: str, day: int) -> None:
    git(root, "add", "-A", day=day)
    git(root, "commit", "-q", "-m", message, day=day)


def set_field(path: Path, field: str, value: object) -> None:
    doc = Document.load(path, schema.HINTS)
    doc.set(field, value)
    path.write_text(doc.text, encoding="utf-8")


@pytest.fixture
def library(tmp_path: Path, monkeypatch) -> Path:
    """garden-rota.md over four commits, renamed to garden-roster.md (and edited after); a tag, a
    side branch, a root commit with several patterns; then uncommitted changes: an edit, a file
    renamed without git mv, untracked files, a deleted note, an ignored file, a staged new file
    and a staged edit edited again."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    root = tmp_path / "library"
    p = root / "p"
    p.mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    rota = p / "garden-rota.md"
    shutil.copy(FIXTURES / "base.md", rota)
    for name in ("acceptance-and-commitment", "adaptive-facilitation", "peer-support-circles"):
        shutil.copy(PATTERNS / f"{name}.md", p / f"{name}.md")
    (root / "notes.txt").write_text("step 1\n")
    (root / ".gitignore").write_text("*.tmp\n")
    commit(root, "Add the garden rota\n\nWith three neighbours,\nand a note.", 1)
    shutil.copy(FIXTURES / "score.md", rota)
    set_field(p / "adaptive-facilitation.md", "ontology.commons_assessment.overall_score", 4.1)
    commit(root, "Raise resilience\nand the facilitation score", 2)
    git(root, "tag", "v1")
    shutil.copy(FIXTURES / "rel-added.md", rota)
    (root / "notes.txt").write_text("step 3\n")
    commit(root, "Link the water butt network", 3)
    git(root, "branch", "side", "v1")
    git(root, "mv", "p/garden-rota.md", "p/garden-roster.md")
    commit(root, "Rename to roster", 4)
    shutil.copy(FIXTURES / "fmt-quotes.md", p / "garden-roster.md")
    set_field(p / "peer-support-circles.md", "lifecycle.status", "revised")
    commit(root, "Unquote the title", 5)
    git(root, "checkout", "-q", "side")
    set_field(p / "acceptance-and-commitment.md", "lifecycle.status", "draft")
    commit(root, "Revise acceptance on a side branch", 6)
    git(root, "checkout", "-q", "main")
    # uncommitted: an edit, a rename without git mv, an untracked pattern, a deletion, an ignored file
    set_field(p / "garden-roster.md", "ontology.commons_assessment.resilience", 4.5)
    (p / "peer-support-circles.md").rename(p / "peer-circles.md")
    shutil.copy(PATTERNS / "achievement-celebration.md", p / "celebration.md")
    (root / "notes.txt").unlink()
    (root / "scratch.tmp").write_text("ignored\n")
    (root / "elsewhere").mkdir()
    (root / "elsewhere" / "loose.md").write_text("---\ntitle: Loose\n---\n")
    (p / "café notes.md").write_text("not a pattern\n", encoding="utf-8")
    # staged: a new file, and an edit edited again after staging
    shutil.copy(PATTERNS / "achievement-celebration.md", p / "staged.md")
    set_field(p / "adaptive-facilitation.md", "lifecycle.status", "draft")
    git(root, "add", "p/staged.md", "p/adaptive-facilitation.md")
    set_field(p / "adaptive-facilitation.md", "title", "Adaptive Facilitation, Twice")
    return root


@contextlib.contextmanager
def hidden_git(tmp_path: Path) -> Iterator[None]:
    """No git on the PATH, and every operation preferring git when it is there: each must notice
    git is missing at call time and use libgit2."""
    empty = tmp_path / "no-git-here"
    empty.mkdir(exist_ok=True)
    with pytest.MonkeyPatch.context() as m:
        m.setenv("PATH", str(empty))
        m.setattr(gitlib, "FORCE", None)
        m.setattr(gitlib, "PREFER", dict.fromkeys(gitlib.PREFER, "git"))
        assert shutil.which("git") is None
        yield


def both(tmp_path: Path, fn: Callable[[], object]) -> tuple[object, object]:
    """``fn()`` through the git command, then with git hidden."""
    with pytest.MonkeyPatch.context() as m:
        m.setattr(gitlib, "FORCE", "git")
        with_git = fn()
    with hidden_git(tmp_path):
        without = fn()
    return with_git, without


def outcome(fn: Callable[[], object]) -> Callable[[], object]:
    """The answer, or the error's class and message: both backends must fail alike."""

    def run() -> object:
        try:
            return fn()
        except HistoryError as exc:
            return type(exc).__name__, str(exc)

    return run


def test_history_follows_the_rename(library: Path, tmp_path: Path) -> None:
    roster = library / "p" / "garden-roster.md"
    with_git, without = both(tmp_path, lambda: history(roster))
    assert without == with_git
    assert [c.path for c in without] == ["p/garden-roster.md"] * 2 + ["p/garden-rota.md"] * 3
    assert without[-1].subject == "Add the garden rota"
    assert without[-1].date.isoformat() == "2026-02-01T10:00:00+01:00"
    assert without[-1].author == "Keeper 1"
    assert both(tmp_path, lambda: history(roster, limit=2)) == (with_git[:2], with_git[:2])
    for name in ("adaptive-facilitation.md", "celebration.md", "peer-circles.md", "missing.md"):
        with_git, without = both(tmp_path, lambda name=name: history(library / "p" / name))
        assert without == with_git, name


def test_read_at_and_revision_syntax(library: Path, tmp_path: Path) -> None:
    roster, rota = library / "p" / "garden-roster.md", library / "p" / "garden-rota.md"
    head = git(library, "rev-parse", "HEAD").strip()
    cases = [(roster, rev) for rev in ("HEAD", "HEAD~1", "HEAD^", "main", head, head[:9], "HEAD@{0}")]
    cases += [(rota, rev) for rev in ("v1", "side", "HEAD~2", "HEAD~4", "side~1", "v1^{commit}", "")]
    cases += [(roster, ""), (rota, "HEAD"), (roster, "v1"), (roster, "no-such-rev"), (roster, "HEAD~9")]
    cases += [(library / "p", "HEAD"), (library / "elsewhere" / "loose.md", "HEAD")]
    for path, rev in cases:
        with_git, without = both(tmp_path, outcome(lambda path=path, rev=rev: read_at(path, rev)))
        assert without == with_git, (path, rev)
    with hidden_git(tmp_path):
        assert read_at(rota, "v1") == (FIXTURES / "score.md").read_text(encoding="utf-8")
        with pytest.raises(UnknownRevision, match="unknown revision 'no-such-rev'"):
            read_at(roster, "no-such-rev")
        with pytest.raises(PathNotInRevision, match=r"p/garden-roster\.md does not exist at v1"):
            read_at(roster, "v1")
        with pytest.raises(PathNotInRevision, match="p is a tree at HEAD, not a file"):
            read_at(library / "p", "HEAD")


def test_rev_path_specs(library: Path, tmp_path: Path) -> None:
    for spec, cwd in (
        ("HEAD~1:p/garden-roster.md", library),
        ("HEAD~2:p/garden-rota.md", library),
        ("v1:./garden-rota.md", library / "p"),
        ("side:p/acceptance-and-commitment.md", library / "p"),
        ("HEAD~3:p/garden-roster.md", library),
    ):

        def read(spec: str = spec, cwd: Path = cwd) -> object:
            parsed = parse_spec(spec, cwd)
            assert parsed is not None
            return parsed, read_at(parsed[1], parsed[0])

        with_git, without = both(tmp_path, outcome(read))
        assert without == with_git, spec


def same_review(with_git: dict, without: dict) -> None:
    """Equal, compared file by file first so that a difference names its file."""
    assert [f["path"] for f in without["files"]] == [f["path"] for f in with_git["files"]]
    for a, b in zip(without["files"], with_git["files"]):
        if a.get("similarity") != b.get("similarity"):  # an edited rename: libgit2 measures its own way
            assert 50 <= a.pop("similarity") < 100 and 50 <= b.pop("similarity") < 100
        assert a == b
    assert without == with_git


def test_review_commits_and_ranges(library: Path, tmp_path: Path) -> None:
    root_commit = git(library, "rev-list", "--max-parents=0", "HEAD").strip()
    for revs in (["HEAD"], ["HEAD~1"], [root_commit], ["v1..HEAD"], ["main...side"], ["v1", "main"], ["side.."]):
        same_review(*both(tmp_path, lambda revs=revs: review(library, revs).to_json()))
    renamed = review(library, ["HEAD~1"])
    assert [(f.status, f.old_path, f.path, f.similarity) for f in renamed.files] == [
        ("renamed", "p/garden-rota.md", "p/garden-roster.md", 100)
    ]
    with hidden_git(tmp_path):
        with pytest.raises(UnknownRevision, match="unknown revision 'nope'"):
            review(library, ["nope"])
        with pytest.raises(HistoryError, match="no common ancestor"):
            git_less_orphan(library)


def git_less_orphan(root: Path) -> None:
    """A commit with no common ancestor with main, made with libgit2 (git is hidden)."""
    lib = pygit2.Repository(str(root))
    sig = pygit2.Signature("Keeper", "keeper@example.org", 1_800_000_000, 0)
    tree = lib.TreeBuilder().write()
    lib.create_commit("refs/heads/orphan", sig, sig, "orphan", tree, [])
    review(root, ["main...orphan"])


def test_review_of_the_working_tree(library: Path, tmp_path: Path) -> None:
    with_git, without = both(tmp_path, lambda: review(library).to_json())
    same_review(with_git, without)
    files = {f["path"]: f for f in without["files"]}
    assert files["p/peer-circles.md"]["status"] == "renamed"  # renamed on disk, never added
    assert files["p/peer-circles.md"]["old_path"] == "p/peer-support-circles.md"
    assert files["p/celebration.md"]["status"] == "added"
    assert files["elsewhere/loose.md"]["status"] == "added"
    assert files["notes.txt"]["status"] == "deleted"
    assert "scratch.tmp" not in files
    assert files["p/garden-roster.md"]["diff"]["changes"]
    assert files["p/staged.md"]["status"] == "added"
    assert files["p/café notes.md"]["status"] == "added"
    twice = [c["path"] for c in files["p/adaptive-facilitation.md"]["diff"]["changes"]]
    assert "title" in twice and "lifecycle.status" in twice  # the staged edit and the one after
    # from a subfolder: tracked changes everywhere, untracked files only under it; pathspecs
    for folder, paths in (
        (library / "p", None),
        (library / "p", ["celebration.md", "garden-roster.md"]),
        (library, ["p/peer-circles.md"]),
        (library, ["p/peer-support-circles.md"]),
        (library, ["*.md"]),
        (library / "elsewhere", ["."]),
        (library / "elsewhere", ["../p/celebration.md", "loose.md"]),
    ):
        same_review(*both(tmp_path, lambda f=folder, p=paths: review(f, paths=p).to_json()))


def test_blame_and_field_history(library: Path, tmp_path: Path) -> None:
    roster = library / "p" / "garden-roster.md"
    with_git, without = both(tmp_path, lambda: blame(roster))
    assert without == with_git
    lines = {line.path: line for line in without}
    assert lines["ontology.commons_assessment.resilience"].commit == "0" * 40  # not committed yet
    score = lines["ontology.commons_assessment.overall_score"]  # 3.6, 3.7, back to 3.6
    assert (score.summary, score.date) == ("Link the water butt network", "2026-02-03T10:00:00+01:00")
    assert [c.summary for c in field_history(roster, "overall_score")] == [
        "Link the water butt network",
        "Raise resilience and the facilitation score",
        "Add the garden rota",
    ]
    for field in ("resilience", "title", "ontology.commons_assessment.overall_score"):
        with_git, without = both(tmp_path, lambda field=field: field_history(roster, field))
        assert without == with_git, field
        assert without


def test_errors_without_git(tmp_path: Path) -> None:
    with hidden_git(tmp_path):
        with pytest.raises(NotARepository, match="is not inside a git repository"):
            history(tmp_path / "x.md")
        with pytest.raises(NotARepository, match="is not inside a git repository"):
            review(tmp_path)
        (tmp_path / "broken" / ".git").mkdir(parents=True)
        with pytest.raises(NotARepository, match="not a git repository that can be read"):
            read_at(tmp_path / "broken" / "x.md", "HEAD")
        lib = pygit2.init_repository(str(tmp_path / "unborn"))
        assert lib.head_is_unborn
        assert history(tmp_path / "unborn" / "x.md") == []
        with pytest.raises(UnknownRevision):
            review(tmp_path / "unborn")


def test_a_library_made_and_read_without_git(tmp_path: Path) -> None:
    """Everything through libgit2 from the start, as on a contributor's machine without git."""
    with hidden_git(tmp_path):
        root = tmp_path / "lib"
        lib = pygit2.init_repository(str(root), initial_head="main")
        (root / "p").mkdir()
        texts = [(FIXTURES / name).read_text(encoding="utf-8") for name in ("base.md", "score.md", "rel-added.md")]
        for day, text in enumerate(texts, start=1):
            (root / "p" / "rota.md").write_text(text, encoding="utf-8")
            _libgit2_commit(lib, f"step {day}", day)
        (root / "p" / "rota.md").rename(root / "p" / "roster.md")
        _libgit2_commit(lib, "rename", 4)
        roster = root / "p" / "roster.md"
        commits = history(roster)
        assert [c.subject for c in commits] == ["rename", "step 3", "step 2", "step 1"]
        assert [c.path for c in commits] == ["p/roster.md"] + ["p/rota.md"] * 3
        assert read_at(root / "p" / "rota.md", "HEAD~2") == texts[1]
        assert parse_spec("HEAD~3:p/rota.md", root) == ("HEAD~3", root / "p" / "rota.md")
        one = review(root, ["HEAD~1"])
        assert [f.status for f in one.files] == ["modified"] and one.files[0].diff is not None
        set_field(roster, "title", "Garden Roster")
        (root / "p" / "new.md").write_text(texts[0], encoding="utf-8")
        assert [(f.status, f.path) for f in review(root).files] == [("added", "p/new.md"), ("modified", "p/roster.md")]
        lines = {line.path: line for line in blame(roster, ["title", "resilience"])}
        assert lines["title"].summary == "not committed yet"
        assert lines["ontology.commons_assessment.resilience"].summary == "step 3"
        changes = field_history(roster, "resilience")
        assert [(c.summary, c.new, c.file) for c in changes] == [
            ("step 3", 3.0, "p/rota.md"),
            ("step 2", 3.5, "p/rota.md"),
            ("step 1", 3.0, "p/rota.md"),
        ]


def _libgit2_commit(lib: pygit2.Repository, message: str, day: int) -> None:
    index = lib.index
    index.read()
    index.add_all()  # new and changed files
    for entry in list(index):  # and the ones gone from the folder
        if not (Path(lib.workdir) / entry.path).exists():
            index.remove(entry.path)
    index.write()
    tree = index.write_tree()
    sig = pygit2.Signature("Keeper", "keeper@example.org", 1_800_000_000 + day * 86_400, 60)
    parents = [] if lib.head_is_unborn else [lib.head.target]
    lib.create_commit("HEAD", sig, sig, message, tree, parents)
