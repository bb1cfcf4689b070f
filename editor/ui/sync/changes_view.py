"""The Changes panel's list: one row per changed pattern (its title, a chip for new / changed /
removed, a badge when it holds conflicts to resolve, its one-line summary below), and a row for
versions saved but not shared yet. Drawn by a delegate; each item's text reads the same for screen
readers and tests ("Adaptive Facilitation — changed — Resilience 4.5 → 3.5")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QStyle, QStyledItemDelegate, QWidget

from editor.ui.common.theme import colors

if TYPE_CHECKING:
    from editor.model.sync.changes import ChangedFile

FILE_ROLE = Qt.ItemDataRole.UserRole  # the ChangedFile
STATUS = {"added": "new", "modified": "changed", "deleted": "removed"}


def item_text(f: ChangedFile) -> str:
    parts = [f.title, "conflicts to resolve" if f.conflicted else STATUS.get(f.status, f.status)]
    if f.summary and not f.conflicted:
        parts.append(f.summary)
    return " — ".join(parts)


class ChangesDelegate(QStyledItemDelegate):
    """Drawn like the library's rows: the title, a chip on the right, the summary below."""

    def sizeHint(self, option, index: QModelIndex) -> QSize:
        return QSize(120, option.fontMetrics.height() * 2 + 14)  # narrow docks elide, never scroll

    def paint(self, painter: QPainter, option, index: QModelIndex) -> None:
        c = colors()
        f: ChangedFile = index.data(FILE_ROLE)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = option.rect
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, QColor(c.highlight))
        elif option.state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(rect, QColor(c.alt_base))
        fm = option.fontMetrics
        x, width = rect.x() + 12, rect.width() - 24
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, option.font.pointSizeF() - 1.0))
        sfm = QFontMetrics(small)
        # the chip: new / changed / removed, or a filled badge for conflicts
        chip = "to resolve" if f.conflicted else STATUS.get(f.status, f.status)
        chip_w = sfm.horizontalAdvance(chip) + 12
        tint = QColor(c.error if f.conflicted else {"added": c.ok, "deleted": c.error}.get(f.status, c.info))
        box = QRect(x + width - chip_w, rect.y() + 6, chip_w, sfm.height() + 2)
        painter.setFont(small)
        if f.conflicted:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(tint)
            painter.drawRoundedRect(box, 4, 4)
            painter.setPen(QColor(c.base))  # white on the light red, dark on the dark theme red
        else:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(tint)
            painter.drawRoundedRect(box.adjusted(0, 0, -1, -1), 4, 4)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, chip)
        # the title, then the summary below it
        title_font = QFont(option.font)
        title_font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(title_font)
        painter.setPen(QColor(c.text))
        title_w = width - chip_w - 8
        painter.drawText(
            QRect(x, rect.y() + 5, title_w, fm.height()),
            Qt.AlignmentFlag.AlignLeft,
            QFontMetrics(title_font).elidedText(f.title, Qt.TextElideMode.ElideRight, title_w),
        )
        painter.setFont(small)
        painter.setPen(QColor(c.error if f.conflicted else c.muted))
        detail = "Changed on both sides: open it to choose" if f.conflicted else f.summary
        painter.drawText(
            QRect(x, rect.y() + 7 + fm.height(), width, fm.height()),
            Qt.AlignmentFlag.AlignLeft,
            sfm.elidedText(detail, Qt.TextElideMode.ElideRight, width),
        )
        painter.restore()


class ChangesList(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changes:list")
        self.setAccessibleName("Changed patterns")
        self.setItemDelegate(ChangesDelegate(self))
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def fill(self, files: list[ChangedFile]) -> None:
        """Replace the rows, keeping the selected file selected."""
        keep = self.current_file()
        self.clear()
        for f in files:
            item = QListWidgetItem(item_text(f))
            item.setData(FILE_ROLE, f)
            item.setToolTip(f"{f.path}\n{f.summary}")
            self.addItem(item)
            if keep is not None and f.path == keep.path:
                self.setCurrentItem(item)
        if self.currentItem() is None and files:
            self.setCurrentRow(0)

    def current_file(self) -> ChangedFile | None:
        item = self.currentItem()
        return item.data(FILE_ROLE) if item is not None else None

    def files(self) -> list[ChangedFile]:
        return [f for i in range(self.count()) if (f := self.item(i).data(FILE_ROLE)) is not None]
