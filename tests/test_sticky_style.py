"""Issue 10 item 1 and the number part of item 6: a value keeps its style and its number kind for
the length of an edit, keystroke by keystroke, and the check after a splice sees kind and style."""

from __future__ import annotations

import difflib
import math
import os
from pathlib import Path

import pytest

from editor import cli
from editor.model.document.document import Document
from editor.model.document.origin import equal, keep_kind
from editor.model.errors import EditError
from editor.model.schema import open_pattern

TEXT = """---
title: A/B Testing
quoted: "Double"
single: 'it''s single'
summary: >-
  Use restorative and healing practices to repair harm and prevent
  secondary trauma in service organizations. Implement peer support
  circles, group processing, and collective healing.
literal: |
  line one
  line two
ontology:
  domain: operations
  reasoning: >-
    This pattern sustains vitality by maintaining and renewing the
    system's existing health.
scores:
  whole: 3
  half: 4.5
  zero: 0
weights: [0.5, 0.8]
aliases:
  - plain alias
---
Body
"""


def keystrokes(doc: Document, path: str, final: str) -> None:
    """Set ``path`` the way the form does: backspace to the common prefix, then one character at a time."""
    current = doc.get(path)
    keep = 0
    while keep < min(len(current), len(final)) and current[keep] == final[keep]:
        keep += 1
    for n in range(len(current) - 1, keep - 1, -1):
        doc.set(path, current[:n])
    for n in range(keep + 1, len(final) + 1):
        doc.set(path, final[:n])
    assert doc.get(path) == final


def retype(doc: Document, path: str, final: str) -> None:
    """Select all, then type ``final`` one character at a time (the first key replaces the selection)."""
    for n in range(1, len(final) + 1):
        doc.set(path, final[:n])


def changed(a: str, b: str) -> list[str]:
    return [
        ln
        for ln in difflib.unified_diff(a.splitlines(), b.splitlines(), n=0, lineterm="")
        if ln[:1] in "+-" and not ln.startswith(("+++", "---"))
    ]


@pytest.fixture
def doc() -> Document:
    return Document.from_text(TEXT)


# ---------------------------------------------------------------- the examples


def test_typing_at_the_end_of_a_folded_summary_keeps_it_folded(doc: Document) -> None:
    keystrokes(doc, "summary", doc.get("summary") + " Curators: see the reflection loop.")
    assert changed(TEXT, doc.text) == ["+  Curators: see the reflection loop."]


def test_plain_values_stay_plain_through_a_trailing_space(doc: Document) -> None:
    keystrokes(doc, "ontology.domain", "operations and quality")
    keystrokes(doc, "title", "A/B Testing Method")
    assert changed(TEXT, doc.text) == [
        "-title: A/B Testing",
        "+title: A/B Testing Method",
        "-  domain: operations",
        "+  domain: operations and quality",
    ]


def test_the_intermediate_value_takes_the_least_change(doc: Document) -> None:
    doc.set("ontology.domain", "operations ")
    assert "  domain: 'operations '\n" in doc.text  # single quotes before double
    doc.set("ontology.domain", "operations a")
    assert "  domain: operations a\n" in doc.text


@pytest.mark.parametrize(
    "path", ["title", "quoted", "single", "summary", "literal", "ontology.reasoning", "aliases[0]"]
)
def test_clearing_and_retyping_gives_the_original_bytes(doc: Document, path: str) -> None:
    value = doc.get(path)
    doc.set(path, "")
    retype(doc, path, value)
    assert doc.text == TEXT


def test_empty_then_new_title_is_plain(doc: Document) -> None:
    doc.set("title", "")
    doc.set("title", "New Title")
    assert "\ntitle: New Title\n" in doc.text


def test_select_all_and_retype_plus_a_word(doc: Document) -> None:
    retype(doc, "title", "A/B Testing Method")
    retype(doc, "quoted", "Double x")
    retype(doc, "single", "it's single x")
    assert changed(TEXT, doc.text) == [
        "-title: A/B Testing",
        '-quoted: "Double"',
        "-single: 'it''s single'",
        "+title: A/B Testing Method",
        '+quoted: "Double x"',
        "+single: 'it''s single x'",
    ]


def test_typing_in_the_middle_of_a_folded_block_rewraps_only_that_line(doc: Document) -> None:
    old = doc.get("summary")
    keystrokes(doc, "summary", old.replace("secondary trauma", "secondary and vicarious trauma"))
    removed = [ln for ln in changed(TEXT, doc.text) if ln.startswith("-")]
    assert removed == ["-  secondary trauma in service organizations. Implement peer support"]
    assert "summary: >-\n" in doc.text
    width = max(len(ln) for ln in TEXT.splitlines()[5:8])
    new_block = doc.text.split("summary: >-\n")[1].split("literal:")[0]
    assert max(len(ln) for ln in new_block.splitlines()) <= width  # folded at the width the original used


def test_a_literal_block_stays_literal(doc: Document) -> None:
    keystrokes(doc, "literal", "line one\nline two and three\n")
    assert "literal: |\n  line one\n  line two and three\n" in doc.text


def test_a_folded_value_that_cannot_fold_is_quoted_then_folds_again(doc: Document) -> None:
    doc.set("ontology.reasoning", "")  # intermediate: nothing to fold
    assert 'reasoning: ""' in doc.text
    doc.set("ontology.reasoning", "Short again.")
    assert "  reasoning: >-\n    Short again.\n" in doc.text


@pytest.mark.parametrize(
    ("final", "written"),
    [
        ("- starts with a dash", "'- starts with a dash'"),
        ("a: b", "'a: b'"),
        ("it's: here", "'it''s: here'"),
        ("true", "'true'"),
        ("two\nlines", '"two\\nlines"'),
    ],
)
def test_a_plain_value_that_no_longer_fits_changes_least(doc: Document, final: str, written: str) -> None:
    keystrokes(doc, "ontology.domain", final)
    assert f"  domain: {written}\n" in doc.text
    assert Document.from_text(doc.text).get("ontology.domain") == final


def test_single_quoted_values_stay_single_quoted(doc: Document) -> None:
    doc.set("single", 'say "hi"')
    assert "single: 'say \"hi\"'\n" in doc.text


# ---------------------------------------------------------------- where an edit begins


def test_save_starts_a_new_edit(doc: Document, tmp_path: Path) -> None:
    doc.path = tmp_path / "x.md"
    doc.set("ontology.domain", "operations ")
    doc.save()
    assert doc.origin("ontology.domain") is None
    doc.set("ontology.domain", "operations x")  # the file now holds quotes: they stay
    assert "  domain: 'operations x'\n" in doc.text


def test_source_view_restyle_is_respected(doc: Document) -> None:
    doc.set("title", "A/B")
    doc.set_text(doc.text.replace("title: A/B\n", 'title: "A/B"\n'))
    doc.set("title", "A/B Testing")
    assert '\ntitle: "A/B Testing"\n' in doc.text


def test_undo_of_typing_keeps_the_origin(doc: Document) -> None:
    doc.set("title", "")
    change = doc.set("title", "A")
    doc.apply(change.inverse())
    doc.set("title", "A/B Testing")
    assert doc.text == TEXT


def test_end_edit_forgets_the_origin(doc: Document) -> None:
    doc.set("title", "")
    assert doc.origin("title").raw == " A/B Testing"
    doc.end_edit("title")
    assert doc.origin("title") is None
    doc.set("title", "A/B Testing")
    assert '\ntitle: "A/B Testing"\n' not in doc.text  # an empty value's quotes are never a style


def test_a_list_edit_elsewhere_keeps_the_origin_but_forgets_its_own_items(doc: Document) -> None:
    doc.set("title", "")
    doc.set("aliases[0]", "")
    doc.append("weights", 0.9)  # another container: the title and alias edits go on
    assert doc.origin("title") is not None and doc.origin("aliases[0]") is not None
    change = doc.insert("aliases[0]", "new first")  # aliases[0] is now another item
    assert doc.origin("aliases[0]") is None and doc.origin("title") is not None
    doc.apply(change.inverse())
    doc.set("title", "A/B Testing")
    assert "\ntitle: A/B Testing\n" in doc.text


def test_cli_set_and_keystrokes_write_the_same_bytes(tmp_path: Path, capsys) -> None:
    path = tmp_path / "p.md"
    path.write_text(TEXT)
    assert cli.main(["set", str(path), "title=A/B Testing Method", "ontology.domain=operations and quality"]) in (0, 1)
    doc = Document.from_text(TEXT)
    keystrokes(doc, "title", "A/B Testing Method")
    keystrokes(doc, "ontology.domain", "operations and quality")
    assert path.read_text() == doc.text


# ---------------------------------------------------------------- numbers keep their kind


@pytest.mark.parametrize(
    ("path", "value", "written"),
    [
        ("scores.whole", 1e20, "1.0e+20"),  # never an int
        ("scores.half", 3, "3"),  # an int typed into a float field stays an int
        ("scores.half", 3.0, "3.0"),
        ("scores.zero", -0.0, "-0.0"),
        ("scores.whole", 5.0, "5"),  # a spin box's whole float keeps the int field an int
        ("scores.half", 1e-7, "1.0e-07"),
    ],
)
def test_numbers_keep_their_kind(doc: Document, path: str, value: float, written: str) -> None:
    doc.set(path, value)
    assert f"  {path.split('.')[-1]}: {written}\n" in doc.text
    assert equal(Document.from_text(doc.text).get(path), keep_kind(value, Document.from_text(TEXT).get(path)))


def test_a_new_integer_is_written_as_an_integer(doc: Document) -> None:
    doc.append("weights", 2)
    assert "weights: [0.5, 0.8, 2]\n" in doc.text
    doc.set("scores.new_int", 7)
    assert "  new_int: 7\n" in doc.text


def test_equal_tells_kinds_apart() -> None:
    assert not equal(2, 2.0)
    assert not equal(0.0, -0.0)
    assert not equal(True, 1)
    assert equal(float("nan"), math.nan)
    assert equal({"a": [1, 2.5]}, {"a": [1, 2.5]})
    assert not equal({"a": 1, "b": 2}, {"b": 2, "a": 1})


# ---------------------------------------------------------------- the check after a splice


def test_a_splice_that_changes_a_number_kind_is_refused(doc: Document, monkeypatch) -> None:
    original = Document._replace_value

    def sloppy(self, loc, segs, value, origin=None):
        start, end, text = original(self, loc, segs, value, origin)
        return start, end, text.replace("4", "4.0") if isinstance(value, int) else text

    monkeypatch.setattr(Document, "_replace_value", sloppy)
    with pytest.raises(EditError, match="other fields"):
        doc.set("scores.whole", 4)
    assert doc.text == TEXT


def test_a_splice_that_changes_another_value_is_refused(doc: Document, monkeypatch) -> None:
    """Only the data check can see this one: the neighbour keeps its style, not its value."""
    original = Document._replace_value

    def greedy(self, loc, segs, value, origin=None):
        start, end, text = original(self, loc, segs, value, origin)
        if segs == ("scores", "whole"):  # also rewrite the next line, `half: 4.5`
            line_end = self.frontmatter.index("\n", self.frontmatter.index("\n", end) + 1)
            return start, line_end, text + "\n  half: 4.6"
        return start, end, text

    monkeypatch.setattr(Document, "_replace_value", greedy)
    with pytest.raises(EditError, match="other fields"):
        doc.set("scores.whole", 4)
    assert doc.text == TEXT


def test_a_splice_that_restyles_a_neighbour_is_refused(doc: Document, monkeypatch) -> None:
    original = Document._replace_value

    def wide(self, loc, segs, value, origin=None):
        start, end, text = original(self, loc, segs, value, origin)
        if segs == ("quoted",):  # also rewrite the next line's single quotes as double quotes
            nxt = self.frontmatter.index("\n", end) + 1
            line_end = self.frontmatter.index("\n", nxt)
            return start, line_end, text + '\nsingle: "it\'s single"'
        return start, end, text

    monkeypatch.setattr(Document, "_replace_value", wide)
    with pytest.raises(EditError, match="restyled single"):
        doc.set("quoted", "Changed")
    assert doc.text == TEXT


# ---------------------------------------------------------------- the real corpus


def _text_fields(data: dict, prefix: tuple = ()) -> list[tuple]:
    """Paths of the non-empty strings held by mappings (titles, summaries, labels, reasonings, …)."""
    out: list[tuple] = []
    for key, value in data.items():
        if isinstance(value, dict):
            out += _text_fields(value, prefix + (key,))
        elif isinstance(value, str) and value and key not in ("id", "slug"):
            out.append(prefix + (key,))
    return out


@pytest.mark.corpus
def test_corpus_text_fields_keep_style_through_an_edit(corpus_files: list[Path]) -> None:
    """Every text field of every corpus file (a sample unless PE_FULL=1): type a trailing space and
    a word, check only its lines change and its style stays; clear and retype: identical bytes."""
    files = corpus_files if os.environ.get("PE_FULL") else corpus_files[::20]
    failures = []
    for path in files:
        doc = open_pattern(path)
        original = doc.text
        for field in _text_fields(doc.data):
            value = doc.get(field)
            style = doc._locate(field).node.style
            doc.set(field, value + " ")
            doc.set(field, value + " Curators see the loop.")
            now = Document.from_text(doc.text)._locate(field).node.style
            if now != style:
                failures.append(f"{path.name}:{'.'.join(field)}: style {style!r} became {now!r}")
            doc.set(field, "")
            doc.set(field, value)
            if doc.text != original:
                failures.append(f"{path.name}:{'.'.join(field)}: retyping did not give back the bytes")
                doc = open_pattern(path)
    assert not failures, failures[:20]
