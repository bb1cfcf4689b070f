"""Test set-up: headless Qt, settings in a temporary folder, the shared corpus when present."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Must happen before any QApplication exists (pytest-qt creates it lazily).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "patterns"
SEED = ROOT.parent / "shared" / "seeds" / "restorative-practices-helpers.md"
SAMPLES = ROOT / "patterns"


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config) -> int | None:
    """`-n auto` (addopts): a worker per core, at most 4 (each worker is a whole Qt application, and with
    a file per worker the longest files bound the gain); PYTEST_XDIST_AUTO_NUM_WORKERS decides when set."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, 4))


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item) -> None:
    """Delete the widgets the test left now. pytest-qt closes them with deleteLater, which Qt carries out
    only in an event loop: after a test that ran none its windows stayed alive, each with its event
    filter on the application, and every later test paid for all of them (16,000 widgets, 400 of them
    top-level, by the end of test_ui_window.py alone)."""
    if "PySide6.QtCore" in sys.modules:
        from PySide6.QtCore import QCoreApplication, QEvent

        if QCoreApplication.instance() is not None:
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir() or not any(CORPUS.glob("*.md")):
        pytest.skip(f"corpus not found at {CORPUS} (clone ../shared beside the project to run corpus tests)")
    return CORPUS


@pytest.fixture(scope="session")
def corpus_files(corpus: Path) -> list[Path]:
    return sorted(corpus.glob("*.md"))


@pytest.fixture
def seed_text() -> str:
    return (SAMPLES / "restorative-practices-helpers.md").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path_factory, monkeypatch):
    """QSettings and the user's folders point into a temporary folder in every test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(home / "Documents"))
    monkeypatch.setenv("PATTERN_EDITOR_HOME", str(home))
    if "PySide6.QtCore" in sys.modules:
        from PySide6.QtCore import QSettings

        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home / "settings"))
    yield home
