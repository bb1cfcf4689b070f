"""pattern-cli: the editor's model without a window.

Exit codes: 0 ok, 1 findings or differences, 2 usage error or unreadable input.

Each sub-command module adds its commands with ``register(subparsers)`` and shares the exit codes
and error output of ``common.py``. None imports Qt at load time (``ui.py`` imports it when its
command runs), so ``pattern-cli --help`` stays fast and works without a display.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from editor import __version__
from editor.cli import diff, document, export, library, links, merge, query, review, spell, sync, ui
from editor.cli.common import OK, USAGE, UsageError, err
from editor.model.errors import PatternError

# in the order `--help` lists their commands
_COMMAND_MODULES = (document, library, links, query, diff, review, merge, sync, spell, export, ui)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pattern-cli",
        description="Read, check and edit pattern files "
        "without a window. Exit 0 ok, 1 findings/differences, 2 usage or "
        "unreadable input.",
    )
    parser.add_argument("--version", action="version", version=f"pattern-cli {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help/--version
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return USAGE
    try:
        return args.func(args)
    except UsageError as exc:
        err(f"pattern-cli: {exc}")
        return USAGE
    except PatternError as exc:
        err(str(exc))
        return USAGE
    except BrokenPipeError:  # `pattern-cli ... | head`
        return OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
