"""Document model: open/parse, no-op save, one-field edit + save, corpus round trip."""

from __future__ import annotations

import tempfile
from pathlib import Path

from common import CORPUS, SEED, Report, best, csafe_parse, frontmatter_of

from editor.model.schema import open_pattern


def run(report: Report) -> None:
    report.section("Document model (seed, 25 KB)")
    seed_text = SEED.read_text(encoding="utf-8")
    fm = frontmatter_of(seed_text)
    base = best(lambda: csafe_parse(fm), number=50)
    report.line("open + parse the seed", best(lambda: open_pattern(SEED), number=50), base)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / SEED.name
        path.write_bytes(SEED.read_bytes())
        doc = open_pattern(path)
        report.line("no-op save (atomic, fsync)", best(lambda: doc.save(force=True), number=5), base)

        def edit_and_save() -> None:
            d = open_pattern(path)
            value = d.get("ontology.commons_assessment.resilience")
            d.set("ontology.commons_assessment.resilience", 3.5 if value != 3.5 else 3.0)
            d.save()

        report.line("open + one-field edit + save", best(edit_and_save, number=5), base)
        d = open_pattern(path)
        flip = [3.5, 3.0]

        def edit_only() -> None:
            flip.reverse()
            d.set("ontology.commons_assessment.resilience", flip[0])

        report.line("one-field edit (splice + reparse + verify)", best(edit_only, number=50), base)
    if not CORPUS.is_dir():
        report.value("corpus round trip", "skipped", "(../shared/corpus/patterns not found)")
        return
    files = sorted(CORPUS.glob("*.md"))
    texts = [p.read_text(encoding="utf-8") for p in files]
    fms = [frontmatter_of(t) for t in texts]
    report.section(f"Corpus round trip ({len(files)} files)")
    base = best(lambda: [csafe_parse(f) for f in fms], repeat=3)

    def round_trip() -> int:
        same = 0
        for p in files:
            same += open_pattern(p).encode() == p.read_bytes()
        return same

    report.line("load + re-serialize every file", best(round_trip, repeat=3), base)
    report.value("byte-identical", f"{round_trip()}/{len(files)}")
