"""Three-way merge (editor.model.merge, pattern-cli merge): independent edits combine, every other
byte of OURS is kept, and a real conflict is marked in the file and recorded beside it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.cli import main
from editor.model import schema
from editor.model.document.document import Document
from editor.model.errors import ParseError
from editor.model.merge.merge import merge_texts

ROOT = Path(__file__).resolve().parents[1]
GIT = shutil.which("git")

V7 = """---
# GROUP 1: CORE IDENTITY
id: pat_01khvcxd8reves5ybk5kxyw5ab
slug: harbour-circles
title: "Harbour Circles"
aliases: []
summary: >-
  Crews meet in circles to repair harm and share the
  weight of the work.
ontology:
  domain: feedback-learning
  search_hints:
    primary_tension: "Repair vs. Pace"
    vector_keywords: ["circles", "repair", "crews"]
  commons_assessment:
    stakeholder_architecture: 4.5
    value_creation: 4.0
    resilience: 3.0
    ownership: 3.0
    autonomy: 3.0
    vitality: 3.7
    overall_score: 3.6
lifecycle:
  status: draft
  version: 0.1
  confidence: 1
# GROUP 5: HARD RELATIONSHIPS
relationships:
  enables:
    - slug: active-listening-depth
      weight: 0.9
    - slug: adaptive-facilitation
      weight: 0.88
  requires: []
  complementary:
    - slug: accountability-without-shame
      weight: 0.85
contributors: ['higgerix', "cloudsters"]
license: CC-BY-SA-4.0
---

Crews meet in circles.

---

### Section 1: Context

Harbour crews carry the weight of every storm.

Nobody talks about the night shifts.

### Section 2: Solution

Therefore, meet in circles.

#### Steps
Open with a round of names.

Close with one commitment each.
"""

LEGACY = """---
id: pat_01m9312813fmjsh5w0ddnwgn6e
slug: harbour-keeping
title: Harbour Keeping
version: 1.0
classification:
  domain: operations
  status: draft
  commons_alignment: 3
enables:
- pat_01m9312813fmjsh5w0ddnwgn6a
requires: []
related:
- pat_01m9312813fmjsh5w0ddnwgn6b
- pat_01m9312813fmjsh5w0ddnwgn6c
contributors:
- harbour-crew
license: CC-BY-SA-4.0
---

# Harbour Keeping

### 1. Overview

The crew that keeps the harbour open shares one logbook.

### 2. Practice

Every arrival is written down.
"""


def sub(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


# (ours edit, theirs edit) pairs on adjacent lines: git merge-file conflicts on each
SCORE = (("    resilience: 3.0\n", "    resilience: 3.5\n"), ("    ownership: 3.0\n", "    ownership: 4.0\n"))
LINKS = (
    ("      weight: 0.88\n", "      weight: 0.88\n    - slug: harbour-watch\n      weight: 0.7\n"),
    (
        "    - slug: adaptive-facilitation\n      weight: 0.88\n",
        "    - slug: adaptive-facilitation\n      weight: 0.6\n",
    ),
)
PARAGRAPHS = (
    ("Nobody talks about the night shifts.\n", "Nobody talks about the long night shifts.\n"),
    (
        "Harbour crews carry the weight of every storm.\n\n",
        "Harbour crews carry the weight of every storm.\n\nThe logbook stays silent.\n\n",
    ),
)
HEADING_AND_TEXT = (
    ("#### Steps\n", "#### Steps of a circle\n"),
    ("Open with a round of names.\n", "Open with a round of first names.\n"),
)
PAIRS = {
    "score+pillar": SCORE,
    "link added+re-weighted": LINKS,
    "two paragraphs": PARAGRAPHS,
    "heading+paragraph": HEADING_AND_TEXT,
}


def versions(*pairs) -> tuple[str, str, str]:
    ours, theirs, expected = V7, V7, V7
    for (o_old, o_new), (t_old, t_new) in pairs:
        ours = sub(ours, o_old, o_new)
        theirs = sub(theirs, t_old, t_new)
        expected = sub(sub(expected, o_old, o_new), t_old, t_new)
    return ours, theirs, expected


def git_merge_file_conflicts(tmp_path: Path, base: str, ours: str, theirs: str) -> bool:
    files = []
    for name, text in (("ours", ours), ("base", base), ("theirs", theirs)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        files.append(str(tmp_path / name))
    run = subprocess.run([GIT, "merge-file", "-p", *files], capture_output=True, text=True)
    return run.returncode > 0 and "<<<<<<<" in run.stdout


@pytest.mark.parametrize("name", list(PAIRS))
def test_independent_edits_on_adjacent_lines_merge_cleanly(name, tmp_path):
    ours, theirs, expected = versions(PAIRS[name])
    result = merge_texts(V7, ours, theirs)
    assert result.clean, result.record()
    assert result.text == expected  # THEIRS' edit spliced in, every other byte of OURS kept
    if GIT:
        assert git_merge_file_conflicts(tmp_path, V7, ours, theirs), "git merge-file should conflict here"


def test_all_together_and_ours_formatting_kept():
    ours, theirs, expected = versions(*PAIRS.values())
    # OURS restyles things THEIRS does not touch: those bytes stay as OURS wrote them
    ours = sub(ours, 'title: "Harbour Circles"', "title: 'Harbour Circles'")
    expected = sub(expected, 'title: "Harbour Circles"', "title: 'Harbour Circles'")
    result = merge_texts(V7, ours, theirs)
    assert result.clean and result.text == expected


def test_theirs_adds_key_and_removes_entry_and_keyword():
    theirs = sub(V7, '["circles", "repair", "crews"]', '["circles", "crews", "storms"]')
    theirs = sub(theirs, "  status: draft\n", "  status: draft\n  usage_stage: application\n")
    theirs = sub(theirs, "    - slug: accountability-without-shame\n      weight: 0.85\n", "")
    theirs = sub(theirs, "  complementary:\n", "  complementary: []\n")
    ours = sub(V7, '["circles", "repair", "crews"]', '["circles", "repair", "crews", "tides"]')
    result = merge_texts(V7, ours, theirs)
    assert result.clean, result.record()
    doc = Document.from_text(result.text, "m", schema.HINTS)
    assert doc.get("ontology.search_hints.vector_keywords") == ["circles", "crews", "tides", "storms"]
    assert doc.get("lifecycle.usage_stage") == "application"
    assert doc.get("relationships.complementary") == []
    assert doc.text.count("\n") == ours.count("\n") - 1


def test_same_change_on_both_sides_is_not_a_conflict():
    ours, _, _ = versions(SCORE)
    theirs = sub(ours, "Nobody talks", "No one talks")
    ours2 = sub(ours, "  status: draft", "  status: stable")
    result = merge_texts(V7, ours2, theirs)
    assert result.clean
    assert result.text == sub(ours2, "Nobody talks", "No one talks")


def test_legacy_id_lists_merge_by_id():
    ours = sub(
        LEGACY,
        "enables:\n- pat_01m9312813fmjsh5w0ddnwgn6a\n",
        "enables:\n- pat_01m9312813fmjsh5w0ddnwgn6a\n- pat_01m9312813fmjsh5w0ddnwgn6d\n",
    )
    theirs = sub(LEGACY, "- pat_01m9312813fmjsh5w0ddnwgn6b\n", "")
    theirs = sub(
        theirs,
        "enables:\n- pat_01m9312813fmjsh5w0ddnwgn6a\n",
        "enables:\n- pat_01m9312813fmjsh5w0ddnwgn6a\n- pat_01m9312813fmjsh5w0ddnwgn6e\n",
    )
    theirs = sub(theirs, "  commons_alignment: 3\n", "  commons_alignment: 4\n")
    theirs = sub(theirs, "Every arrival is written down.", "Every arrival and departure is written down.")
    result = merge_texts(LEGACY, ours, theirs)
    assert result.clean, result.record()
    doc = Document.from_text(result.text, "m", schema.HINTS)
    assert doc.get("enables") == [
        "pat_01m9312813fmjsh5w0ddnwgn6a",
        "pat_01m9312813fmjsh5w0ddnwgn6d",
        "pat_01m9312813fmjsh5w0ddnwgn6e",
    ]
    assert doc.get("related") == ["pat_01m9312813fmjsh5w0ddnwgn6c"]
    assert doc.get("classification.commons_alignment") == 4
    assert "Every arrival and departure is written down." in doc.body


def test_crlf_ours_keeps_its_line_endings():
    crlf = V7.replace("\n", "\r\n")
    ours, theirs, expected = versions(SCORE, PARAGRAPHS)
    result = merge_texts(crlf, ours.replace("\n", "\r\n"), theirs)
    assert result.clean and result.text == expected.replace("\n", "\r\n")


# ---------------------------------------------------------------- conflicts


def conflicting() -> tuple[str, str]:
    ours = sub(V7, "    resilience: 3.0\n", "    resilience: 3.5\n")
    theirs = sub(V7, "    resilience: 3.0\n", "    resilience: 4.0\n")
    ours = sub(ours, "Therefore, meet in circles.", "Therefore, meet in small circles.")
    theirs = sub(theirs, "Therefore, meet in circles.", "Therefore, meet in weekly circles.")
    theirs = sub(theirs, "      weight: 0.85\n", "      weight: 0.95\n")  # ours removes that entry
    ours = sub(ours, "    - slug: accountability-without-shame\n      weight: 0.85\n", "")
    ours = sub(ours, "  complementary:\n", "  complementary: []\n")
    theirs = sub(theirs, "    autonomy: 3.0\n", "    autonomy: 2.5\n")  # clean, beside the conflict
    return ours, theirs


def test_conflicts_are_marked_and_recorded():
    ours, theirs = conflicting()
    result = merge_texts(V7, ours, theirs)
    kinds = {(c.kind, c.path) for c in result.conflicts}
    assert kinds == {
        ("field", "ontology.commons_assessment.resilience"),
        ("entry", "relationships.complementary[slug=accountability-without-shame]"),
        ("paragraph", "Section 2: Solution"),
    }
    lines = result.text.splitlines()
    for c in result.conflicts:
        assert lines[c.line - 1] == "<<<<<<< ours"
    score = next(c for c in result.conflicts if c.kind == "field")
    assert (score.base, score.ours, score.theirs) == (3.0, 3.5, 4.0)
    assert lines[score.line - 1 : score.line + 4] == [
        "<<<<<<< ours",
        "    resilience: 3.5",
        "=======",
        "    resilience: 4.0",
        ">>>>>>> theirs",
    ]
    assert "    autonomy: 2.5" in lines  # the clean change beside it still merged


def test_cli_conflict_exit_1_record_and_markers(tmp_path, capsys):
    ours, theirs = conflicting()
    paths = []
    for name, text in (("base", V7), ("ours", ours), ("theirs", theirs)):
        (tmp_path / f"{name}.md").write_text(text, encoding="utf-8")
        paths.append(str(tmp_path / f"{name}.md"))
    out = tmp_path / "out.md"
    assert main(["merge", *paths, "-o", str(out)]) == 1
    text = out.read_text(encoding="utf-8")
    assert text.count("<<<<<<< ours") == 3 and text.count(">>>>>>> theirs") == 3
    record = json.loads((tmp_path / "out.md.conflicts.json").read_text(encoding="utf-8"))
    assert [r["kind"] for r in record] == ["field", "entry", "paragraph"]
    assert set(record[0]) >= {"kind", "path", "base", "ours", "theirs", "line"}
    assert record[1]["ours"] is None and record[1]["theirs"] == {"slug": "accountability-without-shame", "weight": 0.95}
    assert text.splitlines()[record[2]["line"] - 1] == "<<<<<<< ours"
    assert "out.md:" in capsys.readouterr().err
    # a clean merge afterwards removes the stale record
    (tmp_path / "theirs.md").write_text(sub(V7, "  status: draft", "  status: stable"), encoding="utf-8")
    assert main(["merge", *paths, "-o", str(out)]) == 0
    assert not (tmp_path / "out.md.conflicts.json").exists()
    assert "  status: stable" in out.read_text(encoding="utf-8")


def test_cli_unparseable_input_exit_2_and_out_untouched(tmp_path, capsys):
    broken = sub(V7, "  status: draft\n", "  status: [draft\n")
    for name, text in (("base", V7), ("ours", V7), ("theirs", broken)):
        (tmp_path / f"{name}.md").write_text(text, encoding="utf-8")
    out = tmp_path / "out.md"
    out.write_text("keep me", encoding="utf-8")
    args = [str(tmp_path / f"{n}.md") for n in ("base", "ours", "theirs")]
    assert main(["merge", *args, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 'theirs.md'}:" in err and err.split(":")[1].isdigit()
    assert out.read_text(encoding="utf-8") == "keep me"
    with pytest.raises(ParseError):
        merge_texts(V7, V7, broken)


def test_cli_prints_to_stdout_without_output(tmp_path, capsys):
    ours, theirs, expected = versions(SCORE)
    for name, text in (("base", V7), ("ours", ours), ("theirs", theirs)):
        (tmp_path / f"{name}.md").write_text(text, encoding="utf-8")
    assert main(["merge", *(str(tmp_path / f"{n}.md") for n in ("base", "ours", "theirs"))]) == 0
    assert capsys.readouterr().out == expected


# ---------------------------------------------------------------- git


def git(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(
        [GIT, "-c", "user.name=T", "-c", "user.email=t@example.org", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.mark.skipif(GIT is None, reason="git not installed")
def test_git_merge_with_the_driver(tmp_path):
    ours, theirs, expected = versions(*PAIRS.values())
    repo = tmp_path / "repo"
    repo.mkdir()
    assert git(repo, "init", "-q", "-b", "main").returncode == 0
    git(repo, "config", "merge.pattern.driver", f"{sys.executable} -m editor.cli merge %O %A %B -o %A")
    git(repo, "config", "merge.pattern.name", "pattern-aware merge")
    (repo / ".gitattributes").write_text("*.md merge=pattern\n", encoding="utf-8")
    target = repo / "harbour-circles.md"
    target.write_text(V7, encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    git(repo, "checkout", "-q", "-b", "theirs")
    target.write_text(theirs, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "theirs")
    git(repo, "checkout", "-q", "main")
    target.write_text(ours, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "ours")
    run = git(repo, "merge", "-q", "--no-edit", "theirs")
    assert run.returncode == 0, run.stdout + run.stderr
    assert target.read_text(encoding="utf-8") == expected
    assert git(repo, "status", "--porcelain").stdout == ""


# ---------------------------------------------------------------- identities


VARIANTS = {
    "score": versions(SCORE)[0],
    "theirs side edits": versions(*PAIRS.values())[1],
    "quotes only": sub(V7, 'title: "Harbour Circles"', "title: Harbour Circles"),
    "crlf": V7.replace("\n", "\r\n"),
    "body only": V7 + "\nOne more paragraph.\n",
    "comment": sub(V7, "# GROUP 5: HARD RELATIONSHIPS\n", ""),
}


@pytest.mark.parametrize("name", list(VARIANTS))
def test_one_sided_merge_is_that_side_byte_for_byte(name):
    x = VARIANTS[name]
    assert merge_texts(V7, x, V7).text == x
    assert merge_texts(V7, V7, x).text == x
    assert merge_texts(V7, x, x).text == x


EDITS = [
    ("ontology.commons_assessment.resilience", 3.5),
    ("ontology.commons_assessment.ownership", 4.0),
    ("ontology.commons_assessment.autonomy", 2.5),
    ("relationships.enables[slug=adaptive-facilitation].weight", 0.6),
    ("relationships.enables[slug=active-listening-depth].weight", 0.7),
    ("lifecycle.status", "stable"),
    ("lifecycle.version", 0.2),
    ("title", "Harbour Circles, Again"),
    ("ontology.domain", "care"),
]


def edited(fields: list[tuple[str, object]]) -> str:
    doc = Document.from_text(V7, "x", schema.HINTS)
    for path, value in fields:
        doc.set(path, value)
    return doc.text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(range(len(EDITS))), unique=True),
    st.lists(st.booleans(), min_size=len(EDITS), max_size=len(EDITS)),
)
def test_disjoint_field_edits_merge_to_both_applied(chosen, sides):
    ours = [EDITS[i] for i in chosen if sides[i]]
    theirs = [EDITS[i] for i in chosen if not sides[i]]
    result = merge_texts(V7, edited(ours), edited(theirs))
    assert result.clean
    assert result.text == edited(ours + theirs)


@pytest.mark.skipif(GIT is None, reason="git not installed")
def test_git_merge_conflict_with_path_keeps_record_beside_the_pattern(tmp_path):
    ours, theirs = conflicting()
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "merge.pattern.driver", f"{sys.executable} -m editor.cli merge %O %A %B -o %A --path %P")
    (repo / ".gitattributes").write_text("*.md merge=pattern\n", encoding="utf-8")
    target = repo / "harbour-circles.md"
    target.write_text(V7, encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    git(repo, "checkout", "-q", "-b", "theirs")
    target.write_text(theirs, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "theirs")
    git(repo, "checkout", "-q", "main")
    target.write_text(ours, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "ours")
    run = git(repo, "merge", "-q", "--no-edit", "theirs")
    assert run.returncode != 0 and "harbour-circles.md:" in run.stdout + run.stderr
    assert target.read_text(encoding="utf-8").count("<<<<<<< ours") == 3
    record = json.loads((repo / "harbour-circles.md.conflicts.json").read_text(encoding="utf-8"))
    assert len(record) == 3
    assert not list(repo.glob(".merge_file_*"))
