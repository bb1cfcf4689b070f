"""Spec v7.1 (the grouped layout) and the older flat layout, declared as data.

Help texts are ours; counts and ranges come from PATTERN_FORMAT.md.
"""

from __future__ import annotations

from editor.model.document.emit import Style
from editor.model.schema.entries import BARE_ID, SLUG_WEIGHT
from editor.model.schema.fields import (
    BLOCK_PLAIN,
    EXPECTED,
    EXTENSION,
    ONE_DECIMAL,
    OPTIONAL,
    PLAIN,
    QUOTED,
    REQUIRED,
    Field,
)

ID_PATTERN = r"^pat_[a-z0-9]{20,30}$"
TYPEID_PATTERN = r"^pat_[0-7][0-9a-hjkmnp-tv-z]{25}$"
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

RELATION_TYPES = ("generalizes_from", "specializes_to", "enables", "requires", "alternatives", "complementary", "tools")
RELATION_LABELS = {
    "generalizes_from": "Generalizes from",
    "specializes_to": "Specializes to",
    "enables": "Enables",
    "requires": "Requires",
    "alternatives": "Alternatives",
    "complementary": "Complementary",
    "tools": "Tools",
    "related": "Related",
}
RELATION_HELP = {
    "generalizes_from": "Broader patterns this one is a narrower case of.",
    "specializes_to": "Narrower refinements of this pattern.",
    "enables": "Patterns that adopting this one makes possible or easier.",
    "requires": "Patterns that must be in place before this one works.",
    "alternatives": "Patterns that tackle the same problem another way: usually pick one.",
    "complementary": "Patterns that reinforce this one when used together.",
    "tools": "Supporting tools or techniques for carrying this pattern out.",
    "related": "Loosely related patterns, listed by id (older layout).",
}

PILLARS = (
    "stakeholder_architecture",
    "value_creation",
    "resilience",
    "ownership",
    "autonomy",
    "composability",
    "fractal_value",
)
PILLAR_HELP = {
    "stakeholder_architecture": "Who holds voice and decision power: 5 when everyone affected shapes it.",
    "value_creation": "Whether the pattern produces real value and shares it fairly.",
    "resilience": "How well a system using it absorbs shocks and adapts.",
    "ownership": "How widely ownership and stewardship are spread.",
    "autonomy": "How far it supports people and groups governing themselves.",
    "composability": "How easily it combines with other patterns.",
    "fractal_value": "Whether it creates value the same way at every scale, from a pair to a federation.",
}

# Vitality bands: thresholds as PATTERN_FORMAT.md §3 advises (the printed ranges leave gaps).
VITALITY_BANDS = (
    (4.5, "Generative", "creates room for new life and adaptation"),
    (3.5, "Sustaining", "keeps existing health going"),
    (2.0, "Functional", "works, but adds little aliveness and may stiffen the system"),
    (0.0, "Extractive", "solves a narrow problem while draining the wider system"),
)

BODY_SECTIONS = (
    ("Context", 100, 200, "The setting, and whether the system is growing or decaying."),
    ("Problem", 100, 200, "The forces pulling against each other."),
    ("Solution", 200, 400, "The mechanism that resolves the forces."),
    ("Implementation", 300, 500, "Practical, step-by-step cultivation."),
    ("Consequences", 200, 300, "Trade-offs, new capacities and failure modes."),
    ("Known Uses", 200, 300, "At least two real cases, told as stories."),
    ("Cognitive Era", 150, 250, "How AI and autonomous agents change the pattern."),
    ("Vitality", 200, 300, "Signs of health and of decay."),
)

CONFIDENCE_LABELS = ("★☆☆ Low", "★★☆ Medium", "★★★ High")


def vitality_band(score: float) -> tuple[str, str]:
    for threshold, name, meaning in VITALITY_BANDS:
        if score >= threshold:
            return name, meaning
    return VITALITY_BANDS[-1][1], VITALITY_BANDS[-1][2]


def score_field(key: str, label: str, help: str, required: str = EXPECTED, beside: str = "") -> Field:
    return Field(key, label, "score", help, required, 0, 5, style=ONE_DECIMAL, default=3.0, beside=beside)


_RELATION_ENTRY = (
    Field(
        "slug",
        "Pattern",
        "slug",
        "The slug of the pattern this one links to.",
        REQUIRED,
        pattern=SLUG_PATTERN,
        style=PLAIN,
    ),
    Field(
        "weight",
        "Weight",
        "weight",
        "How strong the link is, from 0 (barely) to 1 (essential).",
        EXPECTED,
        0,
        1,
        style=PLAIN,
        default=0.8,
    ),
    Field(
        "id",
        "Pattern (older key)",
        "slug",
        "Some files name the target under `id` instead of `slug`.",
        EXTENSION,
        style=PLAIN,
    ),
    Field("description", "Description", "text", "Why the two patterns are linked.", EXTENSION, style=QUOTED),
)

_RELATION_STYLE = Style(flow=False, item=Style(flow=False, keys={"slug": PLAIN, "weight": PLAIN}))


def relations_field(key: str, required: str = EXPECTED) -> Field:
    return Field(
        key,
        RELATION_LABELS[key],
        "relations",
        RELATION_HELP[key],
        required,
        item=_RELATION_ENTRY,
        style=_RELATION_STYLE,
        default=[],
        entry_form=SLUG_WEIGHT,
    )


def legacy_relations_field(key: str) -> Field:
    return Field(
        key,
        RELATION_LABELS[key],
        "relations",
        RELATION_HELP[key] + " The older layout lists pattern ids (pat_…) here.",
        OPTIONAL,
        style=BLOCK_PLAIN,
        group=5,
        default=[],
        entry_form=BARE_ID,
    )
