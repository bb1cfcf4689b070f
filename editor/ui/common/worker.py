"""Background work in one style: a function runs off the GUI thread; its news arrives as Qt signals.

``Worker.start(work)`` queues ``work(job)`` on the worker's thread (one job at a time, in order);
``job.progress(done, total)`` and ``job.cancelled()`` let long work report and stop early. The
signals ``started``, ``progress``, ``finished(result)`` and ``failed(exception)`` are always emitted
on the GUI thread, so any receiver (a method, a lambda) runs there. The thread never emits them
itself: it appends to an outbox and wakes the GUI thread through one application-wide relay, and it
holds no reference to the Worker, which must be deleted on the GUI thread like any QObject.

A worker's thread exists only while there is work, so an idle worker never delays the exit; a
``daemon`` worker's thread is not even waited for (the preview: its job may be a long render).
"""

from __future__ import annotations

import threading
import weakref
from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot


class Job:
    """One call of ``work(job)``: what it may ask while it runs."""

    def __init__(self, work: Callable[[Job], Any]) -> None:
        self.work = work
        self._cancel = threading.Event()
        self._line: _Line | None = None

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def progress(self, done: int, total: int) -> None:
        """Report progress (from the worker thread); arrives as ``Worker.progress(done, total)``."""
        if self._line is not None:
            self._line.post("progress", (done, total))


class _Relay(QObject):
    """Lives on the GUI thread; the worker threads wake their Worker through it (a queued call)."""

    posted = Signal(object)  # weakref to the Worker whose outbox has news

    def __init__(self) -> None:
        super().__init__()
        self.posted.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _deliver(self, ref: weakref.ref) -> None:
        worker = ref()
        if worker is not None:  # gone: its owner closed meanwhile, and nobody waits for the news
            worker.deliver()


_relay: _Relay | None = None


class _Line:
    """The queue, the outbox and the thread's state; plain Python, shared with the worker thread."""

    def __init__(self, name: str, daemon: bool, ref: weakref.ref, relay: _Relay) -> None:
        self.name, self.daemon, self.ref, self.relay = name, daemon, ref, relay
        self.lock = threading.Condition()
        self.jobs: deque[Job] = deque()
        self.current: Job | None = None
        self.serving = False  # a thread is running jobs
        self.outbox: deque[tuple[str, Any]] = deque()

    def post(self, kind: str, value: Any) -> None:
        with self.lock:
            self.outbox.append((kind, value))
        try:
            self.relay.posted.emit(self.ref)
        except RuntimeError:  # the application is gone (exit): nobody is left to tell
            pass

    def serve(self) -> None:
        while True:
            with self.lock:
                job = self.jobs.popleft() if self.jobs else None
                self.current = job
                if job is None:
                    self.serving = False
                    self.lock.notify_all()
                    return
            if job.cancelled():
                continue  # cancelled before it started: no news at all
            self.post("started", None)
            try:
                result = job.work(job)
            except Exception as exc:  # reported through failed; the thread serves the next job
                self.post("failed", exc)
            else:
                self.post("finished", result)


class Worker(QObject):
    """Runs jobs one at a time off the GUI thread and reports through signals on the GUI thread."""

    started = Signal()  # a job began
    progress = Signal(int, int)  # done, total
    finished = Signal(object)  # what the job returned
    failed = Signal(object)  # the exception the job raised

    def __init__(self, name: str, daemon: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        global _relay
        if _relay is None:
            _relay = _Relay()  # here, on the GUI thread, where its queued calls must run
        self._line = _Line(name, daemon, weakref.ref(self), _relay)

    def start(self, work: Callable[[Job], Any]) -> Job:
        """Queue ``work(job)``; its result comes back as ``finished``, an exception as ``failed``."""
        job = Job(work)
        job._line = self._line
        line = self._line
        with line.lock:
            line.jobs.append(job)
            if not line.serving:
                line.serving = True
                threading.Thread(target=line.serve, name=line.name, daemon=line.daemon).start()
        return job

    @property
    def busy(self) -> bool:
        with self._line.lock:
            return self._line.serving

    def cancel(self) -> None:
        """Ask the running job to stop early; queued jobs are dropped without a signal."""
        with self._line.lock:
            for job in (self._line.current, *self._line.jobs):
                if job is not None:
                    job.cancel()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until every queued job is done, then emit their signals now; False on timeout."""
        line = self._line
        with line.lock:
            idle = line.lock.wait_for(lambda: not line.serving, timeout)
        self.deliver()
        return idle

    def shutdown(self) -> None:
        """Cancel, wait for the running job to notice, and drop its news: the owner is closing."""
        self.cancel()
        line = self._line
        with line.lock:
            line.lock.wait_for(lambda: not line.serving)
            line.outbox.clear()

    def deliver(self) -> None:
        """Emit what the worker thread posted, in order (the relay calls this on the GUI thread)."""
        line = self._line
        while True:
            with line.lock:
                if not line.outbox:
                    return
                kind, value = line.outbox.popleft()
            if kind == "started":
                self.started.emit()
            elif kind == "progress":
                self.progress.emit(*value)
            elif kind == "finished":
                self.finished.emit(value)
            else:
                self.failed.emit(value)
