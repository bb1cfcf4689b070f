"""Markdown → HTML for the preview: callouts, tables, code, links, safety, scroll anchors, the card."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from editor.model.document.document import Document
from editor.model.render import page as render
from editor.model.render.card import PALETTES
from editor.model.render.page import (
    anchor_for_line,
    block_lines,
    render_body,
    render_card,
    render_pattern,
    stylesheet,
)
from editor.model.schema import open_pattern

from .conftest import SAMPLES

SEED = SAMPLES / "restorative-practices-helpers.md"
PRIVATE = re.compile("[\ue000-\ue003]|wzxhzdk")


def anchors(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<a name="L(\d+)"', html)]


# ---------------------------------------------------------------- callouts


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_callout_has_title_colours_and_content(theme: str) -> None:
    html = render_body("> [!NOTE] Confidence Rating: ★★☆ (Medium)\n> Drawn from **two** sources.\n", theme=theme)
    accent, tint = PALETTES[theme].callouts["NOTE"]
    assert 'class="callout callout-note"' in html
    assert f'bgcolor="{accent}"' in html and f'bgcolor="{tint}"' in html
    assert "Confidence Rating: ★★☆ (Medium)</p>" in html
    assert "<strong>two</strong>" in html
    assert "<blockquote" not in html and "[!NOTE]" not in html


@pytest.mark.parametrize(
    ("marker", "kind", "title"),
    [
        ("TIP", "tip", "Tip"),
        ("IMPORTANT", "important", "Important"),
        ("WARNING", "warning", "Warning"),
        ("CAUTION", "caution", "Caution"),
        ("note", "note", "Note"),
        ("DANGER", "caution", "Danger"),
    ],
)
def test_every_callout_kind_gets_its_colour_and_a_default_title(marker: str, kind: str, title: str) -> None:
    html = render_body(f"> [!{marker}]\n> Body text.\n")
    accent, _ = PALETTES["light"].callouts[kind.upper()]
    assert f"callout-{kind}" in html and f"color:{accent}" in html  # nh3 writes styles without spaces
    assert f">{title}</p>" in html and "Body text." in html


def test_callout_without_quote_markers_is_still_a_callout() -> None:
    html = render_body("[!NOTE] Confidence Rating: ★★★ (High)\nThe explanation.\n")
    assert "callout-note" in html and "The explanation." in html


def test_callout_content_keeps_markdown_blocks() -> None:
    html = render_body("> [!TIP] Steps\n>\n> - one\n> - two\n>\n> Done.\n")
    assert "<ul>" in html and "<li>one</li>" in html and "<p>Done.</p>" in html


def test_plain_quote_becomes_a_barred_box() -> None:
    html = render_body("> **The core conflict is A vs. B.**\n")
    assert 'class="quote"' in html and "<strong>The core conflict is A vs. B.</strong>" in html
    assert "<blockquote" not in html


# ---------------------------------------------------------------- blocks


def test_tables_get_the_stylesheet_class_and_alignment_attributes() -> None:
    html = render_body("| State | Count |\n| :--- | ---: |\n| **Open** | 3 |\n")
    assert '<table cellspacing="0" class="md">' in html
    assert '<th align="left">' in html and '<td align="right">3</td>' in html
    assert "text-align" not in html  # Qt lets an inline style on a cell replace the stylesheet borders


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_fenced_code_is_highlighted_with_inline_styles(theme: str) -> None:
    html = render_body("```python\ndef f(x):\n    return x  # done\n```\n", theme=theme)
    assert 'class="code"' in html and f'bgcolor="{PALETTES[theme].card}"' in html
    pre = html[html.index("<pre>") : html.index("</pre>")]
    assert '<span style="color:' in pre and "class=" not in pre
    assert "def" in pre and "# done" in pre


def test_themes_highlight_differently() -> None:
    code = "```python\nimport os\n```\n"
    assert render_body(code, theme="light") != render_body(code, theme="dark")


def test_unknown_language_and_indented_code_are_plain_boxes() -> None:
    html = render_body("```nosuchlang\na < b\n```\n\n    indented <code>\n")
    assert html.count('class="code"') == 2
    assert "a &lt; b" in html and "indented &lt;code&gt;" in html


def test_mermaid_is_a_labelled_code_block() -> None:
    html = render_body("```mermaid\ngraph TD; A-->B\n```\n")
    assert "Mermaid diagram" in html and "graph TD; A--&gt;B" in html
    assert "<span style" not in html


def test_footnotes_link_both_ways() -> None:
    html = render_body("Claim.[^1]\n\n[^1]: The source.\n")
    assert 'href="#fn:1"' in html and 'id="fn:1"' in html and 'href="#fnref:1"' in html
    assert "The source." in html


def test_lists_tasks_strikethrough_rules_and_inline_markup() -> None:
    html = render_body("- [x] done\n- [ ] todo\n\n~~old~~ **bold** *it* `code`\n\n---\n\n1. a\n2. b\n")
    assert "☑ done" in html and "☐ todo" in html and "<input" not in html
    assert "<del>old</del>" in html and "<strong>bold</strong>" in html and "<em>it</em>" in html
    assert "<code>code</code>" in html and "<hr" in html and "<ol>" in html


def test_second_frontmatter_in_the_body_is_a_labelled_block() -> None:
    body = "\n---\nid: pat_x\nslug: old\ntags:\n  domain: x\n---\n\n# Title\n"
    html = render_body(body)
    assert "older frontmatter block" in html and "slug" in html
    assert "<h2" not in html  # not a setext heading made of keys


# ---------------------------------------------------------------- links, images, raw HTML


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("other-slug.md", "pattern:other-slug"),
        ("../_patterns/other.md", "pattern:other"),
        ("other-slug", "pattern:other-slug"),
        ("./peer-support-circles.md#known-uses", "pattern:peer-support-circles"),
        ("/patterns/other-slug/", "pattern:other-slug"),
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("http://example.org", "http://example.org"),
        ("mailto:someone@example.org", "mailto:someone@example.org"),
        ("#section", "#section"),
        ("docs/diagram.pdf", "docs/diagram.pdf"),
    ],
)
def test_links(href: str, expected: str) -> None:
    html = render_body(f"See [it]({href}).\n")
    assert f'<a href="{expected}">it</a>' in html


@pytest.mark.parametrize("href", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "vbscript:x"])
def test_unsafe_links_lose_their_target(href: str) -> None:
    html = render_body(f"[click]({href})\n")
    assert "href" not in html and "click" in html


def test_remote_images_are_placeholders_and_never_fetched() -> None:
    html = render_body(
        "![A chart](https://example.org/chart.png) and ![](//cdn.example.org/x.png)\n\n"
        '<img src="http://example.org/t.gif" alt="tracker">\n'
    )
    assert "<img" not in html
    assert "[image: A chart]" in html and "[image: no description]" in html and "[image: tracker]" in html


def test_local_images_are_kept_behind_the_preview_scheme() -> None:
    """The path reaches Qt only as pattern-image:<encoded>, which Qt's own loaders cannot open."""
    assert '<img alt="map" src="pattern-image:images%2Fmap.png"' in render_body("![map](images/map.png)\n")


def test_raw_html_is_sanitized() -> None:
    body = (
        '<div onclick="steal()" style="color: red">kept <b>bold</b></div>\n\n'
        "<script>alert('x')</script>\n\n"
        '<iframe src="https://evil.example"></iframe>\n\n'
        '<object data="x.swf"><param name=a></object>\n\n'
        '<p style="background: url(http://evil.example/x.png)">styled</p>\n\n'
        'Inline <span onmouseover="x()">span</span> and <a href="javascript:x()">link</a>.\n'
    )
    html = render_body(body)
    low = html.lower()
    for bad in (
        "<script",
        "alert(",
        "<iframe",
        "evil.example",
        "<object",
        "onclick",
        "onmouseover",
        "javascript:",
        "url(",
    ):
        assert bad not in low, bad
    assert "kept <b>bold</b>" in html and 'style="color:red"' in html and ">styled</p>" in html
    assert "<span>span</span>" in html and "<a>link</a>" in html


def test_malformed_urls_do_not_break_rendering() -> None:
    html = render_body('[a](http://[::1) ![b](http://[x) <a href="http://[y">c</a> <b"x=1>d</b">\n')
    assert "<a>a</a>" in html and "[image: b]" in html and "href" not in html


_MARKDOWN_BITS = st.sampled_from(
    [
        "\n",
        "\n\n",
        "> ",
        "[!NOTE] ",
        "- ",
        "1. ",
        "    ",
        "```",
        "```python\n",
        "~~~",
        "| a | b |\n|---|---|\n",
        "---",
        "# ",
        "**",
        "*",
        "`",
        "[x](y.md)",
        "![i](http://h/i)",
        "[^1]",
        "[^1]: n",
        "<div>",
        "</div>",
        "<script>",
        "<!--",
        "-->",
        "<br>",
        "text",
        "\t",
        "\ue000",
        "\x02",
        "&amp;",
        "<",
        ">",
        ":",
        "[!WARNING]",
        "<table>",
        "</table>",
    ]
)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(_MARKDOWN_BITS, max_size=40).map("".join))
def test_any_text_renders_without_leaking_markers(text: str) -> None:
    html = render_body(text, base_line=3)
    assert not PRIVATE.search(html)
    assert "<script" not in html.lower()
    assert set(anchors(html)) <= set(block_lines(text, base_line=3))


def test_raw_html_tables_get_the_table_style() -> None:
    html = render_body("<table>\n  <tr>\n    <td>a</td>\n  </tr>\n</table>\n")
    assert '<table class="md">' in html


# ---------------------------------------------------------------- scroll anchors

BODY = """
Opening sentence.

> [!NOTE] Confidence Rating: ★★★ (High)
> Why.

---

### Section 1: Context

Para one
continues here.

- item one

- item two
  continued

```python
x = 1

y = 2
```

| a | b |
|---|---|
| 1 | 2 |

Last paragraph.
"""


def test_block_lines_are_the_top_level_blocks_in_file_lines() -> None:
    # body line 1 is the blank line, so with base_line=10 "Opening sentence." is file line 11
    assert block_lines(BODY, base_line=10) == [11, 13, 16, 18, 20, 23, 28, 34, 38]


def test_every_block_carries_its_anchor_inside_its_first_text_line() -> None:
    html = render_body(BODY, base_line=10)
    assert anchors(html) == block_lines(BODY, base_line=10)
    assert '<a name="L18"></a>Section 1: Context</h3>' in html
    assert '<p><a name="L11"></a>Opening sentence.</p>' in html
    assert '<pre><a name="L28"></a>' in html
    assert '<li><a name="L23"></a>' in html or '<p><a name="L23"></a>item one' in html
    # the rule holds no text, so its anchor rides on the next block
    assert '<a name="L16"></a><a name="L18"></a>Section 1' in html


def test_markers_never_change_the_rendering() -> None:
    html = render_body(BODY)
    assert html.count("<li>") == 2 and html.count("<ul>") == 1  # the loose list stays one list
    assert "x = 1\n\ny = 2" in re.sub(r"<[^>]+>", "", html) and html.count('class="code"') == 1
    assert not PRIVATE.search(html)


def test_anchor_for_line_picks_the_block_at_or_before() -> None:
    html = render_body(BODY, base_line=10)
    assert anchor_for_line(html, 18) == "L18"
    assert anchor_for_line(html, 21) == "L20"  # inside the paragraph that starts at 20
    assert anchor_for_line(html, 30) == "L28"  # inside the fence
    assert anchor_for_line(html, 5) == "L11"  # before the body: the first block
    assert anchor_for_line(html, 999) == "L38"
    assert anchor_for_line(block_lines(BODY, base_line=10), 24) == "L23"
    assert anchor_for_line("<p>no anchors</p>", 3) == ""


def test_card_anchor_covers_the_frontmatter(seed_text: str) -> None:
    doc = open_pattern(SEED)
    html = render_pattern(doc)
    assert anchor_for_line(html, 3) == "L1"
    first_body_block = block_lines(doc.body, base_line=doc.body_line())[0]
    assert anchor_for_line(html, first_body_block) == f"L{first_body_block}"
    assert doc.text.splitlines()[first_body_block - 1].startswith("Use restorative")


def test_qt_sees_every_anchor(qapp) -> None:
    """Qt drops empty anchors that sit between blocks; ours live inside text, so all survive."""
    from PySide6.QtGui import QTextDocument

    doc = open_pattern(SEED)
    html = render_pattern(doc, theme="dark")
    qdoc = QTextDocument()
    qdoc.setDefaultStyleSheet(stylesheet("dark"))
    qdoc.setHtml(html)
    names: set[str] = set()
    block = qdoc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            names.update(it.fragment().charFormat().anchorNames())
            it += 1
        block = block.next()
    assert {f"L{n}" for n in anchors(html)} <= names
    assert len(anchors(html)) > 40


# ---------------------------------------------------------------- the card


def test_card_for_a_v71_file() -> None:
    doc = open_pattern(SEED)
    html = render_card(doc.data, theme="light")
    assert "Restorative Practices for Helpers</h1>" in html
    assert "Use restorative and healing practices" in html  # summary
    for label in ("Corporate", "Government", "Activist", "Tech"):
        assert f">{label}</td>" in html
    assert "Restorative Practices for Helpers for Organizations" in html
    for pillar in (
        "Stakeholder architecture",
        "Value creation",
        "Resilience",
        "Ownership",
        "Autonomy",
        "Composability",
        "Fractal value",
    ):
        assert f">{pillar}</td>" in html
    assert ">3.7" in html and "Sustaining" in html  # vitality and its band
    assert "<b>3.6</b>" in html  # overall score
    assert "★☆☆ Low" in html and "draft" in html and "v0.1" in html
    assert html.count('class="bar"') == 9  # seven pillars, vitality, overall


def test_card_for_a_legacy_file() -> None:
    data = {
        "id": "pat_0123456789abcdef01234567",
        "slug": "circuit-breaker",
        "title": "Circuit Breaker",
        "aliases": ["Breaker"],
        "version": "1.0",
        "classification": {
            "universality": "domain",
            "domain": "platform",
            "category": ["practice"],
            "era": ["digital", "cognitive"],
            "status": "draft",
            "commons_alignment": 4,
        },
        "related": ["pat_x"],
        "confidence_score": 0.7,
    }
    html = render_card(data, theme="dark")
    assert "Circuit Breaker</h1>" in html and "Also called: Breaker" in html
    assert "CLASSIFICATION" in html and "digital, cognitive" in html and ">platform</td>" in html
    assert ">Commons alignment</td>" in html and ">4</td>" in html
    assert ">Confidence score</td>" in html and "0.7" in html
    assert "COMMONS ASSESSMENT" not in html


@pytest.mark.parametrize(
    "data",
    [
        {},
        None,
        [],
        "text",
        {"title": None},
        {"title": ["a", "b"]},
        {"ontology": "flat", "lifecycle": [], "context_labels": None},
        {"ontology": {"commons_assessment": {"vitality": "high", "resilience": None}}},
        {"ontology": {"commons_assessment": [{"dimension": "Co-ownership", "score": 4}, "junk"], "overall_score": 4.6}},
    ],
)
def test_card_survives_partial_and_odd_data(data) -> None:
    html = render_card(data)
    assert html.startswith('<table class="card"')
    if not isinstance(data, dict) or not data.get("title"):
        assert "Untitled pattern" in html or "a, b" in html


def test_card_list_form_assessment_keeps_dimension_names() -> None:
    html = render_card(
        {
            "ontology": {
                "commons_assessment": [{"dimension": "Co-ownership of Assets", "score": 4.0}],
                "overall_score": 4.6,
            }
        }
    )
    assert ">Co-ownership of Assets</td>" in html and "<b>4.6</b>" in html


def test_card_escapes_everything_from_the_file() -> None:
    evil = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    data = {
        "title": evil,
        "summary": evil,
        "slug": evil,
        "aliases": [evil],
        "context_labels": {"corporate": evil, evil: "x"},
        "lifecycle": {"status": evil, "usage_stage": evil},
        "ontology": {"domain": evil, "commons_assessment": {"resilience": evil, evil: 3.0, "vitality": 3.7}},
    }
    html = render_card(data)
    assert "<script" not in html and "<img" not in html and "onerror=alert(2)>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;" in html


def test_hostile_title_in_a_real_document(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_text('---\ntitle: "<b onmouseover=alert(1)>Hi</b>"\n---\n\nBody.\n', encoding="utf-8")
    html = render_pattern(open_pattern(path))
    assert "&lt;b onmouseover=alert(1)&gt;Hi&lt;/b&gt;</h1>" in html and "<b onmouseover" not in html


# ---------------------------------------------------------------- render_pattern


def test_render_pattern_is_card_plus_body_in_a_real_body_element() -> None:
    html = render_pattern(open_pattern(SEED), theme="light")
    assert html.startswith("<html><body>") and html.endswith("</body></html>")
    assert html.index('class="card"') < html.index("Section 1: Context")
    assert "<style>" not in html
    inlined = render_pattern(open_pattern(SEED), inline_css=True)
    assert "<style>" in inlined and stylesheet("light") in inlined


def test_render_pattern_from_a_dict_and_without_card() -> None:
    html = render_pattern({"title": "T"}, "Hello.\n", base_line=7)
    assert "T</h1>" in html and '<a name="L7"></a>Hello.' in html
    assert 'class="card"' not in render_pattern({}, "Hello.\n", card=False)


def test_unparseable_frontmatter_shows_a_caution_and_the_body(tmp_path: Path) -> None:
    path = tmp_path / "broken.md"
    path.write_text("---\ntitle: [unclosed\n---\n\nStill **shown**.\n", encoding="utf-8")
    doc = open_pattern(path)
    assert doc.error is not None
    html = render_pattern(doc)
    assert "The frontmatter does not parse" in html and "broken.md" in html
    assert "<strong>shown</strong>" in html and 'class="card"' not in html


def test_text_without_frontmatter_is_rendered_whole() -> None:
    doc = Document.from_text("# Just markdown\n\nNo frontmatter.\n")
    html = render_pattern(doc)
    assert "Just markdown" in html and "No frontmatter." in html


def test_rendering_is_pure_and_repeatable() -> None:
    text = "A[^1] and [x](y.md).\n\n[^1]: note\n"
    first = render_body(text)
    assert render_body(text) == first  # the reused Markdown instance was reset (footnotes did not pile up)
    assert first.count('id="fn:1"') == 1


def test_rendering_from_another_thread() -> None:
    out: list[str] = []
    worker = threading.Thread(target=lambda: out.append(render_body("**x**")))
    worker.start()
    worker.join()
    assert out == [render_body("**x**")]


def test_unknown_theme_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown preview theme 'sepia'"):
        render_body("x", theme="sepia")
    with pytest.raises(ValueError, match="sepia"):
        stylesheet("sepia")


# ---------------------------------------------------------------- palettes and stylesheets


def _luminance(color: str) -> float:
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_palettes_are_readable(theme: str) -> None:
    pal = PALETTES[theme]
    assert contrast(pal.text, pal.background) >= 7
    assert contrast(pal.text, pal.card) >= 7
    assert contrast(pal.muted, pal.background) >= 4.5
    assert contrast(pal.muted, pal.card) >= 4.5
    assert contrast(pal.link, pal.background) >= 4.5
    for kind, (accent, tint) in pal.callouts.items():
        assert contrast(accent, tint) >= 4.5, kind
        assert contrast(pal.text, tint) >= 7, kind


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_stylesheet_matches_the_palette(theme: str) -> None:
    css = stylesheet(theme)
    pal = PALETTES[theme]
    assert f"body {{ color: {pal.text}; background-color: {pal.background}; }}" in css
    assert f"a {{ color: {pal.link};" in css
    assert "line-height: 145%" in css
    assert "font-family" not in css.split("code,")[0]  # the body keeps the system font


# ---------------------------------------------------------------- whole libraries


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_sample_file_renders(theme: str) -> None:
    for path in sorted(SAMPLES.glob("*.md")):
        doc = open_pattern(path)
        html = render_pattern(doc, theme=theme)
        assert "</h1>" in html and not PRIVATE.search(html), path.name
        assert anchors(html)[1:] == block_lines(doc.body, base_line=doc.body_line()), path.name


@pytest.mark.corpus
def test_every_corpus_body_renders(corpus_files: list[Path]) -> None:
    lost = 0
    for path in corpus_files:
        doc = open_pattern(path)
        html = render_pattern(doc)
        assert not PRIVATE.search(html), path.name
        assert "<script" not in html.lower(), path.name
        lost += len(set(block_lines(doc.body, base_line=doc.body_line())) - set(anchors(html)))
    assert lost <= 5  # a block inside raw HTML may lose its anchor (1 in the corpus today)


def test_module_is_importable_without_qt() -> None:
    assert render.__name__ == "editor.model.render.page"
