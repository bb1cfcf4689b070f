"""The compare window's "take old" edits through Document.set, so it shares the sticky-style rule
with the form and pattern-cli: taking a value back after typing gives the saved bytes back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from editor.model.diff.version import Version
from editor.model.schema import open_pattern
from editor.ui.compare.window import CompareWindow
from editor.ui.document.controller import DocumentController

from .ui_helpers import ScriptedDialogs

BASE = (Path(__file__).parent / "fixtures" / "diff" / "base.md").read_text(encoding="utf-8")


def typed(controller: DocumentController, path: str, final: str) -> None:
    """Select all and type ``final`` a key at a time, as the form commits each keystroke."""
    for n in range(1, len(final) + 1):
        controller.set_field(path, final[:n], merge=True)


def test_take_after_typing_through_quotes_restores_the_saved_bytes(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "garden-rota.md"
    path.write_text(BASE, encoding="utf-8")
    target = DocumentController(open_pattern(path))
    typed(target, "ontology.domain", "shared stewardship: ")  # an intermediate value that needs quotes
    typed(target, "summary", "Share the care. ")
    window = CompareWindow(
        Version("Saved", BASE), Version("Edited", target.doc.text), target=target, dialogs=ScriptedDialogs()
    )
    qtbot.addWidget(window)
    window.show()
    taken = 0
    while (rows := [w for w in window.list.visible_rows() if w.take is not None]) and taken < 10:
        qtbot.mouseClick(rows[0].take, Qt.MouseButton.LeftButton)
        taken += 1
    assert taken == 2
    assert target.doc.text == BASE
    target.save()
    assert path.read_text(encoding="utf-8") == BASE
