"""One way into the commons-assessment score card, for every reader of scores.

v7.1 keeps the card at ``ontology.commons_assessment`` (seven pillars, vitality, overall);
the list form keeps the overall one level up. Readers ask here instead of walking the data.
"""

from __future__ import annotations

from typing import Any

from editor.model.schema.kinds import is_number
from editor.model.schema.spec import PILLARS

ASSESSMENT_PATH = ("ontology", "commons_assessment")
SCORE_KEYS = (*PILLARS, "vitality", "overall_score")


def assessment(data: Any) -> dict | None:
    """The ``ontology.commons_assessment`` mapping, or None when it is absent or not a mapping."""
    ontology = data.get("ontology") if isinstance(data, dict) else None
    found = ontology.get("commons_assessment") if isinstance(ontology, dict) else None
    return found if isinstance(found, dict) else None


def scores(data: Any) -> dict[str, float]:
    """The numeric pillars, vitality and overall score that the file gives, by key."""
    card = assessment(data) or {}
    out = {key: card[key] for key in SCORE_KEYS if is_number(card.get(key))}
    if "overall_score" not in out:  # the list-form assessment keeps the total one level up
        ontology = data.get("ontology") if isinstance(data, dict) else None
        overall = ontology.get("overall_score") if isinstance(ontology, dict) else None
        if is_number(overall):
            out["overall_score"] = overall
    return out


def overall_score(data: Any) -> float | None:
    return scores(data).get("overall_score")


def dimension_rows(data: Any) -> list | None:
    """The list-form card (``[{dimension, score, rationale}, ...]``) some files keep instead, or None."""
    ontology = data.get("ontology") if isinstance(data, dict) else None
    found = ontology.get("commons_assessment") if isinstance(ontology, dict) else None
    return found if isinstance(found, list) else None
