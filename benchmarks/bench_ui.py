"""The editor window, offscreen: opening a pattern, a keystroke, the mini graph, the library graph.

A keystroke row is a real key event (QTest.keyClick, through the event loop and the app's filters)
timed until the widget has painted the result (a Paint event counted on it, the event loop run until
then). Its baseline is the same key into a bare Qt widget of the same kind holding the same text, in
this run: the ratio is what the editor adds to Qt's own typing cost. Rows with no like-for-like
baseline print none (the seed's YAML parse time says nothing about a widget)."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import CORPUS, SEED, Report, best, percentile

PAINT_WAIT_S = 2.0  # give up on a paint after this long (a row would then show the wait, not hide it)


def _app():
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["bench"])
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp(prefix="pe-bench-"))
    from editor.ui.common import theme

    theme.apply(app, "light")
    return app


def _settle(app, rounds: int = 3) -> None:
    for _ in range(rounds):
        app.processEvents()


class _Paints:
    """Counts the Paint events a widget receives."""

    def __init__(self, widget) -> None:
        from PySide6.QtCore import QEvent, QObject

        class Filter(QObject):
            def eventFilter(inner, obj, event) -> bool:  # inner: the filter; self: the counter
                if event.type() == QEvent.Type.Paint:
                    self.count += 1
                return False

        self.count = 0
        self._filter = Filter()
        widget.installEventFilter(self._filter)


def _key_to_paint(app, target, painted, key: str) -> float:
    """Seconds from a real key press on ``target`` until ``painted`` (a _Paints) has seen a new paint."""
    from PySide6.QtTest import QTest

    before = painted.count
    start = time.perf_counter()
    QTest.keyClick(target, key)
    while painted.count == before and time.perf_counter() - start < PAINT_WAIT_S:
        app.processEvents()
    return time.perf_counter() - start


def _typing(app, target, painted, n: int = 60) -> list[float]:
    return [_key_to_paint(app, target, painted, " " if i % 7 == 6 else "x") for i in range(n)]


def _bare(app, kind, text: str, size=(600, 40)):
    """A plain Qt widget of ``kind`` with ``text``, shown and focused: the typing baseline."""
    widget = kind()
    widget.resize(*size)
    widget.show()
    if hasattr(widget, "setPlainText"):
        widget.setPlainText(text)
        widget.moveCursor(widget.textCursor().MoveOperation.End)
    else:
        widget.setText(text)
    widget.setFocus()
    _settle(app)
    return widget


def _keystrokes(report: Report, app, tab) -> None:
    """Form field and body editor: real keys until painted, beside the same keys in a bare widget."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

    title = tab.form.row_for("title").editor.edit
    tab.views.setCurrentIndex(0)
    title.setFocus()
    QTest.keyClick(title, Qt.Key.Key_End)  # the caret at the end, where a user types
    _settle(app)
    field = _typing(app, title, _Paints(title))
    bare = _bare(app, QLineEdit, title.text())
    plain = _typing(app, bare, _Paints(bare))
    bare.close()
    what = "key event -> field repainted"
    report.line(
        f"{what} (median)",
        statistics.median(field),
        statistics.median(plain),
        "target < 8 ms",
        against="bare QLineEdit",
    )
    report.line(f"{what} (p95)", percentile(field, 95), percentile(plain, 95), against="bare QLineEdit")

    tab.views.setCurrentIndex(1)
    body = tab.body.editor
    body.setFocus()
    body.moveCursor(body.textCursor().MoveOperation.End)
    _settle(app)
    typed = _typing(app, body, _Paints(body.viewport()))
    bare = _bare(app, QPlainTextEdit, body.toPlainText(), size=(900, 800))
    plain = _typing(app, bare, _Paints(bare.viewport()))
    bare.close()
    what = "key event -> body editor repainted"
    report.line(
        f"{what} (median)",
        statistics.median(typed),
        statistics.median(plain),
        "target < 8 ms",
        against="bare QPlainTextEdit",
    )
    report.line(
        f"{what} (p95)", percentile(typed, 95), percentile(plain, 95), "target < 8 ms", against="bare QPlainTextEdit"
    )


def _preview_after_key(report: Report, app, tab) -> None:
    """A key in the body until the preview has repainted with it: the debounce is part of the wait, so
    it is also shown without it (no baseline: nothing plain does the same work)."""
    from editor.ui.document import preview as preview_module
    from editor.ui.document.preview import PreviewPane

    preview = PreviewPane()
    preview.resize(500, 800)
    preview.show()
    preview.show_document(tab.controller)
    _settle(app, 10)
    body = tab.body.editor
    painted = _Paints(preview.viewport())
    debounce = getattr(preview_module, "RENDER_DELAY_MS", 0) / 1e3
    samples = [_key_to_paint(app, body, painted, "z") for _ in range(20)]
    report.line(
        "key event in body -> preview repainted (median, incl. debounce)",
        statistics.median(samples),
        target=f"debounce {debounce * 1e3:.0f} ms",
    )
    report.line(
        "  the same, minus the debounce (median)", statistics.median(samples) - debounce, target="target < 60 ms"
    )
    report.line("  the same, minus the debounce (p95)", percentile(samples, 95) - debounce)
    preview.close()


def run(report: Report) -> None:
    app = _app()
    from editor.model.schema import open_pattern
    from editor.ui.document.controller import DocumentController
    from editor.ui.document.tab import DocumentTab

    base = None  # opening a tab has no like-for-like baseline
    report.section("Editor window (offscreen)")

    def open_tab():
        tab = DocumentTab(DocumentController(open_pattern(SEED)))
        tab.resize(900, 800)
        tab.show()
        _settle(app, 1)
        tab.close()
        tab.deleteLater()

    report.line("open the seed into a tab (form + body + source)", best(open_tab, repeat=5), base, "target < 150 ms")

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
        from editor.ui.window.mainwindow import MainWindow

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
    _keystrokes(report, app, tab)
    _preview_after_key(report, app, tab)
    tab.close()

    if not CORPUS.is_dir():
        report.value("library graph", "skipped", "(corpus not found)")
        return
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from synth import generate

    from editor.ui.graph.library import LibraryGraphWindow
    from editor.ui.graph.neighbourhood import MiniGraph
    from editor.ui.library.service import LibraryService

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
            report.line(
                f"mini graph depth {depth}: build + layout + scene (p95)",
                percentile(samples, 95),
                base,
                "target < 30 ms",
            )

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
