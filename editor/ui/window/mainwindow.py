"""The main window: library on the left, one tab per open pattern, preview and graph on the right,
problems below. Owns the session: open/save/close, file watching, recovery, layout restore."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QTabWidget,
    QToolBar,
    QWidget,
)

from editor import __version__
from editor.model.document.recovery import RecoveryStore
from editor.model.document.storage import Stamp
from editor.model.errors import ExternalChangeError, PatternError
from editor.model.schema import layout_of, open_pattern
from editor.ui.common import theme
from editor.ui.common.dialogs import CANCEL, COMPARE, DISCARD, KEEP_MINE, RELOAD, SAVE, Dialogs
from editor.ui.common.settings import Settings
from editor.ui.document.controller import DocumentController
from editor.ui.document.preview import PreviewPane
from editor.ui.document.problems import ProblemsPanel
from editor.ui.document.tab import SOURCE, DocumentTab
from editor.ui.library.panel import LibraryPanel
from editor.ui.library.service import LibraryService
from editor.ui.window.actions import Actions

# Crash snapshots wait for a pause in typing (their fsync, 2-12 ms measured, never lands between two keys),
# and come at least every RECOVERY_MAX_WAIT_MS while typing never pauses.
RECOVERY_DELAY_MS = 400
RECOVERY_MAX_WAIT_MS = 2000


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings | None = None, dialogs: Dialogs | None = None,
                 recovery: RecoveryStore | None = None) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.dialogs = dialogs or Dialogs(self)
        self.recovery = recovery or RecoveryStore()
        self.setWindowTitle("Pattern Editor")
        self.setWindowIcon(theme.app_icon())
        self.setDockNestingEnabled(True)
        self.library = LibraryService(self)
        self.undo_group = QUndoGroup(self)
        self.actions = Actions(self)
        self._build_central()
        self._build_docks()
        self._build_menus()
        self._build_status()
        self._connect()
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._file_changed_on_disk)
        self._recovery_timer = QTimer(self, singleShot=True, interval=RECOVERY_DELAY_MS)
        self._recovery_timer.timeout.connect(self._keep_recovery)
        self._recovery_deadline = QTimer(self, singleShot=True, interval=RECOVERY_MAX_WAIT_MS)
        self._recovery_deadline.timeout.connect(self.flush_recovery)
        self._follow_timer = QTimer(self, singleShot=True, interval=60)
        self._follow_timer.timeout.connect(self._follow_preview)
        self._library_timer = QTimer(self, singleShot=True, interval=200)  # one pass per burst of changes
        self._library_timer.timeout.connect(self._library_changed)
        from editor.ui.form.base import install_undo_router

        install_undo_router()
        self.resize(1280, 800)

    # ------------------------------------------------------------ construction

    def _build_central(self) -> None:
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(True)
        self.tabs.setElideMode(Qt.TextElideMode.ElideRight)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.tabs.currentChanged.connect(self._current_changed)
        self.setCentralWidget(self.tabs)

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.addDockWidget(area, dock)
        return dock

    def _build_docks(self) -> None:
        self.library_panel = LibraryPanel(self.library, self)
        self.library_dock = self._dock("Library", "library", self.library_panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.preview = PreviewPane(self)
        self.preview.library_folder = lambda: self.library.folder  # images load only from inside it
        self.preview.set_theme(theme.colors().name)
        self.preview_dock = self._dock("Preview", "preview", self.preview, Qt.DockWidgetArea.RightDockWidgetArea)
        from editor.ui.graph.neighbourhood import MiniGraph

        self.mini_graph = MiniGraph(self.library, self.settings.graph_depth, self.settings.show_inferred_links, self)
        self.mini_graph.openPattern.connect(self.open_slug)
        self.mini_graph.createStub.connect(self.create_stub)
        self.mini_graph.depth2.toggled.connect(lambda on: setattr(self.settings, "graph_depth", 2 if on else 1))
        self.mini_graph.inferred.toggled.connect(lambda on: setattr(self.settings, "show_inferred_links", on))
        self.graph_dock = self._dock("Graph", "graph", self.mini_graph, Qt.DockWidgetArea.RightDockWidgetArea)
        self.splitDockWidget(self.preview_dock, self.graph_dock, Qt.Orientation.Vertical)
        self.problems = ProblemsPanel(self)
        self.problems_dock = self._dock("Problems", "problems", self.problems, Qt.DockWidgetArea.BottomDockWidgetArea)
        from editor.ui.library.problems import LibraryProblems

        self.library_problems = LibraryProblems(self)
        self.library_problems_dock = self._dock("Library problems", "library_problems", self.library_problems,
                                                Qt.DockWidgetArea.BottomDockWidgetArea)
        self.tabifyDockWidget(self.problems_dock, self.library_problems_dock)
        self.problems_dock.raise_()
        self.resizeDocks([self.library_dock, self.preview_dock], [270, 400], Qt.Orientation.Horizontal)
        self.resizeDocks([self.preview_dock, self.graph_dock], [400, 340], Qt.Orientation.Vertical)
        self.resizeDocks([self.problems_dock], [150], Qt.Orientation.Vertical)

    def _build_menus(self) -> None:
        undo = self.undo_group.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        undo.setIcon(theme.icon("undo"))
        redo = self.undo_group.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence(QKeySequence.StandardKey.Redo), QKeySequence("Ctrl+Y")])
        redo.setIcon(theme.icon("redo"))
        self.undo_action, self.redo_action = undo, redo
        undo.setObjectName("undo")  # testability contract: every action is findable by name
        redo.setObjectName("redo")
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        docks = QMenu("&Panels", self)
        for dock in (self.library_dock, self.preview_dock, self.graph_dock, self.problems_dock,
                     self.library_problems_dock):
            docks.addAction(dock.toggleViewAction())
        extra = {"undo": undo, "redo": redo, "recent": self.recent_menu, "docks": docks}
        self.menus = self.actions.build_menus(self.menuBar(), extra)
        self.toolbar = QToolBar("Main toolbar", self)
        self.toolbar.setObjectName("toolbar")
        self.toolbar.setIconSize(QSize(20, 20))
        self.toolbar.setMovable(False)
        self.actions.build_toolbar(self.toolbar, extra)
        self.addToolBar(self.toolbar)

    def _build_status(self) -> None:
        bar = self.statusBar()
        self.status_path = QLabel()
        self.status_layout = QLabel()
        self.status_problems = QLabel()
        bar.addWidget(self.status_path, 1)
        bar.messageChanged.connect(lambda message: self.status_path.setVisible(not message))
        bar.addPermanentWidget(self.status_problems)
        bar.addPermanentWidget(self.status_layout)

    def _connect(self) -> None:
        a = self.actions
        a["open_folder"].triggered.connect(self.ask_open_folder)
        a["open"].triggered.connect(self.ask_open_files)
        a["save"].triggered.connect(lambda: self.save_tab(self.current_tab()))
        a["save_as"].triggered.connect(lambda: self.save_tab_as(self.current_tab()))
        a["save_all"].triggered.connect(self.save_all)
        a["close"].triggered.connect(lambda: self.close_tab(self.tabs.currentIndex()))
        a["quit"].triggered.connect(self.close)
        a["find"].triggered.connect(lambda: self._on_tab(lambda t: t.find()))
        a["find_next"].triggered.connect(lambda: self._on_tab(lambda t: t.find_next()))
        a["find_previous"].triggered.connect(lambda: self._on_tab(lambda t: t.find_next(backward=True)))
        a["toggle_source"].triggered.connect(lambda: self._on_tab(lambda t: t.toggle_source()))
        a["next_problem"].triggered.connect(lambda: self.problems.step(True))
        a["previous_problem"].triggered.connect(lambda: self.problems.step(False))
        a["reload_library"].triggered.connect(self.library.refresh)
        a["library_problems"].triggered.connect(self.check_library)
        a["library_graph"].triggered.connect(self.show_library_graph)
        a["rename_slug"].triggered.connect(self.rename_slug)
        a["compare_with"].triggered.connect(lambda: self._on_tab(self.compare_with_file))
        a["compare_saved"].triggered.connect(lambda: self._on_tab(self.compare_with_saved))
        a["history"].triggered.connect(lambda: self._on_tab(self.show_history))
        self.library_problems.run_button.clicked.connect(self.check_library)
        self.library_problems.openFinding.connect(self.open_finding)
        a["about"].triggered.connect(self.show_about)
        a["format_reference"].triggered.connect(self.show_format_reference)
        a["welcome"].triggered.connect(self.show_welcome)
        a["go_to_pattern"].triggered.connect(self.go_to_pattern)
        a["new_pattern"].triggered.connect(self.ask_new_pattern)
        a["preferences"].triggered.connect(self.show_preferences)
        self.problems.goTo.connect(lambda f: self._on_tab(lambda t: t.go_to_finding(f)))
        self.library_panel.openPattern.connect(self.open_slug)
        self.preview.openPattern.connect(self.open_slug)
        self.library.rebuilt.connect(self._library_rebuilt)
        self.library.failed.connect(lambda msg: self.dialogs.error("Library", msg))
        self.library.changed.connect(lambda _c: self._library_timer.start())

    # ------------------------------------------------------------ tabs

    def current_tab(self) -> DocumentTab | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, DocumentTab) else None

    def document_tabs(self) -> list[DocumentTab]:
        return [w for i in range(self.tabs.count()) if isinstance(w := self.tabs.widget(i), DocumentTab)]

    def _on_tab(self, fn) -> None:
        tab = self.current_tab()
        if tab is not None:
            fn(tab)

    def tab_for(self, path: str | Path) -> DocumentTab | None:
        target = Path(path).resolve()
        for tab in self.document_tabs():
            if tab.doc.path is not None and tab.doc.path.resolve() == target:
                return tab
        return None

    # ------------------------------------------------------------ opening

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

    def open_slug(self, slug: str) -> DocumentTab | None:
        path = self.library.path_for(slug)
        if path is None:
            resolved = self.library.resolve(slug)
            path = self.library.path_for(resolved) if resolved else None
        if path is None:
            self.statusBar().showMessage(f"No pattern “{slug}” in the library", 5000)
            return None
        tab = self.open_file(path)
        self.library_panel.select(slug)
        return tab

    def open_file(self, path: str | Path, focus: bool = True) -> DocumentTab | None:
        existing = self.tab_for(path)
        if existing is not None:
            if focus:
                self.tabs.setCurrentWidget(existing)
            return existing
        try:
            doc = open_pattern(path)
        except PatternError as exc:
            self.dialogs.error("Cannot open pattern", str(exc))
            return None
        controller = DocumentController(doc)
        tab = DocumentTab(controller, lookup=self.library, library=self.library, parent=self)
        controller.setParent(tab)  # deleted with its tab: compare windows on it close themselves
        self.apply_editor_font(tab)
        self.undo_group.addStack(controller.undo_stack)
        tab.openPattern.connect(self.open_slug)
        tab.createStub.connect(self.create_stub)
        tab.findingsChanged.connect(lambda _f, t=tab: self._findings_changed(t))
        tab.statusChanged.connect(lambda t=tab: self._tab_status(t))
        tab.externalAction.connect(lambda action, t=tab: self._external_action(t, action))
        tab.views.currentChanged.connect(lambda _i: self._schedule_follow())
        tab.body.editor.verticalScrollBar().valueChanged.connect(lambda _v: self._schedule_follow())
        controller.dirtyChanged.connect(lambda _d, t=tab: self._tab_status(t))
        controller.changed.connect(lambda _c: self._schedule_recovery())
        controller.editFailed.connect(lambda msg: self.statusBar().showMessage(msg, 8000))
        index = self.tabs.addTab(tab, tab.title())
        self.tabs.setTabToolTip(index, str(doc.path))
        if doc.path is not None:
            self.watcher.addPath(str(doc.path))
        if focus:
            self.tabs.setCurrentIndex(index)
        self._tab_status(tab)
        return tab

    def create_stub(self, slug: str) -> DocumentTab | None:
        """Create a pattern for a dangling link (from the template), then open it."""
        from editor.model.library.newpattern import create_stub

        if self.library.folder is None:
            return None
        try:
            path = create_stub(self.library.folder, slug, index=self.library.index)
        except (PatternError, OSError, ValueError) as exc:
            self.dialogs.error("Create stub", str(exc))
            return None
        self.library.file_saved(path)
        return self.open_file(path)

    def ask_new_pattern(self) -> DocumentTab | None:
        from editor.model.library.newpattern import create_pattern

        if self.library.folder is None:
            self.dialogs.error("New pattern", "Open a library folder first.")
            return None
        title = self.dialogs.get_text("New pattern", "Title of the new pattern:")
        if not title or not title.strip():
            return None
        try:
            path = create_pattern(self.library.folder, title.strip(), index=self.library.index)
        except (PatternError, OSError, ValueError) as exc:
            self.dialogs.error("New pattern", str(exc))
            return None
        self.library.file_saved(path)
        return self.open_file(path)

    def go_to_pattern(self) -> None:
        from editor.ui.library.goto import GoToPalette

        if not hasattr(self, "palette_popup"):
            self.palette_popup = GoToPalette(self.library.search, self)
            self.palette_popup.picked.connect(self.open_slug)
        self.palette_popup.popup()

    def show_preferences(self) -> None:
        from editor.ui.window.preferences import PreferencesDialog

        dialog = PreferencesDialog(self.settings, self)
        dialog.changed.connect(self.apply_preferences)
        dialog.show()
        self._preferences = dialog

    def apply_preferences(self) -> None:
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if app is not None:
            theme.apply(app, self.settings.theme)
            self.preview.set_theme(theme.colors().name)
            self.actions.refresh_icons()
            self.undo_action.setIcon(theme.icon("undo"))
            self.redo_action.setIcon(theme.icon("redo"))
            self.mini_graph.rebuild()
            from editor.ui.compare.window import CompareWindow

            for window in self.findChildren(CompareWindow):
                window.apply_theme()
        for tab in self.document_tabs():
            self.apply_editor_font(tab)
            tab.apply_theme()

    # ------------------------------------------------------------ saving and closing

    def save_tab(self, tab: DocumentTab | None, force: bool = False) -> bool:
        if tab is None:
            return False
        doc = tab.doc
        if doc.read_only:
            return self.save_tab_as(tab)
        # "Keep mine" overrides the version the user saw, not any later one
        chosen = tab.keep_mine_stamp is not None and tab.keep_mine_stamp.matches_disk(doc.path)
        try:
            tab.controller.save(force=force or chosen)
        except ExternalChangeError:
            answer = self.dialogs.ask_external_change(tab.title(), dirty=True)
            if answer == RELOAD:
                self._external_action(tab, RELOAD)
            elif answer == COMPARE:
                self.compare_with_disk(tab)
            elif answer == KEEP_MINE:
                return self.save_tab(tab, force=True)
            return False
        except PatternError as exc:
            self.dialogs.error("Not saved", str(exc))
            return False
        self._saved(tab, doc.path)
        return True

    def save_tab_as(self, tab: DocumentTab | None) -> bool:
        if tab is None:
            return False
        name = self.dialogs.save_file("Save pattern as", str(self.library.folder or Path.home()))
        if not name:
            return False
        old_path = tab.doc.path
        try:
            tab.controller.save(Path(name))
        except PatternError as exc:
            self.dialogs.error("Not saved", str(exc))
            return False
        self._saved(tab, old_path)
        return True

    def _saved(self, tab: DocumentTab, old_path: Path | None) -> None:
        """What follows every save: watches, recovery, library, banners, tab."""
        path = tab.doc.path
        tab.keep_mine_stamp = None
        tab.show_external_change(False)
        if old_path is not None and old_path != path:
            self.recovery.discard(str(old_path))
        self.file_moved(old_path, path)
        self.recovery.discard(str(path))
        self.library.file_saved(path)
        self.refresh_tab(tab)
        self.statusBar().showMessage(f"Saved {path.name}", 3000)

    def file_moved(self, old_path: Path | None, path: Path) -> None:
        """Watch the file a document now lives in (an atomic replace drops the old watch too)."""
        if old_path is not None and old_path != path:
            self.watcher.removePath(str(old_path))
        if str(path) in self.watcher.files():
            self.watcher.removePath(str(path))
        self.watcher.addPath(str(path))

    def save_all(self) -> bool:
        ok = True
        for tab in self.document_tabs():
            if tab.doc.dirty:
                ok = self.save_tab(tab) and ok
        return ok

    def close_tab(self, index: int, ask: bool = True) -> bool:
        tab = self.tabs.widget(index)
        if tab is not None and not isinstance(tab, DocumentTab):  # welcome page, reference
            self.tabs.removeTab(index)
            tab.deleteLater()
            return True
        if not isinstance(tab, DocumentTab):
            return False
        if ask and tab.doc.dirty:
            answer = self.dialogs.ask_unsaved([tab.title()])
            if answer == CANCEL:
                return False
            if answer == SAVE and not self.save_tab(tab):
                return False
        if tab.doc.path is not None:
            self.watcher.removePath(str(tab.doc.path))
            self.recovery.discard(str(tab.doc.path))
        from editor.ui.compare.window import close_windows_for

        close_windows_for(tab.controller, self)  # a compare window must not edit a dropped document
        self.undo_group.removeStack(tab.controller.undo_stack)
        tab.controller.dispose()
        self.tabs.removeTab(index)  # the new current tab takes over the preview and the graph
        tab.deleteLater()  # and with it its controller
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        self.flush_recovery()  # current before asking: the session may end while the question is open
        dirty = [t for t in self.document_tabs() if t.doc.dirty]
        if dirty:
            answer = self.dialogs.ask_unsaved([t.title() for t in dirty])
            if answer == CANCEL:
                event.ignore()
                return
            if answer == SAVE:
                for tab in dirty:
                    if not self.save_tab(tab):
                        event.ignore()
                        return
            if answer == DISCARD:
                for tab in dirty:
                    if tab.doc.path is not None:
                        self.recovery.discard(str(tab.doc.path))
        self.save_session()
        self.library_problems.shutdown()
        self.library.shutdown()
        release_scenes(self)
        event.accept()

    # ------------------------------------------------------------ session

    def save_session(self) -> None:
        s = self.settings
        s.set_geometry("geometry", self.saveGeometry())
        s.set_geometry("state", self.saveState())
        s.open_files = [str(t.doc.path) for t in self.document_tabs() if t.doc.path is not None]
        current = self.current_tab()
        s.current_file = str(current.doc.path) if current and current.doc.path else ""
        for tab in self.document_tabs()[:1]:
            s.set_geometry("body_splitter", tab.body.splitter.saveState())
        s.sync()

    def restore_session(self) -> None:
        s = self.settings
        geometry = s.geometry("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = s.geometry("state")
        if state is not None:
            self.restoreState(state)
        for name in s.open_files:
            if Path(name).is_file():
                self.open_file(name, focus=False)
        if s.current_file and (tab := self.tab_for(s.current_file)) is not None:
            self.tabs.setCurrentWidget(tab)
        splitter = s.geometry("body_splitter")
        if splitter is not None:
            for tab in self.document_tabs():
                tab.body.splitter.restoreState(splitter)

    def offer_recovery(self) -> None:
        entries = [e for e in self.recovery.entries() if Path(e.path).is_file()]
        if not entries:
            return
        if not self.dialogs.ask_recover([e.name for e in entries]):
            for e in entries:
                self.recovery.discard(e.path)
            return
        for e in entries:
            tab = self.open_file(e.path)
            if tab is None or tab.doc.text == e.text:
                continue
            if tab.doc.stamp is not None and e.saved_digest and tab.doc.stamp.digest != e.saved_digest:
                # the file changed since the lost session: never paste old work over it blindly
                from editor.ui.compare.window import CompareWindow, Version, editor_version

                window = CompareWindow(Version("Recovered, unsaved", e.text, Path(e.path)),
                                       editor_version(tab.controller, "On disk now"), target=tab.controller,
                                       dialogs=self.dialogs, parent=self)
                window.show()
                self.dialogs.info("Recover unsaved work", f"“{e.name}” changed on disk after your unsaved work "
                                  "was kept. Take what you need from the recovered version in the compare window.")
            else:
                tab.controller.set_text(e.text)

    def _schedule_recovery(self) -> None:
        self._recovery_timer.start()  # (re)started by every edit: the snapshot follows a pause
        if not self._recovery_deadline.isActive():
            self._recovery_deadline.start()

    def flush_recovery(self) -> None:
        """Take the pending snapshot now (on quit), rather than lose the last moments of typing."""
        if self._recovery_timer.isActive():
            self._recovery_timer.stop()
            self._keep_recovery()

    def _keep_recovery(self) -> None:
        self._recovery_deadline.stop()
        for tab in self.document_tabs():
            doc = tab.doc
            if doc.path is None:
                continue
            if doc.dirty:
                digest = doc.stamp.digest if doc.stamp else hashlib.sha256(doc.saved_text.encode()).hexdigest()
                try:
                    self.recovery.keep(str(doc.path), doc.text, digest)
                except PatternError as exc:  # best effort: the edit is still in memory, but say so
                    self.statusBar().showMessage(str(exc), 8000)
            else:
                self.recovery.discard(str(doc.path))

    # ------------------------------------------------------------ reacting

    def _current_changed(self, _index: int) -> None:
        tab = self.current_tab()
        self.undo_group.setActiveStack(tab.controller.undo_stack if tab else None)
        self.preview.show_document(tab.controller if tab else None)
        self.mini_graph.show_document(tab.controller if tab else None)
        self.problems.set_findings(tab.findings if tab else [])
        if tab is not None:
            self._tab_status(tab)
            if tab.doc.data and isinstance(tab.doc.data.get("slug"), str):
                self.library_panel.select(tab.doc.data["slug"])
        else:
            self.status_path.setText("")
            self.status_layout.setText("")
            self.status_problems.setText("")
        self._schedule_follow()

    def _findings_changed(self, tab: DocumentTab) -> None:
        if tab is self.current_tab():
            self.problems.set_findings(tab.findings)
            self._tab_status(tab)

    def _revalidate_all(self) -> None:
        for tab in self.document_tabs():
            tab.revalidate()

    def _library_changed(self) -> None:
        self._revalidate_all()
        self.mini_graph.rebuild()

    def _library_rebuilt(self) -> None:
        self._revalidate_all()
        self.mini_graph.rebuild()
        n = len(self.library.entries())
        self.statusBar().showMessage(f"Library: {n} patterns in {self.library.folder}", 4000)

    def _tab_status(self, tab: DocumentTab) -> None:
        index = self.tabs.indexOf(tab)
        if index < 0:
            return
        dirty = tab.doc.dirty
        label = ("● " if dirty else "") + tab.title()  # the title follows the file name (renames)
        if tab.doc.read_only:
            label += " 🔒"
        self.tabs.setTabText(index, label)
        self.tabs.setTabToolTip(index, f"{tab.doc.path}" + (" (unsaved changes)" if dirty else ""))
        if tab is self.current_tab():
            name = tab.doc.path.name if tab.doc.path else "untitled"
            folder = self.library.folder.name if self.library.folder else ""
            self.setWindowTitle(f"{name}[*] — {folder + ' — ' if folder else ''}Pattern Editor")
            self.setWindowModified(dirty)
            self.status_path.setText(str(tab.doc.path or ""))
            data = tab.doc.data
            self.status_layout.setText(layout_of(data).label if data is not None else "does not parse")
            counts = self.problems.counts()
            self.status_problems.setText(f"{counts['error']} errors · {counts['warning']} warnings · "
                                         f"{counts['info']} notes")
            self.actions["toggle_source"].setChecked(tab.views.currentIndex() == SOURCE)
            self.actions["save"].setEnabled(dirty or tab.doc.path is None)

    def _schedule_follow(self) -> None:
        self._follow_timer.start()

    def _follow_preview(self) -> None:
        tab = self.current_tab()
        if tab is not None:
            self.preview.follow(tab.preview_line())

    # ------------------------------------------------------------ external changes

    def _file_changed_on_disk(self, name: str) -> None:
        tab = self.tab_for(name)
        if not Path(name).exists():
            QTimer.singleShot(200, self, lambda: self._readd_watch(name))
            return
        self._readd_watch(name)
        if tab is None or tab.doc.stamp is None:
            return
        if tab.doc.stamp.matches_disk(Path(name)):
            return  # our own save, or a touch without change
        if tab.keep_mine_stamp is not None and tab.keep_mine_stamp.matches_disk(Path(name)):
            return  # the version the user already chose to override
        tab.keep_mine_stamp = None
        tab.show_external_change(True)
        self.statusBar().showMessage(f"{Path(name).name} changed on disk", 5000)

    def _readd_watch(self, name: str) -> None:
        if Path(name).exists() and name not in self.watcher.files():
            self.watcher.addPath(name)

    def _external_action(self, tab: DocumentTab, action: str) -> None:
        if action == RELOAD:
            if tab.doc.dirty and not self.dialogs.confirm("Reload", "Reloading discards your unsaved changes to "
                                                          f"“{tab.title()}”.", "Reload"):
                return
            try:
                tab.controller.reload()
            except PatternError as exc:
                self.dialogs.error("Reload", str(exc))
                return
            tab.keep_mine_stamp = None
            tab.show_external_change(False)
        elif action == COMPARE:
            self.compare_with_disk(tab)
        else:
            tab.keep_mine_stamp = Stamp.of(tab.doc.path) if tab.doc.path and tab.doc.path.exists() else None
            tab.show_external_change(False)
            self.statusBar().showMessage("Keeping your version; saving will replace the file on disk", 6000)

    def compare_with_disk(self, tab: DocumentTab) -> None:
        self.compare_with_saved(tab, label="On disk (changed by another program)")

    def compare_with_saved(self, tab: DocumentTab, label: str = "Saved on disk"):
        from editor.ui.compare.window import compare_with_saved

        try:
            return compare_with_saved(tab.controller, self.dialogs, self, label=label)
        except PatternError as exc:
            self.dialogs.error("Compare", str(exc))
            return None

    def compare_with_file(self, tab: DocumentTab):
        from editor.ui.compare.window import compare_with_file

        start = str(tab.doc.path.parent if tab.doc.path else Path.home())
        name = self.dialogs.open_file("Compare with file", start)
        if not name:
            return None
        try:
            return compare_with_file(tab.controller, name, self.dialogs, self)
        except PatternError as exc:
            self.dialogs.error("Compare", str(exc))
            return None

    def show_history(self, tab: DocumentTab):
        from editor.ui.compare.history import HistoryDialog
        from editor.ui.compare.window import compare_from_history

        if tab.doc.path is None:
            self.dialogs.info("History", "Save the pattern first: its history comes from git.")
            return None
        path = tab.doc.path
        dialog = HistoryDialog(path, self)

        def compare(old, new) -> None:  # the tab may have been closed since the dialog opened
            current = self.tab_for(path) or self.open_file(path)
            if current is not None:
                compare_from_history(old, new, current.controller, self.dialogs, self)

        dialog.compareRequested.connect(compare)
        dialog.show()
        return dialog

    def rename_slug(self) -> bool:
        from editor.ui.document.rename_action import rename_current

        return rename_current(self)

    def refresh_tab(self, tab: DocumentTab) -> None:
        """After the file behind a tab was renamed."""
        index = self.tabs.indexOf(tab)
        if index >= 0:
            self._tab_status(tab)
            self.tabs.setTabToolTip(index, str(tab.doc.path))

    def show_library_graph(self):
        from editor.ui.graph.library import LibraryGraphWindow

        window = getattr(self, "library_graph_window", None)
        if window is None:
            window = self.library_graph_window = LibraryGraphWindow(self.library, self)
            window.setWindowFlag(Qt.WindowType.Window)
            window.openPattern.connect(self.open_slug)
            self.library.rebuilt.connect(window.rebuild)
        window.show()
        window.raise_()
        return window

    def check_library(self) -> None:
        self.library_problems_dock.show()
        self.library_problems_dock.raise_()
        self.library_problems.run(self.library.index)

    def open_finding(self, finding) -> None:
        tab = self.open_file(finding.file)
        if tab is not None:
            tab.go_to_finding(finding)

    def apply_editor_font(self, tab: DocumentTab) -> None:
        for editor in (tab.body.editor, tab.source.editor):
            editor.set_point_size(self.settings.editor_font_size)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for folder in self.settings.recent_folders:
            action = self.recent_menu.addAction(folder)
            action.triggered.connect(lambda _=False, f=folder: self.open_folder(f))
        if not self.settings.recent_folders:
            self.recent_menu.addAction("No recent folders").setEnabled(False)

    # ------------------------------------------------------------ help

    def show_about(self) -> None:
        self.dialogs.info("About Pattern Editor",
                          f"Pattern Editor {__version__}\n\nA desktop editor for pattern files that never damages a "
                          "file: saving changes exactly the bytes you edited.\n\nQt for Python (PySide6) "
                          f"{_qt_version()}.")

    def show_format_reference(self) -> None:
        """The reference is written from the schema, so it matches the form and the checks."""
        from PySide6.QtWidgets import QTextBrowser

        from editor.model.schema.reference import reference_markdown

        for i in range(self.tabs.count()):
            if self.tabs.widget(i).objectName() == "reference":
                self.tabs.setCurrentIndex(i)
                return
        viewer = QTextBrowser(self)
        viewer.setObjectName("reference")
        viewer.setMarkdown(reference_markdown())
        viewer.document().setDocumentMargin(24)
        viewer.setOpenExternalLinks(True)
        self.tabs.setCurrentIndex(self.tabs.addTab(viewer, theme.icon("about"), "Format reference"))

    def show_welcome(self) -> None:
        from editor.ui.window.welcome import WelcomePage

        for i in range(self.tabs.count()):
            if self.tabs.widget(i).objectName() == "welcome":
                self.tabs.setCurrentIndex(i)
                return
        page = WelcomePage(str(self.library.folder or ""), self)
        page.setObjectName("welcome")
        page.showReference.connect(self.show_format_reference)
        self.tabs.setCurrentIndex(self.tabs.addTab(page, theme.icon("about"), "Welcome"))


def release_scenes(root: QWidget) -> None:
    """Empty every graphics scene while Qt is still alive: Python-made graphics items must not
    be collected after the application object is gone (a PySide6 shutdown crash)."""
    from PySide6.QtWidgets import QGraphicsView

    for view in root.findChildren(QGraphicsView):
        view.scene().clear()


def _qt_version() -> str:
    import PySide6

    return PySide6.__version__

