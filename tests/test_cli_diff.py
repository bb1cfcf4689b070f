"""pattern-cli diff: exit codes, formats, REV:PATH, and the git diff driver / difftool modes."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from editor.cli import main

from .test_history import git, git_env, make_repo, needs_git  # noqa: F401 - git_env is a fixture

FIXTURES = Path(__file__).parent / "fixtures" / "diff"
BASE = FIXTURES / "base.md"
CLI = f"{shlex.quote(sys.executable)} -m editor.cli"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_change_exits_1_with_a_review(capsys) -> None:
    code, out, _ = run(capsys, "diff", str(BASE), str(FIXTURES / "rel-reweighted.md"))
    assert code == 1
    assert out == "Relationships\n  Complementary › harvest-festival: weight 0.8 → 0.85\n"


def test_formatting_only_exits_0(capsys) -> None:
    code, out, _ = run(capsys, "diff", str(BASE), str(FIXTURES / "fmt-quotes.md"))
    assert code == 0
    assert out == (
        "No changes in meaning.\nFormatting only: 2 changes (quotes on title; quotes on context_labels.tech)\n"
    )


def test_json_format(capsys) -> None:
    code, out, _ = run(capsys, "diff", str(BASE), str(FIXTURES / "score.md"), "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["changes"][0] == {
        "kind": "changed",
        "path": "ontology.commons_assessment.resilience",
        "label": "Ontology › Commons assessment › Resilience",
        "old": 3.0,
        "new": 3.5,
        "group": 3,
        "delta": 0.5,
    }
    assert data["formatting"] == []
    assert {s["kind"] for s in data["body"]} == {"unchanged"}


def test_words_option(capsys) -> None:
    code, out, _ = run(capsys, "diff", "--words", str(BASE), str(FIXTURES / "body-paragraph-changed.md"))
    assert code == 1
    assert out.splitlines()[:2] == ["Body", "  Section 3: Solution — 1 paragraph changed"]
    assert "[-small-]{+public+}" in out.splitlines()[2]


@pytest.mark.parametrize("argv", [["diff"], ["diff", "a", "b", "c"]])
def test_wrong_argument_count_is_usage(capsys, argv: list[str]) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2 and "diff needs OLD and NEW" in err


def test_missing_file_and_folder_are_usage(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "diff", str(BASE), str(tmp_path / "nope.md"))
    assert code == 2 and "nope.md: no such file" in err
    code, _, err = run(capsys, "diff", str(BASE), str(tmp_path))
    assert code == 2 and "is a folder" in err
    code, _, err = run(capsys, "diff", str(BASE))
    assert code == 2 and "give a second version" in err


def test_unparseable_input_names_file_line_column(capsys, tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text(BASE.read_text(encoding="utf-8").replace("  status: draft", "  status: [draft"))
    code, out, err = run(capsys, "diff", str(BASE), str(bad))
    assert code == 2 and out == ""
    line = bad.read_text().splitlines().index("  status: [draft") + 1
    assert re.match(
        rf"{re.escape(str(bad))}:{line + 1}:10: did not find expected ',' or ']' \(while parsing a flow "
        rf"sequence at line {line}\)",
        err,
    )


def test_outside_git_a_rev_spec_is_a_clear_error(capsys, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "diff", "HEAD~1:x.md", str(BASE))
    assert code == 2 and "is not inside a git repository" in err


# ---------------------------------------------------------------- with git


@pytest.fixture
def repo(tmp_path: Path, git_env, monkeypatch) -> Path:  # noqa: F811 - git_env is the imported fixture
    root = make_repo(tmp_path / "library")
    monkeypatch.chdir(root)
    return root


@needs_git
def test_rev_path_versions(capsys, repo: Path) -> None:
    code, out, _ = run(capsys, "diff", "HEAD~4:patterns/garden-rota.md", "HEAD~3:patterns/garden-rota.md")
    assert code == 1
    assert out == "Ontology & scores\n  Resilience: 3.0 → 3.5 (+0.5)\n  Overall score: 3.6 → 3.7 (+0.1)\n"
    # one REV:PATH: compared with the working copy
    code, out, _ = run(capsys, "diff", "HEAD:patterns/garden-roster.md")
    assert (code, out) == (0, "No changes in meaning.\n")
    # a revision against a file
    code, out, _ = run(capsys, "diff", "HEAD~2:patterns/garden-rota.md", str(BASE))
    assert code == 1 and out == "Relationships\n  Enables: − water-butt-network (0.88)\n"


@needs_git
def test_rev_path_errors(capsys, repo: Path) -> None:
    code, _, err = run(capsys, "diff", "HEAD~9:patterns/garden-rota.md", str(BASE))
    assert code == 2 and "HEAD~9:patterns/garden-rota.md: unknown revision 'HEAD~9'" in err
    code, _, err = run(capsys, "diff", "HEAD:patterns/garden-rota.md", str(BASE))
    assert code == 2 and "patterns/garden-rota.md does not exist at HEAD" in err


@needs_git
def test_unparseable_revision_names_rev_path_line_column(capsys, repo: Path) -> None:
    target = repo / "patterns" / "garden-roster.md"
    target.write_text(BASE.read_text(encoding="utf-8").replace("  status: draft", "  status: [draft"))
    git(repo, "commit", "-qam", "Break it")
    # an unparseable old version falls back to a line diff with a note (issue 14, finding 7)
    code, out, _ = run(capsys, "diff", "HEAD:patterns/garden-roster.md", "HEAD~1:patterns/garden-roster.md")
    assert code == 1 and out.startswith("(not compared as a pattern: HEAD:patterns/garden-roster.md:")
    # an unparseable new version is still an error naming revision, path, line and column
    code, _, err = run(capsys, "diff", "HEAD~1:patterns/garden-roster.md", "HEAD:patterns/garden-roster.md")
    assert code == 2 and err.startswith("HEAD:patterns/garden-roster.md:")


def _git_diff(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-c", "core.pager=cat", "diff", *args], cwd=repo, capture_output=True, text=True)


@needs_git
def test_git_diff_driver_command(repo: Path) -> None:
    (repo / ".gitattributes").write_text("*.md diff=pattern\n")
    git(repo, "config", "diff.pattern.command", f"{CLI} diff --git-external")
    result = _git_diff(repo, "HEAD~4", "HEAD~2", "--", "patterns")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "pattern diff a/patterns/garden-rota.md b/patterns/garden-rota.md\n"
        "Relationships\n  Enables: + water-butt-network (0.88)\n"
    )
    # formatting only, and a markdown file that is not a pattern (line diff instead)
    (repo / "README.md").write_text("# Library\n")
    git(repo, "add", "README.md")
    git(repo, "commit", "-qm", "readme")
    (repo / "README.md").write_text("# Library\n\nMore.\n")
    (repo / "patterns" / "garden-roster.md").write_text((FIXTURES / "base.md").read_text(encoding="utf-8"))
    result = _git_diff(repo)
    assert result.returncode == 0, result.stderr
    assert "pattern diff a/README.md b/README.md\n(not compared as a pattern: a/README.md:1:1:" in result.stdout
    assert "+More.\n" in result.stdout
    assert (
        "pattern diff a/patterns/garden-roster.md b/patterns/garden-roster.md\nNo changes in meaning.\n"
        "Formatting only: 2 changes (quotes on title; quotes on context_labels.tech)\n"
    ) in result.stdout


@needs_git
def test_git_diff_textconv(repo: Path) -> None:
    (repo / ".gitattributes").write_text("*.md diff=pattern\n")
    git(repo, "config", "diff.pattern.textconv", f"{CLI} diff --textconv")
    changed = _git_diff(repo, "HEAD~4", "HEAD~3", "--", "patterns")
    assert changed.returncode == 0, changed.stderr
    lines = [ln for ln in changed.stdout.splitlines() if ln[:1] in "+-" and not ln.startswith(("+++", "---"))]
    assert lines == [
        "-ontology.commons_assessment.resilience: 3.0",
        "+ontology.commons_assessment.resilience: 3.5",
        "-ontology.commons_assessment.overall_score: 3.6",
        "+ontology.commons_assessment.overall_score: 3.7",
    ]
    quotes_only = _git_diff(repo, "HEAD~4", "HEAD~1", "--", "patterns")
    assert [ln for ln in quotes_only.stdout.splitlines() if ln[:1] in "+-"] == []


@needs_git
def test_git_difftool(repo: Path) -> None:
    result = subprocess.run(
        ["git", "difftool", "-y", "-x", f"{CLI} diff", "HEAD~4", "HEAD~3", "--", "patterns"],
        cwd=repo,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == (  # a header names the file (issue 14, finding 10)
        "pattern diff patterns/garden-rota.md\n"
        "Ontology & scores\n  Resilience: 3.0 → 3.5 (+0.5)\n  Overall score: 3.6 → 3.7 (+0.1)\n"
    )


def test_git_external_arguments(capsys, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "diff", "--git-external", "patterns/x.md")
    assert (code, out) == (0, "pattern diff patterns/x.md: unmerged\n")
    code, out, _ = run(capsys, "diff", "--git-external", "x.md", "/dev/null", ".", ".", str(BASE), "abc", "100644")
    assert (code, out) == (0, "pattern diff a/x.md b/x.md\nnew file\n")
    code, _, err = run(capsys, "diff", "--git-external", "x.md", "y")
    assert code == 2 and "expects the 7 (or 9) arguments" in err
