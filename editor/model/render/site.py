"""A library as a static HTML site: an index page with search, a page per pattern, a page per domain.

    SITE/index.html                 every pattern, a search box (inline JSON index, small inline script)
    SITE/style.css                  the site's and the preview's stylesheet
    SITE/search-index.json          the same index for other tools
    SITE/patterns/<slug>.html       header card, body, relationships, neighbourhood SVG (inline)
    SITE/domains/index.html         every domain
    SITE/domains/<domain>.html      the patterns of one domain

Bodies go through the preview's own pipeline (``page.render_body``, which ends in the nh3
sanitizer) and every value from a file is HTML-escaped. Then every link is made local: a link to
another pattern points at its page (or becomes text when the library lacks it), a link or image
elsewhere becomes text showing its address. So nothing is fetched from anywhere and every
link is relative: the folder works from a USB stick or any static host.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from editor.model.document.storage import atomic_write
from editor.model.library.graph import build_graph, neighbourhood
from editor.model.library.index import Entry, LibraryIndex
from editor.model.library.newpattern import slugify
from editor.model.render.card import render_card
from editor.model.render.page import render_body, stylesheet
from editor.model.render.site_assets import SEARCH_JS, SITE_CSS, neighbourhood_svg, page, relationships_html
from editor.model.schema import open_pattern

esc = html.escape
_HREF = re.compile(r'<a\b([^>]*?)\bhref="([^"]*)"([^>]*)>(.*?)</a>', re.S)
_IMG = re.compile(r"<img\b[^>]*>", re.S)
_ALT = re.compile(r'\balt="([^"]*)"')
_SRC = re.compile(r'\bsrc="([^"]*)"')
NEIGHBOURS = 24  # most strongly linked neighbours drawn around a pattern


@dataclass
class SiteReport:
    out: Path
    patterns: int = 0
    domains: int = 0
    skipped: list[str] = field(default_factory=list)  # files that could not be read (listed on the index page)

    @property
    def pages(self) -> int:
        return self.patterns + self.domains + 2


def domain_file(domain: str | None) -> str:
    return slugify(domain or "none") + ".html"


def local_links(fragment: str, href_of_slug, root: str = "") -> str:
    """Rewrite a rendered body's links and images so nothing points outside the site."""

    def link(m: re.Match) -> str:
        before, href, after, text = m.groups()
        target = html.unescape(href)
        if target.startswith("#"):
            return m.group(0)
        if target.startswith("pattern:"):
            local = href_of_slug(target.split(":", 1)[1])
            if local:
                return f'<a{before}href="{esc(local)}"{after}>{text}</a>'
            return f'<span class="muted">{text}</span>'
        if text.strip() == href or text.strip() == esc(target):
            return f"<span>{text}</span>"
        return f'<span>{text} <span class="muted">({esc(target)})</span></span>'

    def image(m: re.Match) -> str:
        alt = _ALT.search(m.group(0))
        src = _SRC.search(m.group(0))
        label = alt.group(1) if alt and alt.group(1) else (src.group(1) if src else "")
        return f'<span class="muted">[image: {label or "no description"}]</span>'

    return _IMG.sub(image, _HREF.sub(link, fragment))


def export_site(folder: str | Path, out: str | Path, index: LibraryIndex | None = None) -> SiteReport:
    """Write the site for the library in ``folder`` into ``out`` (created; files in it are replaced)."""
    out = Path(out)
    if index is None:
        index = LibraryIndex(folder, use_cache=False)
        index.build()
    (out / "patterns").mkdir(parents=True, exist_ok=True)
    (out / "domains").mkdir(parents=True, exist_ok=True)
    report = SiteReport(out)
    entries = sorted((e for e in index if e.ok), key=lambda e: (e.display_title.lower(), e.slug))
    seen: set[str] = set()
    unique = [e for e in entries if not (e.slug in seen or seen.add(e.slug))]
    slugs = {e.slug for e in unique}
    report.skipped = sorted(e.name for e in index if not e.ok)
    graph = build_graph(index, inferred=False)

    def href_from_pattern(target: str) -> str | None:
        slug = index.resolve(target) or target
        return f"{slug}.html" if slug in slugs else None

    _write(out / "style.css", SITE_CSS + stylesheet("light"))
    for entry in unique:
        _write(out / "patterns" / f"{entry.slug}.html", _pattern_page(entry, graph, href_from_pattern))
        report.patterns += 1
    domains: dict[str, list[Entry]] = {}
    for entry in unique:
        domains.setdefault(entry.domain or "(none)", []).append(entry)
    for name, members in sorted(domains.items()):
        content = f'<h1>Domain: {esc(name)}</h1><p class="muted">{len(members)} patterns</p>' + _list(
            members, "../patterns/"
        )
        _write(out / "domains" / domain_file(name), page(f"Domain: {name}", content, root="../"))
        report.domains += 1
    rows = "".join(
        f'<li><a href="{domain_file(name)}">{esc(name)}</a> <span class="muted">({len(members)})</span></li>'
        for name, members in sorted(domains.items())
    )
    _write(
        out / "domains" / "index.html",
        page("Domains", f'<h1>Domains</h1><ul class="patterns">{rows}</ul>', root="../"),
    )
    search = [
        {
            "slug": e.slug,
            "title": e.display_title,
            "summary": " ".join(e.summary.split()),
            "domain": e.domain or "",
            "keywords": " ".join(e.aliases),
            "href": f"patterns/{e.slug}.html",
        }
        for e in unique
    ]
    blob = json.dumps(search, ensure_ascii=False)
    _write(out / "search-index.json", blob + "\n")
    _write(out / "index.html", _index_page(blob, unique, report))
    return report


def _list(entries: list[Entry], prefix: str) -> str:
    return f'<ul class="patterns">{_items(entries, prefix)}</ul>'


def _items(entries: list[Entry], prefix: str) -> str:
    return "".join(
        f'<li><a href="{prefix}{e.slug}.html">{esc(e.display_title)}</a>'
        f'<span class="summary">{esc(" ".join(e.summary.split()))}</span></li>'
        for e in entries
    )


def _index_page(blob: str, entries: list[Entry], report: SiteReport) -> str:
    safe_blob = blob.replace("</", "<\\/")  # a JSON string may not close the script element
    skipped = f'<p class="muted">Not readable, left out: {esc(", ".join(report.skipped))}</p>' if report.skipped else ""
    content = (
        "<h1>Pattern library</h1>"
        '<p><label for="search">Search</label></p>'
        '<input id="search" type="search" placeholder="Search titles, summaries, domains…" autocomplete="off">'
        '<p id="count" class="muted"></p>'
        f'<ul id="results" class="patterns">{_items(entries, "patterns/")}</ul>'
        f"{skipped}"
        f'<script type="application/json" id="search-index">{safe_blob}</script>'
    )
    return page("Pattern library", content, root="", script=SEARCH_JS)


def _pattern_page(entry: Entry, graph, href_from_pattern) -> str:
    doc = open_pattern(entry.path)
    data = doc.data if isinstance(doc.data, dict) else {}
    card = local_links(render_card(data, theme="light"), href_from_pattern)
    body = local_links(render_body(doc.body, theme="light", base_line=doc.body_line()), href_from_pattern)
    domain = entry.domain or "(none)"
    hood = neighbourhood(graph, entry.slug, depth=1, inferred=False, max_nodes=NEIGHBOURS + 1)
    svg = neighbourhood_svg(hood, entry.slug, href_from_pattern)
    content = (
        f'<p class="muted">Domain: <a href="../domains/{domain_file(domain)}">{esc(domain)}</a></p>'
        f"{card}<article>{body}</article>"
        f"<h2>Relationships</h2>{relationships_html(data, href_from_pattern)}"
        f'<h2>Neighbourhood</h2><figure class="graph">{svg}'
        f'<figcaption class="muted">{esc(entry.display_title)} and the patterns it links with '
        "(green enables, red requires, blue complementary, purple generalizes/specializes, amber alternatives)."
        "</figcaption></figure>"
    )
    return page(entry.display_title, content, root="../")


def _write(path: Path, text: str) -> None:
    atomic_write(path, text.encode("utf-8"))
