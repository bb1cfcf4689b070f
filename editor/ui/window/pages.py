"""The window's secondary pages and windows: welcome, format reference, about, the library graph,
the go-to-pattern popup and the recent-folders menu. Each is made on first use."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QTextBrowser

from editor import __version__
from editor.ui.common import theme
from editor.ui.common.dialogs import Dialogs
from editor.ui.window import library_edits
from editor.ui.workspace.workspace import Workspace


def about(dialogs: Dialogs) -> None:
    import PySide6

    dialogs.info(
        "About Pattern Editor",
        f"Pattern Editor {__version__}\n\nA desktop editor for pattern files that never damages a "
        "file: saving changes exactly the bytes you edited.\n\nQt for Python (PySide6) "
        f"{PySide6.__version__}.",
    )


def format_reference(workspace: Workspace) -> None:
    """The reference is written from the schema, so it matches the form and the checks."""

    def make():
        from editor.model.schema.reference import reference_markdown

        viewer = QTextBrowser(workspace.tabs)
        viewer.setMarkdown(reference_markdown())
        viewer.document().setDocumentMargin(24)
        viewer.setOpenExternalLinks(True)
        return viewer, theme.icon("about"), "Format reference"

    workspace.show_page("reference", make)


def welcome(
    workspace: Workspace,
    folder: str,
    show_reference: Callable[[], None],
    run_action: Callable[[str], None] | None = None,
) -> None:
    def make():
        from editor.ui.window.welcome import WelcomePage

        page = WelcomePage(folder, workspace.tabs)
        page.showReference.connect(show_reference)
        if run_action is not None:  # its buttons: Get a Library…, Open a Folder…
            page.runAction.connect(run_action)
        return page, theme.icon("about"), "Welcome"

    workspace.show_page("welcome", make)


def library_graph(window):
    """The whole library as a graph, in a window of its own kept for the session."""
    from editor.ui.graph.library import LibraryGraphWindow

    graph = getattr(window, "library_graph_window", None)
    if graph is None:
        graph = window.library_graph_window = LibraryGraphWindow(window.library, window)
        graph.setWindowFlag(Qt.WindowType.Window)
        graph.openPattern.connect(window.open_slug)
        window.library.rebuilt.connect(graph.rebuild)
    graph.show()
    graph.raise_()
    return graph


def table(window):
    """View → Table: the library as a spreadsheet, a page beside the documents (one per window)."""

    def make():
        from editor.ui.table.page import TablePage

        page = window.table_page = TablePage(
            window.library,
            dialogs=lambda: window.dialogs,
            bulk_edit=getattr(window.workspace, "bulk_edit", None),
            parent=window.workspace.tabs,
        )
        page.openPattern.connect(window.open_slug)
        page.bulkRequested.connect(lambda files: library_edits.bulk_edit_files(window, files))
        page.saveViewRequested.connect(lambda: library_edits.save_current_view(window, page.view_state()))
        return page, theme.icon("library"), "Table"

    window.workspace.show_page("table", make)
    return window.table_page


def open_view(window, view) -> None:
    """A saved view from the library panel: the table, with its query, columns and sort."""
    table(window).apply_view(library_edits.view_state(view))


def go_to_pattern(window) -> None:
    """Ctrl+P: a popup that finds any pattern of the library by name."""
    from editor.ui.library.goto import GoToPopup

    if not hasattr(window, "goto_popup"):
        window.goto_popup = GoToPopup(window.library.search, window)
        window.goto_popup.picked.connect(window.open_slug)
    window.goto_popup.popup()


def fill_recent(menu: QMenu, folders: list[str], open_folder: Callable[[str], None]) -> None:
    menu.clear()
    for folder in folders:
        action = menu.addAction(folder)
        action.triggered.connect(lambda _=False, f=folder: open_folder(f))
    if not folders:
        menu.addAction("No recent folders").setEnabled(False)
