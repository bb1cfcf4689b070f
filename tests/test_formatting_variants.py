"""Every formatting convention of PATTERN_FORMAT.md §6 survives a no-op save and a one-field edit."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from editor.model.document.document import Document
from editor.model.schema import open_pattern

VARIANTS = sorted((Path(__file__).parent / "fixtures" / "variants").glob("*.md"))


def changed_lines(a: str, b: str) -> list[str]:
    return [
        ln
        for ln in difflib.unified_diff(a.splitlines(True), b.splitlines(True), n=0)
        if ln[:1] in "+-" and not ln.startswith(("+++", "---"))
    ]


def scalar_leaves(data, path=()):
    if isinstance(data, dict):
        for k, v in data.items():
            yield from scalar_leaves(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from scalar_leaves(v, path + (i,))
    else:
        yield path, data


@pytest.mark.parametrize("path", VARIANTS, ids=lambda p: p.stem)
def test_noop_save_is_byte_identical(path: Path, tmp_path: Path) -> None:
    raw = path.read_bytes()
    doc = open_pattern(path)
    assert doc.error is None, doc.error
    assert doc.encode() == raw
    target = tmp_path / path.name
    target.write_bytes(raw)
    copy = open_pattern(target)
    copy.save()
    assert target.read_bytes() == raw


@pytest.mark.parametrize("path", VARIANTS, ids=lambda p: p.stem)
def test_each_scalar_edit_touches_only_its_lines(path: Path) -> None:
    doc = open_pattern(path)
    original = doc.text
    for field, value in list(scalar_leaves(doc.data)):
        new = (value + 1) if isinstance(value, (int, float)) and not isinstance(value, bool) else f"{value}x"
        change = doc.set(field, new)
        assert change is not None
        assert doc.get(field) == new
        diff = changed_lines(original, doc.text)
        assert len(diff) <= 2 * (change.old.count("\n") + 1), (field, diff)
        doc.apply(change.inverse())
        assert doc.text == original


def test_number_spellings_survive_neighbouring_edits() -> None:
    doc = open_pattern(Path(__file__).parent / "fixtures/variants/numbers.md")
    doc.set("scores.one_decimal", 4.0)
    assert "  padded: 4.50\n" in doc.text
    assert "  one_decimal: 4.0\n" in doc.text  # written like its old self, not "4"
    doc.set("scores.integer", 5.0)
    assert "  integer: 5\n" in doc.text  # an int stays an int


def test_crlf_edits_use_crlf() -> None:
    doc = open_pattern(Path(__file__).parent / "fixtures/variants/crlf.md")
    doc.append("list", "c")
    doc.set("aliases", ["x"])
    assert "\n" not in doc.text.replace("\r\n", "")
    assert "  - c\r\n" in doc.text


def test_bom_is_kept() -> None:
    doc = open_pattern(Path(__file__).parent / "fixtures/variants/bom.md")
    doc.set("title", "Changed")
    assert doc.encode().startswith(b"\xef\xbb\xbf---\n")


def test_dashes_in_body_stay_body() -> None:
    doc = open_pattern(Path(__file__).parent / "fixtures/variants/dashes-in-body.md")
    assert set(doc.data) == {"id", "slug"}
    assert "title: Stale copy" in doc.body


def test_folded_edit_rewraps_only_nearby_lines() -> None:
    doc = open_pattern(Path(__file__).parent / "fixtures/variants/folded.md")
    original = doc.text
    summary = doc.get("summary")
    doc.set("summary", summary.replace("secondary trauma", "secondary and vicarious trauma"))
    diff = changed_lines(original, doc.text)
    assert len([d for d in diff if d.startswith("-")]) <= 2, diff
    assert doc.text.count(">-") == original.count(">-")


def test_wrapped_plain_and_quoted_scalars_round_trip() -> None:
    doc = open_pattern(Path(__file__).parent / "fixtures/variants/wrapped-plain.md")
    assert doc.get("summary") == "A plain scalar that was wrapped over two lines by an old tool"
    doc.set("summary", "Short now")
    assert "summary: Short now\ntitle:" in doc.text


def test_unknown_keys_are_kept_through_edits() -> None:
    doc = open_pattern(Path(__file__).parent / "fixtures/variants/unknown-keys.md")
    doc.set("ontology.domain", "changed")
    assert "x_custom: {a: 1, b: [2, 3]}\n" in doc.text
    assert "  private_note: keep me\n" in doc.text


def test_document_from_text_without_path() -> None:
    doc = Document.from_text("---\na: 1\n---\n")
    assert doc.set("a", 2) is not None
    assert doc.text == "---\na: 2\n---\n"


def test_quote_styles_survive_edits() -> None:
    """quotes.md: every value keeps its quote style when edited, and another field's edit leaves it alone."""
    doc = open_pattern(Path(__file__).parent / "fixtures/variants/quotes.md")
    original = doc.text
    for field, new, line in [
        ("title", "Double x", 'title: "Double x"'),
        ("plain", "plain text x", "plain: plain text x"),
        ("single", "it's single x", "single: 'it''s single x'"),
        ("escaped", "tab\there x", 'escaped: "tab\\there x"'),
        ("colon", "a: b x", 'colon: "a: b x"'),
    ]:
        old_line = next(ln for ln in original.splitlines() if ln.startswith(f"{field}:"))
        change = doc.set(field, new)
        assert changed_lines(original, doc.text) == [f"-{old_line}\n", f"+{line}\n"], field
        doc.apply(change.inverse())
    assert doc.text == original
