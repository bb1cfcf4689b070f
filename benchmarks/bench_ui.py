"""The editor window, offscreen: opening a pattern, a keystroke, the mini graph, the library graph."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import CORPUS, SEED, Report, best, csafe_parse, frontmatter_of, percentile


def _app():
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["bench"])
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp(prefix="pe-bench-"))
    from editor.ui import theme

    theme.apply(app, "light")
    return app


def _settle(app, rounds: int = 3) -> None:
    for _ in range(rounds):
        app.processEvents()


def run(report: Report) -> None:
    app = _app()
    from editor.model.schema import open_pattern
    from editor.ui.controller import DocumentController
    from editor.ui.document_tab import DocumentTab

    base = best(lambda: csafe_parse(frontmatter_of(SEED.read_text(encoding="utf-8"))), number=20)
    report.section("Editor window (offscreen)")

    def open_tab():
        tab = DocumentTab(DocumentController(open_pattern(SEED)))
        tab.resize(900, 800)
        tab.show()
        _settle(app, 1)
        tab.close()
        tab.deleteLater()

    report.line("open the seed into a tab (form + body + source)", best(open_tab, repeat=5), base,
                "target < 150 ms")

    def form_only():
        from editor.ui.form.form import FormView

        form = FormView(DocumentController(open_pattern(SEED)))
        form.resize(900, 800)
        form.show()
        _settle(app, 1)
        form.close()
        form.deleteLater()

    report.line("open a 25 KB pattern into the form", best(form_only, repeat=5), base, "target < 150 ms")

    def window_shown():
        from editor.ui.mainwindow import MainWindow

        window = MainWindow()
        window.open_folder(SEED.parent, wait=True)
        window.open_file(SEED)
        window.resize(1280, 800)
        window.show()
        window.grab()  # the first complete frame
        window.library.shutdown()
        window.close()
        window.deleteLater()
        _settle(app, 1)

    report.line("window shown with the seed open", best(window_shown, repeat=3), base)
    tab = DocumentTab(DocumentController(open_pattern(SEED)))
    tab.resize(900, 800)
    tab.show()
    _settle(app)
    title = tab.form.row_for("title").editor
    samples = []
    text = "Restorative Practices for Helpers"
    for i in range(60):
        text += "x" if i % 7 else " "
        start = time.perf_counter()
        title.edit.setText(text)
        title.edit.textEdited.emit(text)  # what a key press does: model edit, undo step, views told
        samples.append(time.perf_counter() - start)
    report.line("keystroke in a form field (median)", statistics.median(samples), base, "target < 8 ms")
    report.line("keystroke in a form field (p95)", percentile(samples, 95), base)
    body = tab.body.editor
    samples = []
    for _ in range(60):
        start = time.perf_counter()
        body.insertPlainText("y")
        samples.append(time.perf_counter() - start)
    report.line("keystroke in the body editor (median)", statistics.median(samples), base, "target < 8 ms")
    report.line("keystroke in the body editor (p95)", percentile(samples, 95), base, "target < 8 ms")
    from editor.ui.preview import PreviewPane

    preview = PreviewPane()
    preview.resize(500, 800)
    preview.show()
    preview.show_document(tab.controller)
    samples = []
    for _ in range(20):
        body.insertPlainText("z")  # the keystroke; the preview renders when its debounce timer fires
        start = time.perf_counter()
        preview.render_now()  # what the timer runs
        _settle(app, 1)
        samples.append(time.perf_counter() - start)
    report.line("keystroke -> preview updated, after the debounce (median)", statistics.median(samples), base,
                "target < 60 ms")
    report.line("keystroke -> preview updated, after the debounce (p95)", percentile(samples, 95), base)
    preview.close()
    tab.close()

    if not CORPUS.is_dir():
        report.value("library graph", "skipped", "(corpus not found)")
        return
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from synth import generate

    from editor.ui.graph_view import MiniGraph
    from editor.ui.library_graph import LibraryGraphWindow
    from editor.ui.library_service import LibraryService

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "lib3600"
        generate(folder, 3600)
        service = LibraryService()
        service.open(folder, wait=True)
        report.section(f"Graphs ({len(service.entries())} patterns)")
        mini = MiniGraph(service)
        mini.resize(420, 360)
        mini.show()
        docs = sorted(folder.glob("*.md"))[:40]
        controllers = [DocumentController(open_pattern(p)) for p in docs]
        for depth in (1, 2):
            (mini.depth2 if depth == 2 else mini.depth1).setChecked(True)
            samples = []
            for controller in controllers:
                mini.controller = controller
                start = time.perf_counter()
                mini.rebuild()
                samples.append(time.perf_counter() - start)
            report.line(f"mini graph depth {depth}: build + layout + scene (p95)", percentile(samples, 95), base,
                        "target < 30 ms")

        def first_paint() -> None:
            window = LibraryGraphWindow(service)
            window.resize(1280, 800)
            window.show()
            window.view.viewport().grab()  # forces the first full paint
            window.view.scene().clear()
            window.close()
            window.deleteLater()
            _settle(app, 1)

        report.line("library graph: window to first paint", best(first_paint, repeat=3), base, "target < 1.5 s")
        service.shutdown()
