"""New patterns from ``resources/templates/pattern.md``: fresh id, slug from the title, today's date.

The template is the seed's layout (seven banner-headed groups, eight body sections with the
spec's openers) with placeholders; what it produces validates with no errors and no warnings
(only the section word-count notes, since the sections hold one line of guidance each).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

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
DEFAULT_SUMMARY = "One or two sentences on what this pattern does and for whom."
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


def new_pattern_text(
    title: str, slug: str, *, summary: str | None = None, today: dt.date | None = None, pattern_id: str | None = None
) -> str:
    """The text of a new pattern file (the UI's "create stub" for a dangling link uses it too)."""
    title = _clean(title)
    if not title:
        raise ValueError("a new pattern needs a title")
    if not _SLUG.match(slug):
        raise ValueError(f"slug {slug!r} must be lowercase words joined by hyphens")
    summary = _clean(summary or "") or DEFAULT_SUMMARY
    today = today or dt.date.today()
    pattern_id = pattern_id or new_typeid("pat")
    lines = textwrap.wrap(summary, SUMMARY_WIDTH - 2, break_long_words=False, break_on_hyphens=False)
    values = {
        "id": pattern_id,
        "slug": _plain_or_quoted(slug),
        "title": json.dumps(title, ensure_ascii=False),  # a JSON string is a YAML double-quoted scalar
        "summary_block": "\n".join("  " + line for line in lines),
        "summary": summary,
        "today": today.isoformat(),
    }
    template = assets.read_text(TEMPLATE)
    text = _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)
    _check(text, pattern_id, slug, title, summary)
    return text


def _check(text: str, pattern_id: str, slug: str, title: str, summary: str) -> None:
    """The filled template must read back as exactly what was put in."""
    parts = split(text, "<new pattern>")
    data = yaml.safe_load(parts.frontmatter(text))
    got = (data.get("id"), data.get("slug"), data.get("title"), data.get("summary"))
    if got != (pattern_id, slug, title, summary):  # pragma: no cover - a template or escaping bug
        raise PatternError(f"the new pattern does not read back as written: {got!r}", "<new pattern>")


def create_pattern(
    folder: str | Path, title: str, *, index: LibraryIndex | None = None, summary: str | None = None
) -> Path:
    """Write ``<slug>.md`` for a new pattern into ``folder``; never overwrites. Returns its path."""
    folder = Path(folder)
    if not folder.is_dir():
        raise SaveError("not a folder", str(folder))
    slug = unique_slug(folder, slugify(title), index)
    path = folder / f"{slug}.md"
    write_new(path, new_pattern_text(title, slug, summary=summary).encode("utf-8"))
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
