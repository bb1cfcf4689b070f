"""Smoke test of the frozen Pattern Editor, headless.

    python packaging/smoke_test.py [TARGET]

TARGET is a one-folder build (default: dist/pattern-editor), a macOS "Pattern Editor.app", or a
folder of installed launchers such as /usr/bin. Runs the programs with QT_QPA_PLATFORM=offscreen in
a throw-away home folder and fails on a wrong exit code, a missing output, or any sign of a module,
resource or Qt plugin left out of the build. Standard library only; exit 0 when every check passes.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TARGET = ROOT / "dist" / "pattern-editor"
SAMPLE_SLUG = "restorative-practices-helpers"
MIN_SCREENSHOT_BYTES = 10_000
GUI_SECONDS = 8.0  # how long the window must stay up when the app has no exit-after-show hook
EXIT_AFTER_SHOW = "PATTERN_EDITOR_EXIT_AFTER_SHOW"  # the app's start-up hook: quit once the window is painted
SHOWN_MARKER = "window shown"
# The frozen entry script's self-check (packaging/pattern-editor.spec): runs igraph's layouts, imports
# pygit2 (HTTPS and, on Linux, SSH on), keyring with its platform's backend (Linux: Secret Service, with
# secretstorage and cryptography), checks that the search runs rapidfuzz's C++ code and that Qt's trimmed
# ICU data still collates and case-maps; it exits 1 when a part falls short, printing a line for each.
BUNDLE_CHECK = "PATTERN_EDITOR_BUNDLE_CHECK"
BUNDLE_CHECK_LINES = (
    r"bundle-check: igraph \d+\.\d+.* as pattern-cli",
    r"bundle-check: pygit2 [\d.]+, libgit2 [\d.]+, HTTPS True",
    r"bundle-check: keyring [\d.]+ uses .* backend found",
    r"bundle-check: rapidfuzz .*_cpp.*found \['pattern', 'paternal'\]",
    r"bundle-check: Qt collation",
)
CLONED = 2  # pattern files committed into the repository that the frozen pattern-cli clones without git

# Output that means the build lacks something, whatever the exit code says (lower case).
PROBLEM_SIGNS = (
    "modulenotfounderror",
    "no module named",
    "importerror",
    "traceback (most recent call last)",
    "failed to execute script",
    "[pyi-",
    "filenotfounderror",
    "could not find the qt platform plugin",
    "could not load the qt platform plugin",
    "no qt platform plugin could be initialized",
    "this application failed to start",
    "cannot load library",
    "qt.qpa.plugin: could not",
    "qfsfileengine::open: no file name",
    "cannot open file",
    "could not open file",
    "failed to load",
)


def problems(text: str) -> list[str]:
    """The lines of ``text`` that show a missing module, resource or plugin."""
    return [line.strip() for line in text.splitlines() if any(sign in line.lower() for sign in PROBLEM_SIGNS)]


def exe_name(name: str) -> str:
    return name + ".exe" if os.name == "nt" else name


def find_programs(target: Path) -> tuple[Path, Path]:
    """(GUI, CLI) executables in a build folder, an .app bundle or a bin folder."""
    for folder in (target, target / "Contents" / "MacOS"):
        gui, cli = folder / exe_name("pattern-editor"), folder / exe_name("pattern-cli")
        if gui.is_file() and cli.is_file():
            return gui, cli
    raise FileNotFoundError(f"{target}: no pattern-editor and pattern-cli executables there")


def install_dir(program: Path) -> Path:
    """The folder holding the real executable: follows a symlink or a ``exec /path "$@"`` launcher."""
    real = program.resolve()
    head = real.read_bytes()[:4096]
    if head.startswith(b"#!"):
        match = re.search(rb'exec\s+"?([^"\s]+)"?', head)
        if match:
            return Path(match.group(1).decode()).resolve().parent
    return real.parent


def bundled_library(program: Path) -> Path:
    """The sample library inside the frozen app (``_internal`` one-folder, ``Frameworks`` in an .app)."""
    base = install_dir(program)
    for root in (base / "_internal", base.parent / "Frameworks", base.parent / "Resources", base):
        library = root / "editor" / "resources" / "sample_library"
        if library.is_dir():
            return library
    raise FileNotFoundError(f"{base}: no editor/resources/sample_library in the bundle")


def bundled_license(program: Path) -> Path:
    """The project's LICENSE shipped with the programs (beside them, in _internal/ or the .app's Resources)."""
    base = install_dir(program)
    for root in (base, base / "_internal", base.parent / "Resources", base.parent / "Frameworks"):
        if (root / "LICENSE").is_file():
            return root / "LICENSE"
    raise FileNotFoundError(f"{base}: no LICENSE in the bundle")


def isolated_env(home: Path) -> dict[str, str]:
    """Offscreen Qt; settings, caches and the first-run library in ``home``, never the user's own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "QT_", "XDG_", "SSL_CERT_", "GIT_"))}
    env.update(
        {
            "QT_QPA_PLATFORM": "offscreen",
            "HOME": str(home),
            "USERPROFILE": str(home),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_DOCUMENTS_DIR": str(home / "Documents"),
            "PATTERN_EDITOR_HOME": str(home),
            "PATTERN_EDITOR_SMOKE_TEST": "1",
        }
    )
    return env


@dataclass
class Result:
    name: str
    ok: bool
    detail: str = ""
    seconds: float = 0.0
    skipped: bool = False


@dataclass
class SmokeTest:
    gui: Path
    cli: Path
    home: Path
    timeout: float = 120.0
    results: list[Result] = field(default_factory=list)

    def run(self, argv: list[str], env: dict[str, str] | None = None) -> tuple[int, str, float]:
        started = time.perf_counter()
        done = subprocess.run(
            argv,
            capture_output=True,
            text=True,
            errors="replace",
            env={**isolated_env(self.home), **(env or {})},
            timeout=self.timeout,
            stdin=subprocess.DEVNULL,
        )
        return done.returncode, (done.stdout or "") + (done.stderr or ""), time.perf_counter() - started

    def check(
        self,
        name: str,
        argv: list[str],
        expect_rc: int = 0,
        expect: str | tuple[str, ...] = "",
        extra: Callable[[], list[str]] | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        try:
            rc, out, seconds = self.run(argv, env)
        except subprocess.TimeoutExpired:
            self.results.append(Result(name, False, f"no answer within {self.timeout:.0f} s"))
            return
        failures = []
        if rc != expect_rc:
            failures.append(f"exit code {rc}, expected {expect_rc}")
        patterns = (expect,) if isinstance(expect, str) else expect
        failures += [f"output lacks {pattern!r}" for pattern in patterns if pattern and not re.search(pattern, out)]
        failures += [f"output says: {line}" for line in problems(out)]
        if extra is not None:
            failures += extra()
        lines = out.strip().splitlines()
        shown = [line for line in lines if patterns[0] and re.search(patterns[0], line)] or lines[-1:]
        detail = "; ".join(failures) if failures else shown[0] if shown else ""
        if failures and out.strip():
            detail += "\n      " + "\n      ".join(out.strip().splitlines()[-15:])
        self.results.append(Result(name, not failures, detail, seconds))

    def check_clone_without_git(self, library: Path) -> None:
        """The frozen pattern-cli clones a bare repository (file:// URL) and a folder (plain path) with
        no git on the PATH: pygit2 and its libgit2 are in the bundle. The system's git only makes them."""
        name = "pattern-cli clone without git ({})"
        git = shutil.which("git")
        if git is None:
            self.results.append(Result(name.format("setup"), True, "no git here to make the repository", skipped=True))
            return
        source, bare, no_git = self.home / "repo-src", self.home / "repo.git", self.home / "no-git-bin"
        (source / "patterns").mkdir(parents=True)
        no_git.mkdir()
        files = sorted(library.glob("*.md"))[:CLONED]
        for path in files:
            shutil.copy2(path, source / "patterns" / path.name)
        identity = ["-c", "user.name=Smoke Test", "-c", "user.email=smoke@example.invalid"]
        env = {**isolated_env(self.home), "GIT_CONFIG_NOSYSTEM": "1"}
        for argv in (
            [git, "init", "-q", str(source)],
            [git, "-C", str(source), "add", "patterns"],
            [git, "-C", str(source), *identity, "commit", "-q", "--no-gpg-sign", "-m", "two patterns"],
            [git, "clone", "-q", "--bare", str(source), str(bare)],
        ):
            subprocess.run(argv, check=True, capture_output=True, env=env, timeout=60)
        sources = (("bare repository, file:// URL", bare.absolute().as_uri()), ("folder, plain path", str(source)))
        for label, url in sources:
            target = self.home / f"clone-{len(self.results)}"

            def cloned(target: Path = target) -> list[str]:
                if not (target / ".git").is_dir():
                    return [f"{target.name}/.git is missing"]
                differ = [p.name for p in files if _bytes(target / "patterns" / p.name) != p.read_bytes()]
                return [f"{', '.join(differ)} missing or changed in the clone"] if differ else []

            self.check(
                name.format(label),
                [str(self.cli), "clone", url, str(target)],
                extra=cloned,
                env={"PATH": str(no_git)},
            )

    def check_window(self) -> None:
        """The GUI opens a window on the first-run library and stays up (or, with the startup hook,
        exits 0 right after the first paint)."""
        log = self.home / "gui.log"
        env = isolated_env(self.home)
        env[EXIT_AFTER_SHOW] = "1"
        started = time.perf_counter()
        with log.open("w") as out:
            proc = subprocess.Popen(
                [str(self.gui)], stdout=out, stderr=subprocess.STDOUT, env=env, stdin=subprocess.DEVNULL
            )
            try:
                rc = proc.wait(timeout=GUI_SECONDS)
                hooked = True
            except subprocess.TimeoutExpired:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
                rc, hooked = 0, False
        seconds = time.perf_counter() - started
        text = log.read_text(errors="replace")
        failures = [f"output says: {line}" for line in problems(text)]
        if hooked and rc != 0:
            failures.append(f"the window closed with exit code {rc}")
        elif hooked and SHOWN_MARKER not in text and os.name != "nt":  # a windowed .exe has no stdout
            failures.append(f"the app quit within {GUI_SECONDS:.0f} s without saying {SHOWN_MARKER!r}")
        copied = sorted((self.home / "Documents" / "Patterns").glob("*.md"))
        if not copied:
            failures.append("the first run did not copy the sample library to Documents/Patterns")
        how = "exited after showing" if hooked else f"still up after {GUI_SECONDS:.0f} s"
        detail = "; ".join(failures) if failures else f"window {how}; first run copied {len(copied)} patterns"
        if failures and text.strip():
            detail += "\n      " + "\n      ".join(text.strip().splitlines()[-15:])
        self.results.append(Result("pattern-editor opens a window", not failures, detail, seconds))

    def all(self) -> None:
        gui, cli = str(self.gui), str(self.cli)
        version = r"\d+\.\d+"
        # A windowed Windows program has no stdout: there only its exit code can be checked.
        self.check(
            "pattern-editor --version",
            [gui, "--version"],
            expect="" if os.name == "nt" else rf"pattern-editor {version}",
        )
        self.check("pattern-cli --version", [cli, "--version"], expect=rf"pattern-cli {version}")
        if self.cli.is_symlink() and os.name != "nt":
            # Linux: pattern-cli is a link to the one executable, which dispatches on the name it was
            # started as; a user's own link to that link must still start the CLI.
            own = self.home / "bin" / "pcli"
            own.parent.mkdir(parents=True, exist_ok=True)
            own.symlink_to(self.cli.absolute())
            self.check("pattern-cli through a user's link", [str(own), "--version"], expect=rf"pattern-cli {version}")
        self.check(
            "bundle self-check: igraph, pygit2, keyring, rapidfuzz, Qt's ICU",
            [cli],
            expect=BUNDLE_CHECK_LINES,
            env={BUNDLE_CHECK: "1"},
        )
        try:
            library = bundled_library(self.cli)
        except FileNotFoundError as exc:
            self.results.append(Result("pattern-cli validate <bundled library>", False, str(exc)))
        else:
            self.check("pattern-cli validate <bundled library>", [cli, "validate", str(library)], expect=r"\d+ files")
            self.check(
                "pattern-cli search (fuzzy, a misspelt word)",
                [cli, "search", "--no-cache", str(library), "acountabilty"],
                expect=r"accountability-without-shame",
            )
            self.check_clone_without_git(library)
        try:
            text = bundled_license(self.cli).read_text(encoding="utf-8", errors="replace")
            ok = "MIT License" in text and "Pattern Editor contributors" in text
            self.results.append(Result("the bundle ships the licence", ok, "LICENSE" if ok else "LICENSE is not MIT"))
        except FileNotFoundError as exc:
            self.results.append(Result("the bundle ships the licence", False, str(exc)))
        shot = self.home / "shot.png"

        def screenshot_ok() -> list[str]:
            if not shot.is_file():
                return [f"{shot.name} was not written"]
            data = shot.read_bytes()
            if not data.startswith(b"\x89PNG\r\n\x1a\n"):
                return [f"{shot.name} is not a PNG"]
            if len(data) <= MIN_SCREENSHOT_BYTES:
                return [f"{shot.name} has only {len(data)} bytes"]
            written = sorted(str(p.relative_to(self.home)) for p in profile_files() - before if p != shot)
            if written:  # a screenshot runs in a throw-away profile: the user's stays as it was
                return [f"the screenshot wrote {', '.join(written[:5])} into the profile"]
            return []

        def profile_files() -> set[Path]:
            return {p for p in self.home.rglob("*") if p.is_file()}

        before = profile_files()
        self.check(
            "pattern-cli screenshot (opens a pattern, renders the preview)",
            [cli, "screenshot", "--out", str(shot), "--open", SAMPLE_SLUG],
            expect=r"wrote .*png",
            extra=screenshot_ok,
        )
        self.check_window()


def _bytes(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "target",
        nargs="?",
        type=Path,
        default=DEFAULT_TARGET,
        help="build folder, .app bundle or bin folder (default: dist/pattern-editor)",
    )
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds allowed per command")
    args = parser.parse_args(argv)
    try:
        gui, cli = find_programs(args.target)
    except FileNotFoundError as exc:
        print(f"smoke: {exc}", file=sys.stderr)
        return 2
    print(f"smoke: testing {gui} and {cli}")
    with tempfile.TemporaryDirectory(prefix="pe-smoke-") as tmp:
        test = SmokeTest(gui, cli, Path(tmp), args.timeout)
        test.all()
    for result in test.results:
        mark = "SKIP" if result.skipped else "PASS" if result.ok else "FAIL"
        print(f"  {mark}  {result.name}  ({result.seconds:.2f} s)  {result.detail}")
    failed = sum(not r.ok for r in test.results)
    print(f"smoke: {len(test.results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
