"""Slug rename: the exact bytes of every touched file, refusals, revert, the index, CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.cli import main
from editor.model.errors import ExternalChangeError
from editor.model.library.index import LibraryIndex
from editor.model.library.rename import RenameError, apply, check_new_slug, plan_rename, revert

from .conftest import SAMPLES
from .test_library import copy_samples

OLD, NEW = "active-listening-depth", "deep-listening"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_rename_in_the_sample_library_changes_exactly_the_link_lines(tmp_path: Path) -> None:
    folder = copy_samples(tmp_path)
    before = snapshot(folder)
    index = LibraryIndex(folder, use_cache=False)
    index.build()
    plan = plan_rename(index, OLD, NEW)
    assert snapshot(folder) == before  # planning writes nothing
    apply(plan)
    after = snapshot(folder)

    old_lines = (f"    - slug: {OLD}\n".encode(), f"    - target: {OLD}\n".encode())
    new_lines = (f"    - slug: {NEW}\n".encode(), f"    - target: {NEW}\n".encode())
    expected: dict[str, bytes] = {}
    for name, raw in before.items():
        if name == f"{OLD}.md":
            expected[f"{NEW}.md"] = raw.replace(f"\nslug: {OLD}\n".encode(), f"\nslug: {NEW}\n".encode(), 1)
            continue
        new = raw
        for a, b in zip(old_lines, new_lines):
            new = new.replace(a, b)
        expected[name] = new
    assert after == expected
    touched = sorted(c.path.name for c in plan.changes)
    assert touched == sorted(
        [f"{OLD}.md"] + [n for n, raw in before.items() if n != f"{OLD}.md" and any(line in raw for line in old_lines)]
    )
    assert len(touched) == 8
    # the index follows
    assert index.get(NEW) is not None and index.get(OLD) is None
    assert {link.source for link in index.inbound(NEW)} == {
        "restorative-practices-helpers",
        "accountability-without-shame",
        "adaptive-facilitation",
        "harm-repair-conversations",
        "peer-support-circles",
        "reflective-debrief-rituals",
        "trauma-informed-supervision",
    }
    assert index.dangling() == []

    revert(plan)
    assert snapshot(folder) == before
    assert index.get(OLD) is not None and index.get(NEW) is None


TARGET = """---
id: pat_01khvcxd8reves5ybk5kxyw5aa
slug: old-name
title: "Old Name"
relationships:
  complementary:
    - slug: old-name
      weight: 0.5
---

Body mentions old-name and stays as it is.
"""

FLOWY = """---
id: pat_01khvcxd8reves5ybk5kxyw5ab
slug: flowy
title: Flowy
relationships:
  generalizes_from:
  - old-name
  - other
  enables:
    - {id: old-name, weight: 0.8, description: "flow map"}
    - {id: other, weight: 0.7}
graph_garden:
  inferred_links:
  - target: "old-name"
    type: enables
    confidence: 0.9
  - target: old-name-2
    type: requires
---
Body.
"""

LEGACY = """---
id: pat_1234567890abcdef12345678
slug: legacy
title: Legacy
classification:
  domain: ops
generalizes_from:
- old-name
related:
- pat_01khvcxd8reves5ybk5kxyw5aa
---
Body.
"""

UNRELATED = """---
id: pat_01khvcxd8reves5ybk5kxyw5ac
slug: old-name-2
title: Unrelated
---
"""


@pytest.fixture
def shapes(tmp_path: Path) -> Path:
    folder = tmp_path / "shapes"
    folder.mkdir()
    for name, text in {
        "old-name.md": TARGET,
        "flowy.md": FLOWY,
        "legacy.md": LEGACY,
        "old-name-2.md": UNRELATED,
    }.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_every_entry_shape_is_rewritten_in_place(shapes: Path) -> None:
    index = LibraryIndex(shapes, use_cache=False)
    index.build()
    plan = plan_rename(index, "old-name", "new-name")
    assert [c.path.name for c in plan.changes] == ["old-name.md", "flowy.md", "legacy.md"]
    assert plan.changes[0].fields == ["slug", "relationships.complementary[0].slug"]
    assert plan.changes[1].fields == [
        "relationships.generalizes_from[0]",
        "relationships.enables[0].id",
        "graph_garden.inferred_links[0].target",
    ]
    apply(plan)
    assert snapshot(shapes) == {
        "flowy.md": FLOWY.replace("  - old-name\n", "  - new-name\n")
        .replace("{id: old-name,", "{id: new-name,")
        .replace('target: "old-name"', 'target: "new-name"')
        .encode(),
        "legacy.md": LEGACY.replace("- old-name\n", "- new-name\n").encode(),
        "new-name.md": TARGET.replace("slug: old-name\n", "slug: new-name\n").encode(),
        "old-name-2.md": UNRELATED.encode(),
    }
    assert "Body mentions old-name" in (shapes / "new-name.md").read_text()  # bodies are never touched
    # spelled out once, to be sure the replacements above mean what they say
    assert (shapes / "flowy.md").read_text().splitlines()[6:12] == [
        "  - new-name",
        "  - other",
        "  enables:",
        '    - {id: new-name, weight: 0.8, description: "flow map"}',
        "    - {id: other, weight: 0.7}",
        "graph_garden:",
    ]


def test_diff_and_summary(shapes: Path) -> None:
    index = LibraryIndex(shapes, use_cache=False)
    index.build()
    plan = plan_rename(index, "old-name", "new-name")
    diff = plan.diff()
    assert diff.startswith("rename old-name.md -> new-name.md\n--- a/old-name.md\n+++ b/new-name.md\n")
    assert "-slug: old-name\n+slug: new-name\n" in diff
    assert "-  - old-name\n+  - new-name\n" in diff and "--- a/legacy.md\n+++ b/legacy.md\n" in diff
    assert plan.summary() == (
        "old-name -> new-name: renamed old-name.md to new-name.md, 2 fields in it, 4 links in 2 other files"
    )


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("Bad Slug", "not a valid slug"),
        ("old-name", "the same"),
        ("flowy", "already used by flowy.md"),
        ("x--y", "not a valid slug"),
    ],
)
def test_new_slug_is_checked(shapes: Path, new: str, message: str) -> None:
    index = LibraryIndex(shapes, use_cache=False)
    index.build()
    assert message in (check_new_slug(index, "old-name", new) or "")
    with pytest.raises(RenameError, match=message):
        plan_rename(index, "old-name", new)


def test_unknown_duplicate_or_broken_sources_are_refused(shapes: Path) -> None:
    index = LibraryIndex(shapes, use_cache=False)
    index.build()
    with pytest.raises(RenameError, match="no pattern with slug 'missing'"):
        plan_rename(index, "missing", "x")
    (shapes / "copy.md").write_text(LEGACY.replace("id: pat_1234567890abcdef12345678", "id: pat_2"), encoding="utf-8")
    index.refresh()
    with pytest.raises(RenameError, match="claimed by several files"):
        plan_rename(index, "legacy", "x")
    (shapes / "copy.md").unlink()
    (shapes / "flowy.md").write_text(FLOWY.replace("title: Flowy", "title: [broken"), encoding="utf-8")
    index.refresh()
    before = snapshot(shapes)
    plan = plan_rename(index, "old-name", "new-name")  # a broken file has no links in the index to rewrite
    assert [c.path.name for c in plan.changes] == ["old-name.md", "legacy.md"]
    assert snapshot(shapes) == before


def test_apply_refuses_when_a_file_changed_since_planning(shapes: Path) -> None:
    index = LibraryIndex(shapes, use_cache=False)
    index.build()
    plan = plan_rename(index, "old-name", "new-name")
    (shapes / "legacy.md").write_text(LEGACY + "\nedited elsewhere\n", encoding="utf-8")
    before = snapshot(shapes)
    with pytest.raises(ExternalChangeError, match="changed on disk"):
        apply(plan)
    assert snapshot(shapes) == before and not plan.applied


def test_apply_refuses_when_the_new_name_appeared(shapes: Path) -> None:
    index = LibraryIndex(shapes, use_cache=False)
    index.build()
    plan = plan_rename(index, "old-name", "new-name")
    (shapes / "new-name.md").write_text("someone else's\n", encoding="utf-8")
    before = snapshot(shapes)
    with pytest.raises(RenameError, match="already exists"):
        apply(plan)
    assert snapshot(shapes) == before


def test_a_failed_write_is_undone(shapes: Path, monkeypatch) -> None:
    import editor.model.library.changeset as changeset

    index = LibraryIndex(shapes, use_cache=False)
    index.build()
    plan = plan_rename(index, "old-name", "new-name")
    before = snapshot(shapes)
    real = changeset.atomic_write
    calls = []

    def flaky(path, data, expected=None, force=False, **kwargs):
        calls.append(path.name)
        if path.name == "legacy.md" and expected is not None:
            raise OSError(28, "No space left on device")
        return real(path, data, expected, force, **kwargs)

    monkeypatch.setattr(changeset, "atomic_write", flaky)
    with pytest.raises(RenameError, match="undone"):
        apply(plan)
    assert snapshot(shapes) == before and not plan.applied


def test_revert_refuses_after_an_outside_edit(shapes: Path) -> None:
    index = LibraryIndex(shapes, use_cache=False)
    index.build()
    plan = plan_rename(index, "old-name", "new-name")
    apply(plan)
    (shapes / "flowy.md").write_text(FLOWY, encoding="utf-8")
    with pytest.raises(ExternalChangeError):
        revert(plan)
    with pytest.raises(RenameError, match="already been applied"):
        apply(plan)


def test_cli_rename_dry_run_and_apply(capsys, tmp_path: Path) -> None:
    folder = copy_samples(tmp_path)
    before = snapshot(folder)
    assert main(["rename", str(folder), OLD, NEW, "--dry-run", "--no-cache"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"rename {OLD}.md -> {NEW}.md\n--- a/{OLD}.md\n+++ b/{NEW}.md\n")
    assert f"-    - target: {OLD}\n+    - target: {NEW}\n" in out and "dry run" in err
    assert snapshot(folder) == before
    assert main(["rename", str(folder), OLD, "peer-support-circles", "--no-cache"]) == 2
    assert "already used" in capsys.readouterr().err
    assert main(["rename", str(folder), OLD, NEW]) == 0
    assert capsys.readouterr().out.startswith(f"{OLD} -> {NEW}: renamed")
    assert (folder / f"{NEW}.md").exists() and not (folder / f"{OLD}.md").exists()
    assert main(["lint", str(folder), "--min-severity", "warning", "--no-cache"]) == 0
    assert "dangling" not in capsys.readouterr().out


def test_rename_can_fix_a_slug_that_differs_from_its_file_name(tmp_path: Path) -> None:
    from editor.model.library.index import LibraryIndex
    from editor.model.library.rename import apply, plan_rename, revert

    folder = tmp_path / "lib"
    folder.mkdir()
    for p in (SAMPLES / "restorative-practices-helpers.md", SAMPLES / "active-listening-depth.md"):
        (folder / p.name).write_bytes(p.read_bytes())
    own = folder / "active-listening-depth.md"
    own.write_text(own.read_text().replace("slug: active-listening-depth", "slug: typo-slug", 1))
    seed = folder / "restorative-practices-helpers.md"
    seed.write_text(seed.read_text().replace("- slug: active-listening-depth", "- slug: typo-slug", 1))
    before = {p.name: p.read_bytes() for p in folder.glob("*.md")}
    index = LibraryIndex(folder, tmp_path / "cache")
    index.build()
    plan = plan_rename(index, "typo-slug", "active-listening-depth")
    apply(plan)
    assert sorted(p.name for p in folder.glob("*.md")) == sorted(before)
    assert "slug: active-listening-depth\n" in own.read_text()
    assert "- slug: active-listening-depth\n" in seed.read_text()
    revert(plan)
    assert {p.name: p.read_bytes() for p in folder.glob("*.md")} == before
