"""Issue 14, item 5: what review of real history found in the semantic diff, one regression each.

Every fixture is small and written here (or built from tests/fixtures/diff/base.md and the legacy
fixtures), never copied from the corpus.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from editor.cli import main
from editor.model.check.validation import RULES, validate
from editor.model.diff.semantic import diff_texts
from editor.model.document.document import Document
from editor.model.schema import HINTS

FIXTURES = Path(__file__).parent / "fixtures"
BASE = (FIXTURES / "diff" / "base.md").read_text(encoding="utf-8")
HARBOUR = (FIXTURES / "legacy" / "harbour-keeping.md").read_text(encoding="utf-8")


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(list(argv))
    return code, out.getvalue()


def lines(result) -> list[str]:
    return result.to_text().splitlines()


# ---------------------------------------------------------------- 1. anchors and aliases

ANCHORED = """---
id: pat_01jexampe0000000000000000a
slug: anchor-test
title: Anchor Test
contributors: &id001
- alice
- bob
sources: []
license: CC-BY-SA-4.0
attribution: Someone
provenance:
  contributors: *id001
---

Body text.
"""


def test_an_alias_in_the_last_key_invents_no_comments_at_the_end() -> None:
    new = ANCHORED.replace("attribution: Someone", "attribution: Someone Else")
    result = diff_texts(ANCHORED, new)
    assert [(c.kind, c.path, c.old, c.new) for c in result.changes] == [
        ("changed", "attribution", "Someone", "Someone Else")
    ]
    assert result.formatting == []
    assert lines(result) == ["Provenance", "  Attribution: Someone → Someone Else"]


def test_an_alias_does_not_hide_a_real_comment_at_the_end() -> None:
    new = ANCHORED.replace("  contributors: *id001\n", "  contributors: *id001\n# reviewed\n")
    result = diff_texts(ANCHORED, new)
    assert result.is_empty
    assert [(f.kind, f.description, f.new) for f in result.formatting] == [
        ("comments", "comments at the end of the frontmatter added", "# reviewed")
    ]


def test_alias_keys_are_ordinary_fields() -> None:
    new = ANCHORED.replace("- bob\n", "- bob\n- carol\n")
    result = diff_texts(ANCHORED, new)
    assert sorted((c.kind, c.path, c.new) for c in result.changes) == [
        ("added", "contributors[2]", "carol"),
        ("added", "provenance.contributors[2]", "carol"),
    ]
    assert result.formatting == []


# ---------------------------------------------------------------- 2. blank-only preamble

HEAD, _, REST = BASE.partition("\n---\n\nA weekly rota")
SECTIONS = REST[REST.index("### Section 1") :]


@pytest.mark.parametrize(("old_gap", "new_gap"), [("\n\n", ""), ("", "\n\n"), ("\n", "\n\n\n")])
def test_blank_lines_before_the_first_heading_are_not_a_section(old_gap: str, new_gap: str, tmp_path: Path) -> None:
    old = f"{HEAD}\n---\n{old_gap}{SECTIONS}"
    new = f"{HEAD}\n---\n{new_gap}{SECTIONS}"
    result = diff_texts(old, new)
    assert result.is_empty and result.body_changes == []
    assert [(f.kind, f.where) for f in result.formatting] == [("blank lines", "body")]
    (tmp_path / "a.md").write_text(old, encoding="utf-8")
    (tmp_path / "b.md").write_text(new, encoding="utf-8")
    code, out = run("diff", str(tmp_path / "a.md"), str(tmp_path / "b.md"))
    assert code == 0 and out.startswith("No changes in meaning.\n") and "Preamble —" not in out


def test_a_preamble_with_words_is_still_a_change() -> None:
    result = diff_texts(f"{HEAD}\n---\n{SECTIONS}", f"{HEAD}\n---\n\nA new opening line.\n\n{SECTIONS}")
    assert [(s.section, s.kind) for s in result.body_changes] == [("Preamble", "added")]


# ---------------------------------------------------------------- 3. labels that read alike

TOP_LEVEL_DOMAIN = HARBOUR.replace("  commons_domain:\n  - business\n", "").replace(
    "generalizes_from: []\n", "commons_domain:\n- business\n- life\ngeneralizes_from: []\n"
)


def test_commons_domain_moved_to_the_top_level_reads_as_a_move_with_paths() -> None:
    result = diff_texts(HARBOUR, TOP_LEVEL_DOMAIN)
    assert [(c.kind, c.path, c.from_path) for c in result.changes] == [
        ("moved", "commons_domain", "classification.commons_domain"),
        ("added", "commons_domain[1]", None),
    ]
    assert lines(result) == [
        "Classification",
        "  Commons domain (commons_domain): moved from classification.commons_domain",
        "  Commons domain (commons_domain): + life",
    ]
    labels = [c["label"] for c in result.to_json()["changes"]]
    assert labels == ["Commons domain (commons_domain)", "Commons domain (commons_domain) #2"]


def test_colliding_labels_name_their_paths_when_removed_and_added() -> None:
    new = HARBOUR.replace("  commons_domain:\n  - business\n", "").replace(
        "generalizes_from: []\n", "commons_domain:\n- life\ngeneralizes_from: []\n"
    )
    result = diff_texts(HARBOUR, new)
    assert lines(result) == [
        "Classification",
        "  Commons domain (classification.commons_domain): removed (was [business])",
        "  Commons domain (commons_domain): added ([life])",
    ]
    assert [c["label"] for c in result.to_json()["changes"]] == [
        "Classification › Commons domain (classification.commons_domain)",
        "Commons domain (commons_domain)",
    ]


def test_labels_that_do_not_collide_stay_short() -> None:
    result = diff_texts(HARBOUR, HARBOUR.replace("  - business\n", "  - business\n  - platform\n"))
    assert lines(result) == ["Classification", "  Commons domain: + platform"]


# ---------------------------------------------------------------- 4. group path and delta in text


def test_text_shows_the_path_and_delta_of_an_undeclared_number() -> None:
    old = BASE.replace("  domain: shared-stewardship\n", "  domain: shared-stewardship\n  commons_alignment: 3\n")
    new = old.replace("commons_alignment: 3", "commons_alignment: 4")
    result = diff_texts(old, new)
    assert result.to_json()["changes"][0]["delta"] == 1
    assert lines(result) == ["Ontology & scores", "  Ontology › commons_alignment: 3 → 4 (+1)"]


def test_text_shows_the_delta_of_a_legacy_score_and_a_confidence() -> None:
    new = HARBOUR.replace("commons_alignment: 3", "commons_alignment: 4")
    assert lines(diff_texts(HARBOUR, new)) == ["Classification", "  Commons alignment: 3 → 4 (+1)"]
    old = BASE.replace("  confidence: 2", "  confidence: 1")
    assert lines(diff_texts(old, BASE)) == ["Lifecycle", "  Confidence: 1 → 2 (+1)"]


def test_a_version_number_has_no_delta() -> None:
    result = diff_texts(BASE, BASE.replace("  version: 0.1", "  version: 0.2"))
    assert result.changes[0].delta == pytest.approx(0.1)
    assert lines(result) == ["Lifecycle", "  Version: 0.1 → 0.2"]


# ---------------------------------------------------------------- 5. type changes


def test_a_number_becoming_text_is_shown_with_its_types() -> None:
    result = diff_texts(HARBOUR, HARBOUR.replace("version: 1.0", 'version: "1.0"'))
    assert [(c.kind, c.old, c.new) for c in result.changes] == [("changed", 1.0, "1.0")]
    assert lines(result) == ["Identity", '  Version: 1.0 (number) → "1.0" (text)']


def test_a_quoted_date_is_not_a_type_change() -> None:
    result = diff_texts(BASE, BASE.replace("last_pruned: 2026-02-19", "last_pruned: '2026-02-19'"))
    assert result.is_empty


# ---------------------------------------------------------------- 6. a blank line before the opening ---


def test_a_blank_line_before_the_opening_delimiter_is_a_change() -> None:
    result = diff_texts(BASE, "\n" + BASE)
    assert not result.is_empty and result.changes == [] and result.body_changes == []
    assert [(f.kind, f.where) for f in result.file] == [("opening", "file")]
    assert lines(result)[:2] == [
        "File",
        "  1 blank line added before the opening --- (line 1): site generators no longer find the frontmatter",
    ]
    assert result.to_json()["file"][0]["kind"] == "opening"
    back = diff_texts("\n\n" + BASE, BASE)
    assert back.file[0].description.startswith("2 blank lines removed before the opening ---")


def test_more_blank_lines_where_there_were_some_is_formatting() -> None:
    result = diff_texts("\n" + BASE, "\n\n" + BASE)
    assert result.is_empty and result.file == []
    assert [f.description for f in result.formatting] == ["lines before the opening ---"]


def test_validate_reports_blank_lines_before_the_opening_delimiter(tmp_path: Path) -> None:
    assert RULES["opening-line"][:2] == ("error", "E11")
    path = tmp_path / "garden-rota.md"
    path.write_text("\n" + BASE, encoding="utf-8")
    doc = Document.load(path, HINTS)
    assert doc.error is None and doc.get("slug") == "garden-rota"  # the file still opens
    found = [f for f in validate(doc) if f.rule == "opening-line"]
    assert [(f.line, f.column, f.severity) for f in found] == [(1, 1, "error")]
    assert found[0].text().startswith(f"{path}:1:1: error opening-line: 1 blank line before the opening '---'")
    code, out = run("validate", str(path))
    assert code == 1 and f"{path}:1:1: error opening-line: 1 blank line before the opening '---'" in out
    path.write_text(BASE, encoding="utf-8")
    assert not [f for f in validate(Document.load(path, HINTS)) if f.rule == "opening-line"]


def test_an_edit_keeps_the_blank_line_before_the_opening_delimiter(tmp_path: Path) -> None:
    path = tmp_path / "garden-rota.md"
    path.write_text("\n" + BASE, encoding="utf-8")
    doc = Document.load(path, HINTS)
    doc.set("title", "Garden Rota Circle")
    doc.save()
    text = path.read_text(encoding="utf-8")
    assert text == "\n" + BASE.replace('title: "Garden Rota"', 'title: "Garden Rota Circle"')


# ---------------------------------------------------------------- 7. an old version that does not parse

BROKEN = BASE.replace("  status: draft", "  status: [draft")


def test_an_unparseable_old_version_falls_back_to_a_line_diff(tmp_path: Path) -> None:
    (tmp_path / "old.md").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "new.md").write_text(BASE, encoding="utf-8")
    code, out = run("diff", str(tmp_path / "old.md"), str(tmp_path / "new.md"))
    assert code == 1
    first, *rest = out.splitlines()
    assert first.startswith(f"(not compared as a pattern: {tmp_path / 'old.md'}:")
    assert "did not find expected ',' or ']'" in first
    assert "-  status: [draft" in rest and "+  status: draft" in rest
    code, out = run("diff", str(tmp_path / "old.md"), str(tmp_path / "new.md"), "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["changes"] == [] and "+  status: draft\n" in data["line_diff"]
    assert data["not_compared"][0].startswith(f"{tmp_path / 'old.md'}:")
    (tmp_path / "same.md").write_text(BROKEN, encoding="utf-8")
    assert run("diff", str(tmp_path / "old.md"), str(tmp_path / "same.md"))[0] == 2  # the new side: an error


def test_the_driver_mode_and_the_two_file_mode_share_the_fallback(tmp_path: Path) -> None:
    (tmp_path / "old.md").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "new.md").write_text(BASE, encoding="utf-8")
    code, out = run(
        "diff", "--git-external", "x.md", str(tmp_path / "old.md"), ".", ".", str(tmp_path / "new.md"), ".", "."
    )
    assert code == 0
    head, note, *rest = out.splitlines()
    assert head == "pattern diff a/x.md b/x.md" and note.startswith("(not compared as a pattern: a/x.md:")
    assert rest[:2] == ["--- a/x.md", "+++ b/x.md"] and "+  status: draft" in rest


# ---------------------------------------------------------------- 8. older flat layout -> v7.1

MIGRATED = """---
id: pat_01m9312813fmjsh5w0ddnwgn6e
slug: harbour-keeping
title: Harbour Keeping
aliases: []
summary: >-
  The crew that keeps the harbour open shares one logbook.
ontology:
  domain: operations
  cross_domains: []
  commons_domain:
    - business
    - life
  commons_assessment:
    stakeholder_architecture: 3.0
    overall_score: 3.5
lifecycle:
  usage_stage: operation
  status: revised
  version: 1.1
relationships:
  generalizes_from: []
  specializes_to: []
  enables:
    - slug: tide-pool-stewardship
      weight: 0.8
  requires: []
contributors:
- harbour-crew
sources: []
license: CC-BY-SA-4.0
attribution: Harbour Crew Notes
---

# Harbour Keeping

### 1. Overview

The crew that keeps the harbour open shares one logbook.
"""


def test_a_layout_migration_is_compared_field_by_field() -> None:
    old = HARBOUR.replace("enables: []", "enables:\n- pat_01m9312813fmjsh5w0ddnwgn7f")
    result = diff_texts(old, MIGRATED)
    rows = [(c.kind, c.path, c.from_path) for c in result.changes]
    assert ("moved", "lifecycle.status", "classification.status") in rows
    assert ("moved", "lifecycle.version", "version") in rows
    assert ("moved", "ontology.domain", "classification.domain") in rows
    assert ("moved", "ontology.commons_domain", "classification.commons_domain") in rows
    assert ("moved", "ontology.commons_assessment.overall_score", "classification.commons_alignment") in rows
    assert ("added", "ontology.commons_assessment.stakeholder_architecture", None) in rows
    assert ("removed", "classification.universality", None) in rows
    assert ("moved", "relationships.enables", "enables") in rows
    assert ("removed", "relationships.enables[slug=pat_01m9312813fmjsh5w0ddnwgn7f]", None) in rows
    assert ("added", "relationships.enables[slug=tide-pool-stewardship]", None) in rows
    # no whole group as one blob
    assert not [c.path for c in result.changes if isinstance(c.old or c.new, dict) and not c.path.endswith("]")]
    text = result.to_text()
    assert "  Status (lifecycle.status): moved from classification.status (draft → revised)\n" in text
    assert "  Overall score: moved from classification.commons_alignment (3 → 3.5)\n" in text
    assert "  Commons domain (ontology.commons_domain): + life\n" in text
    assert "  Enables: + tide-pool-stewardship (0.8)\n" in text
    assert "  Enables: − pat_01m9312813fmjsh5w0ddnwgn7f\n" in text
    assert "…" not in text


def test_a_migration_back_reads_the_other_way() -> None:
    result = diff_texts(MIGRATED, HARBOUR)
    rows = [(c.kind, c.path, c.from_path) for c in result.changes]
    assert ("moved", "classification.status", "lifecycle.status") in rows
    assert ("moved", "version", "lifecycle.version") in rows


def test_fields_in_the_same_layout_are_not_remapped() -> None:
    result = diff_texts(HARBOUR, HARBOUR.replace("status: draft", "status: published"))
    assert [(c.kind, c.path) for c in result.changes] == [("changed", "classification.status")]


# ---------------------------------------------------------------- 10. git difftool -x


def test_difftool_prints_the_real_file_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.md").write_text(BASE, encoding="utf-8")
    (tmp_path / "b.md").write_text(BASE.replace("resilience: 3.0", "resilience: 3.5"), encoding="utf-8")
    code, out = run("diff", str(tmp_path / "a.md"), str(tmp_path / "b.md"))
    assert out.startswith("Ontology & scores\n")  # outside git: no header
    monkeypatch.setenv("GIT_DIFF_PATH_TOTAL", "3")
    monkeypatch.setenv("GIT_DIFF_PATH_COUNTER", "2")
    monkeypatch.setenv("BASE", "patterns/garden-rota.md")
    code, out = run("diff", str(tmp_path / "a.md"), str(tmp_path / "b.md"))
    assert (code, out.splitlines()[:2]) == (1, ["pattern diff patterns/garden-rota.md (2/3)", "Ontology & scores"])


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_difftool_x_names_each_file(tmp_path: Path) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    env.update(GIT_AUTHOR_NAME="k", GIT_AUTHOR_EMAIL="k@x", GIT_COMMITTER_NAME="k", GIT_COMMITTER_EMAIL="k@x")

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=tmp_path, env=env, check=True, capture_output=True, text=True).stdout

    git("init", "-q")
    for name in ("garden-rota.md", "other.md"):
        (tmp_path / name).write_text(BASE, encoding="utf-8")
    git("add", ".")
    git("commit", "-qm", "one")
    for name in ("garden-rota.md", "other.md"):
        (tmp_path / name).write_text(BASE.replace("resilience: 3.0", "resilience: 3.5"), encoding="utf-8")
    out = git("difftool", "-y", "-x", f"{sys.executable} -m editor.cli diff", "HEAD")
    assert out.splitlines() == [
        "pattern diff garden-rota.md (1/2)",
        "Ontology & scores",
        "  Resilience: 3.0 → 3.5 (+0.5)",
        "pattern diff other.md (2/2)",
        "Ontology & scores",
        "  Resilience: 3.0 → 3.5 (+0.5)",
    ]


# ---------------------------------------------------------------- the compare window's rows (3, 5, 6)


def test_compare_rows_show_paths_types_deltas_and_the_file_change(qtbot) -> None:
    from editor.model.diff.version import Version
    from editor.ui.compare.rows import FILE
    from editor.ui.compare.window import CompareWindow

    from .ui_helpers import ScriptedDialogs

    old = BASE.replace("  domain: shared-stewardship\n", "  domain: shared-stewardship\n  commons_alignment: 3\n")
    new = "\n" + old.replace("  version: 0.1", '  version: "0.1"').replace(
        "commons_alignment: 3", "commons_alignment: 4"
    )
    new = new.replace("  commons_domain:\n    - life\n", "").replace(
        "contributors:", "commons_domain:\n- life\ncontributors:"
    )
    window = CompareWindow(Version("Old", old), Version("New", new), dialogs=ScriptedDialogs())
    qtbot.addWidget(window)
    rows = {r.label: r for g in window.groups for r in g.rows}
    assert window.groups[0].title == "File" and window.groups[0].rows[0].kind == FILE
    assert not window.groups[0].rows[0].takeable
    assert rows["Version"].summary == 'Version: 0.1 (number) → "0.1" (text)'
    assert "(number)" in rows["Version"].pairs[0][0] and "(text)" in rows["Version"].pairs[0][1]
    assert rows["Ontology › commons_alignment"].summary == "Ontology › commons_alignment: 3 → 4 (+1)"
    assert rows["Commons domain (commons_domain)"].detail == "moved from ontology.commons_domain"
    assert "1 file change" in window.summary.text()
