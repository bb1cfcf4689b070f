"""Random edit sequences followed by their inverses give back the original bytes."""

from __future__ import annotations

import datetime as dt
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.model.document.document import Document
from editor.model.errors import PatternError
from editor.model.schema import HINTS

from .conftest import SAMPLES

SEED_TEXT = (SAMPLES / "restorative-practices-helpers.md").read_text(encoding="utf-8")
FIXTURES = sorted((SAMPLES.parent / "tests" / "fixtures" / "variants").glob("*.md"))

text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)
scalar = st.one_of(
    text,
    st.integers(-10, 10_000),
    st.floats(0, 5, allow_nan=False).map(lambda x: round(x, 2)),
    st.booleans(),
    st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)),
    st.none(),
)
value = st.recursive(
    scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True), inner, max_size=3),
    ),
    max_leaves=6,
)


def _paths(data, path=()):
    yield path
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _paths(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _paths(v, path + (i,))


@st.composite
def edit(draw, doc: Document):
    paths = [p for p in _paths(doc.data) if p]
    path = draw(st.sampled_from(paths))
    kind = draw(st.sampled_from(["set", "set", "delete", "append", "move", "new", "body"]))
    return kind, path, draw(value), draw(st.integers(0, 5)), draw(text)


def apply_edit(doc: Document, kind, path, val, index, words):
    current = doc.get(path)
    if kind == "set":
        return doc.set(path, val)
    if kind == "delete":
        return doc.delete(path)
    if kind == "append" and isinstance(current, list):
        return doc.append(path, val)
    if kind == "move" and len(path) and isinstance(doc.get(path[:-1]), (list, dict)):
        size = len(doc.get(path[:-1]))
        return doc.move(path, index % size)
    if kind == "new" and isinstance(current, dict):
        return doc.set(path + (f"new_{index}",), val)
    if kind == "body":
        return doc.set_body(doc.body + words)
    return None


@settings(
    max_examples=int(os.environ.get("PE_EXAMPLES", "120")), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.data(), st.sampled_from([SEED_TEXT] + [p.read_text(encoding="utf-8") for p in FIXTURES]))
def test_edits_then_inverses_restore_the_bytes(data, source: str) -> None:
    doc = Document.from_text(source, hints=HINTS)
    if doc.data is None:
        return
    changes = []
    for _ in range(data.draw(st.integers(1, 6))):
        if not doc.data:
            break
        kind, path, val, index, words = data.draw(edit(doc))
        try:
            change = apply_edit(doc, kind, path, val, index, words)
        except PatternError:
            continue  # refused edits leave the text as it was (checked below)
        if change is not None:
            changes.append(change)
    for change in reversed(changes):
        doc.apply(change.inverse())
    assert doc.text == source
