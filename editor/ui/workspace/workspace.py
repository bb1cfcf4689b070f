"""The open patterns, one tab each, and everything that happens to them: open, save, save as,
close, recovery, a change on disk behind the editor's back, rename.

The window shows the tabs and listens to the signals below; it never runs a tab's lifecycle
itself. A save goes down: workspace -> controller -> document -> storage."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QUndoGroup, QUndoStack
from PySide6.QtWidgets import QTabWidget, QWidget

from editor.model.document.markers import has_markers
from editor.model.document.recovery import RecoveryStore
from editor.model.document.storage import Stamp
from editor.model.errors import ExternalChangeError, PatternError
from editor.model.schema import open_pattern
from editor.ui.common.dialogs import CANCEL, COMPARE, DISCARD, KEEP_MINE, RELOAD, SAVE, Dialogs
from editor.ui.common.settings import Settings
from editor.ui.compare import conflict_view as conflicts
from editor.ui.document.controller import DocumentController
from editor.ui.document.reveal import UndoReveal
from editor.ui.document.tab import DocumentTab
from editor.ui.form.base import field_menu
from editor.ui.library.service import LibraryService
from editor.ui.workspace import comparing
from editor.ui.workspace.preview_tab import PreviewTabs
from editor.ui.workspace.snapshots import RecoverySnapshots
from editor.ui.workspace.watch import FileWatch


class Workspace(QObject):
    message = Signal(str, int)  # for the status bar: text, milliseconds
    currentChanged = Signal(object)  # the current DocumentTab, or None
    tabStatusChanged = Signal(object)  # the current tab's name, dirty mark or lock changed
    findingsChanged = Signal(object)  # the current tab's findings changed
    viewMoved = Signal()  # the current tab's view switched or scrolled: the preview follows
    openPattern = Signal(str)  # a link followed inside a tab

    def __init__(
        self, library: LibraryService, settings: Settings, dialogs: Dialogs, recovery: RecoveryStore, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.parent_widget = parent  # compare windows and history dialogs open over it
        self.library = library
        self.settings = settings
        self.dialogs = dialogs
        self.undo_group = QUndoGroup(self)
        # edits written straight to files (table cells, bulk edits, library fixes): one stack for the
        # library, active while a page that edits the library (``uses_library_undo``) is current
        self.library_undo = QUndoStack(self)
        self.undo_group.addStack(self.library_undo)
        self.tabs = QTabWidget(parent)
        self.previews = PreviewTabs(self)  # its tab bar: before any tab setting
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(True)
        self.tabs.setElideMode(Qt.TextElideMode.ElideRight)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.tabs.currentChanged.connect(self._current_changed)
        self.watch = FileWatch(self)
        self.watch.changed.connect(self._changed_on_disk)
        self.snapshots = RecoverySnapshots(recovery, lambda: [t.doc for t in self.document_tabs()], self)
        self.snapshots.failed.connect(lambda text: self.message.emit(text, 8000))
        field_menu().historyRequested.connect(self.show_field_history)

    # ------------------------------------------------------------ tabs

    def current_tab(self) -> DocumentTab | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, DocumentTab) else None

    def document_tabs(self) -> list[DocumentTab]:
        return [w for i in range(self.tabs.count()) if isinstance(w := self.tabs.widget(i), DocumentTab)]

    def tab_for(self, path: str | Path) -> DocumentTab | None:
        target = Path(path).resolve()
        for tab in self.document_tabs():
            if tab.doc.path is not None and tab.doc.path.resolve() == target:
                return tab
        return None

    def show_page(self, name: str, make) -> None:
        """A page that is not a pattern (welcome, reference): one of each, made on first use."""
        for i in range(self.tabs.count()):
            if self.tabs.widget(i).objectName() == name:
                self.tabs.setCurrentIndex(i)
                return
        widget, icon, title = make()
        widget.setObjectName(name)
        self.tabs.setCurrentIndex(self.tabs.addTab(widget, icon, title))

    def _current_changed(self, _index: int) -> None:
        self.activate_undo()
        self.currentChanged.emit(self.current_tab())

    def activate_undo(self) -> None:
        """Undo and redo act on the current tab or page (also when a panel that had them leaves)."""
        tab = self.current_tab()
        if tab is not None:
            self.undo_group.setActiveStack(tab.controller.undo_stack)
        else:
            page = self.tabs.currentWidget()
            library = self.library_undo if getattr(page, "uses_library_undo", False) else None
            self.undo_group.setActiveStack(getattr(page, "undo_stack", None) or library)  # a conflict page's own

    def refresh_tab(self, tab: DocumentTab) -> None:
        """The tab's label follows the file's name (renames), its dirty mark and its lock."""
        index = self.tabs.indexOf(tab)
        if index < 0:
            return
        dirty = tab.doc.dirty
        label = ("● " if dirty else "") + tab.title()
        if tab.doc.read_only:
            label += " 🔒"
        self.tabs.setTabText(index, label)
        self.tabs.setTabToolTip(index, f"{tab.doc.path}" + (" (unsaved changes)" if dirty else ""))
        if tab is self.current_tab():
            self.tabStatusChanged.emit(tab)

    def _findings_changed(self, tab: DocumentTab) -> None:
        if tab is self.current_tab():
            self.findingsChanged.emit(tab)
            self.refresh_tab(tab)

    def revalidate_all(self) -> None:
        for tab in self.document_tabs():
            tab.revalidate()

    # ------------------------------------------------------------ opening

    def open_file(self, path: str | Path, focus: bool = True) -> DocumentTab | None:
        existing = self.tab_for(path)
        if existing is not None:
            self.previews.keep(existing)  # opened on purpose: a preview tab stays
            if focus:
                self.tabs.setCurrentWidget(existing)
            return existing
        if conflicts.focus_page(self, path, focus):
            return None
        try:
            doc = open_pattern(path)
        except PatternError as exc:
            self.dialogs.error("Cannot open pattern", str(exc))
            return None
        if has_markers(doc.text):  # the conflict view, not an error page; it writes only on its own Save
            conflicts.open_page(self, doc, focus)
            return None
        return self.add_document(doc, focus)

    def add_document(self, doc, focus: bool = True) -> DocumentTab:
        controller = DocumentController(doc)
        tab = DocumentTab(controller, lookup=self.library, library=self.library, parent=self.parent_widget)
        controller.setParent(tab)  # deleted with its tab: compare windows on it close themselves
        UndoReveal(tab)  # undo and redo show what they changed
        for editor in (tab.body.editor, tab.source.editor):  # bound to the widget: dropped when it goes
            editor.set_point_size(self.settings.editor_font_size)
            self.settings.editorFontSizeChanged.connect(editor.set_point_size)
        self.settings.themeChanged.connect(tab.apply_theme)
        self.undo_group.addStack(controller.undo_stack)
        tab.openPattern.connect(self.openPattern)
        tab.createStub.connect(self.create_stub)
        tab.findingsChanged.connect(lambda _f, t=tab: self._findings_changed(t))
        tab.statusChanged.connect(lambda t=tab: self.refresh_tab(t))
        tab.externalAction.connect(lambda action, t=tab: self.external_action(t, action))
        tab.views.currentChanged.connect(lambda _i: self.viewMoved.emit())
        tab.body.editor.verticalScrollBar().valueChanged.connect(lambda _v: self.viewMoved.emit())
        controller.dirtyChanged.connect(lambda _d, t=tab: self.refresh_tab(t))
        controller.changed.connect(lambda _c: self.snapshots.schedule())
        controller.editFailed.connect(lambda text: self.message.emit(text, 8000))
        index = self.tabs.addTab(tab, tab.title())
        self.tabs.setTabToolTip(index, str(doc.path))
        if doc.path is not None:
            self.watch.add(doc.path)
        if focus:
            self.tabs.setCurrentIndex(index)
        self.refresh_tab(tab)
        return tab

    def open_finding(self, finding) -> None:
        tab = self.open_file(finding.file)
        if tab is not None:
            tab.go_to_finding(finding)

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
        from editor.ui.workspace.new_pattern import ask_new_pattern

        return ask_new_pattern(self)

    # ------------------------------------------------------------ saving

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
                self.external_action(tab, RELOAD)
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

    def save_all(self) -> bool:
        ok = True
        for tab in self.document_tabs():
            if tab.doc.dirty:
                ok = self.save_tab(tab) and ok
        return ok

    def _saved(self, tab: DocumentTab, old_path: Path | None) -> None:
        """What follows every save: watches, recovery, library, banners, tab."""
        path = tab.doc.path
        tab.keep_mine_stamp = None
        tab.show_external_change(False)
        if old_path is not None and old_path != path:
            self.snapshots.discard(old_path)
        self.watch.follow(old_path, path)
        self.snapshots.discard(path)
        self.library.file_saved(path)
        self.refresh_tab(tab)
        self.message.emit(f"Saved {path.name}", 3000)

    # ------------------------------------------------------------ closing

    def close_tab(self, index: int, ask: bool = True) -> bool:
        tab = self.tabs.widget(index)
        if tab is not None and not isinstance(tab, DocumentTab):  # welcome page, reference, conflicts
            if ask and not getattr(tab, "may_close", lambda: True)():
                return False
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
            self.watch.remove(tab.doc.path)
            self.snapshots.discard(tab.doc.path)
        from editor.ui.compare.window import close_windows_for

        close_windows_for(tab.controller, self.parent_widget)  # a compare window must not edit a dropped document
        self.undo_group.removeStack(tab.controller.undo_stack)
        tab.controller.dispose()
        self.tabs.removeTab(index)  # the new current tab takes over the preview and the graph
        tab.deleteLater()  # and with it its controller
        return True

    def may_quit(self) -> bool:
        """On quit: save or discard the unsaved patterns as the user says; False to stay open."""
        self.snapshots.flush()  # current before asking: the session may end while the question is open
        if not all(getattr(self.tabs.widget(i), "may_close", lambda: True)() for i in range(self.tabs.count())):
            return False  # a conflict page's unsaved choices: saved, dropped, or the window stays
        dirty = [t for t in self.document_tabs() if t.doc.dirty]
        if not dirty:
            return True
        answer = self.dialogs.ask_unsaved([t.title() for t in dirty])
        if answer == CANCEL:
            return False
        if answer == SAVE:
            return all(self.save_tab(tab) for tab in dirty)
        if answer == DISCARD:
            for tab in dirty:
                self.snapshots.discard(tab.doc.path)
        return True

    # ------------------------------------------------------------ session and recovery

    def save_session(self) -> None:
        s = self.settings
        s.open_files = [str(t.doc.path) for t in self.document_tabs() if t.doc.path is not None]
        current = self.current_tab()
        s.current_file = str(current.doc.path) if current and current.doc.path else ""
        for tab in self.document_tabs()[:1]:
            s.set_geometry("body_splitter", tab.body.splitter.saveState())

    def restore_session(self) -> None:
        s = self.settings
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
        store = self.snapshots.store
        entries = [e for e in store.entries() if Path(e.path).is_file()]
        if not entries:
            return
        if not self.dialogs.ask_recover([e.name for e in entries]):
            for e in entries:
                store.discard(e.path)
            return
        for e in entries:
            tab = self.open_file(e.path)
            if tab is None or tab.doc.text == e.text:
                continue
            if tab.doc.stamp is not None and e.saved_digest and tab.doc.stamp.digest != e.saved_digest:
                # the file changed since the lost session: never paste old work over it blindly
                from editor.model.diff.version import Version
                from editor.ui.compare.window import CompareWindow, editor_version

                window = CompareWindow(
                    Version("Recovered, unsaved", e.text, Path(e.path)),
                    editor_version(tab.controller, "On disk now"),
                    target=tab.controller,
                    dialogs=self.dialogs,
                    parent=self.parent_widget,
                )
                window.show()
                self.dialogs.info(
                    "Recover unsaved work",
                    f"“{e.name}” changed on disk after your unsaved work "
                    "was kept. Take what you need from the recovered version in the compare window.",
                )
            else:
                tab.controller.set_text(e.text)

    # ------------------------------------------------------------ changes behind the editor's back

    def _changed_on_disk(self, name: str) -> None:
        tab = self.tab_for(name)
        if tab is None or tab.doc.stamp is None:
            return
        if tab.doc.stamp.matches_disk(Path(name)):
            return  # our own save, or a touch without change
        if tab.keep_mine_stamp is not None and tab.keep_mine_stamp.matches_disk(Path(name)):
            return  # the version the user already chose to override
        tab.keep_mine_stamp = None
        tab.show_external_change(True)
        self.message.emit(f"{Path(name).name} changed on disk", 5000)

    def reload_from_disk(self, tab: DocumentTab) -> None:
        """Show the file as it is on disk now, after the app itself (or the user's Reload) changed it:
        no changed-on-disk banner, nothing kept as "mine". Raises PatternError (the tab is unchanged)."""
        tab.controller.reload()
        tab.keep_mine_stamp = None
        tab.show_external_change(False)
        self.refresh_tab(tab)

    def external_action(self, tab: DocumentTab, action: str) -> None:
        """The banner's answer: reload from disk, compare, or keep the editor's version."""
        if action == RELOAD:
            if tab.doc.dirty and not self.dialogs.confirm(
                "Reload", f"Reloading discards your unsaved changes to “{tab.title()}”.", "Reload"
            ):
                return
            try:
                self.reload_from_disk(tab)
            except PatternError as exc:
                self.dialogs.error("Reload", str(exc))
        elif action == COMPARE:
            self.compare_with_disk(tab)
        else:
            tab.keep_mine_stamp = Stamp.of(tab.doc.path) if tab.doc.path and tab.doc.path.exists() else None
            tab.show_external_change(False)
            self.message.emit("Keeping your version; saving will replace the file on disk", 6000)

    # ------------------------------------------------------------ comparing (ui/workspace/comparing.py)

    def compare_with_disk(self, tab: DocumentTab) -> None:
        comparing.compare_with_saved(self, tab, label="On disk (changed by another program)")

    def compare_with_saved(self, tab: DocumentTab, label: str = "Saved on disk"):
        return comparing.compare_with_saved(self, tab, label)

    def compare_with_file(self, tab: DocumentTab):
        return comparing.compare_with_file(self, tab)

    def show_history(self, tab: DocumentTab):
        return comparing.show_history(self, tab)

    def review(self, revs: list[str] | None = None, folder: Path | None = None):
        return comparing.review(self, revs, folder)

    def show_field_history(self, controller, path: str):
        return comparing.show_field_history(self, controller, path)

    # ------------------------------------------------------------ edits across files

    def bulk_edit(self, files, ops, title: str = "", preview: bool = True) -> bool:
        """Apply ``ops`` (``editor.model.edit.bulk``) to ``files``: shown first unless ``preview`` is
        False, then written as one step on ``library_undo``."""
        from editor.ui.workspace.bulk import bulk_edit

        return bulk_edit(self, files, ops, title, preview)

    def apply_plan(self, plan, preview: bool = True) -> bool:
        """Show a planned bulk edit (library fixes plan per file) and write it as one undo step."""
        from editor.ui.workspace.bulk import apply_plan

        return apply_plan(self, plan, preview)

    # ------------------------------------------------------------ rename

    def rename_slug(self) -> bool:
        from editor.ui.workspace.rename import rename_current

        return rename_current(self)

    def file_moved(self, old_path: Path | None, path: Path) -> None:
        self.watch.follow(old_path, path)

    def say(self, text: str, ms: int) -> None:
        self.message.emit(text, ms)
