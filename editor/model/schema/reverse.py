"""Which relationship implies which reverse relationship, declared as data.

PATTERN_SPEC v7.1 (corpus/PATTERN_SPEC.md, group 5) names the seven relationship types and gives
no inverses; the pairs below are our reading of the type names (PATTERN_FORMAT.md §2, group 5):

- ``generalizes_from`` ↔ ``specializes_to``: "A is a narrower case of B" is "B refines to A"
  (``check/lint.py`` already reports one-sided pairs as ``asymmetric-link``);
- ``alternatives`` and ``complementary`` are symmetric;
- ``requires`` → ``enables``: if A depends on B being in place, B makes A possible. Not the other
  way round: enabling does not mean being needed, so ``enables`` implies nothing;
- ``tools`` and the older layout's ``related`` imply nothing.
"""

from __future__ import annotations

REVERSE: dict[str, str] = {
    "generalizes_from": "specializes_to",
    "specializes_to": "generalizes_from",
    "alternatives": "alternatives",
    "complementary": "complementary",
    "requires": "enables",
}


def reverse_of(rel_type: str) -> str | None:
    """The relationship the target should hold back to the source, or None when none is implied."""
    return REVERSE.get(rel_type)
