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
        monkeypatch.setattr(
            "editor.model.document.storage.os.access",
            lambda p, mode: False if Path(p) == pattern and mode & os.W_OK else real(p, mode),
        )
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


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        (b"", "empty file"),
    ],
)
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


# ------------------------------------------------------------ the save protocol itself
# These catch a storage.py that stops fsyncing the temporary file or writes in place.


def test_the_temporary_file_is_fsynced_before_it_replaces_the_file(pattern: Path, monkeypatch) -> None:
    from editor.model.document import storage

    events: list[tuple[str, object]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        st = os.fstat(fd)
        events.append(("fsync-file" if stat.S_ISREG(st.st_mode) else "fsync-dir", st.st_ino))
        real_fsync(fd)

    def replace(src, dst) -> None:
        events.append(("replace", os.stat(src).st_ino))
        real_replace(src, dst)

    monkeypatch.setattr(storage.os, "fsync", fsync)
    monkeypatch.setattr(storage.os, "replace", replace)
    doc = open_pattern(pattern)
    doc.set("title", "Synced")
    doc.save()
    new_inode = pattern.stat().st_ino
    kinds = [kind for kind, _ in events]
    assert ("fsync-file", new_inode) in events, "the new file's data was never fsynced"
    assert ("replace", new_inode) in events, "the file was not put in place by os.replace"
    assert kinds.index("fsync-file") < kinds.index("replace") < kinds.index("fsync-dir")


def test_save_replaces_the_file_instead_of_writing_into_it(pattern: Path) -> None:
    """A reader holding the old file keeps the old bytes: the new text arrives as a new file."""
    before = pattern.read_bytes()
    with open(pattern, "rb") as old:
        old_inode = os.fstat(old.fileno()).st_ino
        doc = open_pattern(pattern)
        doc.set("title", "Replaced")
        doc.save()
        assert pattern.stat().st_ino != old_inode
        assert old.read() == before
    assert b"Replaced" in pattern.read_bytes()


def test_a_failed_replace_leaves_the_file_and_no_temporary_file(pattern: Path, monkeypatch) -> None:
    before = pattern.read_bytes()

    def broken(src, dst) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("editor.model.document.storage.os.replace", broken)
    doc = open_pattern(pattern)
    doc.set("title", "Lost")
    with pytest.raises(SaveError, match="No space left"):
        doc.save()
    assert pattern.read_bytes() == before
    assert [p.name for p in pattern.parent.iterdir()] == [pattern.name]
    assert doc.dirty


def test_lock_files_live_in_the_users_cache_not_the_library(pattern: Path, _isolated_settings: Path) -> None:
    from editor.model.document.storage import lock_file_for

    doc = open_pattern(pattern)
    doc.set("title", "Locked")
    doc.save()
    lock = lock_file_for(pattern)
    assert lock.is_relative_to(_isolated_settings / "cache")
    assert sorted(p.name for p in pattern.parent.iterdir()) == [pattern.name]  # nothing for `git status`


def test_a_link_and_its_target_share_one_lock(pattern: Path, tmp_path: Path) -> None:
    from editor.model.document.storage import lock_file_for

    link = tmp_path / "link.md"
    link.symlink_to(pattern)
    assert lock_file_for(link) == lock_file_for(pattern)
    assert lock_file_for(tmp_path / "other.md") != lock_file_for(pattern)


# ------------------------------------------------------------ clear messages


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_file_is_named_as_such(tmp_path: Path, seed_text: str, encoding: str) -> None:
    path = tmp_path / "wide.md"
    path.write_bytes(seed_text.encode(encoding))
    with pytest.raises(LoadError) as caught:
        open_pattern(path)
    assert str(caught.value) == f"{path}: UTF-16 text: save it as UTF-8"


def test_symlink_loop_is_named_as_such(tmp_path: Path) -> None:
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.symlink_to(b)
    b.symlink_to(a)
    with pytest.raises(LoadError) as caught:
        open_pattern(a)
    assert str(caught.value).startswith(f"{a}: symbolic link loop")
    from editor.cli import main

    assert main(["set", str(a), "title=x"]) == 2
    assert main(["roundtrip", str(a)]) == 2


def test_dangling_link_names_its_target(tmp_path: Path) -> None:
    link = tmp_path / "a.md"
    link.symlink_to("gone.md")
    with pytest.raises(LoadError, match=r"symbolic link to a missing file \(gone.md\)"):
        open_pattern(link)


# ------------------------------------------------------------ roundtrip --out


def test_roundtrip_out_refuses_a_file_cleanly(tmp_path: Path, pattern: Path, capsys) -> None:
    from editor.cli import main

    out = tmp_path / "out.txt"
    out.write_text("mine")
    assert main(["roundtrip", str(pattern), "--out", str(out)]) == 2
    assert "is a file" in capsys.readouterr().err
    assert out.read_text() == "mine"


def test_roundtrip_out_reports_an_unwritable_folder(tmp_path: Path, pattern: Path, capsys, monkeypatch) -> None:
    from editor.cli import main

    out = tmp_path / "out"
    out.mkdir()
    real_write = Path.write_bytes

    def write_bytes(self: Path, data: bytes) -> int:
        if self.parent == out:  # root ignores permission bits; the OS would say this
            raise PermissionError(13, "Permission denied")
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)
    assert main(["roundtrip", str(pattern), "--out", str(out)]) == 2
    assert "cannot write: Permission denied" in capsys.readouterr().err


def test_roundtrip_out_cannot_create_the_folder(tmp_path: Path, pattern: Path, capsys) -> None:
    from editor.cli import main

    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["roundtrip", str(pattern), "--out", str(blocker / "sub")]) == 2
    assert "cannot create the folder" in capsys.readouterr().err


def test_roundtrip_out_never_overwrites_its_inputs(pattern: Path, capsys) -> None:
    from editor.cli import main

    before = pattern.read_bytes()
    assert main(["roundtrip", str(pattern), "--out", str(pattern.parent)]) == 2
    assert "overwrite" in capsys.readouterr().err
    assert pattern.read_bytes() == before


def test_roundtrip_out_writes_the_files(tmp_path: Path, pattern: Path) -> None:
    from editor.cli import main

    out = tmp_path / "new" / "out"
    assert main(["roundtrip", str(pattern), "--out", str(out)]) == 0
    assert (out / pattern.name).read_bytes() == pattern.read_bytes()


# ------------------------------------------------------------ recovery snapshots


def test_recovery_keep_reports_os_errors_as_save_errors(tmp_path: Path, pattern: Path) -> None:
    from editor.model.document.recovery import RecoveryStore

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(SaveError, match="not kept for recovery"):
        RecoveryStore(blocker / "recovery").keep(str(pattern), "text", "digest")
    with pytest.raises(SaveError, match="not kept for recovery"):  # a lone surrogate cannot be encoded
        RecoveryStore(tmp_path / "recovery").keep(str(pattern), "bad \udc80", "digest")


def test_recovery_keep_reports_write_failures(tmp_path: Path, pattern: Path, monkeypatch) -> None:
    from editor.model.document.recovery import RecoveryStore

    def full(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("editor.model.document.recovery.atomic_write", full)
    with pytest.raises(SaveError, match="No space left"):
        RecoveryStore(tmp_path / "recovery").keep(str(pattern), "text", "digest")


def test_a_same_size_change_within_one_clock_tick_is_still_a_change(pattern: Path) -> None:
    """Two quick saves of the same size can leave mtime and size alike; the stamp compares content."""
    doc = open_pattern(pattern)
    st = pattern.stat()
    text = pattern.read_text(encoding="utf-8")
    theirs = text.replace("Restorative Practices for Helpers", "Restorative Practices for Helperz", 1)
    assert len(theirs) == len(text)
    pattern.write_text(theirs, encoding="utf-8")
    os.utime(pattern, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert not doc.stamp.matches_disk(pattern)
    doc.set("title", "Mine")
    with pytest.raises(ExternalChangeError):
        doc.save()
    assert pattern.read_text(encoding="utf-8") == theirs
