"""Editors for single values: text, paragraphs, enums, numbers, dates, scores."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QFontMetrics, QTextOption
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSlider,
    QWidget,
)

from editor.model.schema import pillar_mean, scorecard, vitality_band
from editor.model.schema.kinds import KINDS, Kind
from editor.ui.common.theme import icon
from editor.ui.form.base import MISSING, FieldEditor


def _kind_of(editor: FieldEditor) -> Kind:
    """The kind that reads and shows this editor's text (a key no layout declares is "any")."""
    return editor.field.type if editor.field is not None else KINDS["any"]


def _shown(editor: FieldEditor) -> str:
    value = editor.value
    return "" if value is MISSING else _kind_of(editor).display(value, editor.field)


class TextEditor(FieldEditor):
    """One line of text. Typing merges into one undo step per word."""

    def __init__(self, *args, placeholder: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(placeholder)
        self.edit.setClearButtonEnabled(False)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.edit)
        self.edit.textEdited.connect(self._edited)
        self.edit.editingFinished.connect(self._end_session)
        self._session_value: Any = MISSING  # the value when this round of typing began

    def focus_target(self) -> QWidget:
        return self.edit

    def _started_as(self) -> Any:
        """The value's kind is decided by what it was before typing began, not by the text of
        a half-typed keystroke ("1." on the way to "1.5" must not turn a number into text)."""
        if self._session_value is MISSING:
            self._session_value = self.value
        return self._session_value

    def _end_session(self) -> None:
        self._session_value = MISSING

    def refresh(self) -> None:
        if not self.edit.hasFocus():
            self._end_session()
        text = _shown(self)
        if self.edit.text() != text:
            with self.updating():
                self.edit.setText(text)
                if not self.edit.hasFocus():
                    self.edit.setCursorPosition(0)  # show the start of long values (URLs, titles)

    def _edited(self, text: str) -> None:
        old = self._started_as()
        if old is MISSING and not text:
            return
        self.commit(_kind_of(self).coerce(text, old), merge=True)

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


class ContextLabelEditor(TextEditor):
    """A context label; when empty it offers the title with the field's ``suggest`` ("for Products")."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.depends = (("title",),)
        self._suggestion = ""
        self.accept_action = self.edit.addAction(icon("check"), QLineEdit.ActionPosition.TrailingPosition)
        self.accept_action.triggered.connect(self._accept)
        self.edit.textChanged.connect(lambda _text: self._update_action())

    def refresh(self) -> None:
        super().refresh()
        title = self.controller.get("title", "") or ""
        suffix = self.field.suggest if self.field is not None else ""
        self._suggestion = f"{title} {suffix}".strip() if title else ""
        self.edit.setPlaceholderText(f"Suggestion: {self._suggestion}" if self._suggestion else "")
        self._update_action()

    def _update_action(self) -> None:
        visible = bool(self._suggestion) and not self.edit.text()
        self.accept_action.setVisible(visible)
        self.accept_action.setToolTip(f"Use the suggestion “{self._suggestion}”")

    def _accept(self) -> None:
        if self._suggestion and not self.edit.text():
            self.edit.setText(self._suggestion)
            self.commit(self._suggestion)


class LongTextEditor(FieldEditor):
    """A paragraph (folded ``>-`` in the file): wraps, grows with its content."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.edit = _AutoHeightEdit(self)
        self.edit.setUndoRedoEnabled(False)  # the document's undo stack owns undo
        self.edit.setWordWrapMode(QTextOption.WrapMode.WordWrap)
        self.edit.setTabChangesFocus(True)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.edit)
        self.edit.textChanged.connect(self._edited)

    def focus_target(self) -> QWidget:
        return self.edit

    def refresh(self) -> None:
        text = _shown(self)
        if self.edit.toPlainText() != text:
            with self.updating():
                self.edit.setPlainText(text)

    def _edited(self) -> None:
        if self._updating:
            return
        text = self.edit.toPlainText()
        if self.value is MISSING and not text:
            return
        self.commit(text, merge=True)

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


class _AutoHeightEdit(QPlainTextEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._refit = QTimer(self, singleShot=True, interval=0)  # dies with the widget, unlike singleShot()
        self._refit.timeout.connect(self._fit)
        self._fit()

    def _fit(self, *_: object) -> None:
        lines = max(2, min(12, int(self.document().size().height())))
        height = QFontMetrics(self.font()).lineSpacing() * lines + 14
        if self.height() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._refit.start()


class EnumEditor(FieldEditor):
    """A combo of the spec's values. A value the spec does not know is kept and flagged."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.combo = QComboBox(self)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setMinimumWidth(180)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.combo)
        lay.addStretch(1)
        self.combo.activated.connect(self._picked)

    def focus_target(self) -> QWidget:
        return self.combo

    def refresh(self) -> None:
        value = self.value
        if (
            self.combo.count()
            and value is not MISSING
            and value is not None
            and self.combo.currentData() == value
            and type(self.combo.currentData()) is type(value)
        ):
            return  # already showing it: no need to rebuild the list
        f = self.field
        values = list(f.values) if f else []
        with self.updating():
            self.combo.clear()
            if value is MISSING or value is None:
                self.combo.addItem("— not set —", MISSING)
            for v in values:
                self.combo.addItem(f.type.display(v, f), v)
            if value is not MISSING and value is not None and value not in values:
                self.combo.addItem(f"{value}  (not a spec value, kept)", value)
            index = 0
            for i in range(self.combo.count()):
                if self.combo.itemData(i) is not MISSING and self.combo.itemData(i) == value:
                    index = i
            self.combo.setCurrentIndex(index)

    def _picked(self, index: int) -> None:
        data = self.combo.itemData(index)
        if data is MISSING:
            return
        self.commit(data)


class NumberEditor(FieldEditor):
    """A number box; its decimals and step are the field's (version: 0.1) or else its kind's."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.spin = QDoubleSpinBox(self)
        f = self.field
        decimals, step = (f and (f.spin or f.type.spin)) or (2, 0.1)
        self.spin.setRange(
            f.minimum if f and f.minimum is not None else -1e9, f.maximum if f and f.maximum is not None else 1e9
        )
        self.spin.setDecimals(decimals)
        self.spin.setSingleStep(step)
        self.spin.setKeyboardTracking(False)
        self.spin.setMinimumWidth(90)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.spin)
        lay.addStretch(1)
        self.spin.valueChanged.connect(self._changed)

    def focus_target(self) -> QWidget:
        return self.spin

    def refresh(self) -> None:
        value = self.value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if abs(self.spin.value() - value) > 1e-9:
                with self.updating():
                    self.spin.setValue(float(value))
            self.spin.setSpecialValueText("")
        elif value is MISSING or value is None:
            with self.updating():
                self.spin.setValue(self.spin.minimum())
            self.spin.setSpecialValueText("—")

    def _changed(self, value: float) -> None:
        self.commit(_tidy(value), merge=True)


def _tidy(value: float) -> float:
    return round(value, 6)


class DateEditor(FieldEditor):
    """A calendar date. A date the file quotes as text stays text; no date shows "—"."""

    NONE = QDate(1900, 1, 1)  # shown as "—": the field has no date

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.date = QDateEdit(self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setMinimumDate(self.NONE)
        self.date.setSpecialValueText("—")
        self.date.setKeyboardTracking(False)  # typed digits become one edit when the date is complete
        self.date.setMinimumWidth(130)
        self.invalid = QLabel(self)
        self.invalid.setObjectName("Hint")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.date)
        lay.addWidget(self.invalid)
        lay.addStretch(1)
        self.date.dateChanged.connect(self._changed)

    def focus_target(self) -> QWidget:
        return self.date

    def refresh(self) -> None:
        value = self.value
        day = None
        if isinstance(value, dt.datetime):
            day = value.date()
        elif isinstance(value, dt.date):
            day = value
        elif isinstance(value, str):
            try:
                day = dt.date.fromisoformat(value[:10])
            except ValueError:
                day = None
        self.invalid.setText("" if day or value in (MISSING, None) else f"“{value}” is not a date")
        shown = QDate(day.year, day.month, day.day) if day is not None else self.NONE
        if self.date.date() != shown:
            with self.updating():
                self.date.setDate(shown)

    def _changed(self, q: QDate) -> None:
        if self._updating or q == self.NONE:
            return
        day = dt.date(q.year(), q.month(), q.day())
        old = self.value
        if isinstance(old, str):
            self.commit(day.isoformat(), merge=True)
        elif isinstance(old, dt.datetime):
            self.commit(old.replace(year=day.year, month=day.month, day=day.day), merge=True)
        else:
            self.commit(day, merge=True)


class TimestampEditor(TextEditor):
    """Older created/modified values: a date, a timestamp, or text; typed as text."""

    def _edited(self, text: str) -> None:
        self.commit(_kind_of(self).coerce(text, self._started_as()), merge=True)  # an emptied one too


class ScoreEditor(FieldEditor):
    """A 0-5 score: slider and spin box kept in step, one decimal; wheel and keys work on both."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(0, 50)
        self.slider.setSingleStep(1)
        self.slider.setPageStep(5)
        self.slider.setTickInterval(10)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setMinimumWidth(90)
        self.spin = QDoubleSpinBox(self)
        self.spin.setRange(0.0, 5.0)
        self.spin.setDecimals(1)
        self.spin.setSingleStep(0.5)
        self.spin.setKeyboardTracking(False)
        self.spin.setFixedWidth(72)
        self.band = QLabel(self)  # vitality band, or the mean beside overall_score
        self.band.setObjectName("Band")
        self.band.setFixedWidth(130)
        self._show_band = self.field is not None and self.field.beside == "band"
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.slider, 1)
        lay.addWidget(self.spin)
        lay.addWidget(self.band)
        self.slider.valueChanged.connect(lambda v: self._changed(v / 10))
        self.spin.valueChanged.connect(self._changed)

    def focus_target(self) -> QWidget:
        return self.spin

    def refresh(self) -> None:
        value = self.value
        number = float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
        with self.updating():
            if number is None:
                self.spin.setSpecialValueText("—")
                self.spin.setValue(0.0)
                self.slider.setValue(0)
            else:
                self.spin.setSpecialValueText("")
                if abs(self.spin.value() - number) > 1e-9:
                    self.spin.setValue(number)
                if self.slider.value() != round(number * 10):
                    self.slider.setValue(round(number * 10))
        if self._show_band and number is not None:
            name, meaning = vitality_band(number)
            self.band.setText(name)
            self.band.setToolTip(meaning)

    def _changed(self, value: float) -> None:
        if self._updating:
            return
        value = round(value, 1)
        with self.updating():
            if abs(self.spin.value() - value) > 1e-9:
                self.spin.setValue(value)
            if self.slider.value() != round(value * 10):
                self.slider.setValue(round(value * 10))
        self.commit(value, merge=True)

    def set_read_only(self, read_only: bool) -> None:
        self.slider.setEnabled(not read_only)
        self.spin.setReadOnly(read_only)


class OverallScoreEditor(ScoreEditor):
    """overall_score, with the pillars' mean beside it and a one-click "use computed value"."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.band.setObjectName("Hint")
        self.use = QPushButton("Use computed value", self)
        self.use.setToolTip("Set overall_score to the mean of the seven pillars and vitality, to one decimal")
        self.use.clicked.connect(self._use_computed)
        self.layout().addWidget(self.use)
        self._mean: float | None = None
        self.depends = (scorecard.ASSESSMENT_PATH,)  # any pillar moves the mean shown beside it

    def refresh(self) -> None:
        super().refresh()
        self._mean = pillar_mean(scorecard.assessment(self.controller.doc.data))
        value = self.value
        if self._mean is None:
            self.band.setText("mean: needs all 8 scores")
            self.use.hide()
            return
        differs = not isinstance(value, (int, float)) or abs(float(value) - self._mean) > 0.049
        self.band.setText(f"computed {self._mean:.1f}" + ("" if differs else " ✓"))
        self.use.setText(f"Use {self._mean:.1f}")
        self.use.setVisible(differs)

    def _use_computed(self) -> None:
        if self._mean is not None:
            self.commit(self._mean)
