"""Library: index (cold and warm), search, mini graph, library layout, memory.

Measured on the corpus and on a synthetic 10,000-file library cloned from it (``synth.py``)
in a temporary folder. The cold index is measured two ways against one baseline measured in the
same run, CSafeLoader fully loading every frontmatter in one process:
- "as used": what the app does, worker processes (spawned for large folders) each reading only the
  fields the index keeps;
- "1 process": the same reading of kept fields, in this process alone.
So the first ratio mixes parallelism and lighter parsing; the second shows the parsing alone.
Peak RSS is the sum over the process and its worker processes (psutil), sampled while it runs.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import CORPUS, ROOT, Report, best, csafe_parse, frontmatter_of, median, percentile
from synth import generate

from editor.model.library import graph
from editor.model.library.index import LibraryIndex
from editor.model.library.search import search, searcher

LARGE = 10_000
LAYOUT_NODES = 3_600


def _baseline(folder: Path, repeat: int) -> float:
    fms = [frontmatter_of(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.md"))]
    return best(lambda: [csafe_parse(f) for f in fms], repeat=repeat)


def _queries(index: LibraryIndex, n: int = 200) -> list[str]:
    """Realistic queries: whole titles, slugs, words, prefixes being typed, typos, summary words."""
    rng = random.Random(42)
    entries = sorted((e for e in index if e.ok and e.title), key=lambda e: e.path)
    out: list[str] = []
    while len(out) < n:
        e = rng.choice(entries)
        words = e.title.split()
        kind = len(out) % 7
        if kind == 0:
            out.append(e.title)
        elif kind == 1:
            out.append(e.slug)
        elif kind == 2:
            out.append(rng.choice(words))
        elif kind == 3:
            out.append(e.slug[: rng.randint(1, 6)])  # typing
        elif kind == 4:
            w = max(words, key=len)
            i = rng.randrange(max(1, len(w) - 1))
            out.append(w[:i] + w[i + 1 : i + 2] + w[i : i + 1] + w[i + 2 :])  # swapped letters
        elif kind == 5:
            out.append(" ".join(words[:2]).lower())
        else:
            summary = e.summary.split()
            out.append(" ".join(summary[3:5]) if len(summary) > 5 else e.slug)
    return out


def _search_latency(report: Report, index: LibraryIndex, label: str) -> None:
    start = time.perf_counter()
    searcher(index).sync()  # the choice lists are built once, off the typing path
    report.line(f"{label}: build search lists", time.perf_counter() - start)
    samples = []
    for q in _queries(index):
        t = time.perf_counter()
        search(index, q, limit=20)
        samples.append(time.perf_counter() - t)
    report.value(
        f"{label}: search p50 / p95",
        f"{median(samples) * 1e3:.2f} / {percentile(samples, 95) * 1e3:.2f} ms",
        "(target p95 < 15 ms)",
    )


def _mini_graphs(report: Report, index: LibraryIndex, label: str) -> None:
    start = time.perf_counter()
    g = graph.library_graph(index)
    report.line(f"{label}: library graph (built once, then patched)", time.perf_counter() - start)
    start = time.perf_counter()
    index.inbound(index.entries[0].slug)
    report.line(f"{label}: inbound-link map (built on first use)", time.perf_counter() - start)
    slugs = sorted(e.slug for e in index if e.ok)
    rng = random.Random(7)
    picks = rng.sample(slugs, min(60, len(slugs)))
    for name, source in (("graph", g), ("index", index)):
        samples = []
        for slug in picks:
            for depth in (1, 2):
                t = time.perf_counter()
                sub = graph.neighbourhood(source, slug, depth, max_nodes=60)
                graph.layout(sub, slug)
                samples.append(time.perf_counter() - t)
        report.value(
            f"{label}: mini graph from {name} p50/p95/max",
            f"{median(samples) * 1e3:.1f} / {percentile(samples, 95) * 1e3:.1f} / {max(samples) * 1e3:.1f} ms",
            "(target < 30 ms; depth 1 and 2, <= 60 nodes)",
        )


_RSS_CODE = """
import json, threading, time
import psutil


def main():
    me = psutil.Process()
    peak = {"total": 0, "main": 0, "workers": 0}
    done = threading.Event()

    def sample():  # the process and all its children (the index's spawned workers), every 5 ms
        while not done.is_set():
            try:
                main = me.memory_info().rss
                workers = sum(c.memory_info().rss for c in me.children(recursive=True))
            except psutil.Error:
                continue
            peak.update(total=max(peak["total"], main + workers), main=max(peak["main"], main),
                        workers=max(peak["workers"], workers))
            time.sleep(0.005)

    threading.Thread(target=sample, daemon=True).start()
    from editor.model.library.index import LibraryIndex
    from editor.model.library.search import searcher
    from editor.model.library.graph import library_graph
    index = LibraryIndex(FOLDER, use_cache=False)
    index.build()
    time.sleep(0.02)
    indexed = dict(peak, procs=index.stats.workers)
    searcher(index).sync(); library_graph(index)
    time.sleep(0.02)
    done.set()
    print(json.dumps({"indexed": indexed, "full": dict(peak), "files": len(index)}))


if __name__ == "__main__":  # the index's spawned workers import this file again
    main()
"""


def _peak_rss(folder: Path) -> dict:
    """Peak RSS in bytes of a fresh process building the index (with its workers), then search + graph.
    A __main__ file so spawned workers can start (the index falls back to one process without)."""
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "rss.py"
        script.write_text(f"FOLDER = {str(folder)!r}\n" + _RSS_CODE, encoding="utf-8")
        out = subprocess.run(
            [sys.executable, str(script)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _index_section(report: Report, folder: Path, label: str, repeat: int) -> LibraryIndex:
    base = _baseline(folder, repeat)
    kept: list[LibraryIndex] = []  # freeing the previous index is not part of a start: keep each until done

    def start(cache: str | None) -> None:
        index = LibraryIndex(folder, cache, use_cache=cache is not None)
        index.build()
        kept.append(index)

    full_load = "CSafeLoader full, 1 proc"
    cold = best(lambda: start(None), repeat=repeat)
    procs = kept[-1].stats.workers
    report.line(
        f"{label}: cold index as used ({procs} proc, kept fields)", cold, base, "(target <= 1.3x)", against=full_load
    )
    kept.clear()

    def single() -> None:
        index = LibraryIndex(folder, use_cache=False, workers=1)
        index.build()
        kept.append(index)

    report.line(f"{label}: cold index, 1 proc (kept fields)", best(single, repeat=repeat), base, against=full_load)
    kept.clear()
    with tempfile.TemporaryDirectory() as cache:
        start(cache)
        warm = best(lambda: start(cache), repeat=5)
        kept.clear()
        report.line(f"{label}: warm index (cache)", warm, None, "(target < 0.3 s at 10,000)")
        index = LibraryIndex(folder, cache)
        index.build()
        touched = sorted(folder.glob("*.md"))[len(index) // 2]
        touched.write_bytes(touched.read_bytes())  # new mtime, same content
        start = time.perf_counter()
        index.refresh()
        report.line(f"{label}: refresh after 1 file changed", time.perf_counter() - start)
    return index


def run(report: Report) -> None:
    if not CORPUS.is_dir():
        report.value("library benchmarks", "skipped", "(../shared/corpus/patterns not found)")
        return
    report.section(f"Library: corpus ({len(list(CORPUS.glob('*.md')))} files)")
    index = _index_section(report, CORPUS, "corpus", repeat=3)
    _search_latency(report, index, "corpus")
    _mini_graphs(report, index, "corpus")
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "large"
        start = time.perf_counter()
        generate(big, LARGE)
        report.section(f"Library: synthetic {LARGE:,} files (generated in {time.perf_counter() - start:.1f} s)")
        index = _index_section(report, big, f"{LARGE // 1000}k", repeat=2)
        report.value(
            f"{LARGE // 1000}k: files / links / dangling",
            f"{len(index)} / {sum(1 for _ in index.links())} / {len(index.dangling())}",
        )
        _search_latency(report, index, f"{LARGE // 1000}k")
        _mini_graphs(report, index, f"{LARGE // 1000}k")
        rss = _peak_rss(big)
        mb = 2**20
        built = rss["indexed"]
        report.value(
            f"{LARGE // 1000}k: peak RSS, index built ({built['procs']} proc)",
            f"{built['total'] / mb:.0f} MB",
            f"(target < 400 MB; all processes: main {built['main'] / mb:.0f} MB + workers "
            f"{built['workers'] / mb:.0f} MB at their peaks)",
        )
        report.value(
            f"{LARGE // 1000}k: peak RSS, + search + graph",
            f"{rss['full']['total'] / mb:.0f} MB",
            "(main process and workers)",
        )
        mid = Path(tmp) / "layout"
        generate(mid, LAYOUT_NODES)
        index = LibraryIndex(mid, use_cache=False)
        index.build()
        report.section(f"Library graph: synthetic {LAYOUT_NODES:,} files")
        start = time.perf_counter()
        g = graph.build_graph(index)
        built = time.perf_counter() - start
        report.line(f"build graph ({g.number_of_nodes()} nodes, {g.number_of_edges()} edges)", built)
        lay = best(lambda: graph.library_layout(g), repeat=3)
        report.line("library layout (clustered by domain)", lay)
        report.line("graph + layout (first paint needs both)", built + lay, None, "(target: leave room in 1.5 s)")
