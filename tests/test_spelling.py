"""Spell check: the model's tokenizer and checker, ``pattern-cli spell`` on corpus copies with
injected misspellings, the library dictionary in ``.pattern-editor.toml``, and the window's
underlines and context menus (driven with real events; menus never run ``exec()``)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QTextCharFormat
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from editor.app import create_window
from editor.cli import main
from editor.model.check.config import add_spelling_word, load_config
from editor.model.check.spelling import (
    Speller,
    body_words,
    field_words,
    library_words,
    line_words,
    words_from_data,
)
from editor.model.document.document import Document
from editor.ui.common import spellcheck
from editor.ui.document.tab import BODY
from editor.ui.fidelity.steps import type_text
from editor.ui.form.base import field_menu

from .conftest import SAMPLES
from .ui_helpers import ScriptedDialogs, copy_library

SEED = SAMPLES / "restorative-practices-helpers.md"
INJECTED = ("recieve", "seperate", "occured")


def spell_json(capsys, *args: str) -> tuple[int, list[dict]]:
    code = main(["spell", *args, "--format", "json", "--no-suggestions"])
    return code, json.loads(capsys.readouterr().out)


# ------------------------------------------------------------------ model


def test_tokenizer_skips_code_links_urls_and_identifiers():
    line = "Use `recieve` and [Titel](recieve-slug) at https://recieve.org, x2recieve, foo_recieve, NASA, iPhone: don't"
    assert [w for _c, w in line_words(line)] == ["Use", "and", "Titel", "at", "don't"]
    body = "Text one\n```python\nrecieve = 1\n```\n~~~\nseperate\n~~~\nlast occured\n"
    assert [(ln, c, w) for ln, c, w in body_words(body)] == [
        (0, 0, "Text"),
        (0, 5, "one"),
        (7, 0, "last"),
        (7, 5, "occured"),
    ]


def test_positions_point_at_the_words_in_the_file():
    doc = Document.load(SEED)
    lines = doc.text.split("\n")
    fields = list(field_words(doc))
    assert {p for *_x, p in fields} >= {
        "summary",
        "context_labels.tech",
        "ontology.commons_assessment.vitality_reasoning",
    }
    assert not any(p.startswith(("ontology.domain", "relationships", "slug", "title")) for *_x, p in fields)
    for line, col, word, _path in fields:
        assert lines[line - 1][col : col + len(word)] == word
    speller = Speller("en_US")
    for m in speller.check(doc, suggest=False):
        assert lines[m.line - 1][m.column - 1 :].startswith(m.word)


def test_speller_caches_and_takes_library_words():
    speller = Speller("en_US", library_words(titles=["Guanxi Networks"], slugs=["wu-wei-practice"]))
    assert speller.correct("receive") and not speller.correct("recieve")
    assert speller.correct("Guanxi") and speller.correct("wu") and speller.correct("Receive")
    assert speller.correct("pattern's")
    assert "receive" in speller.suggestions("recieve")
    speller.add_words(["recieve"])
    assert speller.correct("recieve")
    titles, slugs, others = words_from_data(Document.load(SEED).data)
    assert titles == ["Restorative Practices for Helpers"] and slugs == ["restorative-practices-helpers"]
    assert "restorative" in others


def test_config_spelling_words_keep_the_file(tmp_path: Path):
    path = tmp_path / ".pattern-editor.toml"
    original = '# the library\'s choices\n[rules]\nword-count = "off"  # long bodies are fine\n'
    path.write_text(original)
    assert add_spelling_word(path, "sensemaking")
    assert not add_spelling_word(path, "sensemaking")
    assert add_spelling_word(path, "routinised")
    text = path.read_text()
    assert text.startswith(original)
    assert text[len(original) :] == '\n[spelling]\nwords = ["sensemaking", "routinised"]\n'
    config = load_config(path)
    assert config.spelling == ("sensemaking", "routinised") and config.problems == ()


# ------------------------------------------------------------------ pattern-cli spell


def _inject(path: Path, word: str, where: str) -> tuple[int, int]:
    """Put ``word`` into a prose line of the body; its (line, column) in the file."""
    doc = Document.load(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    first = doc.body_line()
    for i in range(first, len(lines)):
        line = lines[i]
        if len(line) > 40 and line[0].isalpha() and "`" not in line:
            break
    else:
        raise AssertionError(f"no prose line in {path}")
    if where == "start":
        lines[i], column = f"{word} {line}", 1
    elif where == "end":
        lines[i], column = f"{line} {word}", len(line) + 2
    else:  # after the first word
        cut = line.index(" ")
        lines[i], column = f"{line[:cut]} {word}{line[cut:]}", cut + 2
    path.write_text("\n".join(lines), encoding="utf-8")
    return i + 1, column


def test_cli_finds_exactly_the_injected_misspellings(tmp_path: Path, corpus_files: list[Path], capsys):
    picked = [corpus_files[i] for i in (0, len(corpus_files) // 3, 2 * len(corpus_files) // 3)]
    for f in picked:
        shutil.copy(f, tmp_path / f.name)
    code, before = spell_json(capsys, str(tmp_path))
    expected = set()
    for f, word, where in zip(picked, INJECTED, ("end", "start", "middle")):
        line, column = _inject(tmp_path / f.name, word, where)
        expected.add((str(tmp_path / f.name), line, column, word))
    code, after = spell_json(capsys, str(tmp_path))
    assert code == 1

    def key(m: dict, shift: dict[str, int] | None = None) -> tuple:
        return (m["file"], m["line"], m["column"], m["word"])

    old = {key(m) for m in before}
    new = {key(m) for m in after}
    # the injected words are on lines of their own files; every earlier finding keeps its place
    # except those on an injected line (shifted by the inserted word)
    added = {k for k in new - old if k[3] in INJECTED}
    assert added == expected
    assert {k[3] for k in new - old} - set(INJECTED) <= {k[3] for k in old}
    assert all(set(m) == {"file", "line", "column", "word", "suggestions"} for m in after)


def test_cli_text_format_suggests_and_exits(tmp_path: Path, capsys):
    path = tmp_path / "tiny.md"
    path.write_text('---\ntitle: "Tiny"\nslug: tiny\nsummary: We recieve letters.\n---\nA body that is fine.\n')
    assert main(["spell", str(path)]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and out[0].startswith(f"{path}:4:13: recieve (receive")
    path.write_text('---\ntitle: "Tiny"\nslug: tiny\nsummary: We receive letters.\n---\nA body that is fine.\n')
    assert main(["spell", str(path), "--lang", "en_GB"]) == 0


@pytest.mark.parametrize("library", ["corpus", "bundled"])
def test_cli_does_not_flag_the_librarys_titles_and_slugs(library: str, request, capsys):
    folder = request.getfixturevalue("corpus") if library == "corpus" else SAMPLES
    _code, found = spell_json(capsys, str(folder))
    own: set[str] = set()
    for path in sorted(folder.glob("*.md")):
        titles, slugs, _others = words_from_data(Document.load(path).data)
        own |= library_words(titles, slugs)
    assert own and not [m for m in found if m["word"].lower() in own]


# ------------------------------------------------------------------ the window


@pytest.fixture
def window(qtbot, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(spellcheck, "_service", None)  # a fresh service: no words from other tests
    spellcheck.spell_service().set_language("en_US", wait=True)
    library = copy_library(tmp_path)
    (library / ".pattern-editor.toml").write_text("# shared by the curators\n[rules]\nword-count = 'off'\n")
    win = create_window(library / SEED.name, wait=True)
    win.dialogs = ScriptedDialogs()
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    return win


def context_menu(widget, pos: QPoint) -> None:
    """A real context-menu event, as a right click sends it."""
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, widget.mapToGlobal(pos))
    QApplication.sendEvent(widget, event)


def test_body_underlines_and_context_menu(qtbot, window, monkeypatch):
    tab = window.current_tab()
    tab.views.setCurrentIndex(BODY)
    editor = tab.body.editor
    qtbot.waitUntil(editor.isVisible)
    assert spellcheck.spell_service().language == "en_US"  # Preferences' default
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    type_text(editor, "\nWe recieve `seperate` code.")
    block = editor.document().lastBlock()
    squiggles = [
        (r.start, r.length)
        for r in block.layout().formats()
        if r.format.underlineStyle() == QTextCharFormat.UnderlineStyle.SpellCheckUnderline
    ]
    assert squiggles == [(3, 7)]  # "recieve"; code is skipped
    shown = []
    tab.body.show_menu = lambda menu, pos: shown.append(menu)
    cursor = editor.textCursor()
    cursor.setPosition(block.position() + 5)
    context_menu(editor.viewport(), editor.cursorRect(cursor).center())
    menu = shown[-1]
    suggestions = [a for a in menu.actions() if a.objectName() == "spelling-suggestion"]
    assert suggestions and suggestions[0].text() == "receive"
    add = next(a for a in menu.actions() if a.objectName() == "spelling-add")
    assert "recieve" in add.text()
    suggestions[0].trigger()
    assert tab.doc.body.endswith("We receive `seperate` code.")
    qtbot.keyClick(editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    type_text(editor, " Sensemakingz")
    cursor.setPosition(editor.document().lastBlock().position() + 30)
    context_menu(editor.viewport(), editor.cursorRect(cursor).center())
    add = next(a for a in shown[-1].actions() if a.objectName() == "spelling-add")
    add.trigger()
    config = tab.doc.path.parent / ".pattern-editor.toml"
    text = config.read_text()
    assert text.startswith("# shared by the curators\n[rules]\nword-count = 'off'\n")
    assert 'words = ["Sensemakingz"]' in text
    assert spellcheck.spell_service().correct("Sensemakingz")
    assert not [f for f in tab.findings if f.rule == "config"]


def test_summary_field_underlines_and_menu(qtbot, window):
    tab = window.current_tab()
    box = window.findChild(QPlainTextEdit, "field:summary")
    qtbot.waitUntil(box.isVisible)
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    type_text(box, " occured")
    block = box.document().lastBlock()
    squiggles = [
        r.start
        for r in block.layout().formats()
        if r.format.underlineStyle() == QTextCharFormat.UnderlineStyle.SpellCheckUnderline
    ]
    assert squiggles == [len(block.text()) - len("occured")]
    shown = []
    menu_hook = field_menu()
    old = menu_hook.show_menu
    menu_hook.show_menu = lambda menu, pos: shown.append(menu)
    try:
        cursor = box.textCursor()
        cursor.setPosition(block.position() + len(block.text()) - 3)
        context_menu(box.viewport(), box.cursorRect(cursor).center())
    finally:
        menu_hook.show_menu = old
    names = [a.objectName() for a in shown[-1].actions()]
    assert "spelling-suggestion" in names and "spelling-add" in names and "field-history" in names
    fix = next(a for a in shown[-1].actions() if a.text() == "occurred")
    fix.trigger()
    qtbot.keyClick(box, Qt.Key.Key_Tab)
    assert tab.doc.get("summary").endswith("occurred")


def test_preferences_language_switches_the_dictionary(qtbot, window):
    tab = window.current_tab()
    tab.views.setCurrentIndex(BODY)
    qtbot.waitUntil(tab.body.editor.isVisible)
    service = spellcheck.spell_service()
    window.settings.spell_language = "en_GB"
    assert service.language == "en_GB"
    qtbot.waitUntil(lambda: service.ready)
    assert service.correct("colour") and not service.correct("recieve")
    window.settings.spell_language = "off"
    assert not service.ready and service.correct("recieve")
    window.settings.spell_language = "en_US"
