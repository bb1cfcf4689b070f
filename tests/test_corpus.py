"""The 485 real files: byte-identical no-op round trip, and faithful edits on every family."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from editor.cli.document import deep_check
from editor.model.check.validation import validate
from editor.model.schema import LEGACY, layout_of, open_pattern

pytestmark = pytest.mark.corpus


def test_every_file_round_trips_byte_identical(corpus_files: list[Path]) -> None:
    assert len(corpus_files) >= 400
    for path in corpus_files:
        doc = open_pattern(path)
        assert doc.error is None, str(doc.error)
        assert doc.encode() == path.read_bytes(), path.name


def test_both_layouts_are_recognised(corpus_files: list[Path]) -> None:
    legacy = sum(layout_of(open_pattern(p).data) is LEGACY for p in corpus_files)
    assert 180 <= legacy <= 210  # ~197 older flat files (PATTERN_FORMAT.md §5)


def _sample(files: list[Path], step: int) -> list[Path]:
    """Every ``step``-th file plus the odd families named in PATTERN_FORMAT.md §5."""
    odd = {
        "commons-blueprint",
        "anomaly-response",
        "anger-as-fuel",
        "anti-fragile-personal-finance",
        "apartment-hunting-strategy",
        "concierge-mvp",
        "microfinance-models-grameen-brac",
        "scale-up-methodology",
        "structural-integrity-audit",
        "platform-enshittification",
        "multi-stakeholder-governance",
        "capability-specification",
        "justice-and-inclusion-specification",
    }
    return [p for i, p in enumerate(files) if i % step == 0 or p.stem in odd]


def test_every_value_edit_is_local_and_undoes_exactly(corpus_files: list[Path]) -> None:
    for path in _sample(corpus_files, 6):
        doc = open_pattern(path)
        problem = deep_check(doc)
        assert problem is None, f"{path.name}: {problem}"


def test_structural_edits_on_real_files(corpus_files: list[Path]) -> None:
    """Append, delete and move in every list of a sample; each undone exactly."""
    for path in _sample(corpus_files, 10):
        doc = open_pattern(path)
        original = doc.text
        lists = [(k, v) for k, v in _lists(doc.data)]
        for list_path, items in lists:
            change = doc.append(list_path, items[-1] if items else "new-item")
            added = [
                ln
                for ln in difflib.unified_diff(original.splitlines(), doc.text.splitlines(), n=0, lineterm="")
                if ln.startswith("-") and not ln.startswith("---")
            ]
            assert len(added) <= 1, (path.name, list_path, added)  # only `key: []` may be rewritten
            doc.apply(change.inverse())
            if items:
                change = doc.delete(list_path + (0,))
                doc.apply(change.inverse())
            if len(items) > 1:
                change = doc.move(list_path + (len(items) - 1,), 0)
                doc.apply(change.inverse())
            assert doc.text == original, (path.name, list_path)


def _lists(data, path=()):
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _lists(v, path + (k,))
    elif isinstance(data, list):
        yield path, data


def test_validation_matches_the_format_reference(corpus_files: list[Path]) -> None:
    counts: dict[str, int] = {}
    for path in corpus_files:
        for f in validate(open_pattern(path)):
            counts[f.rule] = counts.get(f.rule, 0) + 1
    assert counts.get("yaml-syntax", 0) == 0
    assert counts["date"] == 1  # platform-enshittification's year 20226
    assert counts["typeid"] == 57
    assert counts["second-frontmatter"] == 3
    assert counts.get("overall-score", 0) == 0
