"""The table's view: a QTableView with movable, hideable, sortable columns, and a delegate that
draws score bars and picks an editor from the schema's kind of the cell's field.

Editors: an enum is an editable combo box (the spec's values first; an open vocabulary keeps
others), a score a spin box 0-5 step 0.5 with one decimal (as the form's), another number a spin
box with the field's (or its kind's) decimals and step, anything else a line edit. Editing starts
with F2 or by typing; a double-click opens the pattern instead.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDoubleSpinBox,
    QHeaderView,
    QLineEdit,
    QMenu,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from editor.model.query.columns import Column
from editor.model.schema.kinds import is_number
from editor.ui.common.theme import colors
from editor.ui.table.model import ENTRY_ROLE, SCORE_ROLE, TableModel

Index = QModelIndex | QPersistentModelIndex
# default widths in characters of the font's average width, by column kind (the title is wider)
_WIDTH = {"score": 6, "number": 7, "integer": 7, "enum": 11, "count": 7, "file": 30, "slug": 20, "text": 14}
_SCORE_GRID = (1, 0.5)  # decimals and step of a score's box, as the form's score editor


def _spin_format(column: Column, field) -> tuple[int, float]:
    if column.kind == "score":
        return _SCORE_GRID
    return (field and (field.spin or field.type.spin)) or (2, 0.1)


class CellDelegate(QStyledItemDelegate):
    """Score cells get a thin bar under the number; edits go through the model's ``setData``."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        super().paint(painter, option, index)
        share = index.data(SCORE_ROLE)
        if share is None:
            return
        rect: QRect = option.rect.adjusted(6, 0, -6, -3)
        bar = QRect(rect.left(), rect.bottom() - 2, max(1, round(rect.width() * share)), 3)
        color = QColor(colors().accent)
        color.setAlpha(110)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        track = QColor(colors().border)
        track.setAlpha(90)
        painter.fillRect(QRect(rect.left(), bar.top(), rect.width(), 3), track)
        painter.fillRect(bar, color)
        painter.restore()

    def _column(self, index: Index) -> tuple[Column, Any]:
        model = index.model()
        assert isinstance(model, TableModel)
        column = model.column_at(index.column())
        entry = index.data(ENTRY_ROLE)
        return column, column.field_for(entry) if entry is not None else column.field

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        column, field = self._column(index)
        kind = field.kind if field is not None else column.kind
        if kind == "enum":
            box = QComboBox(parent)
            box.setEditable(True)  # open vocabularies: a value the spec does not list is kept
            box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            box.addItems([str(v) for v in field.values])
            box.setObjectName(f"cell-editor:{column.id}")
            # Enter in the combo's own line edit does not reach the delegate's key filter: commit here
            box.lineEdit().returnPressed.connect(lambda box=box: self._commit(box))
            return box
        if kind in ("score", "number", "integer", "weight"):
            spin = QDoubleSpinBox(parent)
            decimals, step = _spin_format(column, field)
            low = field.minimum if field is not None and field.minimum is not None else -1e9
            high = field.maximum if field is not None and field.maximum is not None else 1e9
            spin.setRange(low, high)
            spin.setDecimals(decimals)
            spin.setSingleStep(step)
            spin.setKeyboardTracking(False)
            spin.setAlignment(Qt.AlignmentFlag.AlignRight)
            spin.setObjectName(f"cell-editor:{column.id}")
            return spin
        edit = QLineEdit(parent)
        edit.setObjectName(f"cell-editor:{column.id}")
        return edit

    def _commit(self, editor: QWidget) -> None:
        if editor.property("committed"):
            return
        editor.setProperty("committed", True)
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        column, _field = self._column(index)
        if isinstance(editor, QComboBox):
            editor.setCurrentText(column.text(value))
        elif isinstance(editor, QDoubleSpinBox):
            editor.setValue(float(value) if is_number(value) else editor.minimum())
        elif isinstance(editor, QLineEdit):
            editor.setText(column.text(value))

    def setModelData(self, editor: QWidget, model, index: Index) -> None:
        if isinstance(editor, QComboBox):
            text = editor.currentText().strip()
        elif isinstance(editor, QDoubleSpinBox):
            editor.interpretText()
            text = f"{editor.value():.{editor.decimals()}f}"
        elif isinstance(editor, QLineEdit):
            text = editor.text()
        else:
            return
        model.setData(index, text, Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: Index) -> None:
        editor.setGeometry(option.rect)


class TableView(QTableView):
    """The grid. ``openRow(row)`` on a double-click; the header's context menu hides and shows
    columns; sections move by dragging their header."""

    openRow = Signal(int)

    def __init__(self, model: TableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("table-view")
        self.setModel(model)
        self.setItemDelegate(CellDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSortingEnabled(False)  # turned on below, once the header is set up: no sort on construction
        rows = self.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row measuring over 10,000 rows
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        header.sectionClicked.connect(self._sort_clicked)
        self._size_columns()
        self.doubleClicked.connect(lambda index: self.openRow.emit(index.row()))
        app = QApplication.instance()
        if app is not None:  # removed by Qt with the view (the filter's parent)
            self._edit_key = _EditKeyFirst(self)
            app.installEventFilter(self._edit_key)

    def table_model(self) -> TableModel:
        model = self.model()
        assert isinstance(model, TableModel)
        return model

    def _size_columns(self) -> None:
        header = self.horizontalHeader()
        metrics = self.fontMetrics()
        avg = metrics.averageCharWidth()
        for n, column in enumerate(self.table_model().columns):
            if column.id == "title":
                width = 32 * avg
            else:
                width = _WIDTH.get(column.kind, 12) * avg
            label = self.table_model().headerData(n, Qt.Orientation.Horizontal) or ""
            widest = max((metrics.horizontalAdvance(line) for line in str(label).split("\n")), default=0)
            header.resizeSection(n, max(width, widest + 32))  # margins and the sort arrow

    # ------------------------------------------------------------ sorting

    def _sort_clicked(self, section: int) -> None:
        """A header click sorts by that column; a second click reverses it."""
        header = self.horizontalHeader()
        model = self.table_model()
        if model.sort_column == section:
            order = (
                Qt.SortOrder.DescendingOrder
                if model.sort_order == Qt.SortOrder.AscendingOrder
                else Qt.SortOrder.AscendingOrder
            )
        else:
            order = Qt.SortOrder.AscendingOrder
        header.setSortIndicator(section, order)
        model.sort(section, order)

    def sort_by(self, section: int, order: Qt.SortOrder) -> None:
        self.horizontalHeader().setSortIndicator(section, order)
        self.table_model().sort(section, order)

    # ------------------------------------------------------------ columns

    def visible_columns(self) -> list[int]:
        """Logical column numbers in the order they are shown, hidden ones left out."""
        header = self.horizontalHeader()
        out = []
        for visual in range(header.count()):
            logical = header.logicalIndex(visual)
            if not header.isSectionHidden(logical):
                out.append(logical)
        return out

    def show_columns(self, logical: list[int]) -> None:
        """Show exactly these columns, in this order; the others are hidden after them."""
        header = self.horizontalHeader()
        count = header.count()
        rest = [n for n in range(count) if n not in logical]
        for visual, n in enumerate([*logical, *rest]):
            header.moveSection(header.visualIndex(n), visual)
            header.setSectionHidden(n, n not in logical)

    def set_column_visible(self, logical: int, visible: bool) -> None:
        if not visible and len(self.visible_columns()) <= 1:
            return  # keep one column: a table without any is no way back
        self.horizontalHeader().setSectionHidden(logical, not visible)

    def column_menu(self, parent: QWidget | None = None) -> QMenu:
        """Every column with a check mark; unchecking hides it."""
        menu = QMenu(parent or self)
        menu.setObjectName("table-columns-menu")
        model = self.table_model()
        header = self.horizontalHeader()
        for n, column in enumerate(model.columns):
            action = menu.addAction(column.label)
            action.setObjectName(f"table-column:{column.id}")
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(n))
            action.setToolTip(column.tip)
            action.toggled.connect(lambda on, n=n: self.set_column_visible(n, on))
        return menu

    def _header_menu(self, pos: QPoint) -> None:
        self._menu = self.column_menu(self)
        self._menu.popup(self.horizontalHeader().mapToGlobal(pos))


class _EditKeyFirst(QObject):
    """F2 edits the current cell while the table has the focus. The window's shortcuts win over
    widgets' own keys (``actions.ShortcutsWin``), and F2 is also Rename Slug; this application
    filter, installed after the window's, answers first and keeps F2 for the table."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self._view = view

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_F2
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and obj is self._view
        ):
            event.accept()  # overridden: the key goes to the view, which starts editing
            return True
        return False
