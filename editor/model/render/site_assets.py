"""The static site's fixed pieces: its stylesheet, the search script, the page frame, the
relationship list and the neighbourhood SVG. Everything is inline or relative: a site works from
a USB stick, with no network (no fonts, scripts or images from elsewhere)."""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from typing import Any

import networkx as nx

from editor.model.schema import entry_target, entry_weight, relation_lists

SITE_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1f2328;
  background: #fff; line-height: 1.5; }
header.site { background: #f6f8fa; border-bottom: 1px solid #d0d7de; padding: 0.6em 1.5em; }
header.site a { margin-right: 1em; }
main { max-width: 52em; margin: 0 auto; padding: 1em 1.5em 3em; }
a { color: #0550ae; }
.muted { color: #59636e; }
ul.patterns { list-style: none; padding: 0; }
ul.patterns li { margin: 0.6em 0; }
ul.patterns .summary { display: block; color: #59636e; font-size: 0.92em; }
#search { width: 100%; font-size: 1.05em; padding: 0.45em; box-sizing: border-box; }
.relations dt { font-weight: 600; margin-top: 0.5em; }
.relations dd { margin-left: 1.2em; }
figure.graph { margin: 1.5em 0; }
figure.graph svg { max-width: 100%; height: auto; border: 1px solid #d0d7de; border-radius: 6px; }
table { border-collapse: collapse; }
"""

SEARCH_JS = """
(function () {
  var data = JSON.parse(document.getElementById('search-index').textContent);
  var box = document.getElementById('search');
  var list = document.getElementById('results');
  var count = document.getElementById('count');
  function show(query) {
    var words = query.toLowerCase().split(/\\s+/).filter(Boolean);
    list.textContent = '';
    var shown = 0;
    data.forEach(function (p) {
      var hay = (p.title + ' ' + p.slug + ' ' + p.summary + ' ' + p.domain + ' ' + p.keywords).toLowerCase();
      if (!words.every(function (w) { return hay.indexOf(w) >= 0; })) { return; }
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = p.href;
      a.textContent = p.title;
      li.appendChild(a);
      var s = document.createElement('span');
      s.className = 'summary';
      s.textContent = p.summary;
      li.appendChild(s);
      list.appendChild(li);
      shown += 1;
    });
    count.textContent = shown + ' of ' + data.length + ' patterns';
  }
  box.addEventListener('input', function () { show(box.value); });
  show(box.value);
})();
"""

TYPE_LABELS = {
    "generalizes_from": "Generalizes from",
    "specializes_to": "Specializes to",
    "enables": "Enables",
    "requires": "Requires",
    "alternatives": "Alternatives",
    "complementary": "Complementary",
    "tools": "Tools",
    "related": "Related",
}
TYPE_COLOURS = {
    "generalizes_from": "#8250df",
    "specializes_to": "#8250df",
    "enables": "#1a7f37",
    "requires": "#cf222e",
    "alternatives": "#9a6700",
    "complementary": "#0969da",
    "tools": "#59636e",
}

esc = html.escape


def page(title: str, content: str, *, root: str, script: str = "") -> str:
    """A whole HTML page; ``root`` is the relative path to the site's top ("" or "../")."""
    nav = (
        f'<header class="site"><a href="{root}index.html">All patterns</a>'
        f'<a href="{root}domains/index.html">Domains</a></header>'
    )
    tail = f"<script>{script}</script>" if script else ""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<link rel="stylesheet" href="{root}style.css"></head>'
        f"<body>{nav}<main>{content}</main>{tail}</body></html>\n"
    )


def relationships_html(data: Any, href: Callable[[str], str | None] | None) -> str:
    """The hard relationships as a definition list; ``href(target)`` gives a link or None (not in the
    site); without ``href`` (paper) every target is plain text."""
    rows = []
    for _keys, kind, items in relation_lists(data):
        entries = []
        for item in items:
            target = entry_target(item)
            if not target:
                continue
            weight = entry_weight(item)
            link = href(target) if href is not None else None
            if link:
                name = f'<a href="{esc(link)}">{esc(target)}</a>'
            elif href is None:
                name = esc(target)
            else:
                name = f'{esc(target)} <span class="muted">(not in this library)</span>'

            extra = f' <span class="muted">weight {weight:g}</span>' if isinstance(weight, (int, float)) else ""
            entries.append(f"<dd>{name}{extra}</dd>")
        if entries:
            rows.append(f"<dt>{esc(TYPE_LABELS.get(kind, kind))}</dt>" + "".join(entries))
    if not rows:
        return '<p class="muted">No relationships.</p>'
    return '<dl class="relations">' + "".join(rows) + "</dl>"


def neighbourhood_svg(graph: nx.MultiDiGraph, center: str, href: Callable[[str], str | None], size: int = 520) -> str:
    """The pattern and its direct neighbours: the centre in the middle, the others on a circle in slug order."""
    others = sorted(n for n in graph if n != center)
    mid = size / 2
    radius = size / 2 - 90 if others else 0
    pos = {center: (mid, mid)}
    for i, node in enumerate(others):
        angle = -math.pi / 2 + 2 * math.pi * i / len(others)
        pos[node] = (mid + radius * math.cos(angle), mid + radius * math.sin(angle))
    parts = [
        f'<svg viewBox="0 0 {size} {size}" width="{size}" height="{size}" '
        f'role="img" aria-label="Neighbourhood of {esc(center)}">',
        f'<rect width="{size}" height="{size}" fill="#ffffff"/>',
    ]
    for u, v, data in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1], str(e[2].get("type")))):
        (x1, y1), (x2, y2) = pos[u], pos[v]
        colour = TYPE_COLOURS.get(data.get("type") or "", "#8c959f")
        dash = ' stroke-dasharray="4 3"' if data.get("inferred") else ""
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
            f'stroke-width="1.5" opacity="0.75"{dash}>'
            f"<title>{esc(u)} {esc(str(data.get('type')))} {esc(v)}</title></line>"
        )
    for node in [center, *others]:
        x, y = pos[node]
        attrs = graph.nodes[node]
        label = str(attrs.get("title") or node)
        label = label if len(label) <= 28 else label[:27] + "…"
        exists = attrs.get("exists", True)
        fill = "#0969da" if node == center else ("#ffffff" if exists else "#f6f8fa")
        stroke = "#0969da" if exists else "#8c959f"
        r = 9 if node == center else 6
        circle = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{fill}" stroke="{stroke}" stroke-width="2"/>'
        anchor = "middle" if abs(x - mid) < 40 else ("start" if x > mid else "end")
        dx = 0 if anchor == "middle" else (12 if anchor == "start" else -12)
        dy = -14 if node == center or (anchor == "middle" and y < mid) else (20 if anchor == "middle" else 4)
        text = (
            f'<text x="{x + dx:.1f}" y="{y + dy:.1f}" text-anchor="{anchor}" font-size="12" '
            f'font-family="sans-serif" fill="{"#1f2328" if exists else "#8c959f"}">{esc(label)}</text>'
        )
        link = href(node) if node != center else None
        if link:
            parts.append(f'<a href="{esc(link)}"><title>{esc(node)}</title>{circle}{text}</a>')
        else:
            parts.append(f"<g><title>{esc(node)}</title>{circle}{text}</g>")
    parts.append("</svg>")
    return "".join(parts)
