"""`pattern-cli set --where QUERY DIR ...`: the single-file edit on every file a query selects."""

from __future__ import annotations

import difflib
import shutil
import time
from pathlib import Path

import pytest
import yaml

from editor.cli import main

from .conftest import SAMPLES

LEGACY = """---
id: pat_{n}
title: {title}
slug: {slug}
aliases: []
classification:
  universality: domain
  domain: startup
  category:
  - team
  status: {status}
  commons_alignment: 4
confidence_score: 0.7
version: 1.0.0
last_updated: 2026-02-01
license: CC-BY-SA-4.0
attribution: Commons OS Pattern Library
---

# {title}

Body text with status: {status} and title: {title} that no edit may touch.
"""


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.md"))}


def changed_lines(a: bytes, b: bytes) -> list[str]:
    diff = difflib.unified_diff(a.decode().splitlines(), b.decode().splitlines(), n=0, lineterm="")
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])


def status_of(data: dict) -> str | None:
    for group in ("lifecycle", "classification"):
        if isinstance(data.get(group), dict) and "status" in data[group]:
            return data[group]["status"]
    return None


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """The bundled library (v7 layout) beside three legacy-layout files of our own."""
    folder = tmp_path / "lib"
    shutil.copytree(SAMPLES, folder)
    for n, (slug, status) in enumerate(
        [("legacy-draft-one", "draft"), ("legacy-draft-two", "draft"), ("legacy-published", "published")]
    ):
        title = slug.replace("-", " ").title()
        (folder / f"{slug}.md").write_text(
            LEGACY.format(n=n, title=title, slug=slug, status=status), encoding="utf-8", newline="\n"
        )
    return folder


def expected(folder: Path, status: str) -> set[str]:
    """The files an independent PyYAML reading says have ``status``."""
    return {p.name for p in folder.glob("*.md") if status_of(front(p)) == status}


def test_set_where_changes_exactly_the_matched_files_one_line_each(capsys, library: Path) -> None:
    before = snapshot(library)
    want = expected(library, "draft")
    assert any(n.startswith("legacy-") for n in want) and any(not n.startswith("legacy-") for n in want)
    code, out, err = run(capsys, "set", "--where", "status:draft", str(library), "title=Renamed In Bulk")
    assert code == 0, err
    assert out.strip().splitlines()[-1] == f"{len(want)} files matched, {len(want)} changed, 0 refused"
    after = snapshot(library)
    assert set(after) == set(before)
    for name in before:
        if name in want:
            lines = changed_lines(before[name], after[name])
            assert len(lines) == 2 and lines[0].startswith("-title:") and lines[1].startswith("+title:"), lines
            assert front(library / name)["title"] == "Renamed In Bulk"
        else:
            assert after[name] == before[name], name


def test_set_where_v7_nested_scalar_keeps_layout(capsys, library: Path) -> None:
    before = snapshot(library)
    code, out, err = run(capsys, "set", "--where", "layout:v7 status:draft", str(library), "lifecycle.version=0.9")
    assert code == 0, err
    want = {n for n in expected(library, "draft") if not n.startswith("legacy-")}
    assert f"{len(want)} files matched, {len(want)} changed, 0 refused" in out
    for name, raw in snapshot(library).items():
        if name in want:
            lines = changed_lines(before[name], raw)
            assert len(lines) == 2 and lines[1].strip() == "+  version: 0.9", lines
        else:
            assert raw == before[name], name


def test_set_where_dry_run_writes_nothing_and_prints_every_diff(capsys, library: Path) -> None:
    before = snapshot(library)
    want = expected(library, "draft")
    code, out, _ = run(capsys, "set", "--dry-run", "--where", "status:draft", str(library), "title=Dry")
    assert code == 0
    assert snapshot(library) == before
    for name in want:
        assert f"--- a/{name}\n+++ b/{name}\n" in out
    assert sum(line.startswith("+title:") and "Dry" in line for line in out.splitlines()) == len(want)
    assert f"{len(want)} files matched, {len(want)} changed, 0 refused" in out


def test_set_where_no_change_needed_and_unset(capsys, library: Path) -> None:
    code, out, _ = run(capsys, "set", "--where", "slug:legacy-published", str(library), "version=1.0.0")
    assert code == 0 and "1 files matched, 0 changed, 0 refused" in out
    before = snapshot(library)
    code, out, _ = run(capsys, "set", "--where", "layout:legacy", str(library), "--unset", "aliases")
    assert code == 0 and "3 files matched, 3 changed, 0 refused" in out
    for name, raw in snapshot(library).items():
        if name.startswith("legacy-"):
            assert changed_lines(before[name], raw) == ["-aliases: []"]
        else:
            assert raw == before[name]


def test_set_where_refusals_exit_1_and_write_nothing(capsys, library: Path) -> None:
    before = snapshot(library)
    code, out, err = run(
        capsys, "set", "--where", "layout:v7", str(library), "ontology.commons_assessment.resilience=7"
    )
    n = len(list(SAMPLES.glob("*.md")))
    assert code == 1 and f"{n} files matched, 0 changed, {n} refused" in out
    assert "between 0 and 5" in err
    assert snapshot(library) == before


def test_set_where_bad_query_or_usage_exits_2(capsys, library: Path) -> None:
    before = snapshot(library)
    code, out, err = run(capsys, "set", "--where", "status:(", str(library), "title=X")
    assert code == 2 and "column 8" in err and out == ""
    _, _, query_err = run(capsys, "query", str(library), "status:(")
    assert err == query_err
    assert run(capsys, "set", "--where", "status:draft", str(library), "no-equals-sign")[0] == 2
    assert run(capsys, "set", "--where", "status:draft", str(library / "nope"), "title=X")[0] == 2
    assert snapshot(library) == before


def test_set_where_on_the_corpus_copy(capsys, corpus: Path, tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(corpus, folder)
    before = snapshot(folder)
    want = expected(folder, "draft")
    assert want and len(want) < len(before)
    start = time.perf_counter()
    code, out, err = run(capsys, "set", "--where", "status:draft", str(folder), "attribution=Bulk Edited Library")
    elapsed = time.perf_counter() - start
    assert code == 0, err
    assert f"{len(want)} files matched, {len(want)} changed, 0 refused" in out
    for name, raw in snapshot(folder).items():
        if name in want:
            lines = changed_lines(before[name], raw)
            assert len(lines) == 2 and lines[0].startswith("-attribution:"), (name, lines)
            assert lines[1].startswith("+attribution:") and "Bulk Edited Library" in lines[1]
        else:
            assert raw == before[name], name
    print(f"bulk set on {len(want)} of {len(before)} corpus files: {elapsed:.2f} s")
