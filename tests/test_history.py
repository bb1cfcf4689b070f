"""Versions from git: history (with a rename), read_at, REV:PATH parsing, and clear errors."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from editor.model.diff.history import (
    HistoryError,
    NotARepository,
    PathNotInRevision,
    UnknownRevision,
    find_repo,
    history,
    parse_spec,
    read_at,
)
from editor.model.diff.semantic import diff_texts

FIXTURES = Path(__file__).parent / "fixtures" / "diff"

# (commit message, fixture written to patterns/garden-rota.md); the last step renames the file
STEPS = [
    ("Add the garden rota", "base.md"),
    ("Raise resilience", "score.md"),
    ("Link the water butt network", "rel-added.md"),
    ("Unquote the title", "fmt-quotes.md"),
]

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def git_env(monkeypatch) -> None:
    """Git that ignores the user's configuration and stamps fixed names and dates."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_NAME", "Rota Keeper")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", "keeper@example.org")


def make_repo(root: Path) -> Path:
    """A repository with four commits of patterns/garden-rota.md, then a rename to garden-roster.md."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    (root / "patterns").mkdir()
    target = root / "patterns" / "garden-rota.md"
    for day, (message, fixture) in enumerate(STEPS, start=1):
        shutil.copy(FIXTURES / fixture, target)
        (root / "notes.txt").write_text(f"step {day}\n")
        git(root, "add", "-A")
        date = f"2026-02-{day:02d}T10:00:00+01:00"
        subprocess.run(
            ["git", "commit", "-q", "-m", message],
            cwd=root,
            check=True,
            env={**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date},
        )
    git(root, "mv", "patterns/garden-rota.md", "patterns/garden-roster.md")
    subprocess.run(
        ["git", "commit", "-q", "-m", "Rename to roster"],
        cwd=root,
        check=True,
        env={
            **os.environ,
            "GIT_AUTHOR_DATE": "2026-02-05T10:00:00+01:00",
            "GIT_COMMITTER_DATE": "2026-02-05T10:00:00+01:00",
        },
    )
    return root


@pytest.fixture
def repo(tmp_path: Path, git_env) -> Path:
    return make_repo(tmp_path / "library")


@needs_git
def test_history_newest_first_following_the_rename(repo: Path) -> None:
    commits = history(repo / "patterns" / "garden-roster.md")
    assert [c.subject for c in commits] == [
        "Rename to roster",
        "Unquote the title",
        "Link the water butt network",
        "Raise resilience",
        "Add the garden rota",
    ]
    assert [c.path for c in commits] == ["patterns/garden-roster.md"] + ["patterns/garden-rota.md"] * 4
    first = commits[-1]
    assert first.author == "Rota Keeper"
    assert first.date.isoformat() == "2026-02-01T10:00:00+01:00"
    assert len(first.rev) == 40 and first.rev.startswith(first.short)
    assert [c.subject for c in history(repo / "patterns" / "garden-roster.md", limit=2)] == [
        "Rename to roster",
        "Unquote the title",
    ]


@needs_git
def test_history_of_an_untracked_file_is_empty(repo: Path) -> None:
    (repo / "patterns" / "new.md").write_text("---\nid: x\n---\n")
    assert history(repo / "patterns" / "new.md") == []


@needs_git
def test_read_at_revisions(repo: Path) -> None:
    commits = history(repo / "patterns" / "garden-roster.md")
    old_path = repo / commits[-1].path
    assert read_at(old_path, commits[-1].rev) == (FIXTURES / "base.md").read_text(encoding="utf-8")
    assert read_at(old_path, "HEAD~3") == (FIXTURES / "score.md").read_text(encoding="utf-8")
    assert read_at(repo / "patterns" / "garden-roster.md", "HEAD") == (FIXTURES / "fmt-quotes.md").read_text(
        encoding="utf-8"
    )
    assert read_at(repo / "patterns" / "garden-roster.md", "") == (FIXTURES / "fmt-quotes.md").read_text(
        encoding="utf-8"
    )  # "" is the staged version


@needs_git
def test_read_at_errors_are_clear(repo: Path) -> None:
    with pytest.raises(UnknownRevision, match="unknown revision 'HEAD~40'"):
        read_at(repo / "patterns" / "garden-roster.md", "HEAD~40")
    with pytest.raises(PathNotInRevision, match=r"patterns/garden-roster\.md does not exist at HEAD~1"):
        read_at(repo / "patterns" / "garden-roster.md", "HEAD~1")
    with pytest.raises(PathNotInRevision, match="is a tree"):
        read_at(repo / "patterns", "HEAD")


@needs_git
def test_diffs_between_revisions_read_like_a_review(repo: Path) -> None:
    path = repo / "patterns" / "garden-rota.md"
    first, second, third = (read_at(path, f"HEAD~{n}") for n in (4, 3, 2))
    assert diff_texts(first, second).to_text() == (
        "Ontology & scores\n  Resilience: 3.0 → 3.5 (+0.5)\n  Overall score: 3.6 → 3.7 (+0.1)\n"
    )
    assert diff_texts(second, third).to_text() == (
        "Ontology & scores\n"
        "  Resilience: 3.5 → 3.0 (-0.5)\n"
        "  Overall score: 3.7 → 3.6 (-0.1)\n"
        "Relationships\n"
        "  Enables: + water-butt-network (0.88)\n"
    )
    assert diff_texts(third, read_at(path, "HEAD~1")).to_text() == (
        "Relationships\n"
        "  Enables: − water-butt-network (0.88)\n"
        "Formatting only: 2 changes (quotes on title; quotes on context_labels.tech)\n"
    )


@needs_git
def test_parse_spec(repo: Path) -> None:
    roster = repo / "patterns" / "garden-roster.md"
    assert parse_spec("HEAD~3:patterns/garden-roster.md", repo) == ("HEAD~3", roster)
    assert parse_spec("HEAD~3:patterns/garden-roster.md", repo / "patterns") == ("HEAD~3", roster)
    # a path that exists only relative to the current folder, and git's explicit ./ form
    assert parse_spec("main:garden-roster.md", repo / "patterns") == ("main", roster)
    assert parse_spec("HEAD:./garden-roster.md", repo / "patterns") == ("HEAD", roster)
    # a file deleted since: relative to the root, as git reads it
    assert parse_spec("HEAD~2:patterns/garden-rota.md", repo / "patterns") == (
        "HEAD~2",
        repo / "patterns" / "garden-rota.md",
    )
    assert parse_spec("HEAD^{/title: x}:a.md", repo) == ("HEAD^{/title: x}", repo / "a.md")
    assert parse_spec("patterns/garden-roster.md", repo) is None
    assert parse_spec(r"C:\patterns\x.md", repo) is None
    with pytest.raises(HistoryError, match="no file after the ':'"):
        parse_spec("HEAD:", repo)


def test_outside_a_repository(tmp_path: Path) -> None:
    (tmp_path / "x.md").write_text("---\nid: x\n---\n")
    assert find_repo(tmp_path / "x.md") is None
    with pytest.raises(NotARepository, match="is not inside a git repository"):
        history(tmp_path / "x.md")
    with pytest.raises(NotARepository):
        parse_spec("HEAD:x.md", tmp_path)


def test_find_repo_without_git(tmp_path: Path) -> None:
    (tmp_path / "r" / ".git").mkdir(parents=True)
    assert find_repo(tmp_path / "r" / "deep" / "missing.md").root == tmp_path / "r"


def test_without_git_a_broken_repository_is_no_repository(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / ".git").mkdir()  # a .git folder that holds no repository
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no git: libgit2 reads it, and says so
    with pytest.raises(NotARepository, match="not a git repository that can be read"):
        history(tmp_path / "x.md")
    with pytest.raises(NotARepository):
        read_at(tmp_path / "x.md", "HEAD")
