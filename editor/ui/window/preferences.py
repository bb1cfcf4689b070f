"""Preferences: theme and editor font size, applied at once and kept in the settings.

Choices and ranges come from the settings' declarations; the views follow the settings' own
change signals, so this dialog only writes values."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QSpinBox, QWidget

from editor.ui.common.settings import Settings


class PreferencesDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Preferences")
        self.theme = QComboBox(self)
        for key, label in Settings.theme.choices:
            self.theme.addItem(label, key)
        self.theme.setCurrentIndex(self.theme.findData(settings.theme))
        self.font_size = QSpinBox(self)
        self.font_size.setRange(Settings.editor_font_size.low, Settings.editor_font_size.high)
        self.font_size.setSuffix(" pt")
        self.font_size.setValue(settings.editor_font_size)
        form = QFormLayout(self)
        form.addRow("Theme", self.theme)
        form.addRow("Editor font size", self.font_size)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        form.addRow(buttons)
        self.theme.currentIndexChanged.connect(lambda _i: setattr(settings, "theme", self.theme.currentData()))
        self.font_size.valueChanged.connect(lambda size: setattr(settings, "editor_font_size", size))
