"""pattern-cli review: a commit, a range or the working tree in one process, agreeing with `diff`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from editor.cli import main
from editor.model import schema
from editor.model.diff import gitbatch
from editor.model.diff import review as review_mod
from editor.model.diff.review import review
from editor.model.document.document import Document

ROOT = Path(__file__).resolve().parents[1]
PATTERNS = ROOT / "patterns"
LEGACY = Path(__file__).parent / "fixtures" / "legacy"

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
pytestmark = needs_git

ENV = {
    **os.environ,
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Rota Keeper",
    "GIT_AUTHOR_EMAIL": "keeper@example.org",
    "GIT_COMMITTER_NAME": "Rota Keeper",
    "GIT_COMMITTER_EMAIL": "keeper@example.org",
}

# harbour-keeping (tests/fixtures/legacy) written again in the v7.1 layout
MIGRATED = """---
id: pat_01m9312813fmjsh5w0ddnwgn6e
slug: harbour-keeping
title: Harbour Keeping
aliases: []
summary: >-
  The crew that keeps the harbour open shares one logbook.
ontology:
  domain: operations
  cross_domains: []
  commons_domain:
    - business
  commons_assessment:
    overall_score: 3.0
lifecycle:
  usage_stage: operation
  status: draft
  version: 1.0
relationships:
  generalizes_from: []
  specializes_to: []
  enables: []
  requires: []
contributors:
- harbour-crew
sources: []
license: CC-BY-SA-4.0
attribution: Harbour Crew Notes
---
"""

BROKEN = "---\ntitle: [unclosed\n---\n\n# Body\n"


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True, env=ENV).stdout


def edit(path: Path, **sets: object) -> None:
    doc = Document.load(path, schema.HINTS)
    for field, value in sets.items():
        doc.set(field.replace("__", "."), value)
    path.write_text(doc.text, encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Two commits: eight patterns and a note, then a commit changing them in every way review reads."""
    root = tmp_path / "lib"
    p = root / "p"
    p.mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    for name in (
        "acceptance-and-commitment",
        "accountability-without-shame",
        "achievement-celebration",
        "adaptive-facilitation",
        "peer-support-circles",
        "restorative-practices-helpers",
    ):
        shutil.copy(PATTERNS / f"{name}.md", p / f"{name}.md")
    shutil.copy(LEGACY / "harbour-keeping.md", p / "harbour-keeping.md")
    (p / "mended.md").write_text(BROKEN, encoding="utf-8")  # broken in the old commit, fixed in the new
    (root / "notes.txt").write_text("step 1\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")

    edit(p / "restorative-practices-helpers.md", ontology__commons_assessment__overall_score=3.9)
    doc = Document.load(p / "acceptance-and-commitment.md", schema.HINTS)
    doc.append("relationships.enables", {"slug": "harbour-keeping", "weight": 0.7})
    (p / "acceptance-and-commitment.md").write_text(doc.text, encoding="utf-8")
    (p / "harbour-keeping.md").write_text(MIGRATED, encoding="utf-8")  # legacy -> v7.1
    shame = p / "accountability-without-shame.md"
    shame.write_text(
        shame.read_text().replace('title: "Accountability Without Shame"', "title: Accountability Without Shame")
    )
    git(root, "mv", "p/achievement-celebration.md", "p/celebrating-achievements.md")
    edit(p / "celebrating-achievements.md", ontology__commons_assessment__overall_score=4.2)
    git(root, "rm", "-q", "p/peer-support-circles.md")
    shutil.copy(PATTERNS / "trauma-informed-supervision.md", p / "trauma-informed-supervision.md")
    shutil.copy(PATTERNS / "harm-repair-conversations.md", p / "mended.md")
    (root / "notes.txt").write_text("step 2\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "review me")
    return root


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    return code, out


def review_json(capsys, root: Path, *argv: str) -> dict:
    _, out = run(capsys, "review", "-C", str(root), "--format", "json", *argv)
    return json.loads(out)


def by_path(data: dict) -> dict[str, dict]:
    return {f["path"]: f for f in data["files"]}


def test_review_agrees_with_diff_on_every_file(repo: Path, capsys, monkeypatch) -> None:
    data = review_json(capsys, repo, "HEAD")
    files = by_path(data)
    assert {p: (f["status"], f["kind"]) for p, f in files.items()} == {
        "p/acceptance-and-commitment.md": ("modified", "pattern"),
        "p/accountability-without-shame.md": ("modified", "pattern"),
        "p/celebrating-achievements.md": ("renamed", "pattern"),
        "p/harbour-keeping.md": ("modified", "pattern"),
        "p/mended.md": ("modified", "pattern"),
        "p/peer-support-circles.md": ("deleted", "pattern"),
        "p/restorative-practices-helpers.md": ("modified", "pattern"),
        "p/trauma-informed-supervision.md": ("added", "pattern"),
        "notes.txt": ("modified", "other"),
    }
    assert files["p/celebrating-achievements.md"]["old_path"] == "p/achievement-celebration.md"
    monkeypatch.chdir(repo)
    compared = 0
    for path, f in files.items():
        if f["kind"] != "pattern" or f["status"] in ("added", "deleted"):
            assert f.get("diff") is None
            continue
        _, out = run(capsys, "diff", f"HEAD^:{f.get('old_path', path)}", f"HEAD:{path}", "--format", "json")
        expected = json.loads(out)
        if "line_diff" in expected:  # the old side does not parse: the same fallback, named a/ and b/
            got = f["diff"]
            assert got["changes"] == got["body"] == got["formatting"] == []
            assert len(got["not_compared"]) == len(expected["not_compared"]) == 1
            assert got["not_compared"][0].endswith(expected["not_compared"][0].split(": ", 1)[1])
            assert got["line_diff"].splitlines()[2:] == expected["line_diff"].splitlines()[2:]
        else:
            assert f["diff"] == expected, path
        compared += 1
    assert compared == 6


def test_roll_up(repo: Path, capsys) -> None:
    data = review_json(capsys, repo, "HEAD")
    rollup = data["rollup"]
    assert rollup["numbers"]["overall_score"]["files"] == 2
    assert rollup["relationships"]["added"] == {"entries": 1, "files": 1}
    assert rollup["layout_migrated"] == {"legacy → v7.1": 1}
    assert rollup["formatting_only"] == 1
    assert rollup["not_compared"] == 1
    assert rollup["other_files"] == 1
    assert rollup["statuses"] == {"modified": 5, "renamed": 1, "deleted": 1, "added": 1}
    lines = rollup["summary"]
    assert "relationships added: 1 in 1 file" in lines
    assert "layout migrated: 1 file (legacy → v7.1)" in lines
    assert "formatting only: 1 file" in lines
    assert any(line.startswith("overall_score changed in 2 files (mean +") for line in lines)
    # the text report ends with the same roll-up
    code, text = run(capsys, "review", "-C", str(repo), "HEAD")
    assert code == 1
    assert text.rstrip().endswith("\n".join(f"  {line}" for line in lines))
    assert "Overall score: 3.6 → 3.9 (+0.3)" in text
    assert "Other files\n  modified  notes.txt" in text


def test_one_process_for_all_blobs(repo: Path, monkeypatch) -> None:
    made = []
    real = gitbatch.BlobReader

    def counting(*args):
        made.append(args)
        return real(*args)

    monkeypatch.setattr(review_mod, "BlobReader", counting)
    result = review(repo, ["HEAD"])
    assert len(made) == 1
    assert len(result.files) == 9


def test_range_forms(repo: Path, capsys) -> None:
    one = review_json(capsys, repo, "HEAD")
    assert by_path(review_json(capsys, repo, "HEAD~1..HEAD")) == by_path(one)
    assert by_path(review_json(capsys, repo, "HEAD~1", "HEAD")) == by_path(one)
    # A...B reviews B against the merge base: a side branch's commit is all it shows
    git(repo, "checkout", "-q", "-b", "side", "HEAD~1")
    (repo / "p" / "harbour-keeping.md").write_text(
        (repo / "p" / "harbour-keeping.md").read_text().replace("status: draft", "status: revised")
    )
    git(repo, "commit", "-q", "-am", "side change")
    sym = by_path(review_json(capsys, repo, "side...main"))
    assert sym == by_path(one)
    two_dot = by_path(review_json(capsys, repo, "side..main"))
    assert two_dot["p/harbour-keeping.md"]["diff"] != sym["p/harbour-keeping.md"]["diff"]
    back = by_path(review_json(capsys, repo, "main...side"))
    assert list(back) == ["p/harbour-keeping.md"]
    assert [c["path"] for c in back["p/harbour-keeping.md"]["diff"]["changes"]] == ["classification.status"]


def test_root_commit_against_nothing(repo: Path, capsys) -> None:
    data = review_json(capsys, repo, "HEAD~1")
    assert {f["status"] for f in data["files"]} == {"added"}
    assert len(data["files"]) == 9


def test_working_tree_against_head(repo: Path, capsys) -> None:
    edit(repo / "p" / "adaptive-facilitation.md", lifecycle__status="stable")
    shutil.copy(PATTERNS / "moral-injury-recognition.md", repo / "p" / "moral-injury-recognition.md")  # untracked
    (repo / "p" / "peer.txt").write_text("not a pattern\n")
    data = review_json(capsys, repo)
    assert data["new"] == "working tree"
    files = by_path(data)
    assert set(files) == {"p/adaptive-facilitation.md", "p/moral-injury-recognition.md", "p/peer.txt"}
    changes = files["p/adaptive-facilitation.md"]["diff"]["changes"]
    assert [(c["path"], c["new"]) for c in changes] == [("lifecycle.status", "stable")]
    assert files["p/moral-injury-recognition.md"]["status"] == "added"
    assert files["p/peer.txt"]["kind"] == "other"


def test_working_tree_rename_without_git_mv(repo: Path, capsys) -> None:
    p = repo / "p"
    (p / "restorative-practices-helpers.md").rename(p / "helpers.md")
    edit(p / "helpers.md", lifecycle__status="stable")
    status = git(repo, "status", "--porcelain")
    files = by_path(review_json(capsys, repo))
    assert list(files) == ["p/helpers.md"]
    assert files["p/helpers.md"]["status"] == "renamed"
    assert files["p/helpers.md"]["old_path"] == "p/restorative-practices-helpers.md"
    assert [c["path"] for c in files["p/helpers.md"]["diff"]["changes"]] == ["lifecycle.status"]
    assert git(repo, "status", "--porcelain") == status  # the repository's index is untouched
    assert git(repo, "diff", "--cached", "--name-only") == ""


def test_paths_limit_the_review(repo: Path, capsys) -> None:
    data = review_json(capsys, repo, "HEAD", "--", "p/restorative-practices-helpers.md", "notes.txt")
    assert list(by_path(data)) == ["p/restorative-practices-helpers.md", "notes.txt"]
    # options after the revision, paths relative to -C
    _, out = run(capsys, "review", "-C", str(repo / "p"), "HEAD", "--format=json", "--", "harbour-keeping.md")
    assert list(by_path(json.loads(out))) == ["p/harbour-keeping.md"]


def test_markdown_report(repo: Path, capsys) -> None:
    _, out = run(capsys, "review", "-C", str(repo), "HEAD", "--format", "markdown")
    assert out.startswith("## Pattern review: HEAD^ (")
    assert "| M | `p/restorative-practices-helpers.md` | Restorative Practices for Helpers |" in out
    assert "### `p/achievement-celebration.md → p/celebrating-achievements.md" in out
    assert "- Overall score: 3.6 → 3.9 (+0.3)" in out
    assert "```diff\n--- a/p/mended.md\n+++ b/p/mended.md\n" in out
    assert "### Other files\n\n- modified: `notes.txt`" in out
    assert "### Roll-up" in out and "- formatting only: 1 file" in out


def test_html_report_is_self_contained_and_escaped(repo: Path, capsys) -> None:
    path = repo / "p" / "adaptive-facilitation.md"
    edit(path, title='<script>alert("x")</script> & co')
    path.write_text(path.read_text().replace("treat the agenda as a hypothesis", "treat the <agenda> as a guess"))
    _, out = run(capsys, "review", "-C", str(repo), "--format", "html")
    assert "the <del>agenda</del><ins>&lt;agenda&gt;</ins> as a <del>hypothesis,</del><ins>guess,</ins>" in out
    assert out.startswith("<!DOCTYPE html>") and out.rstrip().endswith("</html>")
    assert "<script" not in out
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in out
    assert "<style>" in out and "http" not in out.replace("https://cloudsters.net", "")
    assert "<h2>Roll-up</h2>" in out


def test_no_change_exits_0(repo: Path, capsys) -> None:
    code, out = run(capsys, "review", "-C", str(repo))
    assert code == 0
    assert "0 pattern files changed" in out


def test_errors_exit_2(repo: Path, capsys, monkeypatch) -> None:
    assert main(["review", "-C", str(repo), "no-such-rev"]) == 2
    assert "unknown revision 'no-such-rev'" in capsys.readouterr().err
    assert main(["review", "-C", str(repo), "A", "B", "C"]) == 2
    capsys.readouterr()
    with_git = review(repo, ["HEAD"]).to_json()
    monkeypatch.setenv("PATH", str(repo))  # no git on PATH: libgit2 gives the same review
    assert review(repo, ["HEAD"]).to_json() == with_git
    assert main(["review", "-C", str(repo), "no-such-rev"]) == 2
    assert "unknown revision 'no-such-rev'" in capsys.readouterr().err
