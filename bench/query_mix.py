"""The query mix of the latency benches (query_bench.py, ab_query.py), with no engine import,
so a driver can hand it to any source tree's engine.

Kinds: short names readers type, the same misspelt, Bangla words readers typed, Bangla words
for English articles, romanised Bangla, faceted, phrase, question-length (template
questions), real consumer questions as readers write them, and Bangla questions; every kind
drawn from ../shared/eval with a fixed seed by the caller.
"""

from __future__ import annotations

import json
import random
import statistics
from pathlib import Path

SAMPLE_TOPICS = ["fever", "dengue", "diabetes", "blood sugar test", "high blood pressure",
                 "chest pain", "malaria treatment", "cbc", "typhoid", "asthma inhaler"]


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def swap_typo(word: str, rng: random.Random) -> str:
    letters = [i for i in range(1, len(word) - 1) if word[i].isalpha() and word[i + 1].isalpha()]
    if not letters:
        return word
    i = rng.choice(letters)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def query_mix(evaluation: Path, rng: random.Random) -> dict[str, list[tuple[str, str | None]]]:
    """(query, library filter or None) per kind."""
    dev = read_jsonl(evaluation / "medquad-dev-queries.jsonl")
    names = [q["query"] for q in dev if q["kind"] == "also-known-as"]
    short = [n for n in names if len(n.split()) <= 4][:80] + SAMPLE_TOPICS
    questions = [q["query"] for q in dev if q["kind"] == "question"][:100]
    bangla = [q["query"] for q in read_jsonl(evaluation / "bangla-entity-queries.jsonl")][:100]
    crosslang = [q["query"] for q in read_jsonl(evaluation / "bangla-crosslang-dev.jsonl")]
    romanised = [q["query"] for q in read_jsonl(evaluation / "romanised-bangla-dev.jsonl")]
    # Real questions run long; the app refuses more than 500 characters (a 400), so only
    # those a reader could send are timed.
    consumer = [q["query"] for q in read_jsonl(evaluation / "consumer-questions-meqsum.jsonl")
                if len(q["query"]) <= 500][:100]
    bangla_questions = [q["query"] for q in
                        read_jsonl(evaluation / "bangla-m2pqa-queries.jsonl")][:100]
    libraries = ["disease", "drug", "lab-test", "cancer"]
    return {
        "short": [(q, None) for q in short],
        "misspelled": [(" ".join(swap_typo(w, rng) for w in q.split()), None) for q in short],
        "bangla": [(q, None) for q in bangla],
        "crosslang": [(q, None) for q in crosslang],
        "romanised": [(q, None) for q in romanised],
        "faceted": [(q, rng.choice(libraries)) for q in short[:60]],
        "phrase": [(f'"{q}"', None) for q in short[:60]],
        "question": [(q, None) for q in questions],
        "consumer": [(q, None) for q in consumer],
        "bn-question": [(q, None) for q in bangla_questions],
    }


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    """p50, p95 and p99 (nearest rank)."""
    ordered = sorted(samples)

    def pick(p: float) -> float:
        return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]

    return statistics.median(ordered), pick(0.95), pick(0.99)
