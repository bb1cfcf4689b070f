"""pattern-cli export: a pattern card as PDF, or a library as a static HTML site.

pattern-cli export FILE --format pdf --out X.pdf     Qt's own PDF writer (offscreen; editor/cli/ui.py)
pattern-cli export DIR --format html --out SITE      Qt-free (editor/model/render/site.py)
"""

from __future__ import annotations

import argparse
from pathlib import Path

from editor.cli import ui
from editor.cli.common import OK, UsageError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="a pattern card as PDF (FILE) or the library as a static HTML site (DIR)")
    p.add_argument("path", metavar="FILE|DIR", help="a pattern file (pdf) or a library folder (html)")
    p.add_argument("--format", choices=("pdf", "html"), required=True)
    p.add_argument("--out", required=True, metavar="X.pdf|SITE", help="the PDF file, or the site's folder")
    p.set_defaults(func=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    path = Path(args.path)
    if args.format == "pdf":
        if not path.is_file():
            raise UsageError(f"{path}: --format pdf needs a pattern file")
        return ui.cmd_export_pdf(path, Path(args.out))
    if not path.is_dir():
        raise UsageError(f"{path}: --format html needs a library folder")
    from editor.model.render.site import export_site

    report = export_site(path, Path(args.out))
    print(f"{report.out}: {report.patterns} pattern pages, {report.domains} domain pages, index.html")
    for name in report.skipped:
        print(f"  not readable, left out: {name}")
    return OK
