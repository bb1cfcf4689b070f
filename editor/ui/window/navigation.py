"""Keyboard navigation and the Edit menu's clipboard commands (issue 16, items 5 and 6).

- View → Fields / Body / Source (Ctrl+1, Ctrl+2, Ctrl+3) switch the current pattern's view and
  put the keyboard focus in it;
- View → Next / Previous Group (Ctrl+Shift+Down / Up) move between the form's groups;
- Edit → Cut, Copy, Paste, Select All act on the focused text box. Their keys stay the widgets'
  own (the menu only shows them), so a table or a list keeps its own Ctrl+C;
- Help → Keyboard Shortcuts lists every action's keys, generated from the declarations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QTextBrowser

from editor.ui.common.richtext import esc
from editor.ui.document.tab import BODY, FORM, SOURCE, DocumentTab
from editor.ui.form.navigator import go_to_section, section_of, visible_sections
from editor.ui.window.actionspec import ActionSpec, on_tab

if TYPE_CHECKING:
    from editor.ui.window.mainwindow import MainWindow


def show_view(tab: DocumentTab, view: int) -> None:
    tab.views.setCurrentIndex(view)
    if view == BODY:
        tab.body.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)
    elif view == SOURCE:
        tab.source.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)
    else:
        step_group(tab, 0)


def step_group(tab: DocumentTab, step: int) -> None:
    """Focus the first field of the next (``step`` 1), previous (-1) or current (0) form group."""
    if tab.views.currentIndex() != FORM:
        tab.views.setCurrentIndex(FORM)
    sections = visible_sections(tab.form)
    if not sections:
        return
    here = section_of(tab.form, QApplication.focusWidget())
    target = sections[max(0, min(len(sections) - 1, sections.index(here) + step))] if here else sections[0]
    go_to_section(tab.form, target)


def _on_focus(method: str):
    """An Edit command run on the focused text box (a spin box's text, too)."""

    def run(_window: MainWindow) -> None:
        widget = QApplication.focusWidget()
        if isinstance(widget, QAbstractSpinBox):
            widget = widget.lineEdit() if method != "selectAll" else widget
        call = getattr(widget, method, None)
        if callable(call):
            call()

    return run


def _shown(text: str, keys: str) -> str:
    """A menu text showing a standard key that the focused widget, not the action, handles
    (a literal: a standard key cannot be read before the application exists)."""
    return f"{text}\t{keys}"


def keys_of(action: QAction) -> str:
    """An action's keys as the menu shows them: its shortcuts, or the key shown in its text."""
    keys = [seq.toString(QKeySequence.SequenceFormat.NativeText) for seq in action.shortcuts() if not seq.isEmpty()]
    if keys:
        return ", ".join(keys)
    return action.text().split("\t", 1)[1] if "\t" in action.text() else ""


def shortcuts_html(actions: list[QAction]) -> str:
    """The Keyboard Shortcuts page: every action that has keys, in declaration order."""
    rows = [(a.text().split("\t")[0].replace("&", ""), keys_of(a)) for a in actions if keys_of(a)]
    body = "".join(f"<tr><td>{esc(name)}</td><td><b>{esc(keys)}</b></td></tr>" for name, keys in rows)
    return (
        "<h2>Keyboard shortcuts</h2><table cellpadding='4'>"
        f"<tr><th align='left'>Command</th><th align='left'>Keys</th></tr>{body}</table>"
        "<p>In lists, ↑ and ↓ move and Enter opens; in the library filter, ↓ moves into the results; "
        "Tab and Shift+Tab move between fields; Escape closes a popup.</p>"
    )


def show_shortcuts(window: MainWindow) -> None:
    """Help → Keyboard Shortcuts: a page generated from the window's declared actions."""

    def make():
        page = QTextBrowser()
        page.setAccessibleName("Keyboard shortcuts")
        page.setHtml(shortcuts_html([window.undo_action, window.redo_action, *window.actions.values()]))
        return page, window.windowIcon(), "Keyboard Shortcuts"

    window.workspace.show_page("keyboard-shortcuts", make)


SPECS: tuple[ActionSpec, ...] = (
    ActionSpec("cut", _shown("Cu&t", "Ctrl+X"), "Cut the selected text", "", "", _on_focus("cut")),
    ActionSpec("copy", _shown("&Copy", "Ctrl+C"), "Copy the selected text", "", "", _on_focus("copy")),
    ActionSpec("paste", _shown("&Paste", "Ctrl+V"), "Paste at the cursor", "", "", _on_focus("paste")),
    ActionSpec("select_all", _shown("Select &All", "Ctrl+A"), "Select all the text", "", "", _on_focus("selectAll")),
    ActionSpec("view-fields", "&Fields", "Show the form", "Ctrl+1", "", on_tab(lambda w, t: show_view(t, FORM))),
    ActionSpec("view-body", "&Body", "Show the body", "Ctrl+2", "", on_tab(lambda w, t: show_view(t, BODY))),
    ActionSpec(
        "view-source", "S&ource", "Show the whole file", "Ctrl+3", "", on_tab(lambda w, t: show_view(t, SOURCE))
    ),
    ActionSpec(
        "next-group",
        "Ne&xt Group",
        "Go to the form's next group",
        "Ctrl+Shift+Down",
        "",
        on_tab(lambda w, t: step_group(t, 1)),
    ),
    ActionSpec(
        "previous-group",
        "Pre&vious Group",
        "Go to the form's previous group",
        "Ctrl+Shift+Up",
        "",
        on_tab(lambda w, t: step_group(t, -1)),
    ),
    ActionSpec("keyboard-shortcuts", "&Keyboard Shortcuts", "Every command's keys", "", "", show_shortcuts),
)
