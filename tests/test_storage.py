"""Saving: atomic, permissions kept, external changes and unparseable files never overwritten."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from editor.model.errors import ExternalChangeError, LoadError, SaveError
from editor.model.schema import open_pattern


@pytest.fixture
def pattern(tmp_path: Path, seed_text: str) -> Path:
    path = tmp_path / "restorative-practices-helpers.md"
    path.write_text(seed_text, encoding="utf-8")
    return path


def test_save_keeps_permissions_and_leaves_no_temp_files(pattern: Path) -> None:
    os.chmod(pattern, 0o640)
    doc = open_pattern(pattern)
    doc.set("title", "Changed")
    doc.save()
    assert stat.S_IMODE(pattern.stat().st_mode) == 0o640
    assert sorted(p.name for p in pattern.parent.iterdir()) == [pattern.name]
    assert not doc.dirty


def test_external_change_is_not_overwritten(pattern: Path) -> None:
    doc = open_pattern(pattern)
    doc.set("title", "Mine")
    pattern.write_text(pattern.read_text() + "\nTheirs\n", encoding="utf-8")
    theirs = pattern.read_bytes()
    with pytest.raises(ExternalChangeError):
        doc.save()
    assert pattern.read_bytes() == theirs
    doc.save(force=True)
    assert b"Mine" in pattern.read_bytes()


def test_touch_without_change_is_not_an_external_change(pattern: Path) -> None:
    doc = open_pattern(pattern)
    os.utime(pattern, (1, 1))
    doc.set("title", "Mine")
    doc.save()


def test_unparseable_file_is_read_only_and_never_written(tmp_path: Path) -> None:
    path = tmp_path / "broken.md"
    raw = b"---\ntitle: [oops\n---\nbody\n"
    path.write_bytes(raw)
    doc = open_pattern(path)
    assert doc.error is not None and (doc.error.line, doc.error.column) == (3, 1)
    assert doc.read_only
    with pytest.raises(SaveError):
        doc.save()
    doc.set_text("---\ntitle: fixed\n---\nbody\n")
    with pytest.raises(SaveError, match="never written over"):
        doc.save()
    assert path.read_bytes() == raw


def test_read_only_file(pattern: Path, monkeypatch) -> None:
    os.chmod(pattern, 0o444)
    if os.access(pattern, os.W_OK):  # root ignores permission bits: pretend we are not root
        real = os.access
        monkeypatch.setattr("editor.model.storage.os.access",
                            lambda p, mode: False if Path(p) == pattern and mode & os.W_OK else real(p, mode))
    doc = open_pattern(pattern)
    assert doc.read_only == "the file is read-only"
    doc.set("title", "x")
    before = pattern.read_bytes()
    with pytest.raises(SaveError, match="read-only"):
        doc.save()
    assert pattern.read_bytes() == before


def test_read_only_folder_reports_clearly(pattern: Path) -> None:
    doc = open_pattern(pattern)
    doc.set("title", "x")
    before = pattern.read_bytes()
    os.chmod(pattern.parent, 0o500)
    try:
        if os.access(pattern.parent, os.W_OK):
            pytest.skip("running as root: folder permissions are not enforced")
        with pytest.raises(SaveError, match="not writable"):
            doc.save()
    finally:
        os.chmod(pattern.parent, 0o700)
    assert pattern.read_bytes() == before


@pytest.mark.parametrize("content, message", [
    (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
    (b"", "empty file"),
])
def test_bad_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.md"
    path.write_bytes(content)
    try:
        doc = open_pattern(path)
    except LoadError as exc:
        assert message in str(exc)
        return
    assert doc.error is not None and message in doc.error.message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="no such file"):
        open_pattern(tmp_path / "nope.md")


def test_save_as_new_path(pattern: Path, tmp_path: Path) -> None:
    doc = open_pattern(pattern)
    target = tmp_path / "copy.md"
    doc.save(target)
    assert target.read_bytes() == pattern.read_bytes()
