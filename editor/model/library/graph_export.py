"""The relationship graph written out: JSON for scripts, DOT for Graphviz (pattern-cli graph)."""

from __future__ import annotations

import json
from typing import Any

import networkx as nx


def to_json(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """``{"nodes": [{slug, title, exists, ...}], "edges": [{source, target, type, weight, inferred}]}``."""
    nodes = []
    for node in sorted(graph):
        data = graph.nodes[node]
        row = {"slug": node, "title": data.get("title") or "", "exists": bool(data.get("exists", True))}
        for key in ("depth", "domain", "status", "overall"):
            if data.get(key) is not None:
                row[key] = data[key]
        nodes.append(row)
    edges = [
        {
            "source": u,
            "target": v,
            "type": d.get("type"),
            "weight": d.get("weight"),
            "inferred": bool(d.get("inferred")),
        }
        for u, v, _, d in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))
    ]
    out: dict[str, Any] = {}
    if "center" in graph.graph:
        out["center"] = graph.graph["center"]
    out["nodes"] = nodes
    out["edges"] = edges
    return out


def _dot_id(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid DOT quoted ID


def to_dot(graph: nx.MultiDiGraph, name: str = "patterns") -> str:
    """Graphviz DOT text: ghosts dashed grey, inferred links dashed, the centre (if any) bold."""
    center = graph.graph.get("center")
    lines = [f"digraph {_dot_id(name)} {{", "  node [shape=box, style=rounded];"]
    for node in sorted(graph):
        data = graph.nodes[node]
        attrs = [f"label={_dot_id(data.get('title') or node)}"]
        if not data.get("exists", True):
            attrs.append('style="rounded,dashed"')
            attrs.append('color="gray"')
        elif node == center:
            attrs.append('style="rounded,bold"')
        lines.append(f"  {_dot_id(node)} [{', '.join(attrs)}];")
    for u, v, _, d in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        # dot wants integer `weight`s, so the link's weight travels as `rel_weight` and a pen width
        attrs = [
            f"label={_dot_id(d.get('type') or '')}",
            f"rel_type={_dot_id(d.get('type') or '')}",
            f"inferred={'true' if d.get('inferred') else 'false'}",
        ]
        if d.get("weight") is not None:
            attrs.append(f"rel_weight={d['weight']:g}")
            attrs.append(f"penwidth={0.5 + 2 * d['weight']:.2f}")
        if d.get("inferred"):
            attrs.append("style=dashed")
        lines.append(f"  {_dot_id(u)} -> {_dot_id(v)} [{', '.join(attrs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
