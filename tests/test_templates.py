"""Templates and Duplicate (issue 16, item 3): the New Pattern dialog driven with keys and clicks,
library templates in both layouts, nothing written on cancel, no placeholders, a duplicate's new
identity; and the File → Export actions (item 4) from the window."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLabel, QLineEdit

from editor.model.check.validation import ERROR, validate
from editor.model.document.recovery import RecoveryStore
from editor.model.library.templates import duplicate_text, list_templates, plan_new_pattern
from editor.model.library.typeid import is_typeid
from editor.model.schema import TYPEID_PATTERN, open_pattern
from editor.ui.common.settings import Settings
from editor.ui.window.mainwindow import MainWindow
from editor.ui.workspace.new_pattern import NewPatternAnswer, NewPatternDialog

from .conftest import ROOT, SAMPLES
from .site_check import problems
from .ui_helpers import ScriptedDialogs, copy_library

UPSTREAM = ROOT.parent / "shared" / "corpus" / "templates" / "pattern.md"
SEED = SAMPLES / "restorative-practices-helpers.md"
# the upstream template's shape, for machines without the corpus: placeholders, notes after values
MINI_UPSTREAM = """---\x20
id: pat_{TYPEID}                       # REQUIRED. UUID7-based TypeID.
slug: {SLUG}                          # REQUIRED. Human-readable URL slug.
title: "{TITLE}"                       # REQUIRED.
aliases: []
summary: >-                            # REQUIRED.
  {A one-sentence summary of the pattern's core idea.}
context_labels:
  corporate: "{Corporate-friendly name}"
  tech: "{Tech-friendly name}"
ontology:
  domain: {finance|governance|...}     # The primary domain.
  search_hints:
    primary_tension: "{Tension A} vs. {Tension B}"
    vector_keywords: []
  commons_assessment:
    resilience: 3                      # 1-5.
    vitality_reasoning: >-             # NEW v7.1
      {Reasoning for vitality score.}
lifecycle:
  status: draft                        # {draft|revised|stable|deprecated}
relationships:
  enables: []
graph_garden:
  last_pruned: {YYYY-MM-DD}
contributors: ["higgerix", "cloudsters"]
license: CC-BY-SA-4.0
---

> {A one-sentence summary of the pattern's core idea.}

### Section 1: Context

*(100–200 words)*

{Describe the situation.}

### Section 2: Problem

> **The core conflict is {State the Primary Tension from the frontmatter}.**

-   **Force 1:** {Description of the first conflicting need.}
"""


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = copy_library(tmp_path)
    (folder / "_templates").mkdir()
    source = UPSTREAM.read_text(encoding="utf-8") if UPSTREAM.is_file() else MINI_UPSTREAM
    (folder / "_templates" / "upstream.md").write_text(source, encoding="utf-8")
    return folder


@pytest.fixture
def window(qtbot, library: Path, tmp_path: Path) -> MainWindow:
    win = MainWindow(Settings(), ScriptedDialogs(), RecoveryStore(tmp_path / "recovery"))
    qtbot.addWidget(win)
    win.open_folder(library, wait=True)
    win.resize(1280, 800)
    win.show()
    return win


def _no_placeholders(text: str) -> None:
    assert not re.search(r"\{[A-Za-z]", text), "a {placeholder} reached the file"
    assert '""' not in text and "*(" not in text and "# REQUIRED" not in text and "\n--- \n" not in text
    data = yaml.safe_load(text.split("---\n")[1])
    for value in (data.get("context_labels") or {}).values():
        assert isinstance(value, str) and value.strip()


# ---------------------------------------------------------------- the model


@pytest.mark.parametrize("layout", ["v7.1", "legacy"])
def test_library_template_in_each_layout(library: Path, layout: str) -> None:
    templates = list_templates(library)
    assert [t.name for t in templates] == ["Built-in template", "_templates/upstream.md"]
    assert templates[1].layout == "v7.1"
    plan = plan_new_pattern(
        library,
        "Seed Swap",
        template=templates[1],
        layout=layout,
        summary="Gardeners trade seeds each spring.",
        labels={"tech": "Seed Swap for Products"},
        tension="Scarcity vs. Sharing",
        today=dt.date(2026, 3, 1),
    )
    assert plan.slug == "seed-swap" and plan.path == library / "seed-swap.md" and not plan.path.exists()
    text = plan.text
    _no_placeholders(text)
    data = yaml.safe_load(text.split("---\n")[1])
    assert is_typeid(data["id"]) and data["slug"] == "seed-swap" and data["title"] == "Seed Swap"
    if layout == "v7.1":  # the template's own frontmatter, identity filled in, notes and placeholders gone
        assert data["summary"] == "Gardeners trade seeds each spring."
        assert data["context_labels"] == {"tech": "Seed Swap for Products"}
        assert data["ontology"]["search_hints"]["primary_tension"] == "Scarcity vs. Sharing"
        assert "domain" not in data["ontology"] and "vitality_reasoning" not in data["ontology"]["commons_assessment"]
        assert data["graph_garden"]["last_pruned"] == dt.date(2026, 3, 1)
        assert data["contributors"] == ["higgerix", "cloudsters"]  # real values of the template stay
    else:  # the legacy layout's frontmatter with the template's body
        assert "classification" in data and "ontology" not in data and "context_labels" not in data
    body = text.split("\n---\n", 1)[1]
    assert body.startswith("\nGardeners trade seeds each spring.\n")
    assert "### Section 1: Context" in body and "> **The core conflict is Scarcity vs. Sharing.**" in body
    path = library / "seed-swap.md"
    path.write_text(text, encoding="utf-8")
    assert [f for f in validate(open_pattern(path)) if f.severity == ERROR] == []


def test_duplicate_clears_the_identity_and_keeps_the_structure() -> None:
    original = SEED.read_text(encoding="utf-8")
    text = duplicate_text(original, "Restorative Circles", "restorative-circles", today=dt.date(2026, 3, 1))
    old, new = yaml.safe_load(original.split("---\n")[1]), yaml.safe_load(text.split("---\n")[1])
    assert re.match(TYPEID_PATTERN, new["id"]) and new["id"] != old["id"]
    assert (new["slug"], new["title"]) == ("restorative-circles", "Restorative Circles")
    assert new["context_labels"]["corporate"] == "Restorative Circles for Organizations"
    assert new["graph_garden"]["last_pruned"] == dt.date(2026, 3, 1) and new["lifecycle"]["status"] == "draft"
    assert new["relationships"] == old["relationships"] and new["ontology"] == old["ontology"]
    assert text.split("\n---\n", 1)[1] == original.split("\n---\n", 1)[1]  # the body as it was
    keys = lambda t: re.findall(r"^ *([a-z_]+):", t.split("\n---\n")[0], re.M)  # noqa: E731
    assert keys(text) == keys(original)  # same keys in the same order: the structure is kept
    diff = [a for a, b in zip(original.splitlines(), text.splitlines(), strict=False) if a != b]
    assert len(diff) == 8  # id, slug, title, four labels, last_pruned


# ---------------------------------------------------------------- the dialog, driven


def _dialog(qtbot, library: Path) -> NewPatternDialog:
    dialog = NewPatternDialog(library, list_templates(library))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_dialog_previews_and_answers(qtbot, library: Path) -> None:
    before = sorted(p.name for p in library.iterdir())
    dialog = _dialog(qtbot, library)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    title = dialog.findChild(QLineEdit, "title")
    qtbot.mouseClick(title, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(title, "Peer Support Circles")  # the slug is taken: the preview numbers it
    preview = dialog.findChild(QLabel, "preview")
    assert "peer-support-circles-2" in preview.text() and "peer-support-circles-2.md" in preview.text()
    combo = dialog.findChild(QComboBox, "template")
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # the library's template
    assert combo.currentIndex() == 1 and dialog.layout() == "v7.1"
    tech = dialog.findChild(QLineEdit, "label:tech")
    qtbot.mouseClick(tech, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(tech, "Peer Circles for Products")
    assert dialog.answer().labels == {"tech": "Peer Circles for Products"}  # empty labels are not answered
    layout = dialog.findChild(QComboBox, "layout")
    layout.setFocus()
    qtbot.keyClick(layout, Qt.Key.Key_Down)
    assert dialog.layout() == "legacy" and "its body is used with the built-in legacy" in preview.text()
    assert not tech.isEnabled()  # the legacy layout has no context labels
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    answer = dialog.answer()
    assert answer.title == "Peer Support Circles" and answer.layout == "legacy"
    assert answer.template is not None and answer.template.name == "_templates/upstream.md"
    assert answer.labels == {} and answer.tension == ""
    assert sorted(p.name for p in library.iterdir()) == before  # the dialog writes nothing


def test_dialog_cancel_by_escape(qtbot, library: Path) -> None:
    dialog = _dialog(qtbot, library)
    qtbot.keyClicks(dialog.findChild(QLineEdit, "title"), "Anything")
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)


# ---------------------------------------------------------------- the window


def test_new_pattern_from_a_library_template(qtbot, window: MainWindow, library: Path) -> None:
    templates = list_templates(library)
    window.dialogs.new_patterns = [
        NewPatternAnswer("Seed Swap", templates[1], "v7.1", "Gardeners trade seeds.", {"activist": "Seed Commons"})
    ]
    window.findChild(QAction, "new_pattern").trigger()
    path = library / "seed-swap.md"
    assert path.is_file() and window.current_tab().doc.path == path
    assert window.dialogs.asked[-1] == ("new_pattern", (["Built-in template", "_templates/upstream.md"], None))
    _no_placeholders(path.read_text(encoding="utf-8"))
    assert window.library.has_slug("seed-swap")


def test_cancel_writes_nothing(qtbot, window: MainWindow, library: Path) -> None:
    before = sorted(p.name for p in library.iterdir())
    window.dialogs.new_patterns = [None]
    window.findChild(QAction, "new_pattern").trigger()
    assert sorted(p.name for p in library.iterdir()) == before


def test_duplicate_action(qtbot, window: MainWindow, library: Path) -> None:
    tab = window.open_slug("restorative-practices-helpers")
    original = tab.doc.path.read_bytes()
    window.dialogs.new_patterns = [NewPatternAnswer("Restorative Circles")]
    window.findChild(QAction, "duplicate-pattern").trigger()
    assert window.dialogs.asked[-1] == ("new_pattern", ([], "Restorative Practices for Helpers"))
    copy = window.current_tab().doc
    assert copy.path == library / "restorative-circles.md" and tab.doc.path.read_bytes() == original
    assert copy.data["slug"] == "restorative-circles" and copy.data["id"] != tab.doc.data["id"]
    assert copy.data["relationships"] == tab.doc.data["relationships"]


def test_export_actions(qtbot, window: MainWindow, tmp_path: Path) -> None:
    window.open_slug("restorative-practices-helpers")
    pdf = tmp_path / "card.pdf"
    window.dialogs.texts = [str(pdf)]
    window.findChild(QAction, "export-pdf").trigger()
    assert pdf.read_bytes().startswith(b"%PDF")
    site = tmp_path / "site"
    window.dialogs.texts = [str(site)]
    action = window.findChild(QAction, "export-site")
    assert action.parent() is window and any(
        a.text() == "&Export" for a in window.menuBar().actions()[0].menu().actions()
    )
    action.trigger()
    qtbot.waitUntil(lambda: (site / "index.html").is_file(), timeout=20000)
    qtbot.waitUntil(lambda: "Website written" in window.statusBar().currentMessage(), timeout=20000)
    assert problems(site) == [] and (site / "patterns" / "restorative-practices-helpers.html").is_file()
    shutil.rmtree(site)
