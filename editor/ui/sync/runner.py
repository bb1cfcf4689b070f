"""One git operation (clone, share, get the latest) off the GUI thread, with its questions.

``SyncTask.start(call)`` runs ``call(auth, progress, cancelled)`` on a Worker. When the model says
the server wants a token (AuthRequired / AuthFailed) or an SSH host is unknown (HostKeyUnknown), the
task asks through the window's injected Dialogs and runs the call again; a token the user asks to
remember goes to the OS keychain (never to the settings). Other errors and Cancel end the task.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from editor.model.sync import auth as _auth
from editor.model.sync.errors import AuthFailed, AuthRequired, Cancelled, HostKeyUnknown, PassphraseNeeded, SyncError
from editor.ui.common.worker import Worker

Call = Callable[[_auth.Auth, _auth.Progress, Callable[[], bool]], Any]
MAX_ASKS = 3  # a token refused three times: stop asking


class SyncTask(QObject):
    progress = Signal(int, int)  # done, total (objects)
    succeeded = Signal(object)  # what the call returned
    failed = Signal(object)  # the SyncError (or other exception) that ended it; Cancelled on Cancel
    finished = Signal()  # after succeeded or failed

    def __init__(self, dialogs, settings=None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dialogs = dialogs
        self.settings = settings
        self.auth = _auth.Auth(trusted_hosts=set(_trusted(settings)), ssh_key=_ssh_key(settings))
        self._worker = Worker("sync", parent=self)
        self._worker.progress.connect(self.progress)
        self._worker.finished.connect(self._done)
        self._worker.failed.connect(self._failed)
        self._call: Call | None = None
        self._job = None
        self._stop = threading.Event()
        self._asks = 0
        self.running = False

    def start(self, call: Call) -> None:
        self._call = call
        self._stop = threading.Event()
        self.running = True
        self._run()

    def _run(self) -> None:
        call, auth, stop = self._call, self.auth, self._stop
        assert call is not None

        def work(job):
            if stop.is_set():
                raise Cancelled("cancelled")
            return call(auth, lambda done, total, _bytes: job.progress(done, total), stop.is_set)

        self._job = self._worker.start(work)

    def cancel(self) -> None:
        """Ask the call to stop: it ends with ``failed(Cancelled)``. The Worker's job itself is not
        cancelled, since a job cancelled before its thread takes it is dropped with no signal at all."""
        self._stop.set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._worker.wait(timeout)

    def _done(self, result: object) -> None:
        self.running = False
        self.succeeded.emit(result)
        self.finished.emit()

    def _failed(self, exc: object) -> None:
        token = isinstance(exc, AuthRequired) and getattr(exc, "kind", "token") == "token"
        if token and self._asks < MAX_ASKS and self._ask_token(exc):
            self._run()
            return
        if isinstance(exc, PassphraseNeeded) and self._asks < MAX_ASKS and self._ask_passphrase(exc):
            self._run()
            return
        if isinstance(exc, HostKeyUnknown) and exc.trust_key not in self.auth.trusted_hosts and self._ask_trust(exc):
            self._run()
            return
        self.running = False
        self.failed.emit(exc)
        self.finished.emit()

    def _ask_token(self, exc: AuthRequired) -> bool:
        self._asks += 1
        answer = self.dialogs.ask_token(exc.host, isinstance(exc, AuthFailed))
        if not answer:
            return False
        token, remember = answer
        self.auth.token = token
        if remember:
            try:
                _auth.store_token(exc.host, token)
            except SyncError as store_error:  # no keychain here: use it for this session only
                self.dialogs.error("Token not stored", f"{store_error.message}. It is used for this session only.")
        return True

    def _ask_passphrase(self, exc: PassphraseNeeded) -> bool:
        """Asked each session, kept only in memory (an SSH agent remembers it for longer)."""
        self._asks += 1
        answer = self.dialogs.ask_passphrase(exc.key)
        if not answer:
            return False
        self.auth.ssh_passphrase = answer
        return True

    def _ask_trust(self, exc: HostKeyUnknown) -> bool:
        if not self.dialogs.ask_trust_host(exc.host):
            return False
        self.auth.trusted_hosts.add(exc.trust_key)
        if self.settings is not None:
            self.settings.trusted_hosts = sorted({*_trusted(self.settings), exc.trust_key})
        return True


def _trusted(settings) -> list[str]:
    return list(getattr(settings, "trusted_hosts", []) or [])


def _ssh_key(settings):
    from pathlib import Path

    key = getattr(settings, "ssh_key", "") or ""
    return Path(key).expanduser() if key else None


def message_for(exc: BaseException) -> str:
    """What to tell the user about a failed operation (never a traceback)."""
    if isinstance(exc, Cancelled):
        return "Cancelled. Nothing was changed."
    if isinstance(exc, SyncError):
        text = exc.message
        return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
    return f"Something went wrong: {exc}"
