"""Semantic diff: exact change lists for every kind of change, formatting kept apart, corpus sanity."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
import yaml

from editor.model.diff.body import diff_bodies, word_diff
from editor.model.diff.body import sections_of as body_sections
from editor.model.diff.semantic import canon, diff_documents, diff_texts
from editor.model.diff.text import flat_text
from editor.model.document.document import Document
from editor.model.errors import ParseError
from editor.model.schema import HINTS

FIXTURES = Path(__file__).parent / "fixtures" / "diff"
BASE = (FIXTURES / "base.md").read_text(encoding="utf-8")


def against_base(name: str):
    return diff_texts(BASE, (FIXTURES / name).read_text(encoding="utf-8"), "base.md", name)


def rows(result) -> list[tuple]:
    return [(c.kind, c.path, c.old, c.new, c.group) for c in result.changes]


def fmt(result) -> list[tuple[str, str]]:
    return [(f.kind, f.description) for f in result.formatting]


# ---------------------------------------------------------------- frontmatter changes

CHANGES = {
    "scalar.md": [
        ("changed", "title", "Garden Rota", "Garden Rota Circle", 1),
        ("changed", "lifecycle.status", "draft", "revised", 4),
    ],
    "score.md": [
        ("changed", "ontology.commons_assessment.resilience", 3.0, 3.5, 3),
        ("changed", "ontology.commons_assessment.overall_score", 3.6, 3.7, 3),
    ],
    "rel-added.md": [
        (
            "added",
            "relationships.enables[slug=water-butt-network]",
            None,
            {"slug": "water-butt-network", "weight": 0.88},
            5,
        )
    ],
    "rel-removed.md": [
        (
            "removed",
            "relationships.complementary[slug=compost-circle]",
            {"slug": "compost-circle", "weight": 0.7},
            None,
            5,
        )
    ],
    "rel-reweighted.md": [("changed", "relationships.complementary[slug=harvest-festival].weight", 0.8, 0.85, 5)],
    "rel-moved.md": [
        (
            "moved",
            "relationships.complementary[slug=tool-shed-commons]",
            {"slug": "tool-shed-commons", "weight": 0.75},
            {"slug": "tool-shed-commons", "weight": 0.75},
            5,
        )
    ],
    "moved-key.md": [("moved", "commons_domain", ["life"], ["life"], 3)],
    "keywords.md": [
        ("added", "ontology.search_hints.vector_keywords[4]", None, "allotment", 3),
        ("removed", "ontology.search_hints.vector_keywords[2]", "stewardship", None, 3),
    ],
    "entity-changed.md": [
        ("changed", "graph_garden.entities[id=community-garden].relevance", 0.9, 0.8, 6),
        (
            "removed",
            "graph_garden.entities[id=weekly-rota]",
            {"id": "weekly-rota", "type": "practice", "label": "Weekly Rota", "relevance": 0.95},
            None,
            6,
        ),
    ],
}


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_frontmatter_change_lists(name: str) -> None:
    result = against_base(name)
    assert rows(result) == CHANGES[name]
    assert not result.body_changes
    assert result.formatting == []
    assert not result.is_empty


def test_score_changes_carry_their_delta() -> None:
    result = against_base("score.md")
    assert [c.delta for c in result.changes] == [0.5, 0.1]
    assert [c.label for c in result.changes] == [
        "Ontology › Commons assessment › Resilience",
        "Ontology › Commons assessment › Overall score",
    ]


def test_moves_name_where_they_came_from() -> None:
    moved = against_base("moved-key.md").changes[0]
    assert moved.from_path == "ontology.commons_domain"
    rel = against_base("rel-moved.md").changes[0]
    assert rel.from_path == "relationships.enables[slug=tool-shed-commons]"


def test_reordered_relationships_are_formatting_only() -> None:
    result = against_base("rel-reordered.md")
    assert result.is_empty and result.changes == []
    assert fmt(result) == [("order", "relationships.complementary reordered")]


def test_paths_locate_the_field_in_the_new_document() -> None:
    new = Document.from_text((FIXTURES / "rel-reweighted.md").read_text(encoding="utf-8"), "new.md", HINTS)
    result = diff_documents(Document.from_text(BASE, "base.md", HINTS), new)
    change = result.changes[0]
    assert new.get(change.path) == 0.85
    assert new.location(change.segments) == (new.text.splitlines().index("      weight: 0.85") + 1, 7)


# ---------------------------------------------------------------- legacy: renamed group

LEGACY_OLD = (FIXTURES / "legacy-old.md").read_text(encoding="utf-8")


def test_legacy_tags_renamed_to_classification_is_one_move() -> None:
    result = diff_texts(LEGACY_OLD, (FIXTURES / "legacy-renamed.md").read_text(encoding="utf-8"))
    assert [(c.kind, c.path, c.from_path, c.group) for c in result.changes] == [("moved", "classification", "tags", 3)]
    assert result.to_text() == "Classification\n  Classification: renamed from tags\n"


def test_legacy_rename_with_edits_inside() -> None:
    result = diff_texts(LEGACY_OLD, (FIXTURES / "legacy-new.md").read_text(encoding="utf-8"))
    utc = dt.UTC
    assert [
        (c.kind, c.path, c.old if c.kind != "moved" else None, c.new if c.kind != "moved" else None, c.group)
        for c in result.changes
    ] == [
        ("changed", "modified", dt.datetime(2026, 1, 28, tzinfo=utc), dt.datetime(2026, 2, 3, tzinfo=utc), 1),
        ("moved", "classification", None, None, 3),
        ("changed", "classification.universality", "domain", "universal", 3),
        ("changed", "classification.commons_alignment", 3, 4, 3),
        ("added", "related[slug=pat_0102030405060708090a0b0c0d]", None, "pat_0102030405060708090a0b0c0d", 5),
    ]
    assert [(s.section, s.kind) for s in result.body_changes] == [("Known risks", "added")]
    assert result.to_text() == (
        "Identity\n"
        "  Modified: 2026-01-28T00:00:00+00:00 → 2026-02-03T00:00:00+00:00\n"
        "Classification\n"
        "  Classification: renamed from tags\n"
        "  Universality: domain → universal\n"
        "  Commons alignment: 3 → 4 (+1)\n"
        "Relationships\n"
        "  Related: + pat_0102030405060708090a0b0c0d\n"
        "Body\n"
        "  Known risks — added (1 paragraph, 10 words)\n"
    )


# ---------------------------------------------------------------- body


def test_body_paragraph_changed_with_word_changes() -> None:
    result = against_base("body-paragraph-changed.md")
    assert result.changes == [] and result.formatting == []
    (section,) = result.body_changes
    assert (section.section, section.kind, section.summary) == ("Section 3: Solution", "changed", "1 paragraph changed")
    (para,) = section.paragraphs
    assert (para.kind, para.old_index, para.new_index) == ("changed", 1, 1)
    assert [(w.op, w.old, w.new) for w in para.words] == [("replace", "small", "public")]
    assert "[-small-]{+public+}" in para.inline


@pytest.mark.parametrize(
    ("name", "section", "summary", "kinds"),
    [
        ("body-paragraph-added.md", "Section 4: Implementation", "1 paragraph added", ["added"]),
        ("body-paragraph-removed.md", "Section 3: Solution", "1 paragraph removed", ["removed"]),
        ("section-added.md", "Section 9: Further Reading", "added (1 paragraph, 9 words)", ["added"]),
    ],
)
def test_body_paragraphs_and_sections(name: str, section: str, summary: str, kinds: list[str]) -> None:
    result = against_base(name)
    assert result.changes == [] and result.formatting == []
    (diff,) = result.body_changes
    assert (diff.section, diff.summary) == (section, summary)
    assert [p.kind for p in diff.paragraphs] == kinds


def test_body_section_removed_and_renamed() -> None:
    old = "Intro.\n\n## Alpha\n\nOne.\n\n## Beta\n\nTwo words.\n\n## Gamma\n\nThree words here.\n"
    new = "Intro.\n\n## Alpha\n\nOne.\n\n## Gamma\n\nThree words here, now longer.\n"
    diffs = {d.section: (d.kind, d.summary) for d in diff_bodies(old, new)}
    assert diffs == {
        "Preamble": ("unchanged", "unchanged"),
        "Alpha": ("unchanged", "unchanged"),
        "Beta": ("removed", "removed (1 paragraph, 2 words)"),
        "Gamma": ("changed", "1 paragraph changed"),
    }
    renamed = diff_bodies(
        "### Section 7: Cognitive Era\n\nText.\n", "### Section 7: Cognitive Era Considerations\n\nText.\n"
    )
    assert [(d.kind, d.summary) for d in renamed] == [("changed", "heading was “Section 7: Cognitive Era”")]


def test_body_summary_counts_several_kinds() -> None:
    old = "## S\n\nalpha beta gamma delta.\n\nepsilon zeta eta theta.\n\nold paragraph here entirely.\n"
    new = (
        "## S\n\nalpha beta gamma DELTA.\n\nepsilon zeta eta THETA.\n\nbrand new text that shares nothing.\n"
        "\nanother new one.\n"
    )
    (diff,) = diff_bodies(old, new)
    assert diff.summary == "2 paragraphs changed, 2 added, 1 removed"


def test_sub_headings_stay_inside_their_section() -> None:
    body = "### Section 1: Context\n\nA.\n\n#### Detail\n\nB.\n\n### Section 2: Problem\n\nC.\n"
    assert [(s.title, len(s.paragraphs)) for s in body_sections(body)] == [
        ("Section 1: Context", 3),
        ("Section 2: Problem", 1),
    ]


def test_word_diff_structured_and_inline() -> None:
    changes, inline = word_diff(["one", "two", "three", "four"], ["one", "2", "three", "four", "five"])
    assert [(c.op, c.old, c.new) for c in changes] == [("replace", "two", "2"), ("insert", "", "five")]
    assert inline == "one [-two-]{+2+} three four {+five+}"


# ---------------------------------------------------------------- formatting only

FORMATTING = {
    "fmt-quotes.md": [("quotes", "quotes on title"), ("quotes", "quotes on context_labels.tech")],
    "fmt-rewrap.md": [("wrapping", "summary re-wrapped")],
    "fmt-banner.md": [("banner", "banner before lifecycle changed"), ("banner", "banner before graph_garden removed")],
    "fmt-indent.md": [("indentation", "indentation of relationships.enables")],
    "fmt-numbers.md": [
        ("number", "ontology.commons_assessment.value_creation written 4 (was 4.0)"),
        ("number", "ontology.commons_assessment.resilience written 3 (was 3.0)"),
    ],
    "fmt-blank-lines.md": [
        ("blank lines", "blank lines before lifecycle"),
        ("blank lines", "blank lines in Section 1: Context"),
    ],
    "fmt-key-order.md": [("key order", "key order in lifecycle (adoption_stage moved)")],
    "fmt-body-rewrap.md": [("wrapping", "Section 1: Context re-wrapped")],
    "fmt-flow.md": [("style", "contributors written as a block list (was flow)")],
}


@pytest.mark.parametrize("name", sorted(FORMATTING))
def test_formatting_only(name: str) -> None:
    result = against_base(name)
    assert result.is_empty
    assert result.changes == [] and result.body_changes == []
    assert fmt(result) == FORMATTING[name]


def test_formatting_is_reported_beside_changes_never_mixed() -> None:
    text = (FIXTURES / "score.md").read_text(encoding="utf-8").replace('title: "Garden Rota"', "title: Garden Rota")
    result = diff_texts(BASE, text)
    assert [c.path for c in result.changes] == [
        "ontology.commons_assessment.resilience",
        "ontology.commons_assessment.overall_score",
    ]
    assert fmt(result) == [("quotes", "quotes on title")]


def test_whole_file_formatting() -> None:
    crlf = BASE.replace("\n", "\r\n")
    result = diff_texts(BASE, "\ufeff" + crlf.removesuffix("\r\n"))
    assert result.is_empty
    assert fmt(result) == [
        ("line endings", "line endings LF → CRLF"),
        ("whitespace", "byte order mark added"),
        ("whitespace", "final newline removed"),
    ]


def test_quoted_date_equals_unquoted_date() -> None:
    result = diff_texts(BASE, BASE.replace("last_pruned: 2026-02-19", "last_pruned: '2026-02-19'"))
    assert result.is_empty and fmt(result) == [("quotes", "quotes on graph_garden.last_pruned")]


def test_canon_ignores_key_order_and_number_spelling_but_not_types() -> None:
    assert canon({"a": 1, "b": [3]}) == canon({"b": [3.0], "a": 1.0})
    assert canon(True) != canon(1)
    assert canon("3") != canon(3)
    assert canon(dt.date(2026, 2, 19)) == canon("2026-02-19")


# ---------------------------------------------------------------- output


def test_to_json_shape_and_dates() -> None:
    result = diff_texts(LEGACY_OLD, (FIXTURES / "legacy-new.md").read_text(encoding="utf-8"))
    data = json.loads(json.dumps(result.to_json()))
    assert list(data) == ["changes", "body", "formatting"]
    first = data["changes"][0]
    assert {"kind", "path", "label", "old", "new", "group"} <= set(first)
    assert first["old"] == "2026-01-28T00:00:00+00:00"
    assert data["changes"][1]["from"] == "tags"
    assert {"section", "kind", "summary", "paragraphs"} <= set(data["body"][0])
    assert all(s["kind"] in ("added", "removed", "changed", "unchanged") for s in data["body"])


def test_to_text_reads_like_a_review(seed_text: str) -> None:
    doc = Document.from_text(seed_text, "seed.md", HINTS)
    edited = Document.from_text(seed_text, "seed.md", HINTS)
    edited.set("ontology.commons_assessment.resilience", 3.5)
    edited.append("relationships.requires", {"slug": "adaptive-facilitation", "weight": 0.88})
    edited.set("relationships.complementary[slug=adversarial-growth].weight", 0.85)
    edited.set("title", "Restorative Practices for Helpers")  # same value; the text keeps its quotes
    edited.set_text(
        edited.text.replace('title: "Restorative Practices for Helpers"', "title: Restorative Practices for Helpers")
    )
    body = edited.body.replace("something shifts in the nervous system", "something shifts in the body")
    edited.set_body(
        body.replace(
            "\n**4. Establish repair rituals.**", "\nA new short paragraph.\n\n**4. Establish repair rituals.**"
        )
    )
    assert diff_documents(doc, edited).to_text() == (
        "Ontology & scores\n"
        "  Resilience: 3.0 → 3.5 (+0.5)\n"
        "Relationships\n"
        "  Requires: + adaptive-facilitation (0.88)\n"
        "  Complementary › adversarial-growth: weight 0.8 → 0.85\n"
        "Body\n"
        "  Section 3: Solution — 1 paragraph changed\n"
        "  Section 4: Implementation — 1 paragraph added\n"
        "Formatting only: 1 change (quotes on title)\n"
    )


def test_empty_result_text() -> None:
    assert diff_texts(BASE, BASE).to_text() == "No changes in meaning.\n"


# ---------------------------------------------------------------- the seed


def test_seed_against_itself_is_empty(seed_text: str) -> None:
    result = diff_texts(seed_text, seed_text)
    assert result.is_empty and result.changes == [] and result.formatting == []
    assert all(s.kind == "unchanged" for s in result.body)


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        ("lifecycle.status", "revised", [("changed", "lifecycle.status", "draft", "revised", 4)]),
        (
            "ontology.commons_assessment.vitality",
            4.0,
            [("changed", "ontology.commons_assessment.vitality", 3.7, 4.0, 3)],
        ),
        (
            "relationships.enables[slug=active-listening-depth].weight",
            0.95,
            [("changed", "relationships.enables[slug=active-listening-depth].weight", 0.9, 0.95, 5)],
        ),
        (
            "graph_garden.entities[id=harm-repair].relevance",
            0.5,
            [("changed", "graph_garden.entities[id=harm-repair].relevance", 0.85, 0.5, 6)],
        ),
        ("aliases", ["Helper Circles"], [("added", "aliases[0]", None, "Helper Circles", 1)]),
        (
            "context_labels.academic",
            "Restorative Practice Research",
            [("added", "context_labels.academic", None, "Restorative Practice Research", 2)],
        ),
    ],
)
def test_seed_edit_gives_exactly_the_edit(seed_text: str, path: str, value, expected) -> None:
    doc = Document.from_text(seed_text, "seed.md", HINTS)
    edited = Document.from_text(seed_text, "seed.md", HINTS)
    edited.set(path, value)
    result = diff_documents(doc, edited)
    assert rows(result) == expected
    assert result.formatting == [] and result.body_changes == []


def test_seed_delete_and_undo(seed_text: str) -> None:
    doc = Document.from_text(seed_text, "seed.md", HINTS)
    edited = Document.from_text(seed_text, "seed.md", HINTS)
    change = edited.delete("relationships.complementary[slug=acceptance-and-commitment]")
    assert rows(diff_documents(doc, edited)) == [
        (
            "removed",
            "relationships.complementary[slug=acceptance-and-commitment]",
            {"slug": "acceptance-and-commitment", "weight": 0.82},
            None,
            5,
        )
    ]
    edited.apply(change.inverse())
    assert diff_documents(doc, edited).to_json() == diff_texts(seed_text, seed_text).to_json()


# ---------------------------------------------------------------- errors


def test_unparseable_version_names_file_line_column() -> None:
    broken = BASE.replace("  status: draft", "  status: [draft")
    with pytest.raises(ParseError) as info:
        diff_texts(BASE, broken, "old.md", "new.md")
    assert str(info.value).startswith("new.md:")
    assert info.value.line > 1 and info.value.column > 0


def test_flat_text_hides_formatting_and_order() -> None:
    def flat(text: str) -> str:
        doc = Document.from_text(text, "x.md", HINTS)
        return flat_text(doc.data, body_sections(doc.body))

    base = flat(BASE)
    for name in ("fmt-quotes.md", "fmt-numbers.md", "rel-reordered.md", "fmt-body-rewrap.md", "fmt-indent.md"):
        assert flat((FIXTURES / name).read_text(encoding="utf-8")) == base, name
    assert "relationships.enables[slug=seed-library].weight: 0.9\n" in base
    changed = flat((FIXTURES / "score.md").read_text(encoding="utf-8"))
    assert "ontology.commons_assessment.resilience: 3.5\n" in changed


# ---------------------------------------------------------------- corpus


@pytest.mark.corpus
def test_corpus_self_diffs_are_empty(corpus_files: list[Path]) -> None:
    for path in corpus_files:
        doc = Document.load(path, HINTS)
        result = diff_documents(doc, doc)
        assert result.is_empty and not result.formatting, path.name


@pytest.mark.corpus
def test_corpus_re_dumped_frontmatter_is_formatting_only(corpus_files: list[Path]) -> None:
    """Re-emitting a frontmatter with PyYAML (no comments, sorted keys, new quoting and wrapping)
    changes text everywhere and meaning nowhere."""
    for path in corpus_files[::8]:
        text = path.read_text(encoding="utf-8")
        doc = Document.from_text(text, path.name, HINTS)
        out = io.StringIO()
        yaml.safe_dump(doc.data, out, sort_keys=True, allow_unicode=True, width=60)
        result = diff_texts(text, "---\n" + out.getvalue() + "---\n" + doc.body, path.name, "dumped")
        assert result.is_empty, (path.name, result.to_text())
        assert result.formatting, path.name
