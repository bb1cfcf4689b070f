"""Preview rendering: seed body, header card, cold start, scroll-anchor lookup, every corpus file."""

from __future__ import annotations

import time

from common import CORPUS, SEED, Report, best, csafe_parse, frontmatter_of, median, percentile

from editor.model.render import page as render
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
        report.line(
            f"render seed body again ({theme}, every section reused)",
            best(lambda t=theme: render.render_body(body, theme=t, base_line=line), number=20),
            base,
            "target < 50 ms",
        )
    report.line("render header card", best(lambda: render.render_card(doc.data), number=200), base)
    report.line("render_pattern (card + body)", best(lambda: render.render_pattern(doc), number=20), base)
    html = render.render_pattern(doc)
    report.line(
        "anchor_for_line on the rendered HTML", best(lambda: render.anchor_for_line(html, 200), number=200), base
    )
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

    keystroke(report, doc)
    responsiveness(report)


def keystroke(report: Report, doc) -> None:
    """A keystroke in a 25 KB body: the whole body rendered again (before) against the section cache."""
    body, line = doc.body, doc.body_line()
    at = body.index("Section 4") + 20
    typed = [body[:at] + "z" * k + body[at:] for k in range(1, 41)]
    report.section(f"Keystroke re-render ({len(doc.text) // 1024} KB pattern, {len(body) // 1024} KB body)")

    def whole(text: str) -> None:
        render._renderer("light").sections.clear()  # no section reused (the Markdown instance is)
        render.render_body(text, base_line=line)

    render.reset_cache()
    render.render_body(body, base_line=line)
    before = median([_time(lambda t=t: whole(t)) for t in typed[:10]])
    render.reset_cache()
    render.render_body(body, base_line=line)
    _, misses0 = render.section_stats()
    after = median([_time(lambda t=t: render.render_body(t, base_line=line)) for t in typed])
    _, misses = render.section_stats()
    report.line("whole body rendered again (before), median", before)
    report.line("section cache: one section re-rendered, median", after, before, against="whole body")
    report.value("sections rendered per keystroke", f"{(misses - misses0) / len(typed):.1f} of {misses0}")


def _time(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _bodies() -> dict[str, str]:
    def table(rows: int, cols: int = 50) -> str:
        head = "|" + "|".join(f" h{c} " for c in range(cols)) + "|\n|" + "|".join("---" for _ in range(cols)) + "|\n"
        return head + "".join("|" + "|".join(f" r{r}c{c} " for c in range(cols)) + "|\n" for r in range(rows))

    return {
        "500 nested list levels": "".join("  " * i + "- x\n" for i in range(500)),
        "500x50 table": table(500),
        "2000x50 table": table(2000),
        "5,000 footnotes": "".join(f"Claim {i}.[^{i}]\n\n" for i in range(5000))
        + "".join(f"[^{i}]: Source {i}.\n" for i in range(5000)),
        "a line of 8,000 '['": "[" * 8000 + "\n",
    }


def responsiveness(report: Report) -> None:
    """Each pathological body shown in the real PreviewPane while key events go to a line edit every
    10 ms: the worst delay from posting a key event to the line edit handling it, until the pane
    settles (shown, paused or failed) plus 300 ms."""
    import os
    import tempfile
    from pathlib import Path

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QEvent, QObject, Qt, QTimer
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication, QLineEdit

    from editor.ui.document.controller import DocumentController
    from editor.ui.document.preview import PreviewPane

    app = QApplication.instance() or QApplication(["bench"])
    report.section("Pathological bodies: window responsiveness while the preview renders")
    report.value("before (GUI-thread render, issue 10 figures)", "freezes 4.4-29.5 s")
    pane = PreviewPane()
    pane.resize(600, 800)
    pane.show()
    edit = QLineEdit()
    edit.show()
    posted: list[float] = []
    delays: list[float] = []

    class Probe(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.KeyPress and posted:
                delays.append(time.perf_counter() - posted.pop(0))
            return False

    probe = Probe()
    edit.installEventFilter(probe)

    def post() -> None:
        posted.append(time.perf_counter())
        QApplication.postEvent(edit, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a"))

    ticker = QTimer(interval=10)
    ticker.timeout.connect(post)
    warm = DocumentController(open_pattern(SEED))
    pane.show_document(warm)  # starts the worker process: its start-up is not the budget's
    pane.wait_rendered()
    with tempfile.TemporaryDirectory() as folder:
        for name, body in _bodies().items():
            path = Path(folder) / "x.md"
            path.write_text(f"---\ntitle: X\nslug: x\n---\n\n{body}", encoding="utf-8")
            controller = DocumentController(open_pattern(path))
            posted.clear()
            delays.clear()
            ticker.start()
            start = time.perf_counter()
            pane.show_document(controller)
            while pane.state == "rendering":
                app.processEvents()
                time.sleep(0.001)
            settled = time.perf_counter() - start
            end = time.perf_counter() + 0.3
            while time.perf_counter() < end:
                app.processEvents()
                time.sleep(0.001)
            ticker.stop()
            app.processEvents()
            report.line(
                f"{name}: worst input delay",
                max(delays),
                target=f"target < 100 ms; {pane.state} after {settled:.2f} s, {len(delays)} key events",
            )
    pane.close()
    edit.close()
