"""Search quality on the shared dev queries, against plain Whoosh in the same run.

Indexes ../shared/corpus/medquad.jsonl and bangla-m2pqa.jsonl twice:
  ours       the rxsearch index and engine (ICU analysis, section fields, expansion, field
             weights, section-aware ranking, spelling fallback)
  baseline   plain Whoosh: StemmingAnalyzer on title and body, BM25F, any word may match
and scores ../shared/eval/medquad-dev-queries.jsonl (500 English queries),
consumer-questions-meqsum.jsonl (491 real consumer questions, by length),
bangla-m2pqa-queries.jsonl (100 Bangla questions), bangla-crosslang-dev.jsonl (65 Bangla
words for English articles) and romanised-bangla-dev.jsonl (47 of them in Latin letters):
MRR@10, nDCG@10 (binary) and Recall@10, overall and per kind, as the eval README asks.

--entities also builds a MedQuAD + sample index and reports how many of the 506 Bangla words
readers typed (bangla-entity-queries.jsonl) find an article, with the first hit of the 50
most frequent for a person to check.

--tune also scores a few field-weight variants of ours (how FIELD_WEIGHTS was chosen).

Run: .venv/bin/python bench/relevance.py [--tune] [--entities]
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from whoosh import index, qparser  # noqa: E402
from whoosh.analysis import StemmingAnalyzer  # noqa: E402
from whoosh.fields import ID, TEXT, Schema  # noqa: E402

from corpus import SAMPLE_DIR, read_sources  # noqa: E402
from indexer import build  # noqa: E402
from search_app import engine  # noqa: E402
from search_app import plan as planning  # noqa: E402
from search_app.index_view import ViewManager  # noqa: E402

# Field-weight variants tried (title / aka / title_bn, then others); "current" is
# planning.FIELD_WEIGHTS. Chosen 2026-11-24: names 12/8/10 (MRR@10 0.951 against 0.941 for
# 6/4/5, 0.949 for 18/12/15, 0.898 for all fields equal).
# Exact-name weight (planning.NAME_WEIGHT) chosen 2026-11-26 from the "exact name" variants.
VARIANTS = {
    "current": {},
    "flat": {f: 1.0 for f in planning.FIELD_WEIGHTS},
    "names 6/4/5": {"title": 6.0, "aka": 4.0, "title_bn": 5.0},
    "names 18/12/15": {"title": 18.0, "aka": 12.0, "title_bn": 15.0},
    "headings x2": {"headings": planning.FIELD_WEIGHTS["headings"] * 2},
    "summary x2": {"summary": planning.FIELD_WEIGHTS["summary"] * 2},
    "exact name off": {"NAME_WEIGHT": 0.0},
    "exact name 3": {"NAME_WEIGHT": 3.0},
    "exact name 10": {"NAME_WEIGHT": 10.0},
    "exact name 30": {"NAME_WEIGHT": 30.0},
    "exact name 100": {"NAME_WEIGHT": 100.0},
    "exact name 300": {"NAME_WEIGHT": 300.0},
    "any-word coord 1": {"LOOSE_COORD": 1.0},
    "any-word coord 2": {"LOOSE_COORD": 2.0},
    "any-word coord 3": {"LOOSE_COORD": 3.0},
}


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def metrics(ranked: list[str], relevant: set[str]) -> tuple[float, float, float]:
    top = ranked[:10]
    rank = next((i for i, doc in enumerate(top, 1) if doc in relevant), None)
    dcg = sum(1 / math.log2(i + 1) for i, doc in enumerate(top, 1) if doc in relevant)
    ideal = sum(1 / math.log2(i + 1) for i in range(1, min(len(relevant), 10) + 1))
    recall = len(set(top) & relevant) / len(relevant)
    return (1 / rank if rank else 0.0), (dcg / ideal if ideal else 0.0), recall


def score(run, queries: list[dict]) -> dict[str, tuple[float, float, float, int]]:
    by_kind: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    for q in queries:
        result = metrics(run(q["query"]), set(q["relevant"]))
        by_kind[q["kind"]].append(result)
        by_kind["all"].append(result)
    return {kind: (*(sum(v[i] for v in values) / len(values) for i in range(3)), len(values))
            for kind, values in by_kind.items()}


def _length_kind(query: str) -> str:
    words = len(query.split())
    return next(f"{low:>3}-{high} words" for low, high in ((1, 20), (21, 50), (51, 100),
                                                           (101, 10_000)) if words <= high)


def build_baseline(paths: list[Path], directory: Path):
    analyzer = StemmingAnalyzer()
    schema = Schema(id=ID(stored=True, unique=True), title=TEXT(analyzer=analyzer),
                    body=TEXT(analyzer=analyzer))
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    ix = index.create_in(str(directory), schema)
    with ix.writer(limitmb=256) as writer:
        for path in paths:
            for record in read_jsonl(path):
                body = "\n".join(s.get("text", "") for s in record.get("sections") or [])
                writer.add_document(id=record["id"], title=record["title"], body=body)
    return ix


def print_table(name: str, results: dict, baseline: dict | None = None) -> None:
    for kind in sorted(results, key=lambda k: (k != "all", k)):
        mrr, ndcg, recall, n = results[kind]
        line = (f"  {name:<12} {kind:<14} n={n:<4} MRR@10 {mrr:.3f}  nDCG@10 {ndcg:.3f}  "
                f"R@10 {recall:.3f}")
        if baseline and baseline.get(kind, (0,))[0]:
            line += f"   (x{mrr / baseline[kind][0]:.2f} MRR vs baseline)"
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/rxsearch-eval"))
    parser.add_argument("--tune", action="store_true")
    parser.add_argument("--entities", action="store_true",
                        help="also the Bangla entity words on a MedQuAD + sample index")
    args = parser.parse_args()
    corpus, evaluation = args.shared / "corpus", args.shared / "eval"
    sources = [corpus / "medquad.jsonl", corpus / "bangla-m2pqa.jsonl"]
    english = read_jsonl(evaluation / "medquad-dev-queries.jsonl")
    bangla = read_jsonl(evaluation / "bangla-m2pqa-queries.jsonl")
    consumer = [{**q, "kind": _length_kind(q["query"])}
                for q in read_jsonl(evaluation / "consumer-questions-meqsum.jsonl")]
    crosslang = read_jsonl(evaluation / "bangla-crosslang-dev.jsonl")
    romanised = read_jsonl(evaluation / "romanised-bangla-dev.jsonl")

    started = time.monotonic()
    ours_dir = args.workdir / "ours"
    shutil.rmtree(ours_dir, ignore_errors=True)
    build.full(read_sources(sources), ours_dir, procs=2)
    base_ix = build_baseline(sources, args.workdir / "baseline")
    print(f"indexed {len(sources)} sources twice in {time.monotonic() - started:.0f}s\n")

    view = ViewManager(ours_dir).view()
    with base_ix.searcher() as base_searcher:
        base_parser = qparser.MultifieldParser(["title", "body"], base_ix.schema,
                                               group=qparser.OrGroup)

        def baseline_run(text: str) -> list[str]:
            return [h["id"] for h in base_searcher.search(base_parser.parse(text), limit=10)]

        def ours_run(text: str) -> list[str]:
            return [h.id for h in engine.search(view, text).hits]

        for label, queries in (("English dev (MedQuAD)", english),
                               ("Consumer questions (MeQSum), by length in words", consumer),
                               ("Bangla (M2PQA)", bangla),
                               ("Bangla words -> English articles", crosslang),
                               ("Romanised Bangla -> English articles", romanised)):
            print(label)
            t = time.monotonic()
            base = score(baseline_run, queries)
            base_ms = (time.monotonic() - t) / len(queries) * 1000
            t = time.monotonic()
            mine = score(ours_run, queries)
            ours_ms = (time.monotonic() - t) / len(queries) * 1000
            print_table("baseline", base)
            print_table("ours", mine, base)
            print(f"  mean time per query: baseline {base_ms:.0f} ms, ours {ours_ms:.0f} ms "
                  "(ours includes facets, snippets and spelling)\n")

        if args.tune:
            print("field-weight variants (English dev, all kinds):")
            saved, saved_name = dict(planning.FIELD_WEIGHTS), planning.NAME_WEIGHT
            saved_coord = planning.LOOSE_COORD
            for name, change in VARIANTS.items():
                change = dict(change)
                planning.NAME_WEIGHT = change.pop("NAME_WEIGHT", saved_name)
                planning.LOOSE_COORD = change.pop("LOOSE_COORD", saved_coord)
                planning.FIELD_WEIGHTS.clear()
                planning.FIELD_WEIGHTS.update({**saved, **change})
                found = {**score(ours_run, english), "bn": score(ours_run, bangla)["all"]}
                kinds = "  ".join(f"{k} {found[k][0]:.3f}" for k in sorted(found) if k != "all")
                mrr, ndcg, recall, _ = found["all"]
                print(f"  {name:<15} MRR@10 {mrr:.3f}  nDCG@10 {ndcg:.3f}  R@10 {recall:.3f}"
                      f"  |  {kinds}")
            planning.FIELD_WEIGHTS.clear()
            planning.FIELD_WEIGHTS.update(saved)
            planning.NAME_WEIGHT = saved_name
            planning.LOOSE_COORD = saved_coord

    if args.entities:
        entity_coverage(corpus, evaluation, args.workdir)


def entity_coverage(corpus: Path, evaluation: Path, workdir: Path) -> None:
    """The 506 Bangla words readers typed: the share that find at least one article on the
    MedQuAD + sample index, and the first hit of the 50 most frequent, for a person to
    check by hand."""
    sources = [corpus / "medquad.jsonl", SAMPLE_DIR]
    index_dir = workdir / "medquad-sample"
    shutil.rmtree(index_dir, ignore_errors=True)
    build.full(read_sources(sources), index_dir, procs=2)
    view = ViewManager(index_dir).view()
    words = sorted(read_jsonl(evaluation / "bangla-entity-queries.jsonl"),
                   key=lambda q: -q.get("count", 0))
    results = [(q, engine.search(view, q["query"])) for q in words]
    found = sum(1 for _, r in results if r.total)
    weighted = sum(q.get("count", 1) for q, r in results if r.total)
    print(f"\nBangla words readers typed (bangla-entity-queries.jsonl), MedQuAD + sample index:"
          f"\n  {found} of {len(results)} find an article ({found / len(results):.1%}); "
          f"{weighted / sum(q.get('count', 1) for q in words):.1%} of the typings")
    print("  the 50 most frequent, with what was searched and the first hit:")
    for q, r in results[:50]:
        read = "; ".join(f"{x.bangla or ''} {', '.join(x.english[:2])}".strip()
                         for x in r.interpreted_as)
        first = r.hits[0].title if r.hits else "-"
        print(f"  {q.get('count', 0):>4}  {q['query']:<16} [{read}] -> {first}")

if __name__ == "__main__":
    main()
