"""Start-up of the frozen app (dist/pattern-editor/) beside the source install, headless.

Three figures for each: ``pattern-cli --version`` (bootloader + interpreter + CLI imports), a
``pattern-cli screenshot`` of the bundled library (Qt start, window on the library, first paint,
PNG written: the interim start-up figure), and, once ``editor/app.py`` has the
PATTERN_EDITOR_EXIT_AFTER_SHOW hook, the GUI itself from process start to its first painted window.
Target: first window < 1.5 s. The frozen rows are skipped when no build is there.
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import ROOT, Report, median

FROZEN = ROOT / "dist" / "pattern-editor"
EXE = ".exe" if os.name == "nt" else ""
EXIT_AFTER_SHOW = "PATTERN_EDITOR_EXIT_AFTER_SHOW"
SHOWN_MARKER = "window shown"
REPEAT = 3
TIMEOUT = 60.0
TARGET = "target < 1.5 s"


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "XDG_"))}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_DATA_HOME=str(home / "data"),
        PATTERN_EDITOR_HOME=str(home),
        **extra,
    )
    return env


def _timed(argv: list[str], env: dict[str, str]) -> float:
    """Wall time of one run that must exit 0."""
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {done.returncode}: {done.stderr.decode(errors='replace')[-500:]}")
    return elapsed


def _until_shown(argv: list[str], env: dict[str, str], timeout: float = TIMEOUT) -> float | None:
    """Seconds from spawning the GUI to its 'window shown' line; None when it never says so
    (an app without the exit-after-show hook), in which case it is stopped."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv,
        env={**env, EXIT_AFTER_SHOW: "1"},
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:  # a thread, so a silent app cannot block us past the timeout
        for line in proc.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    try:
        while (left := start + timeout - time.perf_counter()) > 0:
            try:
                line = lines.get(timeout=left)
            except queue.Empty:
                break
            if line is None:  # exited without the marker
                break
            if SHOWN_MARKER in line:
                return time.perf_counter() - start
        return None
    finally:
        if proc.poll() is None:
            proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _series(measure, repeat: int = REPEAT) -> tuple[float, float, float] | None:
    """(first, best, median) over ``repeat`` runs in one fresh home (first = a new user's first start)."""
    samples = []
    with tempfile.TemporaryDirectory(prefix="pe-bench-") as tmp:
        for _ in range(repeat):
            value = measure(Path(tmp))
            if value is None:
                return None
            samples.append(value)
    return samples[0], min(samples), median(samples)


def _show(report: Report, name: str, result: tuple[float, float, float] | None, target: str = "") -> None:
    if result is None:
        report.value(name, "n/a", "(no exit-after-show hook in this build)")
        return
    first, best, med = result
    report.line(name, best, target=f"{target}  first {first * 1e3:.0f} ms, median {med * 1e3:.0f} ms".strip())


def _programs() -> dict[str, tuple[list[str], list[str]]]:
    """name -> (GUI argv, CLI argv)."""
    programs = {"source": ([sys.executable, "-m", "editor.app"], [sys.executable, "-m", "editor.cli"])}
    gui, cli = FROZEN / f"pattern-editor{EXE}", FROZEN / f"pattern-cli{EXE}"
    if gui.is_file() and cli.is_file():
        programs["frozen"] = ([str(gui)], [str(cli)])
    return programs


def run(report: Report) -> None:
    report.section("start-up (headless, offscreen Qt)")
    programs = _programs()
    if "frozen" not in programs:
        report.value("frozen app", "skipped", f"{FROZEN} absent: run python packaging/build.py")
    else:
        size = sum(p.stat().st_size for p in FROZEN.rglob("*") if p.is_file() and not p.is_symlink())
        report.value("frozen app size (unpacked)", f"{size / 2**20:.1f} MiB", "target < 150 MiB")
    hook_in_source = EXIT_AFTER_SHOW in (ROOT / "editor" / "app.py").read_text(encoding="utf-8")
    for kind in ("frozen", "source"):
        if kind not in programs:
            continue
        gui, cli = programs[kind]
        _show(
            report,
            f"{kind}: pattern-cli --version",
            _series(lambda home, cli=cli: _timed([*cli, "--version"], _env(home))),
        )
        _show(
            report,
            f"{kind}: screenshot of the bundled library",
            _series(lambda home, cli=cli: _timed([*cli, "screenshot", "--out", str(home / "shot.png")], _env(home))),
            TARGET,
        )
        if hook_in_source:
            _show(
                report,
                f"{kind}: GUI start to first painted window",
                _series(lambda home, gui=gui: _until_shown(gui, _env(home))),
                TARGET,
            )
    if not hook_in_source:
        report.value("GUI start to first window", "n/a", f"needs the {EXIT_AFTER_SHOW} hook in editor/app.py")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    run(Report())
