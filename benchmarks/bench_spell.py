"""Spell check (issue 16, item 2): loading a dictionary, checking the seed and the whole corpus
(cold: every word looked up once; warm: the per-word cache full, as while typing), one body line
as the highlighter sees it on a keystroke, and suggestions (on demand only).

Baseline, measured in the same run: the plain regex tokenization of the same text (every
``[^\\W\\d_]+`` match, no skipping and no look-up), so the ratio is the cost of the checking itself.
"""

from __future__ import annotations

import re
import time
from importlib.resources import as_file
from pathlib import Path

from common import CORPUS, SEED, Report, best
from spylls.hunspell import Dictionary

from editor.base.assets import resource
from editor.model.check.spelling import Speller, body_words, line_words
from editor.model.document.document import Document

_PLAIN = re.compile(r"[^\W\d_]+")


def _plain(docs: list[Document]) -> int:
    return sum(len(_PLAIN.findall(d.text)) for d in docs)


def _check(speller: Speller, docs: list[Document]) -> int:
    return sum(len(speller.check(d, suggest=False)) for d in docs)


def _size(names: list[str]) -> int:
    total = 0
    for name in names:
        with as_file(resource(f"dictionaries/{name}")) as path:
            total += Path(path).stat().st_size
    return total


def run(report: Report) -> None:
    report.section("spell check (spylls + bundled Hunspell en_US)")
    for language in ("en_US", "en_GB"):
        start = time.perf_counter()
        with as_file(resource(f"dictionaries/{language}.zip")) as path:
            Dictionary.from_zip(str(path))
        report.line(f"load {language} dictionary (worker thread in the app)", time.perf_counter() - start)
    seed = [Document.load(SEED)]
    words = sum(1 for _ in body_words(seed[0].body))
    cold = best(lambda: _check(Speller("en_US"), seed), repeat=3)
    speller = Speller("en_US")
    warm = best(lambda: _check(speller, seed), repeat=5)
    base = best(lambda: _plain(seed), repeat=5)
    found = _check(speller, seed)
    report.line(f"seed: {words} body words, {found} flagged, cold cache", cold, base, against="regex tokens")
    report.line("seed, warm cache", warm, base, against="regex tokens")
    longest = max(seed[0].body.split("\n"), key=len)
    line = best(lambda: [speller.correct(w) for _c, w in line_words(longest)], repeat=7, number=20)
    report.line(f"one body line ({len(longest)} chars) per keystroke, warm", line, target="(target < 5 ms)")
    start = time.perf_counter()
    speller.suggestions("recieve")
    report.line("suggestions for one word (context menu only)", time.perf_counter() - start)
    if CORPUS.is_dir():
        docs = [Document.load(p) for p in sorted(CORPUS.glob("*.md"))]
        base = best(lambda: _plain(docs), repeat=3)
        fresh = Speller("en_US")
        start = time.perf_counter()
        flagged = _check(fresh, docs)
        cold = time.perf_counter() - start
        warm = best(lambda: _check(fresh, docs), repeat=3)
        report.line(f"corpus: {len(docs)} files, {flagged} flagged, cold cache", cold, base, against="regex tokens")
        report.line("corpus, warm cache", warm, base, against="regex tokens")
    size = _size(["en_US.zip", "en_GB.zip", "LICENSE-en_US.txt", "LICENSE-en_GB.txt"])
    report.value("bundled dictionaries + licences", f"{size / 1e6:.2f} MB", "(budget with spylls < 2 MB)")
