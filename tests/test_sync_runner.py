"""SyncTask's questions: a token only when a token was refused, a passphrase for a locked key, trust
for an unknown host (remembered per host and port), never trust for a host whose key changed."""

from __future__ import annotations

from editor.model.sync.errors import AuthFailed, AuthRequired, HostKeyChanged, HostKeyUnknown, PassphraseNeeded
from editor.ui.sync.runner import SyncTask
from tests.sync_helpers import keychain  # noqa: F401  (keychain: autouse)
from tests.ui_helpers import ScriptedDialogs


class Prefs:
    trusted_hosts: list[str] = []
    ssh_key = ""


def run_task(qtbot, raises: list[BaseException], dialogs: ScriptedDialogs, settings=None):
    """Run a call that raises each of ``raises`` in turn, then returns the Auth it was given."""
    task = SyncTask(dialogs, settings)
    seen = []

    def call(auth, progress, cancelled):
        seen.append((auth.token, auth.ssh_passphrase, set(auth.trusted_hosts)))
        if raises:
            raise raises.pop(0)
        return "done"

    outcome = []
    task.succeeded.connect(lambda r: outcome.append(("ok", r)))
    task.failed.connect(lambda e: outcome.append(("failed", e)))
    task.start(call)
    qtbot.waitUntil(lambda: bool(outcome), timeout=5000)
    task.wait(5)
    return outcome[0], seen


def test_a_token_is_asked_for_and_kept_in_the_keychain(qtbot) -> None:
    import keyring

    dialogs = ScriptedDialogs()
    dialogs.tokens = [("s3cret", True)]
    outcome, seen = run_task(qtbot, [AuthRequired("asks", "", "example.org")], dialogs)
    assert outcome == ("ok", "done") and seen[-1][0] == "s3cret"
    assert keyring.get_keyring().store == {("pattern-editor git", "example.org"): "s3cret"}


def test_a_refused_ssh_key_does_not_ask_for_a_token(qtbot) -> None:
    dialogs = ScriptedDialogs()
    outcome, _ = run_task(qtbot, [AuthFailed("refused the SSH key", "", "h", kind="ssh")], dialogs)
    assert outcome[0] == "failed" and dialogs.asked == []


def test_a_locked_key_asks_for_its_passphrase(qtbot) -> None:
    dialogs = ScriptedDialogs()
    dialogs.passphrases = ["open sesame"]
    outcome, seen = run_task(qtbot, [PassphraseNeeded("locked", "", "/k/id")], dialogs)
    assert outcome == ("ok", "done") and seen[-1][1] == "open sesame"
    assert dialogs.asked == [("passphrase", "/k/id")]


def test_trust_is_remembered_per_host_and_port_but_a_changed_key_is_never_offered(qtbot) -> None:
    dialogs, prefs = ScriptedDialogs(), Prefs()
    dialogs.trusts = [True]
    outcome, seen = run_task(qtbot, [HostKeyUnknown("unknown", "", "h", "h:2222")], dialogs, prefs)
    assert outcome == ("ok", "done") and "h:2222" in seen[-1][2] and prefs.trusted_hosts == ["h:2222"]
    dialogs = ScriptedDialogs()
    outcome, _ = run_task(qtbot, [HostKeyChanged("changed", "", "h")], dialogs, prefs)
    assert outcome[0] == "failed" and dialogs.asked == []
