"""pattern-cli screenshot: render the main window offscreen to a PNG, for looking at the UI."""

from __future__ import annotations

import argparse
import os


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("screenshot", help="render the editor window offscreen to a PNG")
    p.add_argument("path", nargs="?", help="library folder or pattern file (default: the bundled library)")
    p.add_argument("--out", required=True, metavar="PNG")
    p.add_argument("--size", default="1280x800", help="window size, e.g. 1920x1080 (default 1280x800)")
    p.add_argument("--theme", choices=("light", "dark"), default="light")
    p.add_argument("--open", dest="open_slug", metavar="SLUG", help="open this pattern in a tab")
    p.add_argument("--view", choices=("form", "body", "source"), default="form", help="which view of the tab")
    p.add_argument("--scroll", type=int, default=0, help="scroll the form down by this many pixels")
    p.add_argument(
        "--widget",
        choices=("window", "graph", "library-graph", "compare", "table", "review", "welcome", "get-library", "share"),
        default="window",
        help="what to capture (default: the whole window)",
    )
    p.add_argument("--dock", metavar="NAME", help="show and raise this panel first (e.g. links, changes)")
    p.add_argument("--compare", nargs=2, metavar=("OLD", "NEW"), help="files for --widget compare")
    p.add_argument(
        "--review", metavar="RANGE", help='--widget review: "A..B", "REV", "A B" or "" (the working tree vs HEAD)'
    )
    p.add_argument("--graph-domain", metavar="NAME", help="--widget library-graph: drill into this domain")
    p.add_argument("--source", metavar="ADDRESS", help="--widget get-library: the address typed into the dialog")
    p.add_argument("--graph-search", metavar="TEXT", help="--widget library-graph: find a pattern, show its neighbours")
    p.set_defaults(func=cmd_screenshot)


def cmd_screenshot(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from editor.ui.window.screenshot import take

    return take(args)


def cmd_through_form(paths: list) -> int:
    """``pattern-cli roundtrip --through-form``: the form's widgets driven headless (editor.ui.fidelity.cycle)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from editor.ui.fidelity.cycle import cli

    return cli(paths)


def cmd_export_pdf(path, out) -> int:
    """``pattern-cli export FILE --format pdf``: the pattern card through Qt's PDF writer, offscreen."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from editor.ui.export.pdf import cli

    return cli(path, out)
