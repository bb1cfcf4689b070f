"""The form, body and source views edit one document with one undo history, byte-faithfully."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from editor.model.schema import open_pattern
from editor.ui.document.controller import DocumentController
from editor.ui.document.tab import BODY, FORM, SOURCE, DocumentTab
from editor.ui.form.chips import ChipsEditor
from editor.ui.form.relations import RelationsEditor
from editor.ui.form.scalars import EnumEditor, OverallScoreEditor, ScoreEditor, TextEditor

from .conftest import SAMPLES

SEED = SAMPLES / "restorative-practices-helpers.md"


class Lookup:
    titles = {
        "peer-support-circles": "Peer Support Circles",
        "active-listening-depth": "Active Listening in Depth",
        "adaptive-facilitation": "Adaptive Facilitation",
    }

    def resolve(self, target):
        return target if target in self.titles else None

    def title(self, slug):
        return self.titles.get(slug)

    def search(self, query, limit=20):
        return [(s, t) for s, t in self.titles.items() if query.lower() in t.lower()][:limit]


@pytest.fixture
def tab(qtbot, tmp_path: Path) -> DocumentTab:
    path = tmp_path / SEED.name
    path.write_bytes(SEED.read_bytes())
    controller = DocumentController(open_pattern(path))
    widget = DocumentTab(controller, lookup=Lookup())
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    return widget


def editor_at(tab: DocumentTab, path: str):
    row = tab.form.row_for(path)
    assert row is not None, path
    return row.editor


def changed(a: str, b: str) -> list[str]:
    return [
        ln
        for ln in difflib.unified_diff(a.splitlines(), b.splitlines(), n=0, lineterm="")
        if ln[:1] in "+-" and not ln.startswith(("+++", "---"))
    ]


def test_typing_in_a_field_edits_one_line_and_undoes_per_word(qtbot, tab: DocumentTab) -> None:
    original = tab.doc.text
    title = editor_at(tab, "title")
    assert isinstance(title, TextEditor)
    title.edit.end(False)
    qtbot.keyClicks(title.edit, " and Carers")
    assert tab.doc.get("title") == "Restorative Practices for Helpers and Carers"
    assert changed(original, tab.doc.text) == [
        '-title: "Restorative Practices for Helpers"',
        '+title: "Restorative Practices for Helpers and Carers"',
    ]
    stack = tab.controller.undo_stack
    assert stack.count() == 2  # " and" then " Carers": one step per word
    stack.undo()
    assert tab.doc.get("title") == "Restorative Practices for Helpers and"
    stack.undo()
    assert tab.doc.text == original
    assert title.edit.text() == "Restorative Practices for Helpers"


def test_score_spin_and_slider_share_one_value(qtbot, tab: DocumentTab) -> None:
    score = editor_at(tab, "ontology.commons_assessment.resilience")
    assert isinstance(score, ScoreEditor)
    score.spin.setValue(3.5)
    assert tab.doc.get("ontology.commons_assessment.resilience") == 3.5
    assert score.slider.value() == 35
    score.slider.setValue(41)
    assert tab.doc.get("ontology.commons_assessment.resilience") == 4.1
    assert "    resilience: 4.1\n" in tab.doc.text


def test_overall_score_offers_the_computed_mean(qtbot, tab: DocumentTab) -> None:
    overall = editor_at(tab, "ontology.commons_assessment.overall_score")
    assert isinstance(overall, OverallScoreEditor)
    assert overall.use.isHidden()
    editor_at(tab, "ontology.commons_assessment.resilience").spin.setValue(5.0)
    assert not overall.use.isHidden()
    overall.use.click()
    assert tab.doc.get("ontology.commons_assessment.overall_score") == 3.8  # (30.7 / 8)


def test_vitality_shows_its_band(tab: DocumentTab) -> None:
    vitality = editor_at(tab, "ontology.commons_assessment.vitality")
    assert vitality.band.text() == "Sustaining"
    vitality.spin.setValue(4.6)
    assert vitality.band.text() == "Generative"


def test_unknown_enum_value_is_kept_and_flagged(tab: DocumentTab) -> None:
    usage = editor_at(tab, "lifecycle.usage_stage")
    assert isinstance(usage, EnumEditor)
    assert "not a spec value" in usage.combo.currentText()
    row = tab.form.row_for("lifecycle.usage_stage")
    assert row.problem.isVisible() and "not a spec value" in row.problem.text()
    index = usage.combo.findData("design")
    usage.combo.activated.emit(index)
    assert tab.doc.get("lifecycle.usage_stage") == "design"


def test_relationship_picker_adds_entry_in_neighbour_style(qtbot, tab: DocumentTab) -> None:
    original = tab.doc.text
    rel = editor_at(tab, "relationships.enables")
    assert isinstance(rel, RelationsEditor)
    qtbot.keyClicks(rel.picker.edit, "peer")
    qtbot.wait(120)
    assert rel.picker.results.isVisible()
    qtbot.keyClick(rel.picker.edit, Qt.Key.Key_Return)
    assert changed(original, tab.doc.text) == ["+    - slug: peer-support-circles", "+      weight: 0.8"]
    assert rel.count == 3
    rel.remove(2)
    assert tab.doc.text == original


def test_relationship_weight_and_reorder(tab: DocumentTab) -> None:
    rel = editor_at(tab, "relationships.complementary")
    rows = [rel.rows.itemAt(i).widget() for i in range(rel.rows.count())]
    rows[0].weight.setValue(0.6)
    assert tab.doc.get("relationships.complementary[0].weight") == 0.6
    rel.move(0, 2)
    assert tab.doc.get("relationships.complementary[2].slug") == "accountability-without-shame"


def test_chips_add_and_remove(qtbot, tab: DocumentTab) -> None:
    aliases = editor_at(tab, "aliases")
    assert isinstance(aliases, ChipsEditor)
    qtbot.keyClicks(aliases.input, "Helper Circles")
    qtbot.keyClick(aliases.input, Qt.Key.Key_Return)
    assert tab.doc.get("aliases") == ["Helper Circles"]
    assert 'aliases: ["Helper Circles"]\n' in tab.doc.text
    qtbot.keyClick(aliases.input, Qt.Key.Key_Backspace)
    assert tab.doc.get("aliases") == []
    assert "aliases: []\n" in tab.doc.text


def test_body_editor_edits_body_bytes_only(qtbot, tab: DocumentTab) -> None:
    tab.views.setCurrentIndex(BODY)
    fm = tab.doc.frontmatter
    editor = tab.body.editor
    cursor = editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "A new closing line.")
    assert tab.doc.body.endswith("A new closing line.")
    assert tab.doc.frontmatter == fm


def test_form_and_source_share_one_undo_history(qtbot, tab: DocumentTab) -> None:
    original = tab.doc.text
    editor_at(tab, "ontology.commons_assessment.autonomy").spin.setValue(4.0)
    tab.views.setCurrentIndex(SOURCE)
    assert "    autonomy: 4.0\n" in tab.source.editor.toPlainText()
    cursor = tab.source.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    tab.source.editor.setTextCursor(cursor)
    qtbot.keyClicks(tab.source.editor, "x")
    assert tab.doc.text.endswith("x")
    stack = tab.controller.undo_stack
    while stack.canUndo():
        stack.undo()
    assert tab.doc.text == original
    assert tab.source.editor.toPlainText() == original


def test_yaml_error_in_source_disables_form_until_it_parses(qtbot, tab: DocumentTab) -> None:
    tab.views.setCurrentIndex(SOURCE)
    editor = tab.source.editor
    editor.go_to_line(6, 7)
    qtbot.keyClicks(editor, "[")
    assert tab.doc.error is not None
    assert tab.error_banner.isVisible() and "line 7" in tab.error_banner.label.text()
    assert not tab.form.isEnabled()
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    assert tab.doc.error is None
    assert tab.form.isEnabled() and not tab.error_banner.isVisible()


def test_crlf_file_edited_in_body_keeps_crlf(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "crlf.md"
    text = SEED.read_text().replace("\n", "\r\n")
    path.write_bytes(text.encode())
    controller = DocumentController(open_pattern(path))
    tab = DocumentTab(controller)
    qtbot.addWidget(tab)
    editor = tab.body.editor
    cursor = editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "more")
    assert controller.doc.text == text + "\r\nmore"


def test_go_to_finding_focuses_the_field(qtbot, tab: DocumentTab) -> None:
    finding = next(f for f in tab.findings if f.path == "lifecycle.usage_stage")
    tab.views.setCurrentIndex(BODY)
    tab.go_to_finding(finding)
    assert tab.views.currentIndex() == FORM
    assert editor_at(tab, "lifecycle.usage_stage").combo.hasFocus()


def test_new_key_from_empty_context_label(qtbot, tab: DocumentTab) -> None:
    tab.doc.delete("context_labels.tech")
    tab.form.build()
    label = editor_at(tab, "context_labels.tech")
    assert label.edit.placeholderText() == "Suggestion: Restorative Practices for Helpers for Products"
    label.accept_action.trigger()
    assert tab.doc.get("context_labels.tech") == "Restorative Practices for Helpers for Products"
    assert '  tech: "Restorative Practices for Helpers for Products"\n' in tab.doc.text
