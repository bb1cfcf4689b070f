"""pattern-editor: the desktop application's entry point."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from editor import __version__


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="pattern-editor", description="Edit pattern files safely.")
    parser.add_argument("path", nargs="?", help="a library folder or a pattern file")
    parser.add_argument("--compare", nargs=2, metavar=("OLD", "NEW"), help="open the compare window")
    parser.add_argument(
        "--review",
        nargs=argparse.REMAINDER,
        metavar="REV_A [REV_B] [-- PATHS]",
        help="open the review window on the folder's repository (last option): nothing for the working tree "
        "against HEAD, REV for one commit, A..B, A...B or A B for a range",
    )
    parser.add_argument("--version", action="version", version=f"pattern-editor {__version__}")
    if "--review" in argv:  # everything after it is the range and paths (argparse would take a "--")
        at = argv.index("--review")
        args = parser.parse_args(argv[:at])
        args.review = argv[at + 1 :]
        return args
    return parser.parse_args(argv)


def create_window(path: str | Path | None = None, wait: bool = False):
    """The main window on a folder or file (see ``editor.ui.window.create``); part of the
    testability contract, so it stays importable from here."""
    from editor.ui.window.create import create_window as create

    return create(path, wait=wait)


def main(argv: list[str] | None = None) -> int:
    if getattr(sys, "frozen", False):  # PyInstaller: let the index's worker processes start safely
        import multiprocessing

        multiprocessing.freeze_support()
        from editor.model.library import index as library

        library.FROZEN_POOL = True
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from PySide6.QtWidgets import QApplication

    from editor.ui.common import theme

    app = QApplication.instance() or QApplication([sys.argv[0], *(argv or [])])
    app.setApplicationName("Pattern Editor")
    app.setOrganizationName("PatternEditor")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("pattern-editor")  # matches the .desktop entry: the right icon under Wayland
    app.setWindowIcon(theme.app_icon())
    from editor.ui.common.settings import Settings

    theme.apply(app, Settings().theme)
    if args.compare:
        from editor.model.errors import PatternError
        from editor.ui.compare.window import open_compare_window

        try:
            compare = open_compare_window(*args.compare)
        except PatternError as exc:
            print(f"pattern-editor: {exc}", file=sys.stderr)
            return 2
        compare.show()
        return app.exec()
    window = create_window(args.path or (Path.cwd() if args.review is not None else None))
    window.show()
    if args.review is not None:
        # REV_A [REV_B] [-- PATHS]: the range itself is read by the model (review.resolve_range), as
        # for pattern-cli review; a range it cannot read shows as the review window's message
        rest = args.review
        at = rest.index("--") if "--" in rest else len(rest)
        revs, paths = rest[:at], rest[at + 1 :]
        from editor.ui.compare.review_window import open_review

        library = window.library.folder or Path.cwd()
        open_review(library, revs, window.workspace, window.dialogs, window, paths)
    _open_files_from_the_desktop(app, window)
    if os.environ.get("PATTERN_EDITOR_EXIT_AFTER_SHOW"):  # start-up benchmark and smoke test
        from PySide6.QtCore import QTimer

        def shown() -> None:
            window.repaint()  # the first frame is drawn before we say so
            if sys.stdout is not None:  # a windowed Windows build has no stdout
                print("pattern-editor: window shown", flush=True)
            app.quit()

        QTimer.singleShot(0, shown)
        return app.exec()
    window.workspace.offer_recovery()
    return app.exec()


def _open_files_from_the_desktop(app, window) -> None:
    """macOS hands files and folders opened from Finder to the app as QFileOpenEvent."""
    from PySide6.QtCore import QEvent, QObject

    class FileOpenFilter(QObject):
        def eventFilter(self, obj, event) -> bool:
            if event.type() != QEvent.Type.FileOpen:
                return False
            path = Path(event.file())
            if path.is_dir():
                window.open_folder(path)
            elif path.is_file():
                window.open_file(path)
            return True

    app.file_open_filter = FileOpenFilter(app)  # kept alive by the application
    app.installEventFilter(app.file_open_filter)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
