"""Preferences: theme and editor font size, applied at once and kept in the settings."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QSpinBox, QWidget

from editor.ui.common.settings import Settings

THEMES = (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))


class PreferencesDialog(QDialog):
    changed = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Preferences")
        self.theme = QComboBox(self)
        for key, label in THEMES:
            self.theme.addItem(label, key)
        self.theme.setCurrentIndex([k for k, _ in THEMES].index(settings.theme))
        self.font_size = QSpinBox(self)
        self.font_size.setRange(8, 28)
        self.font_size.setSuffix(" pt")
        self.font_size.setValue(settings.editor_font_size)
        form = QFormLayout(self)
        form.addRow("Theme", self.theme)
        form.addRow("Editor font size", self.font_size)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        form.addRow(buttons)
        self.theme.currentIndexChanged.connect(self._apply)
        self.font_size.valueChanged.connect(self._apply)

    def _apply(self) -> None:
        self.settings.theme = self.theme.currentData()
        self.settings.editor_font_size = self.font_size.value()
        self.changed.emit()
