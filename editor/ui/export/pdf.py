"""A pattern card as PDF through Qt's own writer (``QPdfWriter`` + ``QTextDocument.print_``).

The page holds what the preview shows, on paper: the header card (title, summary, context
labels, scores, lifecycle), the radar chart of the seven pillars (the form's ``PillarRadar``
painted in the light theme), the body rendered by the preview's pipeline, and the hard
relationships. Links become text (a PDF on paper cannot follow ``pattern:`` links); images are
shown as "[image: …]", as in the site export. Nothing is bundled beyond Qt itself.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPoint, QSize, QSizeF, QUrl
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPdfWriter, QRegion, QTextDocument
from PySide6.QtWidgets import QApplication, QWidget

from editor.model.errors import PatternError
from editor.model.render.card import render_card
from editor.model.render.page import render_body, stylesheet
from editor.model.render.site import local_links
from editor.model.render.site_assets import esc, relationships_html
from editor.model.schema import PILLARS, open_pattern
from editor.model.schema.scorecard import assessment
from editor.ui.common.charts import PillarRadar
from editor.ui.common.theme import LIGHT

RADAR_URL = "pdf-export:radar.png"
RADAR_SIZE = QSize(520, 360)


def radar_image(data: dict) -> QImage | None:
    """The seven pillars as a picture (None when the file has no map-form assessment)."""
    values = assessment(data)
    if not isinstance(values, dict) or not any(isinstance(values.get(p), (int, float)) for p in PILLARS):
        return None
    chart = PillarRadar()
    chart.colours = LIGHT
    chart.set_series([(str(data.get("title") or ""), values, "#0969da")])
    chart.resize(RADAR_SIZE)
    image = QImage(RADAR_SIZE * 2, QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(2)
    image.fill(0xFFFFFFFF)
    chart.render(image, QPoint(), QRegion(), QWidget.RenderFlag.DrawChildren)  # on white paper: no window grey
    chart.deleteLater()
    return image


def card_html(doc, with_radar: bool) -> str:
    data = doc.data if isinstance(doc.data, dict) else {}
    flat = lambda _slug: None  # noqa: E731 - links become text on paper
    parts = [local_links(render_card(data, theme="light"), flat)]
    if with_radar:
        parts.append(
            "<h2>Commons assessment</h2>"
            f'<p align="center"><img src="{RADAR_URL}" width="{RADAR_SIZE.width()}" '
            f'height="{RADAR_SIZE.height()}" alt="Radar chart of the seven pillars"></p>'
        )
    parts.append(local_links(render_body(doc.body, theme="light", base_line=doc.body_line()), flat))
    parts.append("<h2>Relationships</h2>" + relationships_html(data, None))
    title = esc(str(data.get("title") or doc.name))
    return f"<html><head><title>{title}</title></head><body>{''.join(parts)}</body></html>"


def write_pdf(source, out: str | Path) -> int:
    """Write the PDF of a pattern (a file's path, or an open ``Document`` as edited); returns its page
    count. Needs a QApplication."""
    doc = open_pattern(source) if isinstance(source, (str, Path)) else source
    if doc.error is not None:
        raise PatternError(f"the frontmatter does not parse: {doc.error}", str(doc.path or ""))
    data = doc.data if isinstance(doc.data, dict) else {}
    image = radar_image(data)
    text = QTextDocument()
    text.setDefaultStyleSheet(stylesheet("light"))
    if image is not None:
        text.addResource(QTextDocument.ResourceType.ImageResource, QUrl(RADAR_URL), image)
    text.setHtml(card_html(doc, image is not None))
    writer = QPdfWriter(str(out))
    writer.setTitle(str(data.get("title") or doc.name))
    writer.setCreator("Pattern Editor")
    writer.setResolution(144)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
            QPageLayout.Unit.Millimeter,
        )
    )
    text.setPageSize(QSizeF(writer.pageLayout().paintRectPixels(writer.resolution()).size()))
    text.print_(writer)
    return text.pageCount()


def cli(path: Path, out: Path) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    try:
        pages = write_pdf(path, out)
    except (PatternError, OSError) as exc:
        print(f"pattern-cli: {exc}", file=sys.stderr)
        return 2
    print(f"{out}: {pages} pages")
    del app
    return 0
