"""Short field names for queries and columns, declared once per layout.

``status`` is ``lifecycle.status`` in v7.1 and ``classification.status`` in the older layout, so a
query or a column names a field once and both layouts answer it. Each alias lists the dotted paths
to try in order (the first one a file gives wins): the v7.1 list form keeps the overall score one
level up, as ``scorecard.scores`` reads it.
"""

from __future__ import annotations

from editor.model.schema.layout_legacy import LEGACY
from editor.model.schema.layout_v7 import V7
from editor.model.schema.spec import PILLARS

_CARD = "ontology.commons_assessment"

# alias -> {layout name: dotted paths, tried in order}
ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "id": {V7.name: ("id",), LEGACY.name: ("id",)},
    "slug": {V7.name: ("slug",), LEGACY.name: ("slug",)},
    "title": {V7.name: ("title",), LEGACY.name: ("title",)},
    "aliases": {V7.name: ("aliases",), LEGACY.name: ("aliases",)},
    "summary": {V7.name: ("summary",), LEGACY.name: ("summary",)},
    "status": {V7.name: ("lifecycle.status",), LEGACY.name: ("classification.status",)},
    "domain": {V7.name: ("ontology.domain",), LEGACY.name: ("classification.domain",)},
    "commons_domain": {V7.name: ("ontology.commons_domain",), LEGACY.name: ("classification.commons_domain",)},
    # the older layout has no score card; its one commons figure (1-5) is the nearest to an overall score
    "overall": {
        V7.name: (f"{_CARD}.overall_score", "ontology.overall_score"),
        LEGACY.name: ("classification.commons_alignment",),
    },
    "vitality": {V7.name: (f"{_CARD}.vitality",), LEGACY.name: ()},
    "usage_stage": {V7.name: ("lifecycle.usage_stage",), LEGACY.name: ()},
    "adoption_stage": {V7.name: ("lifecycle.adoption_stage",), LEGACY.name: ()},
    "version": {V7.name: ("lifecycle.version",), LEGACY.name: ("version",)},
    "confidence": {V7.name: ("lifecycle.confidence",), LEGACY.name: ("confidence_score",)},
    **{pillar: {V7.name: (f"{_CARD}.{pillar}",), LEGACY.name: ()} for pillar in PILLARS},
}


def alias_paths(name: str, layout: str) -> tuple[str, ...] | None:
    """The dotted paths ``name`` stands for in ``layout``; None when ``name`` is not an alias."""
    entry = ALIASES.get(name)
    return None if entry is None else entry.get(layout, ())
