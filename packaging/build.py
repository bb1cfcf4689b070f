"""Build the frozen Pattern Editor (PyInstaller one-folder) and, on Debian/Ubuntu, its .deb.

    python packaging/build.py            # dist/pattern-editor/ (+ dist/Pattern Editor.app on macOS)
    python packaging/build.py --deb      # ... and dist/pattern-editor_<version>_<arch>.deb
    python packaging/build.py --deb-only # repackage an existing dist/pattern-editor/ as a .deb

Runs with any Python 3.11 (standard library only): it makes a clean virtual environment in
build/venv holding just the runtime dependencies and PyInstaller, installs a fresh copy of the
project into it (never editable, so the frozen app sees exactly what a user's install would),
draws the icons from resources/icons/app.svg with Qt, and runs packaging/pattern-editor.spec.

On Linux the spec also needs a C compiler (gcc, or $CC): Qt's ICU data (libicudata.so.73, 32 MB) is
cut to what Qt calls ICU for (collation of every locale, case mapping, normalization, English and root
locale data, zones, single-byte converters; 6.9 MB) by rewriting its table of contents in Python and
linking the result into a same-named library. That, rapidfuzz's generic C++ modules instead of its AVX2
copies, no SQLite and no SBOMs keep the folder under MAX_BUNDLE_MB with pygit2 (libgit2, its OpenSSL,
libssh2) and keyring (cryptography) in it; the self-check in the smoke test runs each of them.
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import shutil
import stat
import struct
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
BUILD = ROOT / "build"
DIST = ROOT / "dist"
VENV = BUILD / "venv"
STAGE = BUILD / "src"  # a clean copy of the sources: setuptools' in-tree build/lib can hold stale modules
ICONS = BUILD / "icons"
WORK = BUILD / "pyinstaller"
APP = "pattern-editor"
FROZEN = DIST / APP
SPEC = PACKAGING / "pattern-editor.spec"
DEB_TEMPLATES = PACKAGING / "deb"
INSTALL_DIR = "/opt/pattern-editor"
# ".invalid" is reserved: set PATTERN_EDITOR_MAINTAINER to the real contact before publishing.
MAINTAINER = os.environ.get(
    "PATTERN_EDITOR_MAINTAINER", "Pattern Editor contributors <maintainers@pattern-editor.invalid>"
)

# Sizes drawn from the SVG: the hicolor theme's usual set; ICO and ICNS take subsets.
PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512, 1024)
HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types holding PNG data (macOS 10.7+); @2x types reuse the doubled PNG.
ICNS_TYPES = (
    ("icp4", 16),
    ("icp5", 32),
    ("icp6", 64),
    ("ic07", 128),
    ("ic08", 256),
    ("ic09", 512),
    ("ic10", 1024),
    ("ic11", 32),
    ("ic12", 64),
    ("ic13", 256),
    ("ic14", 512),
)
STAGED = ("pyproject.toml", "README.md", "LICENSE", "editor", "resources", "patterns")
MAX_BUNDLE_MB = 150  # decimal megabytes: the one-folder build must stay below this (checked after each build)
LICENSE = ROOT / "LICENSE"  # shipped in every installer: a build without it is an error, never a silent skip

# Libraries that Qt's xcb plugin loads but a minimal Debian may lack (found with ldd on the bundled
# libqxcb.so); used when ldd says "not found" on the build machine, so dpkg -S cannot name them.
SONAME_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
}
# Always required, whatever ldd finds: the X11/xcb stack of Qt's default Linux platform plugin.
BASE_DEPENDS = (
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxcb-image0",
    "libxcb-render-util0",
    "libxcb-xkb1",
    "libxkbcommon-x11-0",
    "libxcb-shape0",
    "libegl1",
    "libgl1",
    "libfontconfig1",
)


def log(message: str) -> None:
    print(f"[build] {message}", flush=True)


def project_version() -> str:
    """``editor.__version__`` read without importing (the building Python may lack the dependencies)."""
    tree = ast.parse((ROOT / "editor" / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__version__" for t in node.targets):
            return str(ast.literal_eval(node.value))
    raise SystemExit("editor/__init__.py has no __version__")


def venv_python(venv: Path = VENV, windows: bool | None = None) -> Path:
    """The interpreter inside a virtual environment: ``Scripts\\python.exe`` on Windows."""
    if windows is None:
        windows = os.name == "nt"
    if windows:
        return venv / "Scripts" / "python.exe"
    return venv / "bin" / "python"


def run(cmd: list[str | Path], **kwargs) -> None:
    log("$ " + " ".join(str(c) for c in cmd))
    subprocess.run([str(c) for c in cmd], check=True, **kwargs)


def clean_env(**extra: str) -> dict[str, str]:
    """The environment for build tools: no PYTHONPATH or active venv that could leak modules in."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env.update(extra)
    return env


# ---------------------------------------------------------------- steps


def make_venv(reuse: bool) -> Path:
    python = venv_python()
    if reuse and python.exists():
        log(f"reusing {VENV}")
        return python
    if VENV.exists():
        shutil.rmtree(VENV)
    run([sys.executable, "-m", "venv", VENV])
    return python


def require_staged(root: Path = ROOT) -> None:
    """Every staged path must exist: a missing LICENSE would give installers without licence text."""
    missing = [name for name in STAGED if not (root / name).exists()]
    if missing:
        raise SystemExit(f"{root}: missing {', '.join(missing)} (every installer ships these)")


def stage_sources() -> Path:
    require_staged()
    if STAGE.exists():
        shutil.rmtree(STAGE)
    STAGE.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in STAGED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, STAGE / name, ignore=ignore)
        else:
            shutil.copy2(source, STAGE / name)
    return STAGE


def unlisted_packages(root: Path = ROOT) -> list[str]:
    """Packages under editor/ that pyproject's explicit ``packages`` list forgets: a wheel (and so the
    frozen app) would silently lack them."""
    listed = set(
        tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
        .get("tool", {})
        .get("setuptools", {})
        .get("packages", [])
    )
    on_disk = sorted(
        ".".join(p.parent.relative_to(root).parts)
        for p in (root / "editor").rglob("__init__.py")
        if "__pycache__" not in p.parts
    )
    return [name for name in on_disk if name not in listed] if listed else []


def add_packages(pyproject: Path, names: list[str]) -> None:
    """Append ``names`` to ``[tool.setuptools] packages`` in a staged copy of pyproject.toml."""
    text = pyproject.read_text(encoding="utf-8")
    match = re.search(r"^packages\s*=\s*\[(.*?)\]", text, flags=re.S | re.M)
    if match is None:
        raise SystemExit(f"{pyproject}: no [tool.setuptools] packages list to extend")
    inner = match.group(1).rstrip().rstrip(",")  # the list may end with a trailing comma
    listed = inner + "".join(f', "{name}"' for name in names) + "\n"
    pyproject.write_text(text[: match.start(1)] + listed + text[match.end(1) :], encoding="utf-8")


def install_project(python: Path) -> None:
    """Runtime dependencies + PyInstaller (the ``package`` extra) and the project, non-editable."""
    run([python, "-m", "pip", "install", "--upgrade", "pip"], env=clean_env())
    stage = stage_sources()
    missing = unlisted_packages()
    if missing:  # build a working app anyway, but say loudly what pyproject.toml must list
        log(
            f"WARNING: pyproject.toml [tool.setuptools] packages lacks {', '.join(missing)}; "
            "added to the staged copy only (pip install . would miss them)"
        )
        add_packages(stage / "pyproject.toml", missing)
    run([python, "-m", "pip", "install", f"{stage}[package]"], env=clean_env())
    shutil.rmtree(STAGE)


def make_icons(python: Path) -> None:
    """Draw the icons with the build venv's Qt (the building Python may not have PySide6)."""
    run([python, Path(__file__), "--icons-only", ICONS], env=clean_env(QT_QPA_PLATFORM="offscreen"))


def freeze(python: Path) -> None:
    # Run from build/: with the repository root as the working directory, ``python -m`` would put
    # the source tree's editor/ (which has no editor/resources) ahead of the installed package.
    WORK.mkdir(parents=True, exist_ok=True)
    run(
        [python, "-m", "PyInstaller", "--noconfirm", "--clean", "--distpath", DIST, "--workpath", WORK, SPEC],
        cwd=WORK,
        env=clean_env(PATTERN_EDITOR_ICONS=str(ICONS), PATTERN_EDITOR_LICENSE=str(LICENSE)),
    )
    # The spec puts LICENSE in _internal/ (Resources/ in the .app); a copy beside the programs is
    # what a user sees in the install folder (the Windows installer and the .deb take this folder).
    shutil.copy2(LICENSE, FROZEN / "LICENSE")


def folder_size(path: Path) -> int:
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


# ---------------------------------------------------------------- icons (runs inside the build venv)


def render_pngs(svg: bytes, sizes: tuple[int, ...] = PNG_SIZES) -> dict[int, bytes]:
    """PNG bytes per size, drawn from the SVG with QSvgRenderer. Needs a QGuiApplication."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg))
    if not renderer.isValid():
        raise ValueError("the SVG icon does not parse")
    out: dict[int, bytes] = {}
    for size in sizes:
        image = QImage(QSize(size, size), QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        out[size] = bytes(data)
    return out


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico whose entries are PNG images (supported since Vista)."""
    sizes = [s for s in ICO_SIZES if s in pngs]
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        blob = pngs[size]
        side = 0 if size >= 256 else size  # 0 means 256 in the ICO directory
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
        blobs += blob
    return header + entries + blobs


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns made of PNG elements."""
    body = b"".join(
        kind.encode("ascii") + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
        for kind, size in ICNS_TYPES
        if size in pngs
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def write_icons(out: Path, svg_path: Path = ROOT / "resources" / "icons" / "app.svg") -> None:
    svg = svg_path.read_bytes()
    pngs = render_pngs(svg)
    out.mkdir(parents=True, exist_ok=True)
    for size, blob in pngs.items():
        (out / f"{size}x{size}.png").write_bytes(blob)
    (out / "app.ico").write_bytes(ico_bytes(pngs))
    (out / "app.icns").write_bytes(icns_bytes(pngs))
    (out / "app.svg").write_bytes(svg)
    log(f"icons in {out}: {len(pngs)} PNG sizes, app.ico, app.icns")


# ---------------------------------------------------------------- .deb


def elf_files(folder: Path) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as fh:
                if fh.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def system_libraries(folder: Path) -> tuple[dict[str, str], set[str]]:
    """Shared libraries the bundle takes from the system: {soname: path} resolved, and sonames missing
    here. Bundled libraries resolve inside the folder first, as they do at run time."""
    lib_dirs = sorted({str(p.parent) for p in folder.rglob("*.so*")})
    env = dict(os.environ, LD_LIBRARY_PATH=os.pathsep.join(lib_dirs))
    bundled = {p.name for p in folder.rglob("*.so*")}
    resolved: dict[str, str] = {}
    missing: set[str] = set()
    for elf in elf_files(folder):
        result = subprocess.run(["ldd", str(elf)], capture_output=True, text=True, env=env)
        for line in result.stdout.splitlines():
            name, _, where = line.strip().partition(" => ")
            if not where or name in bundled:
                continue
            if where.startswith("not found"):
                missing.add(name)
            elif not where.startswith(str(folder)):
                resolved[name] = where.split(" (")[0]
    return resolved, missing


def debian_depends(folder: Path) -> list[str]:
    """Packages for the system libraries the bundle needs, by ``dpkg -S``; plus the xcb stack."""
    resolved, missing = system_libraries(folder)
    packages = set(BASE_DEPENDS)
    unknown = []
    for soname, path in sorted(resolved.items()):
        real = os.path.realpath(path)
        owner = None
        for candidate in (path, real):
            result = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
            if result.returncode == 0:
                owner = result.stdout.split(":")[0].strip()
                break
        if owner:
            packages.add(owner)
        elif soname in SONAME_PACKAGES:
            packages.add(SONAME_PACKAGES[soname])
        else:
            unknown.append(soname)
    for soname in sorted(missing):
        if soname in SONAME_PACKAGES:
            packages.add(SONAME_PACKAGES[soname])
        else:
            unknown.append(soname)
    if unknown:
        log(f"warning: no Debian package known for {', '.join(sorted(set(unknown)))}")
    packages.discard("libc6")
    glibc = os.confstr("CS_GNU_LIBC_VERSION").split()[-1]  # the frozen binaries need at least this glibc
    return [f"libc6 (>= {glibc})", *sorted(packages)]


def fill(template: Path, values: dict[str, str]) -> str:
    text = template.read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("@" + key + "@", value)
    return text


def normalise_modes(root: Path) -> None:
    """0755 for folders and executables, 0644 for the rest, whatever the umask was."""
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        mode = path.stat().st_mode
        executable = path.is_dir() or mode & stat.S_IXUSR
        path.chmod(0o755 if executable else 0o644)


def build_deb(version: str) -> Path:
    if not (FROZEN / APP).exists():
        raise SystemExit(f"{FROZEN / APP} is missing: build the frozen app first")
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True, check=True).stdout.strip()
    root = BUILD / "deb" / f"{APP}_{version}_{arch}"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(FROZEN, root / INSTALL_DIR.lstrip("/"), symlinks=True)
    bin_dir = root / "usr" / "bin"
    bin_dir.mkdir(parents=True)
    for name in ("pattern-editor", "pattern-cli"):
        (bin_dir / name).write_text(fill(DEB_TEMPLATES / "launcher.sh", {"TARGET": f"{INSTALL_DIR}/{name}"}))
        (bin_dir / name).chmod(0o755)
    share = root / "usr" / "share"
    (share / "applications").mkdir(parents=True)
    shutil.copy2(DEB_TEMPLATES / "pattern-editor.desktop", share / "applications" / "pattern-editor.desktop")
    (share / "mime" / "packages").mkdir(parents=True)
    shutil.copy2(DEB_TEMPLATES / "pattern-editor-mime.xml", share / "mime" / "packages" / "pattern-editor.xml")
    for size in HICOLOR_SIZES:
        folder = share / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True)
        shutil.copy2(ICONS / f"{size}x{size}.png", folder / "pattern-editor.png")
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True)
    shutil.copy2(ICONS / "app.svg", scalable / "pattern-editor.svg")
    doc = share / "doc" / APP
    doc.mkdir(parents=True)
    shutil.copy2(DEB_TEMPLATES / "copyright", doc / "copyright")

    control = root / "DEBIAN"
    control.mkdir()
    installed_kib = (folder_size(root) + 1023) // 1024
    (control / "control").write_text(
        fill(
            DEB_TEMPLATES / "control.in",
            {
                "VERSION": version,
                "ARCH": arch,
                "MAINTAINER": MAINTAINER,
                "INSTALLED_SIZE": str(installed_kib),
                "DEPENDS": ", ".join(debian_depends(root / INSTALL_DIR.lstrip("/"))),
            },
        )
    )
    normalise_modes(root)
    for script in ("postinst", "postrm"):
        shutil.copy2(DEB_TEMPLATES / script, control / script)
        (control / script).chmod(0o755)
    target = DIST / f"{APP}_{version}_{arch}.deb"
    run(["dpkg-deb", "--root-owner-group", "-Zxz", "--build", root, target])
    shutil.rmtree(root)
    return target


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--deb", action="store_true", help="also build the Debian package (needs dpkg-deb)")
    parser.add_argument("--deb-only", action="store_true", help="only package an existing dist/pattern-editor/")
    parser.add_argument("--reuse-venv", action="store_true", help="keep build/venv if it exists (faster rebuild)")
    parser.add_argument("--print-version", action="store_true", help="print the version and exit")
    parser.add_argument("--icons-only", metavar="DIR", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    version = project_version()
    if args.print_version:
        print(version)
        return 0
    if args.icons_only:  # the internal step run by the build venv's Python
        from PySide6.QtGui import QGuiApplication

        _app = QGuiApplication.instance() or QGuiApplication(["build-icons"])
        write_icons(args.icons_only)
        return 0

    started = time.perf_counter()
    if not args.deb_only:
        python = make_venv(args.reuse_venv)
        install_project(python)
        make_icons(python)
        freeze(python)
        size = folder_size(FROZEN)
        log(f"{FROZEN}: {size / 1e6:.1f} MB ({size / 2**20:.1f} MiB) unpacked")
        if size >= MAX_BUNDLE_MB * 1e6:
            raise SystemExit(f"{FROZEN} is {size / 1e6:.1f} MB, over the {MAX_BUNDLE_MB} MB budget")
    if args.deb or args.deb_only:
        if sys.platform != "linux" or shutil.which("dpkg-deb") is None:
            raise SystemExit("--deb needs Linux with dpkg-deb")
        deb = build_deb(version)
        log(f"{deb}: {deb.stat().st_size / 2**20:.1f} MiB")
    log(f"pattern-editor {version} built in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
