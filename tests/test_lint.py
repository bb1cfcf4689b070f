"""Library lint: per-file findings with the index as library, duplicates, one-sided links, orphans,
progress and cancelling, CLI output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from editor.cli import main
from editor.model.check.lint import lint_library
from editor.model.check.validation import Finding, validate
from editor.model.library.index import LibraryIndex
from editor.model.schema import open_pattern

from .conftest import SAMPLES
from .test_library import fake_id, write_pattern


def lint(folder: Path, **kwargs) -> list[Finding]:
    index = LibraryIndex(folder, use_cache=False)
    index.build()
    return lint_library(index, **kwargs)


def rules(findings: list[Finding], rule: str) -> list[tuple[str, int, str]]:
    return [(Path(f.file).name, f.line, f.message) for f in findings if f.rule == rule]


def test_duplicate_slugs_and_ids_are_errors_at_their_lines(tmp_path: Path) -> None:
    write_pattern(tmp_path, "alpha", pid=fake_id("one"))
    (tmp_path / "beta.md").write_text(
        (tmp_path / "alpha.md").read_text().replace('title: "alpha"', 'title: "Beta"'), encoding="utf-8"
    )  # same slug and id, wrong file name
    write_pattern(tmp_path, "gamma", pid=fake_id("one"))
    findings = lint(tmp_path)
    assert rules(findings, "duplicate-slug") == [
        ("alpha.md", 3, "slug 'alpha' is also used by beta.md"),
        ("beta.md", 3, "slug 'alpha' is also used by alpha.md"),
    ]
    assert rules(findings, "duplicate-id") == [
        ("alpha.md", 2, f"id '{fake_id('one')}' is also used by beta.md, gamma.md"),
        ("beta.md", 2, f"id '{fake_id('one')}' is also used by alpha.md, gamma.md"),
        ("gamma.md", 2, f"id '{fake_id('one')}' is also used by alpha.md, beta.md"),
    ]
    assert all(f.severity == "error" for f in findings if f.rule.startswith("duplicate-"))
    assert rules(findings, "slug-filename")  # validate's own rule still fires for beta.md


def test_asymmetric_specialization_links(tmp_path: Path) -> None:
    write_pattern(tmp_path, "broad", rels={"specializes_to": ["narrow", "mirrored"]})
    write_pattern(tmp_path, "narrow")
    write_pattern(tmp_path, "mirrored", rels={"generalizes_from": ["broad"]})
    write_pattern(tmp_path, "child", rels={"generalizes_from": ["parent", "missing"]})
    write_pattern(tmp_path, "parent")
    findings = lint(tmp_path)
    found = [(Path(f.file).name, f.path, f.severity, f.message) for f in findings if f.rule == "asymmetric-link"]
    assert found == [
        (
            "broad.md",
            "relationships.specializes_to[0]",
            "info",
            "broad lists narrow under specializes_to, but narrow does not list broad under generalizes_from",
        ),
        (
            "child.md",
            "relationships.generalizes_from[0]",
            "info",
            "child lists parent under generalizes_from, but parent does not list child under specializes_to",
        ),
    ]
    broad = next(f for f in findings if f.rule == "asymmetric-link")
    assert (broad.line, broad.column) == open_pattern(tmp_path / "broad.md").location("relationships.specializes_to[0]")


def test_orphans(tmp_path: Path) -> None:
    write_pattern(tmp_path, "lonely", rels={"enables": ["missing-one"]}, inferred=(("enables", "linker"),))
    write_pattern(tmp_path, "linker", rels={"enables": ["linked"]})
    write_pattern(tmp_path, "linked")
    write_pattern(tmp_path, "self-only", rels={"complementary": ["self-only"]})
    findings = lint(tmp_path)
    assert [name for name, *_ in rules(findings, "orphan")] == ["lonely.md", "self-only.md"]
    orphan = next(f for f in findings if f.rule == "orphan")
    assert orphan.severity == "info" and orphan.path == "relationships"


def test_per_file_findings_use_the_index(tmp_path: Path) -> None:
    write_pattern(tmp_path, "a", rels={"enables": ["b", "nowhere"]})
    write_pattern(tmp_path, "b", rels={"enables": ["a"]})
    (tmp_path / "broken.md").write_text("---\na: [1\n---\n", encoding="utf-8")
    findings = lint(tmp_path)
    assert rules(findings, "dangling-link") == [("a.md", 16, "nowhere is not in the library")]  # its list item
    assert rules(findings, "yaml-syntax")[0][:2] == ("broken.md", 3)
    index = LibraryIndex(tmp_path, use_cache=False)
    index.build()
    alone = [f for f in findings if Path(f.file).name == "b.md"]
    assert set(alone) == set(validate(open_pattern(tmp_path / "b.md"), index))  # b is linked and links: no extras


def test_sample_library_has_no_errors(tmp_path: Path) -> None:
    findings = lint(SAMPLES)
    assert [f for f in findings if f.severity == "error"] == []
    assert rules(findings, "dangling-link") == [] and rules(findings, "orphan") == []
    assert findings == sorted(findings, key=lambda f: (f.file, f.line, f.column))


def test_progress_and_cancel(tmp_path: Path) -> None:
    for i in range(5):
        write_pattern(tmp_path, f"p{i}")
    index = LibraryIndex(tmp_path, use_cache=False)
    index.build()
    seen: list[tuple[int, int]] = []
    lint_library(index, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]
    seen.clear()
    partial = lint_library(index, progress=lambda d, t: seen.append((d, t)), should_cancel=lambda: len(seen) >= 2)
    assert seen == [(1, 5), (2, 5)]
    assert {Path(f.file).name for f in partial} == {"p0.md", "p1.md"}


def test_unreadable_file_is_a_finding(tmp_path: Path) -> None:
    write_pattern(tmp_path, "ok")
    (tmp_path / "latin1.md").write_bytes(b"---\ntitle: caf\xe9\n---\n")
    findings = lint(tmp_path)
    assert [(Path(f.file).name, f.rule, f.severity) for f in findings if f.rule == "unreadable"] == [
        ("latin1.md", "unreadable", "error")
    ]


@pytest.mark.corpus
def test_corpus_lint_finds_the_known_problems(corpus: Path, tmp_path: Path) -> None:
    index = LibraryIndex(corpus, cache_dir=tmp_path)
    index.build()
    findings = lint_library(index)
    errors = {(Path(f.file).stem, f.rule) for f in findings if f.severity == "error"}
    assert ("platform-enshittification", "date") in errors  # PATTERN_FORMAT.md §7, E10
    assert not any(rule.startswith("duplicate-") for _, rule in errors)
    assert len(rules(findings, "dangling-link")) == 4758  # 1,943 + 2,321 + 494, as measured in §7


def test_cli_lint_output_and_exit_codes(capsys, tmp_path: Path) -> None:
    assert main(["lint", str(SAMPLES), "--no-cache"]) == 0
    out, err = capsys.readouterr()
    assert "restorative-practices-helpers.md:174:1: warning callout:" in out
    assert err.strip() == "12 files: 0 errors, 2 warnings, 7 info"
    assert main(["lint", str(SAMPLES), "--fail-on", "warning", "--no-cache"]) == 1
    capsys.readouterr()
    write_pattern(tmp_path, "a", pid=fake_id("x"))
    write_pattern(tmp_path, "b", pid=fake_id("x"))
    assert main(["lint", str(tmp_path), "--format", "json", "--no-cache"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert {d["rule"] for d in data} >= {"duplicate-id", "orphan"}
    assert set(data[0]) == {"file", "line", "column", "path", "severity", "rule", "message"}
    assert main(["lint", str(tmp_path), "--min-severity", "error", "--no-cache"]) == 1
    assert all(" error " in line for line in capsys.readouterr().out.splitlines())
    (tmp_path / "latin1.md").write_bytes(b"---\ntitle: caf\xe9\n---\n")
    assert main(["lint", str(tmp_path), "--no-cache"]) == 2
    assert main(["lint", str(tmp_path / "missing")]) == 2
