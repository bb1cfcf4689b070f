"""Edits by field path on the seed: minimal diffs, neighbour styles, schema placement, undo."""

from __future__ import annotations

import datetime as dt
import difflib

import pytest

from editor.model.document.document import Document
from editor.model.errors import EditError, PathError
from editor.model.schema import HINTS


@pytest.fixture
def doc(seed_text: str) -> Document:
    return Document.from_text(seed_text, "restorative-practices-helpers.md", hints=HINTS)


def diff(a: str, b: str) -> list[str]:
    return [
        ln.rstrip("\n")
        for ln in difflib.unified_diff(a.splitlines(True), b.splitlines(True), n=0)
        if ln[:1] in "+-" and not ln.startswith(("+++", "---"))
    ]


def test_read_paths(doc: Document) -> None:
    assert doc.get("ontology.commons_assessment.resilience") == 3.0
    assert doc.get("relationships.enables[1].weight") == 0.88
    assert doc.get("relationships.enables[-1].slug") == "adaptive-facilitation"
    assert doc.get("relationships.complementary[slug=adversarial-growth].weight") == 0.8
    assert doc.get("graph_garden.last_pruned") == dt.date(2026, 2, 19)
    assert doc.get("missing.path", None) is None
    with pytest.raises(PathError):
        doc.get("relationships.enables[9]")


def test_scalar_edit_changes_one_line(doc: Document) -> None:
    before = doc.text
    doc.set("ontology.commons_assessment.resilience", 3.5)
    assert diff(before, doc.text) == ["-    resilience: 3.0", "+    resilience: 3.5"]


def test_setting_the_same_value_is_not_a_change(doc: Document) -> None:
    assert doc.set("ontology.commons_assessment.resilience", 3.0) is None  # 3 (an int) is another kind
    assert doc.set("title", "Restorative Practices for Helpers") is None


def test_quoted_value_stays_quoted(doc: Document) -> None:
    before = doc.text
    doc.set("context_labels.tech", 'Repair "rituals" for product teams')
    assert diff(before, doc.text)[1] == '+  tech: "Repair \\"rituals\\" for product teams"'


def test_append_relationship_adds_only_new_lines_in_neighbour_style(doc: Document) -> None:
    before = doc.text
    doc.append("relationships.enables", {"slug": "peer-support-circles", "weight": 0.75})
    assert diff(before, doc.text) == ["+    - slug: peer-support-circles", "+      weight: 0.75"]
    lines = doc.text.splitlines()
    i = lines.index("    - slug: peer-support-circles")
    assert lines[i - 2 : i] == ["    - slug: adaptive-facilitation", "      weight: 0.88"]


def test_append_to_empty_list_uses_block_style_of_siblings(doc: Document) -> None:
    before = doc.text
    doc.append("relationships.tools", {"slug": "peer-support-circles", "weight": 0.6})
    assert diff(before, doc.text) == [
        "-  tools: []",
        "+  tools:",
        "+    - slug: peer-support-circles",
        "+      weight: 0.6",
    ]


def test_insert_at_position(doc: Document) -> None:
    doc.insert("relationships.complementary[1]", {"slug": "x-y", "weight": 0.5})
    assert [e["slug"] for e in doc.get("relationships.complementary")] == [
        "accountability-without-shame",
        "x-y",
        "acceptance-and-commitment",
        "adversarial-growth",
    ]


def test_flow_list_append(doc: Document) -> None:
    doc.append("contributors", "pattern-editor")
    assert 'contributors: ["higgerix", "cloudsters", "pattern-editor"]\n' in doc.text
    doc.append("ontology.search_hints.vector_keywords", "circles")
    assert '"repair", "circles"]' in doc.text


def test_delete_list_item_removes_its_lines(doc: Document) -> None:
    before = doc.text
    doc.delete("relationships.complementary[slug=acceptance-and-commitment]")
    assert diff(before, doc.text) == ["-    - slug: acceptance-and-commitment", "-      weight: 0.82"]


def test_delete_last_item_leaves_empty_flow_list(doc: Document) -> None:
    doc.delete("sources[0]")
    assert "\nsources: []\nlicense:" in doc.text


def test_new_key_goes_to_its_schema_place(doc: Document) -> None:
    before = doc.text
    doc.set("context_labels.community", "Restorative Circles for Neighbourhoods")
    assert diff(before, doc.text) == ['+  community: "Restorative Circles for Neighbourhoods"']
    assert '  tech: "Restorative Practices for Helpers for Products"\n  community:' in doc.text


def test_missing_group_is_created_before_its_successor(doc: Document) -> None:
    doc.delete("lifecycle")
    doc.set("lifecycle.status", "revised")
    text = doc.text
    assert text.index("lifecycle:\n  status: revised") < text.index("relationships:")
    assert text.index("overall_score") < text.index("lifecycle:")


def test_move_reorders_text_exactly(doc: Document) -> None:
    before = doc.text
    doc.move("relationships.complementary[2]", 0)
    assert next(e["slug"] for e in doc.get("relationships.complementary")) == "adversarial-growth"
    assert sorted(doc.text.splitlines()) == sorted(before.splitlines())


def test_rename_key(doc: Document) -> None:
    doc.rename_key("context_labels.tech", "technology")
    assert '  technology: "Restorative' in doc.text
    assert list(doc.get("context_labels")) == ["corporate", "government", "activist", "technology"]


def test_folded_summary_edit(doc: Document) -> None:
    before = doc.text
    new = doc.get("summary").replace("Implement peer support", "Run peer support")
    doc.set("summary", new)
    assert doc.get("summary") == new
    assert len(diff(before, doc.text)) == 2
    assert "summary: >-\n  Use restorative" in doc.text


def test_date_edit(doc: Document) -> None:
    doc.set("graph_garden.last_pruned", dt.date(2026, 3, 1))
    assert "  last_pruned: 2026-03-01\n" in doc.text


def test_body_edit_touches_body_only(doc: Document) -> None:
    fm = doc.frontmatter
    change = doc.set_body(doc.body.replace("Service organizations", "Care organizations", 1))
    assert change is not None and change.kind == "body"
    assert doc.frontmatter == fm
    doc.apply(change.inverse())


def test_undo_everything_restores_exact_bytes(doc: Document) -> None:
    original = doc.text
    changes = [
        doc.set("ontology.commons_assessment.resilience", 4.5),
        doc.append("relationships.enables", {"slug": "a-b", "weight": 0.5}),
        doc.delete("aliases"),
        doc.set("context_labels.community", "X"),
        doc.move("relationships.enables[0]", 2),
        doc.set_body("new body\n"),
    ]
    for change in reversed(changes):
        doc.apply(change.inverse())
    assert doc.text == original


def test_listeners_hear_each_change(doc: Document) -> None:
    heard = []
    doc.subscribe(heard.append)
    doc.set("title", "Renamed")
    assert heard and heard[0].paths == (("title",),)
    doc.unsubscribe(heard.append)
    doc.set("title", "Again")
    assert len(heard) == 1


def test_source_edit_that_breaks_yaml_sets_error_and_blocks_field_edits(doc: Document) -> None:
    broken = doc.text.replace("slug: restorative-practices-helpers", "slug: [unclosed", 1)
    doc.set_text(broken)
    assert doc.error is not None and doc.error.line == 7 and "at line 6" in doc.error.message
    with pytest.raises(EditError):
        doc.set("title", "x")
    doc.set_text(broken.replace("[unclosed", "restorative-practices-helpers"))
    assert doc.error is None


def test_apply_refuses_stale_change(doc: Document) -> None:
    change = doc.set("title", "One")
    doc.set("title", "Two")
    with pytest.raises(EditError):
        doc.apply(change.inverse())


def test_create_in_empty_frontmatter() -> None:
    doc = Document.from_text("---\n---\nbody\n", hints=HINTS)
    doc.set("title", "New")
    doc.set("slug", "new")
    assert doc.text == '---\nslug: new\ntitle: "New"\n---\nbody\n'


def test_body_typed_after_an_unterminated_closing_line() -> None:
    doc = Document.from_text('---\nid: pat_x\nslug: x\ntitle: "X"\n---', hints=HINTS)
    change = doc.set_body("Hello world\n")
    assert doc.text == '---\nid: pat_x\nslug: x\ntitle: "X"\n---\nHello world\n'
    assert Document.from_text(doc.text).error is None
    doc.apply(change.inverse())
    assert doc.text.endswith("---")


def test_missing_selector_is_a_path_error(doc: Document) -> None:
    assert doc.get("relationships.enables[slug=nope]", None) is None
    assert not doc.exists("relationships.enables[slug=nope]")
    with pytest.raises(PathError):
        doc.delete("relationships.enables[slug=nope]")
