"""Field kinds are types: every declared field names one, and validation, export and typed text ask it."""

from __future__ import annotations

import datetime as dt

from editor.model.schema import LEGACY, V7
from editor.model.schema.fields import Field
from editor.model.schema.kinds import KINDS, Map, Number, Problem, Score, check_value


def _walk(fields):
    for f in fields:
        yield f
        yield from _walk(f.children + f.item)


def test_every_declared_field_has_a_kind_type():
    for f in (*_walk(V7.fields), *_walk(LEGACY.fields)):
        assert f.type is KINDS[f.kind] and f.type.name == f.kind


def test_a_score_names_its_own_range_rule():
    f = Field("resilience", "Resilience", "score", "", minimum=0, maximum=5)
    assert isinstance(f.type, Number) and isinstance(f.type, Score)
    assert list(check_value(f, 6, ("x",))) == [
        Problem("score-range", ("x",), "Resilience is 6; it must be between 0 and 5")
    ]
    assert list(check_value(f, "4", ("x",))) == [Problem("type", ("x",), "Resilience should be a number, not text '4'")]


def test_a_map_checks_its_children_and_reports_missing_ones():
    f = Field("m", "M", "map", "", children=(Field("a", "A", "integer", "", "R"), Field("b", "B", "date", "", "S")))
    assert isinstance(f.type, Map)
    assert [p.rule for p in check_value(f, {"b": "2026-02-30"}, ("m",))] == ["required", "date"]


def test_typed_text_keeps_the_kind_of_the_value_it_replaces():
    text, stamp = KINDS["text"], KINDS["timestamp"]
    assert text.coerce("1.5", 1.0) == 1.5 and text.coerce("1.", 1.0) == 1.0 and text.coerce("x", 2) == "x"
    assert text.coerce("1.5", "1.0") == "1.5"
    assert stamp.coerce("2026-01-02", dt.date(2025, 1, 1)) == dt.date(2026, 1, 2)
    assert stamp.coerce("2026-01-02", "2025") == "2026-01-02"


def test_an_enum_shows_its_readable_name():
    confidence = V7.field(("lifecycle", "confidence"))
    assert confidence.type.display(2, confidence) == "2 · ★★☆ Medium"
    status = V7.field(("lifecycle", "status"))
    assert status.type.display("draft", status) == "draft"
