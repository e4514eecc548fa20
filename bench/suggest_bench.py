"""Autocomplete: does the title a reader means come first, for prefixes typed on a phone?

Hand-written prefixes (2-6 letters as readers type them: English, Bangla, other names, and
a few slips such as ``daib`` and ``astm``), each with the title the reader means, over
  sample    corpus/sample (the library's own articles, Bangla titles and other names)
  medquad   ../shared/corpus/medquad.jsonl, when it is there (English titles, other names)
and two ways of suggesting, in the same run:
  ours      search_app.suggest: title words (first word first), then other names, then
            slips of the finger only when nothing starts with the letters; shorter titles
            first within each
  baseline  the suggest of 2026-11-28 (copied below), over the field it read: word prefixes
            of the title, Bangla title and other names together, BM25 order, one edit
            anywhere in the last word from its third letter when there was room
It prints success@1, success@3 and MRR over the 8 suggestions shown, the median over the
prefixes of each prefix's median time (warm searchers, 7 runs, ours and the baseline
interleaved), and each prefix's rank and first suggestions for a person to read.

Run: .venv/bin/python bench/suggest_bench.py [--shared ../shared] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from whoosh import index  # noqa: E402
from whoosh.fields import ID, STORED, TEXT, Schema  # noqa: E402
from whoosh.query import And, FuzzyTerm, Or, Query, Term  # noqa: E402

from analyzers import autocomplete_analyzer  # noqa: E402
from corpus import SAMPLE_DIR, Article, read_sources  # noqa: E402
from indexer import build  # noqa: E402
from search_app import suggest as suggestions  # noqa: E402
from search_app.index_view import ViewManager  # noqa: E402

LIMIT = 8
RUNS = 7

# (prefix, the titles that answer it: one topic, sometimes filed twice). Written for this
# bench from what readers type, not taken from ../shared/eval.
SAMPLE = [
    ("dia", {"Type 2 Diabetes"}),
    ("diab", {"Type 2 Diabetes"}),
    ("deng", {"Dengue Fever"}),
    ("mal", {"Malaria"}),
    ("typh", {"Typhoid Fever"}),
    ("tub", {"Tuberculosis"}),
    ("chol", {"Cholera"}),
    ("diarr", {"Acute Diarrhoea in Children"}),
    ("pneu", {"Pneumonia"}),
    ("asth", {"Asthma"}),
    ("hyper", {"Hypertension"}),
    ("high b", {"High Blood Pressure"}),
    ("heart", {"Heart Attack"}),
    ("strok", {"Stroke"}),
    ("migr", {"Migraine"}),
    ("kidn", {"Chronic Kidney Disease"}),
    ("hepa", {"Hepatitis B"}),
    ("anaem", {"Iron Deficiency Anaemia"}),
    ("flu", {"Influenza"}),
    ("uti", {"Urinary Tract Infection"}),
    ("para", {"Paracetamol"}),
    ("napa", {"Paracetamol"}),
    ("metf", {"Metformin"}),
    ("insu", {"Insulin"}),
    ("ors", {"Oral Rehydration Salts"}),
    ("zinc", {"Zinc Sulfate"}),
    ("cbc", {"Complete Blood Count", "CBC Blood Test"}),
    ("hba1", {"HbA1c Test"}),
    ("widal", {"Widal Test"}),
    ("ecg", {"Electrocardiogram"}),
    ("breast", {"Breast Cancer"}),
    ("lung c", {"Lung Cancer"}),
    ("leuk", {"Acute Lymphoblastic Leukaemia"}),
    ("covid", {"COVID-19"}),
    ("ডায়া", {"Type 2 Diabetes"}),
    ("ডেঙ্গ", {"Dengue Fever"}),
    ("ডেংগু", {"Dengue Fever"}),
    ("জ্বর", {"Fever"}),
    ("হাঁপা", {"Asthma"}),
    ("নিউমো", {"Pneumonia"}),
    ("daib", {"Type 2 Diabetes"}),
    ("astm", {"Asthma"}),
    ("pnue", {"Pneumonia"}),
    ("maleri", {"Malaria"}),
    ("tyhpo", {"Typhoid Fever"}),
    ("chlera", {"Cholera"}),
    ("migrane", {"Migraine"}),
]

MEDQUAD = [
    ("dia", {"Diabetes"}),
    ("diab", {"Diabetes"}),
    ("asth", {"Asthma"}),
    ("mala", {"Malaria"}),
    ("pneu", {"Pneumonia"}),
    ("tuber", {"Tuberculosis", "Tuberculosis (TB)"}),
    ("tb", {"Tuberculosis", "Tuberculosis (TB)"}),
    ("high b", {"High Blood Pressure"}),
    ("hypert", {"High Blood Pressure"}),
    ("deng", {"Dengue", "Dengue fever"}),
    ("choler", {"Cholera"}),
    ("anem", {"Anemia"}),
    ("hep b", {"Hepatitis B"}),
    ("kidney s", {"Kidney Stones"}),
    ("migr", {"Migraine"}),
    ("breast", {"Breast Cancer"}),
    ("alzh", {"Alzheimer's Disease", "Alzheimer disease"}),
    ("lupus", {"Lupus"}),
    ("flu", {"Flu"}),
    ("influ", {"Flu"}),
    ("leuk", {"Leukemia"}),
    ("strok", {"Stroke"}),
    ("heart a", {"Heart Attack"}),
    ("myocar", {"Heart Attack"}),
    ("psor", {"Psoriasis"}),
    ("epil", {"Epilepsy"}),
    ("hypoth", {"Hypothyroidism"}),
    ("arthr", {"Arthritis"}),
    ("parkin", {"Parkinson's Disease", "Parkinson disease"}),
    ("glauc", {"Glaucoma"}),
    ("autis", {"Autism"}),
    ("daib", {"Diabetes"}),
    ("astm", {"Asthma"}),
    ("pnue", {"Pneumonia"}),
    ("maleri", {"Malaria"}),
    ("alzhie", {"Alzheimer's Disease", "Alzheimer disease"}),
    ("epilpe", {"Epilepsy"}),
    ("artri", {"Arthritis"}),
    ("gluac", {"Glaucoma"}),
    ("parkn", {"Parkinson's Disease", "Parkinson disease"}),
]


# -- the baseline: the suggest of 2026-11-28, over its own field ------------------------

def baseline_build(articles: list[Article], directory: Path) -> None:
    """The fields the old suggest read: ``title_ac`` held every name's word prefixes."""
    schema = Schema(id=ID(stored=True, unique=True), title=STORED(), title_bn=STORED(),
                    library=STORED(), url=STORED(),
                    title_ac=TEXT(analyzer=autocomplete_analyzer(), phrase=False))
    directory.mkdir(parents=True)
    writer = index.create_in(str(directory), schema).writer()
    for a in articles:
        writer.add_document(id=a.id, title=a.title, title_bn=a.title_bn or "",
                            library=a.library, url=a.url or "",
                            title_ac="\n".join([a.title, a.title_bn or "",
                                                *a.also_known_as]))
    writer.commit()


def baseline(searcher, prefix: str, *, limit: int = LIMIT) -> list[str]:
    """search_app.suggest.suggest as it was on 2026-11-28 (titles only)."""
    limit = max(1, min(limit, 10))
    words = [t.text for t in autocomplete_analyzer()(prefix[:100], mode="query")]
    if not words:
        return []
    exact: Query = And([Term("title_ac", w) for w in words])
    found = [(r["id"], r["title"]) for r in searcher.search(exact, limit=limit)]
    last = words[-1]
    if len(found) < limit and len(last) >= 3:
        fuzzy = And([*(Term("title_ac", w) for w in words[:-1]),
                     Or([Term("title_ac", last, boost=2.0),
                         FuzzyTerm("title_ac", last, maxdist=1, prefixlength=1)])])
        seen = {i for i, _ in found}
        found += [(r["id"], r["title"]) for r in searcher.search(fuzzy, limit=limit)
                  if r["id"] not in seen]
    return [title for _, title in found[:limit]]


def ours(view, prefix: str, *, limit: int = LIMIT) -> list[str]:
    return [s.title for s in suggestions.suggest(view, prefix, limit=limit)]


# -- measuring ----------------------------------------------------------------------------

def rank(shown: list[str], meant: set[str]) -> int | None:
    return next((i for i, title in enumerate(shown, start=1) if title in meant), None)


def timed(run, searcher, prefix: str) -> float:
    started = time.perf_counter()
    run(searcher, prefix)
    return (time.perf_counter() - started) * 1000


def measure(name: str, cases, our_view, base_searcher) -> list[str]:
    runs = {"ours": (ours, our_view), "baseline": (baseline, base_searcher)}
    ranks: dict[str, list[int | None]] = {k: [] for k in runs}
    times: dict[str, list[float]] = {k: [] for k in runs}
    rows = []
    for prefix, meant in cases:
        shown = {k: run(s, prefix) for k, (run, s) in runs.items()}  # also warms up
        samples: dict[str, list[float]] = {k: [] for k in runs}
        for _ in range(RUNS):
            for k, (run, s) in runs.items():
                samples[k].append(timed(run, s, prefix))
        for k in runs:
            ranks[k].append(rank(shown[k], meant))
            times[k].append(statistics.median(samples[k]))
        rows.append((prefix, sorted(meant)[0], ranks["ours"][-1], ranks["baseline"][-1],
                     shown["ours"][:3], shown["baseline"][:3]))

    lines = [f"== {name}: {len(cases)} prefixes, {LIMIT} suggestions shown",
             f"{'':9} {'success@1':>9} {'success@3':>9} {'MRR':>6} {'median ms':>9} "
             f"{'max ms':>7}"]
    for k in runs:
        found = ranks[k]
        lines.append(f"{k:9} {sum(r == 1 for r in found) / len(found):9.3f} "
                     f"{sum(r is not None and r <= 3 for r in found) / len(found):9.3f} "
                     f"{sum(1 / r for r in found if r) / len(found):6.3f} "
                     f"{statistics.median(times[k]):9.2f} {max(times[k]):7.2f}")
    lines.append("")
    lines.append(f"{'prefix':10} {'meant':28} {'ours':>4} {'base':>4}  ours: first three"
                 "  |  baseline: first three")
    for prefix, meant, our_rank, base_rank, our_top, base_top in rows:
        lines.append(f"{prefix:10} {meant[:28]:28} {our_rank or '-':>4} {base_rank or '-':>4}  "
                     f"{'; '.join(our_top)}  |  {'; '.join(base_top)}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/rxsearch-suggest-bench"))
    args = parser.parse_args()
    shutil.rmtree(args.workdir, ignore_errors=True)
    args.workdir.mkdir(parents=True)
    corpora = [("sample", [SAMPLE_DIR], SAMPLE)]
    medquad = args.shared / "corpus" / "medquad.jsonl"
    if medquad.exists():
        corpora.append(("medquad", [medquad], MEDQUAD))
    else:
        print(f"{medquad} is absent: the sample library only", file=sys.stderr)
    out = []
    for name, sources, cases in corpora:
        articles = [a for a in read_sources(sources) if isinstance(a, Article)]
        started = time.monotonic()
        build.full(articles, args.workdir / f"ours-{name}", procs=2)
        baseline_build(articles, args.workdir / f"base-{name}")
        print(f"{name}: {len(articles)} articles indexed twice in "
              f"{time.monotonic() - started:.0f} s", file=sys.stderr)
        our_view = ViewManager(args.workdir / f"ours-{name}").view()
        base_searcher = index.open_dir(str(args.workdir / f"base-{name}")).searcher()
        out += [*measure(name, cases, our_view, base_searcher), ""]
    print("\n".join(out).rstrip())


if __name__ == "__main__":
    main()
