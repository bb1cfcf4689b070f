"""Packaging: the frozen build's smoke test (when dist/pattern-editor/ exists) and fast checks of the
build script, the icon writers, the Debian files, the installer script and the release workflow."""

from __future__ import annotations

import ast
import configparser
import importlib.util
import itertools
import os
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
FROZEN = ROOT / "dist" / "pattern-editor"
EXE = ".exe" if os.name == "nt" else ""


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"packaging_{name}", PACKAGING / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


build = _load("build")
smoke = _load("smoke_test")


# ---------------------------------------------------------------- the frozen app


@pytest.mark.packaging
def test_frozen_app_smoke_test():
    if not (FROZEN / f"pattern-editor{EXE}").is_file():
        pytest.skip(f"no frozen build at {FROZEN} (`python packaging/build.py`; CI builds it in .ci/run's step 2)")
    done = subprocess.run(
        [sys.executable, str(PACKAGING / "smoke_test.py"), str(FROZEN)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr


# ---------------------------------------------------------------- build.py


def test_version_is_read_without_importing():
    import editor

    assert build.project_version() == editor.__version__


def test_venv_python_layout_per_platform(tmp_path):
    assert build.venv_python(tmp_path, windows=True) == tmp_path / "Scripts" / "python.exe"
    assert build.venv_python(tmp_path, windows=False) == tmp_path / "bin" / "python"


def test_every_editor_package_is_listed_in_a_staged_pyproject(tmp_path):
    (tmp_path / "editor" / "ui" / "form").mkdir(parents=True)
    for folder in ("editor", "editor/ui", "editor/ui/form"):
        (tmp_path / folder / "__init__.py").write_text("")
    (tmp_path / "pyproject.toml").write_text('[tool.setuptools]\npackages = ["editor",\n  "editor.ui"]\n')
    assert build.unlisted_packages(tmp_path) == ["editor.ui.form"]
    build.add_packages(tmp_path / "pyproject.toml", ["editor.ui.form"])
    assert build.unlisted_packages(tmp_path) == []


def test_a_missing_licence_stops_the_build(tmp_path):
    build.require_staged()  # the repository has every staged file, LICENSE included
    for name in build.STAGED:
        (tmp_path / name).mkdir()
    (tmp_path / "LICENSE").rmdir()
    with pytest.raises(SystemExit, match="LICENSE"):
        build.require_staged(tmp_path)


def test_the_licence_is_mit_and_shipped_everywhere():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "Copyright (c) 2026 Pattern Editor contributors" in text
    spec = (PACKAGING / "pattern-editor.spec").read_text(encoding="utf-8")
    assert "DATAS.append((LICENSE" in spec  # in _internal/ (and the .app's Resources)
    workflow = (ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8")
    assert "LICENSE" in workflow  # beside the app in the .dmg


def test_ci_runs_the_readme_tests_then_the_frozen_build():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest"
    assert command in readme and command in ci
    assert '"$status" -eq 5' in ci  # "no tests collected" is not a failure
    build_at = ci.index("python3 packaging/build.py &&")
    assert ci.index(command) < build_at < ci.index("packaging/smoke_test.py dist/pattern-editor")
    assert 'exit "$status"' in ci and 'exit "$package"' in ci  # either step failing fails the run
    done = subprocess.run(["bash", "-n", str(ROOT / ".ci" / "run")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_fill_replaces_placeholders(tmp_path):
    template = tmp_path / "t"
    template.write_text('exec "@TARGET@" "$@"\n')
    assert build.fill(template, {"TARGET": "/opt/x/y"}) == 'exec "/opt/x/y" "$@"\n'


# ---------------------------------------------------------------- icons


def _fake_pngs(sizes):
    return {s: b"\x89PNG\r\n\x1a\n" + bytes([s % 256]) * s for s in sizes}


def test_ico_directory_points_at_each_png():
    pngs = _fake_pngs(build.PNG_SIZES)
    data = build.ico_bytes(pngs)
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind, count) == (0, 1, len(build.ICO_SIZES))
    for i, size in enumerate(build.ICO_SIZES):
        width, height, _, _, planes, bits, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        assert (width, height) == ((0, 0) if size == 256 else (size, size))
        assert (planes, bits) == (1, 32)
        assert data[offset : offset + length] == pngs[size]


def test_icns_elements_add_up():
    pngs = _fake_pngs(build.PNG_SIZES)
    data = build.icns_bytes(pngs)
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    pos, kinds = 8, []
    while pos < len(data):
        kind, length = data[pos : pos + 4].decode(), struct.unpack(">I", data[pos + 4 : pos + 8])[0]
        assert data[pos + 8 : pos + length] == pngs[dict(build.ICNS_TYPES)[kind]]
        kinds.append(kind)
        pos += length
    assert pos == len(data) and kinds == [k for k, _ in build.ICNS_TYPES]


def test_icons_are_drawn_from_the_svg(qapp, tmp_path):
    build.write_icons(tmp_path)
    from PySide6.QtGui import QImage

    for size in (16, 256, 1024):
        image = QImage(str(tmp_path / f"{size}x{size}.png"))
        assert (image.width(), image.height()) == (size, size)
        assert image.pixelColor(size // 2, size // 2).alpha() == 255  # the drawing, not a blank square
    assert (tmp_path / "app.ico").read_bytes()[:4] == b"\0\0\1\0"
    assert (tmp_path / "app.icns").read_bytes()[:4] == b"icns"


# ---------------------------------------------------------------- Debian files


def test_desktop_entry_opens_markdown_with_the_launcher():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(PACKAGING / "deb" / "pattern-editor.desktop", encoding="utf-8")
    main = entry["Desktop Entry"]
    assert main["Type"] == "Application" and main["Terminal"] == "false"
    assert main["Exec"].split()[0] == "pattern-editor" and "%f" in main["Exec"]
    assert main["Icon"] == "pattern-editor"
    assert "text/markdown" in main["MimeType"].split(";")
    assert main["Categories"].endswith(";") and main["MimeType"].endswith(";")
    for action in filter(None, main.get("Actions", "").split(";")):
        assert entry[f"Desktop Action {action}"]["Exec"].startswith("pattern-editor")


def test_control_template_has_the_required_fields():
    text = (PACKAGING / "deb" / "control.in").read_text(encoding="utf-8")
    fields = {line.split(":", 1)[0] for line in text.splitlines() if line and not line.startswith(" ")}
    assert {"Package", "Version", "Architecture", "Maintainer", "Depends", "Description"} <= fields
    for placeholder in ("@VERSION@", "@ARCH@", "@DEPENDS@", "@INSTALLED_SIZE@", "@MAINTAINER@"):
        assert placeholder in text


def test_maintainer_scripts_are_posix_shell_and_guarded():
    for name in ("postinst", "postrm"):
        text = (PACKAGING / "deb" / name).read_text(encoding="utf-8")
        assert text.startswith("#!/bin/sh\n") and "exit 0" in text
        # each cache tool is optional: only run when present
        for tool in ("update-desktop-database", "update-mime-database", "gtk-update-icon-cache"):
            assert f"command -v {tool}" in text
    assert "rm -rf /opt/pattern-editor" in (PACKAGING / "deb" / "postrm").read_text(encoding="utf-8")


def test_mime_package_parses():
    import xml.etree.ElementTree as ET

    root = ET.parse(PACKAGING / "deb" / "pattern-editor-mime.xml").getroot()
    assert root.tag.endswith("mime-info")


# ---------------------------------------------------------------- smoke test helpers


def test_smoke_test_spots_missing_pieces():
    assert smoke.problems("ModuleNotFoundError: No module named 'editor.ui.form'")
    assert smoke.problems('qt.qpa.plugin: Could not find the Qt platform plugin "xcb" in ""')
    assert smoke.problems("[PYI-123:ERROR] Failed to execute script 'pattern-cli'")
    assert not smoke.problems("12 files: 0 errors, 2 warnings, 4 info\nwrote shot.png (1280x800)")


def test_smoke_test_follows_an_installed_launcher(tmp_path):
    app = tmp_path / "opt" / "pattern-editor"
    library = app / "_internal" / "editor" / "resources" / "sample_library"
    library.mkdir(parents=True)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("pattern-editor", "pattern-cli"):
        (app / name).write_bytes(b"\x7fELF")
        (bin_dir / name).write_text(f'#!/bin/sh\nexec "{app / name}" "$@"\n')
    _gui, cli = smoke.find_programs(bin_dir)
    assert smoke.install_dir(cli) == app.resolve()
    if os.name != "nt":  # Linux builds: pattern-cli is a relative link to pattern-editor
        (app / "pattern-cli").unlink()
        (app / "pattern-cli").symlink_to("pattern-editor")
        _gui, linked = smoke.find_programs(app)
        assert linked.is_symlink() and smoke.bundled_library(linked) == library.resolve()
    assert smoke.bundled_library(cli) == library.resolve()
    with pytest.raises(FileNotFoundError):
        smoke.find_programs(tmp_path)


# ---------------------------------------------------------------- spec, installer, workflow


def test_spec_is_valid_python_with_two_programs_one_folder():
    text = (PACKAGING / "pattern-editor.spec").read_text(encoding="utf-8")
    compile(text, "pattern-editor.spec", "exec")
    assert text.count("EXE(") == 1 and "executable(gui" in text and "executable(cli" in text
    assert "COLLECT(" in text and "MERGE(" not in text
    # Linux: one executable, pattern-cli a relative link to it; Windows and macOS: a console CLI EXE.
    assert 'ONE_EXECUTABLE = sys.platform.startswith("linux")' in text
    assert 'os.symlink("pattern-editor", os.path.join(coll.name, LINKED))' in text
    assert 'cli_exe = executable(cli, "pattern-cli", console=True)' in text
    assert 'gui_exe = executable(gui, "pattern-editor", console=False)' in text


def _spec_assignments(tree: ast.Module) -> dict[str, ast.expr]:
    return {
        node.targets[0].id: node.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
    }


def _entry_script(program: str = "pattern-editor") -> dict:
    """The namespace of the spec's generated entry script (not run as __main__)."""
    values = _spec_assignments(ast.parse((PACKAGING / "pattern-editor.spec").read_text(encoding="utf-8")))
    template = ast.literal_eval(values["ENTRY_TEMPLATE"])
    source = template.format(program=program, check=ast.literal_eval(values["BUNDLE_CHECK"]))
    namespace: dict = {"__name__": "entry_under_test"}
    exec(compile(source, f"{program}.py", "exec"), namespace)
    return namespace


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
def test_the_one_executable_dispatches_on_the_name_it_was_started_as(tmp_path, monkeypatch):
    app, own = tmp_path / "opt" / "pattern-editor", tmp_path / "bin"
    app.mkdir(parents=True)
    own.mkdir()
    (app / "pattern-editor").write_bytes(b"\x7fELF")
    (app / "pattern-cli").symlink_to("pattern-editor")  # as the spec makes it
    (own / "pcli").symlink_to(app / "pattern-cli")  # a user's link to the link
    (own / "pe").symlink_to(app / "pattern-editor")
    (own / "other").write_text("")
    entry = _entry_script("pattern-editor")
    for argv0, expected in (
        (app / "pattern-cli", "pattern-cli"),
        (app / "pattern-editor", "pattern-editor"),
        ("pattern-cli", "pattern-cli"),  # started through PATH
        (own / "pcli", "pattern-cli"),
        (own / "pe", "pattern-editor"),
        (own / "other", "pattern-editor"),  # unknown: the executable's own program
        ("", "pattern-editor"),
    ):
        monkeypatch.setattr(sys, "argv", [str(argv0), "--version"])
        assert entry["program_name"]() == expected, argv0
    monkeypatch.setattr(sys, "argv", [str(own / "other")])
    assert _entry_script("pattern-cli")["program_name"]() == "pattern-cli"  # Windows/macOS: the CLI's own EXE


def test_the_bundle_self_check_lays_out_a_graph(capsys):
    assert _entry_script()["bundle_check"]() == 0
    out = capsys.readouterr().out
    assert out.startswith("bundle-check: igraph ") and "fruchterman_reingold, drl layouts of 12 vertices" in out
    assert smoke.BUNDLE_CHECK == "PATTERN_EDITOR_BUNDLE_CHECK"
    for line in smoke.BUNDLE_CHECK_LINES:  # what the smoke test expects of the frozen app holds here too
        assert re.search(line.replace("as pattern-cli", "as pattern-editor"), out), line


def _spec_definitions(*names: str, **namespace) -> dict:
    """Top-level functions and constants of the spec, by name, run without PyInstaller."""
    tree = ast.parse((PACKAGING / "pattern-editor.spec").read_text(encoding="utf-8"))
    wanted = [
        node
        for node in tree.body
        if (isinstance(node, ast.FunctionDef) and node.name in names)
        or (isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) in names)
    ]
    assert len(wanted) == len(names), names
    modules = {"itertools": itertools, "os": os, "re": re, "struct": struct, "subprocess": subprocess, "sys": sys}
    namespace = {**modules, **namespace}
    exec(compile(ast.Module(wanted, type_ignores=[]), "pattern-editor.spec", "exec"), namespace)
    return namespace


def test_the_spec_keeps_pygit2_and_keyring():
    tree = ast.parse((PACKAGING / "pattern-editor.spec").read_text(encoding="utf-8"))
    excluded = ast.literal_eval(_spec_assignments(tree)["EXCLUDES"].right)  # [f"PySide6.{m}" ...] + [these]
    assert "_hashlib" in excluded and "sqlite3" in excluded
    kept = ("pygit2", "keyring", "secretstorage", "jeepney", "cryptography", "cffi", "_cffi_backend", "ssl", "_ssl")
    assert not [name for name in excluded if name.split(".")[0] in kept]  # pygit2 imports ssl for its CA paths
    spec = _spec_definitions("UNUSED_QT_FILES", "UNUSED_FILES", "drop_unused_files")
    toc = [
        ("pygit2.libs/libssl-cb06c96f.so.3", "", "BINARY"),
        ("pygit2/_libgit2.abi3.so", "", "EXTENSION"),
        ("cryptography/hazmat/bindings/_rust.abi3.so", "", "EXTENSION"),
        ("keyring-25.7.0.dist-info/entry_points.txt", "", "DATA"),
        ("rapidfuzz/fuzz_cpp.cpython-311-x86_64-linux-gnu.so", "", "EXTENSION"),
        ("rapidfuzz/distance/metrics_cpp.cpython-311-x86_64-linux-gnu.so", "", "EXTENSION"),
        ("filelock-4.3.2.dist-info/licenses/LICENSE", "", "DATA"),
    ]
    dropped = [
        ("rapidfuzz/fuzz_cpp_avx2.cpython-311-x86_64-linux-gnu.so", "", "EXTENSION"),
        ("rapidfuzz\\distance\\metrics_cpp_avx2.cp311-win_amd64.pyd", "", "EXTENSION"),
        ("filelock-4.3.2.dist-info/sboms/filelock.cdx.json", "", "DATA"),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "", "BINARY"),
    ]
    assert spec["drop_unused_files"](toc + dropped) == toc
    template = ast.literal_eval(_spec_assignments(tree)["ENTRY_TEMPLATE"])  # the self-check imports them all
    for needed in ("import pygit2", "import keyring", "from keyring.backends import SecretService", "secretstorage"):
        assert needed in template
    assert "from cryptography.hazmat.primitives.ciphers import" in template


def test_the_frozen_app_finds_the_system_ca_bundle(tmp_path):
    trust = _entry_script()["trust_system_certificates"]
    missing, bundle = tmp_path / "none.crt", tmp_path / "ca-bundle.crt"
    bundle.write_text("certificates")
    environ: dict[str, str] = {}
    expected = None if os.name == "nt" else str(bundle)  # Windows: pygit2 uses the system's TLS (WinHTTP)
    assert trust(environ, (str(missing), str(bundle))) == expected
    assert environ.get("SSL_CERT_FILE") == expected
    chosen = {"SSL_CERT_DIR": "/somewhere"}  # the user's own choice stays
    assert trust(chosen, (str(bundle),)) is None and chosen == {"SSL_CERT_DIR": "/somewhere"}
    assert trust({}, (str(missing),)) is None


def test_inno_setup_script_takes_the_one_folder_build():
    text = (PACKAGING / "windows" / "pattern-editor.iss").read_text(encoding="utf-8")
    assert r'Source: "..\..\dist\pattern-editor\*"' in text
    assert "recursesubdirs" in text and "{#AppVersion}" in text and r"..\..\build\icons\app.ico" in text


def test_release_workflow_builds_every_platform():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8"))
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on` as true
    assert triggers["push"]["tags"] == ["v*"]
    build_job = workflow["jobs"]["build"]
    assert set(build_job["strategy"]["matrix"]["os"]) >= {"windows-latest", "macos-latest"}
    runs = "\n".join(step.get("run", "") for step in build_job["steps"])
    for needed in ("packaging/build.py --deb", "packaging/smoke_test.py", "pattern-editor.iss", "hdiutil create"):
        assert needed in runs
    assert any(
        "setup-python" in step.get("uses", "") and step["with"]["python-version"] == "3.11"
        for step in build_job["steps"]
    )


# ---------------------------------------------------------------- ICU data (Linux)

ICU = ("ICU_LOCALE", "icu_keep", "icu_items", "icu_pack", "elf_data_symbol", "trim_icu_data")


def _common_data(items: list[tuple[str, bytes]]) -> bytes:
    """ICU common data as genrb/icupkg write it: a 32-byte header (CmnD), the table, names, items."""
    header = struct.pack("<HBB", 32, 0xDA, 0x27) + struct.pack("<HHBBBB", 20, 0, 0, 0, 2, 0) + b"CmnD"
    header += bytes([1, 0, 0, 0, 73, 0, 0, 0]) + bytes(32 - len(header) - 8)
    return _spec_definitions(*ICU)["icu_pack"](header, items)


def test_icu_common_data_round_trips_with_aligned_items():
    icu = _spec_definitions(*ICU)
    items = [(f"icudt73l/{name}", bytes([n]) * (n * 7 + 1)) for n, name in enumerate(["a.res", "coll/b.res", "z.icu"])]
    blob = _common_data(items)
    header, parsed = icu["icu_items"](blob)
    assert len(header) == 32 and [name for name, _ in parsed] == [name for name, _ in items]
    for (_, item), (_, back) in zip(items, parsed):
        assert back[: len(item)] == item and not back[len(item) :].strip(b"\0")  # only the last keeps padding
    count = struct.unpack_from("<I", blob, 32)[0]
    offsets = [struct.unpack_from("<II", blob, 36 + 8 * i)[1] for i in range(count)]
    assert all((32 + offset) % 16 == 0 for offset in offsets)
    assert icu["icu_pack"](header, parsed[:2]) == _common_data(items[:2])  # repacking a subset changes nothing
    with pytest.raises(ValueError, match="CmnD"):
        icu["icu_items"](b"\x20\x00\x00\x00" + bytes(40))


def test_icu_keeps_what_qt_uses():
    keep = _spec_definitions(*ICU)["icu_keep"]
    for name in (
        "icudt73l/coll/ucadata.icu", "icudt73l/coll/root.res", "icudt73l/coll/sv.res", "icudt73l/coll/zh.res",
        "icudt73l/nfkc.nrm", "icudt73l/ulayout.icu", "icudt73l/cnvalias.icu", "icudt73l/coll/res_index.res",
        "icudt73l/brkitr/line.brk", "icudt73l/zoneinfo64.res", "icudt73l/metaZones.res", "icudt73l/likelySubtags.res",
        "icudt73l/root.res", "icudt73l/en.res", "icudt73l/en_GB.res", "icudt73l/en_001.res", "icudt73l/zone/en.res",
        "icudt73l/pool.res", "icudt73l/zone/pool.res", "icudt73l/res_index.res",
    ):  # fmt: skip
        assert keep(name, 1000), name
    assert keep("icudt73l/ibm-912_P100-1995.cnv", 9_000)  # ISO-8859-2, single-byte
    for name in (
        "icudt73l/de.res", "icudt73l/zone/fr.res", "icudt73l/lang/ja.res", "icudt73l/curr/de_CH.res",
        "icudt73l/translit/root.res", "icudt73l/brkitr/cjdict.dict", "icudt73l/unames.icu", "icudt73l/rbnf/es.res",
    ):  # fmt: skip
        assert not keep(name, 1000), name
    assert not keep("icudt73l/gb18030.cnv", 232_800)  # a multi-byte CJK table


def _pyside_icu_data() -> Path:
    if not sys.platform.startswith("linux"):
        pytest.skip("PySide6 ships ICU on Linux only")
    import PySide6

    found = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    if not found:
        pytest.skip("this PySide6 has no libicudata")
    return found[-1]


def test_icu_subset_of_pyside_data_is_small_and_whole():
    icu = _spec_definitions(*ICU)
    symbol, blob = icu["elf_data_symbol"](_pyside_icu_data())
    assert re.fullmatch(r"icudt\d+_dat", symbol) and len(blob) > 20e6
    header, items = icu["icu_items"](blob)
    kept = [(name, item) for name, item in items if icu["icu_keep"](name, len(item))]
    assert icu["icu_items"](icu["icu_pack"](header, kept))[1][:-1] == kept[:-1]
    assert sum(len(item) for _, item in kept) < 8e6
    names = {name.partition("/")[2] for name, _ in kept}
    assert {"coll/ucadata.icu", "coll/root.res", "nfkc.nrm", "cnvalias.icu", "en.res", "zone/en.res"} <= names


@pytest.mark.slow
def test_qt_collates_and_case_maps_with_the_trimmed_icu_data(tmp_path):
    """Links the trimmed library with gcc, as the build does, and runs Qt against it (LD_PRELOAD)."""
    data = _pyside_icu_data()
    if shutil.which(os.environ.get("CC", "gcc")) is None:
        pytest.skip("no C compiler to link the ICU data")
    icu = _spec_definitions(*ICU, workpath=str(tmp_path))
    binaries = icu["trim_icu_data"]([(f"PySide6/Qt/lib/{data.name}", str(data), "BINARY")])
    trimmed = Path(binaries[0][1])
    assert trimmed.parent == tmp_path / "icu" and trimmed.stat().st_size < 9e6
    code = (
        "from PySide6.QtCore import QCollator, QLocale, QStringDecoder\n"
        "print(''.join(sorted('bZéaBeA', key=QCollator(QLocale('en_GB')).sortKey)), QLocale('tr_TR').toUpper('i'),"
        " QStringDecoder('ISO-8859-2').isValid(), QStringDecoder('Shift_JIS').isValid())\n"
        "print(any(str(trimmed) in line for line in open('/proc/self/maps')))\n".replace("trimmed", repr(str(trimmed)))
    )
    env = {**os.environ, "LD_PRELOAD": str(trimmed), "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["aAbBeéZ İ True False", "True"]
