"""Spec v7.1 (the grouped layout) and the older flat layout, declared as data.

Help texts are ours; counts and ranges come from PATTERN_FORMAT.md.
"""

from __future__ import annotations

from editor.model.document.emit import Style
from editor.model.schema.entries import BARE_ID, SLUG_WEIGHT
from editor.model.schema.fields import (
    BLOCK_PLAIN,
    BLOCK_QUOTED,
    EXPECTED,
    EXTENSION,
    FLOW,
    FLOW_QUOTED,
    FOLDED,
    ONE_DECIMAL,
    OPTIONAL,
    PLAIN,
    QUOTED,
    REQUIRED,
    Field,
    Group,
    Layout,
)

ID_PATTERN = r"^pat_[a-z0-9]{20,30}$"
TYPEID_PATTERN = r"^pat_[0-7][0-9a-hjkmnp-tv-z]{25}$"
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

RELATION_TYPES = ("generalizes_from", "specializes_to", "enables", "requires", "alternatives",
                  "complementary", "tools")
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

PILLARS = ("stakeholder_architecture", "value_creation", "resilience", "ownership", "autonomy",
           "composability", "fractal_value")
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
VITALITY_BANDS = ((4.5, "Generative", "creates room for new life and adaptation"),
                  (3.5, "Sustaining", "keeps existing health going"),
                  (2.0, "Functional", "works, but adds little aliveness and may stiffen the system"),
                  (0.0, "Extractive", "solves a narrow problem while draining the wider system"))

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


def _score(key: str, label: str, help: str, required: str = EXPECTED, beside: str = "") -> Field:
    return Field(key, label, "score", help, required, 0, 5, style=ONE_DECIMAL, default=3.0, beside=beside)


_RELATION_ENTRY = (
    Field("slug", "Pattern", "slug", "The slug of the pattern this one links to.", REQUIRED,
          pattern=SLUG_PATTERN, style=PLAIN),
    Field("weight", "Weight", "weight", "How strong the link is, from 0 (barely) to 1 (essential).",
          EXPECTED, 0, 1, style=PLAIN, default=0.8),
    Field("id", "Pattern (older key)", "slug", "Some files name the target under `id` instead of `slug`.",
          EXTENSION, style=PLAIN),
    Field("description", "Description", "text", "Why the two patterns are linked.", EXTENSION, style=QUOTED),
)

_RELATION_STYLE = Style(flow=False, item=Style(flow=False, keys={"slug": PLAIN, "weight": PLAIN}))


def _relations(key: str, required: str = EXPECTED) -> Field:
    return Field(key, RELATION_LABELS[key], "relations", RELATION_HELP[key], required, item=_RELATION_ENTRY,
                 style=_RELATION_STYLE, default=[], entry_form=SLUG_WEIGHT)


def _legacy_relations(key: str) -> Field:
    return Field(key, RELATION_LABELS[key], "relations",
                 RELATION_HELP[key] + " The older layout lists pattern ids (pat_…) here.", OPTIONAL,
                 style=BLOCK_PLAIN, group=5, default=[], entry_form=BARE_ID)


V7_GROUPS = (
    Group(1, "identity", "CORE IDENTITY", "Identity",
          "What the pattern is called and how it is found: id, slug, title, aliases and summary."),
    Group(2, "context", "CONTEXTUAL TRANSLATION (The Navigator Engine)", "Context labels",
          "The names each audience would recognise this pattern by."),
    Group(3, "ontology", "ONTOLOGY & SEARCH OPTIMIZATION (The RAG Fuel)", "Ontology & scores",
          "Subject areas, search hints and the commons assessment score card."),
    Group(4, "lifecycle", "LIFECYCLE & CONFIDENCE", "Lifecycle",
          "Where the pattern is used, how mature it is, and how sure we are."),
    Group(5, "relationships", "HARD RELATIONSHIPS (Human-Curated Graph)", "Relationships",
          "Typed, weighted links to other patterns, curated by people."),
    Group(6, "graph_garden", "GRAPH GARDEN (Machine-Written Graph)", "Graph garden",
          "Entities, communities and proposed links written by the graph tools. Kept intact."),
    Group(7, "provenance", "PROVENANCE", "Provenance",
          "Who made the pattern, what it draws on, and how it may be reused."),
)

V7_FIELDS: tuple[Field, ...] = (
    # GROUP 1
    Field("id", "ID", "id",
          "Permanent identity: `pat_` and a 26-character TypeID. It never changes, even when the slug does.",
          REQUIRED, pattern=ID_PATTERN, style=PLAIN, group=1, own_format_rule=True),
    Field("slug", "Slug", "slug",
          "The short key other patterns link to; lowercase words joined by hyphens, equal to the file name.",
          REQUIRED, pattern=SLUG_PATTERN, style=PLAIN, group=1, own_format_rule=True),
    Field("title", "Title", "text", "The pattern's official display name.", REQUIRED, style=QUOTED, group=1),
    Field("aliases", "Aliases", "strings", "Other names people use for it; they widen search.", OPTIONAL,
          style=FLOW_QUOTED, group=1, default=[]),
    Field("summary", "Summary", "longtext", "One or two sentences shown on cards and in search results.",
          REQUIRED, style=FOLDED, group=1),
    # GROUP 2
    Field("context_labels", "Context labels", "map", "Audience-specific names for the same pattern.", EXPECTED,
          group=2, children=(
              Field("corporate", "Corporate", "text", "The name a business reader would use.", EXPECTED,
                    style=QUOTED, suggest="for Organizations"),
              Field("government", "Government", "text", "The name used in the public sector.", EXPECTED,
                    style=QUOTED, suggest="in Public Service"),
              Field("activist", "Activist", "text", "The name movements and organisers would use.", EXPECTED,
                    style=QUOTED, suggest="for Movements"),
              Field("tech", "Tech", "text", "The name product and engineering teams would use.", EXPECTED,
                    style=QUOTED, suggest="for Products"),
              Field("community", "Community", "text", "The name used by community groups.", EXTENSION,
                    style=QUOTED, suggest="for Communities"),
              Field("academic", "Academic", "text", "The name used in research.", EXTENSION, style=QUOTED,
                    suggest="in Research"),
          )),
    # GROUP 3
    Field("ontology", "Ontology", "map", "Classification, search hints and the commons score card.", EXPECTED,
          group=3, children=(
              Field("domain", "Domain", "slug",
                    "The main subject area, in kebab-case (e.g. feedback-learning). The vocabulary is open.",
                    EXPECTED, pattern=SLUG_PATTERN, style=PLAIN),
              Field("cross_domains", "Cross domains", "strings", "Secondary subject areas.", EXPECTED,
                    style=FLOW, default=[]),
              Field("commons_domain", "Commons domain", "strings",
                    "The section of the Commons OS library the pattern is filed under (e.g. life).", EXTENSION,
                    style=BLOCK_PLAIN, default=["life"]),
              Field("specification_layer", "Specification layer", "text",
                    "Layer in the Commons Blueprint stack, L0 to L7.", EXTENSION, pattern=r"^L[0-7]$",
                    style=PLAIN),
              Field("search_hints", "Search hints", "map", "What semantic search needs to find the pattern.",
                    EXPECTED, children=(
                        Field("primary_tension", "Primary tension", "text",
                              "The central trade-off, written \"A vs. B\"; Section 2 restates it.", EXPECTED,
                              pattern=r"^.+ vs\. .+$", style=QUOTED, rule="tension",
                              pattern_label="'A vs. B'"),
                        Field("vector_keywords", "Keywords", "strings",
                              "About five terms for embedding and semantic search.", EXPECTED,
                              style=FLOW_QUOTED, default=[]),
                    )),
              Field("commons_assessment", "Commons assessment", "map",
                    "The score card: seven pillars, vitality, and their average.", EXPECTED, children=(
                        *(_score(p, p.replace("_", " ").capitalize(), PILLAR_HELP[p]) for p in PILLARS),
                        _score("vitality", "Vitality",
                               "Capacity to generate life and adaptation: Generative ≥ 4.5, Sustaining ≥ 3.5, "
                               "Functional ≥ 2.0, else Extractive.", beside="band"),
                        Field("vitality_reasoning", "Vitality reasoning", "longtext",
                              "Why the vitality score, with the pattern's strengths and weaknesses.", EXPECTED,
                              style=FOLDED),
                        _score("overall_score", "Overall score",
                               "The mean of the seven pillars and vitality, to one decimal.", beside="mean"),
                    )),
          )),
    # GROUP 4
    Field("lifecycle", "Lifecycle", "map", "Where the pattern is used, how mature it is, how sure we are.",
          EXPECTED, group=4, children=(
              Field("usage_stage", "Usage stage", "enum", "The phase of work in which the pattern is applied.",
                    EXPECTED, values=("ideation", "design", "implementation", "operation"), style=PLAIN),
              Field("adoption_stage", "Adoption stage", "enum", "How widely the pattern is adopted.", EXPECTED,
                    values=("emerging", "growth", "mature"), style=PLAIN),
              Field("status", "Status", "enum", "Editorial state of this text.", EXPECTED,
                    values=("draft", "revised", "stable", "deprecated"), style=PLAIN),
              Field("version", "Version", "number", "Content version, major.minor (e.g. 0.1).", EXPECTED,
                    0, style=PLAIN, default=0.1, spin=(1, 0.1)),
              Field("confidence", "Confidence", "enum",
                    "How sure we are the solution is sound: 1 low, 2 medium, 3 high. "
                    "The body's callout should show as many stars.", EXPECTED,
                    values=(1, 2, 3), value_labels=CONFIDENCE_LABELS, style=PLAIN, default=1),
              Field("last_updated", "Last updated", "date", "When the content last changed.", EXTENSION,
                    style=PLAIN),
          )),
    # GROUP 5
    Field("relationships", "Relationships", "map", "Typed, weighted links to other patterns.", EXPECTED,
          group=5, children=tuple(_relations(t) for t in RELATION_TYPES)),
    # GROUP 6
    Field("graph_garden", "Graph garden", "map",
          "Written by the graph tools: entities, communities and proposed links.", EXPECTED, group=6,
          machine=True, children=(
              Field("last_pruned", "Last pruned", "date", "When the tools last refreshed this group.", EXPECTED,
                    style=PLAIN, machine=True),
              Field("entities", "Entities", "table", "Named things the text discusses.", EXPECTED, machine=True,
                    style=Style(flow=False), default=[], item=(
                        Field("id", "ID", "slug", "Kebab-case id of the entity.", REQUIRED, style=PLAIN),
                        Field("type", "Type", "enum", "What kind of thing it is.", EXPECTED,
                              values=("concept", "practice", "framework", "person", "organization", "tool",
                                      "role"), style=PLAIN),
                        Field("label", "Label", "text", "Display name.", EXPECTED, style=QUOTED),
                        Field("relevance", "Relevance", "weight", "How central it is, 0 to 1.", EXPECTED, 0, 1,
                              style=PLAIN),
                    )),
              Field("communities", "Communities", "table", "Topic clusters the pattern belongs to.", EXPECTED,
                    machine=True, style=Style(flow=False), default=[], item=(
                        Field("id", "ID", "slug", "Kebab-case id of the community.", REQUIRED, style=PLAIN),
                        Field("label", "Label", "text", "Display name.", EXPECTED, style=QUOTED),
                        Field("source", "Source", "enum", "How the membership was found.", EXPECTED,
                              values=("inferred", "taxonomy"), style=PLAIN),
                        Field("confidence", "Confidence", "weight", "How sure the tools are, 0 to 1.", EXPECTED,
                              0, 1, style=PLAIN),
                    )),
              Field("inferred_links", "Inferred links", "table",
                    "Links proposed by the tools; a curator promotes one by adding it to Relationships.",
                    EXPECTED, machine=True, style=Style(flow=False), default=[], item=(
                        Field("target", "Target", "slug", "The slug of the proposed target.", REQUIRED,
                              style=PLAIN),
                        Field("type", "Type", "enum", "The relationship type proposed.", EXPECTED,
                              values=RELATION_TYPES, style=PLAIN, rule="inferred-type"),
                        Field("confidence", "Confidence", "weight", "How sure the tools are, 0 to 1.", EXPECTED,
                              0, 1, style=PLAIN),
                        Field("reason", "Reason", "text", "Why the tools propose it.", EXPECTED, style=QUOTED),
                        Field("strength", "Strength", "number", "Older strength score.", EXTENSION, style=PLAIN),
                    )),
          )),
    # GROUP 7
    Field("contributors", "Contributors", "strings", "People and organisations credited.", EXPECTED,
          style=FLOW_QUOTED, group=7, default=[]),
    Field("sources", "Sources", "strings", "Works the pattern draws on: titles or URLs.", EXPECTED,
          style=BLOCK_QUOTED, group=7, default=[]),
    Field("license", "License", "text", "The content licence (CC-BY-SA-4.0 throughout the library).", EXPECTED,
          style=PLAIN, group=7, default="CC-BY-SA-4.0"),
    Field("attribution", "Attribution", "text", "The credit line the licence requires.", EXPECTED,
          style=QUOTED, group=7),
    Field("provenance", "Provenance", "map", "A copy of the provenance keys written by one generator.",
          EXTENSION, group=7, children=(
              Field("contributors", "Contributors", "strings", "People credited.", OPTIONAL, style=FLOW_QUOTED),
              Field("license", "License", "text", "Content licence.", OPTIONAL, style=PLAIN),
              Field("attribution", "Attribution", "text", "Credit line.", OPTIONAL, style=QUOTED),
          )),
    Field("commons_domain", "Commons domain", "strings",
          "Library section, written at the top level by some files.", EXTENSION, style=FLOW, group=3),
)

LEGACY_GROUPS = (
    Group(1, "identity", "IDENTITY", "Identity", "Id, slug, title, aliases, version and dates."),
    Group(3, "classification", "CLASSIFICATION", "Classification",
          "How the older layout classifies the pattern, with its commons alignment score."),
    Group(5, "relationships", "RELATIONSHIPS", "Relationships", "Links to other patterns, listed by pattern id."),
    Group(7, "provenance", "PROVENANCE", "Provenance", "Who made the pattern, sources, licence and links."),
)

_TIMESTAMP_HELP = "Date (YYYY-MM-DD) or timestamp (2026-01-28 00:00:00+00:00)."

LEGACY_FIELDS: tuple[Field, ...] = (
    Field("id", "ID", "id", "Permanent identity: `pat_` and 20-30 lowercase letters or digits.", REQUIRED,
          pattern=ID_PATTERN, style=PLAIN, group=1, own_format_rule=True),
    Field("page_url", "Page URL", "url", "Where the pattern is published.", OPTIONAL, style=PLAIN, group=7),
    Field("github_url", "GitHub URL", "url", "The file in the upstream repository.", OPTIONAL, style=PLAIN,
          group=7),
    Field("title", "Title", "text", "The pattern's display name.", REQUIRED, style=PLAIN, group=1),
    Field("slug", "Slug", "slug", "Short key, equal to the file name.", REQUIRED, pattern=SLUG_PATTERN,
          style=PLAIN, group=1, own_format_rule=True),
    Field("aliases", "Aliases", "strings", "Other names people use for it.", OPTIONAL, style=BLOCK_PLAIN,
          group=1, default=[]),
    Field("version", "Version", "text", "Content version (1.0, 1.0.0).", OPTIONAL, style=PLAIN, group=1),
    Field("created", "Created", "timestamp", "When the pattern was created. " + _TIMESTAMP_HELP, OPTIONAL,
          style=PLAIN, group=1),
    Field("modified", "Modified", "timestamp", "When the pattern last changed. " + _TIMESTAMP_HELP, OPTIONAL,
          style=PLAIN, group=1),
    Field("classification", "Classification", "map", "The older layout's classification block.", OPTIONAL,
          group=3, children=(
              Field("universality", "Universality", "text",
                    "How widely the pattern applies (universal, domain, context-dependent…).", OPTIONAL,
                    style=PLAIN),
              Field("domain", "Domain", "text", "Business area (operations, platform, startup, design…).",
                    OPTIONAL, style=PLAIN),
              Field("category", "Category", "strings", "Kind of pattern (practice, framework…).", OPTIONAL,
                    style=BLOCK_PLAIN),
              Field("era", "Era", "strings", "Eras it belongs to (agricultural, industrial, digital, cognitive).",
                    OPTIONAL, style=BLOCK_PLAIN),
              Field("origin", "Origin", "strings", "Where the pattern comes from.", OPTIONAL, style=BLOCK_PLAIN),
              Field("status", "Status", "enum", "Editorial state.", OPTIONAL,
                    values=("draft", "review", "published", "mature", "deprecated"), style=PLAIN),
              Field("commons_alignment", "Commons alignment", "integer",
                    "How well it serves the commons, 1 (low) to 5 (very high).", OPTIONAL, 1, 5, style=PLAIN),
              Field("commons_domain", "Commons domain", "strings", "Library sections (business, startup…).",
                    OPTIONAL, style=BLOCK_PLAIN),
          )),
    _legacy_relations("generalizes_from"),
    _legacy_relations("specializes_to"),
    _legacy_relations("enables"),
    _legacy_relations("requires"),
    _legacy_relations("related"),
    Field("confidence_score", "Confidence score", "weight", "How sure the authors are, 0 to 1.", OPTIONAL, 0, 1,
          style=PLAIN, group=3),
    Field("last_updated", "Last updated", "timestamp", "When the content last changed.", OPTIONAL, style=PLAIN,
          group=1),
    Field("contributors", "Contributors", "strings", "People and organisations credited (names or maps).",
          OPTIONAL, style=BLOCK_PLAIN, group=7, default=[]),
    Field("sources", "Sources", "strings", "Works the pattern draws on.", OPTIONAL, style=BLOCK_PLAIN, group=7,
          default=[]),
    Field("license", "License", "text", "The content licence.", OPTIONAL, style=PLAIN, group=7),
    Field("attribution", "Attribution", "text", "The credit line the licence requires.", OPTIONAL, style=PLAIN,
          group=7),
    Field("repository", "Repository", "url", "The upstream repository.", OPTIONAL, style=PLAIN, group=7),
)

V7 = Layout("v7.1", "Spec v7.1 (grouped)", V7_FIELDS, V7_GROUPS)
LEGACY = Layout("legacy", "Older flat layout", LEGACY_FIELDS, LEGACY_GROUPS)
