"""The pattern format reference, written from the schema declaration (Help → Pattern format reference)."""

from __future__ import annotations

from editor.model.schema.fields import EXPECTED, EXTENSION, OPTIONAL, REQUIRED, Field, Layout
from editor.model.schema.layout_legacy import LEGACY
from editor.model.schema.layout_v7 import V7
from editor.model.schema.spec import BODY_SECTIONS, VITALITY_BANDS

_NEED = {REQUIRED: "required", EXPECTED: "expected", OPTIONAL: "optional", EXTENSION: "extension"}
_KIND = {
    "text": "text",
    "longtext": "paragraph",
    "id": "pattern id",
    "slug": "slug",
    "enum": "choice",
    "score": "score 0–5",
    "weight": "weight 0–1",
    "number": "number",
    "integer": "whole number",
    "date": "date",
    "timestamp": "date or timestamp",
    "url": "web address",
    "strings": "list of texts",
    "relations": "links to patterns",
    "table": "table",
    "map": "group",
    "any": "anything",
}


def _rows(fields: tuple[Field, ...], prefix: str = "") -> list[str]:
    rows = []
    for f in fields:
        kind = _KIND.get(f.kind, f.kind)
        if f.kind == "enum" and f.values:
            kind += ": " + ", ".join(str(v) for v in f.values)
        rows.append(f"| `{prefix}{f.key}` | {f.label} | {kind} | {_NEED[f.required]} | {f.help} |")
        if f.children:
            rows.extend(_rows(f.children, f"{prefix}{f.key}."))
        if f.item and f.kind == "table":
            rows.extend(_rows(f.item, f"{prefix}{f.key}[]."))
    return rows


def _layout(layout: Layout) -> list[str]:
    out = []
    for group in layout.groups:
        fields = tuple(f for f in layout.fields if f.group == group.number)
        if not fields:
            continue
        out += [
            f"### {group.number}. {group.label}",
            "",
            group.help,
            "",
            "| Key | Label | Kind | Need | Meaning |",
            "|---|---|---|---|---|",
            *_rows(fields),
            "",
        ]
    return out


def reference_markdown() -> str:
    lines = [
        "# Pattern format reference",
        "",
        "A pattern is one markdown file named `<slug>.md`: a YAML frontmatter between two `---` lines, then a "
        "markdown body. This reference is generated from the editor's own schema, so it always matches what "
        "the form shows and what validation checks.",
        "",
        "**Need**: *required* fields must be present; *expected* ones belong in every spec v7.1 file (a warning "
        "when missing); *optional* may be left out; *extension* keys are seen in real files and kept, never "
        "demanded. Keys the schema does not know are kept exactly as written and shown under *Other fields*.",
        "",
        "## Spec v7.1 (grouped layout)",
        "",
        *_layout(V7),
        "### Vitality bands",
        "",
        "| From | Band | Meaning |",
        "|---|---|---|",
        *[f"| {t} | {name} | {meaning} |" for t, name, meaning in VITALITY_BANDS],
        "",
        "`overall_score` is the mean of the seven pillars and vitality, rounded to one decimal.",
        "",
        "## Body",
        "",
        "One summary sentence, a `> [!NOTE] Confidence Rating: ★★☆ (Medium)` callout whose stars match "
        "`lifecycle.confidence`, then eight sections separated by `---` lines:",
        "",
        "| Heading | Words | Purpose |",
        "|---|---|---|",
        *[
            f"| `### Section {i}: {name}` | {lo}–{hi} | {purpose} |"
            for i, (name, lo, hi, purpose) in enumerate(BODY_SECTIONS, 1)
        ],
        "",
        "Section 2 opens with `> **The core conflict is <primary tension>.**`; Section 3 with "
        "`> **Therefore, <instruction>.**`.",
        "",
        "## Older flat layout",
        "",
        "About four in ten real files use an older layout: a top-level `classification` block, `page_url`, "
        "`created`/`modified`, and relationship lists holding pattern ids (`pat_…`). The editor opens, edits "
        "and saves them as they are.",
        "",
        *_layout(LEGACY),
    ]
    return "\n".join(lines)
