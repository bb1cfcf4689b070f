"""The compare window: two versions of a pattern side by side, change by change, in the pattern's terms.

Old on the left, new on the right. With a ``target`` controller the new side is the live editor
document (re-compared shortly after every edit) and each change has a "take old" button that puts
the old value back as one undoable edit; without one the window is read-only.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QVBoxLayout, QWidget

from editor.model import schema
from editor.model.diff.semantic import DiffResult, diff_documents
from editor.model.diff.version import Version, version_from_spec
from editor.model.document.document import Document
from editor.model.document.split import decode
from editor.model.document.storage import read_bytes
from editor.model.errors import LoadError, PatternError
from editor.ui.common.dialogs import Dialogs
from editor.ui.common.richtext import esc as _escape
from editor.ui.common.richtext import mix as _mix
from editor.ui.common.theme import Colors, colors
from editor.ui.compare.header import CompareHeader, recolour_dots
from editor.ui.compare.previews import Previews
from editor.ui.compare.rows import FIELD, SECTION, Group, Ink, Row, build_groups
from editor.ui.compare.scores import ScorePanel
from editor.ui.compare.take import Step, field_steps, paragraph_body, section_body
from editor.ui.compare.toolbar import CompareToolbar
from editor.ui.compare.view import FORMATTING, ChangeList
from editor.ui.document.controller import DocumentController
from editor.ui.document.tab import Banner

REFRESH_DELAY_MS = 150  # re-compare this long after the editor's last change


def ink_of(c: Colors) -> Ink:
    return Ink(c.text, c.muted, c.ok, _mix(c.ok, c.base, 0.14), c.error, _mix(c.error, c.base, 0.12))


# ---------------------------------------------------------------- the window


class CompareWindow(QMainWindow):
    """Side-by-side review of two versions; with a target, takes old values into it."""

    refreshed = Signal()  # after every re-comparison (tests wait on it)

    def __init__(
        self,
        old: Version,
        new: Version,
        target: DocumentController | None = None,
        dialogs: Dialogs | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.old, self.new, self.target = old, new, target
        self.dialogs = dialogs or Dialogs(self)
        self.result: DiffResult | None = None
        self.groups: list[Group] = []
        self.old_doc = Document.from_text(old.text, str(old.path or old.label), schema.HINTS)
        self.new_doc: Document | None = None
        self.colors = colors()
        name = (new.path or old.path or Path("pattern")).name
        self.setWindowTitle(f"Compare {name} — {old.label} ↔ {new.label}")
        self.setObjectName("CompareWindow")
        self._timer = QTimer(self, singleShot=True, interval=REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self._sized = False
        self._build()
        if target is not None:
            target.changed.connect(self._target_changed)
            target.destroyed.connect(self._target_gone)
        self.resize(1280, 800)
        self.refresh()
        self.list.setFocus()

    # ------------------------------------------------------------ building

    def _build(self) -> None:
        c = self.colors
        self.toolbar = CompareToolbar(self, c, self.target.undo_stack if self.target is not None else None)
        self.addToolBar(self.toolbar)
        bar = self.toolbar  # tests and the window's own code reach these through the window
        self.previous_action, self.next_action, self.counter = bar.previous_action, bar.next_action, bar.counter
        self.filter_group, self.filter_buttons = bar.filter_group, bar.filter_buttons
        self.take_action, self.undo_action, self.preview_action = bar.take_action, bar.undo_action, bar.preview_action
        bar.previous_action.triggered.connect(lambda: self.list.step(-1))
        bar.next_action.triggered.connect(lambda: self.list.step(1))
        bar.filterChosen.connect(self.set_filter)
        bar.take_action.triggered.connect(self.take_current)
        bar.preview_action.triggered.connect(self._toggle_preview)
        close = QAction("Close", self)
        close.setObjectName("compare-close")  # an embedding window (the review) removes it
        close.setShortcut(QKeySequence(QKeySequence.StandardKey.Close))
        close.triggered.connect(self.close)
        self.addAction(close)
        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.banner = Banner("error", central)
        outer.addWidget(self.banner)
        self.header = CompareHeader(c, central)
        self.old_caption, self.new_caption = self.header.old_caption, self.header.new_caption
        self.list = ChangeList(central)
        left = QWidget(central)  # the header sits above the list only, so its columns match the rows'
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(0, 0, 0, 0)
        left_lay.setSpacing(0)
        left_lay.addWidget(self.header)
        left_lay.addWidget(self.list, 1)
        self.list.currentChanged.connect(self._current_changed)
        self.list.takeRequested.connect(self.take_old)
        self.list.paragraphTakeRequested.connect(self.take_paragraph)
        self.list.layoutChanged.connect(self._update_counter)
        self.list.verticalScrollBar().rangeChanged.connect(lambda _lo, _hi: self.header.align(self.list))
        self.scores = ScorePanel(central)
        top = QSplitter(Qt.Orientation.Horizontal, central)
        top.setChildrenCollapsible(False)
        top.addWidget(left)
        top.addWidget(self.scores)
        top.setStretchFactor(0, 1)
        top.setStretchFactor(1, 0)
        self.previews = Previews(c, central)
        self.old_preview, self.new_preview = self.previews.old, self.previews.new
        self.preview_captions = self.previews.captions
        self.split = QSplitter(Qt.Orientation.Vertical, central)
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(top)
        self.split.addWidget(self.previews)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)
        outer.addWidget(self.split, 1)
        self.setCentralWidget(central)
        self.summary = QLabel(self)  # stays while the status bar shows passing messages on its left
        self.statusBar().addPermanentWidget(self.summary)
        self._restyle()
        self.header.align(self.list)

    def _restyle(self) -> None:
        c = self.colors
        self.header.restyle(c)
        self.scores.restyle(c)
        self.list.restyle(c)
        recolour_dots(self, c)

    def apply_theme(self) -> None:
        """Re-read the theme's colours (after the user switched light/dark) and redraw."""
        self.colors = colors()
        self._restyle()
        self.refresh()

    # ------------------------------------------------------------ comparing

    @property
    def can_take(self) -> bool:
        return (
            self.target is not None
            and self.target.editable
            and self.new_doc is not None
            and self.new_doc.error is None
            and self.old_doc.error is None
        )

    def _target_changed(self, _change: object) -> None:
        self._timer.start()

    def _target_gone(self) -> None:
        self.target = None
        self._timer.stop()
        self.close()

    def refresh(self) -> None:
        """Compare again (the new side is the editor's current text when there is a target)."""
        self._timer.stop()
        if self.target is not None:
            self.new_doc = self.target.doc
        elif self.new_doc is None:
            self.new_doc = Document.from_text(self.new.text, str(self.new.path or self.new.label), schema.HINTS)
        new_doc = self.new_doc
        self._captions()
        problem = self._parse_problem(new_doc)
        if problem:
            self.banner.show_text(problem)
        else:
            self.banner.hide()
        if self.old_doc.error is None and new_doc.error is None:
            self.result = diff_documents(self.old_doc, new_doc)
        if self.result is not None:
            self.groups = build_groups(self.result, ink_of(self.colors))
            self.list.set_groups(self.groups, self.can_take)
        self.list.set_empty_text(self._empty_text())
        self.take_action.setEnabled(self.can_take)
        has_scores = self.scores.show_scores(self.old, self.old_doc.data, self.new, new_doc.data, self.colors)
        self.scores.setVisible(has_scores)
        theme = self.colors.name
        self.old_preview.show_document(self.old_doc, theme)
        self.new_preview.show_document(new_doc, theme)
        self._update_counter()
        self._summary()
        self.refreshed.emit()

    def _parse_problem(self, new_doc: Document) -> str:
        parts = []
        if self.old_doc.error is not None:
            parts.append(f"<b>The old version does not parse</b> — {_escape(str(self.old_doc.error))}")
        if new_doc.error is not None:
            where = "The editor's text" if self.target is not None else "The new version"
            parts.append(
                f"<b>{where} does not parse</b> — {_escape(str(new_doc.error))}"
                + (
                    ". The list shows the last comparison; fix the YAML to compare again."
                    if self.target is not None and self.result is not None
                    else ""
                )
            )
        return "<br>".join(parts)

    def _empty_text(self) -> str:
        if self.result is None:
            return "Nothing to compare until both versions parse."
        n = len(self.result.formatting)
        if self.list.filter == FORMATTING:
            return "No formatting differences." if not n else ""
        meaning = any(g.rows for g in self.groups if not g.formatting)
        if not meaning:
            if not n:
                return "The two versions are identical."
            return (
                f"No changes in meaning. {n} formatting-only difference{'s' if n != 1 else ''} "
                "(quotes, wrapping, spacing…) — see the Formatting filter."
            )
        return "No changes of this kind."

    def _captions(self) -> None:
        new_label = self.new.label
        if self.target is not None and self.target.doc.dirty:
            new_label += " (unsaved)"
        for caption, text in (
            (self.old_caption, self.old.label),
            (self.new_caption, new_label),
            (self.preview_captions["old"], self.old.label),
            (self.preview_captions["new"], new_label),
        ):
            caption.setText(text)
            caption.setToolTip(text)

    def _summary(self) -> None:
        r = self.result
        if r is None:
            self.summary.setText("")
            return
        body = sum(1 for g in self.groups if g.key == "body" for _ in g.rows)
        parts = [
            f"{len(r.changes)} frontmatter change{'s' if len(r.changes) != 1 else ''}",
            f"{body} body section{'s' if body != 1 else ''}",
            f"{len(r.formatting)} formatting-only",
        ]
        if r.file:  # e.g. a blank line before the opening ---
            parts.insert(0, f"{len(r.file)} file change{'s' if len(r.file) != 1 else ''}")
        mode = "Take Old (Alt+Left) puts the old side into the editor" if self.can_take else "Read-only"
        self.summary.setText(" · ".join(parts) + f"   —   {mode}")

    # ------------------------------------------------------------ navigation

    def set_filter(self, name: str) -> None:
        button = self.filter_buttons.get(name)
        if button is not None and not button.isChecked():
            button.setChecked(True)  # comes back here through toggled
            return
        self.list.set_filter(name)
        self.list.set_empty_text(self._empty_text())
        self._update_counter()

    def _update_counter(self) -> None:
        at, total = self.list.position()
        text = f"{at} of {total}" if total else "no changes"
        self.counter.setText(text)
        self.counter.setAccessibleName(f"Change {at} of {total}" if total else "No changes")
        self.previous_action.setEnabled(at > 1)
        self.next_action.setEnabled(total > 0 and at < total)

    def _current_changed(self, row: Row | None) -> None:
        self._update_counter()
        self.take_action.setEnabled(self.can_take and row is not None and row.takeable)
        if row is not None and row.kind == SECTION:
            self.old_preview.scroll_to_heading(self.old_doc, row.change.old_heading)
            self.new_preview.scroll_to_heading(self.new_doc, row.change.new_heading)

    def _toggle_preview(self, on: bool) -> None:
        self.previews.setVisible(on)

    # ------------------------------------------------------------ taking

    def take_current(self) -> bool:
        row = self.list.current.row if self.list.current else None
        return self.take_old(row) if row is not None else False

    def take_old(self, row: Row, paragraph: int | None = None) -> bool:
        """Put the old side of ``row`` (or of one of its paragraph changes) into the target as one
        undo step; the row (or the paragraph) then disappears."""
        if self.target is None or not row.takeable:
            return False
        if self._timer.isActive():  # the editor changed since the last comparison: locate the row again
            self.refresh()
            found = next((r for g in self.groups for r in g.rows if r.key == row.key), None)
            if found is None:
                self.statusBar().showMessage("That change is gone: the editor changed it meanwhile", 6000)
                return False
            row = found
        if not self.can_take:
            self.statusBar().showMessage("Cannot take changes now: the editor's document cannot be edited", 6000)
            return False
        doc = self.target.doc
        try:
            if row.kind == SECTION and paragraph is not None:
                body = paragraph_body(row.index, paragraph, self.result.body, self.old_doc.body, doc.body)  # type: ignore[union-attr]
                steps, what = [Step("body", "", body)], f"paragraph of {row.label}"
            elif row.kind == SECTION:
                body = section_body(row.index, self.result.body, self.old_doc.body, doc.body)  # type: ignore[union-attr]
                steps, what = [Step("body", "", body)], row.label
            elif row.kind == FIELD:
                steps, what = field_steps(row.change, self.old_doc, doc), row.label
            else:
                return False
        except PatternError as exc:
            self.dialogs.error("Take old", str(exc))
            return False
        return self._apply(steps, what)

    def take_paragraph(self, row: Row, paragraph: int) -> bool:
        """Put back the old side of one paragraph change of a body section, as one undo step."""
        return self.take_old(row, paragraph)

    def _apply(self, steps: list[Step], what: str) -> bool:
        assert self.target is not None
        failures: list[str] = []
        self.target.editFailed.connect(failures.append)
        stack = self.target.undo_stack
        before = stack.index()
        ok = True
        try:
            with self.target.macro(f"Take old {what}"):
                for step in steps:
                    ok = self._run(step)
                    if not ok:
                        break
        finally:
            self.target.editFailed.disconnect(failures.append)
        if not ok and stack.index() > before:
            stack.undo()  # a half-taken change would be worse than none
        self.refresh()
        if not ok:
            self.dialogs.error(
                "Take old", f"Could not take the old {what}: " + ("; ".join(failures) or "the edit was refused")
            )
            return False
        self.statusBar().showMessage(f"Took the old {what} — Ctrl+Z undoes it", 6000)
        return True

    def _run(self, step: Step) -> bool:
        t = self.target
        assert t is not None
        if step.op == "body":
            return t.set_body(step.value)
        if step.op == "set":
            return t.set_field(step.path, step.value)
        if step.op == "delete":
            return t.delete(step.path)
        if step.op == "insert":
            return t.insert(step.path, step.value)
        if step.op == "rename":
            return t.rename_key(step.path, step.value)
        raise ValueError(step.op)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._sized:  # the list gets the larger share, whatever the side panel's size hint says
            self._sized = True
            height = max(self.split.height(), 400)
            self.split.setSizes([round(height * 0.66), round(height * 0.34)])

    # ------------------------------------------------------------ closing

    def closeEvent(self, event: QCloseEvent) -> None:
        self._timer.stop()
        if self.target is not None:
            try:
                self.target.changed.disconnect(self._target_changed)
            except (RuntimeError, TypeError):
                pass
        super().closeEvent(event)


def close_windows_for(controller: DocumentController, parent: QWidget) -> int:
    """Close the compare windows (children of ``parent``) that edit ``controller``'s document —
    for when its tab closes. Returns how many were closed."""
    windows = [w for w in parent.findChildren(CompareWindow) if w.target is controller]
    for window in windows:
        window.close()
    return len(windows)


# ---------------------------------------------------------------- factories (for the main window and the CLI)


def open_compare_window(old_spec: str, new_spec: str) -> CompareWindow:
    """``pattern-editor --compare OLD NEW``: a read-only window on two files or git versions.

    Raises ``PatternError`` (with file and reason) when a version cannot be read.
    """
    window = CompareWindow(version_from_spec(old_spec), version_from_spec(new_spec))
    window.show()
    return window


def editor_version(controller: DocumentController, label: str = "Editor") -> Version:
    doc = controller.doc
    return Version(label, doc.text, doc.path)


def compare_with_saved(
    controller: DocumentController,
    dialogs: Dialogs | None = None,
    parent: QWidget | None = None,
    label: str = "Saved on disk",
) -> CompareWindow:
    """File → Compare with Saved Version (and the changed-on-disk banner's Compare…): the file as it
    is on disk now vs the editor, whose side takes changes."""
    path = controller.doc.path
    if path is None:
        raise LoadError("the pattern has not been saved yet, so there is no saved version")
    disk = Version(label, decode(read_bytes(Path(path)), str(path)), Path(path))
    return _shown(CompareWindow(disk, editor_version(controller), controller, dialogs, parent))


def compare_with_file(
    controller: DocumentController,
    other: str | os.PathLike,
    dialogs: Dialogs | None = None,
    parent: QWidget | None = None,
) -> CompareWindow:
    """File → Compare with File…: another file (or REV:PATH) as the old side, the editor as the new."""
    return _shown(CompareWindow(version_from_spec(str(other)), editor_version(controller), controller, dialogs, parent))


def compare_from_history(
    old: Version,
    new: Version,
    controller: DocumentController | None = None,
    dialogs: Dialogs | None = None,
    parent: QWidget | None = None,
) -> CompareWindow:
    """For ``HistoryDialog.compareRequested``: a commit vs the working copy compares with the live
    editor (which then takes changes); two commits compare read-only."""
    if new.rev is None and controller is not None:
        return _shown(CompareWindow(old, editor_version(controller), controller, dialogs, parent))
    return _shown(CompareWindow(old, new, None, dialogs, parent))


def _shown(window: CompareWindow) -> CompareWindow:
    window.show()
    window.raise_()
    return window


__all__ = [
    "CompareWindow",
    "close_windows_for",
    "compare_from_history",
    "compare_with_file",
    "compare_with_saved",
    "editor_version",
    "open_compare_window",
]
