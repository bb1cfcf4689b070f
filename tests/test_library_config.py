"""The library config .pattern-editor.toml: where it is found, what it reads ([accept], [rules],
[views]), how a bad one is reported, the style-keeping writer, and validate, lint, the Problems
panel and the Library problems panel honouring it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from editor.cli import main
from editor.model.check.config import CONFIG_NAME, EMPTY, accept_value, find_config, load_config
from editor.model.check.lint import lint_library
from editor.model.check.validation import RULES, library_config, validate
from editor.model.library.index import LibraryIndex
from editor.model.schema import open_pattern

from .conftest import SAMPLES

SEED = SAMPLES / "restorative-practices-helpers.md"
ACCEPT = '[accept]\n"lifecycle.usage_stage" = ["application", "recognition"]\n'


def library(tmp_path: Path, config: str | None = None) -> Path:
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / SEED.name).write_bytes(SEED.read_bytes())
    if config is not None:
        (folder / CONFIG_NAME).write_text(config, encoding="utf-8")
    return folder


def rules_of(findings) -> list[str]:
    return [f.rule for f in findings]


# ---------------------------------------------------------------- finding the file


def test_found_in_the_folder_or_a_parent_up_to_the_repository_root(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    lib = repo / "docs" / "patterns"
    lib.mkdir(parents=True)
    (repo / ".git").mkdir()
    assert find_config(lib) is None
    (tmp_path / CONFIG_NAME).write_text("")  # above the repository root: never read
    assert find_config(lib) is None
    (repo / CONFIG_NAME).write_text("")
    assert find_config(lib) == repo / CONFIG_NAME
    (lib / CONFIG_NAME).write_text("")
    assert find_config(lib) == lib / CONFIG_NAME  # the nearest wins


def test_outside_a_repository_only_the_folder_itself(tmp_path: Path) -> None:
    lib = tmp_path / "a" / "lib"
    lib.mkdir(parents=True)
    (tmp_path / "a" / CONFIG_NAME).write_text("")
    assert find_config(lib) is None
    assert library_config(lib) is EMPTY


# ---------------------------------------------------------------- reading


def test_reads_accept_rules_and_views(tmp_path: Path) -> None:
    path = tmp_path / CONFIG_NAME
    path.write_text(
        ACCEPT + 'ontology.domain = "commons"\n'  # unquoted dotted key: nested tables
        '[rules]\nword-count = "off"\nenum = "info"\n'
        '[views.drafts]\nquery = "status:draft"\ncolumns = ["status", "overall"]\nsort = "-overall"\n',
        encoding="utf-8",
    )
    config = load_config(path, RULES)
    assert config.problems == ()
    assert config.accept == {"lifecycle.usage_stage": ("application", "recognition"), "ontology.domain": ("commons",)}
    assert config.rules == {"word-count": "off", "enum": "info"}
    view = config.views["drafts"]
    assert (view.query, view.columns, view.sort) == ("status:draft", ("status", "overall"), "-overall")
    assert config.severity("word-count", "info") is None
    assert config.severity("typeid", "warning") == "warning"


def test_bad_toml_names_file_line_and_column_and_validation_keeps_the_defaults(tmp_path: Path) -> None:
    folder = library(tmp_path, '# rules\n[rules]\nenum = "off"\n[accept\n')
    config = library_config(folder)
    [problem] = config.problems
    assert (problem.file, problem.line, problem.column, problem.severity) == (
        str(folder / CONFIG_NAME),
        4,
        8,
        "error",
    )
    assert "not valid TOML" in problem.message
    findings = validate(open_pattern(folder / SEED.name), None, config)
    assert "enum" in rules_of(findings)  # the schema's defaults: nothing of the bad file applies


def test_each_bad_entry_is_reported_where_it_is_written(tmp_path: Path) -> None:
    path = tmp_path / CONFIG_NAME
    path.write_text(
        '[rules]\nenum = "offf"\nno-such-rule = "off"\nword-count = "off"\n'
        '[accept]\n"a.b" = [[1]]\n[colours]\nx = 1\n[views]\nbad = 3\n',
        encoding="utf-8",
    )
    config = load_config(path, RULES)
    got = {(p.line, p.message.split(";")[0]) for p in config.problems}
    assert got == {
        (2, "rule 'enum' is set to 'offf'"),
        (3, "unknown rule 'no-such-rule'"),
        (6, "accept 'a.b' should be a list of values"),
        (7, "unknown section [colours]"),
        (10, "view 'bad' should have query = text, columns = [texts], sort = text"),
    }
    assert config.rules == {"word-count": "off"}  # the good entries still apply


# ---------------------------------------------------------------- validate, lint, CLI


def test_validate_honours_accept_and_rules(tmp_path: Path) -> None:
    doc = open_pattern(library(tmp_path) / SEED.name)
    before = validate(doc)
    assert rules_of(before).count("enum") == 1 and "word-count" in rules_of(before)
    config = load_config(_write(tmp_path, ACCEPT + '[rules]\nword-count = "off"\ncallout = "error"\n'), RULES)
    after = validate(doc, None, config)
    assert "enum" not in rules_of(after) and "word-count" not in rules_of(after)
    assert {f.severity for f in after if f.rule == "callout"} == {"error"}
    other = load_config(_write(tmp_path, '[accept]\n"lifecycle.usage_stage" = ["recognition"]\n'), RULES)
    assert "enum" in rules_of(validate(doc, None, other))  # a value in neither list still warns


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / f"c{len(list(tmp_path.glob('c*.toml')))}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_lint_honours_the_config_and_reports_its_problems_once(tmp_path: Path) -> None:
    folder = library(tmp_path, ACCEPT + '[rules]\norphan = "off"\nself-link = "nope"\n')
    index = LibraryIndex(folder, use_cache=False)
    index.build()
    plain = lint_library(index)
    assert "orphan" in rules_of(plain) and "enum" in rules_of(plain)
    findings = lint_library(index, config=library_config(folder))
    assert "orphan" not in rules_of(findings) and "enum" not in rules_of(findings)
    assert [(f.line, f.severity) for f in findings if f.rule == "config"] == [(5, "warning")]


def test_cli_validate_and_lint_find_the_config_and_take_config(tmp_path: Path, capsys) -> None:
    folder = library(tmp_path, '[rules]\nword-count = "off"\n')
    main(["validate", str(folder), "--format", "json"])
    found = json.loads(capsys.readouterr().out)
    assert "word-count" not in rules_of_dicts(found) and "enum" in rules_of_dicts(found)
    explicit = _write(tmp_path, ACCEPT)  # --config replaces the one found beside the files
    main(["validate", str(folder), "--format", "json", "--config", str(explicit)])
    given = json.loads(capsys.readouterr().out)
    assert "enum" not in rules_of_dicts(given) and "word-count" in rules_of_dicts(given)
    main(["lint", str(folder), "--no-cache", "--format", "json", "--config", str(explicit)])
    assert "enum" not in rules_of_dicts(json.loads(capsys.readouterr().out))
    assert main(["validate", str(folder), "--config", str(tmp_path / "missing.toml")]) == 2
    bad = _write(tmp_path, "[rules\n")
    assert main(["validate", str(folder / SEED.name), "--config", str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:1:7: error config: not valid TOML" in out and "enum" in out  # reported, defaults apply


def rules_of_dicts(findings: list[dict]) -> list[str]:
    return [f["rule"] for f in findings]


# ---------------------------------------------------------------- writing


def test_accept_value_keeps_comments_order_and_spacing_byte_for_byte(tmp_path: Path) -> None:
    original = (
        "# Library rules for the commons\n#   kept by the curators\n\n[accept]\n"
        "# the 2024 survey used these stages\n"
        '"lifecycle.usage_stage" = [\n    "application",   # 1,556 files\n]\n'
        '"ontology.domain"   =   ["x"]  # odd spacing kept\n\n'
        '[rules]\nword-count = "off"   # too noisy for now\n\n[views.drafts]\nquery = "status:draft"\n'
    )
    path = _write(tmp_path, original)
    assert accept_value(path, "lifecycle.usage_stage", "recognition")
    assert accept_value(path, "ontology.domain", "y")
    assert not accept_value(path, "ontology.domain", "y")  # already accepted: nothing written
    expected = original.replace(
        '    "application",   # 1,556 files\n', '    "application",   # 1,556 files\n    "recognition",\n'
    ).replace('["x"]  # odd', '["x", "y"]  # odd')
    assert path.read_text(encoding="utf-8") == expected
    assert accept_value(path, "lifecycle.status", "legacy")
    assert path.read_text(encoding="utf-8") == expected.replace(
        "# odd spacing kept\n", '# odd spacing kept\n"lifecycle.status" = ["legacy"]\n'
    )
    assert load_config(path, RULES).accept["lifecycle.usage_stage"] == ("application", "recognition")


def test_accept_value_creates_the_file_or_the_table(tmp_path: Path) -> None:
    new = tmp_path / CONFIG_NAME
    accept_value(new, "lifecycle.usage_stage", "application")
    assert new.read_text() == '[accept]\n"lifecycle.usage_stage" = ["application"]\n'
    old = _write(tmp_path, '# only rules\n[rules]\nenum = "info"\n')
    accept_value(old, "lifecycle.usage_stage", "application")
    assert old.read_text() == (
        '# only rules\n[rules]\nenum = "info"\n\n[accept]\n"lifecycle.usage_stage" = ["application"]\n'
    )


# ---------------------------------------------------------------- the panels


def test_problems_panel_and_library_problems_honour_the_config(qtbot, tmp_path: Path) -> None:
    from editor.ui.document.controller import DocumentController
    from editor.ui.document.tab import DocumentTab
    from editor.ui.library.problems import check_library

    folder = library(tmp_path, ACCEPT)
    tab = DocumentTab(DocumentController(open_pattern(folder / SEED.name)))
    qtbot.addWidget(tab)
    tab.revalidate()
    assert "enum" not in rules_of(tab.findings) and "callout" in rules_of(tab.findings)
    (folder / CONFIG_NAME).write_text(ACCEPT + "[rules\n", encoding="utf-8")
    tab.revalidate()  # a broken config shows in the panel and the schema's defaults apply
    assert rules_of(tab.findings)[0] == "config" and "enum" in rules_of(tab.findings)
    tab.go_to_finding(tab.findings[0])  # points into the config, not this pattern: nothing moves

    class Job:
        def progress(self, done: int, total: int) -> None:
            pass

        def cancelled(self) -> bool:
            return False

    (folder / CONFIG_NAME).write_text(ACCEPT + '[rules]\norphan = "off"\n', encoding="utf-8")
    index = LibraryIndex(folder, use_cache=False)
    index.build()
    findings, cancelled = check_library(index, Job())
    assert not cancelled and "enum" not in rules_of(findings) and "orphan" not in rules_of(findings)


# ---------------------------------------------------------------- the corpus


def test_corpus_usage_stage_warnings_drop_to_values_in_neither_list(corpus: Path, tmp_path: Path, capsys) -> None:
    config = _write(tmp_path, ACCEPT)
    main(["validate", str(corpus), "--format", "json"])
    before = [f for f in json.loads(capsys.readouterr().out) if f["path"] == "lifecycle.usage_stage"]
    main(["validate", str(corpus), "--format", "json", "--config", str(config)])
    after = [f for f in json.loads(capsys.readouterr().out) if f["path"] == "lifecycle.usage_stage"]
    # an independent reading: the files whose usage_stage is a text in neither the spec's list nor the accepted one
    spec = {"ideation", "design", "implementation", "operation"}
    neither, accepted = set(), 0
    for path in corpus.glob("*.md"):
        head = path.read_text(encoding="utf-8").split("\n---", 1)[0].removeprefix("---\n")
        try:
            data = yaml.safe_load(head)
        except yaml.YAMLError:
            continue
        lifecycle = data.get("lifecycle") if isinstance(data, dict) else None
        stage = lifecycle.get("usage_stage") if isinstance(lifecycle, dict) else None
        if stage in ("application", "recognition"):
            accepted += 1
        elif stage is not None and stage not in spec:
            neither.add(str(path))
    assert len(before) - len(after) == accepted > 0
    assert {f["file"] for f in after} == neither
    print(f"usage-stage warnings: {len(before)} before, {len(after)} after")


@pytest.fixture(autouse=True)
def _fresh_config_cache():
    from editor.model.check import config

    config._cache.clear()
    yield
    config._cache.clear()
