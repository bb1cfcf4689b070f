"""The small questions of sharing: a token for a host, trusting an SSH host, who is sharing."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)


class TokenDialog(QDialog):
    def __init__(self, host: str, refused: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Sign in to {host}")
        layout = QVBoxLayout(self)
        lead = (
            f"{host} did not accept the token. Paste a new one."
            if refused
            else f"{host} asks for an access token to get or share this library."
        )
        text = QLabel(
            f"{lead}<br><br>Create one in your account settings on {host} with permission to read and "
            "write repositories, then paste it here."
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        form = QFormLayout()
        self.token = QLineEdit()
        self.token.setObjectName("sync:token")
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setAccessibleName("Access token")
        form.addRow("&Token:", self.token)
        layout.addLayout(form)
        self.remember = QCheckBox("&Remember in the system keychain")
        self.remember.setChecked(True)
        layout.addWidget(self.remember)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Sign in")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.token.textChanged.connect(
            lambda t: buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(t.strip()))
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)

    def answer(self) -> tuple[str, bool]:
        return self.token.text().strip(), self.remember.isChecked()


class IdentityDialog(QDialog):
    """Asked once, before the first share: the name and e-mail that sign the changes."""

    def __init__(self, name: str = "", email: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Who is sharing?")
        layout = QVBoxLayout(self)
        text = QLabel("Your name and e-mail are recorded with the changes you share, so others know who wrote them.")
        text.setWordWrap(True)
        layout.addWidget(text)
        form = QFormLayout()
        self.name = QLineEdit(name)
        self.name.setObjectName("sync:name")
        self.email = QLineEdit(email)
        self.email.setObjectName("sync:email")
        form.addRow("&Name:", self.name)
        form.addRow("&E-mail:", self.email)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.name.textChanged.connect(self._check)
        self.email.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        ok = bool(self.name.text().strip()) and "@" in self.email.text()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def answer(self) -> tuple[str, str]:
        return self.name.text().strip(), self.email.text().strip()


def ask_token(parent: QWidget | None, host: str, refused: bool) -> tuple[str, bool] | None:
    dialog = TokenDialog(host, refused, parent)
    return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_trust_host(parent: QWidget | None, host: str) -> bool:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Unknown server")
    box.setText(f"This computer has not connected to {host} before, so its identity cannot be checked.")
    box.setInformativeText(
        "Connect only if you expected this server (for example, the address comes from your library's "
        "maintainers). Trust it from now on?"
    )
    trust = box.addButton("Trust and Connect", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is trust


def ask_identity(parent: QWidget | None, name: str, email: str) -> tuple[str, str] | None:
    dialog = IdentityDialog(name, email, parent)
    return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None
