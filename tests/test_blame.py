"""pattern-cli blame: the commit that last changed a field's value, checked against an independent walk."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from editor.cli import main
from editor.model.diff.blame import UNCOMMITTED, blame

from .test_review import MIGRATED

SEED = Path(__file__).resolve().parents[1] / "patterns" / "restorative-practices-helpers.md"
SCORE = "ontology.commons_assessment.overall_score"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _env(day: int) -> dict[str, str]:
    date = f"2026-03-{day:02d}T09:00:00+00:00"
    return {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": f"Author {day}",
        "GIT_AUTHOR_EMAIL": "a@example.org",
        "GIT_COMMITTER_NAME": "Committer",
        "GIT_COMMITTER_EMAIL": "c@example.org",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
    }


def git(root: Path, *args: str, day: int = 1) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True, env=_env(day)).stdout


def _commit(root: Path, message: str, day: int) -> str:
    git(root, "add", "-A", day=day)
    git(root, "commit", "-q", "-m", message, day=day)
    return git(root, "rev-parse", "HEAD").strip()


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """x.md: added; score changed; its neighbours changed; renamed to y.md; the score's line re-spelled."""
    root = tmp_path / "lib"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    x = root / "x.md"
    shutil.copy(SEED, x)
    commits = {"add": _commit(root, "add the pattern", 1)}
    x.write_text(x.read_text().replace("overall_score: 3.6", "overall_score: 3.8"))
    commits["score"] = _commit(root, "raise the score", 2)
    text = x.read_text().replace("implementation becomes routinised.", "implementation becomes a routine.")
    text = text.replace("# GROUP 4: LIFECYCLE & CONFIDENCE", "# GROUP 4: LIFECYCLE AND CONFIDENCE")
    x.write_text(text.replace("vitality: 3.7", "vitality: 3.9"))
    commits["neighbours"] = _commit(root, "touch the lines around the score", 3)
    git(root, "mv", "x.md", "y.md")
    y = root / "y.md"
    y.write_text(y.read_text().replace("status: draft", "status: revised"))
    commits["rename"] = _commit(root, "rename to y", 4)
    y.write_text(y.read_text().replace("overall_score: 3.8", "overall_score: 3.80"))  # the line, not the value
    commits["respell"] = _commit(root, "spell the score with two decimals", 5)
    return root, commits


def _independent_walk(root: Path, names: tuple[str, ...], keys: tuple[str, ...]) -> str:
    """Every commit of HEAD (no --follow), the file read with git show under either name, the value
    with yaml.safe_load; the newest commit whose value differs from the previous commit's."""
    revs = git(root, "rev-list", "--reverse", "HEAD").split()
    values = []
    for rev in revs:
        value = None
        for name in names:
            shown = subprocess.run(["git", "show", f"{rev}:{name}"], cwd=root, capture_output=True, text=True)
            if shown.returncode == 0:
                data = yaml.safe_load(shown.stdout.split("\n---\n", 1)[0].removeprefix("---\n"))
                for key in keys:
                    data = data[key]
                value = data
                break
        values.append(value)
    last = revs[0]
    for i in range(1, len(revs)):
        if values[i] != values[i - 1]:
            last = revs[i]
    return last


def test_blame_names_the_commit_that_changed_the_value(repo) -> None:
    root, commits = repo
    expected = _independent_walk(root, ("y.md", "x.md"), tuple(SCORE.split(".")))
    assert expected == commits["score"]
    [line] = blame(root / "y.md", [SCORE])
    assert (line.path, line.commit, line.summary) == (SCORE, commits["score"], "raise the score")
    assert (line.author, line.date) == ("Author 2", "2026-03-02T09:00:00+00:00")
    # git's own blame names the re-spelling commit for that line
    porcelain = git(root, "blame", "--porcelain", "-L", "/overall_score/,+1", "--", "y.md")
    assert porcelain.split()[0] == commits["respell"]


def test_every_field_and_renames(repo) -> None:
    root, commits = repo
    lines = {line.path: line.commit for line in blame(root / "y.md")}
    assert lines[SCORE] == commits["score"]
    assert lines["ontology.commons_assessment.vitality"] == commits["neighbours"]
    assert lines["ontology.commons_assessment.vitality_reasoning"] == commits["neighbours"]
    assert lines["lifecycle.status"] == commits["rename"]
    assert lines["title"] == commits["add"]  # followed across the rename
    assert lines["relationships.enables[slug=active-listening-depth].weight"] == commits["add"]
    for path, commit in lines.items():
        if path.startswith("ontology.commons_assessment.") or "[" in path:
            continue  # checked above; list entries by slug are not plain keys
        assert commit == _independent_walk(root, ("y.md", "x.md"), tuple(path.split("."))), path


def test_bare_key_container_and_uncommitted(repo, capsys) -> None:
    root, commits = repo
    y = root / "y.md"
    assert [line.commit for line in blame(y, ["overall_score"])] == [commits["score"]]
    [group] = blame(y, ["lifecycle"])
    assert group.commit == commits["rename"]  # the newest change to any value inside it
    y.write_text(y.read_text().replace("overall_score: 3.80", "overall_score: 4.1"))
    assert main(["blame", str(y), SCORE, "lifecycle.status", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == [
        {
            "path": SCORE,
            "commit": UNCOMMITTED,
            "author": "Not Committed Yet",
            "date": "",
            "summary": "not committed yet",
        },
        {
            "path": "lifecycle.status",
            "commit": commits["rename"],
            "author": "Author 4",
            "date": "2026-03-04T09:00:00+00:00",
            "summary": "rename to y",
        },
    ]
    assert main(["blame", str(y), "lifecycle.status"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(commits["rename"][:8] + "  2026-03-04  Author 4")
    assert out.rstrip().endswith("lifecycle.status  rename to y")
    assert main(["blame", str(y), "no_such_field"]) == 2
    assert "no field 'no_such_field'" in capsys.readouterr().err


def test_a_layout_migration_keeps_the_values_it_moves(tmp_path: Path) -> None:
    """Moving status and the commons figure into the v7.1 places is not a change of their values."""
    root = tmp_path / "lib"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    path = root / "harbour-keeping.md"
    legacy = (Path(__file__).parent / "fixtures" / "legacy" / "harbour-keeping.md").read_text()
    path.write_text(legacy)
    added = _commit(root, "add", 1)
    path.write_text(legacy.replace("  status: draft", "  status: revised"))
    revised = _commit(root, "revise", 2)
    path.write_text(MIGRATED.replace("  status: draft", "  status: revised").replace("Harbour Keeping", "Harbours"))
    migrated = _commit(root, "migrate to v7.1", 3)
    lines = {line.path: line.commit for line in blame(path)}
    assert lines["lifecycle.status"] == revised
    assert lines[SCORE] == added  # commons_alignment: 3 is the overall score 3.0
    assert lines["ontology.domain"] == added
    assert lines["title"] == migrated
    assert lines["summary"] == migrated  # new in the v7.1 version
