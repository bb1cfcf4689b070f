"""Validation of the older flat layout's forms: a slug in an id list (W13), an entry in the other
layout's form (W14), and a list field written as one text (I3, advice only)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from types import SimpleNamespace

from editor.model import schema
from editor.model.check.validation import RULES, validate
from editor.model.document.document import Document
from editor.model.schema import HINTS, open_pattern

from .conftest import SAMPLES

FIXTURES = Path(__file__).parent / "fixtures" / "legacy"
TIDE = (FIXTURES / "tide-pool-stewardship.md").read_text(encoding="utf-8")
HARBOUR_ID = "pat_01m9312813fmjsh5w0ddnwgn6e"
NEW_RULES = ("slug-in-id-list", "entry-form")


class Lib:
    """A library that knows two slugs and their ids (``get`` as the library index has it)."""

    ids = {"harbour-keeping": HARBOUR_ID, "net-mending-circle": "pat_01m9312813fmjsh5w0ddnwgn6f"}

    def has_slug(self, slug):
        return slug in self.ids

    def has_id(self, pattern_id):
        return pattern_id in self.ids.values()

    def get(self, slug):
        return SimpleNamespace(id=self.ids[slug]) if slug in self.ids else None


def findings(text: str, name: str = "tide-pool-stewardship.md", library=None):
    return validate(Document.from_text(text, Path("/lib") / name, hints=HINTS), library)


def tide_with(old: str, new: str) -> str:
    assert old in TIDE
    return TIDE.replace(old, new, 1)


def test_the_new_rules_are_numbered_after_the_existing_ones() -> None:
    assert RULES["slug-in-id-list"][:2] == ("warning", "W13")
    assert RULES["entry-form"][:2] == ("warning", "W14")
    assert RULES["one-value-list"][:2] == ("info", "I3")


def test_the_fixture_is_clean_but_for_its_one_value_era() -> None:
    got = [(f.rule, f.severity, f.line, f.column, f.path) for f in findings(TIDE, library=Lib())]
    assert got == [("one-value-list", "info", 17, 3, "classification.era")]


def test_slug_in_an_id_list_is_flagged_with_the_id_to_use() -> None:
    text = tide_with(f"related:\n- {HARBOUR_ID}\n", f"related:\n- {HARBOUR_ID}\n- net-mending-circle\n")
    (f,) = [f for f in findings(text, library=Lib()) if f.rule in NEW_RULES]
    assert (f.rule, f.severity, f.file, f.line, f.column, f.path) == (
        "slug-in-id-list",
        "warning",
        "/lib/tide-pool-stewardship.md",
        30,
        3,
        "related[1]",
    )
    assert "'net-mending-circle'" in f.message and "pat_01m9312813fmjsh5w0ddnwgn6f" in f.message


def test_slug_in_an_id_list_without_a_library() -> None:
    text = tide_with("enables: []\n", "enables:\n- harbour-keeping\n")
    (f,) = [f for f in findings(text) if f.rule in NEW_RULES]
    assert (f.rule, f.line, f.path) == ("slug-in-id-list", 27, "enables[0]")


def test_v71_entry_in_a_legacy_list_is_the_other_layouts_form() -> None:
    text = tide_with("enables: []\n", "enables:\n- slug: harbour-keeping\n  weight: 0.8\n")
    got = [(f.rule, f.line, f.column, f.path) for f in findings(text, library=Lib()) if f.rule in NEW_RULES]
    assert got == [("entry-form", 27, 3, "enables[0]")]  # one finding, not also a slug-in-id-list


def test_legacy_id_in_a_v71_list_is_the_other_layouts_form() -> None:
    seed = (SAMPLES / "restorative-practices-helpers.md").read_text(encoding="utf-8")
    old = "    - slug: active-listening-depth\n      weight: 0.9\n"
    assert old in seed
    text = seed.replace(old, f"    - {HARBOUR_ID}\n", 1)
    line = text[: text.index(HARBOUR_ID)].count("\n") + 1
    got = [f for f in findings(text, "restorative-practices-helpers.md") if f.line == line]
    assert [(f.rule, f.severity, f.column) for f in got] == [("entry-form", "warning", 7)]  # not also I2
    assert got[0].path.startswith("relationships.")


def test_grouped_files_written_with_id_keys_holding_slugs_are_not_flagged() -> None:
    seed = (SAMPLES / "restorative-practices-helpers.md").read_text(encoding="utf-8")
    text = seed.replace("    - slug: active-listening-depth\n", "    - id: active-listening-depth\n", 1)
    rules = {f.rule for f in findings(text, "restorative-practices-helpers.md")}
    assert "entry-shape" in rules and not rules & set(NEW_RULES)


def test_declared_entry_forms() -> None:
    legacy = open_pattern(FIXTURES / "tide-pool-stewardship.md").data
    seed = open_pattern(SAMPLES / "restorative-practices-helpers.md").data
    assert schema.declared_entry_form(legacy, ("enables",)) == schema.entries.BARE_ID
    assert schema.declared_entry_form(seed, ("relationships", "enables")) == schema.entries.SLUG_WEIGHT
    assert schema.new_entry([], "x", 0.8, HARBOUR_ID, schema.entries.BARE_ID) == HARBOUR_ID
    assert schema.new_entry([], "x", 0.8, None, schema.entries.BARE_ID) is None  # no id: the caller asks
    assert schema.new_entry(["pat_a"], "x", 0.8, HARBOUR_ID) == HARBOUR_ID  # the list's own form wins
    assert schema.new_entry(["a"], "x", 0.8, HARBOUR_ID) == "x"
    assert schema.new_entry([{"id": "a", "weight": 0.5, "description": "d"}], "x", 0.8) == {"id": "x", "weight": 0.8}


def test_new_rules_do_not_flood_the_corpus(corpus_files: list[Path]) -> None:
    counts: Counter = Counter()
    legacy = 0
    for path in corpus_files:
        doc = open_pattern(path)
        legacy += schema.layout_of(doc.data) is schema.LEGACY
        counts.update(f.rule for f in validate(doc))
    assert legacy == 197
    assert counts["slug-in-id-list"] == 0 and counts["entry-form"] == 0  # every corpus list uses its own form
    assert counts["one-value-list"] == 5  # the five legacy files with a bare-string era
    assert counts["format"] == 0  # those five no longer warn
