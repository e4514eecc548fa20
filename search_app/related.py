"""Related articles per library, with a strength threshold ("Continue exploring").

Two kinds of evidence, measured in the index:

- **mentions**: another article names this one (its title or another name appears in that
  article's sections), or this article names the other (Malaria's treatment section names
  Artemether-Lumefantrine; the Paracetamol article names dengue). This is what links a
  disease to its tests and medicines, and it counts most.
- **similarity**: the other article matches this one's most telling words (tf-idf over the
  index); its score is taken relative to this article's own score on the same query.

strength = 0.6 + 0.4 x similarity with a mention, similarity alone without. Links under
``THRESHOLD`` are not shown: "no strong indexed relationship yet" is an honest answer.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from whoosh.query import Or, Phrase, Query, Term
from whoosh.searching import Searcher

from analyzers import keys
from corpus.article import LIBRARIES
from indexer.schema import field_names

THRESHOLD = 0.35
PER_LIBRARY = 3
KEY_TERMS = 15
CANDIDATES = 100
MIN_NAME_CHARS = 4  # shorter names ("MI", "TB") are too ambiguous to count as mentions
TEXT_FIELDS = field_names(related="text")          # where mentions are looked for
SIMILAR_FIELDS = field_names(related="similar") + TEXT_FIELDS  # matched by telling words


@dataclass(frozen=True, slots=True)
class RelatedArticle:
    id: str
    title: str
    library: str
    url: str | None
    strength: float
    reason: str       # "mentions this topic", "mentioned in this article", "similar topic"


@dataclass(frozen=True, slots=True)
class Related:
    id: str
    title: str
    by_library: dict[str, list[RelatedArticle]] = field(default_factory=dict)


def _contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    n = len(needle)
    return bool(n) and any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


def _names(fields: dict) -> list[tuple[str, ...]]:
    names = [fields.get("title", ""), fields.get("title_bn", ""),
             *(fields.get("also_known_as") or [])]
    keyed = [keys(name) for name in names if len(name) >= MIN_NAME_CHARS]
    return [k for k in keyed if k]


def _text(fields: dict) -> str:
    return "\n".join([fields.get("summary", ""),
                      *(s.get("text", "") for s in fields.get("sections") or [])])


def _name_query(names: list[tuple[str, ...]]) -> Query | None:
    clauses = [Phrase(f, list(k)) if len(k) > 1 else Term(f, k[0])
               for k in names for f in TEXT_FIELDS]
    return Or(clauses) if clauses else None


def _similar_query(searcher: Searcher, words: tuple[str, ...]) -> Query | None:
    reader = searcher.reader()
    total = max(reader.doc_count(), 1)
    scored = []
    for key, tf in Counter(words).items():
        df = max(reader.doc_frequency(f, key) for f in TEXT_FIELDS)
        if df:
            scored.append((tf * math.log(1 + total / df), key))
    top = sorted(scored, reverse=True)[:KEY_TERMS]
    clauses = [Term(f, key, boost=weight) for weight, key in top
               for f in SIMILAR_FIELDS]
    return Or(clauses) if clauses else None


def related(searcher: Searcher, article_id: str, *, per_library: int = PER_LIBRARY,
            threshold: float = THRESHOLD) -> Related | None:
    """The most related articles in each library, or None if the article is not indexed."""
    docnum = searcher.document_number(id=article_id)
    if docnum is None:
        return None
    fields = searcher.stored_fields(docnum)
    own_text = keys(_text(fields))
    mentioned_by: set[int] = set()
    name_query = _name_query(_names(fields))
    if name_query is not None:
        mentioned_by = {hit.docnum for hit in searcher.search(name_query, limit=CANDIDATES)}

    similarity: dict[int, float] = {}
    similar_query = _similar_query(searcher, own_text)
    if similar_query is not None:
        hits = searcher.search(similar_query, limit=CANDIDATES)
        own = next((h.score for h in hits if h.docnum == docnum), None) or \
            (hits[0].score if len(hits) else 0.0)
        similarity = {h.docnum: min(1.0, h.score / own) for h in hits if own}

    # Articles whose name this article uses: look their titles up by this article's words.
    title_hits = searcher.search(Or([Term("title", k) for k in set(own_text)]),
                                 limit=CANDIDATES) if own_text else []
    candidates = set(mentioned_by) | set(similarity) | {h.docnum for h in title_hits}
    candidates.discard(docnum)

    found: dict[str, list[RelatedArticle]] = {lib: [] for lib in LIBRARIES}
    for other in candidates:
        other_fields = searcher.stored_fields(other)
        mentions_us = other in mentioned_by
        we_mention = any(_contains(own_text, name) for name in _names(other_fields))
        sim = similarity.get(other, 0.0)
        strength = 0.6 + 0.4 * sim if (mentions_us or we_mention) else sim
        if strength < threshold:
            continue
        reason = ("mentions this topic" if mentions_us else
                  "mentioned in this article" if we_mention else "similar topic")
        found[other_fields["library"]].append(RelatedArticle(
            other_fields["id"], other_fields["title"], other_fields["library"],
            other_fields.get("url") or None, round(strength, 3), reason))
    for lib in found:
        found[lib] = sorted(found[lib], key=lambda r: (-r.strength, r.title))[:per_library]
    return Related(fields["id"], fields["title"], found)
