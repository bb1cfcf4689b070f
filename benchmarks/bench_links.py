"""Issue 13's targets on the model side: the domain overview at 3,600 patterns, the
igraph layout of a 300-pattern domain, and one pattern's unlinked mentions over 10,000 bodies (warm).

Baselines, measured in the same run: for the overview, building the whole-library networkx graph
(what the GUI draws from today); for the layout, the existing deterministic cluster layout of the
same 300 nodes; for mentions, a plain case-insensitive regex over every body held in memory.
"""

from __future__ import annotations

import re
import tempfile
import time
from pathlib import Path

from common import CORPUS, Report, best
from synth import generate

from editor.model.library import graph
from editor.model.library.backlinks import names_of, unlinked_mentions
from editor.model.library.domain_layout import domain_graph, graph_layout
from editor.model.library.index import LibraryIndex
from editor.model.library.mentions import mention_index
from editor.model.library.overview import domain_overview
from editor.model.library.suggestions import suggestions
from editor.ui.links.data import pattern_links  # plain Python: the Links panel's worker job

MID, LARGE, DOMAIN_NODES = 3_600, 10_000, 300
MENTION_SLUG = "anomaly-response"  # title and three aliases: the most candidates among the corpus' names


def _overview(report: Report, folder: Path) -> None:
    index = LibraryIndex(folder, use_cache=False)
    index.build()
    took = best(lambda: domain_overview(index), repeat=5)
    base = best(lambda: graph.build_graph(index), repeat=3)
    view = domain_overview(index)
    report.line(
        f"overview {len(index):,} patterns ({len(view.nodes)} domains, {len(view.edges)} bundles)",
        took,
        base,
        "(target < 1 s incl. paint)",
        against="build_graph",
    )
    largest = view.nodes[0][0]
    g = domain_graph(index, largest)
    sub = g.subgraph(sorted(g)[:DOMAIN_NODES]).copy()
    took = best(lambda: graph_layout(sub, seed=0), repeat=3)
    wrapped = graph.nx.MultiDiGraph(sub)
    for node in wrapped:
        wrapped.nodes[node]["domain"] = largest
    base = best(lambda: graph.cluster_layout(wrapped), repeat=3)
    report.line(
        f"igraph FR layout {len(sub)} nodes, {sub.number_of_edges()} edges",
        took,
        base,
        "(target < 1 s incl. paint)",
        against="cluster_layout",
    )


def _mentions(report: Report, folder: Path) -> None:
    index = LibraryIndex(folder, use_cache=False)
    index.build()
    start = time.perf_counter()
    mentions = mention_index(index)
    mentions.refresh()
    cold = time.perf_counter() - start
    report.value(f"mention index build ({mentions.files:,} bodies, {mentions.words:,} words)", f"{cold:.2f} s")
    slug = MENTION_SLUG if index.has_slug(MENTION_SLUG) else index.entries[0].slug
    found = unlinked_mentions(index, slug)
    took = best(lambda: unlinked_mentions(index, slug), repeat=5)
    bodies = [Path(e.path).read_text(encoding="utf-8") for e in index]
    regex = re.compile("|".join(rf"\b{re.escape(n)}\b" for n in names_of(index, slug)), re.IGNORECASE)
    base = best(lambda: [b for b in bodies if regex.search(b)], repeat=3)
    report.line(
        f"unlinked mentions of {slug} ({len(found)} found), warm",
        took,
        base,
        "(target < 200 ms)",
        against="regex scan",
    )
    every = suggestions(index)
    warm = best(lambda: pattern_links(index, slug, 0, every, True), repeat=5)
    cold = best(lambda: pattern_links(index, slug, 0, None, True), repeat=2)
    report.line(
        f"links panel refresh of {slug}, warm (inbound, mentions, suggestions)",
        warm,
        cold,
        "(off the GUI thread)",
        against="library suggestions recomputed",
    )


def run(report: Report) -> None:
    if not CORPUS.is_dir():
        report.value("links benchmarks", "skipped", "(../shared/corpus/patterns not found)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        mid, big = Path(tmp) / "mid", Path(tmp) / "large"
        generate(mid, MID)
        report.section(f"Links and overview: synthetic {MID:,}")
        _overview(report, mid)
        generate(big, LARGE)
        report.section(f"Unlinked mentions: synthetic {LARGE:,}")
        _mentions(report, big)
