"""One open pattern: Fields / Body / Source views over one document and one undo history."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from editor.model.check.validation import Finding, Library, config_findings, library_config, validate
from editor.ui.common.richtext import esc as _esc
from editor.ui.common.theme import colors, icon
from editor.ui.document.body_editor import BodyEditor
from editor.ui.document.controller import DocumentController
from editor.ui.document.highlight import SourceHighlighter
from editor.ui.document.textedit import CodeEditor, FindBar, TextBinding
from editor.ui.form.form import FormView
from editor.ui.form.navigator import FormNavigator
from editor.ui.form.relations import PatternLookup

FORM, BODY, SOURCE = 0, 1, 2


class Banner(QFrame):
    """A coloured strip above the views: read-only, YAML error, file changed on disk."""

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Banner")
        self.setProperty("kind", kind)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(6)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(12, 6, 12, 6)
        lay.addWidget(self.label, 1)
        lay.addLayout(self.buttons)
        self.hide()

    def add_button(self, text: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(slot)
        self.buttons.addWidget(button)
        return button

    def show_text(self, text: str) -> None:
        self.label.setText(text)
        self.show()


class SourceView(QWidget):
    """The whole file as text. Edits here and in the form share one undo history."""

    def __init__(self, controller: DocumentController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.editor = CodeEditor(self, line_numbers=True)
        self.editor.setLineWrapMode(CodeEditor.LineWrapMode.NoWrap)
        self.editor.setAccessibleName("Source")
        self.highlighter = SourceHighlighter(self.editor.document())
        self.find_bar = FindBar(self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.editor)
        lay.addWidget(self.find_bar)
        doc = controller.doc
        bom = "\ufeff"

        def read() -> str:
            return doc.text[1:] if doc.text.startswith(bom) else doc.text

        def write(text: str) -> bool:
            return controller.set_text((bom if doc.text.startswith(bom) else "") + text)

        self.binding = TextBinding(self.editor, read, write)
        controller.changed.connect(lambda _change: self.binding.pull())

    def show_error(self, line: int | None) -> None:
        self.editor.set_marks([(line, colors().error)] if line else [])

    def set_read_only(self, read_only: bool) -> None:
        self.editor.setReadOnly(read_only)


def _stacked(top: QWidget, main: QWidget) -> QWidget:
    """``top`` as a strip over ``main``, in one page."""
    page = QWidget()
    lay = QVBoxLayout(page)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(0)
    lay.addWidget(top)
    lay.addWidget(main, 1)
    return page


class DocumentTab(QWidget):
    openPattern = Signal(str)
    createStub = Signal(str)
    findingsChanged = Signal(list)
    statusChanged = Signal()
    externalAction = Signal(str)  # "reload" | "keep" | "compare"

    def __init__(
        self,
        controller: DocumentController,
        lookup: PatternLookup | None = None,
        library: Library | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.library = library
        self.findings: list[Finding] = []
        self.keep_mine_stamp = None  # the disk version the user chose to override with their own
        self.error_banner = Banner("error", self)
        self.error_banner.add_button("Show in source", self.show_error_in_source)
        self.readonly_banner = Banner("readonly", self)
        self.external_banner = Banner("readonly", self)
        for text, action in (("Reload", "reload"), ("Keep mine", "keep"), ("Compare…", "compare")):
            self.external_banner.add_button(text, lambda _=False, a=action: self.externalAction.emit(a))
        self.form = FormView(controller, lookup, self)
        self.form.openPattern.connect(self.openPattern)
        self.form.createStub.connect(self.createStub)
        self.body = BodyEditor(controller, self, lookup=lookup)
        self.source = SourceView(controller, self)
        self.views = QTabWidget(self)
        self.views.setDocumentMode(True)
        self.navigator = FormNavigator(self.form, self)
        self.views.addTab(_stacked(self.navigator, self.form), icon("form"), "Fields")
        self.views.addTab(self.body, icon("body"), "Body")
        self.views.addTab(self.source, icon("source"), "Source")
        self.views.setTabToolTip(FORM, "Every frontmatter field as a form")
        self.views.setTabToolTip(BODY, "The markdown body, with an outline of its sections")
        self.views.setTabToolTip(SOURCE, "The whole file as text (Ctrl+U)")
        self._last_view = FORM
        self.views.currentChanged.connect(self._view_changed)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        for banner in (self.readonly_banner, self.external_banner, self.error_banner):
            lay.addWidget(banner)
        lay.addWidget(self.views)
        self._validate_timer = QTimer(self, singleShot=True, interval=300)
        self._validate_timer.timeout.connect(self.revalidate)
        controller.changed.connect(lambda _c: self._validate_timer.start())
        controller.parseStateChanged.connect(lambda _e: self._update_state())
        controller.dirtyChanged.connect(lambda _d: self.statusChanged.emit())
        self._update_state()
        self.revalidate()
        if controller.doc.loaded_with_error:
            self.views.setCurrentIndex(SOURCE)

    # ------------------------------------------------------------ state

    @property
    def doc(self):
        return self.controller.doc

    def title(self) -> str:
        doc = self.doc
        name = doc.path.stem if doc.path else "untitled"
        return name

    def _update_state(self) -> None:
        doc = self.doc
        error = doc.error
        reason = doc.read_only
        if doc.loaded_with_error:
            self.readonly_banner.show_text(
                "<b>Read-only.</b> The frontmatter did not parse when the file was "
                "opened, so Pattern Editor will never write over it. Fix it in another "
                "editor or copy it to a new file."
            )
        elif reason:
            self.readonly_banner.show_text(f"<b>Read-only:</b> {reason}. Your edits can be saved under another name.")
        else:
            self.readonly_banner.hide()
        if error is not None:
            self.error_banner.show_text(
                f"<b>YAML error at line {error.line}, column {error.column}:</b> "
                f"{_esc(error.message)}. The form waits until the frontmatter parses again."
            )
            self.source.show_error(error.line)
        else:
            self.error_banner.hide()
            self.source.show_error(None)
        editable = doc.data is not None and not doc.loaded_with_error
        self.form.setEnabled(editable)
        self.form.set_read_only(bool(doc.loaded_with_error))
        self.body.set_read_only(bool(doc.loaded_with_error))
        self.source.set_read_only(bool(doc.loaded_with_error))
        if editable:
            self.form.rebuild_if_needed()
        self.statusChanged.emit()

    def apply_theme(self) -> None:
        """After a light/dark switch: colours baked into highlighters and rows are rebuilt."""
        self.body.highlighter.set_theme()
        self.source.highlighter.set_theme()
        self.body.outline.set_body(self.doc.body)
        self._update_state()
        if self.doc.data is not None:
            self.form.build()

    def show_external_change(self, visible: bool) -> None:
        if visible:
            self.external_banner.show_text(
                "<b>This file changed on disk</b> since you opened it."
                + (" You have unsaved changes." if self.doc.dirty else "")
            )
        else:
            self.external_banner.hide()

    def show_error_in_source(self) -> None:
        self.views.setCurrentIndex(SOURCE)
        if self.doc.error:
            self.source.editor.go_to_line(self.doc.error.line, self.doc.error.column)

    # ------------------------------------------------------------ validation

    def revalidate(self) -> None:
        # the library's .pattern-editor.toml (cached by its stamp, so asking on each edit is cheap)
        config = library_config(self.doc.path.parent if self.doc.path is not None else None)
        own = validate(self.doc, self.library, config)
        self.form.show_findings(own)
        self.findings = config_findings(config) + own  # a bad config shows here too, never silently
        self.findingsChanged.emit(self.findings)

    def go_to_finding(self, finding: Finding) -> None:
        if finding.rule == "config":  # it is in the config file, not in this pattern
            return
        if (
            finding.path
            and finding.path != "body"
            and self.doc.data is not None
            and self.form.row_for(finding.path) is not None
        ):
            self.views.setCurrentIndex(FORM)  # first: a widget on a hidden page cannot take focus
            self.form.focus_path(finding.path)
            return
        if finding.path == "body" and finding.line >= self.doc.body_line():
            self.views.setCurrentIndex(BODY)
            self.body.go_to_file_line(finding.line, finding.column)
            return
        self.views.setCurrentIndex(SOURCE)
        self.source.editor.go_to_line(finding.line, finding.column)

    # ------------------------------------------------------------ views

    def _view_changed(self, index: int) -> None:
        if index != SOURCE:
            self._last_view = index
        self.statusChanged.emit()

    def toggle_source(self) -> None:
        if self.views.currentIndex() == SOURCE:
            self.views.setCurrentIndex(self._last_view)
        else:
            self.views.setCurrentIndex(SOURCE)

    def find(self) -> None:
        if self.views.currentIndex() == FORM:
            self.views.setCurrentIndex(SOURCE)
        view = self.body if self.views.currentIndex() == BODY else self.source
        view.find_bar.open_for(view.editor)

    def find_next(self, backward: bool = False) -> None:
        view = self.body if self.views.currentIndex() == BODY else self.source
        if view.find_bar.isVisible():
            view.find_bar.find(backward=backward)
        else:
            self.find()

    def preview_line(self) -> int | None:
        """The file line the preview should follow (body editor's top line)."""
        if self.views.currentIndex() == BODY:
            return self.body.top_file_line()
        if self.views.currentIndex() == SOURCE:
            return self.source.editor.first_visible_line()
        return None
