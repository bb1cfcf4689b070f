"""`pattern-cli schema --format json-schema`: the branch is picked by layout, so a grouped (v7.1) file
cannot pass through the lenient legacy branch; the schema agrees with `validate` on the corpus."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml

jsonschema = pytest.importorskip("jsonschema")

from editor.cli import main  # noqa: E402
from editor.model.check.validation import validate  # noqa: E402
from editor.model.schema import open_pattern  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "patterns" / "restorative-practices-helpers.md"
LEGACY = ROOT / "tests" / "fixtures" / "legacy" / "harbour-keeping.md"


def _frontmatter(path: Path):
    """The frontmatter in JSON's data model (YAML dates become strings, as a JSON tool sees them)."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1]), default=str))


@pytest.fixture(scope="module")
def validator():
    import io
    from contextlib import redirect_stdout

    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["schema", "--format", "json-schema"]) == 0
    schema = json.loads(out.getvalue())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _rejected(validator, data) -> bool:
    return any(True for _ in validator.iter_errors(data))


def test_the_seed_and_a_legacy_file_pass(validator):
    assert not _rejected(validator, _frontmatter(SEED))
    legacy = _frontmatter(LEGACY)
    assert "classification" in legacy and "ontology" not in legacy  # really the older layout
    assert not _rejected(validator, legacy)


@pytest.mark.parametrize(
    "break_it",
    [
        pytest.param(lambda d: d["ontology"]["commons_assessment"].__setitem__("resilience", 9), id="resilience-9"),
        pytest.param(lambda d: d["relationships"]["enables"][0].__setitem__("weight", 1.4), id="weight-1.4"),
        pytest.param(lambda d: d["relationships"]["enables"][0].pop("slug"), id="entry-without-slug"),
    ],
)
def test_a_grouped_file_does_not_pass_through_the_legacy_branch(validator, break_it):
    data = copy.deepcopy(_frontmatter(SEED))
    break_it(data)
    assert _rejected(validator, data)


def test_the_legacy_branch_still_checks_legacy_files(validator):
    data = _frontmatter(LEGACY)
    data["confidence_score"] = 1.4
    assert _rejected(validator, data)


@pytest.mark.corpus
def test_schema_rejects_only_files_validate_calls_wrong(validator, corpus_files):
    rejected = {p.name for p in corpus_files if _rejected(validator, _frontmatter(p))}
    erroneous = {p.name for p in corpus_files if any(f.severity == "error" for f in validate(open_pattern(p)))}
    assert rejected <= erroneous
    assert len(rejected) < len(corpus_files) // 100  # the real files pass
