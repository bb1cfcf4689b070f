"""Query latency over the synthetic 10,000 with every file's data already loaded (issue 12's
"warm" case): p95 of each query beside a plain list comprehension over the same dicts that asks
the same question by hand (the baseline, measured in the same run)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from common import CORPUS, Report, percentile
from synth import generate

from editor.model.library.index import LibraryIndex
from editor.model.query import compile_query, id_map, query_store, read_folder

LARGE = 10_000
ROUNDS = 30


def _overall(d: dict):
    card = (d.get("ontology") or {}).get("commons_assessment")
    if "classification" in d and "ontology" not in d:
        return (d.get("classification") or {}).get("commons_alignment")
    return card.get("overall_score") if isinstance(card, dict) else None


def _status(d: dict):
    return ((d.get("lifecycle") or {}).get("status")) or ((d.get("classification") or {}).get("status"))


def _resilience(d: dict) -> float:
    card = (d.get("ontology") or {}).get("commons_assessment")
    value = card.get("resilience") if isinstance(card, dict) else None
    return value if isinstance(value, (int, float)) else float("-inf")


# query -> the same question asked by hand, for the baseline
QUERIES = {
    "status:draft overall<3": lambda d: (
        _status(d) == "draft" and isinstance(_overall(d), (int, float)) and _overall(d) < 3
    ),
    "ontology.commons_assessment.resilience>=4": lambda d: _resilience(d) >= 4,
    "missing:summary OR -layout:v7": lambda d: not d.get("summary") or "ontology" not in d,
    "domain~gov -status:published": lambda d: (
        "gov" in str((d.get("ontology") or d.get("classification") or {}).get("domain") or "").lower()
        and _status(d) != "published"
    ),
}


def _p95(fn) -> float:
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return percentile(samples, 95)


def run(report: Report) -> None:
    if not CORPUS.is_dir():
        report.value("query benchmarks", "skipped", "(../shared/corpus/patterns not found)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "large"
        generate(big, LARGE)
        start = time.perf_counter()
        subjects, _errors = read_folder(big)
        report.section(
            f"Query: synthetic {len(subjects):,} files (full data read in {time.perf_counter() - start:.1f} s)"
        )
        index = LibraryIndex(big, use_cache=False)
        index.build()
        store = query_store(index)
        start = time.perf_counter()
        store.warm()
        report.value("warm the library's query store", f"{time.perf_counter() - start:.1f} s", "(off the GUI thread)")
    ids = id_map(subjects)
    datas = [s.data for s in subjects]
    for text, by_hand in QUERIES.items():
        matches = compile_query(text, ids)
        hits = sum(1 for s in subjects if matches(s))
        took = _p95(lambda m=matches: [s for s in subjects if m(s)])
        base = _p95(lambda f=by_hand: [d for d in datas if f(d)])
        report.line(f"p95 {text} ({hits})", took, base, "(target < 30 ms)", against="list comp")
        warm = _p95(lambda t=text: store.select(t))
        report.line(f"p95 warm index store.select ({hits})", warm, base, "(target < 30 ms)", against="list comp")
    for word in ("garden", "ledger"):  # bare words: fuzzy over title, slug, aliases, summary
        matches = compile_query(word, ids)
        took = _p95(lambda m=matches: [s for s in subjects if m(s)])
        base = _p95(lambda w=word: [d for d in datas if w in str(d.get("title", "")).lower()])
        report.line(f"p95 bare word {word!r}", took, base, "(target < 30 ms)", against="substring")
