"""The main window: library on the left, the workspace's tabs in the middle, preview and graph on
the right, problems below. It holds the chrome and wires the parts together; the workspace runs
the open patterns' lifecycle, and each action's callback is declared with it in ``actions``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QMenu, QToolBar, QWidget

from editor.model.document.recovery import RecoveryStore
from editor.ui.common import a11y, theme
from editor.ui.common.dialogs import Dialogs
from editor.ui.common.scenes import release_scenes
from editor.ui.common.settings import Settings
from editor.ui.document.preview import PreviewPane
from editor.ui.document.problems import ProblemsPanel
from editor.ui.document.tab import SOURCE, DocumentTab
from editor.ui.form.base import install_undo_router
from editor.ui.graph.neighbourhood import MiniGraph
from editor.ui.library.panel import LibraryPanel
from editor.ui.library.problems import LibraryProblems
from editor.ui.library.service import LibraryService
from editor.ui.links.panel import LinksPanel
from editor.ui.sync import changes_panel
from editor.ui.window import centre, fit, library_edits, pages
from editor.ui.window.actions import Actions
from editor.ui.window.status import StatusLabels
from editor.ui.workspace.workspace import Workspace


class MainWindow(QMainWindow):
    def __init__(
        self, settings: Settings | None = None, dialogs: Dialogs | None = None, recovery: RecoveryStore | None = None
    ) -> None:
        super().__init__()
        a11y.install()  # every control gets an accessible name and description, before any is polished
        self.settings = settings or Settings()
        self.setWindowTitle("Pattern Editor")
        self.setWindowIcon(theme.app_icon())
        self.setDockNestingEnabled(True)
        self.library = LibraryService(self)
        self.workspace = Workspace(
            self.library, self.settings, dialogs or Dialogs(self), recovery or RecoveryStore(), self
        )
        self.tabs = self.workspace.tabs
        self.setCentralWidget(self.tabs)
        self.actions = Actions(self)
        self._build_docks()
        self._build_menus()
        centre.install(self)  # what to do with no tab open; the tabs' context menu
        self.status = StatusLabels(self.statusBar())
        self.status_path = self.status.path
        self._follow_timer = QTimer(self, singleShot=True, interval=60)
        self._follow_timer.timeout.connect(self._follow_preview)
        self._library_timer = QTimer(self, singleShot=True, interval=200)  # one pass per burst of changes
        self._library_timer.timeout.connect(self._library_changed)
        self._connect()
        install_undo_router()  # Ctrl+Z in a field undoes the document, not the field's own text
        self.resize(1280, 800)

    @property
    def dialogs(self) -> Dialogs:
        return self.workspace.dialogs

    @dialogs.setter
    def dialogs(self, dialogs: Dialogs) -> None:  # tests script the answers
        self.workspace.dialogs = dialogs

    def current_tab(self) -> DocumentTab | None:
        return self.workspace.current_tab()

    def open_file(self, path: str | Path, focus: bool = True) -> DocumentTab | None:
        return self.workspace.open_file(path, focus)

    # ------------------------------------------------------------ construction

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(area, dock)
        return dock

    def _build_docks(self) -> None:
        area = Qt.DockWidgetArea
        self.library_panel = LibraryPanel(self.library, self)
        self.library_dock = self._dock("Library", "library", self.library_panel, area.LeftDockWidgetArea)
        self.preview = PreviewPane(self)
        self.preview.library_folder = lambda: self.library.folder  # images load only from inside it
        self.preview.set_theme(theme.colors().name)
        self.preview_dock = self._dock("Preview", "preview", self.preview, area.RightDockWidgetArea)
        self.mini_graph = MiniGraph(self.library, self.settings.graph_depth, self.settings.show_inferred_links, self)
        self.graph_dock = self._dock("Graph", "graph", self.mini_graph, area.RightDockWidgetArea)
        self.splitDockWidget(self.preview_dock, self.graph_dock, Qt.Orientation.Vertical)
        self.links_panel = LinksPanel(self.library, self.workspace, self)
        self.links_dock = self._dock("Links", "links", self.links_panel, area.RightDockWidgetArea)
        self.tabifyDockWidget(self.graph_dock, self.links_dock)
        self.graph_dock.raise_()
        changes_panel.install(self)  # under the library: changes_panel, changes_dock (shown in a repository)
        self.problems = ProblemsPanel(self)
        self.problems_dock = self._dock("Problems", "problems", self.problems, area.BottomDockWidgetArea)
        self.library_problems = LibraryProblems(self)
        self.library_problems_dock = self._dock(
            "Library problems", "library_problems", self.library_problems, area.BottomDockWidgetArea
        )
        # tabified on the first show (see showEvent): Qt 6.11 gives a second tabbed group made before
        # the window is shown two tab bars, and the one it forgets stays drawn over the library
        self._tabify_problems = True
        self.resizeDocks([self.library_dock, self.preview_dock], [270, 400], Qt.Orientation.Horizontal)
        self.resizeDocks([self.preview_dock, self.graph_dock], [400, 340], Qt.Orientation.Vertical)
        self.resizeDocks([self.problems_dock], [150], Qt.Orientation.Vertical)

    def _build_menus(self) -> None:
        undo_group = self.workspace.undo_group
        undo = self.undo_action = undo_group.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.redo_action = undo_group.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence(QKeySequence.StandardKey.Redo), QKeySequence("Ctrl+Y")])
        undo.setObjectName("undo")  # testability contract: every action is findable by name
        redo.setObjectName("redo")
        undo.setIcon(theme.icon("undo"))
        redo.setIcon(theme.icon("redo"))
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.aboutToShow.connect(
            lambda: pages.fill_recent(self.recent_menu, self.settings.recent_folders, self.open_folder)
        )
        docks = QMenu("&Panels", self)
        for dock in (
            self.library_dock,
            self.preview_dock,
            self.graph_dock,
            self.links_dock,
            self.changes_dock,
            self.problems_dock,
            self.library_problems_dock,
        ):
            docks.addAction(dock.toggleViewAction())
        extra = {"undo": undo, "redo": redo, "recent": self.recent_menu, "docks": docks}
        self.menus = self.actions.build_menus(self.menuBar(), extra)
        self.toolbar = QToolBar("Main toolbar", self)
        self.toolbar.setObjectName("toolbar")
        self.toolbar.setIconSize(QSize(20, 20))
        self.toolbar.setMovable(False)
        self.actions.build_toolbar(self.toolbar, extra)
        self.addToolBar(self.toolbar)

    def _connect(self) -> None:
        ws, settings = self.workspace, self.settings
        ws.message.connect(self.statusBar().showMessage)
        ws.currentChanged.connect(self._current_changed)
        ws.tabStatusChanged.connect(self._show_status)
        ws.findingsChanged.connect(lambda tab: self.problems.set_findings(tab.findings))
        ws.viewMoved.connect(self._follow_timer.start)
        ws.openPattern.connect(self.open_slug)
        self.mini_graph.openPattern.connect(self.open_slug)
        self.mini_graph.createStub.connect(ws.create_stub)
        self.mini_graph.depth2.toggled.connect(lambda on: setattr(settings, "graph_depth", 2 if on else 1))
        self.mini_graph.inferred.toggled.connect(lambda on: setattr(settings, "show_inferred_links", on))
        # the application restyles first (connection order is call order), then each view recolours
        settings.themeChanged.connect(self.apply_theme)
        settings.themeChanged.connect(lambda _name: self.preview.set_theme(theme.colors().name))
        settings.themeChanged.connect(self.mini_graph.rebuild)
        self.library_problems.run_button.clicked.connect(self.check_library)
        self.library_problems.openFinding.connect(ws.open_finding)
        self.problems.goTo.connect(lambda f: (t := self.current_tab()) is not None and t.go_to_finding(f))
        self.library_panel.openPattern.connect(self.open_slug)
        self.library_panel.previewPattern.connect(lambda slug: self.open_slug(slug, preview=True))
        self.library_panel.openView.connect(lambda view: pages.open_view(self, view))
        library_edits.connect(self)  # library fixes and accepted values from the Library problems panel
        self.preview.openPattern.connect(self.open_slug)
        self.links_panel.openPattern.connect(self.open_slug)
        self.links_panel.openLine.connect(ws.open_finding)
        self.library.rebuilt.connect(self._library_rebuilt)
        self.library.failed.connect(lambda text: self.dialogs.error("Library", text))
        self.library.changed.connect(lambda _c: self._library_timer.start())

    # ------------------------------------------------------------ library

    def open_folder(self, folder: str | Path, wait: bool = False) -> None:
        folder = Path(folder)
        if not folder.is_dir():
            self.dialogs.error("Open folder", f"{folder} is not a folder.")
            return
        self.settings.last_folder = str(folder.resolve())
        self.library.open(folder, wait=wait)
        self.setWindowTitle(f"{folder.name} — Pattern Editor")

    def ask_open_folder(self) -> None:
        folder = self.dialogs.open_folder(str(self.library.folder or Path.home()))
        if folder:
            self.open_folder(folder)

    def ask_open_files(self) -> None:
        for name in self.dialogs.open_files(str(self.library.folder or Path.home())):
            self.open_file(name)

    def open_slug(self, slug: str, preview: bool = False) -> DocumentTab | None:
        """Open the pattern ``slug`` in a tab; ``preview``: in the preview tab (a single click)."""
        path = self.library.path_for(slug)
        if path is None:
            resolved = self.library.resolve(slug)
            path = self.library.path_for(resolved) if resolved else None
        if path is None:
            self.statusBar().showMessage(f"No pattern “{slug}” in the library", 5000)
            return None
        tab = self.workspace.previews.open(path) if preview else self.open_file(path)
        self.library_panel.select(slug)
        return tab

    def check_library(self) -> None:
        self.library_problems_dock.show()
        self.library_problems_dock.raise_()
        self.library_problems.run(self.library.index, read=self.library.data_of)

    def _library_changed(self) -> None:
        self.workspace.revalidate_all()
        self.mini_graph.rebuild()

    def _library_rebuilt(self) -> None:
        self._library_changed()
        n = len(self.library.entries())
        self.statusBar().showMessage(f"Library: {n} patterns in {self.library.folder}", 4000)

    # ------------------------------------------------------------ the current pattern

    def _current_changed(self, tab: DocumentTab | None) -> None:
        self.preview.show_document(tab.controller if tab else None)
        self.mini_graph.show_document(tab.controller if tab else None)
        self.problems.set_findings(tab.findings if tab else [])
        if tab is not None:
            self.workspace.refresh_tab(tab)
            if tab.doc.data and isinstance(tab.doc.data.get("slug"), str):
                self.library_panel.select(tab.doc.data["slug"])
        else:
            self.status.show_tab(None, {})
        self._follow_timer.start()

    def _show_status(self, tab: DocumentTab) -> None:
        """Title, status bar and the actions that follow the current pattern."""
        dirty = tab.doc.dirty
        name = tab.doc.path.name if tab.doc.path else "untitled"
        folder = self.library.folder.name if self.library.folder else ""
        self.setWindowTitle(f"{name}[*] — {folder + ' — ' if folder else ''}Pattern Editor")
        self.setWindowModified(dirty)
        self.status.show_tab(tab, self.problems.counts())
        self.actions["toggle_source"].setChecked(tab.views.currentIndex() == SOURCE)
        self.actions["save"].setEnabled(dirty or tab.doc.path is None)

    def _follow_preview(self) -> None:
        tab = self.current_tab()
        if tab is not None:
            self.preview.follow(tab.preview_line())

    # ------------------------------------------------------------ windows and pages

    def show_library_graph(self):
        return pages.library_graph(self)

    def show_preferences(self) -> None:
        from editor.ui.window.preferences import PreferencesDialog

        self._preferences = PreferencesDialog(self.settings, self)
        self._preferences.show()

    def apply_theme(self) -> None:
        """Restyle the application and the window's chrome for the chosen theme."""
        if (app := QApplication.instance()) is None:
            return
        theme.apply(app, self.settings.theme)
        self.actions.refresh_icons()
        self.undo_action.setIcon(theme.icon("undo"))
        self.redo_action.setIcon(theme.icon("redo"))
        from editor.ui.compare.window import CompareWindow

        for window in self.findChildren(CompareWindow):  # made by many commands, so found here
            window.apply_theme()

    def show_welcome(self) -> None:
        pages.welcome(
            self.workspace,
            str(self.library.folder or ""),
            lambda: pages.format_reference(self.workspace),
            lambda name: self.actions[name].trigger(),
        )

    # ------------------------------------------------------------ session

    def save_session(self) -> None:
        self.settings.set_geometry("geometry", self.saveGeometry())
        self.settings.set_geometry("state", self.saveState())
        self.workspace.save_session()
        self.settings.sync()

    def restore_session(self) -> None:
        if (geometry := self.settings.geometry("geometry")) is not None:
            self.restoreGeometry(geometry)
        if (state := self.settings.geometry("state")) is not None:
            self._tabify_problems = False  # the user's own arrangement
            self.restoreState(state)
        self.workspace.restore_session()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._tabify_problems:
            self._tabify_problems = False
            self.tabifyDockWidget(self.problems_dock, self.library_problems_dock)
            self.problems_dock.raise_()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            fit.fit_docks(self)  # narrow screens: the side panels yield to the form

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.workspace.may_quit():
            event.ignore()
            return
        self.save_session()
        self.library_problems.shutdown()
        self.changes_panel.shutdown()
        if (table := getattr(self, "table_page", None)) is not None:
            table.shutdown()
        self.library.shutdown()
        release_scenes(self)
        event.accept()
