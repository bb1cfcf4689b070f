"""pattern-cli screenshot: a throw-away profile (the user's settings, session and caches are never
written) and --view honoured for a file as for --open SLUG."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from editor.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "patterns" / "restorative-practices-helpers.md"


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else b"", p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
    }


def test_screenshot_leaves_the_profile_untouched(tmp_path):
    home = tmp_path / "home"
    settings = home / "settings" / "PatternEditor" / "Pattern Editor.ini"
    settings.parent.mkdir(parents=True)
    settings.write_text("[library]\nlast_folder=/somewhere/else\n")  # a user's own profile
    before = _snapshot(home)
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.update(PATTERN_EDITOR_HOME=str(home), QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path))
    shot = tmp_path / "shot.png"
    done = subprocess.run(
        [sys.executable, "-m", "editor.cli", "screenshot", "--out", str(shot), "--open", SAMPLE.stem],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert shot.read_bytes().startswith(b"\x89PNG")
    assert _snapshot(home) == before  # no settings, session, index cache or icon written there
    assert not (tmp_path / "Documents").exists() and not (tmp_path / ".config").exists()


@pytest.mark.parametrize("view", ["form", "body", "source"])
def test_screenshot_of_a_file_shows_the_chosen_view(qapp, tmp_path, monkeypatch, view):
    from editor.ui.window import screenshot

    seen = []
    real_save = screenshot._save

    def save(widget, name):
        seen.append(widget.current_tab().views.currentIndex())
        return real_save(widget, name)

    monkeypatch.setattr(screenshot, "_save", save)
    assert main(["screenshot", str(SAMPLE), "--view", view, "--out", str(tmp_path / "x.png")]) == 0
    assert seen == [screenshot.VIEWS[view]]
