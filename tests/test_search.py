"""Search ranking on a hand-built library, typos, accents, following index changes, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from editor.cli import main
from editor.model.library.index import LibraryIndex
from editor.model.library.search import Hit, normalize, search

from .test_library import bump, pattern_text, write_pattern

LIBRARY = {  # slug: (title, aliases, summary)
    "peer-support": ("Peer Support", (), "Helpers meet to carry hard work together."),
    "peer-support-circles": ("Peer Support Circles", ("Talking Circles",), "Standing circles of peers."),
    "circle-keeping": ("Circle Keeping", (), "Keepers hold the circle's agreements."),
    "restorative-justice": ("Restorative Justice", (), "Repairing harm through dialogue."),
    "deep-listening": ("Active Listening in Depth", ("Empathic Listening",), "Hearing the need beneath words."),
    "debrief": ("Reflective Debrief", (), "Short structured talks after a shift; listening comes first."),
    "cafe-culture": ("Café Culture", (), "Informal meeting spaces."),
    "governance": ("Sociocratic Governance", (), "Consent-based decisions in nested circles."),
}


@pytest.fixture
def index(tmp_path: Path) -> LibraryIndex:
    for slug, (title, aliases, summary) in LIBRARY.items():
        write_pattern(tmp_path, slug, title=title, aliases=aliases, summary=summary)
    idx = LibraryIndex(tmp_path, use_cache=False)
    idx.build()
    return idx


def slugs(hits: list[Hit]) -> list[str]:
    return [h.slug for h in hits]


def test_exact_slug_beats_prefix(index: LibraryIndex) -> None:
    hits = search(index, "peer-support")
    assert slugs(hits)[:2] == ["peer-support", "peer-support-circles"]
    assert hits[0].score == 100 and hits[0].field in ("slug", "title")
    assert 90 <= hits[1].score < 100


def test_exact_title_is_top_and_case_insensitive(index: LibraryIndex) -> None:
    hits = search(index, "active listening IN depth")
    assert hits[0] == Hit("deep-listening", "Active Listening in Depth", 100.0, "title")


def test_prefix_beats_word_match(index: LibraryIndex) -> None:
    hits = search(index, "circle")
    # "Circle Keeping" starts with the query; "Peer Support Circles" only has a word starting with it
    assert slugs(hits)[0] == "circle-keeping" and 90 <= hits[0].score < 100
    rest = {h.slug: h for h in hits[1:]}
    assert 80 <= rest["peer-support-circles"].score < 90
    assert rest["governance"].field == "summary" and rest["governance"].score < 60  # summary only


def test_word_match_beats_fuzzy(index: LibraryIndex) -> None:
    hits = search(index, "justice")
    assert slugs(hits) == ["restorative-justice"] and 80 <= hits[0].score < 90
    typo = search(index, "restorativ justise")
    assert slugs(typo)[0] == "restorative-justice" and 60 <= typo[0].score < 80


def test_summary_matches_rank_below_title_matches(index: LibraryIndex) -> None:
    hits = search(index, "listening")
    assert slugs(hits)[0] == "deep-listening" and hits[0].field in ("title", "slug")
    debrief = next(h for h in hits if h.slug == "debrief")
    assert debrief.field == "summary" and debrief.score < hits[0].score and debrief.score < 60


def test_alias_matches(index: LibraryIndex) -> None:
    hits = search(index, "talking circles")
    assert hits[0] == Hit("peer-support-circles", "Peer Support Circles", 98.0, "alias")
    assert search(index, "empathic")[0].field == "alias"


def test_accents_and_punctuation_are_ignored(index: LibraryIndex) -> None:
    assert slugs(search(index, "cafe"))[0] == "cafe-culture"
    assert slugs(search(index, "CAFÉ culture!"))[0] == "cafe-culture"
    assert normalize("Café-Culture: Co.") == "cafe culture co"
    assert normalize("Ökologische Landwirtschaft — Straße") == "okologische landwirtschaft strasse"
    assert normalize("Общинные сады") == "общинные сады"  # other scripts stay searchable


def test_the_word_being_typed_matches_by_prefix(index: LibraryIndex) -> None:
    assert slugs(search(index, "peer supp"))[:2] == ["peer-support", "peer-support-circles"]
    assert slugs(search(index, "socio"))[0] == "governance"


def test_limit_empty_and_nonsense(index: LibraryIndex) -> None:
    assert len(search(index, "e", limit=3)) <= 3
    assert search(index, "") == [] and search(index, "   ") == []
    assert search(index, "peer", limit=0) == []
    assert search(index, "qqqqxxxx") == []


def test_ranking_is_deterministic(index: LibraryIndex) -> None:
    first = search(index, "circles")
    assert all(search(index, "circles") == first for _ in range(3))
    scores = [h.score for h in first]
    assert scores == sorted(scores, reverse=True)


def test_search_follows_index_changes(index: LibraryIndex, tmp_path: Path) -> None:
    assert search(index, "mycelium") == []
    write_pattern(tmp_path, "mycelium-networks", title="Mycelium Networks")
    index.refresh()
    assert slugs(search(index, "mycelium")) == ["mycelium-networks"]
    bump(tmp_path / "circle-keeping.md", pattern_text("circle-keeping", "Keeper Rotation"))
    index.update_file(tmp_path / "circle-keeping.md")
    assert "circle-keeping" in slugs(search(index, "keeper rotation"))
    assert search(index, "keeper rotation")[0].score == 100
    assert all(h.title != "Circle Keeping" for h in search(index, "circle keeping"))
    (tmp_path / "mycelium-networks.md").unlink()
    index.refresh()
    assert search(index, "mycelium") == []


def test_unparseable_files_are_found_by_slug(index: LibraryIndex, tmp_path: Path) -> None:
    (tmp_path / "broken-thing.md").write_text("---\na: [1\n---\n", encoding="utf-8")
    index.refresh()
    assert search(index, "broken thing")[0].slug == "broken-thing"


def test_cli_search(capsys, index: LibraryIndex) -> None:
    folder = str(index.folder)
    code = main(["search", folder, "circle", "--limit", "2", "--format", "json", "--no-cache"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and [h["slug"] for h in out] == ["circle-keeping", "peer-support-circles"]
    assert set(out[0]) == {"slug", "title", "score", "field"}
    code = main(["search", folder, "circle", "--no-cache"])
    assert code == 0 and capsys.readouterr().out.splitlines()[0].split()[1] == "circle-keeping"
    assert main(["search", folder, "qqqqxxxx", "--no-cache"]) == 1
