"""Offscreen screenshots of the UI for ``pattern-cli screenshot``."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDockWidget

from editor.ui.common import theme


def _settle(app: QApplication, rounds: int = 8) -> None:
    for _ in range(rounds):
        app.processEvents()


VIEWS = {"form": 0, "body": 1, "source": 2}


@contextmanager
def throwaway_profile() -> Iterator[Path]:
    """Settings, session, caches and recovery files in a temporary folder, deleted afterwards.

    The window records the last folder and the open tabs as it works, and the index and theme write
    caches: a screenshot must leave the user's profile (PATTERN_EDITOR_HOME or the platform folders)
    exactly as it was, so every profile folder points here while it runs."""
    before = os.environ.get("PATTERN_EDITOR_HOME")
    with tempfile.TemporaryDirectory(prefix="pe-shot-") as home:
        os.environ["PATTERN_EDITOR_HOME"] = home
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(Path(home) / "settings"))
        try:
            yield Path(home)
        finally:
            if before is None:
                os.environ.pop("PATTERN_EDITOR_HOME", None)
            else:
                os.environ["PATTERN_EDITOR_HOME"] = before


def take(args: argparse.Namespace) -> int:
    try:
        width, height = (int(v) for v in args.size.lower().split("x"))
    except ValueError:
        print(f"pattern-cli: --size must look like 1280x800, not {args.size!r}", file=sys.stderr)
        return 2
    app = QApplication.instance() or QApplication(["pattern-cli"])
    with throwaway_profile():
        return _take(app, args, width, height)


def _take(app: QApplication, args: argparse.Namespace, width: int, height: int) -> int:
    theme.apply(app, args.theme)
    if args.widget == "compare":
        return _compare_shot(app, args, width, height)
    if args.widget == "review":
        return _review_shot(app, args, width, height)
    if args.widget == "get-library":
        return _get_library_shot(app, args)
    if args.widget == "share":
        return _share_shot(app, args)
    from editor.base.assets import sample_library
    from editor.ui.window.create import create_window

    window = create_window(args.path or sample_library(), wait=True)  # never the first-run copy
    window.resize(width, height)
    window.show()
    _settle(app)
    tab = window.current_tab()  # the file given as PATH, if any
    if args.open_slug:
        tab = window.open_slug(args.open_slug)
        if tab is None:
            print(f"pattern-cli: no pattern {args.open_slug!r} in the library", file=sys.stderr)
            _teardown(app, window)
            return 2
    if tab is not None:
        tab.views.setCurrentIndex(VIEWS[args.view])
        _settle(app)
        if args.scroll:
            tab.form.verticalScrollBar().setValue(args.scroll)
        window.preview.render_now()
    window.preview.wait_rendered()  # the preview renders in a worker: capture its result or paused notice
    if args.widget == "welcome":
        window.show_welcome()
    if getattr(args, "dock", None) and not _raise_dock(app, window, args.dock):
        _teardown(app, window)
        return 2
    _settle(app, 20)
    target = {"graph": getattr(window, "mini_graph", None)}.get(args.widget) or window
    if args.widget == "table":
        target = _table_shot(app, window)
    if args.widget == "library-graph":
        target = _graph_shot(app, window, args, width, height)
        if target is None:
            _teardown(app, window)
            return 2
    code = _save(target, args.out)
    _teardown(app, window)
    return code


def _raise_dock(app: QApplication, window, name: str) -> bool:
    """Show and raise a panel tabbed behind another (``--dock links``), with its answers delivered."""
    dock = window.findChild(QDockWidget, name)
    if dock is None:
        names = sorted(d.objectName() for d in window.findChildren(QDockWidget))
        print(f"pattern-cli: no panel {name!r} (panels: {', '.join(names)})", file=sys.stderr)
        return False
    dock.show()
    dock.raise_()
    _settle(app)
    if name == "links":
        window.library.wait_for_mentions()
    wait = getattr(dock.widget(), "wait", None)
    if callable(wait):
        wait()
    return True


def _graph_shot(app: QApplication, window, args: argparse.Namespace, width: int, height: int):
    """The library graph: its overview, or a domain drilled into (``--graph-domain``), or a pattern
    found with its neighbours (``--graph-search``), each laid out before the capture."""
    graph = window.show_library_graph()
    graph.resize(width, height)
    window.library.wait_for_queries()
    graph.wait()
    domain, search = getattr(args, "graph_domain", None), getattr(args, "graph_search", None)
    if domain:
        if graph.overview is None or domain not in graph.overview.overview.members:
            print(f"pattern-cli: no domain {domain!r} in the library graph", file=sys.stderr)
            return None
        graph.drill(domain)
        graph.wait()
    if search:
        graph.search.setText(search)
        graph.find()
        graph.wait()
    _settle(app, 20)
    return graph


def _table_shot(app: QApplication, window):
    """The Table page with the window's side panels closed, so it has the window's width, and the
    background library check done, so the problems column shows its counts."""
    from editor.ui.window import pages

    for dock in window.findChildren(QDockWidget):
        dock.hide()
    page = pages.table(window)
    page.wait_checked()
    _settle(app, 20)
    return page


def _compare_shot(app: QApplication, args: argparse.Namespace, width: int, height: int) -> int:
    from editor.model.errors import PatternError
    from editor.ui.compare.window import open_compare_window

    if not args.compare:
        print("pattern-cli: --widget compare needs --compare OLD NEW", file=sys.stderr)
        return 2
    try:
        window = open_compare_window(*args.compare)
    except PatternError as exc:
        print(f"pattern-cli: {exc}", file=sys.stderr)
        return 2
    window.resize(width, height)
    _settle(app, 20)
    code = _save(window, args.out)
    _teardown(app, window)
    return code


def _review_shot(app: QApplication, args: argparse.Namespace, width: int, height: int) -> int:
    """The review window on PATH's repository (``--review "A..B"``; empty: the working tree), the
    file ``--open SLUG`` (else the first) selected."""
    from editor.ui.window.create import create_window

    if args.review is None or not args.path:
        print(
            "pattern-cli: --widget review needs PATH (a folder in a git repository) and --review RANGE", file=sys.stderr
        )
        return 2
    window = create_window(args.path, wait=True)
    review = window.workspace.review(args.review.split())
    review.resize(width, height)
    review.wait()
    _settle(app)
    if review.error:
        print(f"pattern-cli: {review.error}", file=sys.stderr)
        _teardown(app, window)
        return 2
    if args.open_slug:
        rows = [i for i, f in enumerate(review.files.files) if Path(f.path).stem == args.open_slug]
        if not rows:
            print(f"pattern-cli: {args.open_slug!r} did not change in this range", file=sys.stderr)
            _teardown(app, window)
            return 2
        review.files.setCurrentRow(rows[0])
    _settle(app, 20)
    code = _save(review, args.out)
    _teardown(app, window)
    return code


def _get_library_shot(app: QApplication, args: argparse.Namespace) -> int:
    """File → Get a Library…'s dialog at its own size, ``--source`` typed into its address."""
    from editor.ui.sync.get_dialog import GetLibraryDialog

    dialog = GetLibraryDialog("")
    dialog.show()
    if getattr(args, "source", None):
        dialog.source.setText(args.source)
    _settle(app, 20)
    code = _save(dialog, args.out)
    _teardown(app, dialog)
    return code


def _share_shot(app: QApplication, args: argparse.Namespace) -> int:
    """File → Share My Changes…'s dialog for PATH's repository (its changed patterns), at its own size."""
    from editor.model.errors import PatternError
    from editor.model.sync.share import plan
    from editor.ui.sync.share_dialog import ShareDialog

    try:
        dialog = ShareDialog(plan(args.path or "."))
    except PatternError as exc:
        print(f"pattern-cli: {exc}", file=sys.stderr)
        return 2
    dialog.show()
    _settle(app, 20)
    code = _save(dialog, args.out)
    _teardown(app, dialog)
    return code


def _save(widget, name: str) -> int:
    image = widget.grab()
    out = Path(name)
    out.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(out)):
        print(f"pattern-cli: could not write {out}", file=sys.stderr)
        return 2
    print(f"wrote {out} ({image.width()}x{image.height()})")
    return 0


def _teardown(app: QApplication, window) -> None:
    """Close and delete windows while Qt is alive: graphics items owned by Python must not be
    collected after the QApplication is gone (a known PySide6 shutdown crash)."""
    from editor.ui.common.scenes import release_scenes

    release_scenes(window)
    window.close()
    window.deleteLater()
    _settle(app, 4)
