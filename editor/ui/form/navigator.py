"""The form's section navigator: a strip of its groups above the form, numbered as the form
numbers them (1, 2, 3…). The current group (where the form is scrolled, or where the focus is)
shows its name; a click, or Enter on a focused number, goes to that group. Left/Right move between
the numbers. The group positions are the form's own sections, the ones View → Next / Previous Group
(Ctrl+Shift+Down / Up) steps through (``visible_sections``, ``go_to_section``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QButtonGroup, QHBoxLayout, QLabel, QToolButton, QWidget

from editor.ui.common.theme import colors
from editor.ui.form.form import FormView, Section

_ABOVE = 12  # room left over a group's header when it is scrolled to the top


def visible_sections(form: FormView) -> list[Section]:
    """The form's groups in order, as shown (the numbers count these)."""
    return [s for s in form.sections.values() if not s.isHidden()]


def section_of(form: FormView, widget: QWidget | None) -> Section | None:
    return next((s for s in visible_sections(form) if widget is not None and s.isAncestorOf(widget)), None)


def go_to_section(form: FormView, target: Section, top: bool = False) -> None:
    """Open ``target``, bring its header into view (to the top with ``top``) and focus its first field."""
    if not target.header.isChecked():
        target.header.setChecked(True)
    rows = [r for r in form.rows if target.isAncestorOf(r)]
    widget: QWidget = rows[0].editor.focus_target() if rows else target.header
    if top:
        form.widget().layout().activate()  # positions are current even right after a rebuild
        form.verticalScrollBar().setValue(max(0, target.y() - _ABOVE))
    else:
        form.ensureWidgetVisible(target.header, 0, 0)
    widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
    if rows and not top:
        form.ensureWidgetVisible(widget, 40, 80)


def _number_and_name(section: Section) -> tuple[str, str]:
    number, _, name = section.header.text().replace("&&", "&").partition("   ")
    return (number, name) if number.isdigit() else ("", section.header.text().replace("&&", "&"))


class FormNavigator(QWidget):
    """Numbered buttons for the form's groups; the current one also shows the group's name."""

    def __init__(self, form: FormView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self.setObjectName("FormNavigator")
        self.setAccessibleName("Form groups")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(f"#FormNavigator {{ border-bottom: 1px solid {colors().border}; }}")
        self.buttons: list[QToolButton] = []
        self._sections: list[Section] = []
        self._pinned: Section | None = None  # the group just chosen, while its header is in view
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.group.idClicked.connect(self.go_to)
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(16, 4, 16, 4)
        self._row.setSpacing(2)
        caption = QLabel("Groups", self)
        caption.setObjectName("FormNavigatorCaption")
        caption.setStyleSheet("font-weight: 600; padding-right: 6px;")
        self._row.addWidget(caption)
        self._row.addStretch(1)
        form.built.connect(self.rebuild)
        form.verticalScrollBar().valueChanged.connect(lambda _v: self.follow())
        QApplication.instance().focusChanged.connect(self._focus_changed)
        self.rebuild()

    def rebuild(self) -> None:
        """One button per shown group (after the form is rebuilt)."""
        for button in self.buttons:
            self.group.removeButton(button)
            button.deleteLater()
        self.buttons = []
        self._pinned = None
        self._sections = visible_sections(self.form)
        for i, section in enumerate(self._sections):
            number, name = _number_and_name(section)
            button = QToolButton(self)
            button.setObjectName(f"form-group:{i + 1}")
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setProperty("short", number or name.replace("&", "&&"))
            # "&&": a button reads "&" as a mnemonic marker ("Ontology & scores" showed "Ontology _scores")
            long = f"{number}  {name}" if number else name
            button.setProperty("long", long.replace("&", "&&"))
            button.setText(button.property("short"))
            button.setToolTip(f"Go to {name}")
            button.setAccessibleName(f"Group {number}: {name}" if number else name)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.installEventFilter(self)
            self.group.addButton(button, i)
            self._row.insertWidget(self._row.count() - 1, button)
            self.buttons.append(button)
        self.follow()

    def current(self) -> int:
        """The index of the current group: the chosen one while in view, else the one at the top."""
        if not self._sections:
            return -1
        bar = self.form.verticalScrollBar()
        top, height = bar.value(), self.form.viewport().height()
        pinned = self._pinned
        if pinned in self._sections and top - 4 <= pinned.y() + _ABOVE < top + height:
            return self._sections.index(pinned)
        self._pinned = None
        here = 0
        for i, section in enumerate(self._sections):
            if section.y() <= top + _ABOVE + 8:
                here = i
        return here

    def follow(self) -> None:
        """Show which group is current."""
        here = self.current()
        for i, button in enumerate(self.buttons):
            button.setChecked(i == here)
            button.setText(button.property("long" if i == here else "short"))

    def go_to(self, index: int) -> None:
        if 0 <= index < len(self._sections):
            self._pinned = self._sections[index]
            go_to_section(self.form, self._sections[index], top=True)
            self.follow()

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        section = section_of(self.form, new) if new is not None and self.form.isAncestorOf(new) else None
        if section is not None and section in self._sections:
            self._pinned = section
            self.follow()

    def eventFilter(self, obj, event) -> bool:
        if obj in self.buttons and event.type() == event.Type.KeyPress:
            key, i = event.key(), self.buttons.index(obj)
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.go_to(i)
                return True
            if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
                step = 1 if key == Qt.Key.Key_Right else -1
                self.buttons[max(0, min(len(self.buttons) - 1, i + step))].setFocus(Qt.FocusReason.TabFocusReason)
                return True
        return super().eventFilter(obj, event)
