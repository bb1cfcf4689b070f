"""What pygit2 (libgit2) does against a real smart-HTTP server, a local bare repository and a closed port.

These tests drive pygit2 directly, not the app: they pin down the exception classes and messages that
editor.model.sync has to turn into words for a curator, and check the test server in tests/git_http.py.
"""

from __future__ import annotations

from pathlib import Path

import pygit2
import pytest

from .git_http import GIT, SIGNATURE, GitHttpServer, commit_files, free_port, make_library_repo

needs_git = pytest.mark.skipif(GIT is None, reason="git is not on PATH: the test HTTP server runs git http-backend")

FILES = {"alpha.md": b"# Alpha\n", "patterns/beta.md": b"# Beta\n"}
TOKEN = "s3cret-token"


class Recorder(pygit2.RemoteCallbacks):
    """Token credentials (UserPass) with a limit on the calls, and a record of everything libgit2 reports."""

    def __init__(self, token: str | None = None, user: str = "x-access-token", max_calls: int | None = None) -> None:
        super().__init__()
        self.token, self.user, self.max_calls = token, user, max_calls
        self.credential_calls: list[tuple[str, str | None, pygit2.enums.CredentialType]] = []
        self.updates: list[tuple[str, str | None]] = []
        self.sideband: list[str] = []

    def credentials(self, url, username_from_url, allowed_types):
        self.credential_calls.append((url, username_from_url, allowed_types))
        if self.token is None:
            raise pygit2.Passthrough
        if self.max_calls is not None and len(self.credential_calls) > self.max_calls:
            # libgit2 calls again after every 401: a second call means the token was refused
            raise pygit2.AuthError("the token was refused")
        return pygit2.UserPass(self.user, self.token)

    def push_update_reference(self, refname, message):
        self.updates.append((refname, message))

    def sideband_progress(self, string):
        self.sideband.append(string)


class Cancelled(Exception):
    pass


class CancelOnProgress(Recorder):
    def transfer_progress(self, stats):
        raise Cancelled("cancelled by the user")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    served = tmp_path / "served"
    served.mkdir()
    make_library_repo(served, FILES)
    return served


def commit_in(repo: pygit2.Repository, name: str, data: bytes, message: str) -> pygit2.Oid:
    (Path(repo.workdir) / name).write_bytes(data)
    repo.index.add(name)
    repo.index.write()
    return repo.create_commit("HEAD", SIGNATURE, SIGNATURE, message, repo.index.write_tree(), [repo.head.target])


def tip(bare: Path, branch: str = "main") -> pygit2.Oid:
    return pygit2.Repository(str(bare)).references[f"refs/heads/{branch}"].target


# --- the helper itself --------------------------------------------------------------------------


def test_make_library_repo_is_bare_on_main_with_the_files(root: Path) -> None:
    repo = pygit2.Repository(str(root / "library.git"))
    assert repo.is_bare and repo.head.shorthand == "main"
    tree = repo.head.peel(pygit2.Commit).tree
    assert tree["alpha.md"].data == b"# Alpha\n"
    assert tree["patterns"]["beta.md"].data == b"# Beta\n"
    second = commit_files(root / "library.git", {"gamma.md": b"# Gamma\n"}, "Add gamma")
    assert repo.head.target == second
    assert sorted(e.name for e in repo.head.peel(pygit2.Commit).tree) == ["alpha.md", "gamma.md", "patterns"]


# --- clone and fetch over HTTP ------------------------------------------------------------------


@needs_git
def test_clone_over_http_without_auth(root: Path, tmp_path: Path) -> None:
    with GitHttpServer(root) as server:
        assert server.url_for("library.git") == f"http://127.0.0.1:{server.port}/library.git"
        repo = pygit2.clone_repository(server.url_for("library.git"), str(tmp_path / "clone"))
    assert (tmp_path / "clone" / "patterns" / "beta.md").read_bytes() == b"# Beta\n"
    assert repo.head.shorthand == "main"
    assert server.log == [
        ("GET", "/library.git/info/refs?service=git-upload-pack", 200),
        ("POST", "/library.git/git-upload-pack", 200),
    ]
    assert server.unauthorized == 0 and server.errors == []


@needs_git
def test_clone_with_a_token_asks_for_credentials_once(root: Path, tmp_path: Path) -> None:
    callbacks = Recorder(TOKEN)
    with GitHttpServer(root, token=TOKEN) as server:
        url = server.url_for("library.git")
        pygit2.clone_repository(url, str(tmp_path / "clone"), callbacks=callbacks)
    assert (tmp_path / "clone" / "alpha.md").exists()
    # one 401 for the anonymous first request; the credentials are then sent with every request
    assert callbacks.credential_calls == [(url, None, pygit2.enums.CredentialType.USERPASS_PLAINTEXT)]
    assert server.unauthorized == 1 and server.requests == 3
    assert server.users == ["x-access-token", "x-access-token"]


@needs_git
def test_a_user_name_in_the_url_reaches_the_callback(root: Path, tmp_path: Path) -> None:
    callbacks = Recorder(TOKEN, user="oauth2")
    with GitHttpServer(root, token=TOKEN, user="oauth2") as server:
        url = server.url_for("library.git").replace("http://", "http://alice@")
        with pytest.raises(pygit2.AuthError):  # the server wants "oauth2"; the callback answers x-access-token
            pygit2.clone_repository(url, str(tmp_path / "a"), callbacks=Recorder(TOKEN, max_calls=1))
        pygit2.clone_repository(url, str(tmp_path / "b"), callbacks=callbacks)
    assert callbacks.credential_calls[0][:2] == (url, "alice")
    # libgit2 first tries the URL's name with an empty password (one more 401), then asks the callback
    assert server.users == ["alice", "x-access-token", "alice", "oauth2", "oauth2"]


@needs_git
def test_a_token_is_required(root: Path, tmp_path: Path) -> None:
    with GitHttpServer(root, token=TOKEN) as server:
        url = server.url_for("library.git")
        # no credentials callback at all (pygit2's default raises Passthrough)
        with pytest.raises(pygit2.AuthError, match=r"^remote authentication required but no callback set$"):
            pygit2.clone_repository(url, str(tmp_path / "a"))
        # a token in the URL works without a callback; a wrong one fails the same way as none
        pygit2.clone_repository(url.replace("http://", f"http://me:{TOKEN}@"), str(tmp_path / "b"))
        with pytest.raises(pygit2.AuthError, match="no callback set"):
            pygit2.clone_repository(url.replace("http://", "http://me:wrong@"), str(tmp_path / "c"))
    assert not (tmp_path / "a").exists() and not (tmp_path / "c").exists()


@needs_git
def test_a_wrong_token_is_replayed_until_libgit2_gives_up(root: Path, tmp_path: Path) -> None:
    callbacks = Recorder("wrong")
    replays = pytest.raises(pygit2.GitError, match=r"^too many redirects or authentication replays$")
    with GitHttpServer(root, token=TOKEN) as server, replays as caught:
        pygit2.clone_repository(server.url_for("library.git"), str(tmp_path / "a"), callbacks=callbacks)
    assert type(caught.value) is pygit2.GitError  # not AuthError
    assert caught.value.error_class == 34  # GIT_ERROR_HTTP
    # the callback is asked again after every 401, 15 times in libgit2 1.9; no endless loop, but no quick answer
    assert len(callbacks.credential_calls) == server.unauthorized >= 2


@needs_git
def test_a_callback_stops_the_replays_by_raising(root: Path, tmp_path: Path) -> None:
    callbacks = Recorder("wrong", max_calls=1)
    refused = pytest.raises(pygit2.AuthError, match=r"^the token was refused$")
    with GitHttpServer(root, token=TOKEN) as server, refused:
        pygit2.clone_repository(server.url_for("library.git"), str(tmp_path / "a"), callbacks=callbacks)
    assert len(callbacks.credential_calls) == 2 and server.unauthorized == 2


@needs_git
def test_an_exception_in_a_callback_comes_out_unchanged(root: Path, tmp_path: Path) -> None:
    class LockedKeyring(pygit2.RemoteCallbacks):
        def credentials(self, url, username_from_url, allowed_types):
            raise KeyError("keyring locked")

    with GitHttpServer(root, token=TOKEN) as server:
        with pytest.raises(KeyError, match="keyring locked"):
            pygit2.clone_repository(server.url_for("library.git"), str(tmp_path / "a"), callbacks=LockedKeyring())
        callbacks = CancelOnProgress(TOKEN)
        with pytest.raises(Cancelled, match="cancelled by the user") as caught:
            pygit2.clone_repository(server.url_for("library.git"), str(tmp_path / "b"), callbacks=callbacks)
    assert caught.value is callbacks._stored_exception  # the very object raised in the callback
    assert not (tmp_path / "b").exists()  # libgit2 removes the folder it created


@needs_git
def test_shallow_clone_and_fetch_with_depth_1(root: Path, tmp_path: Path) -> None:
    bare = root / "library.git"
    commit_files(bare, {"gamma.md": b"# Gamma\n"}, "Add gamma")
    newest = commit_files(bare, {"delta.md": b"# Delta\n"}, "Add delta")
    with GitHttpServer(root) as server:
        url = server.url_for("library.git")
        shallow = pygit2.clone_repository(url, str(tmp_path / "shallow"), depth=1)
        assert shallow.is_shallow
        assert [c.id for c in shallow.walk(shallow.head.target)] == [newest]

        fetched = pygit2.init_repository(str(tmp_path / "fetched"))
        fetched.remotes.create("origin", url)
        fetched.remotes["origin"].fetch(depth=1)
        assert fetched.is_shallow
        assert fetched.references["refs/remotes/origin/main"].target == newest
        fetched.remotes["origin"].fetch(depth=2**31 - 1)  # GIT_FETCH_DEPTH_UNSHALLOW
        assert not fetched.is_shallow
        assert len(list(fetched.walk(newest))) == 3


# --- push over HTTP -----------------------------------------------------------------------------


@needs_git
def test_push_a_commit_and_a_new_branch(root: Path, tmp_path: Path) -> None:
    bare = root / "library.git"
    with GitHttpServer(root, token=TOKEN) as server:
        repo = pygit2.clone_repository(server.url_for("library.git"), str(tmp_path / "a"), callbacks=Recorder(TOKEN))
        new = commit_in(repo, "alpha.md", b"# Alpha, edited\n", "Edit alpha")
        repo.branches.local.create("topic", repo.head.peel(pygit2.Commit))
        callbacks = Recorder(TOKEN)
        assert repo.remotes["origin"].push(["refs/heads/main", "refs/heads/topic"], callbacks=callbacks) is None
        with pytest.raises(pygit2.AuthError, match="no callback set"):
            repo.remotes["origin"].push(["refs/heads/topic:refs/heads/other"])
    assert callbacks.updates == [("refs/heads/main", None), ("refs/heads/topic", None)]  # None: accepted
    assert tip(bare) == new and tip(bare, "topic") == new
    assert repo.references["refs/remotes/origin/topic"].target == new
    assert ("POST", "/library.git/git-receive-pack", 200) in server.log


@needs_git
def test_a_non_fast_forward_push_is_refused_before_sending(root: Path, tmp_path: Path) -> None:
    with GitHttpServer(root) as server:
        url = server.url_for("library.git")
        first = pygit2.clone_repository(url, str(tmp_path / "first"))
        second = pygit2.clone_repository(url, str(tmp_path / "second"))
        commit_in(first, "alpha.md", b"# Alpha by first\n", "First edits")
        first.remotes["origin"].push(["refs/heads/main"])
        commit_in(second, "beta.md", b"beta\n", "Second edits")
        callbacks = Recorder()
        # the remote's tip is a commit the second clone has never seen
        with pytest.raises(pygit2.GitError) as caught:
            second.remotes["origin"].push(["refs/heads/main"], callbacks=callbacks)
        assert str(caught.value) == (
            "cannot push because a reference that you are trying to update on the remote"
            " contains commits that are not present locally."
        )
        assert type(caught.value) is pygit2.GitError and caught.value.error_class == 4  # GIT_ERROR_REFERENCE
        # after a fetch the commit is known but the push still is not a fast-forward
        second.remotes["origin"].fetch()
        with pytest.raises(pygit2.GitError, match=r"^cannot push non-fastforwardable reference$"):
            second.remotes["origin"].push(["refs/heads/main"], callbacks=callbacks)
    assert callbacks.updates == []  # refused by libgit2 itself: the server never saw a pack


@needs_git
def test_a_push_the_server_rejects_succeeds_and_says_so_only_in_the_callback(root: Path, tmp_path: Path) -> None:
    bare = root / "library.git"
    with GitHttpServer(root) as server:
        url = server.url_for("library.git")
        first = pygit2.clone_repository(url, str(tmp_path / "first"))
        second = pygit2.clone_repository(url, str(tmp_path / "second"))
        commit_in(first, "alpha.md", b"# Alpha by first\n", "First edits")
        first.remotes["origin"].push(["refs/heads/main"])
        mine = commit_in(second, "beta.md", b"beta\n", "Second edits")

        pygit2.Repository(str(bare)).config["receive.denyNonFastForwards"] = True
        callbacks = Recorder()
        second.remotes["origin"].push(["+refs/heads/main"], callbacks=callbacks)  # no exception
        assert callbacks.updates == [("refs/heads/main", "non-fast-forward")]

        hook = bare / "hooks" / "pre-receive"
        hook.write_text("#!/bin/sh\necho 'main is frozen' >&2\nexit 1\n")
        hook.chmod(0o755)
        callbacks = Recorder()
        second.remotes["origin"].push(["refs/heads/main:refs/heads/frozen"], callbacks=callbacks)
        assert callbacks.updates == [("refs/heads/frozen", "pre-receive hook declined")]
        assert "main is frozen" in "".join(callbacks.sideband)  # the hook's words come as sideband text
    assert tip(bare) != mine and "refs/heads/frozen" not in pygit2.Repository(str(bare)).references


# --- faults -------------------------------------------------------------------------------------


@needs_git
@pytest.mark.parametrize(
    ("reset", "message"),
    [
        (False, "http parser did not consume entire buffer: Invalid EOF state"),
        (True, "error receiving data from socket: Connection reset by peer"),
    ],
)
def test_an_interrupted_clone(root: Path, tmp_path: Path, reset: bool, message: str) -> None:
    with GitHttpServer(root) as server:
        server.interrupt_after = 100
        server.interrupt_with_reset = reset
        with pytest.raises(pygit2.GitError) as caught:
            pygit2.clone_repository(server.url_for("library.git"), str(tmp_path / "clone"))
        assert str(caught.value) == message
        assert type(caught.value) is pygit2.GitError
        assert caught.value.error_class == (12 if reset else 34)  # GIT_ERROR_NET, GIT_ERROR_HTTP
        assert not (tmp_path / "clone").exists()
        server.interrupt_after = None
        pygit2.clone_repository(server.url_for("library.git"), str(tmp_path / "clone"))  # a retry works
    assert (tmp_path / "clone" / "alpha.md").exists()


@needs_git
def test_http_error_statuses(root: Path, tmp_path: Path) -> None:
    with GitHttpServer(root) as server:
        with pytest.raises(pygit2.GitError, match=r"^unexpected http status code: 404$"):
            pygit2.clone_repository(server.url_for("missing.git"), str(tmp_path / "a"))
        server.fail_status = 503
        with pytest.raises(pygit2.GitError, match=r"^unexpected http status code: 503$") as caught:
            pygit2.clone_repository(server.url_for("library.git"), str(tmp_path / "b"))
    assert caught.value.error_class == 34


@needs_git
def test_a_stalled_server_times_out_only_with_a_server_timeout(root: Path, tmp_path: Path) -> None:
    # libgit2 waits forever by default (server_timeout 0); the option is process-wide
    before = pygit2.settings.server_timeout
    pygit2.settings.server_timeout = 300  # milliseconds
    try:
        with GitHttpServer(root) as server:
            server.stall = 5.0
            with pytest.raises(pygit2.GitError, match=r"^could not read from socket: timed out$") as caught:
                pygit2.clone_repository(server.url_for("library.git"), str(tmp_path / "a"))
    finally:
        pygit2.settings.server_timeout = before
    assert caught.value.error_class == 12  # GIT_ERROR_NET


def test_connection_refused_for_http_https_and_ssh(tmp_path: Path) -> None:
    port = free_port()
    for url in (
        f"http://127.0.0.1:{port}/library.git",
        f"https://127.0.0.1:{port}/library.git",
        f"ssh://git@127.0.0.1:{port}/library.git",
    ):
        with pytest.raises(pygit2.GitError, match=r"^failed to connect to 127.0.0.1: Connection refused$") as caught:
            pygit2.clone_repository(url, str(tmp_path / "clone"))
        assert type(caught.value) is pygit2.GitError and caught.value.error_class == 2  # GIT_ERROR_OS
    assert not (tmp_path / "clone").exists()


# --- local bare repositories (a path or a file:// URL) ----------------------------------------------


def test_local_clone_errors(tmp_path: Path) -> None:
    not_a_repo = tmp_path / "plain"
    not_a_repo.mkdir()
    with pytest.raises(pygit2.NotFoundError, match="could not find repository at"):
        pygit2.clone_repository(str(not_a_repo), str(tmp_path / "a"))
    with pytest.raises(pygit2.GitError, match=r"^could not find repository at '.*plain'$"):
        pygit2.clone_repository(not_a_repo.as_uri(), str(tmp_path / "b"))
    # a path that does not exist is not taken for a path at all
    with pytest.raises(pygit2.GitError, match=r"^unsupported URL protocol$"):
        pygit2.clone_repository(str(tmp_path / "missing"), str(tmp_path / "c"))
    with pytest.raises(pygit2.GitError, match=r"^failed to resolve path '.*missing': No such file or directory$"):
        pygit2.clone_repository((tmp_path / "missing").as_uri(), str(tmp_path / "d"))
    bare = make_library_repo(tmp_path, FILES)
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    with pytest.raises(pygit2.AlreadyExistsError, match="exists and is not an empty directory"):
        pygit2.clone_repository(str(bare), str(tmp_path / "full"))


@pytest.mark.parametrize("as_uri", [False, True])
def test_local_pushes(tmp_path: Path, as_uri: bool) -> None:
    bare = make_library_repo(tmp_path, FILES)
    url = bare.as_uri() if as_uri else str(bare)
    first = pygit2.clone_repository(url, str(tmp_path / "first"))
    second = pygit2.clone_repository(url, str(tmp_path / "second"))
    new = commit_in(first, "alpha.md", b"# Alpha by first\n", "First edits")
    callbacks = Recorder()
    first.remotes["origin"].push(["refs/heads/main"], callbacks=callbacks)
    assert callbacks.updates == [("refs/heads/main", None)] and tip(bare) == new
    mine = commit_in(second, "beta.md", b"beta\n", "Second edits")
    with pytest.raises(pygit2.GitError, match="contains commits that are not present locally"):
        second.remotes["origin"].push(["refs/heads/main"])
    second.remotes["origin"].fetch()
    with pytest.raises(pygit2.GitError, match=r"^cannot push non-fastforwardable reference$"):
        second.remotes["origin"].push(["refs/heads/main"])
    # the local transport writes the refs itself: no receive.denyNonFastForwards, no hooks
    pygit2.Repository(str(bare)).config["receive.denyNonFastForwards"] = True
    second.remotes["origin"].push(["+refs/heads/main"])
    assert tip(bare) == mine
