"""The small question behind "Add relationship…": which type, what weight, and (for a mention)
which file gets the link. Shown by ``Dialogs.ask_relationship``; tests answer it scripted."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from editor.model.schema.spec import RELATION_LABELS


class RelationshipDialog(QDialog):
    def __init__(
        self,
        title: str,
        types: list[str],
        default_type: str,
        weight: float,
        text: str = "",
        directions: list[str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("relationship-dialog")
        lay = QVBoxLayout(self)
        if text:
            label = QLabel(text, self)
            label.setWordWrap(True)
            lay.addWidget(label)
        self.directions = QButtonGroup(self)
        for i, direction in enumerate(directions or []):
            button = QRadioButton(direction, self)
            button.setObjectName(f"relationship:direction:{i}")
            button.setChecked(i == 0)
            self.directions.addButton(button, i)
            lay.addWidget(button)
        form = QFormLayout()
        self.type = QComboBox(self)
        self.type.setObjectName("relationship:type")
        for name in types:
            self.type.addItem(RELATION_LABELS.get(name, name.replace("_", " ").capitalize()), name)
        if default_type in types:
            self.type.setCurrentIndex(types.index(default_type))
        self.weight = QDoubleSpinBox(self)
        self.weight.setObjectName("relationship:weight")
        self.weight.setRange(0.0, 1.0)
        self.weight.setSingleStep(0.05)
        self.weight.setDecimals(2)
        self.weight.setValue(weight)
        form.addRow("Type", self.type)
        form.addRow("Weight", self.weight)
        lay.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        buttons.addButton("Add", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def answer(self) -> tuple[str, float, int]:
        return self.type.currentData(), round(self.weight.value(), 2), max(0, self.directions.checkedId())
