"""Getting and sharing over SSH (a paramiko server on 127.0.0.1 running `git upload-pack` and
`git receive-pack`): a chosen key file, the SSH agent, an unknown host, a trusted host, a refused key.

libgit2 checks the server's key against ``<homedir>/.ssh/known_hosts``; every test points
``pygit2.settings.homedir`` at a temporary folder, so the real ~/.ssh is never read or written.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pygit2
import pytest

from editor.model.sync import auth, clone, share, update
from editor.model.sync.errors import AuthFailed, HostKeyChanged, HostKeyUnknown, PassphraseNeeded, SyncError
from tests.git_ssh import GIT, GitSshServer, Key, isolated_home, make_key, write_known_hosts
from tests.sync_helpers import ANN, edit, make_bare_library

pytestmark = pytest.mark.skipif(GIT is None, reason="the test server runs `git upload-pack`: git is not on PATH")

SCORE = "    resilience: 4.5\n"
SSH_AGENT, SSH_ADD = shutil.which("ssh-agent"), shutil.which("ssh-add")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """libgit2's home directory (where it reads .ssh/known_hosts) in a temporary folder, no agent."""
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # for ssh-add and anything else that looks
    with isolated_home(tmp_path / "home") as folder:
        yield folder


@pytest.fixture
def key(tmp_path: Path) -> Key:
    return make_key(tmp_path / "keys" / "id_ed25519")


@pytest.fixture
def served(tmp_path: Path, key: Key, home: Path):
    """The library served over SSH to ``key``, the server's key in known_hosts."""
    make_bare_library(tmp_path)
    with GitSshServer(tmp_path, authorized=[key.public]) as server:
        write_known_hosts(home, server)
        yield server
        assert server.errors == []


def left_in(tmp_path: Path) -> list[str]:
    return sorted(p.name for p in tmp_path.iterdir() if p.name not in ("home", "keys"))


def test_a_chosen_key_file_gets_the_library(served: GitSshServer, key: Key, tmp_path: Path) -> None:
    got = clone.clone(served.url_for("library.git"), tmp_path / "ann", auth.Auth(ssh_key=key.path))
    assert (got.library / "adaptive-facilitation.md").is_file()
    assert served.accepted == [key.fingerprint] and served.refused == []
    assert served.users == ["git", "git"] and served.commands == ["git-upload-pack '/library.git'"]


def test_a_url_without_a_user_name_signs_in_as_git(served: GitSshServer, key: Key, tmp_path: Path) -> None:
    url = served.url_for("library.git").replace("git@", "")
    assert clone.clone(url, tmp_path / "ann", auth.Auth(ssh_key=key.path)).library.is_dir()
    assert set(served.users) == {"git"}


def test_an_unknown_host_is_refused_and_leaves_nothing(
    served: GitSshServer, key: Key, home: Path, tmp_path: Path
) -> None:
    (home / ".ssh" / "known_hosts").unlink()
    url = served.url_for("library.git")
    with pytest.raises(HostKeyUnknown) as refused:
        clone.clone(url, tmp_path / "ann", auth.Auth(ssh_key=key.path))
    assert refused.value.host == "127.0.0.1"
    assert str(refused.value) == (
        f"{url}: the identity of 127.0.0.1 could not be checked: it is not among this computer's known hosts"
    )
    assert served.auth_attempts == 0 and served.commands == []  # no key was offered to an unchecked host
    assert left_in(tmp_path) == ["library.git"]


def test_another_key_for_the_host_is_refused_outright(
    served: GitSshServer, key: Key, home: Path, tmp_path: Path
) -> None:
    """known_hosts lists the server with another key: maybe someone in between. Refused even when the
    user once trusted the host, and not offered to trust (a different error from an unknown host)."""
    port = served.address[1]
    (home / ".ssh" / "known_hosts").write_text(f"[127.0.0.1]:{port} {make_key().public}\n", "ascii")
    trusting = auth.Auth(ssh_key=key.path, trusted_hosts={f"127.0.0.1:{port}"})
    with pytest.raises(HostKeyChanged, match=r"127\.0\.0\.1 answered with another identity"):
        clone.clone(served.url_for("library.git"), tmp_path / "ann", trusting)
    assert served.auth_attempts == 0 and left_in(tmp_path) == ["library.git"]


def test_a_host_the_user_trusts_is_accepted(served: GitSshServer, key: Key, home: Path, tmp_path: Path) -> None:
    (home / ".ssh" / "known_hosts").unlink()
    with pytest.raises(HostKeyUnknown) as unknown:
        clone.clone(served.url_for("library.git"), tmp_path / "x", auth.Auth(ssh_key=key.path))
    assert unknown.value.trust_key == f"127.0.0.1:{served.address[1]}"  # trust is per host and port
    trusted = auth.Auth(ssh_key=key.path, trusted_hosts={unknown.value.trust_key})
    assert clone.clone(served.url_for("library.git"), tmp_path / "ann", trusted).library.is_dir()
    assert served.accepted == [key.fingerprint]


def test_a_key_the_server_refuses_is_tried_once(served: GitSshServer, tmp_path: Path) -> None:
    stranger = make_key(tmp_path / "keys" / "id_stranger")
    asked: list[int] = []
    original = auth.Callbacks.credentials

    def counting(self, url, username_from_url, allowed_types):
        asked.append(allowed_types)
        return original(self, url, username_from_url, allowed_types)

    started = time.monotonic()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(auth.Callbacks, "credentials", counting)
        with pytest.raises(AuthFailed) as refused:
            clone.clone(served.url_for("library.git"), tmp_path / "ann", auth.Auth(ssh_key=stranger.path))
    assert str(refused.value) == f"{served.url_for('library.git')}: 127.0.0.1 refused the SSH key {stranger.path}"
    assert refused.value.host == "127.0.0.1"
    assert len(asked) == 2  # the key, then the ask that means it was refused
    assert served.auth_attempts == 1 and served.refused == [stranger.fingerprint] and served.accepted == []
    assert time.monotonic() - started < 10
    assert left_in(tmp_path) == ["library.git"]


def test_a_missing_key_file_says_so(served: GitSshServer, tmp_path: Path) -> None:
    url, missing = served.url_for("library.git"), tmp_path / "keys" / "nope"
    with pytest.raises(SyncError) as failed:
        clone.clone(url, tmp_path / "ann", auth.Auth(ssh_key=missing))
    assert type(failed.value) is SyncError  # not AuthFailed: the window would ask for a token
    assert str(failed.value) == f"{url}: there is no SSH key file at {missing}: choose another key file"
    assert served.auth_attempts == 0 and left_in(tmp_path) == ["library.git"]


def test_a_key_locked_with_a_passphrase(served: GitSshServer, tmp_path: Path) -> None:
    url = served.url_for("library.git")
    locked = make_key(tmp_path / "keys" / "id_locked", passphrase="open sesame")
    served.authorize(locked.public)
    with pytest.raises(PassphraseNeeded) as needed:  # none given: the window asks for it, then tries again
        clone.clone(url, tmp_path / "x", auth.Auth(ssh_key=locked.path))
    assert needed.value.key == str(locked.path)
    assert served.auth_attempts == 0
    with pytest.raises(AuthFailed) as refused:  # a wrong one, the public key beside: libssh2 asked the server first
        clone.clone(url, tmp_path / "x", auth.Auth(ssh_key=locked.path, ssh_passphrase="wrong"))
    assert str(refused.value) == f"{url}: 127.0.0.1 refused the SSH key {locked.path} (or its passphrase is wrong)"
    Path(str(locked.path) + ".pub").unlink()
    with pytest.raises(SyncError) as failed:  # a wrong one, no public key: libssh2 cannot even read the key
        clone.clone(url, tmp_path / "x", auth.Auth(ssh_key=locked.path, ssh_passphrase="wrong"))
    assert str(failed.value) == (
        f"{url}: the SSH key could not be opened: its passphrase is wrong, or the file is not a private key"
    )
    assert left_in(tmp_path) == ["library.git"]
    got = clone.clone(url, tmp_path / "ann", auth.Auth(ssh_key=locked.path, ssh_passphrase="open sesame"))
    assert got.library.is_dir() and served.accepted == [locked.fingerprint]


# ---------------------------------------------------------------- the SSH agent


@pytest.fixture
def agent(home: Path, monkeypatch: pytest.MonkeyPatch):
    """An ssh-agent of this test's own on a temporary socket, SSH_AUTH_SOCK pointing to it."""
    if SSH_AGENT is None or SSH_ADD is None:
        pytest.skip("ssh-agent and ssh-add are not on PATH")
    folder = Path(tempfile.mkdtemp(prefix="agent-"))  # short: a socket path has ~100 characters at most
    sock = folder / "agent.sock"
    proc = subprocess.Popen([SSH_AGENT, "-D", "-a", str(sock)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while not sock.exists():
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"ssh-agent did not start: {proc.stderr.read().decode() if proc.stderr else ''}")
            time.sleep(0.02)
        monkeypatch.setenv("SSH_AUTH_SOCK", str(sock))

        def add(key: Key) -> None:
            subprocess.run([SSH_ADD, str(key.path)], check=True, capture_output=True, timeout=10, env=os.environ)

        yield add
    finally:
        proc.terminate()
        proc.wait(10)
        shutil.rmtree(folder, ignore_errors=True)


def test_the_agent_signs_in_without_a_key_file(served: GitSshServer, key: Key, agent, tmp_path: Path) -> None:
    agent(make_key(tmp_path / "keys" / "id_other"))  # the agent tries its keys in turn
    agent(key)
    got = clone.clone(served.url_for("library.git"), tmp_path / "ann", auth.Auth())
    assert got.library.is_dir()
    assert served.accepted == [key.fingerprint]


def test_an_agent_without_the_right_key_is_refused_once(served: GitSshServer, agent, tmp_path: Path) -> None:
    agent(make_key(tmp_path / "keys" / "id_other"))
    with pytest.raises(AuthFailed) as refused:
        clone.clone(served.url_for("library.git"), tmp_path / "ann")
    assert str(refused.value) == (
        f"{served.url_for('library.git')}: 127.0.0.1 refused the keys of the SSH agent (or the agent holds none)"
    )
    assert served.auth_attempts == 1 and served.accepted == []
    assert left_in(tmp_path) == ["library.git"]


def test_no_agent_and_no_key_file_says_so(served: GitSshServer, tmp_path: Path) -> None:
    url = served.url_for("library.git")
    with pytest.raises(SyncError) as failed:
        clone.clone(url, tmp_path / "ann")
    assert type(failed.value) is SyncError
    assert str(failed.value) == (
        f"{url}: no SSH agent is running and no SSH key file is chosen: start the agent, or choose a key file "
        "(Preferences → SSH key)"
    )
    assert served.auth_attempts == 0 and left_in(tmp_path) == ["library.git"]


# ---------------------------------------------------------------- sharing


def test_share_over_ssh_then_get_the_latest(served: GitSshServer, key: Key, tmp_path: Path) -> None:
    url, signed = served.url_for("library.git"), auth.Auth(ssh_key=key.path)
    a = clone.clone(url, tmp_path / "ann", signed).library
    b = clone.clone(url, tmp_path / "ben", signed).library
    name = "adaptive-facilitation.md"
    edit(a / name, SCORE, "    resilience: 3.5\n")
    done = share.share(a, identity=ANN, auth=signed)
    assert not done.direct and done.branch != "main"
    bare = pygit2.Repository(str(tmp_path / "library.git"))
    pushed = bare.references[f"refs/heads/{done.branch}"].target
    assert str(pushed) == done.commit and bare.references["refs/heads/main"].target != pushed
    assert "git-receive-pack '/library.git'" in served.commands
    bare.references["refs/heads/main"].set_target(pushed)  # the maintainer takes the change
    got = update.update(b, auth=signed)
    assert got.summary() == "1 pattern updated"
    assert (b / name).read_bytes() == (a / name).read_bytes()
