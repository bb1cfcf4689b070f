"""Bulk edits (model): each operation in both layouts changes only its lines, refusals say why,
the change set writes all or nothing and reverts byte for byte; the warm query store."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
import yaml

from editor.model.edit.bulk import AddRelationship, AddToList, RemoveFromList, ReplaceText, SetField, Unset, plan
from editor.model.errors import ExternalChangeError
from editor.model.library import changeset
from editor.model.library.index import LibraryIndex
from editor.model.query.store import query_store

from .conftest import ROOT, SAMPLES

LEGACY = ROOT / "tests" / "fixtures" / "legacy"


@pytest.fixture
def lib(tmp_path: Path) -> tuple[Path, LibraryIndex]:
    folder = tmp_path / "lib"
    shutil.copytree(SAMPLES, folder)
    for f in LEGACY.glob("*.md"):
        shutil.copy(f, folder / f.name)
    index = LibraryIndex(folder, use_cache=False)
    index.build()
    return folder, index


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.md"))}


def changed_lines(a: str, b: str) -> tuple[list[str], list[str]]:
    diff = list(difflib.unified_diff(a.splitlines(), b.splitlines(), n=0, lineterm=""))
    minus = [d[1:] for d in diff if d.startswith("-") and not d.startswith("---")]
    plus = [d[1:] for d in diff if d.startswith("+") and not d.startswith("+++")]
    return minus, plus


def data_of(text: str) -> dict:
    return yaml.safe_load(text.split("\n---", 1)[0].removeprefix("---"))


def test_set_status_by_alias_in_both_layouts(lib) -> None:
    folder, index = lib
    files = [folder / "harbour-keeping.md", folder / "restorative-practices-helpers.md"]
    result = plan(files, [SetField("status", "published")], index)
    assert not result.refused and len(result.changes) == 2
    for change in result.changes:
        minus, plus = changed_lines(change.old_text, change.new_text)
        assert len(minus) == len(plus) == 1 and "status:" in plus[0] and "published" in plus[0]
    legacy = data_of(result.changes[0].new_text)
    assert legacy["classification"]["status"] == "published"


def test_a_bad_value_is_refused_and_others_go_ahead(lib) -> None:
    folder, index = lib
    files = [folder / "harbour-keeping.md", folder / "restorative-practices-helpers.md"]
    result = plan(files, [SetField("resilience", "9")], index)
    reasons = {p.name: why for p, why in result.refused}
    assert "no 'resilience' field" in reasons["harbour-keeping.md"]  # the older layout has no pillars
    assert "does not fit the schema" in reasons["restorative-practices-helpers.md"]
    assert not result.changes


def test_add_relationship_copies_each_lists_form(lib) -> None:
    folder, index = lib
    seed = folder / "restorative-practices-helpers.md"
    legacy = folder / "harbour-keeping.md"
    result = plan([seed, legacy], [AddRelationship("complementary", "net-mending-circle", 0.6)], index)
    assert not result.refused, result.refused
    by_name = {c.path.name: c for c in result.changes}
    _, plus = changed_lines(by_name[seed.name].old_text, by_name[seed.name].new_text)
    assert [p.strip() for p in plus] == ["- slug: net-mending-circle", "weight: 0.6"]
    new = data_of(by_name[legacy.name].new_text)
    assert new["complementary"] == ["pat_01m9312813fmjsh5w0ddnwgn6f"]  # the older layout links by id
    again = plan([seed], [AddRelationship("complementary", "restorative-practices-helpers")], index)
    assert again.unchanged == [seed]  # no link to itself


def test_list_operations_and_replace(lib) -> None:
    folder, index = lib
    seed = folder / "restorative-practices-helpers.md"
    result = plan([seed], [AddToList("aliases", "Circle Keepers"), ReplaceText("title", "Helpers", "Aides")], index)
    (change,) = result.changes
    data = data_of(change.new_text)
    assert data["aliases"][-1] == "Circle Keepers" and data["title"].endswith("Aides")
    minus, plus = changed_lines(change.old_text, change.new_text)
    assert len(minus) <= 2 and len(plus) <= 3
    shutil.copy(seed, folder / "copy.md")
    seed.write_text(change.new_text, encoding="utf-8")
    back = plan([seed], [RemoveFromList("aliases", "Circle Keepers"), ReplaceText("title", "Aides", "Helpers")], index)
    assert back.changes[0].new_text == (folder / "copy.md").read_text(encoding="utf-8")


def test_one_value_list_of_the_older_layout(tmp_path: Path) -> None:
    text = (
        (LEGACY / "harbour-keeping.md")
        .read_text(encoding="utf-8")
        .replace("  era:\n  - industrial\n  - digital\n", "  era: industrial\n")
    )
    path = tmp_path / "harbour-keeping.md"
    path.write_text(text, encoding="utf-8")
    result = plan([path], [AddToList("classification.era", "digital")])
    assert data_of(result.changes[0].new_text)["classification"]["era"] == ["industrial", "digital"]
    removed = plan([path], [RemoveFromList("classification.era", "industrial")])
    _, plus = changed_lines(text, removed.changes[0].new_text)
    assert plus == ['  era: ""'] or plus == ["  era: ''"]


def test_unset_and_unparseable(lib) -> None:
    folder, index = lib
    broken = folder / "broken.md"
    broken.write_text("---\ntitle: [unclosed\n---\n# B\n", encoding="utf-8")
    seed = folder / "restorative-practices-helpers.md"
    result = plan([seed, broken], [Unset("lifecycle.confidence")], index)
    assert [p.name for p, _ in result.refused] == ["broken.md"]
    assert "does not parse" in result.refused[0][1]
    if result.changes:
        assert "confidence" not in data_of(result.changes[0].new_text)["lifecycle"]


def test_change_set_is_all_or_nothing_and_reverts(lib) -> None:
    folder, index = lib
    before = snapshot(folder)
    files = sorted(folder.glob("*.md"))
    result = plan(files, [SetField("status", "published")], index)
    assert len(result.changes) >= 10
    # another program edits one file after planning: nothing is written
    victim = result.changes[-1].path
    victim.write_bytes(victim.read_bytes() + b"\n")
    with pytest.raises(ExternalChangeError):
        changeset.apply(result.changes, index)
    victim.write_bytes(before[victim.name])
    result = plan(files, [SetField("status", "published")], index)
    changeset.apply(result.changes, index)
    assert all(e.status == "published" for e in index.entries if e.path in {str(c.path) for c in result.changes})
    changeset.revert(result.changes, index)
    assert snapshot(folder) == before


def test_query_store_follows_the_index(lib) -> None:
    folder, index = lib
    store = query_store(index)
    assert store is query_store(index)
    drafts = {e.slug for e in store.select("status:draft")}
    expected = {
        p.stem
        for p in folder.glob("*.md")
        if ((d := data_of(p.read_text(encoding="utf-8"))).get("lifecycle") or d.get("classification") or {}).get(
            "status"
        )
        == "draft"
    }
    assert drafts == expected
    store.warm()
    assert store.warmed
    seed = folder / "restorative-practices-helpers.md"
    seed.write_text(seed.read_text(encoding="utf-8").replace("status: draft", "status: published", 1), "utf-8")
    index.update_file(seed)
    assert "restorative-practices-helpers" not in {e.slug for e in store.select("status:draft")}
