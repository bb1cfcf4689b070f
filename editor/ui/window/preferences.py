"""Preferences: theme, editor font size, spelling language, and who shares (name, e-mail, SSH key),
applied at once and kept in the settings (the identity in the file pattern-cli reads too).

Choices and ranges come from the settings' declarations; the views follow the settings' own
change signals, so this dialog only writes values."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QSpinBox, QWidget

from editor.model.sync.repo import Identity, save_identity, saved_identity
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
        self.spelling = QComboBox(self)
        self.spelling.setObjectName("spell-language")
        for key, label in Settings.spell_language.choices:
            self.spelling.addItem(label, key)
        self.spelling.setCurrentIndex(self.spelling.findData(settings.spell_language))
        self.spelling.setToolTip("The dictionary that checks the body and the long text fields")
        form = QFormLayout(self)
        form.addRow("Theme", self.theme)
        form.addRow("Editor font size", self.font_size)
        form.addRow("Spelling", self.spelling)
        who = saved_identity()
        self.name = QLineEdit(who.name if who else "", self)
        self.name.setObjectName("sync-name")
        self.email = QLineEdit(who.email if who else "", self)
        self.email.setObjectName("sync-email")
        self.ssh_key = QLineEdit(settings.ssh_key, self)
        self.ssh_key.setObjectName("sync-ssh-key")
        self.ssh_key.setPlaceholderText("empty: ask the SSH agent")
        self.ssh_key.setToolTip("A private key file for libraries got over SSH, e.g. ~/.ssh/id_ed25519")
        form.addRow("Share as: name", self.name)
        form.addRow("E-mail", self.email)
        form.addRow("SSH key", self.ssh_key)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        form.addRow(buttons)
        self.theme.currentIndexChanged.connect(lambda _i: setattr(settings, "theme", self.theme.currentData()))
        self.font_size.valueChanged.connect(lambda size: setattr(settings, "editor_font_size", size))
        self.spelling.currentIndexChanged.connect(
            lambda _i: setattr(settings, "spell_language", self.spelling.currentData())
        )
        self.name.editingFinished.connect(self._save_identity)
        self.email.editingFinished.connect(self._save_identity)
        self.ssh_key.editingFinished.connect(lambda: setattr(settings, "ssh_key", self.ssh_key.text().strip()))

    def _save_identity(self) -> None:
        name, email = self.name.text().strip(), self.email.text().strip()
        if name and "@" in email:
            save_identity(Identity(name, email))
