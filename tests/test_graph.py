"""Graph contents, ghosts, inferred links, neighbourhoods, layouts, exports, CLI."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from editor.cli import main
from editor.model.library import graph, graph_export
from editor.model.library.index import LibraryIndex

from .conftest import SAMPLES
from .test_library import bump, pattern_text, write_pattern


@pytest.fixture
def chain(tmp_path: Path) -> LibraryIndex:
    """a -> b -> c -> d (enables), e -> b (requires), b ~> x inferred, c -> ghost."""
    write_pattern(tmp_path, "a", title="Alpha", rels={"enables": [("b", 0.9)]})
    write_pattern(tmp_path, "b", title="Beta", rels={"enables": [("c", 0.7)]}, inferred=(("complementary", "x"),))
    write_pattern(tmp_path, "c", title="Gamma", rels={"enables": [("d", 0.6)], "requires": ["ghost"]})
    write_pattern(tmp_path, "d", title="Delta")
    write_pattern(tmp_path, "e", title="Epsilon", rels={"requires": [("b", 0.5)]})
    write_pattern(tmp_path, "x", title="Ex")
    index = LibraryIndex(tmp_path, use_cache=False)
    index.build()
    return index


def edge_set(g) -> set[tuple]:
    return {(u, v, d["type"], d["weight"], d["inferred"]) for u, v, d in g.edges(data=True)}


def test_sample_library_graph_matches_the_index(tmp_path: Path) -> None:
    index = LibraryIndex(SAMPLES, cache_dir=tmp_path)
    index.build()
    g = graph.build_graph(index)
    assert sorted(g) == sorted(e.slug for e in index)
    assert all(g.nodes[n]["exists"] for n in g)
    seed = g.nodes["restorative-practices-helpers"]
    assert seed["title"] == "Restorative Practices for Helpers" and seed["overall"] == 3.6
    assert seed["domain"] == "feedback-learning" and "trauma-informed-practice" in seed["communities"]
    expected = {(e.slug, t, k, w, False) for e in index for k, t, w in e.relationships}
    expected |= {(e.slug, t, k, w, True) for e in index for k, t, w in e.inferred}
    assert edge_set(g) == expected
    assert g.has_edge("restorative-practices-helpers", "active-listening-depth", key="enables")
    assert g.has_edge("restorative-practices-helpers", "active-listening-depth", key="inferred:enables")


def test_ghost_nodes_and_the_inferred_flag(chain: LibraryIndex) -> None:
    g = graph.build_graph(chain)
    assert g.nodes["ghost"]["exists"] is False and g.nodes["ghost"]["title"] == ""
    assert g.nodes["a"]["exists"] is True
    assert edge_set(g) == {
        ("a", "b", "enables", 0.9, False),
        ("b", "c", "enables", 0.7, False),
        ("b", "x", "complementary", 0.7, True),
        ("c", "d", "enables", 0.6, False),
        ("c", "ghost", "requires", 0.8, False),
        ("e", "b", "requires", 0.5, False),
    }
    hard = graph.build_graph(chain, inferred=False)
    assert not any(d["inferred"] for _, _, d in hard.edges(data=True)) and hard.number_of_edges() == 5


@pytest.mark.parametrize("inferred", [True, False])
def test_fast_build_equals_the_public_api_build(chain: LibraryIndex, inferred: bool) -> None:
    import networkx as nx

    fast = graph.build_graph(chain, inferred)
    assert nx.utils.graphs_equal(fast, graph._build_graph_public(chain, inferred))
    assert list(fast.edges(keys=True)) == list(graph._build_graph_public(chain, inferred).edges(keys=True))
    fast.add_edge("d", "a", key="enables", type="enables", weight=1.0, inferred=False)  # still a normal graph
    assert fast.has_edge("d", "a") and "d" in fast.predecessors("a")


def test_legacy_id_links_point_at_the_slug(tmp_path: Path) -> None:
    write_pattern(tmp_path, "target", pid="pat_0123456789abcdefghjkmnpqrs")
    (tmp_path / "old.md").write_text(
        "---\nid: pat_1234567890abcdefghjkmnpqrs\nslug: old\ntitle: Old\n"
        "classification:\n  domain: ops\nrelated:\n- pat_0123456789abcdefghjkmnpqrs\n"
        "- pat_zzzzzzzzzzzzzzzzzzzzzzzzzz\n---\n",
        encoding="utf-8",
    )
    index = LibraryIndex(tmp_path, use_cache=False)
    index.build()
    g = graph.build_graph(index)
    assert g.has_edge("old", "target", key="related")
    assert g.nodes["pat_zzzzzzzzzzzzzzzzzzzzzzzzzz"]["exists"] is False


@pytest.mark.parametrize("source", ["graph", "index"])
def test_neighbourhood_depth_one_and_two(chain: LibraryIndex, source: str) -> None:
    src = graph.build_graph(chain) if source == "graph" else chain
    one = graph.neighbourhood(src, "b", 1)
    assert sorted(one) == ["a", "b", "c", "e", "x"]  # incoming a, e; outgoing c; inferred x
    assert one.graph["center"] == "b" and one.nodes["b"]["depth"] == 0 and one.nodes["c"]["depth"] == 1
    assert ("b", "x", "complementary", 0.7, True) in edge_set(one)
    two = graph.neighbourhood(src, "b", 2)
    assert sorted(two) == ["a", "b", "c", "d", "e", "ghost", "x"]
    assert two.nodes["ghost"]["exists"] is False and two.nodes["d"]["depth"] == 2
    assert ("c", "d", "enables", 0.6, False) in edge_set(two)
    hard = graph.neighbourhood(src, "b", 1, inferred=False)
    assert sorted(hard) == ["a", "b", "c", "e"] and not any(d["inferred"] for *_, d in hard.edges(data=True))
    capped = graph.neighbourhood(src, "b", 2, max_nodes=3)
    assert sorted(capped) == ["a", "b", "c"]  # nearest first, then the strongest links (0.9, 0.7)


@pytest.mark.corpus
def test_neighbourhood_from_graph_and_index_agree_on_the_corpus(corpus: Path, tmp_path: Path) -> None:
    index = LibraryIndex(corpus, cache_dir=tmp_path)
    index.build()
    g = graph.library_graph(index)
    import networkx as nx

    assert nx.utils.graphs_equal(g, graph._build_graph_public(index))
    for slug in sorted(e.slug for e in index)[::25]:
        for depth in (1, 2):
            a = graph.neighbourhood(g, slug, depth, max_nodes=60)
            b = graph.neighbourhood(index, slug, depth, max_nodes=60)
            assert sorted(a) == sorted(b) and edge_set(a) == edge_set(b), slug


def boxes(g, pos: dict) -> list[tuple[float, float, float, float]]:
    out = []
    for node, (x, y) in pos.items():
        w, h = graph.label_size(graph.label_text(g, node))
        out.append((x - w / 2, y - h / 2, x + w / 2, y + h / 2))
    return out


def overlapping(rects: list[tuple[float, float, float, float]]) -> int:
    return sum(
        1
        for i, a in enumerate(rects)
        for b in rects[i + 1 :]
        if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
    )


def test_layout_is_deterministic_centred_and_without_overlaps(tmp_path: Path) -> None:
    spokes = [f"spoke-{i:02d}" for i in range(59)]
    write_pattern(tmp_path, "hub", title="The Hub", rels={"enables": spokes[:30], "complementary": spokes[30:50]})
    for i, slug in enumerate(spokes):
        long_title = f"A Rather Long Pattern Title Number {i}" if i % 3 else f"Short {i}"
        rels = {"requires": ["hub"]} if i >= 50 else {"enables": [spokes[(i + 1) % 59]]}
        write_pattern(tmp_path, slug, title=long_title, rels=rels)
    index = LibraryIndex(tmp_path, use_cache=False)
    index.build()
    sub = graph.neighbourhood(index, "hub", 2, max_nodes=60)
    assert len(sub) == 60
    pos = graph.layout(sub, "hub")
    assert pos["hub"] == (0.0, 0.0) and set(pos) == set(sub)
    assert overlapping(boxes(sub, pos)) == 0
    assert graph.layout(graph.neighbourhood(index, "hub", 2, max_nodes=60), "hub") == pos
    small = graph.neighbourhood(index, "spoke-07", 1)
    spos = graph.layout(small)
    assert spos["spoke-07"] == (0.0, 0.0) and overlapping(boxes(small, spos)) == 0


def test_layout_of_the_sample_library_neighbourhoods(tmp_path: Path) -> None:
    index = LibraryIndex(SAMPLES, cache_dir=tmp_path)
    index.build()
    for entry in index:
        for depth in (1, 2):
            sub = graph.neighbourhood(index, entry.slug, depth)
            pos = graph.layout(sub, entry.slug)
            assert overlapping(boxes(sub, pos)) == 0
            ring = [math.hypot(*pos[n]) for n in sub if sub.nodes[n]["depth"] == 1]
            assert min(ring) > 0
    with pytest.raises(KeyError):
        graph.layout(graph.neighbourhood(index, "peer-support-circles"), "not-there")


def test_library_layout_is_deterministic_and_clustered(chain: LibraryIndex) -> None:
    g = graph.build_graph(chain)
    pos, clusters = graph.cluster_layout(g)
    assert set(pos) == set(g) and graph.library_layout(g) == pos
    assert set(clusters) == {"testing", graph.GHOST_DOMAIN}
    for (ax, ay, ar), (bx, by, br) in [(clusters["testing"], clusters[graph.GHOST_DOMAIN])]:
        assert math.hypot(ax - bx, ay - by) >= ar + br - 1e-6  # discs do not overlap
    assert len(set(pos.values())) == len(pos)


def test_library_graph_follows_the_index(chain: LibraryIndex) -> None:
    g = graph.library_graph(chain)
    assert graph.library_graph(chain) is g
    folder = chain.folder
    bump(folder / "d.md", pattern_text("d", "Delta", rels={"enables": ["a"]}))
    chain.update_file(folder / "d.md")
    g2 = graph.library_graph(chain)
    assert g2 is g and g.has_edge("d", "a", key="enables")
    bump(folder / "c.md", pattern_text("c", "Gamma"))  # drops c -> d and c -> ghost
    chain.update_file(folder / "c.md")
    g = graph.library_graph(chain)
    assert not g.has_edge("c", "d") and "ghost" not in g
    write_pattern(folder, "ghost", title="Now Real")
    chain.refresh()
    g3 = graph.library_graph(chain)
    assert g3.nodes["ghost"]["exists"] is True and g3.nodes["ghost"]["title"] == "Now Real"
    assert edge_set(g3) == edge_set(graph.build_graph(chain))


def test_json_and_dot_exports(chain: LibraryIndex) -> None:
    sub = graph.neighbourhood(chain, "c", 1)
    data = graph_export.to_json(sub)
    assert data["center"] == "c"
    assert [n["slug"] for n in data["nodes"]] == ["b", "c", "d", "ghost"]
    assert data["nodes"][3] == {"slug": "ghost", "title": "", "exists": False, "depth": 1}
    assert {"source": "c", "target": "ghost", "type": "requires", "weight": 0.8, "inferred": False} in data["edges"]
    dot = graph_export.to_dot(sub, "c")
    assert dot.startswith('digraph "c" {') and dot.rstrip().endswith("}")
    assert '"ghost" [label="ghost", style="rounded,dashed", color="gray"];' in dot
    assert '"c" -> "d" [label="enables", rel_type="enables", inferred=false, rel_weight=0.6, penwidth=1.70];' in dot


def test_cli_graph(capsys, chain: LibraryIndex) -> None:
    folder = str(chain.folder)
    assert main(["graph", folder, "b", "--depth", "2", "--no-cache", "--layout"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {n["slug"] for n in data["nodes"]} == {"a", "b", "c", "d", "e", "ghost", "x"}
    assert all("x" in n and "y" in n for n in data["nodes"])
    assert main(["graph", folder, "b", "--format", "dot", "--no-inferred", "--no-cache"]) == 0
    assert '"b" -> "x"' not in capsys.readouterr().out
    assert main(["graph", folder, "ghost", "--no-cache"]) == 0  # a dangling target still has a neighbourhood
    capsys.readouterr()
    assert main(["graph", folder, "nobody", "--no-cache"]) == 2
    assert "no pattern 'nobody'" in capsys.readouterr().err
    assert main(["graph", folder, "b", "--depth", "0", "--no-cache"]) == 2
