"""The open document's links as they are now, merged into a neighbourhood built from the index.

The index knows each file as last saved; the mini graph follows unsaved edits, so the centre's
outgoing links are replaced by those the document holds, and nodes that only hung on dropped
links go.
"""

from __future__ import annotations

from typing import NamedTuple

import networkx as nx

from editor.model import schema
from editor.model.library.index import LibraryIndex
from editor.model.schema.scorecard import overall_score


class LiveLink(NamedTuple):
    target: str  # as written: a slug, or a legacy pat_ id
    type: str | None
    weight: float | None  # relationship weight, or an inferred link's confidence
    inferred: bool


def live_links(data: dict, inferred: bool) -> list[LiveLink]:
    """The relationships the document holds now, then (when ``inferred``) the graph garden's proposals."""
    links = [
        LiveLink(target, kind, schema.entry_weight(entry), False)
        for _keys, kind, entries in schema.relation_lists(data)
        for entry in entries
        if (target := schema.entry_target(entry))
    ]
    garden = data.get("graph_garden")
    proposals = garden.get("inferred_links") if inferred and isinstance(garden, dict) else None
    for link in proposals if isinstance(proposals, list) else ():
        if isinstance(link, dict) and isinstance(link.get("target"), str):
            confidence = link.get("confidence")
            links.append(
                LiveLink(
                    link["target"], link.get("type"), confidence if isinstance(confidence, (int, float)) else None, True
                )
            )
    return links


def merge_live_links(
    graph: nx.MultiDiGraph, slug: str, data: dict, index: LibraryIndex | None, inferred: bool
) -> nx.MultiDiGraph:
    """Replace the centre's outgoing links (as last saved) with those the document holds now."""
    if slug not in graph:
        graph.add_node(slug, title=data.get("title") or slug, exists=True, depth=0, overall=overall_score(data))
    graph.nodes[slug]["title"] = str(data.get("title") or slug)
    graph.remove_edges_from(list(graph.out_edges(slug, keys=True)))
    for link in live_links(data, inferred):
        node = _add_target(graph, index, link.target)
        key = f"inferred:{link.type}" if link.inferred else (link.type or "untyped")
        graph.add_edge(slug, node, key=key, type=link.type, weight=link.weight, inferred=link.inferred)
    _prune(graph, slug)
    return graph


def _add_target(graph: nx.MultiDiGraph, index: LibraryIndex | None, target: str) -> str:
    """The node a link target names (its slug when the index resolves it), added as a first-ring node if new."""
    resolved = index.resolve(target) if index is not None else None
    node = resolved or target
    if node not in graph:
        entry = index.get(node) if index is not None and resolved else None
        graph.add_node(
            node,
            title=(entry.title if entry else ""),
            exists=entry is not None,
            depth=1,
            overall=entry.overall if entry else None,
        )
    return node


def _prune(graph: nx.MultiDiGraph, slug: str) -> None:
    """Drop first-ring nodes that only hung on links the document no longer has, then whatever is cut off."""
    for node in [n for n, d in graph.nodes(data=True) if d.get("depth") == 1 and n != slug]:
        if not graph.has_edge(slug, node) and not graph.has_edge(node, slug):
            graph.remove_node(node)
    reachable = nx.node_connected_component(graph.to_undirected(as_view=True), slug)
    graph.remove_nodes_from([n for n in list(graph) if n not in reachable])
