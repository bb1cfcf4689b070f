from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from editor.model.document.textspan import diff_span


@given(st.text(max_size=40), st.text(max_size=10), st.text(max_size=10), st.text(max_size=40))
def test_span_is_the_smallest_differing_middle(prefix: str, old_mid: str, new_mid: str, suffix: str) -> None:
    old, new = prefix + old_mid + suffix, prefix + new_mid + suffix
    p, old_end, new_end = diff_span(old, new)
    assert old[:p] + new[p:new_end] + old[old_end:] == new
    assert p >= len(prefix) or old[:p] == new[:p]
    assert old_end - p <= len(old_mid) + max(0, len(prefix) - p) and new_end - p <= len(new) - p


def test_examples() -> None:
    assert diff_span("abc", "abc") == (3, 3, 3)
    assert diff_span("abc", "abXc") == (2, 2, 3)
    assert diff_span("aaaa", "aaa") == (3, 4, 3)
    assert diff_span("", "x") == (0, 0, 1)
