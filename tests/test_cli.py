"""pattern-cli: commands, exit codes, and bad input that never touches the file."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from editor import __version__
from editor.cli import main

from .conftest import SAMPLES

SEED = SAMPLES / "restorative-practices-helpers.md"


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    target = tmp_path / SEED.name
    shutil.copy(SEED, target)
    return target


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.strip() == f"pattern-cli {__version__}"


def test_no_command_is_usage_error(capsys) -> None:
    assert run(capsys)[0] == 2
    assert run(capsys, "frobnicate")[0] == 2


def test_roundtrip_sample_library(capsys, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "roundtrip", str(SAMPLES), "--out", str(tmp_path / "out"))
    n = len(list(SAMPLES.glob("*.md")))
    assert code == 0
    assert out.strip().endswith(f"{n} files, {n} identical, 0 differ, 0 unparseable")
    for path in SAMPLES.glob("*.md"):
        assert (tmp_path / "out" / path.name).read_bytes() == path.read_bytes()


def test_roundtrip_reports_unparseable_with_position(capsys, tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_text("---\na: [1\n---\n")
    shutil.copy(SEED, tmp_path)
    code, out, _ = run(capsys, "roundtrip", str(tmp_path), "--deep")
    assert code == 1
    assert f"{tmp_path / 'bad.md'}:3:1:" in out
    assert "2 files, 1 identical, 0 differ, 1 unparseable" in out


def test_set_changes_one_line(capsys, seed_copy: Path) -> None:
    before = seed_copy.read_text().splitlines()
    code, _out, err = run(capsys, "set", str(seed_copy), "ontology.commons_assessment.resilience=3.5")
    assert code == 0, err
    after = seed_copy.read_text().splitlines()
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert changed == [("    resilience: 3.0", "    resilience: 3.5")] and len(before) == len(after)


def test_set_append_with_selector_and_dry_run(capsys, seed_copy: Path) -> None:
    raw = seed_copy.read_bytes()
    code, out, _ = run(
        capsys,
        "set",
        str(seed_copy),
        "relationships.enables[+]={slug: peer-support-circles, weight: 0.5}",
        "relationships.enables[slug=adaptive-facilitation].weight=0.7",
        "--dry-run",
    )
    assert code == 0
    assert "+    - slug: peer-support-circles\n+      weight: 0.5\n" in out
    assert "-      weight: 0.88\n+      weight: 0.7\n" in out
    assert seed_copy.read_bytes() == raw


def test_set_refuses_values_outside_the_schema(capsys, seed_copy: Path) -> None:
    raw = seed_copy.read_bytes()
    code, _, err = run(capsys, "set", str(seed_copy), "ontology.commons_assessment.resilience=7")
    assert code == 1 and "between 0 and 5" in err
    code, _, err = run(capsys, "set", str(seed_copy), "relationships.enables[0].weight=1.5")
    assert code == 1 and "weight" in err
    assert seed_copy.read_bytes() == raw


def test_set_unset_and_bad_usage(capsys, seed_copy: Path) -> None:
    code, _, _ = run(capsys, "set", str(seed_copy), "--unset", "aliases")
    assert code == 0 and "\naliases:" not in seed_copy.read_text()
    assert run(capsys, "set", str(seed_copy), "no-equals-sign")[0] == 2
    assert run(capsys, "set", str(seed_copy), "aliases=[unclosed")[0] == 2
    assert run(capsys, "set", str(seed_copy), "relationships.enables[9].weight=0.5")[0] == 2


def test_set_text_field_keeps_text(capsys, seed_copy: Path) -> None:
    run(capsys, "set", str(seed_copy), "title=1984")
    assert 'title: "1984"\n' in seed_copy.read_text()
    run(capsys, "set", str(seed_copy), "title=No", "context_labels.tech=[not a list]")
    text = seed_copy.read_text()
    assert 'title: "No"\n' in text and '  tech: "[not a list]"\n' in text


def test_set_impossible_date_is_refused_cleanly(capsys, seed_copy: Path) -> None:
    raw = seed_copy.read_bytes()
    code, _, err = run(capsys, "set", str(seed_copy), "graph_garden.last_pruned=2026-02-30")
    assert code == 1 and "is not a date" in err
    assert seed_copy.read_bytes() == raw
    code, _, err = run(capsys, "set", str(seed_copy), "relationships.enables[slug=nope].weight=0.5")
    assert code == 2 and "nope" in err


def test_validate_text_and_json(capsys) -> None:
    code, out, _ = run(capsys, "validate", str(SEED))
    assert code == 0  # warnings only
    assert f"{SEED}:55:3: warning enum: " in out
    code, out, _ = run(capsys, "validate", str(SEED), "--format", "json", "--fail-on", "warning")
    assert code == 1
    findings = json.loads(out)
    assert findings and set(findings[0]) == {"file", "line", "column", "path", "severity", "rule", "message"}


def test_validate_library_folder_has_no_errors_or_dangling_links(capsys) -> None:
    code, out, _ = run(capsys, "validate", str(SAMPLES), "--format", "json")
    findings = json.loads(out)
    assert code == 0
    assert not [f for f in findings if f["severity"] == "error" or f["rule"] == "dangling-link"]


def test_schema_is_valid_json_schema_and_accepts_the_library(capsys) -> None:
    import jsonschema
    import yaml

    code, out, _ = run(capsys, "schema", "--format", "json-schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in SAMPLES.glob("*.md"):
        if path.name == SEED.name:
            continue  # the seed carries a non-spec usage_stage on purpose
        text = path.read_text()
        data = yaml.safe_load(text.split("---\n")[1])
        data = json.loads(json.dumps(data, default=str))
        assert not list(validator.iter_errors(data)), path.name


# ---------------------------------------------------------------- bad input

BAD_INPUTS = {
    "malformed.md": b"---\ntitle: [oops\nslug: x\n---\n",
    "binary.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
    "empty.md": b"",
    "alias-bomb.md": (
        b"---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        b"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
        b"g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n---\n"
    ),
    "huge.md": b"---\ntitle: x\nblob: " + b"a" * 10_500_000 + b"\n---\n",
    "no-frontmatter.md": b"# Just markdown\n",
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
@pytest.mark.parametrize("command", ["validate", "set", "roundtrip"])
def test_bad_input_is_clear_fast_and_untouched(capsys, tmp_path: Path, name: str, command: str) -> None:
    path = tmp_path / name
    path.write_bytes(BAD_INPUTS[name])
    argv = [command, str(path)] + (["title=New"] if command == "set" else [])
    started = time.perf_counter()
    code, out, err = run(capsys, *argv)
    elapsed = time.perf_counter() - started
    assert code in (1, 2)
    assert f"{path}:" in out + err
    assert path.read_bytes() == BAD_INPUTS[name]
    assert elapsed < 2.0  # generous for slow CI; typically a few milliseconds


def test_missing_and_read_only(capsys, tmp_path: Path, seed_copy: Path, monkeypatch) -> None:
    code, out, _ = run(capsys, "validate", str(tmp_path / "missing.md"))
    assert code == 2 and "no such file" in out
    code, _, err = run(capsys, "set", str(tmp_path / "missing.md"), "title=x")
    assert code == 2 and "no such file" in err
    monkeypatch.setattr("editor.model.document.storage.writable_reason", lambda p: "the file is read-only")
    raw = seed_copy.read_bytes()
    code, _, err = run(capsys, "set", str(seed_copy), "title=x")
    assert code == 2 and "read-only" in err
    assert seed_copy.read_bytes() == raw
