"""The Changes panel's list: one row per changed pattern (its title, a chip for new / changed /
removed, a badge when it holds conflicts to resolve, its one-line summary below), and a row for
versions saved but not shared yet. Drawn by a delegate; each item's text reads the same for screen
readers and tests ("Adaptive Facilitation — changed — Resilience 4.5 → 3.5")."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QStyle, QStyledItemDelegate, QWidget

from editor.model.sync.changes import ChangedFile
from editor.ui.common.theme import colors

FILE_ROLE = Qt.ItemDataRole.UserRole  # the ChangedFile, or None for the "not shared yet" row
STATUS = {"added": "new", "modified": "changed", "deleted": "removed"}
PAD = 6


def item_text(f: ChangedFile) -> str:
    parts = [f.title, "conflicts to resolve" if f.conflicted else STATUS.get(f.status, f.status)]
    if f.summary and not f.conflicted:
        parts.append(f.summary)
    return " — ".join(parts)


class ChangesDelegate(QStyledItemDelegate):
    def sizeHint(self, option, index: QModelIndex) -> QSize:
        fm = option.fontMetrics
        return QSize(option.rect.width(), 2 * fm.height() + 2 * PAD + 2)

    def paint(self, painter: QPainter, option, index: QModelIndex) -> None:
        c = colors()
        style = option.widget.style() if option.widget is not None else None
        painter.save()
        if style is not None:  # the selection and hover background of the platform style, no text
            opt = type(option)(option)
            self.initStyleOption(opt, index)
            opt.text = ""
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text = option.palette.highlightedText().color() if selected else QColor(c.text)
        muted = text if selected else QColor(c.muted)
        rect = option.rect.adjusted(PAD + 2, PAD, -PAD, -PAD)
        f: ChangedFile | None = index.data(FILE_ROLE)
        base = QFont(option.font)
        fm = QFontMetrics(base)
        line = fm.height()
        if f is None:  # versions saved, not shared yet
            painter.setPen(text)
            painter.drawText(
                QRect(rect.left(), rect.top(), rect.width(), line), Qt.AlignmentFlag.AlignLeft, "⇡ " + index.data()
            )
            painter.setPen(muted)
            hint = "Share sends them to the library"
            painter.drawText(
                QRect(rect.left(), rect.top() + line + 2, rect.width(), line),
                Qt.AlignmentFlag.AlignLeft,
                fm.elidedText(hint, Qt.TextElideMode.ElideRight, rect.width()),
            )
            painter.restore()
            return
        chip = "to resolve" if f.conflicted else STATUS.get(f.status, f.status)
        small = QFont(base)
        small.setPointSizeF(max(7.0, base.pointSizeF() * 0.85))
        sfm = QFontMetrics(small)
        chip_w = sfm.horizontalAdvance(chip) + 12
        chip_rect = QRect(rect.right() - chip_w, rect.top() + 1, chip_w, line - 2)
        tint = {"added": c.ok, "deleted": c.error}.get(f.status, c.info)
        if f.conflicted:
            tint = c.error
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if f.conflicted:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(tint))
            painter.drawRoundedRect(chip_rect, 4, 4)
            painter.setPen(QColor(c.accent_text))
        else:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(text if selected else QColor(tint))
            painter.drawRoundedRect(chip_rect.adjusted(0, 0, -1, -1), 4, 4)
        painter.setFont(small)
        painter.drawText(chip_rect, Qt.AlignmentFlag.AlignCenter, chip)
        bold = QFont(base)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text)
        title_w = rect.width() - chip_w - PAD
        title = QFontMetrics(bold).elidedText(f.title, Qt.TextElideMode.ElideRight, title_w)
        painter.drawText(QRect(rect.left(), rect.top(), title_w, line), Qt.AlignmentFlag.AlignLeft, title)
        painter.setFont(base)
        painter.setPen(QColor(c.error) if f.conflicted and not selected else muted)
        summary = "Open it to choose between the two versions" if f.conflicted else f.summary
        painter.drawText(
            QRect(rect.left(), rect.top() + line + 2, rect.width(), line),
            Qt.AlignmentFlag.AlignLeft,
            fm.elidedText(summary, Qt.TextElideMode.ElideRight, rect.width()),
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

    def fill(self, files: list[ChangedFile], unshared: int) -> None:
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
        if unshared:
            item = QListWidgetItem(f"{unshared} saved version{'s' if unshared != 1 else ''} not shared yet")
            item.setData(FILE_ROLE, None)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.addItem(item)
        if self.currentItem() is None and files:
            self.setCurrentRow(0)

    def current_file(self) -> ChangedFile | None:
        item = self.currentItem()
        return item.data(FILE_ROLE) if item is not None else None

    def files(self) -> list[ChangedFile]:
        return [f for i in range(self.count()) if (f := self.item(i).data(FILE_ROLE)) is not None]
