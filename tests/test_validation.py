"""Each validation rule fires on a small document built for it, at the right line and path."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.model.check.validation import validate
from editor.model.document.document import Document
from editor.model.schema import HINTS

from .conftest import SAMPLES


class Lib:
    def __init__(self, slugs=(), ids=()):
        self.slugs, self.ids = set(slugs), set(ids)

    def has_slug(self, slug):
        return slug in self.slugs

    def has_id(self, pattern_id):
        return pattern_id in self.ids


def findings(text: str, name: str = "sample.md", library=None):
    return validate(Document.from_text(text, Path("/lib") / name, hints=HINTS), library)


def rules(text: str, **kw) -> dict[str, list]:
    out: dict[str, list] = {}
    for f in findings(text, **kw):
        out.setdefault(f.rule, []).append(f)
    return out


def seed_with(old: str, new: str) -> str:
    text = (SAMPLES / "restorative-practices-helpers.md").read_text()
    assert old in text
    return text.replace(old, new, 1)


SEED_NAME = "restorative-practices-helpers.md"


def test_seed_has_only_its_known_departures() -> None:
    got = {f.rule for f in findings(seed_with("", ""), SEED_NAME)}
    assert got == {"enum", "callout", "word-count"}


def test_yaml_syntax_position() -> None:
    (f,) = findings("---\nid: x\ntitle: [a\n---\n")
    assert (f.rule, f.severity, f.line) == ("yaml-syntax", "error", 4)


def test_duplicate_key() -> None:
    r = rules("---\nid: pat_01khvcxd8reves5ybk5kxyw5aa\nslug: sample\ntitle: a\ntitle: b\n---\n")
    assert r["duplicate-key"][0].line == 5


@pytest.mark.parametrize(
    "old, new, rule, path",
    [
        ("resilience: 3.0", "resilience: 6.5", "score-range", "ontology.commons_assessment.resilience"),
        ("resilience: 3.0", "resilience: high", "type", "ontology.commons_assessment.resilience"),
        ("weight: 0.88", "weight: 1.2", "weight-range", "relationships.enables[1].weight"),
        ("relevance: 0.95", "relevance: 2", "weight-range", "graph_garden.entities[0].relevance"),
        ("adoption_stage: growth", "adoption_stage: booming", "enum", "lifecycle.adoption_stage"),
        ("confidence: 1", "confidence: 4", "range", "lifecycle.confidence"),
        ("slug: restorative-practices-helpers", "slug: Restorative_Practices", "slug-format", "slug"),
        ("id: pat_01khvcxd8reves5ybk5kxyw5aa", "id: pattern-1", "id-format", "id"),
        ("id: pat_01khvcxd8reves5ybk5kxyw5aa", "id: pat_d508c16cc7364a36a0fe4316", "typeid", "id"),
        ('title: "Restorative Practices for Helpers"\n', "", "required", "title"),
        ("license: CC-BY-SA-4.0\n", "", "spec-key-missing", "license"),
        (
            "- slug: adaptive-facilitation",
            "- slug: active-listening-depth",
            "duplicate-target",
            "relationships.enables[1]",
        ),
        (
            "- slug: adaptive-facilitation",
            "- slug: restorative-practices-helpers",
            "self-link",
            "relationships.enables[1]",
        ),
        ("overall_score: 3.6", "overall_score: 4.2", "overall-score", "ontology.commons_assessment.overall_score"),
        ("last_pruned: 2026-02-19", "last_pruned: 2026-02-30", "date", "graph_garden.last_pruned"),
        (
            "type: complementary\n      confidence: 0.88",
            "type: enablers\n      confidence: 0.88",
            "inferred-type",
            "graph_garden.inferred_links[1].type",
        ),
        (
            'primary_tension: "Restorative vs. Helpers"',
            'primary_tension: "Restorative against Helpers"',
            "tension",
            "ontology.search_hints.primary_tension",
        ),
        (
            "    - slug: active-listening-depth\n      weight: 0.9",
            "    - active-listening-depth",
            "entry-shape",
            "relationships.enables[0]",
        ),
        ("contributors:", "x_private: 1\ncontributors:", "unknown-key", "x_private"),
    ],
)
def test_frontmatter_rules(old: str, new: str, rule: str, path: str) -> None:
    r = rules(seed_with(old, new), name=SEED_NAME)
    assert rule in r, sorted(r)
    assert path in [f.path for f in r[rule]]
    f = next(f for f in r[rule] if f.path == path)
    assert f.line > 1 and f.file.endswith(SEED_NAME)


def test_slug_must_match_file_name() -> None:
    assert "slug-filename" in rules(seed_with("", ""), name="other-name.md")


def test_dangling_links_need_a_library() -> None:
    text = seed_with("", "")
    assert "dangling-link" not in rules(text, name=SEED_NAME)
    r = rules(text, name=SEED_NAME, library=Lib({"active-listening-depth"}))
    dangling = {f.path for f in r["dangling-link"]}
    assert "relationships.enables[1]" in dangling and "relationships.enables[0]" not in dangling
    assert "graph_garden.inferred_links[1].target" in dangling


def test_legacy_ids_resolve_against_library_ids() -> None:
    text = (
        "---\nid: pat_d508c16cc7364a36a0fe4316\ntitle: Legacy\nslug: sample\nclassification:\n  status: draft\n"
        "related:\n- pat_aaaaaaaaaaaaaaaaaaaaaaaa\n- pat_bbbbbbbbbbbbbbbbbbbbbbbb\n---\n"
    )
    r = rules(text, library=Lib(ids={"pat_aaaaaaaaaaaaaaaaaaaaaaaa"}))
    assert [f.path for f in r["dangling-link"]] == ["related[1]"]
    assert "spec-key-missing" not in r  # the flat layout is not held to v7.1's keys


@pytest.mark.parametrize(
    "old, new, rule",
    [
        ("> [!NOTE] Confidence Rating: ★★★ (Established)", "", "callout"),
        ("### Section 3: Solution", "### Section 3: Answer", "body-sections"),
        ("> **The core conflict is Restorative vs. Helpers.**", "The core conflict.", "body-sections"),
        ("> **The core conflict is Restorative vs. Helpers.**", "> **The core conflict is A vs. B.**", "tension"),
        (
            "---\n\n### Section 1: Context",
            "---\nid: stale\ntitle: Old\n---\n\n### Section 1: Context",
            "second-frontmatter",
        ),
    ],
)
def test_body_rules(old: str, new: str, rule: str) -> None:
    r = rules(seed_with(old, new), name=SEED_NAME)
    assert rule in r, sorted(r)
    assert r[rule][0].path == "body" and r[rule][0].line > 170


def test_word_counts_are_info() -> None:
    r = rules(seed_with("", ""), name=SEED_NAME)
    assert {f.severity for f in r["word-count"]} == {"info"}


def test_nan_scores_are_out_of_range() -> None:
    r = rules(seed_with("vitality: 3.7", "vitality: .nan"), name=SEED_NAME)
    assert "ontology.commons_assessment.vitality" in [f.path for f in r["score-range"]]
