"""The query language: parser (precedence, NOT, OR, parentheses, quotes, error columns), evaluation
on small fixtures in both layouts, and `pattern-cli query` on the corpus against an independent
PyYAML reading."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import yaml

from editor.cli import main
from editor.model.query import QueryError, Subject, compile_query, id_map, parse
from editor.model.query.parser import And, Not, Or, Term

# ---------------------------------------------------------------- parser


def test_and_binds_tighter_than_or():
    node = parse("a:1 OR b:2 c:3")
    assert isinstance(node, Or)
    assert node.parts[0] == Term(":", "a", "1", 1)
    assert isinstance(node.parts[1], And) and [t.path for t in node.parts[1].parts] == ["b", "c"]


def test_not_parentheses_and_columns():
    node = parse("-(x:1 OR y:2) has:title")
    assert isinstance(node, And)
    neg = node.parts[0]
    assert isinstance(neg, Not) and isinstance(neg.inner, Or)
    assert [t.column for t in neg.inner.parts] == [3, 10]
    assert node.parts[1] == Term("has", "title", "title", 15)


def test_operators_quotes_and_keywords():
    assert parse('status:"in progress"') == Term(":", "status", "in progress", 1)
    assert parse("overall<=3.5") == Term("<=", "overall", 3.5, 1)
    assert parse("title!=x") == Term("!=", "title", "x", 1)
    assert parse("summary~Commons") == Term("~", "summary", "Commons", 1)
    assert parse("layout:v7") == Term("layout", "", "v7.1", 1)
    assert parse("links:some-slug") == Term("links", "", "some-slug", 1)
    assert parse('"two words"') == Term("word", "", "two words", 1)
    assert parse("") is None
    assert parse("well-being") == Term("word", "", "well-being", 1)  # a dash inside a word is no NOT


@pytest.mark.parametrize(
    ("query", "column", "fragment"),
    [
        ("status:draft overall<x", 22, "expected a number after '<'"),
        ("overall>=", 10, "expected a number after '>='"),
        ("a:b)", 4, "unmatched ')'"),
        ("(a:b", 1, "never closed"),
        ("OR a", 1, "expected a term before 'OR'"),
        ("a OR", 3, "expected a term after OR"),
        ('title:"open', 7, "unclosed quote"),
        ("layout:v9", 8, "v7 or legacy"),
        ("has:", 5, "expected a path"),
        ("()", 2, "empty parentheses"),
    ],
)
def test_errors_name_the_column(query, column, fragment):
    with pytest.raises(QueryError) as info:
        parse(query)
    assert info.value.column == column
    assert str(info.value).startswith(f"column {column}: ")
    assert fragment in str(info.value)


# ---------------------------------------------------------------- evaluation on fixtures

V7_A = {
    "id": "pat_01aaaaaaaaaaaaaaaaaaaaaaaa",
    "slug": "alpha",
    "title": "Alpha Commons",
    "aliases": ["First One"],
    "summary": "Shared gardens for neighbourhoods.",
    "ontology": {"domain": "governance", "commons_assessment": {"resilience": 4.5, "overall_score": 2.5}},
    "lifecycle": {"status": "draft", "usage_stage": "application"},
    "relationships": {"enables": [{"slug": "beta", "weight": 0.5}], "tools": []},
}
V7_B = {
    "slug": "beta",
    "title": "Beta Ledger",
    "ontology": {"domain": "finance", "commons_assessment": {"resilience": 3, "overall_score": 4.1}},
    "lifecycle": {"status": "in progress"},
    "relationships": {"requires": ["alpha"]},
}
LEGACY_C = {
    "id": "pat_ccccccccccccccccccccccc",
    "slug": "gamma",
    "title": "Gamma",
    "classification": {"domain": "finance", "status": "draft", "commons_alignment": 2, "category": ["team", "x"]},
    "related": ["pat_01aaaaaaaaaaaaaaaaaaaaaaaa"],
    "enables": [],
}
LEGACY_D = {"slug": "delta", "title": "Delta", "classification": {"status": "published", "commons_alignment": None}}


def _run(query: str) -> list[str]:
    subjects = [Subject(d) for d in (V7_A, V7_B, LEGACY_C, LEGACY_D)]
    matches = compile_query(query, id_map(subjects))
    return [s.data["slug"] for s in subjects if matches(s)]


@pytest.mark.parametrize(
    ("query", "slugs"),
    [
        ("status:draft", ["alpha", "gamma"]),  # the alias answers both layouts
        ("classification.status:draft", ["gamma"]),
        ('status:"in progress"', ["beta"]),
        ("status:DRAFT layout:legacy", ["gamma"]),
        ("overall<3", ["alpha", "gamma"]),  # legacy overall is commons_alignment; null never compares
        ("overall>=4.1", ["beta"]),
        ("ontology.commons_assessment.resilience>=4", ["alpha"]),
        ("status!=draft", ["beta", "delta"]),
        ("overall!=2", ["alpha", "beta"]),  # a file without the value never matches, != included
        ("classification.category:team", ["gamma"]),
        ("domain~FIN", ["beta", "gamma"]),
        ("has:overall", ["alpha", "beta", "gamma"]),
        ("missing:overall", ["delta"]),
        ("missing:relationships.tools", ["alpha", "beta", "gamma", "delta"]),
        ("links:alpha", ["beta", "gamma"]),  # a bare slug (v7.1) and an id resolved to a slug (legacy)
        ("links:beta", ["alpha"]),
        ("relationships.enables.slug:beta", ["alpha"]),
        ("layout:v7", ["alpha", "beta"]),
        ("garden", ["alpha"]),  # a bare word in the summary
        ("ledgr", ["beta"]),  # fuzzy
        ('"first one"', ["alpha"]),  # an alias
        ("-status:draft", ["beta", "delta"]),
        ("status:draft OR domain:finance", ["alpha", "beta", "gamma"]),
        ("-(layout:legacy OR overall>4) status:draft", ["alpha"]),
        ("nosuch.path:x OR nosuch.path<1", []),
        ("", ["alpha", "beta", "gamma", "delta"]),
    ],
)
def test_evaluation_in_both_layouts(query, slugs):
    assert _run(query) == slugs


# ---------------------------------------------------------------- corpus against PyYAML

_RELATIONS = ("generalizes_from", "specializes_to", "enables", "requires", "alternatives", "complementary", "tools")


def _pyyaml(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    _, fm, _ = text.split("---\n", 2)
    return yaml.safe_load(fm) or {}


def _get(data, *keys):
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _legacy(d: dict) -> bool:
    return "classification" in d and not {"ontology", "lifecycle", "relationships"} & set(d)


def _overall(d: dict):
    if _legacy(d):
        return _get(d, "classification", "commons_alignment")
    found = _get(d, "ontology", "commons_assessment", "overall_score")
    return found if found is not None else _get(d, "ontology", "overall_score")


def _targets(d: dict, ids: dict) -> set:
    lists = list((d.get("relationships") or {}).values())
    if _legacy(d):
        lists += [d.get(k) for k in (*_RELATIONS, "related")]
    out = set()
    for items in lists:
        for item in items or []:
            t = item.get("slug", item.get("id")) if isinstance(item, dict) else item
            if isinstance(t, str):
                out.add(ids.get(t, t))
    return out


@pytest.fixture(scope="module")
def reading(corpus_files):
    return {p.name: _pyyaml(p) for p in corpus_files}


def _cli(corpus: Path, query: str, capsys) -> set[str]:
    assert main(["query", str(corpus), query, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    return {Path(r["file"]).name for r in rows}


def _both_layouts(names: set[str], reading: dict) -> None:
    assert any(_legacy(reading[n]) for n in names) and any(not _legacy(reading[n]) for n in names)


@pytest.mark.corpus
def test_corpus_status_and_scores(corpus, reading, capsys):
    status = {
        n
        for n, d in reading.items()
        if (_get(d, "lifecycle", "status") or _get(d, "classification", "status")) == "draft"
    }
    assert _cli(corpus, "status:draft", capsys) == status
    _both_layouts(status, reading)
    for op, limit in (("<", 3), ("<=", 3.5)):  # no v7.1 file of the corpus scores under 3
        low = {
            n
            for n, d in reading.items()
            if isinstance(_overall(d), (int, float)) and (_overall(d) < limit if op == "<" else _overall(d) <= limit)
        }
        assert _cli(corpus, f"overall{op}{limit}", capsys) == low
    _both_layouts(low, reading)
    res = _get
    resilient = {
        n
        for n, d in reading.items()
        if isinstance(res(d, "ontology", "commons_assessment", "resilience"), (int, float))
        and res(d, "ontology", "commons_assessment", "resilience") >= 4
    }
    assert resilient and _cli(corpus, "ontology.commons_assessment.resilience>=4", capsys) == resilient


@pytest.mark.corpus
def test_corpus_missing(corpus, reading, capsys):
    for path in ("summary", "lifecycle.usage_stage", "classification.commons_domain"):
        keys = path.split(".")
        missing = {n for n, d in reading.items() if _get(d, *keys) in (None, "", [], {})}
        assert _cli(corpus, f"missing:{path}", capsys) == missing, path
    assert _cli(corpus, "missing:summary", capsys)  # the legacy files have none


@pytest.mark.corpus
def test_corpus_links(corpus, reading, capsys):
    ids = {d["id"]: d["slug"] for d in reading.values() if isinstance(d.get("id"), str) and d.get("slug")}
    targets = {n: _targets(d, ids) for n, d in reading.items()}
    counts = Counter(t for ts in targets.values() for t in ts)
    legacy_targets = Counter(t for n, ts in targets.items() if _legacy(reading[n]) for t in ts)
    v7_targets = Counter(t for n, ts in targets.items() if not _legacy(reading[n]) for t in ts)
    picks = [counts.most_common(1)[0][0], legacy_targets.most_common(1)[0][0], v7_targets.most_common(1)[0][0]]
    for slug in picks:
        expected = {n for n, ts in targets.items() if slug in ts}
        assert expected and _cli(corpus, f"links:{slug}", capsys) == expected, slug


def test_cli_formats_and_errors(tmp_path, capsys):
    (tmp_path / "a.md").write_text(yaml.safe_dump(V7_A).join(("---\n", "---\n\nBody\n")), encoding="utf-8")
    (tmp_path / "c.md").write_text(yaml.safe_dump(LEGACY_C).join(("---\n", "---\n")), encoding="utf-8")
    (tmp_path / "bad.md").write_text("---\nslug: [unclosed\n---\n", encoding="utf-8")
    assert main(["query", str(tmp_path), "status:draft", "--columns", "overall,domain", "--format", "json"]) == 0
    out = capsys.readouterr()
    rows = json.loads(out.out)
    assert rows == [
        {
            "file": str(tmp_path / "a.md"),
            "slug": "alpha",
            "title": "Alpha Commons",
            "overall": 2.5,
            "domain": "governance",
        },
        {"file": str(tmp_path / "c.md"), "slug": "gamma", "title": "Gamma", "overall": 2, "domain": "finance"},
    ]
    assert "bad.md" in out.err
    assert main(["query", str(tmp_path), "overall<3", "--columns", "status", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "file,slug,title,status" and lines[1].endswith(",alpha,Alpha Commons,draft")
    assert main(["query", str(tmp_path), "nothing:here"]) == 0
    capsys.readouterr()
    # a query may begin with "-" and be given as several words; the options may follow it
    assert main(["query", str(tmp_path), "-layout:v7", "status:draft", "--format=json", "--columns", "status"]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {"file": str(tmp_path / "c.md"), "slug": "gamma", "title": "Gamma", "status": "draft"}
    ]
    assert main(["query", str(tmp_path), "x", "--format", "xml"]) == 2
    assert main(["query", str(tmp_path), "status:draft overall<x"]) == 2
    assert "column 22: expected a number after '<'" in capsys.readouterr().err
    assert main(["query", str(tmp_path / "nope"), "x"]) == 2
