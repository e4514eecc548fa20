"""What Bangla variant folding and stemming gain and cost, measured on real readers' text.

Compares three Bangla chains in one run:
  baseline   ICU words + NFKC case folding only (what any ICU analyzer gives)
  strict     + spelling normalisation (nukta, khanda ta, ঙ/ং, chandrabindu, ...) + stemmer
  folding    + reader-variant folding (ি/ী, ু/ূ, ন/ণ, শ/ষ/স, ড়/র, য-ফলা, ব-ফলা)  [the default]

Prints, for each chain:
  - vocabulary: distinct keys over Bangla-HealthNER texts (how many surface words merge)
  - gain: spelling-variant pairs among the 506 words readers typed that come to share a key
  - cost: pairs of frequent words that share a key only under folding (listed for review)
  - retrieval: MRR@10 and Recall@10 of the 100 M2PQA Bangla questions over its 20 passages,
    and how many of the words readers typed (all words of a multi-word entry) occur in
    edited Bangla articles (M2PQA passages and TICO-19 Bangla documents): readers' spelling
    against editors' spelling, the case folding is for.

Run: .venv/bin/python bench/bangla_folding.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from whoosh import qparser
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analyzers.bangla import BanglaNormalizer, BanglaStemmer, is_bangla  # noqa: E402
from analyzers.filters import IcuFoldFilter, ScriptRouteFilter  # noqa: E402
from analyzers.normalize import icu_fold  # noqa: E402
from analyzers.tokenizers import IcuWordTokenizer, word_spans  # noqa: E402

CHAINS = ("baseline", "strict", "folding")


def key_function(chain: str):
    if chain == "baseline":
        return icu_fold
    normalizer = BanglaNormalizer(fold_variants=chain == "folding")
    stemmer = BanglaStemmer(normalizer)
    return lambda word: stemmer.stem(normalizer.normalize(icu_fold(word)))


def analyzer(chain: str):
    if chain == "baseline":
        return IcuWordTokenizer() | IcuFoldFilter()
    return IcuWordTokenizer() | IcuFoldFilter() | ScriptRouteFilter(
        fold_variants=chain == "folding")


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def vocabulary(texts: list[str]) -> Counter:
    words: Counter = Counter()
    for text in texts:
        for start, end in word_spans(text):
            word = text[start:end]
            if is_bangla(word):
                words[word] += 1
    return words


def merged_pairs(words: list[str], key, other_key) -> list[tuple[str, str]]:
    """Pairs of distinct words that share a key under ``key`` but not under ``other_key``."""
    groups = defaultdict(list)
    for word in words:
        groups[key(word)].append(word)
    pairs = []
    for members in groups.values():
        for a, b in itertools.combinations(members, 2):
            if other_key(a) != other_key(b):
                pairs.append((a, b))
    return pairs


def retrieval(chain: str, passages: list[dict], queries: list[dict]) -> tuple[float, float]:
    schema = Schema(id=ID(stored=True), body=TEXT(analyzer=analyzer(chain)))
    ix = RamStorage().create_index(schema)
    with ix.writer() as writer:
        for passage in passages:
            writer.add_document(id=passage["id"], body=passage["title"] + "\n" + passage["body"])
    mrr = recall = 0.0
    with ix.searcher() as searcher:
        parser = qparser.QueryParser("body", schema, group=qparser.OrGroup)
        for query in queries:
            hits = [h["id"] for h in searcher.search(parser.parse(query["query"]), limit=10)]
            relevant = set(query["relevant"])
            rank = next((i for i, h in enumerate(hits, 1) if h in relevant), None)
            mrr += 1 / rank if rank else 0.0
            recall += 1.0 if rank else 0.0
    return mrr / len(queries), recall / len(queries)


def coverage(entity_words: list[str], key, text_keys: set[str]) -> int:
    return sum(1 for entry in entity_words if all(key(w) in text_keys for w in entry.split()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--show", type=int, default=15, help="examples to print per list")
    args = parser.parse_args()
    corpus, evaluation = args.shared / "corpus", args.shared / "eval"
    needed = [corpus / "bangla-healthner-texts.jsonl", corpus / "bangla-m2pqa.jsonl",
              corpus / "bangla-tico19.jsonl",
              evaluation / "bangla-entity-queries.jsonl", evaluation / "bangla-m2pqa-queries.jsonl"]
    missing = [str(p) for p in needed if not p.exists()]
    if missing:
        sys.exit(f"missing shared data: {', '.join(missing)}")

    texts = [r["text"] for r in read_jsonl(needed[0])]
    passages = read_jsonl(needed[1])
    edited = [p["body"] for p in passages] + [
        d["body"] for d in read_jsonl(needed[2]) if d["lang"] == "bn"]
    entities = read_jsonl(needed[3])
    questions = read_jsonl(needed[4])
    words = vocabulary(texts)
    frequent = [w for w, n in words.most_common() if n >= 5]
    entity_words = [e["query"] for e in entities]
    keys = {chain: key_function(chain) for chain in CHAINS}

    print(f"HealthNER Bangla vocabulary: {len(words):,} distinct words, "
          f"{len(frequent):,} seen 5+ times; {len(entity_words)} reader query words\n")
    print(f"{'chain':<10}{'keys':>8}{'merged':>9}{'entity pairs':>14}{'MRR@10':>9}"
          f"{'R@10':>7}{'in articles':>16}")
    for chain in CHAINS:
        key = keys[chain]
        vocab_keys = {key(w) for w in words}
        entity_groups = Counter(key(w) for w in entity_words)
        joined = sum(n * (n - 1) // 2 for n in entity_groups.values())
        mrr, rec = retrieval(chain, passages, questions)
        found = coverage(entity_words, key, vocab_keys_with_texts(edited, key))
        print(f"{chain:<10}{len(vocab_keys):>8,}{len(words) - len(vocab_keys):>9,}"
              f"{joined:>14}{mrr:>9.3f}{rec:>7.2f}{found:>10}/{len(entity_words)}")

    gains = merged_pairs(entity_words, keys["folding"], keys["strict"])
    print(f"\nGain: {len(gains)} pairs of reader query words joined by folding, e.g.")
    for a, b in gains[: args.show]:
        print(f"  {a} = {b}")
    costs = merged_pairs(frequent, keys["folding"], keys["strict"])
    # Pairs of two common words are where a false merge would hurt: list those first.
    costs.sort(key=lambda pair: -min(words[pair[0]], words[pair[1]]))
    print(f"\nCost to review: {len(costs)} pairs of frequent words (5+) joined only by "
          f"folding, commonest first:")
    for a, b in costs[: args.show]:
        print(f"  {a} ~ {b}  ({words[a]}, {words[b]})")
    stems = merged_pairs(frequent, keys["strict"], keys["baseline"])
    print(f"\nStemming and spelling rules join {len(stems)} pairs of frequent words, e.g.")
    for a, b in stems[: args.show]:
        print(f"  {a} = {b}")


def vocab_keys_with_texts(texts: list[str], key) -> set[str]:
    found = set()
    for text in texts:
        for start, end in word_spans(text):
            word = text[start:end]
            if is_bangla(word):
                found.add(key(word))
    return found


if __name__ == "__main__":
    main()
