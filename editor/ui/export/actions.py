"""File → Export: the current pattern as PDF, the library as a website (the site on the worker)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from editor.model.errors import PatternError
from editor.ui.common.worker import Worker

if TYPE_CHECKING:
    from editor.ui.window.mainwindow import MainWindow


def export_pdf(window: MainWindow) -> Path | None:
    """The current tab's pattern (as edited, saved or not) as a PDF file the user names."""
    from editor.ui.export.pdf import write_pdf

    tab = window.workspace.current_tab()
    if tab is None:
        return None
    doc = tab.doc
    start = str((doc.path.with_suffix(".pdf")) if doc.path else Path.home() / "pattern.pdf")
    name = window.dialogs.save_file_as("Export as PDF", start, "PDF files (*.pdf)")
    if not name:
        return None
    out = Path(name) if name.lower().endswith(".pdf") else Path(name + ".pdf")
    try:
        pages = write_pdf(doc, out)
    except (PatternError, OSError) as exc:
        window.dialogs.error("Export as PDF", str(exc))
        return None
    window.statusBar().showMessage(f"Exported {out.name}: {pages} pages", 6000)
    return out


def export_site(window: MainWindow) -> Worker | None:
    """The open library as a static website in a folder the user names; written on a worker."""
    from editor.model.render.site import export_site as write_site

    folder = window.library.folder
    if folder is None:
        window.dialogs.error("Export library as website", "Open a library folder first.")
        return None
    name = window.dialogs.choose_folder("Export library as website: choose an empty folder", str(folder.parent))
    if not name:
        return None
    out = Path(name)
    crowded = out.exists() and any(out.iterdir()) and not (out / "index.html").is_file()
    if crowded and not window.dialogs.confirm(
        "Export library as website", f"{out} is not empty. Write the site into it?"
    ):
        return None
    worker = Worker(window)
    window.statusBar().showMessage(f"Exporting the library to {out}…")
    worker.finished.connect(
        lambda report: window.statusBar().showMessage(
            f"Website written to {report.out}: {report.patterns} patterns, {report.domains} domains", 8000
        )
    )
    worker.failed.connect(lambda exc: window.dialogs.error("Export library as website", str(exc)))
    worker.start(lambda _job: write_site(folder, out))
    window._site_worker = worker  # kept alive until the next export
    return worker
