"""pattern-cli clone / changes / share / update / token, in-process, on local bare repositories."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from editor.cli import main
from tests.sync_helpers import edit, keychain, make_bare_library, url_of  # noqa: F401  (keychain: autouse)

SCORE = "    resilience: 4.5\n"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_clone_changes_share_update_from_the_command_line(tmp_path: Path, capsys) -> None:
    bare = make_bare_library(tmp_path)
    code, out, _ = run(capsys, "clone", url_of(bare), str(tmp_path / "ann"))
    assert code == 0 and "_patterns" in out
    assert run(capsys, "clone", url_of(bare), str(tmp_path / "ben"))[0] == 0
    a, b = tmp_path / "ann" / "_patterns", tmp_path / "ben" / "_patterns"
    assert run(capsys, "changes", str(a))[1] == "No changes since the last sync.\n"
    edit(a / "adaptive-facilitation.md", SCORE, "    resilience: 3.5\n")
    code, out, _ = run(capsys, "changes", str(a), "--format", "json")
    files = json.loads(out)["files"]
    assert [(f["path"], f["summary"]) for f in files] == [
        ("_patterns/adaptive-facilitation.md", "Resilience 4.5 → 3.5")
    ]
    code, out, _ = run(capsys, "share", str(a), "--branch", "main", "--author", "Ann <ann@example.org>", "-m", "Lower")
    assert code == 0 and "Shared 1 pattern on origin/main" in out
    edit(b / "adaptive-facilitation.md", SCORE, "    resilience: 2.0\n")
    code, out, _ = run(capsys, "update", str(b), "--author", "Ben <ben@example.org>")
    assert code == 1 and "to resolve: _patterns/adaptive-facilitation.md (1 conflict)" in out
    assert (b / "adaptive-facilitation.md.conflicts.json").exists()


def test_share_rejected_exits_1_and_says_to_get_the_latest(tmp_path: Path, capsys) -> None:
    bare = make_bare_library(tmp_path)
    for who in ("ann", "ben"):
        run(capsys, "clone", url_of(bare), str(tmp_path / who))
    a, b = tmp_path / "ann" / "_patterns", tmp_path / "ben" / "_patterns"
    edit(a / "adaptive-facilitation.md", SCORE, "    resilience: 3.5\n")
    edit(b / "peer-support-circles.md", "title: ", "title: Ben's ")
    assert run(capsys, "share", str(a), "--branch", "main", "--author", "A <a@example.org>")[0] == 0
    code, _, error = run(capsys, "share", str(b), "--branch", "main", "--author", "B <b@example.org>")
    assert code == 1 and "get the latest first" in error
    code, out, _ = run(capsys, "update", str(b), "--author", "B <b@example.org>", "--format", "json")
    assert code == 0 and json.loads(out)["summary"] == "1 pattern updated"
    assert run(capsys, "share", str(b), "--branch", "main", "--author", "B <b@example.org>")[0] == 0


def test_bad_author_and_not_a_library_are_usage_errors(tmp_path: Path, capsys) -> None:
    code, _, error = run(capsys, "changes", str(tmp_path))
    assert code == 2 and "not a shared library" in error
    bare = make_bare_library(tmp_path)
    run(capsys, "clone", url_of(bare), str(tmp_path / "ann"))
    edit(tmp_path / "ann" / "_patterns" / "adaptive-facilitation.md", SCORE, "    resilience: 3.5\n")
    code, _, error = run(capsys, "share", str(tmp_path / "ann"), "--author", "just a name")
    assert code == 2 and "Name <email>" in error


def test_token_goes_to_the_keychain(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    import keyring

    from editor.model.sync.auth import stored_token

    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret\n"))
    assert run(capsys, "token", "https://github.com/commons/patterns.git")[0] == 0
    assert stored_token("github.com") == "s3cret"
    assert run(capsys, "token", "github.com", "--forget")[0] == 0
    assert stored_token("github.com") is None and keyring.get_keyring().store == {}
