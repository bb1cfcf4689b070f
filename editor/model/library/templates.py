"""Templates for new patterns and "Duplicate as new pattern" (Qt-free; the dialog is in editor/ui).

A template is the built-in one (``newpattern.py``, in either layout) or any ``*.md`` file in the
library's ``_templates/`` folder, such as the upstream ``_templates/pattern.md`` with its
``{Placeholder}`` values and ``# REQUIRED`` notes. :func:`plan_new_pattern` computes the slug, the
file name and the text without writing anything; :func:`write_plan` writes it (never overwriting).

What a library template gives a new file: its frontmatter keys, order, banners and values, and
its body's headings and text, with the identity (id, slug, title, summary) set from the dialog.
Nothing that is only a placeholder is written: a value holding ``{…}``, the italic word-count
guidance lines and the template's ``# …`` notes after values are left out (a value's key goes
with it, and so does a parent left with no children), and so are context labels the user did
not give. When the chosen layout is not the template's own, the built-in frontmatter of that
layout is used with the template's body.

Duplicating keeps every key, value and the body of the current pattern and gives it a new
identity: a new ``pat_`` TypeID, slug and title, no aliases, context labels renamed with the
title (a label not naming the old title is left out), ``status: draft``, today's dates
(``last_pruned``, legacy ``created``/``modified``/``last_updated``), and the slug inside
``page_url``/``github_url``. Contributors, sources, licence and attribution stay: the copy is a
derived work of the original, which CC-BY-SA requires to keep crediting.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from editor.model.document.document import Document
from editor.model.document.storage import write_new
from editor.model.errors import PatternError, SaveError
from editor.model.library.newpattern import (
    DROP,
    LAYOUT_TEMPLATES,
    SUMMARY_WIDTH,
    drop_empty,
    new_pattern_text,
    slugify,
    unique_slug,
)
from editor.model.library.typeid import new_typeid
from editor.model.schema import layout_of

if TYPE_CHECKING:
    from editor.model.library.index import LibraryIndex

TEMPLATES_DIR = "_templates"
BUILTIN = "built-in"
LAYOUTS = tuple(LAYOUT_TEMPLATES)  # ("v7.1", "legacy")
LAYOUT_LABELS = {"v7.1": "v7.1 (seven groups)", "legacy": "Legacy (flat classification)"}
_PLACEHOLDER = re.compile(r"\{[A-Za-z][^{}\n]*\}")
_GUIDANCE = re.compile(r"^\s*\*\([^)]*\)\*\s*$")  # *(100–200 words)*
_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<item>- )?(?P<key>[A-Za-z_][\w-]*):(?P<value>.*)$")
_DATE_KEYS = ("created", "modified", "last_updated")


@dataclass(frozen=True)
class Template:
    name: str  # what the dialog lists
    path: Path | None  # None: the built-in template
    layout: str  # "v7.1", "legacy" or "" when the file cannot be read as a pattern

    @property
    def builtin(self) -> bool:
        return self.path is None


@dataclass(frozen=True)
class Plan:
    """A new pattern not yet written: its slug, file and text."""

    slug: str
    path: Path
    text: str


def list_templates(folder: str | Path | None) -> list[Template]:
    """The built-in template, then every ``*.md`` in ``<folder>/_templates/`` by name."""
    out = [Template("Built-in template", None, "")]
    base = Path(folder) / TEMPLATES_DIR if folder else None
    if base is not None and base.is_dir():
        for path in sorted(base.glob("*.md")):
            if path.is_file() and not path.name.startswith("."):
                out.append(Template(f"{TEMPLATES_DIR}/{path.name}", path, _layout_of_file(path)))
    return out


def _layout_of_file(path: Path) -> str:
    try:
        fm, _body = _split(path.read_text(encoding="utf-8"))
        data = yaml.safe_load(fm)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError):
        return ""
    return layout_of(data).name if isinstance(data, dict) else ""


def _split(text: str) -> tuple[str, str]:
    """Frontmatter and body of a template; its delimiters may carry trailing spaces (upstream's do)."""
    lines = text.replace("\r\n", "\n").split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise ValueError("a template starts with a --- line")
    for i in range(1, len(lines)):
        if lines[i].rstrip() == "---":
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :])
    raise ValueError("a template's frontmatter ends with a --- line")


def plan_new_pattern(
    folder: str | Path,
    title: str,
    *,
    template: Template | None = None,
    layout: str = "v7.1",
    index: LibraryIndex | None = None,
    summary: str = "",
    labels: dict[str, str] | None = None,
    tension: str = "",
    today: dt.date | None = None,
    pattern_id: str | None = None,
) -> Plan:
    """What New Pattern would write: nothing is written here."""
    folder = Path(folder)
    slug = unique_slug(folder, slugify(title), index)
    options = {"summary": summary, "labels": labels, "tension": tension, "today": today, "pattern_id": pattern_id}
    if template is None or template.builtin:
        text = new_pattern_text(title, slug, layout=layout, **options)
    else:
        text = from_template(template.path.read_text(encoding="utf-8"), title, slug, layout=layout, **options)
    return Plan(slug, folder / f"{slug}.md", text)


def write_plan(plan: Plan, index: LibraryIndex | None = None) -> Path:
    if not plan.path.parent.is_dir():
        raise SaveError("not a folder", str(plan.path.parent))
    write_new(plan.path, plan.text.encode("utf-8"))
    if index is not None:
        index.update_file(plan.path)
    return plan.path


# ---------------------------------------------------------------- a library template


def from_template(
    template_text: str,
    title: str,
    slug: str,
    *,
    layout: str = "v7.1",
    summary: str = "",
    labels: dict[str, str] | None = None,
    tension: str = "",
    today: dt.date | None = None,
    pattern_id: str | None = None,
) -> str:
    """A new pattern's text from a template file's text (see the module docstring)."""
    today = today or dt.date.today()
    pattern_id = pattern_id or new_typeid("pat")
    labels = {k: " ".join(v.split()) for k, v in (labels or {}).items() if v and v.strip()}
    summary, tension, title = (" ".join(s.split()) for s in (summary or "", tension or "", title))
    try:
        fm, body = _split(template_text)
        data = yaml.safe_load(fm)
    except (ValueError, yaml.YAMLError) as exc:
        raise PatternError(f"the template cannot be used: {exc}", "<template>") from None
    own = layout_of(data).name if isinstance(data, dict) else ""
    body = _clean_body(body, summary, tension)
    if own != layout:  # the chosen layout's built-in frontmatter, the template's body
        built = new_pattern_text(
            title,
            slug,
            layout=layout,
            summary=summary,
            labels=labels,
            tension=tension,
            today=today,
            pattern_id=pattern_id,
        )
        return built.split("\n---\n", 1)[0] + "\n---\n" + body
    values = {"id": pattern_id, "slug": slug, "title": json.dumps(title, ensure_ascii=False)}
    fm = _fill_frontmatter(fm, values, summary, labels, tension, today)
    text = "---\n" + fm + "\n---\n" + body
    check = yaml.safe_load(fm)
    if not isinstance(check, dict) or (check.get("id"), check.get("slug"), check.get("title")) != (
        pattern_id,
        slug,
        title,
    ):
        raise PatternError("the template does not give a readable pattern", "<template>")
    return text


def _strip_note(line: str) -> str:
    """``key: value   # REQUIRED. …`` -> ``key: value``, when the ``#`` starts a real YAML comment."""
    at = line.find(" #")
    while at >= 0:
        head = line[:at].rstrip()
        try:
            if head.strip() and yaml.safe_load(head) == yaml.safe_load(line):
                return head
        except yaml.YAMLError:
            pass
        at = line.find(" #", at + 1)
    return line


def _fill_frontmatter(
    fm: str, values: dict[str, str], summary: str, labels: dict[str, str], tension: str, today: dt.date
) -> str:
    lines = [_strip_note(line) if not line.lstrip().startswith("#") else line for line in fm.split("\n")]
    out: list[str] = []
    skip_deeper = -1  # drop the continuation lines of a dropped key
    parent: list[tuple[int, str]] = []
    seen: set[str] = set()
    for at, line in enumerate(lines):
        m = _KEY_LINE.match(line)
        depth = len(line) - len(line.lstrip())
        if skip_deeper >= 0:
            if line.strip() and (depth > skip_deeper or (m is None and not line.lstrip().startswith("#"))):
                continue
            skip_deeper = -1
        if m is None:
            if _PLACEHOLDER.search(line) and not line.lstrip().startswith("#"):
                continue  # a "- {item}" list entry or a placeholder continuation line
            out.append(line)
            continue
        indent, key, value = len(m.group("indent")), m.group("key"), m.group("value").strip()
        while parent and parent[-1][0] >= indent:
            parent.pop()
        under = parent[-1][1] if parent else ""
        if not value or value in (">-", ">", "|", "|-"):
            parent.append((indent, key))
        new = None
        if indent == 0 and key in values:
            new = f"{key}: {values[key]}"
            seen.add(key)
        elif indent == 0 and key == "summary":
            new = _summary_lines(summary) if summary else DROP
        elif under == "context_labels":
            new = f"{m.group('indent')}{key}: {json.dumps(labels[key], ensure_ascii=False)}" if key in labels else DROP
        elif key == "primary_tension":
            new = f"{m.group('indent')}{key}: {json.dumps(tension, ensure_ascii=False)}" if tension else DROP
        elif key == "last_pruned" or (indent == 0 and key in _DATE_KEYS):
            new = f"{m.group('indent')}{key}: {today.isoformat()}"
        elif _is_placeholder(value) or (value in (">-", ">", "|", "|-") and _only_placeholders(lines, at, indent)):
            new = DROP
        if new is None:
            out.append(line)
            continue
        if new == DROP or value in (">-", ">", "|", "|-"):
            skip_deeper = indent  # the old value's lines under a replaced or dropped key
        out.append(new)
    missing = [f"{k}: {values[k]}" for k in ("id", "slug", "title") if k not in seen]
    first = next((i for i, line in enumerate(out) if _KEY_LINE.match(line)), len(out))
    out[first:first] = missing
    return drop_empty("\n".join(out))


def _is_placeholder(value: str) -> bool:
    """``"{Corporate-friendly name}"``, ``{finance|governance|...}`` (a choice list), ``pat_{TYPEID}``."""
    return bool(_PLACEHOLDER.search(value)) or (value.startswith("{") and "|" in value)


def _only_placeholders(lines: list[str], at: int, indent: int) -> bool:
    """Whether the block scalar starting at ``lines[at]`` holds nothing but placeholders."""
    block = []
    for line in lines[at + 1 :]:
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break
        block.append(line)
    return all(_PLACEHOLDER.search(line) for line in block if line.strip())


def _summary_lines(summary: str) -> str:
    import textwrap

    wrapped = textwrap.wrap(summary, SUMMARY_WIDTH - 2, break_long_words=False, break_on_hyphens=False)
    return "summary: >-" + "".join("\n  " + line for line in wrapped)


def _clean_body(body: str, summary: str, tension: str) -> str:
    out = []
    for line in body.split("\n"):
        if _GUIDANCE.match(line):
            continue
        if _PLACEHOLDER.search(line):
            if tension and "core conflict is" in line:
                out.append(f"> **The core conflict is {tension}.**")
            continue
        out.append(line.rstrip() if not line.strip() else line)
    text = "\n".join(out).strip("\n")
    text = re.sub(r"\n{3,}", "\n\n", text)
    text = re.sub(r"(?m)^(---\n\n)(?=---$)", "", text)  # rules around a paragraph that was all placeholder
    head = f"\n{summary}\n\n" if summary else "\n"
    return head + text + "\n"


# ---------------------------------------------------------------- duplicate


def duplicate_text(
    text: str, title: str, slug: str, *, pattern_id: str | None = None, today: dt.date | None = None
) -> str:
    """The current pattern's text with a new identity (see the module docstring)."""
    title = " ".join(title.split())
    if not title:
        raise ValueError("a new pattern needs a title")
    today = today or dt.date.today()
    doc = Document.from_text(text)
    if doc.error is not None or not isinstance(doc.data, dict):
        raise PatternError("only a pattern whose frontmatter parses can be duplicated", "<duplicate>")
    data = doc.data
    old_title, old_slug = str(data.get("title") or ""), str(data.get("slug") or "")
    doc.set("id", pattern_id or new_typeid("pat"))
    doc.set("slug", slug)
    doc.set("title", title)
    if data.get("aliases"):
        doc.set("aliases", [])
    labels = data.get("context_labels")
    if isinstance(labels, dict):
        for key, value in list(labels.items()):
            if isinstance(value, str) and old_title and old_title in value:
                doc.set(("context_labels", key), value.replace(old_title, title))
            else:
                doc.delete(("context_labels", key))
        if not doc.data.get("context_labels"):
            doc.delete("context_labels")
    lifecycle = data.get("lifecycle")
    if isinstance(lifecycle, dict) and lifecycle.get("status") not in (None, "draft"):
        doc.set(("lifecycle", "status"), "draft")
    garden = data.get("graph_garden")
    if isinstance(garden, dict) and "last_pruned" in garden:
        doc.set(("graph_garden", "last_pruned"), _date_like(garden["last_pruned"], today))
    for key in _DATE_KEYS:
        if key in data:
            doc.set(key, _date_like(data[key], today))
    for key in ("page_url", "github_url"):
        value = data.get(key)
        if isinstance(value, str) and old_slug and old_slug in value:
            doc.set(key, value.replace(old_slug, slug))
    body = doc.body
    if old_title and body.lstrip("\n").startswith(f"# {old_title}\n"):  # legacy bodies open with the title
        doc.set_body(body.replace(f"# {old_title}\n", f"# {title}\n", 1))
    return doc.text


def _date_like(old: object, today: dt.date) -> object:
    """Today, as the kind of value the old date was (a date, a timestamp, or text)."""
    if isinstance(old, dt.datetime):
        return dt.datetime(today.year, today.month, today.day, tzinfo=old.tzinfo)
    if isinstance(old, str) and "T" in old:
        return f"{today.isoformat()}T00:00:00Z"
    return today.isoformat() if isinstance(old, str) else today


def plan_duplicate(
    text: str, folder: str | Path, title: str, *, index: LibraryIndex | None = None, today: dt.date | None = None
) -> Plan:
    folder = Path(folder)
    slug = unique_slug(folder, slugify(title), index)
    return Plan(slug, folder / f"{slug}.md", duplicate_text(text, title, slug, today=today))
