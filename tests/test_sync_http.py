"""Getting and sharing over smart HTTP (git http-backend on 127.0.0.1, started by the test): tokens,
a rejected push, a dropped clone, a fast start, servers that cannot be reached."""

from __future__ import annotations

import shutil
from pathlib import Path

import pygit2
import pytest

from editor.model.sync import auth, clone, share, update
from editor.model.sync.errors import AuthFailed, AuthRequired, NetworkError, PushRejected, SyncError
from tests.git_http import GIT, GitHttpServer, commit_files, free_port
from tests.sync_helpers import ANN, BEN, edit, keychain, make_bare_library  # noqa: F401  (keychain: autouse)

pytestmark = pytest.mark.skipif(GIT is None, reason="the test server runs `git http-backend`: git is not on PATH")

SCORE = "    resilience: 4.5\n"


@pytest.fixture
def served(tmp_path: Path):
    make_bare_library(tmp_path)
    with GitHttpServer(tmp_path, token="s3cret") as server:
        yield server


def test_a_token_from_the_keychain_gets_and_shares(served: GitHttpServer, tmp_path: Path) -> None:
    url = served.url_for("library.git")
    with pytest.raises(AuthRequired) as asked:
        clone.clone(url, tmp_path / "x")
    assert asked.value.host == "127.0.0.1" and not (tmp_path / "x").exists()
    auth.store_token("127.0.0.1", "s3cret")
    seen: list[tuple[int, int]] = []
    lib = clone.clone(url, tmp_path / "ann", progress=lambda d, t, b: seen.append((d, t))).library
    assert seen and seen[-1][0] == seen[-1][1]  # objects received, then indexed: done == total
    edit(lib / "adaptive-facilitation.md", SCORE, "    resilience: 3.5\n")
    done = share.share(lib, identity=ANN)
    remote = pygit2.Repository(str(tmp_path / "library.git"))
    assert remote.references[f"refs/heads/{done.branch}"].target == pygit2.Repository(str(lib.parent)).head.target
    assert served.errors == []


def test_a_wrong_token_is_refused_once_not_fifteen_times(served: GitHttpServer, tmp_path: Path) -> None:
    with pytest.raises(AuthFailed, match="refused the token"):
        clone.clone(served.url_for("library.git"), tmp_path / "x", auth.Auth(token="wrong"))
    assert served.unauthorized == 2  # the first ask, and the one answer that was refused
    assert sorted(p.name for p in tmp_path.iterdir()) == ["library.git"]


def test_rejected_push_then_get_the_latest_then_share(served: GitHttpServer, tmp_path: Path) -> None:
    url, token = served.url_for("library.git"), auth.Auth(token="s3cret")
    a = clone.clone(url, tmp_path / "ann", token).library
    b = clone.clone(url, tmp_path / "ben", token).library
    name = "adaptive-facilitation.md"
    original = (a / name).read_bytes()
    edit(a / name, SCORE, "    resilience: 3.5\n")
    edit(b / name, "    ownership: 3.0\n", "    ownership: 4.0\n")
    share.share(a, branch="main", identity=ANN, auth=token)
    with pytest.raises(PushRejected):
        share.share(b, branch="main", identity=BEN, auth=token)
    got = update.update(b, identity=BEN, auth=token)
    assert got.merge_commit and not got.conflicts
    share.share(b, branch="main", identity=BEN, auth=token)
    assert update.update(a, auth=token).summary() == "1 pattern updated"
    both = original.replace(SCORE.encode(), b"    resilience: 3.5\n").replace(b"ownership: 3.0", b"ownership: 4.0")
    assert (a / name).read_bytes() == (b / name).read_bytes() == both


def test_a_dropped_connection_leaves_nothing_and_a_retry_works(served: GitHttpServer, tmp_path: Path) -> None:
    url, token = served.url_for("library.git"), auth.Auth(token="s3cret")
    served.interrupt_after = 200
    with pytest.raises(NetworkError, match="dropped"):
        clone.clone(url, tmp_path / "ann", token)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["library.git"]
    served.interrupt_after = None
    assert clone.clone(url, tmp_path / "ann", token).library.is_dir()


def test_a_fast_start_is_shallow_and_still_gets_the_latest(served: GitHttpServer, tmp_path: Path) -> None:
    url, token = served.url_for("library.git"), auth.Auth(token="s3cret")
    lib = clone.clone(url, tmp_path / "ann", token, depth=1).library
    assert pygit2.Repository(str(lib.parent)).is_shallow
    bare = tmp_path / "library.git"
    text = (lib / "peer-support-circles.md").read_bytes().replace(b"title: ", b"title: Renewed ", 1)
    commit_files(bare, {"_patterns/peer-support-circles.md": text, "_patterns/new-one.md": text}, "upstream")
    got = update.update(lib, auth=token)
    assert got.summary() == "1 pattern updated, 1 new"
    assert (lib / "new-one.md").read_bytes() == text


def test_unreachable_and_missing_libraries_say_so(tmp_path: Path) -> None:
    with pytest.raises(NetworkError, match=r"could not reach 127\.0\.0\.1"):
        clone.clone(f"http://127.0.0.1:{free_port()}/library.git", tmp_path / "x")
    with pytest.raises(SyncError, match="there is no folder"):
        clone.clone(str(tmp_path / "nowhere"), tmp_path / "y")
    make_bare_library(tmp_path)
    with GitHttpServer(tmp_path) as server, pytest.raises(SyncError, match="there is no library at"):
        clone.clone(server.url_for("nothing.git"), tmp_path / "z")
    with GitHttpServer(tmp_path) as server:
        server.fail_status = 503
        with pytest.raises(NetworkError, match="had a problem"):
            clone.clone(server.url_for("library.git"), tmp_path / "w")
    assert not any(p.name.startswith((".x", ".y", ".z", ".w")) for p in tmp_path.iterdir())
    shutil.rmtree(tmp_path / "library.git")
