"""Issue 13, model and CLI: inbound links, unlinked mentions, consistency suggestions applied as
minimal diffs, the domain overview and the drill-in layout. Fixtures of our own in both layouts,
the bundled library, and the corpus (inbound checked against an independent PyYAML reading)."""

from __future__ import annotations

import difflib
import functools
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from editor.cli import main
from editor.model.library import domain_layout
from editor.model.library.backlinks import inbound_links, unlinked_mentions
from editor.model.library.index import LibraryIndex
from editor.model.library.mentions import mention_index
from editor.model.library.overview import domain_overview, to_dot, to_svg
from editor.model.library.suggestions import apply_suggestion, suggestion_change, suggestions
from editor.model.schema import open_pattern

ROOT = Path(__file__).resolve().parents[1]
IDS = {
    "alpha": "pat_01khvcxd8reves5ybk5kxyw5aa",
    "beta": "pat_01khvcxd8reves5ybk5kxyw5ab",
    "gamma": "pat_01khvcxd8reves5ybk5kxyw5ac",
    "delta": "pat_01kg5023ydftgramg3qp7rjkam",
    "epsilon": "pat_01khvcxd8reves5ybk5kxyw5ae",
    "zeta": "pat_01khvcxd8reves5ybk5kxyw5af",
    "omega": "pat_01khvcxd8reves5ybk5kxyw5ag",
}


def v7(slug: str, title: str, domain: str, rels: dict[str, list[tuple[str, float]]], body: str, **extra) -> str:
    lines = [
        "---",
        f"id: {IDS[slug]}",
        f"slug: {slug}",
        f'title: "{title}"',
        f"aliases: {json.dumps(extra.get('aliases', []))}",
        "summary: >-",
        "  A pattern for tests.",
        "ontology:",
        f"  domain: {domain}",
        "relationships:",
    ]
    for rel in ("generalizes_from", "specializes_to", "enables", "requires", "alternatives", "complementary", "tools"):
        items = rels.get(rel, [])
        if not items:
            lines.append(f"  {rel}: []")
            continue
        lines.append(f"  {rel}:")
        for target, weight in items:
            lines += [f"    - slug: {target}", f"      weight: {weight}"]
    lines += ["graph_garden:", "  last_pruned: 2026-02-19"]
    inferred = extra.get("inferred")
    if inferred:
        lines.append("  inferred_links:")
        for target, rel, conf in inferred:
            lines += [f"    - target: {target}", f"      type: {rel}", f"      confidence: {conf}", '      reason: "x"']
    lines += ["---", "", body]
    return "\n".join(lines) + "\n"


DELTA = f"""---
id: {IDS["delta"]}
slug: delta
title: Delta Pattern
aliases: []
classification:
  domain: ops
generalizes_from:
- {IDS["alpha"]}
specializes_to:
- {IDS["beta"]}
enables: []
requires: []
related: []
---
### 1. Overview

Delta builds on the Alpha Pattern.
"""


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    files = {
        "alpha": v7(
            "alpha",
            "Alpha Pattern",
            "gov",
            {"generalizes_from": [("beta", 0.9)], "requires": [("gamma", 0.7)], "complementary": [("beta", 0.6)]},
            "Alpha text.",
            aliases=["First Thing"],
        ),
        "beta": v7("beta", "Beta Pattern", "gov", {"complementary": [("alpha", 0.6)]}, "Beta text."),
        "gamma": v7("gamma", "Gamma Pattern", "ops", {"requires": [("alpha", 0.5)]}, "Gamma text."),
        "epsilon": v7("epsilon", "Epsilon Pattern", "ops", {"generalizes_from": [("delta", 0.75)]}, "Eps."),
        "zeta": v7(
            "zeta",
            "Zeta Pattern",
            "gov",
            {"enables": [("beta", 0.8)]},
            "Intro line.\n\nHere the first\nthing appears, wrapped.\nAlpha Patterns is not a whole-word match.",
        ),
        "omega": v7("omega", "Omega Pattern", "misc", {}, "Alone.", inferred=[("alpha", "enables", 0.9)]),
    }
    for slug, text in files.items():
        (tmp_path / f"{slug}.md").write_text(text, encoding="utf-8")
    (tmp_path / "delta.md").write_text(DELTA, encoding="utf-8")
    return tmp_path


def _index(folder: Path) -> LibraryIndex:
    index = LibraryIndex(folder, use_cache=False)
    index.build()
    return index


# ---------------------------------------------------------------- inbound and mentions


def test_inbound_covers_both_layouts(lib: Path) -> None:
    index = _index(lib)
    got = {(i.slug, i.type, i.weight) for i in inbound_links(index, "alpha")}
    assert got == {("beta", "complementary", 0.6), ("gamma", "requires", 0.5), ("delta", "generalizes_from", None)}
    delta_in = inbound_links(index, "delta")
    assert [(i.slug, i.type, i.weight) for i in delta_in] == [("epsilon", "generalizes_from", 0.75)]


def test_unlinked_mentions_whole_words_and_lines(lib: Path) -> None:
    index = _index(lib)
    found = unlinked_mentions(index, "alpha")
    # zeta names the alias across a line break; delta names the title but links to alpha; "Alpha Patterns" is no match
    line = (lib / "zeta.md").read_text().splitlines().index("Here the first") + 1
    assert [(u.slug, u.line, u.name) for u in found] == [("zeta", line, "First Thing")]


def test_mention_index_follows_changed_files(lib: Path) -> None:
    index = _index(lib)
    assert [u.slug for u in unlinked_mentions(index, "gamma")] == []
    words = mention_index(index).words
    path = lib / "omega.md"
    path.write_text(path.read_text().replace("Alone.", "Alone, but see GAMMA pattern."), encoding="utf-8")
    index.update_file(path)
    line = path.read_text().splitlines().index("Alone, but see GAMMA pattern.") + 1
    assert [(u.slug, u.line) for u in unlinked_mentions(index, "gamma")] == [("omega", line)]
    assert mention_index(index).words >= words
    path.unlink()
    index.remove_file(path)
    assert unlinked_mentions(index, "gamma") == []


# ---------------------------------------------------------------- suggestions


def test_suggestions_find_reverse_cycles_and_orphans(lib: Path) -> None:
    index = _index(lib)
    found = suggestions(index)
    reverse = {(s.slug, s.rel_type, s.target, s.weight) for s in found if s.kind == "missing-reverse"}
    assert ("beta", "specializes_to", "alpha", 0.9) in reverse
    assert ("alpha", "specializes_to", "delta", 0.8) in reverse  # from a legacy id list, default weight
    assert ("delta", "specializes_to", "epsilon", 0.75) in reverse  # into a legacy file
    assert ("beta", "generalizes_from", "delta", 0.8) in reverse
    assert ("alpha", "enables", "gamma", 0.5) in reverse  # gamma requires alpha
    assert not any(s.slug == "beta" and s.rel_type == "complementary" for s in found)  # already mutual
    cycles = [s for s in found if s.kind == "requires-cycle"]
    assert [s.cycle for s in cycles] == [("alpha", "gamma")]
    orphans = [s for s in found if s.kind == "orphan"]
    assert [(s.slug, s.action, s.rel_type, s.target) for s in orphans] == [("omega", "add", "enables", "alpha")]
    assert {s.kind for s in suggestions(index, "omega")} == {"orphan"}


def _added_only(old: str, new: str) -> list[str]:
    diff = list(difflib.ndiff(old.splitlines(), new.splitlines()))
    assert not [d for d in diff if d.startswith("- ")], "a line was removed or changed"
    return [d[2:] for d in diff if d.startswith("+ ")]


def test_reverse_link_applies_as_added_lines_v7(lib: Path) -> None:
    index = _index(lib)
    (s,) = [s for s in suggestions(index, "beta") if s.slug == "beta" and s.rel_type == "generalizes_from"]
    old, new = suggestion_change(index, s)
    # beta's generalizes_from is `[]`: that one line becomes the list
    changed = [d for d in difflib.ndiff(old.splitlines(), new.splitlines()) if d[0] in "+-"]
    assert changed == [
        "-   generalizes_from: []",
        "+   generalizes_from:",
        "+     - slug: delta",
        "+       weight: 0.8",
    ]
    (s,) = [s for s in suggestions(index, "alpha") if s.slug == "alpha" and s.rel_type == "enables"]
    old = (lib / "alpha.md").read_text()
    text = (lib / "beta.md").read_text().replace("  enables: []", "  enables:\n    - slug: zeta\n      weight: 0.8")
    (lib / "alpha.md").write_text(old.replace("  enables: []", "  enables:\n    - slug: zeta\n      weight: 0.8"))
    index.update_file(lib / "alpha.md")
    old, new = suggestion_change(index, s)
    assert _added_only(old, new) == ["    - slug: gamma", "      weight: 0.5"]
    doc = open_pattern(lib / "alpha.md")
    assert doc.set_text(new) is not None and doc.data["relationships"]["enables"][-1] == {
        "slug": "gamma",
        "weight": 0.5,
    }
    assert text  # beta untouched by this edit


def test_reverse_link_applies_as_an_id_in_a_legacy_list(lib: Path) -> None:
    index = _index(lib)
    (s,) = [s for s in suggestions(index, "delta") if s.slug == "delta"]
    assert (s.rel_type, s.target) == ("specializes_to", "epsilon")
    old, new = suggestion_change(index, s)
    assert _added_only(old, new) == [f"- {IDS['epsilon']}"]
    assert apply_suggestion(new, s, IDS["epsilon"]) == new  # already there: nothing more


def test_review_suggestions_have_no_edit(lib: Path) -> None:
    index = _index(lib)
    (cycle,) = [s for s in suggestions(index) if s.kind == "requires-cycle"]
    with pytest.raises(Exception, match="no edit"):
        apply_suggestion((lib / "alpha.md").read_text(), cycle)


# ---------------------------------------------------------------- overview and layout


def test_overview_counts_domains_and_bundles(lib: Path) -> None:
    view = domain_overview(_index(lib))
    assert view.to_json() == {
        "nodes": [
            {"id": "gov", "count": 3},
            {"id": "ops", "count": 3},
            {"id": "misc", "count": 1},
        ],
        "edges": [{"source": "gov", "target": "ops", "count": 4}],
    }  # alpha→gamma, gamma→alpha, delta(ops)→alpha and →beta (gov); epsilon→delta stays inside ops
    directed = domain_overview(_index(lib), directed=True)
    assert set(directed.edges) == {("gov", "ops", 1), ("ops", "gov", 3)}
    assert domain_overview(_index(lib), inferred=True).to_json()["edges"][-1] == {
        "source": "gov",
        "target": "misc",
        "count": 1,
    }
    assert 'graph "overview"' in to_dot(view)
    svg = ET.fromstring(to_svg(view))
    assert len(svg.findall(".//{http://www.w3.org/2000/svg}circle")) == 3


def test_domain_layout_is_deterministic_and_cached(lib: Path) -> None:
    index = _index(lib)
    pos = domain_layout.domain_layout(index, "gov")
    assert set(pos) == {"alpha", "beta", "zeta"}
    assert domain_layout.domain_layout(index, "gov") == pos
    _key, cached = index.extras["domain_layouts"][("domain", "gov")]
    assert cached == pos
    fresh = _index(lib)
    assert domain_layout.domain_layout(fresh, "gov") == pos  # seeded: the same on every run
    assert len(set(pos.values())) == 3


def test_igraph_layout_separates_a_ring_deterministically() -> None:
    import networkx as nx

    g = nx.cycle_graph(30)
    pos = domain_layout.graph_layout(g, seed=1)
    assert pos == domain_layout.graph_layout(g, seed=1)
    assert pos != domain_layout.graph_layout(g, seed=2)
    closest = min(((pos[a][0] - pos[b][0]) ** 2 + (pos[a][1] - pos[b][1]) ** 2) ** 0.5 for a in g for b in g if a < b)
    assert closest > 0.1


def test_overview_layout_keeps_bubbles_apart(lib: Path) -> None:
    view = domain_overview(_index(lib))
    radii = {"gov": 40.0, "ops": 40.0, "misc": 20.0}
    pos = domain_layout.overview_layout(view, radii=radii)
    assert pos == domain_layout.overview_layout(view, radii=radii)
    (gx, gy), (ox, oy) = pos["gov"], pos["ops"]
    assert ((gx - ox) ** 2 + (gy - oy) ** 2) ** 0.5 >= 80.0
    assert pos["misc"][1] > max(gy, oy)  # linked to nothing: in the row under the picture


# ---------------------------------------------------------------- CLI


def test_cli_links_json(lib: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["links", str(lib), "alpha", "--format", "json", "--no-cache"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"inbound", "unlinked", "suggestions"}
    assert {"slug": "delta", "type": "generalizes_from", "weight": None} in out["inbound"]
    line = (lib / "zeta.md").read_text().splitlines().index("Here the first") + 1
    assert out["unlinked"] == [{"slug": "zeta", "line": line}]
    assert all(set(s) >= {"kind", "message", "path", "rel_type", "target", "weight"} for s in out["suggestions"])
    assert main(["links", str(lib), "nope", "--no-cache"]) == 2


def test_cli_graph_overview_formats(lib: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", str(lib), "--overview", "--no-cache"]) == 0
    assert json.loads(capsys.readouterr().out)["nodes"][0] == {"id": "gov", "count": 3}
    assert main(["graph", str(lib), "--overview", "--format", "svg", "--no-cache"]) == 0
    ET.fromstring(capsys.readouterr().out)
    assert main(["graph", str(lib), "--overview", "--format", "dot", "--no-cache"]) == 0
    assert capsys.readouterr().out.startswith("graph ")
    assert main(["graph", str(lib), "--no-cache"]) == 2  # no SLUG and no --overview
    assert main(["graph", str(lib), "alpha", "--format", "svg", "--no-cache"]) == 2


def test_cli_lint_suggest_keeps_the_exit_code(lib: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plain = main(["lint", str(lib), "--no-cache"])
    capsys.readouterr()
    assert main(["lint", str(lib), "--suggest", "--no-cache"]) == plain
    out = capsys.readouterr().out
    assert "suggestion [requires-cycle]" in out and "suggestion [orphan]" in out


# ---------------------------------------------------------------- bundled library and corpus


@functools.cache
def _yaml_front_matters(folder: Path) -> tuple[dict, ...]:
    """Every file's front matter read with PyYAML alone, once per folder (the corpus takes seconds)."""
    datas = []
    for path in sorted(folder.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text.split("\n---", 1)[0].removeprefix("---\n"))
        if isinstance(data, dict):
            datas.append(data)
    return tuple(datas)


def _independent_inbound(folder: Path, slug: str) -> set[tuple[str, str]]:
    """(source slug, type) of every curated link to ``slug``, read with PyYAML alone."""
    datas = _yaml_front_matters(folder)
    own_id = next(d.get("id") for d in datas if d.get("slug") == slug)
    out = set()
    for d in datas:
        lists = dict((d.get("relationships") or {}).items()) if isinstance(d.get("relationships"), dict) else {}
        if "classification" in d and "relationships" not in d:
            lists = {k: d.get(k) for k in ("generalizes_from", "specializes_to", "enables", "requires", "related")}
        for rel, items in lists.items():
            for item in items or []:
                target = item if isinstance(item, str) else (item.get("slug") or item.get("id"))
                if target in (slug, own_id) and d.get("slug") != slug:
                    out.add((d.get("slug"), rel))
    return out


def test_bundled_library_inbound_matches_pyyaml() -> None:
    folder = ROOT / "patterns"
    index = _index(folder)
    for entry in index:
        assert {(i.slug, i.type) for i in inbound_links(index, entry.slug)} == _independent_inbound(
            folder, entry.slug
        ), entry.slug


@pytest.mark.corpus
def test_corpus_inbound_matches_pyyaml_in_both_layouts(corpus: Path) -> None:
    index = _index(corpus)
    legacy = [e.slug for e in index if e.layout == "legacy" and inbound_links(index, e.slug)][:3]
    v71 = [e.slug for e in index if e.layout == "v7.1" and len(inbound_links(index, e.slug)) > 2][:3]
    assert len(legacy) == 3 and len(v71) == 3
    for slug in legacy + v71:
        assert {(i.slug, i.type) for i in inbound_links(index, slug)} == _independent_inbound(corpus, slug), slug


@pytest.mark.corpus
def test_corpus_suggestions_apply_as_added_lines(corpus: Path, tmp_path: Path) -> None:
    index = _index(corpus)
    adds = [s for s in suggestions(index) if s.action == "add"]
    assert adds
    checked = 0
    for s in adds[::7]:
        old, new = suggestion_change(index, s)
        assert new != old
        diff = [d for d in difflib.ndiff(old.splitlines(), new.splitlines()) if d[0] in "+-"]
        removed = [d for d in diff if d.startswith("- ")]
        assert len(removed) <= 1 and all(d.rstrip().endswith("[]") for d in removed), (s.path, diff)
        checked += 1
    assert checked >= 5
