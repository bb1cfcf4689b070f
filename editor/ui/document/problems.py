"""The problems panel: validation findings of the open document; double-click jumps to the field."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem

from editor.model.check.validation import RULES, Finding
from editor.ui.common.theme import colors, icon

ICONS = {"error": "error", "warning": "warning", "info": "info"}


class ProblemsPanel(QTreeWidget):
    goTo = Signal(object)  # Finding

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setHeaderLabels(["Problem", "Field", "Line", "Rule"])
        self.setRootIsDecorated(False)
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAccessibleName("Problems")
        header = self.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.itemActivated.connect(self._activated)  # double-click or Enter: once
        self.findings: list[Finding] = []

    def set_findings(self, findings: list[Finding]) -> None:
        self.findings = findings
        c = colors()
        self.clear()
        tint = {"error": c.error, "warning": c.warning, "info": c.muted}
        for f in findings:
            item = QTreeWidgetItem([f.message, f.path, str(f.line), f.rule])
            item.setIcon(0, icon(ICONS[f.severity], tint[f.severity]))
            item.setData(0, Qt.ItemDataRole.UserRole, f)
            item.setToolTip(0, f"{f.severity}: {f.message}\n{RULES.get(f.rule, ('', '', ''))[2]}")
            item.setForeground(1, QColor(c.muted))
            item.setForeground(3, QColor(c.muted))
            self.addTopLevelItem(item)
        if not findings:
            empty = QTreeWidgetItem(["No problems in this pattern", "", "", ""])
            empty.setIcon(0, icon("check", c.ok))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addTopLevelItem(empty)

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.severity] += 1
        return out

    def step(self, forward: bool = True) -> Finding | None:
        """Select the next (or previous) problem, wrapping around; errors and warnings only."""
        rows = [i for i, f in enumerate(self.findings) if f.severity != "info"] or list(range(len(self.findings)))
        if not rows:
            return None
        current = self.indexOfTopLevelItem(self.currentItem()) if self.currentItem() else -1
        if current >= len(self.findings):
            current = -1
        if forward:
            target = next((r for r in rows if r > current), rows[0])
        else:
            target = next((r for r in reversed(rows) if r < current), rows[-1])
        self.setCurrentItem(self.topLevelItem(target))
        finding = self.findings[target]
        self.goTo.emit(finding)
        return finding

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        finding = item.data(0, Qt.ItemDataRole.UserRole)
        if finding is not None:
            self.goTo.emit(finding)
