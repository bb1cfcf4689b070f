"""Preview rendering: seed body, header card, cold start, scroll-anchor lookup, every corpus file."""

from __future__ import annotations

import time

from common import CORPUS, SEED, Report, best, csafe_parse, frontmatter_of, median, percentile

from editor.model import render
from editor.model.schema import open_pattern


def run(report: Report) -> None:
    report.section("Preview rendering (seed)")
    seed_text = SEED.read_text(encoding="utf-8")
    fm = frontmatter_of(seed_text)
    base = best(lambda: csafe_parse(fm), number=50)
    doc = open_pattern(SEED)
    body, line = doc.body, doc.body_line()

    def cold() -> None:
        render.reset_cache()
        render.render_body(body, base_line=line)

    report.line("first render (builds the Markdown instance)", best(cold, repeat=3), base)
    for theme in render.THEMES:
        report.line(f"render seed body ({theme})",
                    best(lambda t=theme: render.render_body(body, theme=t, base_line=line), number=20), base,
                    "target < 50 ms")
    report.line("render header card", best(lambda: render.render_card(doc.data), number=200), base)
    report.line("render_pattern (card + body)", best(lambda: render.render_pattern(doc), number=20), base)
    html = render.render_pattern(doc)
    report.line("anchor_for_line on the rendered HTML", best(lambda: render.anchor_for_line(html, 200), number=200),
                base)
    report.value("anchors in the seed preview", str(len(render.block_lines(body, base_line=line)) + 1))
    report.value("seed preview size", f"{len(html) / 1024:.1f} KB")

    if not CORPUS.is_dir():
        report.value("corpus", "skipped", "(../shared/corpus/patterns not found)")
        return
    docs = [open_pattern(p) for p in sorted(CORPUS.glob("*.md"))]
    report.section(f"Preview rendering (corpus, {len(docs)} files)")
    fms = [frontmatter_of(d.text) for d in docs]
    corpus_base = best(lambda: [csafe_parse(f) for f in fms], repeat=3)
    samples: list[float] = []

    def render_all() -> None:
        samples.clear()
        for d in docs:
            start = time.perf_counter()
            render.render_pattern(d)
            samples.append(time.perf_counter() - start)

    report.line("render_pattern for every file", best(render_all, repeat=3), corpus_base)
    report.line("per file, median", median(samples))
    report.line("per file, 95th percentile", percentile(samples, 95))
    slowest = max(range(len(docs)), key=samples.__getitem__)
    report.line(f"slowest ({docs[slowest].path.name}, {len(docs[slowest].body) // 1024} KB body)", samples[slowest])
