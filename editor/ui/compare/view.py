"""The compare window's list of changes: collapsible groups of rows, old on the left, new on the right.

Rows are widgets (rich-text labels wrap and size themselves); one row is "current": it is
highlighted, scrolled into view and is what Next/Previous, Alt+Left and the arrow keys act on.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from editor.ui.common.richtext import esc as _esc
from editor.ui.common.theme import Colors, colors, icon
from editor.ui.compare.rows import FORMAT_GROUP, Group, Row

LABEL_WIDTH = 230  # the label column; old and new share the rest equally
TAKE_WIDTH = 34
ALL, FRONTMATTER, BODY, FORMATTING = "all", "frontmatter", "body", "formatting"
FILTERS = ((ALL, "All"), (FRONTMATTER, "Frontmatter"), (BODY, "Body"), (FORMATTING, "Formatting"))


def columns(grid: QGridLayout) -> None:
    """The shared column geometry of the header and every row, so old and new line up."""
    grid.setColumnMinimumWidth(0, LABEL_WIDTH)
    grid.setColumnStretch(0, 0)
    grid.setColumnStretch(1, 1)
    grid.setColumnStretch(2, 1)
    grid.setColumnMinimumWidth(3, TAKE_WIDTH)
    grid.setHorizontalSpacing(16)


def take_placeholder(parent: QWidget) -> QWidget:
    """Holds the take column open where there is no button. (A spacer item would not do: grids
    collapse empty columns and put no spacing next to them, so the columns would not line up.)"""
    spacer = QWidget(parent)
    spacer.setFixedSize(TAKE_WIDTH, 1)
    return spacer


def cell_label(text: str, parent: QWidget, rich: bool = True) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    # Ignored width: the columns share space by stretch alone, whatever the text's length
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return label


def row_signature(row: Row, can_take: bool) -> tuple:
    """Everything a row widget shows: equal signatures can share a widget."""
    take = row.takeable and can_take
    return (row.key, row.label, row.detail, tuple(row.pairs), take, row.summary, row.tip, take and row.paragraphs)


class RowWidget(QFrame):
    """One change: label and kind, old and new value, and (with a target) a take-old button."""

    activated = Signal(object)  # RowWidget: clicked or focused
    takeRequested = Signal(object)  # RowWidget
    paragraphTakeRequested = Signal(object, int)  # RowWidget, index into the section's paragraph changes
    step = Signal(int)  # +1 / -1 from the arrow keys

    def __init__(self, row: Row, can_take: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = row
        self.signature = row_signature(row, can_take)
        self.setObjectName("CompareRow")
        self.setProperty("current", False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(row.summary)
        self.setAccessibleDescription(f"{row.detail}. Path {row.tip}")
        self.setToolTip(row.tip)
        grid = QGridLayout(self)
        grid.setContentsMargins(12, 8, 8, 8)
        grid.setVerticalSpacing(6)
        columns(grid)
        detail = f"<span style='color:{colors().muted}'>{_esc(row.detail)}</span>"
        names = cell_label(f"<b>{_esc(row.label)}</b><br>{detail}", self)
        names.setObjectName("CompareLabel")
        names.setFixedWidth(LABEL_WIDTH)
        split = (
            can_take and row.takeable and bool(row.paragraphs)
        )  # a take per paragraph, the section's under the label
        label_cell: QWidget = names
        self.take: QToolButton | None = None
        if split:
            label_cell = QWidget(self)
            stack = QVBoxLayout(label_cell)
            stack.setContentsMargins(0, 0, 0, 0)
            stack.addWidget(names)
            self.take = self._take_button(label_cell, "section", row.label, text="Take whole section")
            stack.addWidget(self.take)
            stack.addStretch(1)
            label_cell.setFixedWidth(LABEL_WIDTH)
        grid.addWidget(label_cell, 0, 0, max(len(row.pairs), 1), 1)
        self.cells: list[tuple[QLabel, QLabel]] = []
        for i, (old, new) in enumerate(row.pairs):
            left, right = cell_label(old, self), cell_label(new, self)
            grid.addWidget(left, i, 1)
            grid.addWidget(right, i, 2)
            self.cells.append((left, right))
        self.paragraph_takes: dict[int, QToolButton] = {}  # paragraph change index -> its button
        if split:
            for i, paragraph in enumerate(row.paragraphs):
                if paragraph is None:
                    grid.addWidget(take_placeholder(self), i, 3)
                    continue
                button = self._take_button(self, "paragraph", f"{row.label}, paragraph change {paragraph + 1}")
                button.setObjectName("take-paragraph")
                button.clicked.connect(lambda _=False, k=paragraph: self.paragraphTakeRequested.emit(self, k))
                self.paragraph_takes[paragraph] = button
                grid.addWidget(button, i, 3, Qt.AlignmentFlag.AlignTop)
        elif can_take and row.takeable:
            self.take = self._take_button(self, "section" if row.kind == "section" else "value", row.label)
            grid.addWidget(self.take, 0, 3, Qt.AlignmentFlag.AlignTop)
        else:
            grid.addWidget(take_placeholder(self), 0, 3)

    def _take_button(self, parent: QWidget, what: str, label: str, text: str = "") -> QToolButton:
        """A take-old button; the section's (and a field's) emits ``takeRequested``."""
        button = QToolButton(parent)
        button.setIcon(icon("take-left"))
        button.setIconSize(QSize(18, 18))
        button.setAutoRaise(True)
        keys = "Alt+Left; " if what != "paragraph" else ""
        button.setToolTip(f"Take the old {what} into the editor ({keys}undo with Ctrl+Z)")
        button.setAccessibleName(f"Take old {what} of {label}")
        if text:
            button.setText(text)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        else:
            button.setFixedWidth(TAKE_WIDTH)
        if what != "paragraph":
            button.setObjectName("take")
            button.clicked.connect(lambda: self.takeRequested.emit(self))
        return button

    def set_current(self, current: bool) -> None:
        if self.property("current") != current:
            self.setProperty("current", current)
            self.style().unpolish(self)
            self.style().polish(self)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self.activated.emit(self)
        super().mousePressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.activated.emit(self)
        super().focusInEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_J):
            self.step.emit(1)
        elif event.key() in (Qt.Key.Key_Up, Qt.Key.Key_K):
            self.step.emit(-1)
        else:
            super().keyPressEvent(event)


class GroupBox(QWidget):
    """A group heading that folds its rows away (the formatting group starts folded).

    Rows are made when the group is first unfolded: a folded group of a hundred formatting
    differences costs nothing until someone looks at it.
    """

    def __init__(self, group: Group, make_row, expanded: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = group
        self.make_row = make_row
        self.rows: list[RowWidget] = []
        self._built = False
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 6)
        lay.setSpacing(0)
        self.header = QToolButton(self)
        self.header.setObjectName("GroupHeader")
        self.header.setCheckable(True)
        self.header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.header.setIconSize(QSize(14, 14))
        self._title()
        lay.addWidget(self.header)
        self.body = QWidget(self)
        self.inner = QVBoxLayout(self.body)
        self.inner.setContentsMargins(0, 2, 0, 0)
        self.inner.setSpacing(4)
        lay.addWidget(self.body)
        self.header.setChecked(expanded)
        self.set_expanded(expanded)
        self.header.toggled.connect(self.set_expanded)

    def _title(self) -> None:
        group, count = self.group, len(self.group.rows)
        noun = "difference" if group.formatting else "change"
        text = f"{group.title}   ·   {count} {noun}{'s' if count != 1 else ''}"
        self.header.setText(text.replace("&", "&&"))
        self.header.setAccessibleName(text)

    @property
    def expanded(self) -> bool:
        return self.header.isChecked()

    def update_rows(self, group: Group, can_take: bool) -> None:
        """Take the rows of a new comparison, keeping the widgets of rows that look the same (a
        re-comparison after an edit usually changes one row, and building rows is the slow part)."""
        self.group = group
        self._title()
        if not self._built:
            return
        pool: dict[tuple, list[RowWidget]] = {}
        for widget in self.rows:
            pool.setdefault(widget.signature, []).append(widget)
            self.inner.removeWidget(widget)
        rows = []
        for row in group.rows:
            reuse = pool.get(row_signature(row, can_take))
            widget = reuse.pop(0) if reuse else self.make_row(row)
            widget.row = row  # the same change, from the new comparison (e.g. its section index)
            rows.append(widget)
        for left in pool.values():
            for widget in left:
                widget.hide()
                widget.deleteLater()
        for widget in rows:
            widget.setParent(self.body)
            self.inner.addWidget(widget)
            if widget.isHidden() and self.body.isVisible():
                widget.show()
        self.rows = rows

    def set_expanded(self, expanded: bool) -> None:
        if expanded and not self._built:
            self._built = True
            self.rows = [self.make_row(r) for r in self.group.rows]
            for row in self.rows:
                row.setParent(self.body)
                self.inner.addWidget(row)
        self.header.setChecked(expanded)
        self.header.setIcon(icon("chevron-down" if expanded else "chevron-right"))
        if self.body.isHidden() == expanded:  # setVisible polishes every row: only when it changes
            self.body.setVisible(expanded)


class ChangeList(QScrollArea):
    """Every change in groups; keeps one current row and the filter."""

    currentChanged = Signal(object)  # Row or None
    takeRequested = Signal(object)  # Row
    paragraphTakeRequested = Signal(object, int)  # Row, index into its section's paragraph changes
    layoutChanged = Signal()  # rows shown or hidden (the counter changes)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ChangeList")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName("Changes")
        self.can_take = False
        self.filter = ALL
        self.groups: list[GroupBox] = []
        self.current: RowWidget | None = None
        self.empty_text = "No changes."
        self._signature: object = None
        self.setWidget(self._canvas())
        self.restyle()

    def _canvas(self) -> QWidget:
        """A fresh, still detached canvas: filled before it is shown, which is much faster."""
        canvas = QWidget()
        canvas.setObjectName("CompareCanvas")
        self.column = QVBoxLayout(canvas)
        self.column.setContentsMargins(12, 8, 12, 16)
        self.column.setSpacing(4)
        self.empty = QLabel(self.empty_text, canvas)
        self.empty.setObjectName("Hint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setContentsMargins(24, 48, 24, 48)
        self.column.addWidget(self.empty)
        self.column.addStretch(1)
        return canvas

    def restyle(self, c: Colors | None = None) -> None:
        """Local styles for the row frames (the app stylesheet does not know them)."""
        c = c or colors()
        self.setStyleSheet(
            f"QWidget#CompareCanvas {{ background: {c.base}; }}"
            f"QFrame#CompareRow {{ background: {c.base}; border: 1px solid {c.border}; border-radius: 6px; }}"
            f'QFrame#CompareRow[current="true"] {{ background: {c.highlight}; border: 1px solid {c.accent}; }}'
            f"QFrame#CompareRow:focus {{ border: 2px solid {c.accent}; }}"
            f"QFrame#CompareRow QLabel {{ background: transparent; border: none; }}"
            f"QToolButton#GroupHeader {{ font-size: 11pt; padding: 12px 2px 4px 0px; }}"
        )

    # ------------------------------------------------------------ content

    def set_groups(self, groups: list[Group], can_take: bool) -> None:
        """Show the groups of a new comparison. Rows that did not change keep their widgets; the
        current row stays on the same change, else moves to the row that took its place."""
        signature = (can_take, [(g.key, g.title, [row_signature(r, can_take) for r in g.rows]) for g in groups])
        if signature == self._signature:
            return
        self._signature = signature
        keep = self.current.row.key if self.current else None
        old_rows = self.visible_rows()
        position = old_rows.index(self.current) if self.current in old_rows else 0
        focused = self.current is not None and self.current.hasFocus()
        self.can_take = can_take
        boxes = {box.group.key: box for box in self.groups}
        self.groups = []
        canvas = self.widget()
        for group in groups:
            box = boxes.pop(group.key, None)
            if box is None:
                default = not group.formatting or self.filter == FORMATTING
                box = GroupBox(group, self._make_row, default, canvas)
                box.header.toggled.connect(lambda _on: self._folded())
            else:
                box.update_rows(group, can_take)
                self.column.removeWidget(box)
            self.groups.append(box)
        for gone in boxes.values():
            self.column.removeWidget(gone)
            gone.hide()
            gone.deleteLater()
        for i, box in enumerate(self.groups):
            self.column.insertWidget(1 + i, box)  # after the "no changes" text, before the stretch
        self._apply_filter()
        rows = self.visible_rows()
        target = next((w for w in rows if w.row.key == keep), None) if keep else None
        if target is None and rows:
            target = rows[min(position, len(rows) - 1)]
        self.current = None
        self.set_current(target, scroll=False, focus=focused)

    def _make_row(self, row: Row) -> RowWidget:
        widget = RowWidget(row, self.can_take, self.widget())
        widget.activated.connect(self._activated)
        widget.takeRequested.connect(lambda w: self.takeRequested.emit(w.row))
        widget.paragraphTakeRequested.connect(lambda w, k: self.paragraphTakeRequested.emit(w.row, k))
        widget.step.connect(self.step)
        return widget

    def set_empty_text(self, text: str) -> None:
        """What the list says when the filter shows no change ("No changes in meaning …")."""
        self.empty_text = text
        self.empty.setText(text)

    # ------------------------------------------------------------ filter

    def set_filter(self, name: str) -> None:
        self.filter = name
        for box in self.groups:
            if box.group.formatting:
                box.set_expanded(name == FORMATTING)
        self._apply_filter()
        rows = self.visible_rows()
        if self.current not in rows:
            self.set_current(rows[0] if rows else None)

    def _apply_filter(self) -> None:
        for box in self.groups:
            key = box.group.key
            if self.filter == FORMATTING:
                shown = key == FORMAT_GROUP
            elif self.filter == BODY:
                shown = key == "body"
            elif self.filter == FRONTMATTER:
                shown = key not in ("body", FORMAT_GROUP)
            else:
                shown = True
            if box.isHidden() == shown:
                box.setVisible(shown)
        self._show_empty(not self.visible_rows())
        self.layoutChanged.emit()

    def _show_empty(self, empty: bool) -> None:
        if self.empty.isHidden() == empty:
            self.empty.setVisible(empty)

    def _folded(self) -> None:
        rows = self.visible_rows()
        if self.current is not None and self.current not in rows:
            self.set_current(rows[0] if rows else None)
        self._show_empty(not rows)
        self.layoutChanged.emit()

    # ------------------------------------------------------------ navigation

    def all_rows(self) -> list[RowWidget]:
        return [w for box in self.groups for w in box.rows]

    def visible_rows(self) -> list[RowWidget]:
        """Rows that navigation visits: in groups the filter shows and that are unfolded."""
        return [w for box in self.groups if not box.isHidden() and box.expanded for w in box.rows]

    def set_current(self, widget: RowWidget | None, scroll: bool = True, focus: bool = False) -> None:
        if self.current is not None and self.current is not widget:
            self.current.set_current(False)
        self.current = widget
        if widget is not None:
            widget.set_current(True)
            if scroll:
                self.ensureWidgetVisible(widget, 0, 24)
            if focus:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
        self.currentChanged.emit(widget.row if widget else None)

    def step(self, delta: int) -> None:
        rows = self.visible_rows()
        if not rows:
            return
        if self.current not in rows:
            i = 0 if delta > 0 else len(rows) - 1
        else:
            i = max(0, min(len(rows) - 1, rows.index(self.current) + delta))
        focused = self.current is not None and self.current.hasFocus()
        self.set_current(rows[i], focus=focused)

    def position(self) -> tuple[int, int]:
        """(1-based index of the current row, number of rows) among the visible rows."""
        rows = self.visible_rows()
        return (rows.index(self.current) + 1 if self.current in rows else 0), len(rows)

    def _activated(self, widget: RowWidget) -> None:
        if widget is not self.current:
            self.set_current(widget, scroll=False)
