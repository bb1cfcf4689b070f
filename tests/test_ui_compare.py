"""The compare window and the history dialog: grouped rows, navigation, filters, the radar, taking old
values into the editor as one undo step each, byte-faithful saving after taking, and git history."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from editor.model.diff.version import Version, version_from_spec
from editor.model.document.document import Document
from editor.model.errors import LoadError, PatternError
from editor.model.schema import HINTS, open_pattern
from editor.ui.common import theme
from editor.ui.compare.history import HistoryDialog
from editor.ui.compare.rows import FIELD, FORMAT, SECTION
from editor.ui.compare.view import ALL, BODY, FORMATTING, FRONTMATTER
from editor.ui.compare.window import CompareWindow, close_windows_for, compare_from_history, compare_with_saved
from editor.ui.document.controller import DocumentController

from .conftest import SAMPLES
from .ui_helpers import ScriptedDialogs

FIXTURES = Path(__file__).parent / "fixtures" / "diff"
BASE = (FIXTURES / "base.md").read_text(encoding="utf-8")
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def composite() -> str:
    """base.md with one change of every kind the window groups: identity, score, links, body, quotes."""
    doc = Document.from_text(BASE, "new", HINTS)
    doc.set("title", "Garden Rota Circle")
    doc.set("ontology.commons_assessment.resilience", 3.5)
    doc.append("relationships.enables", {"slug": "water-butt-network", "weight": 0.88})
    doc.delete("relationships.complementary[slug=compost-circle]")
    doc.set("relationships.complementary[slug=harvest-festival].weight", 0.85)
    body = doc.body.replace("a small promise", "a public promise")
    doc.set_body(body)
    return doc.text.replace('tech: "Garden Rota for Products"', "tech: 'Garden Rota for Products'")


def window_on(qtbot, old: str, new: str, target: DocumentController | None = None) -> CompareWindow:
    window = CompareWindow(Version("Base", old), Version("Edited", new), target=target, dialogs=ScriptedDialogs())
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    return window


def target_on(tmp_path: Path, text: str, name: str = "garden-rota.md") -> DocumentController:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return DocumentController(open_pattern(path))


def rows_of(window: CompareWindow, kind: str | None = None):
    return [r for g in window.groups for r in g.rows if kind is None or r.kind == kind]


def row_for(window: CompareWindow, tip: str):
    return next(r for r in rows_of(window) if r.tip == tip)


# ---------------------------------------------------------------- showing


def test_rows_are_grouped_by_frontmatter_group_then_body_then_formatting(qtbot) -> None:
    window = window_on(qtbot, BASE, composite())
    assert [(g.title, len(g.rows)) for g in window.groups] == [
        ("Identity", 1),
        ("Ontology & scores", 1),
        ("Relationships", 3),
        ("Body", 1),
        ("Formatting only", 1),
    ]
    assert [r.label for r in window.groups[2].rows] == ["Enables", "Complementary › harvest-festival", "Complementary"]
    assert window.header.isVisible() and "Base" in window.old_caption.text()
    assert window.new_caption.text() == "Edited"


def test_cells_read_like_a_review(qtbot) -> None:
    window = window_on(qtbot, BASE, composite())
    score = row_for(window, "ontology.commons_assessment.resilience")
    ((old, new),) = score.pairs
    assert old == "3.0" and new.startswith("3.5 <span") and "(+0.5)" in new
    assert score.summary == "Resilience: 3.0 → 3.5 (+0.5)"
    added = row_for(window, "relationships.enables[slug=water-butt-network]")
    assert "+ water-butt-network (0.88)" in added.pairs[0][1] and "—" in added.pairs[0][0]
    removed = row_for(window, "relationships.complementary[slug=compost-circle]")
    assert "− compost-circle (0.7)" in removed.pairs[0][0]
    weight = row_for(window, "relationships.complementary[slug=harvest-festival].weight")
    assert weight.summary == "Complementary › harvest-festival: weight 0.8 → 0.85 (+0.05)"
    (body,) = rows_of(window, SECTION)
    ((old, new),) = body.pairs
    assert "line-through" in old and ">small<" in old and "public" not in old
    assert "underline" in new and ">public<" in new
    assert body.label == "Section 3: Solution" and body.detail == "1 paragraph changed"


def test_next_previous_and_the_counter(qtbot) -> None:
    window = window_on(qtbot, BASE, composite())
    assert window.next_action.shortcut().toString() == "F7"
    assert window.previous_action.shortcut().toString() == "Shift+F7"
    assert window.counter.text() == "1 of 6"  # formatting stays folded under "All"
    assert window.list.current.row.tip == "title"
    window.next_action.trigger()
    window.next_action.trigger()
    assert window.counter.text() == "3 of 6"
    assert window.list.current.row.tip == "relationships.enables[slug=water-butt-network]"
    assert window.list.current.property("current") is True
    window.previous_action.trigger()
    assert window.list.current.row.tip == "ontology.commons_assessment.resilience"
    for _ in range(10):
        window.next_action.trigger()
    assert window.counter.text() == "6 of 6" and window.list.current.row.kind == SECTION
    assert not window.next_action.isEnabled()
    qtbot.keyClick(window.list.current, Qt.Key.Key_Up)  # arrow keys walk the rows too
    assert window.counter.text() == "5 of 6"


def test_filter_keeps_formatting_apart_from_meaning(qtbot) -> None:
    window = window_on(qtbot, BASE, composite())
    visible = lambda: {w.row.kind for w in window.list.visible_rows()}  # noqa: E731
    assert visible() == {FIELD, SECTION}
    window.set_filter(FORMATTING)
    assert window.filter_buttons[FORMATTING].isChecked()
    assert visible() == {FORMAT} and window.counter.text() == "1 of 1"
    assert window.list.current.row.label == "quotes on context_labels.tech"
    window.set_filter(FRONTMATTER)
    assert visible() == {FIELD} and window.counter.text() == "1 of 5"
    window.set_filter(BODY)
    assert visible() == {SECTION}
    window.set_filter(ALL)
    assert visible() == {FIELD, SECTION}
    folded = next(box for box in window.list.groups if box.group.formatting)
    assert not folded.expanded and folded.isVisible()


def test_only_formatting_says_so(qtbot) -> None:
    window = window_on(qtbot, BASE, (FIXTURES / "fmt-quotes.md").read_text(encoding="utf-8"))
    assert window.counter.text() == "no changes"
    assert "No changes in meaning. 2 formatting-only differences" in window.list.empty.text()
    assert window.list.empty.isVisible()


def test_radar_shows_old_and_new_pillars(qtbot) -> None:
    window = window_on(qtbot, BASE, composite())
    assert window.scores.isVisible()
    (old_label, old, _), (new_label, new, _) = window.scores.radar.series
    assert (old_label, new_label) == ("Base", "Edited")
    assert (old["resilience"], new["resilience"]) == (3.0, 3.5)
    assert "(+0.5)" in window.scores.table.text()


def test_previews_render_both_sides(qtbot) -> None:
    window = window_on(qtbot, BASE, composite())
    assert "Garden Rota Circle" in window.new_preview.toPlainText()
    assert "Garden Rota Circle" not in window.old_preview.toPlainText()


def test_without_a_target_the_window_is_read_only(qtbot) -> None:
    window = window_on(qtbot, BASE, composite())
    assert all(w.take is None for w in window.list.all_rows())
    assert not window.take_action.isVisible() or not window.take_action.isEnabled()
    assert window.take_current() is False


def test_parse_errors_are_shown_not_raised(qtbot) -> None:
    broken = BASE.replace("slug: garden-rota", "slug: [garden-rota", 1)
    window = window_on(qtbot, broken, BASE)
    assert window.banner.isVisible()
    assert "old version does not parse" in window.banner.label.text()
    assert window.counter.text() == "no changes"


# ---------------------------------------------------------------- taking the old side


TAKES = [  # (fixture, the row's path or section, how to read the value back)
    ("scalar.md", "title", "title"),
    ("score.md", "ontology.commons_assessment.resilience", "ontology.commons_assessment.resilience"),
    ("rel-added.md", "relationships.enables[slug=water-butt-network]", "relationships.enables"),
    ("rel-removed.md", "relationships.complementary[slug=compost-circle]", "relationships.complementary"),
    ("body-paragraph-changed.md", "Section 3: Solution", None),
]


@pytest.mark.parametrize(("fixture", "tip", "read"), TAKES)
def test_take_old_is_one_undo_step(qtbot, tmp_path: Path, fixture: str, tip: str, read: str | None) -> None:
    edited = (FIXTURES / fixture).read_text(encoding="utf-8")
    target = target_on(tmp_path, edited)
    window = window_on(qtbot, BASE, edited, target)
    row = row_for(window, tip)
    steps = target.undo_stack.count()
    button = next(w.take for w in window.list.all_rows() if w.row is row)
    button.click()
    assert target.undo_stack.count() == steps + 1
    old = Document.from_text(BASE, "old", HINTS)
    if read is None:
        assert "a small promise" in target.doc.body and target.doc.body == old.body
    else:
        assert target.doc.get(read) == old.get(read)
    assert all(r.tip != tip for r in rows_of(window))  # the row went away
    with qtbot.waitSignal(window.refreshed, timeout=2000):  # the window re-compares after the undo
        target.undo_stack.undo()
    assert target.doc.text == edited
    assert any(r.tip == tip for r in rows_of(window))


SEMANTIC = [
    "scalar.md",
    "score.md",
    "rel-added.md",
    "rel-removed.md",
    "rel-reweighted.md",
    "rel-moved.md",
    "moved-key.md",
    "keywords.md",
    "entity-changed.md",
    "body-paragraph-added.md",
    "body-paragraph-changed.md",
    "body-paragraph-removed.md",
    "section-added.md",
]


def take_everything(window: CompareWindow) -> int:
    taken = 0
    while rows := [w for w in window.list.visible_rows() if w.take is not None]:
        window.list.set_current(rows[0])
        assert window.take_current(), rows[0].row.summary
        taken += 1
        assert taken < 50
    return taken


@pytest.mark.parametrize("fixture", SEMANTIC)
def test_taking_everything_and_saving_gives_the_old_bytes(qtbot, tmp_path: Path, fixture: str) -> None:
    target = target_on(tmp_path, (FIXTURES / fixture).read_text(encoding="utf-8"))
    window = window_on(qtbot, BASE, target.doc.text, target)
    assert take_everything(window) >= 1
    assert window.result.is_empty
    target.save()
    assert (tmp_path / "garden-rota.md").read_bytes() == BASE.encode("utf-8")


def test_taking_in_the_reverse_direction_restores_a_removed_section(qtbot, tmp_path: Path) -> None:
    old = (FIXTURES / "section-added.md").read_text(encoding="utf-8")
    target = target_on(tmp_path, BASE)
    window = window_on(qtbot, old, BASE, target)
    (row,) = rows_of(window, SECTION)
    assert row.change.kind == "removed"
    assert window.take_old(row)
    assert target.doc.text == old


def test_the_sample_seed_against_an_edited_copy(qtbot, tmp_path: Path) -> None:
    seed = (SAMPLES / "restorative-practices-helpers.md").read_text(encoding="utf-8")
    doc = Document.from_text(seed, "edited", HINTS)
    doc.set("ontology.commons_assessment.autonomy", 3.5)
    doc.append("relationships.enables", {"slug": "peer-support-circles", "weight": 0.8})
    doc.set("relationships.complementary[slug=adversarial-growth].weight", 0.85)
    doc.set_body(doc.body.replace("### Section 2: Problem\n", "### Section 2: Problem\n\nA new opening line.\n", 1))
    edited = doc.text.replace('title: "Restorative Practices for Helpers"', "title: Restorative Practices for Helpers")
    target = target_on(tmp_path, edited, "restorative-practices-helpers.md")
    window = window_on(qtbot, seed, edited, target)
    assert [g.title for g in window.groups] == ["Ontology & scores", "Relationships", "Body", "Formatting only"]
    assert take_everything(window) == 4
    target.save()
    saved = (tmp_path / "restorative-practices-helpers.md").read_text(encoding="utf-8")
    assert saved == seed.replace(
        'title: "Restorative Practices for Helpers"', "title: Restorative Practices for Helpers"
    )  # formatting is not taken


def test_the_live_editor_is_compared_again_after_edits(qtbot, tmp_path: Path) -> None:
    target = target_on(tmp_path, BASE)
    window = window_on(qtbot, BASE, BASE, target)
    assert window.counter.text() == "no changes"
    with qtbot.waitSignal(window.refreshed, timeout=3000):
        target.set_field("lifecycle.status", "revised")
    assert [r.tip for r in rows_of(window)] == ["lifecycle.status"]
    assert window.new_caption.text() == "Edited (unsaved)"
    assert window.take_current()
    assert target.doc.text == BASE


def test_take_after_an_unseen_edit_uses_a_fresh_comparison(qtbot, tmp_path: Path) -> None:
    edited = (FIXTURES / "scalar.md").read_text(encoding="utf-8")
    target = target_on(tmp_path, edited)
    window = window_on(qtbot, BASE, edited, target)
    row = row_for(window, "lifecycle.status")
    target.set_field("lifecycle.status", "draft")  # the editor fixes it before the window re-compares
    assert window.take_old(row) is False
    assert window.take_old(row_for(window, "title"))
    assert target.doc.text == BASE


# ---------------------------------------------------------------- versions and factories


def test_version_from_spec_reads_files_and_says_what_is_wrong(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_text(BASE, encoding="utf-8")
    version = version_from_spec(str(path))
    assert (version.label, version.text, version.path, version.rev) == ("x.md", BASE, path, None)
    with pytest.raises(LoadError, match="no such file"):
        version_from_spec(str(tmp_path / "missing.md"))
    with pytest.raises(LoadError, match="is a folder"):
        version_from_spec(str(tmp_path))
    with pytest.raises(PatternError, match="not inside a git repository"):
        version_from_spec("HEAD:x.md", cwd=tmp_path)


def test_compare_with_saved_puts_disk_on_the_left_and_the_editor_on_the_right(qtbot, tmp_path: Path) -> None:
    target = target_on(tmp_path, BASE)
    target.set_field("title", "Garden Rota Circle")
    window = compare_with_saved(target, ScriptedDialogs())
    qtbot.addWidget(window)
    assert window.old.label == "Saved on disk" and window.target is target
    assert [r.tip for r in rows_of(window)] == ["title"]


def test_closing_the_tab_closes_its_compare_windows(qtbot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QWidget

    owner = QWidget()
    qtbot.addWidget(owner)
    target = target_on(tmp_path, BASE)
    window = CompareWindow(Version("Base", BASE), Version("Editor", BASE), target, ScriptedDialogs(), owner)
    window.show()
    assert close_windows_for(target, owner) == 1
    assert not window.isVisible()


def test_dark_theme_colours_the_changes(qtbot) -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    theme.apply(app, "dark")
    try:
        window = window_on(qtbot, BASE, composite())
        score = row_for(window, "ontology.commons_assessment.resilience")
        assert theme.DARK.ok in score.pairs[0][1]
        assert window.scores.radar.series[1][2] == theme.DARK.accent
        assert theme.DARK.base in window.list.styleSheet()
    finally:
        theme.apply(app, "light")
    window.apply_theme()
    assert theme.LIGHT.ok in row_for(window, "ontology.commons_assessment.resilience").pairs[0][1]


# ---------------------------------------------------------------- history


def git(root: Path, *args: str, date: str | None = None) -> None:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Rota Keeper",
        "GIT_AUTHOR_EMAIL": "keeper@example.org",
        "GIT_COMMITTER_NAME": "Rota Keeper",
        "GIT_COMMITTER_EMAIL": "keeper@example.org",
    }
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "library"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    for day, (message, fixture) in enumerate(
        [
            ("Add the garden rota", "base.md"),
            ("Raise resilience", "score.md"),
            ("Link the water butts", "rel-added.md"),
        ],
        start=1,
    ):
        shutil.copy(FIXTURES / fixture, root / "garden-rota.md")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", message, date=f"2026-02-{day:02d}T10:00:00+01:00")
    return root


@needs_git
def test_history_lists_commits_and_requests_comparisons(qtbot, repo: Path) -> None:
    dialog = HistoryDialog(repo / "garden-rota.md")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.loaded, timeout=10000)
    tree = dialog.tree
    assert tree.topLevelItemCount() == 3
    assert [tree.topLevelItem(i).text(2) for i in range(3)] == [
        "Link the water butts",
        "Raise resilience",
        "Add the garden rota",
    ]
    assert tree.topLevelItem(0).text(1) == "Rota Keeper" and tree.topLevelItem(2).text(0) == "2026-02-01 10:00"
    tree.clearSelection()
    tree.topLevelItem(1).setSelected(True)
    with qtbot.waitSignal(dialog.compareRequested) as got:
        dialog.compare_button.click()
    old, new = got.args
    assert old.text == (FIXTURES / "score.md").read_text(encoding="utf-8") and old.rev
    assert old.label.endswith("· 2026-02-02 · Rota Keeper")
    assert (new.label, new.rev, new.path) == ("Working copy", None, repo / "garden-rota.md")
    tree.topLevelItem(0).setSelected(True)
    tree.topLevelItem(2).setSelected(True)
    tree.topLevelItem(1).setSelected(False)
    with qtbot.waitSignal(dialog.compareRequested) as got:
        dialog.compare_button.click()
    old, new = got.args
    assert old.text == BASE and new.text == (FIXTURES / "rel-added.md").read_text(encoding="utf-8")
    with qtbot.waitSignal(dialog.compareRequested) as got:
        tree.itemActivated.emit(tree.topLevelItem(2), 0)  # a double-click: that commit vs the working copy
    assert got.args[0].text == BASE and got.args[1].rev is None
    window = compare_from_history(*got.args)
    qtbot.addWidget(window)
    assert window.target is None and [r.tip for r in rows_of(window)] == [
        "relationships.enables[slug=water-butt-network]"
    ]


@needs_git
def test_closing_the_history_while_it_loads_is_harmless(qtbot, repo: Path) -> None:
    from PySide6.QtCore import QThreadPool

    dialog = HistoryDialog(repo / "garden-rota.md")
    dialog.show()
    dialog.close()  # deleted on close, maybe before git answers
    QThreadPool.globalInstance().waitForDone(10000)
    qtbot.wait(20)


def test_history_outside_a_repository_explains_itself(qtbot, tmp_path: Path) -> None:
    (tmp_path / "x.md").write_text(BASE, encoding="utf-8")
    dialog = HistoryDialog(tmp_path / "x.md")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.loaded, timeout=10000)
    assert dialog.pages.currentWidget() is dialog.message
    assert "is not inside a git repository" in dialog.message.text()
    assert not dialog.compare_button.isEnabled()
