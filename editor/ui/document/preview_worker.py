"""Runs preview renders in a worker process, killed when a render outlives its time budget.

One worker process per application (spawned, as the library index's pool is: forking a process
that runs Qt threads is unsafe; a frozen app's entry script calls ``freeze_support()``). The
service is a ``Worker`` (ui/common/worker): its thread feeds the process one job at a time and
waits on the pipe without holding the GIL, so the GUI thread never waits on Markdown; each result
comes back as ``finished(Rendered)`` on the GUI thread, like every other piece of background work.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from dataclasses import dataclass
from functools import partial
from multiprocessing import get_context
from typing import Any

from editor.model.render.job import PreviewJob, answer, serve
from editor.ui.common.worker import Job, Worker

LIVE_BUDGET_S = 2.0  # a render past this pauses the live preview
ONCE_BUDGET_S = 300.0  # "Render once" waits this long
START_TIMEOUT_S = 60.0  # spawning imports Markdown and Pygments: not counted in the budget


def _spawn_ok() -> bool:
    """Spawned workers re-import ``__main__`` from its file; code run from stdin has none. A frozen
    app's entry scripts (packaging/pattern-editor.spec) call ``freeze_support()`` first, so both
    pattern-editor and pattern-cli can spawn. PATTERN_EDITOR_PREVIEW_INPROCESS=1 renders on the
    service thread instead (tests that patch the renderer)."""
    if os.environ.get("PATTERN_EDITOR_PREVIEW_INPROCESS") == "1":
        return False
    if getattr(sys, "frozen", False):
        return True
    path = getattr(sys.modules.get("__main__"), "__file__", None)
    return path is None or os.path.exists(path)


@dataclass(frozen=True)
class Rendered:
    """A settled render: for pane ``owner``'s request ``ticket``, ``state`` "ok" (``text`` is the
    HTML), "too-large", "timeout" or "error" (``text`` says why)."""

    owner: int
    ticket: int
    state: str
    text: str


class RenderService(Worker):
    """``submit(owner, ticket, job, budget)``; ``finished(Rendered)`` follows, for every pane to
    pick its own. Only each owner's latest job is rendered: older ones waiting are dropped."""

    def __init__(self) -> None:
        super().__init__("preview-render", daemon=True)  # a render may run for minutes: never delay the exit
        self._lock = threading.Lock()
        self._pending: dict[int, tuple[int, bytes, float]] = {}  # owner -> latest job only
        self._process: Any = None
        self._conn: Any = None

    def submit(self, owner: int, ticket: int, job: PreviewJob, budget: float = LIVE_BUDGET_S) -> None:
        payload = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)  # here: the document may change later
        with self._lock:
            queued = owner in self._pending  # its job in the queue will take this newer request
            self._pending[owner] = (ticket, payload, budget)
        if not queued:
            self.start(partial(self._render_latest, owner))  # the service lives as long as the app

    def _render_latest(self, owner: int, _job: Job) -> Rendered:
        """Off the GUI thread: render ``owner``'s latest request."""
        with self._lock:
            ticket, payload, budget = self._pending.pop(owner)
        state, text = self._render(payload, budget)
        return Rendered(owner, ticket, state, text)

    def _render(self, payload: bytes, budget: float) -> tuple[str, str]:
        if not _spawn_ok():
            return answer(payload)  # no process to spawn: render here (still off the GUI thread)
        try:
            conn = self._worker()
            conn.send_bytes(payload)
            if not conn.poll(budget):
                self._kill()
                return "timeout", f"took longer than {budget:g} s"
            return conn.recv()
        except (EOFError, OSError, pickle.PickleError) as exc:  # the worker died (a crash in a C extension)
            self._kill()
            return "error", f"the preview worker stopped ({type(exc).__name__})"

    def _worker(self) -> Any:
        if self._process is not None and self._process.is_alive():
            return self._conn
        ctx = get_context("spawn")
        parent, child = ctx.Pipe()
        process = ctx.Process(target=serve, args=(child,), name="pattern-editor-preview", daemon=True)
        process.start()
        child.close()
        self._process, self._conn = process, parent
        if not parent.poll(START_TIMEOUT_S):
            self._kill()
            raise OSError("the preview worker did not start")
        parent.recv()  # ("ready", "")
        return parent

    def _kill(self) -> None:
        process, conn = self._process, self._conn
        self._process = self._conn = None
        if process is not None:
            process.kill()
            process.join(5)
        if conn is not None:
            conn.close()


_service: RenderService | None = None


def service() -> RenderService:
    """The application's render service (created on first use, on the GUI thread)."""
    global _service
    if _service is None:
        _service = RenderService()
    return _service
