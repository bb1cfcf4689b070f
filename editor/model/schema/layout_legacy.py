"""The older flat layout, declared as data: its groups and every field."""

from __future__ import annotations

from editor.model.schema.fields import (
    BLOCK_PLAIN,
    OPTIONAL,
    PLAIN,
    REQUIRED,
    Field,
    Group,
    Layout,
)
from editor.model.schema.spec import (
    ID_PATTERN,
    SLUG_PATTERN,
    legacy_relations_field,
)

LEGACY_GROUPS = (
    Group(1, "identity", "IDENTITY", "Identity", "Id, slug, title, aliases, version and dates."),
    Group(
        3,
        "classification",
        "CLASSIFICATION",
        "Classification",
        "How the older layout classifies the pattern, with its commons alignment score.",
    ),
    Group(5, "relationships", "RELATIONSHIPS", "Relationships", "Links to other patterns, listed by pattern id."),
    Group(7, "provenance", "PROVENANCE", "Provenance", "Who made the pattern, sources, licence and links."),
)

_TIMESTAMP_HELP = "Date (YYYY-MM-DD) or timestamp (2026-01-28 00:00:00+00:00)."

LEGACY_FIELDS: tuple[Field, ...] = (
    Field(
        "id",
        "ID",
        "id",
        "Permanent identity: `pat_` and 20-30 lowercase letters or digits.",
        REQUIRED,
        pattern=ID_PATTERN,
        style=PLAIN,
        group=1,
        own_format_rule=True,
    ),
    Field("page_url", "Page URL", "url", "Where the pattern is published.", OPTIONAL, style=PLAIN, group=7),
    Field("github_url", "GitHub URL", "url", "The file in the upstream repository.", OPTIONAL, style=PLAIN, group=7),
    Field("title", "Title", "text", "The pattern's display name.", REQUIRED, style=PLAIN, group=1),
    Field(
        "slug",
        "Slug",
        "slug",
        "Short key, equal to the file name.",
        REQUIRED,
        pattern=SLUG_PATTERN,
        style=PLAIN,
        group=1,
        own_format_rule=True,
    ),
    Field(
        "aliases",
        "Aliases",
        "strings",
        "Other names people use for it.",
        OPTIONAL,
        style=BLOCK_PLAIN,
        group=1,
        default=[],
    ),
    Field("version", "Version", "text", "Content version (1.0, 1.0.0).", OPTIONAL, style=PLAIN, group=1),
    Field(
        "created",
        "Created",
        "timestamp",
        "When the pattern was created. " + _TIMESTAMP_HELP,
        OPTIONAL,
        style=PLAIN,
        group=1,
    ),
    Field(
        "modified",
        "Modified",
        "timestamp",
        "When the pattern last changed. " + _TIMESTAMP_HELP,
        OPTIONAL,
        style=PLAIN,
        group=1,
    ),
    Field(
        "classification",
        "Classification",
        "map",
        "The older layout's classification block.",
        OPTIONAL,
        group=3,
        children=(
            Field(
                "universality",
                "Universality",
                "text",
                "How widely the pattern applies (universal, domain, context-dependent…).",
                OPTIONAL,
                style=PLAIN,
            ),
            Field(
                "domain",
                "Domain",
                "text",
                "Business area (operations, platform, startup, design…).",
                OPTIONAL,
                style=PLAIN,
            ),
            Field(
                "category",
                "Category",
                "strings",
                "Kind of pattern (practice, framework…).",
                OPTIONAL,
                style=BLOCK_PLAIN,
            ),
            Field(
                "era",
                "Era",
                "strings",
                "Eras it belongs to (agricultural, industrial, digital, cognitive).",
                OPTIONAL,
                style=BLOCK_PLAIN,
            ),
            Field("origin", "Origin", "strings", "Where the pattern comes from.", OPTIONAL, style=BLOCK_PLAIN),
            Field(
                "status",
                "Status",
                "enum",
                "Editorial state.",
                OPTIONAL,
                values=("draft", "review", "published", "mature", "deprecated"),
                style=PLAIN,
            ),
            Field(
                "commons_alignment",
                "Commons alignment",
                "integer",
                "How well it serves the commons, 1 (low) to 5 (very high).",
                OPTIONAL,
                1,
                5,
                style=PLAIN,
            ),
            Field(
                "commons_domain",
                "Commons domain",
                "strings",
                "Library sections (business, startup…).",
                OPTIONAL,
                style=BLOCK_PLAIN,
            ),
        ),
    ),
    legacy_relations_field("generalizes_from"),
    legacy_relations_field("specializes_to"),
    legacy_relations_field("enables"),
    legacy_relations_field("requires"),
    legacy_relations_field("related"),
    Field(
        "confidence_score",
        "Confidence score",
        "weight",
        "How sure the authors are, 0 to 1.",
        OPTIONAL,
        0,
        1,
        style=PLAIN,
        group=3,
    ),
    Field(
        "last_updated", "Last updated", "timestamp", "When the content last changed.", OPTIONAL, style=PLAIN, group=1
    ),
    Field(
        "contributors",
        "Contributors",
        "strings",
        "People and organisations credited (names or maps).",
        OPTIONAL,
        style=BLOCK_PLAIN,
        group=7,
        default=[],
    ),
    Field(
        "sources", "Sources", "strings", "Works the pattern draws on.", OPTIONAL, style=BLOCK_PLAIN, group=7, default=[]
    ),
    Field("license", "License", "text", "The content licence.", OPTIONAL, style=PLAIN, group=7),
    Field(
        "attribution", "Attribution", "text", "The credit line the licence requires.", OPTIONAL, style=PLAIN, group=7
    ),
    Field("repository", "Repository", "url", "The upstream repository.", OPTIONAL, style=PLAIN, group=7),
)

LEGACY = Layout("legacy", "Older flat layout", LEGACY_FIELDS, LEGACY_GROUPS)
