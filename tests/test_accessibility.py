"""Accessibility (issue 16, item 6): every visible control has an accessible name and a
description, form fields take theirs from the schema, and every text colour of both themes reads
at 4.5:1 or more against the background it is drawn on (WCAG relative luminance)."""

from __future__ import annotations

import re
import shutil

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QWidget

from editor.app import create_window
from editor.base import assets
from editor.ui.common import a11y, theme
from editor.ui.document.tab import BODY, FORM, SOURCE
from editor.ui.form.base import FieldEditor
from editor.ui.window import pages
from editor.ui.window.preferences import PreferencesDialog

from .conftest import SAMPLES
from .ui_helpers import ScriptedDialogs

SEED = "restorative-practices-helpers.md"


@pytest.fixture
def window(qtbot, tmp_path):
    folder = tmp_path / "lib"
    shutil.copytree(SAMPLES, folder)
    w = create_window(folder / SEED, wait=True)
    w.dialogs = ScriptedDialogs()
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    return w


def unnamed(root: QWidget) -> list[str]:
    """Visible controls under ``root`` without an accessible name or description."""
    out = []
    for widget in [root, *root.findChildren(QWidget)]:
        named = widget.accessibleName().strip() and widget.accessibleDescription().strip()
        if isinstance(widget, a11y.CONTROLS) and widget.isVisible() and not named:
            out.append(f"{type(widget).__name__} {widget.objectName()!r} in {type(widget.parentWidget()).__name__}")
    return out


def test_every_control_of_the_window_is_named(window, qtbot):
    tab = window.current_tab()
    for view in (FORM, BODY, SOURCE):
        tab.views.setCurrentIndex(view)
        qtbot.wait(1)
        assert unnamed(window) == [], view
    pages.table(window)
    qtbot.wait(1)
    assert unnamed(window) == []
    pages.go_to_pattern(window)
    qtbot.waitUntil(window.goto_popup.isVisible)
    assert unnamed(window.goto_popup) == []


def test_dialogs_are_named(window, qtbot):
    dialog = PreferencesDialog(window.settings, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert unnamed(dialog) == []
    combo = dialog.theme
    assert combo.accessibleName() == "Theme"  # from its form label


def test_form_fields_take_the_schema_label_and_help(window):
    tab = window.current_tab()
    tab.views.setCurrentIndex(FORM)
    editors = [e for e in window.findChildren(FieldEditor) if e.field is not None and e.path]
    assert len(editors) > 30
    for editor in editors:
        target = editor.focus_target()
        assert target.accessibleName() == editor.field.label or editor.field.key not in editor.path
        if editor.field.help:
            assert target.accessibleDescription() == editor.field.help
    spin = window.findChild(QWidget, "field:ontology.commons_assessment.resilience")
    assert spin.accessibleName() == "Resilience"
    slider = spin.parentWidget().slider
    assert "Resilience" in slider.accessibleName()


def test_toolbar_buttons_read_their_action(window):
    names = {b.accessibleName() for b in window.toolbar.findChildren(QWidget) if isinstance(b, a11y.CONTROLS)}
    assert {"Save", "Go to Pattern", "Undo"} <= names


# ------------------------------------------------------------ contrast


def luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_formula():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


SURFACES = ("base", "window", "panel", "alt_base")  # what a text without its own background sits on


def _stylesheet_pairs(c: theme.Colors) -> list[tuple[str, str, str]]:
    """(rule, text colour, background) for every text colour app.qss sets: against the rule's own
    background when it sets one, else against every surface."""
    qss = re.sub(r"/\*.*?\*/", "", assets.read_text("style/app.qss"), flags=re.S)
    pairs = []
    rules = [(sel.strip(), body) for sel, body in re.findall(r"([^{}]+)\{([^}]*)\}", qss)]
    backgrounds_of = {}
    for selector, body in rules:
        if found := re.search(r"(?<![-\w])background(?:-color)?:\s*@(\w+)", body):
            for one in selector.split(","):
                backgrounds_of[one.strip()] = found.group(1)
    for selector, body in rules:
        fg = re.search(r"(?<![-\w])color:\s*@(\w+)", body)
        bg = re.search(r"(?<![-\w])background(?:-color)?:\s*@(\w+)", body)
        backgrounds = [bg.group(1)] if bg else list(SURFACES)
        if bg is None and " " in selector:  # "QFrame#Banner[kind=error] QLabel": its containers' backgrounds
            container = selector.rsplit(" ", 1)[0].strip()
            backgrounds = [b for s, b in backgrounds_of.items() if s.startswith(container)] or backgrounds
        sel = re.search(r"selection-color:\s*@(\w+)", body)
        sel_bg = re.search(r"selection-background-color:\s*@(\w+)", body)
        if sel and sel_bg:
            pairs.append((selector.strip(), getattr(c, sel.group(1)), getattr(c, sel_bg.group(1))))
        if fg is None:
            continue
        if bg is None and ":selected" in selector:
            backgrounds = ["highlight"]
        for name in backgrounds:
            pairs.append((selector.strip(), getattr(c, fg.group(1)), getattr(c, name)))
    return pairs


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_text_contrast_in_both_themes(qapp, mode):
    c = theme.resolve(mode)
    pairs = _stylesheet_pairs(c)
    assert len(pairs) > 20
    # the colours views paint themselves: text, muted (hints, slugs in the library list), problems,
    # links and scores, on every surface and on the selected row
    for fg in ("text", "muted", "error", "warning", "info", "ok"):
        for bg in (*SURFACES, "highlight"):
            pairs.append((f"{fg} on {bg}", getattr(c, fg), getattr(c, bg)))
    for bg in SURFACES:
        pairs.append((f"accent on {bg}", c.accent, getattr(c, bg)))  # the score band beside a score
    for bg in ("accent", "error", "warning"):
        pairs.append((f"accent_text on {bg}", c.accent_text, getattr(c, bg)))  # selection, banners
    theme.apply(qapp, mode)
    try:
        pal = QApplication.palette()
        role = QPalette.ColorRole
        for fg, bg in (
            (role.Text, role.Base),
            (role.WindowText, role.Window),
            (role.ButtonText, role.Button),
            (role.HighlightedText, role.Highlight),
            (role.ToolTipText, role.ToolTipBase),
            (role.Link, role.Base),
            (role.PlaceholderText, role.Base),
        ):
            pairs.append((f"palette {fg.name}/{bg.name}", pal.color(fg).name(), pal.color(bg).name()))
    finally:
        theme.apply(qapp, "light")
    failing = [(what, fg, bg, round(contrast(fg, bg), 2)) for what, fg, bg in pairs if contrast(fg, bg) < 4.5]
    assert failing == [], "\n".join(map(str, failing))
