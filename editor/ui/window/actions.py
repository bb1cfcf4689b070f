"""Every action of the application, declared once: text, shortcut, icon, tip, menu and what it does.

Menus and the toolbar are built from ``MENUS`` and ``TOOLBAR``; each ``ActionSpec`` carries its
callback, which receives the main window (as napari's ``Action(id, title, callback)``). Widgets
find actions by name (``window.actions["save"]``), never the other way round.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QKeyCombination, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QMenuBar, QToolBar

from editor.ui.common.theme import icon
from editor.ui.export import actions as export_actions
from editor.ui.sync import actions as sync_actions
from editor.ui.window import library_edits, navigation, pages
from editor.ui.window.actionspec import ActionSpec, Key, on_tab
from editor.ui.workspace import new_pattern

if TYPE_CHECKING:
    from editor.ui.window.mainwindow import MainWindow

SPECS: tuple[ActionSpec, ...] = (
    # File
    ActionSpec(
        "open_folder",
        "Open &Folder…",
        "Open a folder of patterns as the library",
        "Ctrl+Shift+O",
        "open-folder",
        lambda w: w.ask_open_folder(),
    ),
    ActionSpec("open", "&Open…", "Open a pattern file", Key.Open, "open-file", lambda w: w.ask_open_files()),
    ActionSpec(
        "new_pattern",
        "&New Pattern…",
        "Create a new pattern from the template",
        Key.New,
        "new-pattern",
        lambda w: w.workspace.ask_new_pattern(),
    ),
    ActionSpec(
        "duplicate-pattern",
        "&Duplicate as New Pattern…",
        "A new pattern with this one's structure and text, and a new id, slug and title",
        "",
        "new-pattern",
        on_tab(lambda w, t: new_pattern.duplicate_pattern(w.workspace, t)),
    ),
    ActionSpec(
        "export-pdf",
        "As &PDF…",
        "Export this pattern's card, radar chart, body and relationships as a PDF file",
        "",
        "",
        on_tab(lambda w, t: export_actions.export_pdf(w)),
    ),
    ActionSpec(
        "export-site",
        "Library as &Website…",
        "Export the library as a static website: search, a page per pattern and per domain, no external links",
        "",
        "",
        lambda w: export_actions.export_site(w),
    ),
    ActionSpec(
        "save",
        "&Save",
        "Save the current pattern",
        Key.Save,
        "save",
        lambda w: w.workspace.save_tab(w.workspace.current_tab()),
    ),
    ActionSpec(
        "save_as",
        "Save &As…",
        "Save the current pattern under another name",
        Key.SaveAs,
        "",
        lambda w: w.workspace.save_tab_as(w.workspace.current_tab()),
    ),
    ActionSpec(
        "save_all",
        "Save A&ll",
        "Save every modified pattern",
        "Ctrl+Alt+S",
        "save-all",
        lambda w: w.workspace.save_all(),
    ),
    ActionSpec(
        "compare_with",
        "&Compare With…",
        "Compare this pattern with another file or the saved version",
        "Ctrl+Shift+D",
        "compare",
        on_tab(lambda w, t: w.workspace.compare_with_file(t)),
    ),
    ActionSpec(
        "compare_saved",
        "Compare with &Saved Version",
        "Compare the editor with the file on disk",
        "",
        "compare",
        on_tab(lambda w, t: w.workspace.compare_with_saved(t)),
    ),
    ActionSpec(
        "history",
        "&History…",
        "Show the git history of this pattern",
        "Ctrl+Shift+H",
        "history",
        on_tab(lambda w, t: w.workspace.show_history(t)),
    ),
    ActionSpec(
        "review-changes",
        "&Review Changes…",
        "Review every changed pattern of the library's repository (the working tree against HEAD, or any "
        "commit or range) with a roll-up, file by file",
        "",
        "compare",
        lambda w: w.workspace.review(),
    ),
    ActionSpec(
        "close",
        "&Close",
        "Close the current pattern",
        Key.Close,
        "close",
        lambda w: w.workspace.close_tab(w.workspace.tabs.currentIndex()),
    ),
    ActionSpec("quit", "&Quit", "Quit Pattern Editor", Key.Quit, "", lambda w: w.close()),
    # Edit
    ActionSpec(
        "find", "&Find…", "Find text in the body or the source", Key.Find, "find", on_tab(lambda w, t: t.find())
    ),
    ActionSpec("find_next", "Find &Next", "Find the next match", Key.FindNext, "", on_tab(lambda w, t: t.find_next())),
    ActionSpec(
        "find_previous",
        "Find Pre&vious",
        "Find the previous match",
        Key.FindPrevious,
        "",
        on_tab(lambda w, t: t.find_next(backward=True)),
    ),
    ActionSpec(
        "go_to_pattern",
        "&Go to Pattern…",
        "Open any pattern of the library by name",
        "Ctrl+P",
        "go-to",
        pages.go_to_pattern,
    ),
    ActionSpec(
        "rename_slug",
        "&Rename Slug…",
        "Rename this pattern's slug and update every link to it",
        "F2",
        "rename",
        lambda w: w.workspace.rename_slug(),
    ),
    ActionSpec(
        "preferences",
        "&Preferences…",
        "Theme and editor settings",
        Key.Preferences,
        "settings",
        lambda w: w.show_preferences(),
    ),
    # View
    ActionSpec(
        "toggle_source",
        "Toggle &Source View",
        "Switch between the form and the whole file as text",
        "Ctrl+U",
        "source",
        on_tab(lambda w, t: t.toggle_source()),
        checkable=True,
    ),
    ActionSpec(
        "next_problem",
        "Next &Problem",
        "Go to the next validation problem",
        "F8",
        "next-problem",
        lambda w: w.problems.step(True),
    ),
    ActionSpec(
        "previous_problem",
        "Previous P&roblem",
        "Go to the previous validation problem",
        "Shift+F8",
        "previous-problem",
        lambda w: w.problems.step(False),
    ),
    ActionSpec(
        "library_graph",
        "&Library Graph",
        "Show the whole library as a graph",
        "Ctrl+Shift+G",
        "graph",
        lambda w: w.show_library_graph(),
    ),
    ActionSpec(
        "view-table",
        "&Table",
        "Show the library as a table: filter, sort, edit cells in place, export CSV",
        "Ctrl+T",
        "library",
        pages.table,
    ),
    ActionSpec(
        "suggest-links",
        "Suggest &Links…",
        "List the library's missing reverse links, requires cycles and orphans; apply the reverse links at once",
        "",
        "link",
        lambda w: w.links_panel.show_library(),
    ),
    ActionSpec(
        "bulk-edit",
        "&Bulk Edit…",
        "Change a field in many patterns at once: the selected table rows, or every pattern the library "
        "filter shows; every diff is shown first, and one undo puts all back",
        "Ctrl+Shift+B",
        "form",
        lambda w: library_edits.bulk_edit_current(w),
    ),
    ActionSpec(
        "library_problems",
        "Check &Library",
        "Validate every pattern in the library",
        "Ctrl+Shift+L",
        "problems",
        lambda w: w.check_library(),
    ),
    ActionSpec(
        "reload_library",
        "&Reload Library",
        "Re-read the library folder",
        "Ctrl+R",
        "refresh",
        lambda w: w.library.refresh(),
    ),
    # Help
    ActionSpec(
        "format_reference",
        "Pattern &Format Reference",
        "Open the pattern format reference",
        Key.HelpContents,
        "",
        lambda w: pages.format_reference(w.workspace),
    ),
    ActionSpec("welcome", "&Welcome", "Show the welcome page", "", "", lambda w: w.show_welcome()),
    ActionSpec("about", "&About Pattern Editor", "Version and credits", "", "about", lambda w: pages.about(w.dialogs)),
    *navigation.SPECS,  # views, form groups, clipboard, keyboard shortcuts page
    *sync_actions.SPECS,  # get a library, my changes, share, get the latest
)

MENUS: tuple[tuple[str, tuple[str | tuple[str, tuple[str, ...]], ...]], ...] = (
    (
        "&File",
        (
            "new_pattern",
            "duplicate-pattern",
            "open",
            "open_folder",
            "get-library",
            "@recent",
            "-",
            "save",
            "save_as",
            "save_all",
            ("&Export", ("export-pdf", "export-site")),
            "-",
            "compare_with",
            "compare_saved",
            "history",
            "review-changes",
            "-",
            "show-changes",
            "share-changes",
            "get-latest",
            "-",
            "close",
            "quit",
        ),
    ),
    (
        "&Edit",
        (
            "@undo",
            "@redo",
            "-",
            "cut",
            "copy",
            "paste",
            "select_all",
            "-",
            "find",
            "find_next",
            "find_previous",
            "-",
            "go_to_pattern",
            "rename_slug",
            "bulk-edit",
            "-",
            "preferences",
        ),
    ),
    (
        "&View",
        (
            "view-fields",
            "view-body",
            "view-source",
            "toggle_source",
            "next-group",
            "previous-group",
            "-",
            "next_problem",
            "previous_problem",
            "-",
            "@docks",
            "-",
            "view-table",
            "library_graph",
            "library_problems",
            "suggest-links",
            "reload_library",
        ),
    ),
    ("&Help", ("welcome", "format_reference", "keyboard-shortcuts", "-", "about")),
)

TOOLBAR = (
    "open_folder",
    "new_pattern",
    "save",
    "save_all",
    "-",
    "@undo",
    "@redo",
    "-",
    "toggle_source",
    "find",
    "go_to_pattern",
    "-",
    "previous_problem",
    "next_problem",
    "-",
    "compare_with",
    "library_graph",
)


class Actions(dict):
    """name -> QAction, created once per main window, each triggering its spec's callback."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        for spec in SPECS:
            action = QAction(spec.text, window)
            action.setObjectName(spec.name)
            action.setStatusTip(spec.tip)
            action.setToolTip(spec.tip + (f" ({QKeySequence(spec.shortcut).toString()})" if spec.shortcut else ""))
            if spec.shortcut:
                action.setShortcut(QKeySequence(spec.shortcut))
            if spec.icon:
                action.setIcon(icon(spec.icon))
            action.setCheckable(spec.checkable)
            if spec.run is not None:
                action.triggered.connect(lambda _checked=False, run=spec.run: run(window))
            self[spec.name] = action
        self._shortcuts_win = ShortcutsWin(self, window)
        app = QApplication.instance()
        if app is not None:  # removed by Qt when the window (the filter's parent) is deleted
            app.installEventFilter(self._shortcuts_win)

    def shortcuts(self) -> set[QKeySequence]:
        return {seq for action in self.values() for seq in action.shortcuts() if not seq.isEmpty()}

    def refresh_icons(self) -> None:
        """After a theme change: icons are recoloured to the new text colour."""
        for spec in SPECS:
            if spec.icon:
                self[spec.name].setIcon(icon(spec.icon))

    def build_menus(self, bar: QMenuBar, extra: dict[str, object]) -> dict[str, QMenu]:
        menus = {}
        for title, names in MENUS:
            menu = bar.addMenu(title)
            menus[title.replace("&", "")] = menu
            for name in names:
                if isinstance(name, tuple):  # a submenu: (title, names)
                    sub = menu.addMenu(name[0])
                    sub.setObjectName("menu:" + name[0].replace("&", "").lower())
                    for item in name[1]:
                        sub.addAction(self[item])
                elif name == "-":
                    menu.addSeparator()
                elif name.startswith("@"):
                    item = extra.get(name[1:])
                    if isinstance(item, QMenu):
                        menu.addMenu(item)
                    elif isinstance(item, QAction):
                        menu.addAction(item)
                else:
                    menu.addAction(self[name])
        return menus

    def build_toolbar(self, toolbar: QToolBar, extra: dict[str, object]) -> None:
        for name in TOOLBAR:
            if name == "-":
                toolbar.addSeparator()
            elif name.startswith("@"):
                item = extra.get(name[1:])
                if isinstance(item, QAction):
                    toolbar.addAction(item)
            else:
                toolbar.addAction(self[name])


class ShortcutsWin(QObject):
    """Lets the window's own shortcuts win over a text widget's key bindings.

    Before a shortcut fires, Qt sends the focus widget a ShortcutOverride; a QLineEdit accepts it for
    the keys it binds, and with X11/GNOME key bindings Ctrl+U "deletes the line", so the field was
    emptied instead of the source view toggling. None of the actions' keys is an editing key a field
    needs (undo and redo go through the document), so the override is refused for them. The shortcut
    still needs a match in the focused window: in a dialog the key reaches the field as before."""

    def __init__(self, actions: Actions, parent: QObject) -> None:
        super().__init__(parent)
        self._actions = actions

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if (
            modifiers in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier)
            and event.key() < Qt.Key.Key_Escape
        ):
            return False  # typing a character: never an application shortcut
        pressed = QKeySequence(QKeyCombination(modifiers, Qt.Key(event.key())))
        if pressed not in self._actions.shortcuts():
            return False
        event.ignore()  # not overridden: the shortcut map triggers the action
        return True
