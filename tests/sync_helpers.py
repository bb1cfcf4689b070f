"""Repositories for the sync tests, made with pygit2 (no git command needed)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pygit2
import pytest

from editor.base.assets import sample_library
from editor.model.sync.repo import Identity

ANN = Identity("Ann Curator", "ann@example.org")
BEN = Identity("Ben Reviewer", "ben@example.org")
SAMPLE = ("adaptive-facilitation.md", "peer-support-circles.md", "harm-repair-conversations.md")


def make_bare_library(tmp: Path, names: tuple[str, ...] = SAMPLE, folder: str = "_patterns") -> Path:
    """A bare repository ``library.git`` whose ``main`` holds sample patterns under ``folder``."""
    work = tmp / "seed-work"
    repo = pygit2.init_repository(str(work), initial_head="main")
    (work / folder).mkdir(parents=True)
    for name in names:
        shutil.copyfile(sample_library() / name, work / folder / name)
    (work / "README.md").write_text("# A pattern library\n", "utf-8")
    index = repo.index
    index.add_all()
    index.write()
    sig = ANN.signature()
    repo.create_commit("refs/heads/main", sig, sig, "First patterns\n", index.write_tree(), [])
    bare = tmp / "library.git"
    pygit2.clone_repository(str(work), str(bare), bare=True)
    shutil.rmtree(work)
    return bare


def url_of(path: Path) -> str:
    return path.resolve().as_uri()


def edit(path: Path, old: str, new: str) -> None:
    data = path.read_bytes()
    assert data.count(old.encode()) == 1, f"{old!r} must occur once in {path}"
    path.write_bytes(data.replace(old.encode(), new.encode()))


class MemoryKeyring:
    """An in-memory keyring backend for tests: the system keychain is never touched."""

    def __init__(self) -> None:
        from keyring.backend import KeyringBackend

        store: dict[tuple[str, str], str] = {}

        class Memory(KeyringBackend):
            priority = 1

            def get_password(self, service, username):
                return store.get((service, username))

            def set_password(self, service, username, password):
                store[(service, username)] = password

            def delete_password(self, service, username):
                store.pop((service, username), None)

        self.store = store
        self.backend = Memory()
        self.backend.store = store  # for assertions: keyring.get_keyring().store

    def __enter__(self) -> MemoryKeyring:
        import keyring

        self._previous = keyring.get_keyring()
        keyring.set_keyring(self.backend)
        return self

    def __exit__(self, *exc) -> None:
        import keyring

        keyring.set_keyring(self._previous)


@pytest.fixture(autouse=True)
def keychain(monkeypatch):
    """An in-memory keychain for every test of a module that imports this fixture (the system's is
    never read or written), and no token from the environment."""
    from editor.model.sync.auth import TOKEN_ENV

    monkeypatch.delenv(TOKEN_ENV, raising=False)
    with MemoryKeyring() as k:
        yield k
