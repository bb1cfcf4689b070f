"""Export (issue 16, item 4): the static HTML site of a library and the PDF card of a pattern."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from editor.cli import main
from editor.model.render.site import export_site, local_links

from .conftest import CORPUS, SAMPLES
from .site_check import problems

SEED = SAMPLES / "restorative-practices-helpers.md"
SECTIONS = [
    "Context",
    "Problem",
    "Solution",
    "Implementation",
    "Consequences",
    "Known Uses",
    "Cognitive Era",
    "Vitality",
]


# ---------------------------------------------------------------- the site


def _site_ok(site: Path, folder: Path) -> None:
    assert problems(site) == []
    slugs = sorted(p.stem for p in folder.glob("*.md"))
    pages = sorted(p.stem for p in (site / "patterns").glob("*.html"))
    assert pages == slugs
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'id="search"' in index and 'id="search-index"' in index and "<script>" in index
    data = json.loads((site / "search-index.json").read_text(encoding="utf-8"))
    assert {d["slug"] for d in data} == set(slugs) and all(d["href"].startswith("patterns/") for d in data)
    assert (site / "domains" / "index.html").is_file() and len(list((site / "domains").glob("*.html"))) > 1
    for page in site.rglob("*.html"):  # no external resource anywhere, not even in inline SVG or CSS
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"""(?:href|src)\s*=\s*["']?\s*(?:https?:|//)""", text, re.I), page
        assert not re.search(r"url\(\s*['\"]?(?:https?:|//)", text, re.I), page
    assert "url(" not in (site / "style.css").read_text(encoding="utf-8")


def test_cli_exports_the_bundled_library_as_a_site(tmp_path: Path, capsys) -> None:
    site = tmp_path / "site"
    assert main(["export", str(SAMPLES), "--format", "html", "--out", str(site)]) == 0
    assert "12 pattern pages" in capsys.readouterr().out
    _site_ok(site, SAMPLES)
    page = (site / "patterns" / "restorative-practices-helpers.html").read_text(encoding="utf-8")
    # relationships as links to the neighbours' pages, the neighbourhood as inline SVG with links too
    assert '<a href="active-listening-depth.html">active-listening-depth</a>' in page
    assert "<svg" in page and page.count('<a href="adaptive-facilitation.html">') >= 2
    assert 'href="../domains/feedback-learning.html"' in page and "Section 8: Vitality" in page
    assert "Restorative Practices for Helpers for Organizations" in page  # the card's context labels


def test_site_of_the_corpus_resolves_every_link(tmp_path: Path) -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"the corpus is not on this machine ({CORPUS})")
    site = tmp_path / "site"
    assert main(["export", str(CORPUS), "--format", "html", "--out", str(site)]) == 0
    _site_ok(site, CORPUS)


def test_site_escapes_and_localises_what_files_say(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    lib.mkdir()
    shutil.copy(SEED, lib / SEED.name)
    text = SEED.read_text(encoding="utf-8").replace(
        'title: "Restorative Practices for Helpers"', 'title: "<script>alert(1)</script> & Co"'
    )
    text += "\n[web](https://example.org/x) and ![pic](https://example.org/p.png) and [gone](no-such-pattern)\n"
    (lib / SEED.name).write_text(text, encoding="utf-8")
    report = export_site(lib, tmp_path / "site")
    assert report.patterns == 1 and problems(tmp_path / "site") == []
    page = (tmp_path / "site" / "patterns" / SEED.name.replace(".md", ".html")).read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in page
    assert 'web <span class="muted">(https://example.org/x)</span>' in page and "[image: pic]" in page
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "</script>alert" not in index.split('id="search-index">', 1)[1].split("</script>", 1)[0]


def test_local_links_keeps_anchors_and_drops_everything_outside() -> None:
    html = '<a href="#L3">x</a><a href="pattern:a">A</a><a href="pattern:b">B</a><img src="pattern-image:p.png" alt="">'
    out = local_links(html, lambda slug: f"{slug}.html" if slug == "a" else None)
    assert out == '<a href="#L3">x</a><a href="a.html">A</a><span class="muted">B</span>' + (
        '<span class="muted">[image: pattern-image:p.png]</span>'
    )


def test_export_usage_errors(tmp_path: Path) -> None:
    assert main(["export", str(SEED), "--format", "html", "--out", str(tmp_path / "s")]) == 2
    assert main(["export", str(SAMPLES), "--format", "pdf", "--out", str(tmp_path / "x.pdf")]) == 2


# ---------------------------------------------------------------- the PDF card


def test_pdf_of_the_seed(qapp, tmp_path: Path) -> None:
    from editor.ui.export.pdf import write_pdf

    out = tmp_path / "seed.pdf"
    pages = write_pdf(SEED, out)
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and pages >= 2
    assert len(re.findall(rb"/Type\s*/Page\b", data)) == pages
    assert re.search(rb"/Subtype\s*/Image", data)  # the radar chart is a picture in the PDF
    if not shutil.which("pdftotext") or not shutil.which("pdftoppm"):
        pytest.skip("poppler-utils (pdftotext, pdftoppm) not installed: the PDF's text and pages are not checked")
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    for i, name in enumerate(SECTIONS, 1):
        assert f"Section {i}: {name}" in text
    for label in ("Restorative Practices for Helpers for Organizations", "Commons assessment", "Relationships"):
        assert label in text
    assert "active-listening-depth" in text and "weight 0.9" in text
    listing = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True).stdout
    assert len(listing.strip().splitlines()) == 3  # header, rule, the radar chart
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(out), str(tmp_path / "page")], check=True)
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == pages
    from PySide6.QtGui import QImage

    first = QImage(str(images[0]))
    blue = sum(  # the radar's filled polygon: the only large patch of its blue tint on the first page
        1
        for y in range(0, first.height(), 2)
        for x in range(0, first.width(), 2)
        if (lambda c: c.blue() > 200 and c.red() < 200 and c.blue() - c.red() > 30)(first.pixelColor(x, y))
    )
    assert blue > 200


def test_cli_pdf(tmp_path: Path, capsys) -> None:
    out = tmp_path / "x.pdf"
    assert main(["export", str(SEED), "--format", "pdf", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF") and "pages" in capsys.readouterr().out
