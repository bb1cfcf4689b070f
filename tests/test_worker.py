"""The one background-work style (editor/ui/common/worker.py): work runs off the GUI thread and
every signal reaches its receiver on the GUI thread, in order; wait() delivers at once."""

from __future__ import annotations

import gc
import threading
import time

from editor.ui.common.worker import Job, Worker


def _record(worker: Worker) -> list[tuple]:
    seen: list[tuple] = []
    main = threading.main_thread()
    worker.started.connect(lambda: seen.append(("started", threading.current_thread() is main)))
    worker.progress.connect(lambda d, t: seen.append(("progress", d, t, threading.current_thread() is main)))
    worker.finished.connect(lambda r: seen.append(("finished", r, threading.current_thread() is main)))
    worker.failed.connect(lambda e: seen.append(("failed", str(e), threading.current_thread() is main)))
    return seen


def test_signals_arrive_on_the_gui_thread_in_order(qtbot) -> None:
    worker = Worker("test")
    seen = _record(worker)
    ran_on: list[threading.Thread] = []

    def work(job: Job) -> int:
        ran_on.append(threading.current_thread())
        for i in range(1, 4):
            job.progress(i, 3)
        return 42

    with qtbot.waitSignal(worker.finished, timeout=10000):
        worker.start(work)
    assert ran_on and ran_on[0] is not threading.main_thread()
    assert seen == [
        ("started", True),
        ("progress", 1, 3, True),
        ("progress", 2, 3, True),
        ("progress", 3, 3, True),
        ("finished", 42, True),
    ]
    qtbot.waitUntil(lambda: not worker.busy, timeout=5000)  # the thread goes away when idle


def test_an_exception_is_reported_through_failed_and_the_next_job_still_runs(qtbot) -> None:
    worker = Worker("test")
    seen = _record(worker)
    worker.start(lambda job: 1 / 0)
    worker.start(lambda job: "after")
    assert worker.wait(10)
    assert [s[0] for s in seen] == ["started", "failed", "started", "finished"]
    assert seen[1][2] and "division by zero" in seen[1][1] and seen[3] == ("finished", "after", True)


def test_wait_delivers_at_once_and_cancel_reaches_the_running_job(qtbot) -> None:
    worker = Worker("test")
    seen = _record(worker)
    began = threading.Event()

    def long(job: Job) -> bool:
        began.set()
        while not job.cancelled():
            time.sleep(0.005)
        return True

    worker.start(long)
    worker.start(lambda job: "queued")  # dropped by cancel: it never started
    assert began.wait(10)
    worker.cancel()
    assert worker.wait(10)
    assert seen == [("started", True), ("finished", True, True)]  # no event loop was needed


def test_a_worker_dropped_while_busy_is_forgotten_quietly(qtbot) -> None:
    release = threading.Event()
    seen: list[object] = []
    worker = Worker("test")
    worker.finished.connect(seen.append)
    worker.start(lambda job: release.wait(10))  # the job holds no reference to the worker
    del worker
    gc.collect()
    release.set()
    time.sleep(0.2)
    qtbot.wait(50)  # the relay's queued call finds no worker: nothing happens, nothing breaks
    assert seen == []


def test_shutdown_waits_for_the_running_job_and_drops_its_news(qtbot) -> None:
    worker = Worker("test")
    seen = _record(worker)
    began = threading.Event()
    stopped: list[bool] = []

    def long(job: Job) -> None:
        began.set()
        while not job.cancelled():
            time.sleep(0.005)
        stopped.append(True)

    worker.start(long)
    assert began.wait(10)
    worker.shutdown()
    assert stopped == [True] and not worker.busy
    qtbot.wait(50)
    assert seen == []  # the owner is closing: nothing reaches it any more
