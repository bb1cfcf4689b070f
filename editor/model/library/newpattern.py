"""New patterns from the built-in templates: fresh id, slug from the title, today's date.

``resources/templates/pattern.md`` is the seed's layout (seven banner-headed groups, the eight body
sections), ``pattern-legacy.md`` the older flat layout. Their ``{{name}}`` slots are filled with
what the user gave; a slot left empty drops its line, so no placeholder text and no empty ``""``
ever reaches a file (a key the user has not written yet is reported by validation as missing).
Templates from a library's ``_templates/`` folder and "Duplicate as new pattern": ``templates.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from editor.base import assets
from editor.model.document.emit import double_quoted, plain_ok
from editor.model.document.split import split
from editor.model.document.storage import write_new
from editor.model.errors import PatternError, SaveError
from editor.model.library.typeid import new_typeid
from editor.model.schema.spec import SLUG_PATTERN

if TYPE_CHECKING:
    from editor.model.library.index import LibraryIndex

TEMPLATE = "templates/pattern.md"
MAX_SLUG = 60  # the longest slug in the corpus has 57 characters
SUMMARY_WIDTH = 72
_SLUG = re.compile(SLUG_PATTERN)
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


def slugify(title: str) -> str:
    """Kebab-case ASCII: 'Café Culture & Co.' -> 'cafe-culture-co'. Never empty."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"['’]", "", text)  # "founder's" -> "founders", not "founder-s"
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > MAX_SLUG:
        cut = slug.rfind("-", 0, MAX_SLUG + 1)
        slug = slug[: cut if cut > 0 else MAX_SLUG].strip("-")
    return slug or "untitled-pattern"


def unique_slug(folder: str | Path, base: str, index: LibraryIndex | None = None) -> str:
    """``base``, or ``base-2``, ``base-3``… whichever no file in ``folder`` (or the index) uses."""
    folder = Path(folder)

    def taken(slug: str) -> bool:
        return (folder / f"{slug}.md").exists() or (index is not None and index.has_slug(slug))

    if not taken(base):
        return base
    n = 2
    while taken(f"{base}-{n}"):
        n += 1
    return f"{base}-{n}"


def _plain_or_quoted(text: str) -> str:
    """A slug as a plain scalar, unless YAML would read it as something else (``1984``, ``yes``)."""
    return text if plain_ok(text) else double_quoted(text)


def _clean(text: str) -> str:
    return " ".join(text.split())


LAYOUT_TEMPLATES = {"v7.1": TEMPLATE, "legacy": "templates/pattern-legacy.md"}
LABEL_KEYS = ("corporate", "government", "activist", "tech")
DROP = "\x00drop\x00"  # a placeholder with no value: its whole line is left out


def _quoted(text: str | None) -> str:
    text = _clean(text or "")
    return json.dumps(text, ensure_ascii=False) if text else DROP  # a JSON string is a YAML "…" scalar


def new_pattern_text(
    title: str,
    slug: str,
    *,
    summary: str | None = None,
    today: dt.date | None = None,
    pattern_id: str | None = None,
    labels: dict[str, str] | None = None,
    tension: str | None = None,
    attribution: str | None = None,
    layout: str = "v7.1",
) -> str:
    """The text of a new pattern file in ``layout`` ("v7.1" or "legacy"); the UI's "create stub" uses it too.

    Only what is given is written: no placeholder text, and a value left empty (summary, a context
    label, the primary tension, attribution) leaves its key out rather than writing ``""``."""
    title = _clean(title)
    if not title:
        raise ValueError("a new pattern needs a title")
    if not _SLUG.match(slug):
        raise ValueError(f"slug {slug!r} must be lowercase words joined by hyphens")
    if layout not in LAYOUT_TEMPLATES:
        raise ValueError(f"unknown layout {layout!r}: one of {', '.join(LAYOUT_TEMPLATES)}")
    summary = _clean(summary or "")
    today = today or dt.date.today()
    pattern_id = pattern_id or new_typeid("pat")
    labels = labels or {}
    lines = textwrap.wrap(summary, SUMMARY_WIDTH - 2, break_long_words=False, break_on_hyphens=False)
    values = {
        "id": pattern_id,
        "slug": _plain_or_quoted(slug),
        "title": json.dumps(title, ensure_ascii=False),
        "summary_block": "".join("\n  " + line for line in lines) if lines else DROP,
        "summary": summary or DROP,
        "today": today.isoformat(),
        "tension": _quoted(tension),
        "tension_text": _clean(tension or "") or DROP,
        "attribution": _quoted(attribution),
        **{key: _quoted(labels.get(key)) for key in LABEL_KEYS},
    }
    template = assets.read_text(LAYOUT_TEMPLATES[layout])
    text = drop_empty(_PLACEHOLDER.sub(lambda m: values[m.group(1)], template))
    _check(text, pattern_id, slug, title, (summary or None) if "{{summary_block}}" in template else None)
    return text


def drop_empty(text: str) -> str:
    """Leave out the lines holding a dropped placeholder, then the mapping keys left with no children
    and the blank lines doubled by the removals."""
    fm, sep, body = text.partition("\n---\n")
    out = []
    for part in (fm, body):
        lines = [line for line in part.split("\n") if DROP not in line]
        changed = True
        while changed:  # a parent whose children all went goes too (context_labels, search_hints)
            changed = False
            for i, line in enumerate(lines):
                m = re.match(r"^( *)[A-Za-z_][\w-]*:$", line) if part is fm else None
                if m is None:
                    continue
                rest = next((n for n in lines[i + 1 :] if n.strip()), "")
                depth, rest_depth = len(m.group(1)), len(rest) - len(rest.lstrip())
                flush_item = rest_depth == depth and rest.lstrip().startswith("- ")
                if not (rest_depth > depth or flush_item) or rest.startswith("#"):
                    del lines[i]
                    changed = True
                    break
        joined = "\n".join(lines)
        if part is body:  # one blank line after the closing delimiter, single blank lines between blocks
            joined = re.sub(r"\n{3,}", "\n\n", "\n" + joined.lstrip("\n"))
        out.append(joined)
    return out[0] + sep + out[1] if sep else out[0]


def _check(text: str, pattern_id: str, slug: str, title: str, summary: str | None) -> None:
    """The filled template must read back as exactly what was put in."""
    parts = split(text, "<new pattern>")
    data = yaml.safe_load(parts.frontmatter(text))
    got = (data.get("id"), data.get("slug"), data.get("title"), data.get("summary"))
    if got != (pattern_id, slug, title, summary):  # pragma: no cover - a template or escaping bug
        raise PatternError(f"the new pattern does not read back as written: {got!r}", "<new pattern>")


def create_pattern(
    folder: str | Path, title: str, *, index: LibraryIndex | None = None, summary: str | None = None, **options: Any
) -> Path:
    """Write ``<slug>.md`` for a new pattern into ``folder``; never overwrites. Returns its path.
    ``options`` go to :func:`new_pattern_text` (labels, tension, attribution, layout)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise SaveError("not a folder", str(folder))
    slug = unique_slug(folder, slugify(title), index)
    path = folder / f"{slug}.md"
    write_new(path, new_pattern_text(title, slug, summary=summary, **options).encode("utf-8"))
    if index is not None:
        index.update_file(path)
    return path


def title_from_slug(slug: str) -> str:
    """A starting title for a stub: 'active-listening-depth' -> 'Active Listening Depth'."""
    return " ".join(word.capitalize() for word in slug.split("-"))


def create_stub(folder: str | Path, slug: str, *, title: str | None = None, index: LibraryIndex | None = None) -> Path:
    """Create ``<slug>.md`` for a dangling link's target, keeping that exact slug so the link resolves."""
    folder = Path(folder)
    if not folder.is_dir():
        raise SaveError("not a folder", str(folder))
    path = folder / f"{slug}.md"
    write_new(path, new_pattern_text(title or title_from_slug(slug), slug).encode("utf-8"))
    if index is not None:
        index.update_file(path)
    return path
