"""Library index: what it extracts, broken files, the cache and its invalidation, observers, CLI."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
import yaml

from editor.cli import main
from editor.model import schema
from editor.model.check.validation import validate
from editor.model.document.document import Document
from editor.model.library.cache import CACHE_VERSION, cache_header
from editor.model.library.index import IndexChange, LibraryIndex, read_entry

from .conftest import SAMPLES

ROOT = Path(__file__).resolve().parents[1]
VARIANTS = ROOT / "tests" / "fixtures" / "variants"
CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"


# ---------------------------------------------------------------- helpers shared with the other library tests


def fake_id(seed: str) -> str:
    """A deterministic strict TypeID for test files."""
    n = int.from_bytes(hashlib.sha256(seed.encode()).digest()[:16], "big") >> 2
    return "pat_" + "".join(CROCKFORD[(n >> (5 * i)) & 31] for i in reversed(range(26)))


def pattern_text(
    slug: str,
    title: str | None = None,
    *,
    pid: str | None = None,
    aliases: tuple[str, ...] = (),
    summary: str = "A small test pattern.",
    rels: dict[str, list] | None = None,
    inferred: tuple[tuple[str, str], ...] = (),
    domain: str = "testing",
) -> str:
    """A compact v7.1-style pattern file. ``rels`` values: slugs, or (slug, weight) pairs."""
    lines = [
        "---",
        f"id: {pid or fake_id(slug)}",
        f"slug: {slug}",
        f"title: {json.dumps(title or slug)}",
        f"aliases: {json.dumps(list(aliases))}",
        "summary: >-",
        f"  {summary}",
        "ontology:",
        f"  domain: {domain}",
        "relationships:",
    ]
    for rel_type in schema.RELATION_TYPES:
        entries = (rels or {}).get(rel_type, [])
        if not entries:
            lines.append(f"  {rel_type}: []")
            continue
        lines.append(f"  {rel_type}:")
        for item in entries:
            target, weight = item if isinstance(item, tuple) else (item, 0.8)
            lines += [f"    - slug: {target}", f"      weight: {weight}"]
    lines.append("graph_garden:")
    if inferred:
        lines.append("  inferred_links:")
        for rel_type, target in inferred:
            lines += [
                f"    - target: {target}",
                f"      type: {rel_type}",
                "      confidence: 0.7",
                '      reason: "test"',
            ]
    else:
        lines.append("  inferred_links: []")
    lines += ["---", "", "Body.", ""]
    return "\n".join(lines)


def write_pattern(folder: Path, slug: str, **kwargs) -> Path:
    path = folder / f"{slug}.md"
    path.write_text(pattern_text(slug, **kwargs), encoding="utf-8")
    return path


def copy_samples(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    for p in SAMPLES.glob("*.md"):
        shutil.copy(p, folder)
    return folder


def bump(path: Path, text: str | None = None) -> None:
    """Rewrite a file and make sure its mtime moves even on coarse clocks."""
    if text is not None:
        path.write_text(text, encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))


# ---------------------------------------------------------------- extraction


def test_sample_library_entries(tmp_path: Path) -> None:
    index = LibraryIndex(SAMPLES, cache_dir=tmp_path)
    index.build()
    assert len(index) == 12 and not index.unparseable()
    seed = index.get("restorative-practices-helpers")
    assert seed is not None
    assert seed.id == "pat_01khvcxd8reves5ybk5kxyw5aa"
    assert seed.title == "Restorative Practices for Helpers"
    assert seed.layout == "v7.1" and seed.status == "draft"
    assert seed.domain == "feedback-learning" and seed.domains == ("feedback-learning", "life")
    assert seed.summary.startswith("Use restorative and healing practices") and "\n" not in seed.summary
    assert seed.scores == {
        "stakeholder_architecture": 4.5,
        "value_creation": 4.0,
        "resilience": 3.0,
        "ownership": 3.0,
        "autonomy": 3.0,
        "composability": 3.0,
        "fractal_value": 4.5,
        "vitality": 3.7,
        "overall_score": 3.6,
    }
    assert seed.relationships[:2] == (
        ("enables", "active-listening-depth", 0.9),
        ("enables", "adaptive-facilitation", 0.88),
    )
    assert seed.inferred[0] == ("enables", "active-listening-depth", 0.9)
    assert "organizational-health" in seed.communities
    assert seed.size == (SAMPLES / "restorative-practices-helpers.md").stat().st_size
    assert [e.name for e in index] == sorted(p.name for p in SAMPLES.glob("*.md"))


def _reference(path: Path) -> dict:
    data = yaml.load(Document.load(path).frontmatter, Loader=yaml.CSafeLoader) or {}
    rels = [
        (t, schema.entry_target(x), schema.entry_weight(x))
        for _, t, items in schema.relation_lists(data)
        for x in items
        if schema.entry_target(x)
    ]
    garden = data.get("graph_garden") if isinstance(data.get("graph_garden"), dict) else {}
    inferred = [
        (x.get("type"), x["target"])
        for x in garden.get("inferred_links") or []
        if isinstance(x, dict) and isinstance(x.get("target"), str)
    ]
    return {
        "slug": data.get("slug") or path.stem,
        "id": data.get("id"),
        "title": str(data.get("title") or ""),
        "layout": schema.layout_of(data).name,
        "rels": rels,
        "inferred": inferred,
    }


@pytest.mark.corpus
def test_index_agrees_with_a_full_parse_on_the_corpus(corpus: Path, tmp_path: Path) -> None:
    index = LibraryIndex(corpus, cache_dir=tmp_path)
    index.build()
    assert len(index) == len(list(corpus.glob("*.md"))) and not index.unparseable()
    for entry in index:
        ref = _reference(Path(entry.path))
        got = {
            "slug": entry.slug,
            "id": entry.id,
            "title": entry.title,
            "layout": entry.layout,
            "rels": list(entry.relationships),
            "inferred": [(t, target) for t, target, _ in entry.inferred],
        }
        assert got == ref, entry.path


@pytest.mark.parametrize("path", sorted(VARIANTS.glob("*.md")), ids=lambda p: p.stem)
def test_formatting_variants_read_like_the_document_reads_them(path: Path) -> None:
    entry = read_entry(path)
    doc = Document.load(path)
    if doc.error is not None:
        assert entry.error is not None and entry.error[1:] == (doc.error.line, doc.error.column)
        return
    assert entry.error is None
    data = doc.data or {}
    assert entry.slug == (data.get("slug") or path.stem)
    assert entry.title == str(data.get("title") or "")


BROKEN = {
    "unclosed-list.md": ("---\nslug: x\nrelated: [1\n---\nbody\n", 4, 1),
    "no-frontmatter.md": ("just text\n", 1, 1),
    "not-closed.md": ("---\nslug: x\n", 1, 1),
    "a-list.md": ("---\n- a\n- b\n---\n", 2, 1),
    "empty.md": ("", 1, 1),
    "tab-indent.md": ("---\nslug: x\n\ttitle: y\n---\n", 3, 1),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_files_are_indexed_with_their_error(tmp_path: Path, name: str) -> None:
    text, line, _ = BROKEN[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    index = LibraryIndex(tmp_path, cache_dir=tmp_path / "cache")
    index.build()
    entry = index.by_path(path)
    assert entry is not None and entry.error is not None, "never dropped"
    assert entry.slug == path.stem and not entry.relationships
    assert entry.error[1] == line
    doc_error = Document.from_text(text, path).error
    assert doc_error is not None and entry.error[0] == doc_error.message  # the editor's own wording
    assert entry.error_text.startswith(f"{path}:{line}:")
    assert index.has_slug(path.stem) and index.unparseable() == [entry]


def test_binary_and_non_utf8_files_are_indexed_as_unparseable(tmp_path: Path) -> None:
    (tmp_path / "binary.md").write_bytes(b"---\nslug: x\x00\n---\n")
    (tmp_path / "latin1.md").write_bytes("---\ntitle: caf\xe9\n---\n".encode("latin-1"))
    index = LibraryIndex(tmp_path, use_cache=False)
    index.build()
    assert "NUL byte" in index.get("binary").error[0]
    assert "not UTF-8" in index.get("latin1").error[0]


def test_crlf_bom_and_leading_blank_lines_take_the_careful_path(tmp_path: Path) -> None:
    body = pattern_text("x-crlf", "CRLF").replace("\n", "\r\n")
    (tmp_path / "x-crlf.md").write_bytes(body.encode())
    (tmp_path / "x-bom.md").write_bytes(b"\xef\xbb\xbf" + pattern_text("x-bom", "BOM").encode())
    (tmp_path / "x-blank.md").write_text("\n\n" + pattern_text("x-blank", "Blank"), encoding="utf-8")
    (tmp_path / "x-big.md").write_text(pattern_text("x-big", "Big", summary="word " * 6000), encoding="utf-8")
    index = LibraryIndex(tmp_path, use_cache=False)
    index.build()
    assert [(e.slug, e.title, e.error) for e in index] == [
        ("x-big", "Big", None),
        ("x-blank", "Blank", None),
        ("x-bom", "BOM", None),
        ("x-crlf", "CRLF", None),
    ]
    bad = tmp_path / "x-late-error.md"
    bad.write_text("\n" + pattern_text("x", "T").replace("domain: testing", "domain: [oops"), encoding="utf-8")
    entry = read_entry(bad)
    assert entry.error is not None and entry.error[1] == Document.load(bad).error.line


def test_legacy_ids_resolve_and_show_up_as_inbound(tmp_path: Path) -> None:
    write_pattern(tmp_path, "target", pid="pat_0123456789abcdefghjkmnpqrs")
    (tmp_path / "old.md").write_text(
        "---\nid: pat_1234567890abcdefghjkmnpqrs\nslug: old\ntitle: Old\n"
        "classification:\n  domain: operations\n  commons_alignment: 4\n"
        "related:\n- pat_0123456789abcdefghjkmnpqrs\n- pat_zzzzzzzzzzzzzzzzzzzzzzzzzz\n"
        "---\n",
        encoding="utf-8",
    )
    index = LibraryIndex(tmp_path, use_cache=False)
    index.build()
    old = index.get("old")
    assert old.layout == "legacy" and old.scores == {"commons_alignment": 4.0} and old.domain == "operations"
    assert index.resolve("pat_0123456789abcdefghjkmnpqrs") == "target"
    assert index.resolve("target") == "target" and index.resolve("nope") is None
    assert [(link.source, link.type) for link in index.inbound("target")] == [("old", "related")]
    assert [link.target for link in index.dangling()] == ["pat_zzzzzzzzzzzzzzzzzzzzzzzzzz"]


def test_inbound_and_outbound_links_in_the_sample_library(tmp_path: Path) -> None:
    index = LibraryIndex(SAMPLES, cache_dir=tmp_path)
    index.build()
    inbound = index.inbound("active-listening-depth")
    assert ("restorative-practices-helpers", "enables", 0.9, False) in [
        (link.source, link.type, link.weight, link.inferred) for link in inbound
    ]
    assert ("restorative-practices-helpers", "enables", 0.9, True) in [
        (link.source, link.type, link.weight, link.inferred) for link in inbound
    ]
    assert all(not link.inferred for link in index.inbound("active-listening-depth", inferred=False))
    assert len(index.outbound("restorative-practices-helpers", inferred=False)) == 5
    assert index.dangling() == []


def test_duplicate_slugs_and_ids_are_kept_with_a_preferred_owner(tmp_path: Path) -> None:
    write_pattern(tmp_path, "alpha", pid=fake_id("same"))
    (tmp_path / "zeta.md").write_text(pattern_text("alpha", "Copy of alpha", pid=fake_id("same")), encoding="utf-8")
    (tmp_path / "aaa.md").write_text(pattern_text("alpha", "Another copy"), encoding="utf-8")
    index = LibraryIndex(tmp_path, use_cache=False)
    index.build()
    assert index.get("alpha").name == "alpha.md"  # the file named after the slug wins
    assert [e.name for e in index.owners("alpha")] == ["alpha.md", "aaa.md", "zeta.md"]
    assert [e.name for e in index.id_owners(fake_id("same"))] == ["alpha.md", "zeta.md"]
    index.remove_file(tmp_path / "alpha.md")
    assert index.get("alpha").name == "aaa.md"


def test_validation_uses_the_index_as_library(tmp_path: Path) -> None:
    write_pattern(tmp_path, "a", rels={"enables": ["b", "missing"]})
    write_pattern(tmp_path, "b")
    index = LibraryIndex(tmp_path, use_cache=False)
    index.build()
    findings = validate(Document.load(tmp_path / "a.md"), index)
    assert [f.message for f in findings if f.rule == "dangling-link"] == ["missing is not in the library"]


# ---------------------------------------------------------------- cache and refresh


def test_warm_start_reads_nothing_and_invalidates_per_file(tmp_path: Path) -> None:
    folder = copy_samples(tmp_path)
    cache = tmp_path / "cache"
    first = LibraryIndex(folder, cache)
    first.build()
    assert first.stats.parsed == 12 and first.cache_path.exists()
    warm = LibraryIndex(folder, cache)
    warm.build()
    assert (warm.stats.cache, warm.stats.parsed, warm.stats.reused) == ("loaded", 0, 12)
    assert [e.to_tuple() for e in warm] == [e.to_tuple() for e in first]

    changed = folder / "peer-support-circles.md"
    bump(changed, changed.read_text(encoding="utf-8").replace('title: "Peer Support Circles"', 'title: "Peer Circles"'))
    (folder / "moral-injury-recognition.md").unlink()
    write_pattern(folder, "brand-new", title="Brand New")
    again = LibraryIndex(folder, cache)
    again.build()
    assert (again.stats.parsed, again.stats.reused) == (2, 10)
    assert again.get("peer-support-circles").title == "Peer Circles"
    assert again.get("brand-new") is not None and again.get("moral-injury-recognition") is None


def test_refresh_reports_what_changed_and_tells_observers(tmp_path: Path) -> None:
    folder = copy_samples(tmp_path)
    index = LibraryIndex(folder, tmp_path / "cache")
    index.build()
    seen: list[IndexChange] = []
    unsubscribe = index.subscribe(seen.append)
    assert not index.refresh() and seen == []  # nothing changed: no notification

    bump(folder / "adversarial-growth.md")
    (folder / "achievement-celebration.md").unlink()
    write_pattern(folder, "zz-new")
    change = index.refresh()
    assert change.changed == {str(folder / "adversarial-growth.md")}
    assert change.removed == {str(folder / "achievement-celebration.md")}
    assert change.added == {str(folder / "zz-new.md")}
    assert change.slugs == {"adversarial-growth", "achievement-celebration", "zz-new"}
    assert seen == [change]
    assert not index.has_slug("achievement-celebration") and index.has_slug("zz-new")
    # the inbound map follows: the removed pattern's links are gone
    assert all(link.source != "achievement-celebration" for link in index.inbound("restorative-practices-helpers"))

    unsubscribe()
    bump(folder / "zz-new.md", pattern_text("zz-new", "Renamed title"))
    index.update_file(folder / "zz-new.md")
    assert len(seen) == 1 and index.get("zz-new").title == "Renamed title"

    stale = LibraryIndex(folder, tmp_path / "cache")  # refresh() leaves the cache file for later...
    stale.build()
    assert stale.stats.parsed == 2 and [e.to_tuple() for e in stale] == [e.to_tuple() for e in index]
    index.save_cache()  # ...and save_cache() (on closing the library) brings it up to date
    warm = LibraryIndex(folder, tmp_path / "cache")
    warm.build()
    assert warm.stats.parsed == 0 and [e.to_tuple() for e in warm] == [e.to_tuple() for e in index]


def test_update_file_moves_links_and_slugs(tmp_path: Path) -> None:
    write_pattern(tmp_path, "a", rels={"enables": ["b"]})
    write_pattern(tmp_path, "b")
    index = LibraryIndex(tmp_path, use_cache=False)
    index.build()
    assert [link.source for link in index.inbound("b")] == ["a"]
    bump(tmp_path / "a.md", pattern_text("a", rels={"requires": ["c"]}))
    change = index.update_file(tmp_path / "a.md")
    assert change.changed == {str(tmp_path / "a.md")}
    assert index.inbound("b") == [] and [link.type for link in index.inbound("c")] == ["requires"]
    (tmp_path / "a.md").unlink()
    assert index.update_file(tmp_path / "a.md").removed == {str(tmp_path / "a.md")}
    assert len(index) == 1
    with pytest.raises(ValueError):
        index.update_file(tmp_path.parent / "elsewhere.md")


@pytest.mark.parametrize("damage", ["garbage", "truncated", "other-version", "other-folder"])
def test_a_damaged_cache_is_ignored_and_rebuilt(tmp_path: Path, damage: str) -> None:
    folder = copy_samples(tmp_path)
    index = LibraryIndex(folder, tmp_path / "cache")
    index.build()
    raw = index.cache_path.read_bytes()
    header = cache_header()
    if damage == "garbage":
        index.cache_path.write_bytes(b"\x00\xff nonsense")
    elif damage == "truncated":
        index.cache_path.write_bytes(raw[: len(raw) // 2])
    elif damage == "other-version":
        older = header.replace(f"index {CACHE_VERSION} ".encode(), b"index 999 ")
        index.cache_path.write_bytes(raw.replace(header, older))
    else:
        import marshal

        _folder, rows = marshal.loads(raw[len(header) :])
        index.cache_path.write_bytes(header + marshal.dumps(("/somewhere/else", rows)))
    again = LibraryIndex(folder, tmp_path / "cache")
    again.build()
    assert again.stats.cache.startswith("ignored") and again.stats.parsed == 12
    assert [e.to_tuple() for e in again] == [e.to_tuple() for e in index]
    third = LibraryIndex(folder, tmp_path / "cache")
    third.build()
    assert third.stats.cache == "loaded"


def test_default_cache_lives_in_the_user_cache_folder(tmp_path: Path, _isolated_settings: Path) -> None:
    folder = copy_samples(tmp_path)
    index = LibraryIndex(folder)
    index.build()
    assert str(index.cache_path).startswith(str(_isolated_settings / "cache"))
    assert LibraryIndex(folder, use_cache=False).cache_path == index.cache_path  # one file per folder


def test_process_pool_gives_the_same_entries(tmp_path: Path) -> None:
    folder = copy_samples(tmp_path)
    serial = LibraryIndex(folder, use_cache=False, workers=1)
    serial.build()
    pooled = LibraryIndex(folder, use_cache=False, workers=2)
    pooled.build()
    assert pooled.stats.workers in (1, 2)
    assert [e.to_tuple() for e in pooled] == [e.to_tuple() for e in serial]


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    from editor.model.errors import PatternError

    with pytest.raises(PatternError, match="no such folder"):
        LibraryIndex(tmp_path / "nope", use_cache=False).build()


# ---------------------------------------------------------------- CLI


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_index_counts(capsys, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "index", str(SAMPLES), "--no-cache")
    assert code == 0
    assert out.startswith(
        "12 patterns, 0 unparseable files, 57 relationships (0 dangling), 49 inferred links (0 dangling)\nindexed in "
    )
    folder = copy_samples(tmp_path)
    (folder / "broken.md").write_text("---\na: [1\n---\n", encoding="utf-8")
    code, out, _ = run(capsys, "index", str(folder), "--format", "json")
    report = json.loads(out)
    assert code == 1
    assert (report["files"], report["patterns"], report["unparseable"]) == (13, 12, 1)
    assert report["errors"] == [
        {"file": str(folder / "broken.md"), "line": 3, "column": 1, "message": report["errors"][0]["message"]}
    ]
    assert run(capsys, "index", str(tmp_path / "missing"))[0] == 2
