"""The preview's header card (title, summary, context labels, scores, lifecycle) and the colour
palettes shared with the body renderer.

Everything is drawn with the HTML subset QTextBrowser understands: tables with ``bgcolor`` and
``cellpadding``, inline colours, no div borders. Every value from the file is HTML-escaped, and
any field may be missing or of the wrong type (partial, legacy and broken files are shown too).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from editor.model.schema import CONFIDENCE_LABELS, PILLARS, layout_of, vitality_band
from editor.model.schema.layout_legacy import LEGACY
from editor.model.schema.scorecard import SCORE_KEYS, assessment, dimension_rows

THEMES = ("light", "dark")


@dataclass(frozen=True)
class Palette:
    """Colours the HTML needs inline (the default stylesheet cannot reach table cells reliably)."""

    text: str
    muted: str
    background: str
    link: str
    border: str
    card: str  # header card and code block background
    track: str  # unfilled part of a score bar
    good: str  # score bars by level
    fair: str
    weak: str
    quote_bar: str
    pygments_style: str
    # kind -> (accent for the left bar and title, tint for the box)
    callouts: dict[str, tuple[str, str]] = field(default_factory=dict)


# GitHub's callout colours, tuned so titles keep >= 4.5:1 and body text >= 7:1 on the tint.
PALETTES: dict[str, Palette] = {
    "light": Palette(
        text="#1f2328",
        muted="#59636e",
        background="#ffffff",
        link="#0550ae",
        border="#d0d7de",
        card="#f6f8fa",
        track="#e3e7eb",
        good="#1a7f37",
        fair="#0969da",
        weak="#9a6700",
        quote_bar="#d0d7de",
        pygments_style="default",
        callouts={
            "NOTE": ("#0969da", "#eef6ff"),
            "TIP": ("#1a7f37", "#eefbf1"),
            "IMPORTANT": ("#8250df", "#f6f0ff"),
            "WARNING": ("#9a6700", "#fff8e0"),
            "CAUTION": ("#cf222e", "#fff0ef"),
        },
    ),
    "dark": Palette(
        text="#d1d7e0",
        muted="#9ea6af",
        background="#22272e",
        link="#6cb6ff",
        border="#444c56",
        card="#2d333b",
        track="#3d444d",
        good="#57ab5a",
        fair="#539bf5",
        weak="#c69026",
        quote_bar="#545d68",
        pygments_style="github-dark",
        callouts={
            "NOTE": ("#6cb6ff", "#1f2d3d"),
            "TIP": ("#6bc46d", "#1d2f23"),
            "IMPORTANT": ("#b395f5", "#2a2540"),
            "WARNING": ("#daaa3f", "#33291a"),
            "CAUTION": ("#ff938a", "#3a2225"),
        },
    ),
}


def palette(theme: str) -> Palette:
    try:
        return PALETTES[theme]
    except KeyError:
        raise ValueError(f"unknown preview theme {theme!r}; expected one of {', '.join(THEMES)}") from None


# ---------------------------------------------------------------- small helpers


def esc(value: Any) -> str:
    return html.escape(_text(value), quote=True)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.1f}" if value.is_integer() else f"{value:g}"  # .inf and .nan are floats too
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{_text(k)}: {_text(v)}" for k, v in value.items())
    return " ".join(str(value).split())  # folded scalars and stray newlines read as one line


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _number(value: Any) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _score_text(value: float) -> str:
    return f"{value:.1f}" if round(value, 1) == value else f"{value:.2f}"


def _words(key: Any) -> str:
    """'stakeholder_architecture' -> 'Stakeholder architecture' (hyphens are kept: 'Co-ownership')."""
    text = str(key).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _span(text: str, color: str, extra: str = "") -> str:
    return f'<span style="color: {color};{extra}">{text}</span>'


# ---------------------------------------------------------------- building blocks


def _bar(value: float, maximum: float, pal: Palette, width: int = 110) -> str:
    """A score bar as a two-cell table: QTextBrowser draws cell backgrounds, not div widths."""
    ratio = max(0.0, min(1.0, value / maximum)) if maximum else 0.0
    filled = round(ratio * width)
    level = value / maximum * 5 if maximum else 0
    color = pal.good if level >= 4 else pal.fair if level >= 3 else pal.weak
    cells = []
    if filled:
        cells.append(f'<td width="{filled}" bgcolor="{color}" style="font-size: 4px;">&nbsp;</td>')
    if width - filled:
        cells.append(f'<td width="{width - filled}" bgcolor="{pal.track}" style="font-size: 4px;">&nbsp;</td>')
    return (
        f'<table class="bar" width="{width}" cellspacing="0" cellpadding="0" border="0">'
        f"<tr>{''.join(cells)}</tr></table>"
    )


def _score_row(label: str, value: Any, maximum: float, pal: Palette, note: str = "") -> str:
    number = _number(value)
    if number is None:
        shown = _span(esc(value) if value is not None else "—", pal.muted)
        bar = ""
    else:  # as written: integer pillars stay integers, floats keep one decimal
        shown = esc(value if isinstance(value, int) else _score_text(number))
        bar = _bar(number, maximum, pal)
    note_html = f" {_span(note, pal.muted)}" if note else ""
    return (
        f'<tr><td style="padding: 2px 10px 2px 0px; color: {pal.muted};">{esc(label)}</td>'
        f'<td valign="middle" style="padding: 2px 10px 2px 0px;">{bar}</td>'
        f'<td style="padding: 2px 0px;">{shown}{note_html}</td></tr>'
    )


def _rows_table(rows: list[str]) -> str:
    if not rows:
        return ""
    return (
        '<table class="card-rows" cellspacing="0" cellpadding="0" border="0" style="margin-top: 8px;">'
        + "".join(rows)
        + "</table>"
    )


def _label_row(label: str, value_html: str, pal: Palette) -> str:
    return (
        f'<tr><td valign="top" style="padding: 1px 12px 1px 0px; color: {pal.muted};">{esc(label)}</td>'
        f'<td style="padding: 1px 0px;">{value_html}</td></tr>'
    )


def _heading(text: str, pal: Palette) -> str:
    return (
        f'<p class="card-heading" style="margin-top: 14px; margin-bottom: 2px; color: {pal.muted};'
        f' font-size: small; font-weight: 600;">{esc(text.upper())}</p>'
    )


def _stars(confidence: Any) -> str | None:
    number = _number(confidence)
    if number is not None and number in (1, 2, 3):
        return CONFIDENCE_LABELS[int(number) - 1]
    return None


# ---------------------------------------------------------------- sections


def _context_labels(data: dict, pal: Palette) -> str:
    labels = data.get("context_labels")
    if not isinstance(labels, dict) or not labels:
        return ""
    order = ["corporate", "government", "activist", "tech"]
    keys = [k for k in order if k in labels] + [k for k in labels if k not in order]
    rows = [_label_row(_words(k), esc(labels[k]), pal) for k in keys if labels[k] not in (None, "")]
    if not rows:
        return ""
    return _heading("Context labels", pal) + _rows_table(rows)


def _assessment(data: dict, pal: Palette) -> str:
    card = assessment(data)
    rows: list[str] = []
    overall = _get(data, "ontology", "overall_score")  # where the list form keeps it
    if card is not None:
        for key in PILLARS:
            if key in card:
                rows.append(_score_row(_words(key), card[key], 5, pal))
        for key, value in card.items():  # extra numeric dimensions a file may add
            if key not in SCORE_KEYS and _number(value) is not None:
                rows.append(_score_row(_words(key), value, 5, pal))
        vitality = _number(card.get("vitality"))
        if "vitality" in card:
            band = esc(vitality_band(vitality)[0]) if vitality is not None else ""
            rows.append(_score_row("Vitality", card["vitality"], 5, pal, band))
        overall = card.get("overall_score", overall)
    for item in dimension_rows(data) or ():
        if isinstance(item, dict):
            rows.append(_score_row(_words(item.get("dimension", "?")), item.get("score"), 5, pal))
    if overall is not None:
        number = _number(overall)
        shown = f"<b>{esc(_score_text(number) if number is not None else overall)}</b>"
        rows.append(
            f'<tr><td style="padding: 4px 10px 2px 0px;"><b>Overall score</b></td>'
            f'<td style="padding: 4px 10px 2px 0px;">{_bar(number, 5, pal) if number is not None else ""}'
            f'</td><td style="padding: 4px 0px 2px 0px;">{shown}</td></tr>'
        )
    if not rows:
        return ""
    return _heading("Commons assessment", pal) + _rows_table(rows)


def _legacy_scores(data: dict, pal: Palette) -> str:
    classification = data.get("classification")
    rows = []
    if isinstance(classification, dict) and "commons_alignment" in classification:
        rows.append(_score_row("Commons alignment", classification["commons_alignment"], 5, pal))
    if "confidence_score" in data:
        rows.append(_score_row("Confidence score", data["confidence_score"], 1, pal))
    if not rows:
        return ""
    return _heading("Assessment", pal) + _rows_table(rows)


def _classification(data: dict, pal: Palette) -> str:
    classification = data.get("classification")
    if not isinstance(classification, dict):
        return ""
    skip = {"commons_alignment"}
    rows = [
        _label_row(_words(k), esc(v), pal)
        for k, v in classification.items()
        if k not in skip and v not in (None, "", [])
    ]
    if not rows:
        return ""
    return _heading("Classification", pal) + _rows_table(rows)


def _meta_line(data: dict, pal: Palette) -> str:
    """One muted line: slug · status · version · confidence · stages · domain."""
    lifecycle = data.get("lifecycle") if isinstance(data.get("lifecycle"), dict) else {}
    parts: list[str] = []
    slug = data.get("slug")
    if slug:
        parts.append(f"<code>{esc(slug)}</code>")
    status = lifecycle.get("status") or _get(data, "classification", "status")
    if status:
        parts.append(esc(status))
    version = lifecycle.get("version", data.get("version"))
    if version not in (None, ""):
        parts.append("v" + esc(version))
    stars = _stars(lifecycle.get("confidence"))
    if stars:
        parts.append(f"confidence {esc(stars)}")
    elif lifecycle.get("confidence") is not None:
        parts.append(f"confidence {esc(lifecycle.get('confidence'))}")
    for key in ("usage_stage", "adoption_stage"):
        if lifecycle.get(key):
            parts.append(esc(_words(lifecycle[key]).lower()))
    domain = _get(data, "ontology", "domain")
    if domain:
        parts.append(esc(domain))
    if not parts:
        return ""
    return (
        f'<p class="card-meta" style="margin-top: 0px; margin-bottom: 6px; color: {pal.muted};">'
        + " &nbsp;·&nbsp; ".join(parts)
        + "</p>"
    )


def render_card(data: Any, *, theme: str = "light", anchor: str = "") -> str:
    """The header card for a frontmatter dict (v7.1, legacy, partial or empty)."""
    pal = palette(theme)
    if not isinstance(data, dict):
        data = {}
    title = data.get("title")
    anchor_html = f'<a name="{esc(anchor)}"></a>' if anchor else ""
    if title in (None, "") or isinstance(title, (dict, list)):
        title_html = _span(esc(title) if title not in (None, "") else "Untitled pattern", pal.muted)
    else:
        title_html = esc(title)
    parts = [
        f'<h1 class="card-title" style="margin-top: 0px; margin-bottom: 4px;">{anchor_html}{title_html}</h1>',
        _meta_line(data, pal),
    ]
    summary = data.get("summary")
    if summary not in (None, ""):
        parts.append(f'<p class="card-summary" style="margin-top: 6px; margin-bottom: 4px;">{esc(summary)}</p>')
    aliases = data.get("aliases")
    if aliases and isinstance(aliases, (list, str)):
        parts.append(
            f'<p style="margin-top: 2px; margin-bottom: 0px; color: {pal.muted};">Also called: {esc(aliases)}</p>'
        )
    if layout_of(data) is LEGACY:
        parts += [_classification(data, pal), _legacy_scores(data, pal)]
    else:
        parts += [_context_labels(data, pal), _assessment(data, pal)]
    inner = "".join(p for p in parts if p)
    return (
        f'<table class="card" width="100%" cellspacing="0" cellpadding="16" border="0" bgcolor="{pal.card}"'
        f' style="margin-bottom: 18px;"><tr><td>{inner}</td></tr></table>\n'
    )


def error_card(message: str, *, theme: str = "light", anchor: str = "") -> str:
    """A caution box for a frontmatter that does not parse (the body is still shown below)."""
    pal = palette(theme)
    accent, tint = pal.callouts["CAUTION"]
    anchor_html = f'<a name="{esc(anchor)}"></a>' if anchor else ""
    return (
        f'<table class="callout" width="100%" cellspacing="0" cellpadding="0" border="0" bgcolor="{tint}"'
        f' style="margin-bottom: 16px;"><tr><td width="4" bgcolor="{accent}"></td>'
        f'<td bgcolor="{tint}" style="padding: 8px 12px;">'
        f'<p style="margin-top: 0px; margin-bottom: 4px; color: {accent}; font-weight: 600;">'
        f"{anchor_html}The frontmatter does not parse</p>"
        f'<p style="margin-top: 0px; margin-bottom: 0px;">{esc(message)}</p></td></tr></table>\n'
    )
