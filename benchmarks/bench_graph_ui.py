"""Issue 13's library graph window at 3,600 patterns (offscreen Qt): the overview built and painted,
a drill into a ~300-pattern domain laid out and painted, and the GUI thread's longest stall while
that layout runs (a 10 ms QTimer records the largest gap between its ticks).

Baselines, measured in the same run: for the overview, the window this replaced (every pattern on
a domain grid, every edge drawn; its source read from git) to its first paint; for the stall, the
same drill-in with igraph run on the worker thread instead of the layout process (igraph holds the
GIL while it computes, so the GUI thread waits for it).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import CORPUS, ROOT, Report, best
from synth import generate

COUNT, TARGET_DOMAIN = 3_600, 300
OLD_COMMIT = "d14257e~1"  # the grid graph, before the overview


def _app():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from editor.ui.common import theme

    app = QApplication.instance() or QApplication(["bench"])
    theme.apply(app, "light")
    return app


def _old_window_class():
    """The grid window as it was (``git show``), or None outside a git checkout."""
    try:
        text = subprocess.run(
            ["git", "show", f"{OLD_COMMIT}:editor/ui/graph/library.py"], cwd=ROOT, capture_output=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    path = Path(tempfile.mkdtemp()) / "old_library_graph.py"
    path.write_bytes(text)
    spec = importlib.util.spec_from_file_location("old_library_graph", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.LibraryGraphWindow


def _drill(app, window, domain: str, use_process: bool) -> tuple[float, float]:
    """(seconds from the click to the painted drill-in, longest gap between 10 ms ticks)."""
    from PySide6.QtCore import QTimer

    from editor.ui.graph import library as window_module

    window.index.extras.pop("domain_layouts", None)  # cold: no cached layout
    if not use_process:
        original = window_module.layout_process
        window_module.layout_process = lambda: None  # run=None: igraph on the worker thread
    gaps, last = [0.0], [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer(interval=10)
    timer.timeout.connect(tick)
    done = []
    window.ready.connect(done.append)
    timer.start()
    start = last[0] = time.perf_counter()
    window.drill(domain)
    while not done:
        app.processEvents()
        time.sleep(0.001)
    window.view.viewport().grab()
    took = time.perf_counter() - start
    timer.stop()
    window.ready.disconnect(done.append)
    if not use_process:
        window_module.layout_process = original
    return took, max(gaps)


def run(report: Report) -> None:
    if not CORPUS.is_dir():
        report.value("graph window benchmarks", "skipped", "(corpus not found)")
        return
    app = _app()
    from editor.ui.graph.jobs import layout_process
    from editor.ui.graph.library import LibraryGraphWindow
    from editor.ui.library.service import LibraryService

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "lib"
        generate(folder, COUNT)
        service = LibraryService()
        service.open(folder, wait=True)
        report.section(f"Library graph window: synthetic {len(service.entries()):,}")
        windows = []

        def overview() -> None:
            service.index.extras.pop("overview_layouts", None)
            window = LibraryGraphWindow(service)
            window.resize(1280, 800)
            window.show()
            window.wait()
            window.view.viewport().grab()
            windows.append(window)

        start = time.perf_counter()
        overview()  # cold: the whole-library graph and the overview's layout computed for the first time
        cold = time.perf_counter() - start
        took = best(overview, repeat=3)
        old = _old_window_class()
        base = None
        if old is not None:

            def grid() -> None:
                window = old(service)
                window.resize(1280, 800)
                window.show()
                window.view.viewport().grab()
                window.close()

            base = best(grid, repeat=2)
        report.line("overview, first open (cold)", cold, base, "(target < 1 s)", against="old grid window")
        report.line("overview: build, lay out, paint", took, base, "(target < 1 s)", against="old grid window")
        window = windows[-1]
        sizes = dict(window.overview.overview.nodes)
        domain = min(sizes, key=lambda d: abs(sizes[d] - TARGET_DOMAIN))
        layout_process().warm()
        time.sleep(1.0)  # the process is up, as it is once the window has been open a moment
        in_thread = _drill(app, window, domain, use_process=False)
        results = [_drill(app, window, domain, use_process=True) for _ in range(3)]
        took, stall = min(r[0] for r in results), max(r[1] for r in results)
        report.line(
            f"drill into {domain} ({sizes[domain]}): layout + paint",
            took,
            in_thread[0],
            "(target < 1 s)",
            against="igraph on the thread",
        )
        report.line("  longest GUI stall meanwhile", stall, in_thread[1], "(target < 100 ms)", against="on the thread")
        big = max(sizes, key=sizes.get)
        took, stall = _drill(app, window, big, use_process=True)
        report.line(f"drill into {big} ({sizes[big]}): layout + paint", took, None, f"(stall {stall * 1e3:.0f} ms)")
        for w in windows:
            w.close()
        layout_process().shutdown()
        service.shutdown()


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    run(Report())
