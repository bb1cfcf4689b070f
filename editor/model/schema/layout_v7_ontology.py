"""Spec v7.1's ontology group: domain, the commons-assessment score card, vitality."""

from __future__ import annotations

from editor.model.schema.fields import (
    BLOCK_PLAIN,
    EXPECTED,
    EXTENSION,
    FLOW,
    FLOW_QUOTED,
    FOLDED,
    PLAIN,
    QUOTED,
    Field,
)
from editor.model.schema.spec import (
    PILLAR_HELP,
    PILLARS,
    SLUG_PATTERN,
    score_field,
)

ONTOLOGY = Field(
    "ontology",
    "Ontology",
    "map",
    "Classification, search hints and the commons score card.",
    EXPECTED,
    group=3,
    children=(
        Field(
            "domain",
            "Domain",
            "slug",
            "The main subject area, in kebab-case (e.g. feedback-learning). The vocabulary is open.",
            EXPECTED,
            pattern=SLUG_PATTERN,
            style=PLAIN,
        ),
        Field(
            "cross_domains",
            "Cross domains",
            "strings",
            "Secondary subject areas.",
            EXPECTED,
            style=FLOW,
            default=[],
        ),
        Field(
            "commons_domain",
            "Commons domain",
            "strings",
            "The section of the Commons OS library the pattern is filed under (e.g. life).",
            EXTENSION,
            style=BLOCK_PLAIN,
            default=["life"],
        ),
        Field(
            "specification_layer",
            "Specification layer",
            "text",
            "Layer in the Commons Blueprint stack, L0 to L7.",
            EXTENSION,
            pattern=r"^L[0-7]$",
            style=PLAIN,
        ),
        Field(
            "search_hints",
            "Search hints",
            "map",
            "What semantic search needs to find the pattern.",
            EXPECTED,
            children=(
                Field(
                    "primary_tension",
                    "Primary tension",
                    "text",
                    'The central trade-off, written "A vs. B"; Section 2 restates it.',
                    EXPECTED,
                    pattern=r"^.+ vs\. .+$",
                    style=QUOTED,
                    rule="tension",
                    pattern_label="'A vs. B'",
                ),
                Field(
                    "vector_keywords",
                    "Keywords",
                    "strings",
                    "About five terms for embedding and semantic search.",
                    EXPECTED,
                    style=FLOW_QUOTED,
                    default=[],
                ),
            ),
        ),
        Field(
            "commons_assessment",
            "Commons assessment",
            "map",
            "The score card: seven pillars, vitality, and their average.",
            EXPECTED,
            children=(
                *(score_field(p, p.replace("_", " ").capitalize(), PILLAR_HELP[p]) for p in PILLARS),
                score_field(
                    "vitality",
                    "Vitality",
                    "Capacity to generate life and adaptation: Generative ≥ 4.5, Sustaining ≥ 3.5, "
                    "Functional ≥ 2.0, else Extractive.",
                    beside="band",
                ),
                Field(
                    "vitality_reasoning",
                    "Vitality reasoning",
                    "longtext",
                    "Why the vitality score, with the pattern's strengths and weaknesses.",
                    EXPECTED,
                    style=FOLDED,
                ),
                score_field(
                    "overall_score",
                    "Overall score",
                    "The mean of the seven pillars and vitality, to one decimal.",
                    beside="mean",
                ),
            ),
        ),
    ),
)
