"""The compare window: two versions of a pattern side by side, change by change, in the pattern's terms.

Old on the left, new on the right. With a ``target`` controller the new side is the live editor
document (re-compared shortly after every edit) and each change has a "take old" button that puts
the old value back as one undoable edit; without one the window is read-only.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QTextDocument
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QSizePolicy,
    QSplitter,
    QTextBrowser,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from editor.model import schema
from editor.model.diff.body import sections_of
from editor.model.diff.history import find_repo, parse_spec, read_at
from editor.model.diff.semantic import DiffResult, diff_documents
from editor.model.document.document import Document
from editor.model.document.split import decode
from editor.model.document.storage import read_bytes
from editor.model.errors import LoadError, PatternError
from editor.model.render import page as render
from editor.model.schema import PILLARS
from editor.ui.common.charts import SHORT, PillarRadar
from editor.ui.common.dialogs import Dialogs
from editor.ui.common.richtext import esc as _escape
from editor.ui.common.richtext import mix as _mix
from editor.ui.common.theme import Colors, colors, icon
from editor.ui.compare.rows import FIELD, SECTION, Group, Ink, Row, build_groups
from editor.ui.compare.take import Step, field_steps, section_body
from editor.ui.compare.view import ALL, FILTERS, FORMATTING, LABEL_WIDTH, ChangeList, columns, take_placeholder
from editor.ui.document.controller import DocumentController
from editor.ui.document.tab import Banner

REFRESH_DELAY_MS = 150  # re-compare this long after the editor's last change


@dataclass
class Version:
    """One side of a comparison: its text and how to name it."""

    label: str  # "HEAD~3 · 2026-02-19 · alice", "Saved on disk", "Editor"
    text: str
    path: Path | None = None
    rev: str | None = None  # the git revision, for versions read from history


def version_from_spec(spec: str, cwd: str | os.PathLike | None = None) -> Version:
    """A file (``patterns/x.md``) or a git version (``HEAD~1:patterns/x.md``).

    Raises ``PatternError`` (``HistoryError`` for git problems) with a message naming the file.
    """
    base = Path(cwd) if cwd is not None else Path.cwd()
    path = Path(spec) if Path(spec).is_absolute() else base / spec
    if path.exists() or path.is_symlink():  # a link that loops or dangles: read_bytes says which
        if path.is_dir():
            raise LoadError("is a folder; compare two pattern files", spec)
        return Version(path.name, decode(read_bytes(path), spec), path)
    parsed = parse_spec(spec, base)
    if parsed is None:
        raise LoadError(f"no such file (for a git version write REV:PATH, e.g. HEAD~1:{spec})", spec)
    rev, file = parsed
    text = read_at(file, rev)
    repo = find_repo(file)
    rel = repo.relpath(file) if repo else file.name
    return Version(f"{rev or 'staged'} · {rel}", text, file, rev)


# ---------------------------------------------------------------- pieces


class SafeBrowser(QTextBrowser):
    """A preview that never fetches anything and opens no links (the compare window only shows)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setAccessibleName(name)
        self.document().setDocumentMargin(14)
        self.lines: list[int] = []
        self.shown: tuple[str, str] | None = None

    def loadResource(self, kind: int, url: QUrl):
        if kind == QTextDocument.ResourceType.ImageResource:
            return None
        return super().loadResource(kind, url)

    def show_document(self, doc: Document | None, theme: str) -> None:
        self.document().setDefaultStyleSheet(render.stylesheet(theme))
        if doc is None:
            self.setHtml("")
            self.lines = []
            self.shown = None
            return
        if self.shown == (doc.text, theme):
            return  # rendering costs tens of milliseconds; typing elsewhere must not pay it
        self.shown = (doc.text, theme)
        scroll = self.verticalScrollBar().value()
        self.setHtml(render.render_pattern(doc, theme=theme))
        self.lines = render.block_lines(doc.body, base_line=doc.body_line()) if doc.parts else []
        self.verticalScrollBar().setValue(scroll)

    def scroll_to_line(self, line: int) -> None:
        anchor = render.anchor_for_line(self.lines, line) if self.lines else ""
        if anchor:
            self.scrollToAnchor(anchor)


def _caption(side: str, colour: str, parent: QWidget) -> tuple[QWidget, QLabel]:
    """"● OLD  label": the dot has the colour of that side's radar series."""
    box = QWidget(parent)
    box.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    lay = QHBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(6)
    dot = QLabel("●", box)
    dot.setObjectName(f"Dot-{side}")  # recoloured by CompareWindow._restyle
    dot.setStyleSheet(f"color: {colour};")
    tag = QLabel(side.upper(), box)
    tag.setObjectName("Hint")
    tag.setStyleSheet("font-weight: 600; letter-spacing: 1px;")
    text = QLabel(box)
    text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    lay.addWidget(dot)
    lay.addWidget(tag)
    lay.addWidget(text, 1)
    return box, text


class ScorePanel(QFrame):
    """The seven pillars of both versions on one radar, with the headline scores."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ScorePanel")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 12, 14, 12)
        lay.setSpacing(8)
        title = QLabel("Commons assessment", self)
        title.setStyleSheet("font-weight: 600;")
        self.radar = PillarRadar(self)
        self.radar.setAccessibleName("Pillars of the old and the new version")
        self.legend = QLabel(self)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        self.table = QLabel(self)
        self.table.setTextFormat(Qt.TextFormat.RichText)
        self.table.setWordWrap(True)
        lay.addWidget(title)
        lay.addWidget(self.radar)
        lay.addWidget(self.legend)
        lay.addWidget(self.table)
        lay.addStretch(1)
        self.setMinimumWidth(280)
        self.setMaximumWidth(360)

    def show_scores(self, old: Version, old_data: object, new: Version, new_data: object, c: Colors) -> bool:
        """Draw both series; False (and nothing drawn) when neither version has an assessment."""
        a, b = _assessment(old_data), _assessment(new_data)
        if a is None and b is None:
            self.radar.set_series([])
            return False
        old_colour, new_colour = c.muted, c.accent
        self.radar.set_series([(old.label, a or {}, old_colour), (new.label, b or {}, new_colour)])
        self.legend.setText(f"<span style='color:{old_colour}'>●</span> Old &nbsp;&nbsp;"
                            f"<span style='color:{new_colour}'>●</span> New")
        rows = []
        for key, name in [(p, SHORT[p]) for p in PILLARS] + [("vitality", "Vitality"), ("overall_score", "Overall")]:
            x, y = (a or {}).get(key), (b or {}).get(key)
            if x is None and y is None:
                continue
            changed = _number(x) and _number(y) and float(x) != float(y)  # type: ignore[arg-type]
            delta = ""
            if changed:
                d = float(y) - float(x)  # type: ignore[arg-type]
                delta = f"<span style='color:{c.ok if d > 0 else c.error}; font-weight:600'>({d:+.1f})</span>"
            strong = changed or (x is None) != (y is None)
            style = "font-weight:600;" if strong else f"color:{c.muted};"
            cells = [f"<td style='{style} padding-right:12px'>{name}</td>",
                     f"<td style='{style}' align='right'>{_num(x)}</td>",
                     f"<td style='{style} padding:0 5px'>→</td>",
                     f"<td style='{style}' align='right'>{_num(y)}</td>",
                     f"<td style='padding-left:5px'>{delta}</td>"]
            rows.append("<tr>" + "".join(cells) + "</tr>")
        self.table.setText("<table cellspacing='0' cellpadding='1'>" + "".join(rows) + "</table>")
        return True


def _assessment(data: object) -> dict | None:
    if not isinstance(data, dict):
        return None
    ontology = data.get("ontology")
    found = ontology.get("commons_assessment") if isinstance(ontology, dict) else None
    return found if isinstance(found, dict) else None


def _number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _num(v: object) -> str:
    return "—" if v is None else str(v)


def ink_of(c: Colors) -> Ink:
    return Ink(c.text, c.muted, c.ok, _mix(c.ok, c.base, 0.14), c.error, _mix(c.error, c.base, 0.12))


# ---------------------------------------------------------------- the window


class CompareWindow(QMainWindow):
    """Side-by-side review of two versions; with a target, takes old values into it."""

    refreshed = Signal()  # after every re-comparison (tests wait on it)

    def __init__(self, old: Version, new: Version, target: DocumentController | None = None,
                 dialogs: Dialogs | None = None, parent: QWidget | None = None) -> None:
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
        self._toolbar()
        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.banner = Banner("error", central)
        outer.addWidget(self.banner)
        self.header = QFrame(central)
        self.header.setObjectName("CompareHeader")
        grid = QGridLayout(self.header)
        columns(grid)
        change = QLabel("CHANGE", self.header)
        change.setObjectName("Hint")
        change.setStyleSheet("font-weight: 600; letter-spacing: 1px;")
        change.setFixedWidth(LABEL_WIDTH)
        old_box, self.old_caption = _caption("old", c.muted, self.header)
        new_box, self.new_caption = _caption("new", c.accent, self.header)
        grid.addWidget(change, 0, 0)
        grid.addWidget(old_box, 0, 1)
        grid.addWidget(new_box, 0, 2)
        grid.addWidget(take_placeholder(self.header), 0, 3)
        self.header_grid = grid
        self.list = ChangeList(central)
        left = QWidget(central)  # the header sits above the list only, so its columns match the rows'
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(0, 0, 0, 0)
        left_lay.setSpacing(0)
        left_lay.addWidget(self.header)
        left_lay.addWidget(self.list, 1)
        self.list.currentChanged.connect(self._current_changed)
        self.list.takeRequested.connect(self.take_old)
        self.list.layoutChanged.connect(self._update_counter)
        self.list.verticalScrollBar().rangeChanged.connect(lambda _lo, _hi: self._align_header())
        self.scores = ScorePanel(central)
        top = QSplitter(Qt.Orientation.Horizontal, central)
        top.setChildrenCollapsible(False)
        top.addWidget(left)
        top.addWidget(self.scores)
        top.setStretchFactor(0, 1)
        top.setStretchFactor(1, 0)
        self.old_preview = SafeBrowser("Preview of the old version", central)
        self.new_preview = SafeBrowser("Preview of the new version", central)
        previews = QSplitter(Qt.Orientation.Horizontal, central)
        previews.setChildrenCollapsible(False)
        self.preview_captions: dict[str, QLabel] = {}
        for side, browser, colour in (("old", self.old_preview, c.muted), ("new", self.new_preview, c.accent)):
            pane = QWidget(previews)
            lay = QVBoxLayout(pane)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.setSpacing(0)
            box, caption = _caption(side, colour, pane)
            box.setContentsMargins(12, 6, 12, 6)
            lay.addWidget(box)
            lay.addWidget(browser, 1)
            self.preview_captions[side] = caption
            previews.addWidget(pane)
        self.previews = previews
        self.split = QSplitter(Qt.Orientation.Vertical, central)
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(top)
        self.split.addWidget(previews)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)
        outer.addWidget(self.split, 1)
        self.setCentralWidget(central)
        self.summary = QLabel(self)  # stays while the status bar shows passing messages on its left
        self.statusBar().addPermanentWidget(self.summary)
        self._restyle()
        self._align_header()

    def _toolbar(self) -> None:
        bar = QToolBar("Compare", self)
        bar.setObjectName("compare_toolbar")
        bar.setMovable(False)
        bar.setIconSize(QSize(20, 20))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(bar)
        self.toolbar = bar

        def action(text: str, icon_name: str, keys: list[str], slot, tip: str) -> QAction:
            a = QAction(icon(icon_name), text, self)
            a.setShortcuts([QKeySequence(k) for k in keys])
            a.setToolTip(f"{tip} ({', '.join(keys)})" if keys else tip)
            a.triggered.connect(slot)
            return a

        self.previous_action = action("Previous", "up", ["Shift+F7"], lambda: self.list.step(-1),
                                      "Go to the previous change")
        self.next_action = action("Next", "down", ["F7"], lambda: self.list.step(1), "Go to the next change")
        bar.addAction(self.previous_action)
        bar.addAction(self.next_action)
        self.counter = QLabel(bar)
        self.counter.setMinimumWidth(86)
        self.counter.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.counter.setObjectName("Hint")
        bar.addWidget(self.counter)
        bar.addSeparator()
        funnel = QLabel(bar)
        funnel.setPixmap(icon("filter", self.colors.muted).pixmap(16, 16))
        funnel.setContentsMargins(4, 0, 2, 0)
        bar.addWidget(funnel)
        self.filter_group = QButtonGroup(self)
        self.filter_group.setExclusive(True)
        self.filter_buttons: dict[str, QToolButton] = {}
        for n, (key, text) in enumerate(FILTERS, start=1):
            button = QToolButton(bar)
            button.setText(text)
            button.setCheckable(True)
            button.setShortcut(QKeySequence(f"Ctrl+{n}"))
            button.setToolTip(f"Show {text.lower()} changes (Ctrl+{n})" if key != ALL else "Show every change "
                              "(formatting-only differences stay folded) (Ctrl+1)")
            button.setAccessibleName(f"Filter: {text}")
            button.setChecked(key == ALL)
            button.toggled.connect(lambda on, k=key: on and self.set_filter(k))
            self.filter_group.addButton(button)
            self.filter_buttons[key] = button
            bar.addWidget(button)
        bar.addSeparator()
        self.take_action = action("Take Old", "take-left", ["Alt+Left"], self.take_current,
                                  "Put the old version of the current change into the editor, as one undoable edit")
        bar.addAction(self.take_action)
        self.undo_action: QAction | None = None
        if self.target is not None:
            undo = self.target.undo_stack.createUndoAction(self, "Undo")
            undo.setIcon(icon("undo"))
            undo.setShortcut(QKeySequence.StandardKey.Undo)
            undo.setToolTip("Undo the last edit of the editor's document (Ctrl+Z)")
            bar.addAction(undo)
            button = bar.widgetForAction(undo)
            if isinstance(button, QToolButton):  # "Undo Take old …" would crowd the toolbar: the tip says it
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
            self.undo_action = undo
        else:
            self.take_action.setVisible(False)
        spacer = QWidget(bar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        self.preview_action = action("Preview", "preview", ["Ctrl+Shift+P"], self._toggle_preview,
                                     "Show or hide the rendered previews of both versions")
        self.preview_action.setCheckable(True)
        self.preview_action.setChecked(True)
        bar.addAction(self.preview_action)
        close = QAction("Close", self)
        close.setShortcut(QKeySequence(QKeySequence.StandardKey.Close))
        close.triggered.connect(self.close)
        self.addAction(close)

    def _align_header(self) -> None:
        """Line the header's OLD / NEW up with the rows' columns (the list's margins and scroll bar)."""
        bar = self.list.verticalScrollBar()
        right = 12 + 1 + 8 + (bar.sizeHint().width() if bar.maximum() > 0 else 0)
        self.header_grid.setContentsMargins(12 + 1 + 12, 8, right, 8)

    def _restyle(self) -> None:
        c = self.colors
        self.header.setStyleSheet(f"QFrame#CompareHeader {{ background: {c.window}; "
                                  f"border-bottom: 1px solid {c.border}; }}")
        self.scores.setStyleSheet(f"QFrame#ScorePanel {{ background: {c.window}; }}")
        self.list.restyle(c)
        for side, colour in (("old", c.muted), ("new", c.accent)):
            for dot in self.findChildren(QLabel, f"Dot-{side}"):
                dot.setStyleSheet(f"color: {colour};")

    def apply_theme(self) -> None:
        """Re-read the theme's colours (after the user switched light/dark) and redraw."""
        self.colors = colors()
        self._restyle()
        self.refresh()

    # ------------------------------------------------------------ comparing

    @property
    def can_take(self) -> bool:
        return (self.target is not None and self.target.editable and self.new_doc is not None
                and self.new_doc.error is None and self.old_doc.error is None)

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
            parts.append(f"<b>{where} does not parse</b> — {_escape(str(new_doc.error))}"
                         + (". The list shows the last comparison; fix the YAML to compare again."
                            if self.target is not None and self.result is not None else ""))
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
            return (f"No changes in meaning. {n} formatting-only difference{'s' if n != 1 else ''} "
                    "(quotes, wrapping, spacing…) — see the Formatting filter.")
        return "No changes of this kind."

    def _captions(self) -> None:
        new_label = self.new.label
        if self.target is not None and self.target.doc.dirty:
            new_label += " (unsaved)"
        for caption, text in ((self.old_caption, self.old.label), (self.new_caption, new_label),
                              (self.preview_captions["old"], self.old.label),
                              (self.preview_captions["new"], new_label)):
            caption.setText(text)
            caption.setToolTip(text)

    def _summary(self) -> None:
        r = self.result
        if r is None:
            self.summary.setText("")
            return
        body = sum(1 for g in self.groups if g.key == "body" for _ in g.rows)
        parts = [f"{len(r.changes)} frontmatter change{'s' if len(r.changes) != 1 else ''}",
                 f"{body} body section{'s' if body != 1 else ''}",
                 f"{len(r.formatting)} formatting-only"]
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
            s = row.change
            for browser, doc, heading in ((self.old_preview, self.old_doc, s.old_heading),
                                          (self.new_preview, self.new_doc, s.new_heading)):
                line = _heading_line(doc, heading)
                if line is not None:
                    browser.scroll_to_line(line)

    def _toggle_preview(self, on: bool) -> None:
        self.previews.setVisible(on)

    # ------------------------------------------------------------ taking

    def take_current(self) -> bool:
        row = self.list.current.row if self.list.current else None
        return self.take_old(row) if row is not None else False

    def take_old(self, row: Row) -> bool:
        """Put the old side of ``row`` into the target as one undo step; the row then disappears."""
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
            if row.kind == SECTION:
                steps = [Step("body", "", section_body(row.index, self.result.body,  # type: ignore[union-attr]
                                                       self.old_doc.body, doc.body))]
            elif row.kind == FIELD:
                steps = field_steps(row.change, self.old_doc, doc)
            else:
                return False
        except PatternError as exc:
            self.dialogs.error("Take old", str(exc))
            return False
        failures: list[str] = []
        self.target.editFailed.connect(failures.append)
        stack = self.target.undo_stack
        before = stack.index()
        ok = True
        try:
            with self.target.macro(f"Take old {row.label}"):
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
            self.dialogs.error("Take old", f"Could not take the old {row.label}: "
                               + ("; ".join(failures) or "the edit was refused"))
            return False
        self.statusBar().showMessage(f"Took the old {row.label} — Ctrl+Z undoes it", 6000)
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


def _heading_line(doc: Document | None, heading: str | None) -> int | None:
    """The file line (1-based) of a body heading, for scrolling the preview to it."""
    if doc is None or doc.parts is None:
        return None
    if heading is None:
        return doc.body_line()
    at = 0
    for sec in sections_of(doc.body):
        if sec.heading == heading:
            return doc.body_line() + at
        at += (0 if sec.heading is None else 1) + len(sec.lines)
    return None


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


def compare_with_saved(controller: DocumentController, dialogs: Dialogs | None = None,
                       parent: QWidget | None = None, label: str = "Saved on disk") -> CompareWindow:
    """File → Compare with Saved Version (and the changed-on-disk banner's Compare…): the file as it
    is on disk now vs the editor, whose side takes changes."""
    path = controller.doc.path
    if path is None:
        raise LoadError("the pattern has not been saved yet, so there is no saved version")
    disk = Version(label, decode(read_bytes(Path(path)), str(path)), Path(path))
    return _shown(CompareWindow(disk, editor_version(controller), controller, dialogs, parent))


def compare_with_file(controller: DocumentController, other: str | os.PathLike, dialogs: Dialogs | None = None,
                      parent: QWidget | None = None) -> CompareWindow:
    """File → Compare with File…: another file (or REV:PATH) as the old side, the editor as the new."""
    return _shown(CompareWindow(version_from_spec(str(other)), editor_version(controller), controller, dialogs,
                                parent))


def compare_from_history(old: Version, new: Version, controller: DocumentController | None = None,
                         dialogs: Dialogs | None = None, parent: QWidget | None = None) -> CompareWindow:
    """For ``HistoryDialog.compareRequested``: a commit vs the working copy compares with the live
    editor (which then takes changes); two commits compare read-only."""
    if new.rev is None and controller is not None:
        return _shown(CompareWindow(old, editor_version(controller), controller, dialogs, parent))
    return _shown(CompareWindow(old, new, None, dialogs, parent))


def _shown(window: CompareWindow) -> CompareWindow:
    window.show()
    window.raise_()
    return window


__all__ = ["CompareWindow", "Version", "close_windows_for", "compare_from_history", "compare_with_file",
           "compare_with_saved", "editor_version", "open_compare_window", "version_from_spec"]
