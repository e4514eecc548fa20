"""The search API, used alike by the CLI and the web app; no Flask here.

``search(searcher, "fever headache", library="disease")`` returns plain dataclasses:

1. parse the reader's query (``search_app.query``): words, "phrases", -exclusions, filters;
2. analyse each word with the index's analyzer; known names expand to their equivalents
   (``জ্বর`` also matches "fever", "high blood pressure" also "hypertension");
3. a word that names a section ("treatment", "side effects", "লক্ষণ") becomes optional and
   raises the weight of that section's field for the other words;
4. all words must match (BM25F over weighted fields); if nothing does, a spelling correction
   from the index's vocabulary is tried, then any word may match;
5. facet counts per library, language and letter, disjunctive: each facet is counted with
   the other facets' filters only, so choosing Drugs leaves the other libraries' counts;
6. a page of hits with highlighted snippets that say which section matched, and a notice
   when the query names a danger sign.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import cache

import numpy as np
from whoosh.searching import Searcher

from analyzers import text_analyzer
from analyzers.danger import DangerNotice, default_lexicon
from analyzers.expand import Expander, Expansion
from analyzers.phrases import phrase_key
from analyzers.sections import section_words
from corpus.article import LANGUAGES, LIBRARIES, LIBRARY_LABELS
from indexer.schema import BODY_FIELDS, LETTERS
from search_app import snippets, spelling
from search_app.query import MAX_QUERY_CHARS, ParsedQuery, parse
from search_app.ranking import AllOf, AnyOf, Node, Ranker, WithOptional, Words, ranker

__all__ = ["MAX_QUERY_CHARS", "Expansion", "FacetCount", "Hit", "SearchResult", "search"]

PAGE_SIZE = 10
MAX_PAGE_SIZE = 100

# Query-time field weights (tuned on ../shared/eval/medquad-dev-queries.jsonl with
# bench/relevance.py): the title and other names of a topic say most about an article,
# then its glossary and headings, then its body.
FIELD_WEIGHTS: dict[str, float] = {
    "title": 12.0,
    "title_bn": 10.0,
    "aka": 8.0,
    "headings": 2.0,
    "glossary": 1.5,
    "summary": 1.5,
    "bangla_note": 1.2,
    "symptoms": 1.0,
    "causes": 1.0,
    "tests": 1.0,
    "treatment": 1.0,
    "side_effects": 1.0,
    "body": 1.0,
}
SNIPPET_FIELDS = ("glossary", "bangla_note", *BODY_FIELDS)  # stored text snippets come from
LOOSE_COORD = 1.0        # any-word matches: scale by (share of the words matched) ** this
NAME_WEIGHT = 100.0      # the query is exactly an article's title or other name
SECTION_BOOST = 3.0      # added to the weight of the section a query names
ALTERNATIVE_WEIGHT = 0.8  # other names count a little less than the reader's own words
ALL_WORDS_BOOST = 10.0    # articles with every word rank above those with some


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    title: str
    library: str
    lang: str
    snippet: str          # HTML-safe: escaped, with <mark> around matched words
    url: str
    score: float
    title_bn: str = ""
    matched_in: str | None = None    # "Symptoms", "Bangla note", ...; None: title/summary
    matched_lang: str | None = None  # "en" or "bn": which language the match was in


@dataclass(frozen=True, slots=True)
class FacetCount:
    value: str
    count: int
    label: str = ""


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: str
    library: str | None
    page: int
    page_size: int
    total: int
    hits: list[Hit] = field(default_factory=list)
    libraries: list[FacetCount] = field(default_factory=list)
    languages: list[FacetCount] = field(default_factory=list)
    letters: list[FacetCount] = field(default_factory=list)
    lang: str | None = None
    letter: str | None = None
    matched_all_words: bool = True
    showing_for: str | None = None     # the corrected query whose results are shown
    did_you_mean: str | None = None    # a correction offered while showing the original
    section: str | None = None         # the section the query named
    all_words_total: int | None = None  # when few match every word, how many do (listed first)
    notice: DangerNotice | None = None
    notes: tuple[str, ...] = ()

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    def to_dict(self) -> dict:
        data = asdict(self)
        data["pages"] = self.pages
        return data


@dataclass
class _Plan:
    """The Whoosh query for a parsed query, and what snippets should highlight."""

    query: Node | None
    loose: Node | None         # any-word version, when there is more than one unit
    exclude: Node | None
    keys: set[str]
    section: str | None
    weak_keys: frozenset[str] = frozenset()  # from the optional section words


@cache
def _analyzer():
    return text_analyzer()


def _keys(text: str) -> tuple[str, ...]:
    return tuple(t.text for t in _analyzer()(text, mode="query"))


def _unit(keys: tuple[str, ...], weights: dict[str, float], scale: float = 1.0) -> Node | None:
    """One word (or phrase, when it analyses into several keys) over the weighted fields."""
    if not keys:
        return None
    return Words(tuple(keys), tuple((f, w * scale) for f, w in weights.items()))


def _all(parts: list[Node]) -> Node:
    return AllOf(tuple(parts)) if len(parts) > 1 else parts[0]


def _any(parts: list[Node]) -> Node:
    return AnyOf(tuple(parts)) if len(parts) > 1 else parts[0]


def _plan(parsed: ParsedQuery, expander: Expander | None) -> _Plan:
    words_text = " ".join(parsed.words)
    offsets, position = [], 0
    for word in parsed.words:
        offsets.append((position, position + len(word)))
        position += len(word) + 1

    def words_in(start: int, end: int) -> list[int]:
        return [i for i, (s, e) in enumerate(offsets) if s >= start and e <= end]

    section, optional_words = None, set()
    for found in section_words().find(words_text):
        section = section or found.value
        optional_words.update(words_in(found.start, found.end))
    if len(optional_words) == len(parsed.words) and not parsed.phrases:
        section, optional_words = None, set()  # "symptoms" alone is the topic, not a modifier

    weights = dict(FIELD_WEIGHTS)
    if section:
        weights[section] = weights[section] + SECTION_BOOST
    keys: set[str] = set()
    weak: set[str] = set()
    units: list[Node] = []
    optional: list[Node] = []
    spans = expander.expand(words_text) if expander else []
    covered: dict[int, Expansion] = {}
    for span in spans:
        for i in words_in(span.start, span.end):
            covered[i] = span
    done: set[int] = set()
    for i, word in enumerate(parsed.words):
        if i in done:
            continue
        span = covered.get(i)
        if span is None:
            word_keys = _keys(word)
            keys.update(word_keys)
            if i in optional_words:
                weak.update(word_keys)
            unit = _unit(word_keys, weights)
            target = optional if i in optional_words else units
            if unit is not None:
                target.append(unit)
            continue
        members = words_in(span.start, span.end)
        done.update(members)
        parts = [u for u in (_unit(_keys(parsed.words[m]), weights) for m in members) if u]
        span_keys = {k for m in members for k in _keys(parsed.words[m])}
        alternatives = []
        for name in span.alternatives:
            name_keys = phrase_key(name)
            span_keys.update(name_keys)
            alt = _unit(name_keys, weights, ALTERNATIVE_WEIGHT)
            if alt is not None:
                alternatives.append(alt)
        keys.update(span_keys)
        is_optional = set(members) <= optional_words
        if is_optional:
            weak.update(span_keys)
        base = _all(parts) if parts else None
        choices = [q for q in [base, *alternatives] if q is not None]
        if choices:
            target = optional if is_optional else units
            target.append(_any(choices))
    for phrase in parsed.phrases:
        phrase_keys = _keys(phrase)
        keys.update(phrase_keys)
        unit = _unit(phrase_keys, weights)
        if unit is not None:
            units.append(unit)
    excluded = [u for u in (_unit(_keys(x), FIELD_WEIGHTS) for x in parsed.excluded) if u]
    if not units:
        units, optional = optional, []
    if not units:
        return _Plan(None, None, None, keys, section)
    weak_keys = frozenset(weak) if optional else frozenset()
    strict: Node = _all(units)
    loose: Node | None = AnyOf(tuple(units), LOOSE_COORD) if len(units) > 1 else None
    if optional:
        strict = WithOptional(strict, _any(optional))
        loose = WithOptional(loose, _any(optional)) if loose is not None else None
    # The reader's words are exactly one of an article's names ("Goltz syndrome", "lupus"):
    # that article comes first, whatever longer names share the words.
    name_words = [w for i, w in enumerate(parsed.words) if i not in optional_words]
    name = " ".join(k for text in [*name_words, *parsed.phrases] for k in _keys(text))
    if name:
        exact = Words((name,), (("names", NAME_WEIGHT),))
        strict = WithOptional(strict, exact)
        loose = WithOptional(loose, exact) if loose is not None else None
    return _Plan(strict, loose, _any(excluded) if excluded else None, keys, section, weak_keys)


def _check(name: str, value: str | None, allowed: Iterable[str]) -> str | None:
    if value is not None and value not in allowed:
        raise ValueError(f"unknown {name} {value!r}")
    return value


@dataclass(slots=True)
class _Matches:
    """The documents a query matches (sorted document numbers) and every document's score."""

    docs: np.ndarray
    scores: np.ndarray

    def __len__(self) -> int:
        return len(self.docs)


def _matching(rank: Ranker, query: Node, exclude: Node | None) -> _Matches:
    found = rank.evaluate(query)
    mask = found.mask & rank.live
    if exclude is not None:
        mask &= ~rank.evaluate(exclude, mask).mask
    return _Matches(np.flatnonzero(mask), found.score)


FACETS = {"library": LIBRARIES, "lang": LANGUAGES, "letter": LETTERS}


def _facets(rank: Ranker, docs: np.ndarray, filters: dict[str, str | None]
            ) -> tuple[dict[str, Counter], np.ndarray]:
    """Disjunctive counts (each facet counted under the other facets' filters), and the
    documents that pass every filter."""
    codes = {name: rank.codes(name, values)[docs] for name, values in FACETS.items()}
    passes = {}
    for name, values in FACETS.items():
        wanted = filters.get(name)
        passes[name] = (codes[name] == values.index(wanted)) if wanted is not None else None
    counts: dict[str, Counter] = {}
    for name, values in FACETS.items():
        keep = np.ones(len(docs), dtype=bool)
        for other, passing in passes.items():
            if other != name and passing is not None:
                keep &= passing
        found = np.bincount(codes[name][keep & (codes[name] >= 0)], minlength=len(values))
        counts[name] = Counter({values[i]: int(n) for i, n in enumerate(found) if n})
    allowed = np.ones(len(docs), dtype=bool)
    for passing in passes.values():
        if passing is not None:
            allowed &= passing
    return counts, docs[allowed]


def _page(order: np.ndarray, allowed: np.ndarray, page: int, page_size: int
          ) -> tuple[np.ndarray, int]:
    """The documents of one page, best first by ``order`` (ties: index order), and the page
    number actually shown (the last one when asked past the end)."""
    pages = max(1, -(-len(allowed) // page_size))
    page = min(page, pages)
    wanted = page * page_size
    keys = order[allowed]
    if len(allowed) > wanted:
        # Only the best ``wanted`` need sorting. Keep every document tied with the last of
        # them too, so that ties fall in index order on every page (no repeats, no gaps).
        last = np.partition(keys, wanted - 1)[wanted - 1]
        best = keys <= last
        allowed, keys = allowed[best], keys[best]
    ranked = allowed[np.lexsort((allowed, keys))]
    return ranked[(page - 1) * page_size:wanted], page


def search(searcher: Searcher, query: str, *, library: str | None = None,
           lang: str | None = None, letter: str | None = None, page: int = 1,
           page_size: int = PAGE_SIZE, expander: Expander | None = None,
           correct: bool = True) -> SearchResult:
    """Ranked hits for ``query`` with facets, snippets, corrections and a danger notice.

    ``library``/``lang``/``letter`` filter like ``library:drug`` in the query (the
    arguments win). An empty query with filters lists those articles A–Z. With
    ``correct=False`` (the reader chose "search instead for ..."), a misspelt query is
    searched as typed and the correction is only offered.
    """
    parsed = parse(query)
    filters = {
        "library": _check("library", library or parsed.filters.get("library"), LIBRARIES),
        "lang": _check("lang", lang or parsed.filters.get("lang"), LANGUAGES),
        "letter": _check("letter", letter or parsed.filters.get("letter"), LETTERS),
    }
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    notice = default_lexicon().notice(parsed.text) if parsed.text else None
    notes = list(parsed.notes)

    if parsed.is_empty:
        if not any(filters.values()):
            return _result(parsed.text, filters, page, page_size, notice=notice, notes=notes)
        return _listing(searcher, parsed.text, filters, page, page_size, notice, notes)

    plan = _plan(parsed, expander)
    if plan.query is None:
        notes.append("Your search has only very common words; try a more specific word, "
                     "such as the name of a disease, medicine or test.")
        return _result(parsed.text, filters, page, page_size, notice=notice, notes=notes)

    rank = ranker(searcher)
    final, docs = plan, _matching(rank, plan.query, plan.exclude)
    showing_for = did_you_mean = None
    matched_all = True
    corrected = spelling.correct(searcher, parsed.words)
    fixed = ParsedQuery(" ".join(corrected), tuple(corrected), parsed.phrases,
                        parsed.excluded, parsed.filters) if corrected else None
    if not len(docs) and fixed is not None and correct:
        retry_plan = _plan(fixed, expander)
        retry_docs = _matching(rank, retry_plan.query, retry_plan.exclude) \
            if retry_plan.query is not None else None
        if retry_docs is not None and len(retry_docs):
            final, docs, showing_for = retry_plan, retry_docs, _display(fixed)
    all_words_total = None
    if not len(docs) and plan.loose is not None:
        docs = _matching(rank, plan.loose, plan.exclude)
        final = _Plan(plan.loose, None, plan.exclude, plan.keys, plan.section, plan.weak_keys)
        matched_all = False
    elif showing_for is None and 0 < len(docs) < page_size and plan.loose is not None:
        # Few articles have every word: list them first, then those with most of them,
        # rather than leave a question-shaped query with two answers.
        all_words_total = len(docs)
        every_word = docs
        docs = _matching(rank, plan.loose, plan.exclude)
        docs.scores = docs.scores + np.float32(ALL_WORDS_BOOST) * every_word.scores
        final = _Plan(None, None, plan.exclude, plan.keys, plan.section, plan.weak_keys)
    if len(docs) and showing_for is None and fixed is not None:
        did_you_mean = _display(fixed)

    counts, allowed = _facets(rank, docs.docs, filters)
    total, hits, current = len(allowed), [], page
    if total:
        shown, current = _page(-docs.scores, allowed, page, page_size)
        hits = [_hit(searcher, int(d), float(docs.scores[d]), final.keys, final.section,
                     final.weak_keys) for d in shown]
    return _result(parsed.text, filters, current, page_size, total=total, hits=hits,
                   counts=counts, matched_all=matched_all, showing_for=showing_for,
                   did_you_mean=did_you_mean, section=final.section, notice=notice,
                   notes=notes, all_words_total=all_words_total)


def _display(parsed: ParsedQuery) -> str:
    """A query as a reader would type it again (words, phrases, exclusions, filters)."""
    parts = list(parsed.words) + [f'"{p}"' for p in parsed.phrases]
    parts += [f'-"{x}"' if " " in x else f"-{x}" for x in parsed.excluded]
    parts += [f"{k}:{v}" for k, v in parsed.filters.items()]
    return " ".join(parts)


def _hit(searcher: Searcher, doc: int, score: float, keys: set[str], section: str | None,
         weak_keys: frozenset[str] = frozenset()) -> Hit:
    fields = searcher.stored_fields(doc)
    matched = ranker(searcher).fields_holding(doc, keys, SNIPPET_FIELDS)
    snip = snippets.snippet(fields, keys, section, weak_keys, matched)
    return Hit(id=fields["id"], title=fields["title"], library=fields["library"],
               lang=fields["lang"], snippet=snip.html, url=fields.get("url", ""),
               score=round(score, 4), title_bn=fields.get("title_bn", ""),
               matched_in=snip.where, matched_lang=snip.lang)


def _result(query: str, filters: dict[str, str | None], page: int, page_size: int, *,
            total: int = 0, hits: list[Hit] | None = None,
            counts: dict[str, Counter] | None = None, **extra) -> SearchResult:
    counts = counts or {"library": Counter(), "lang": Counter(), "letter": Counter()}
    return SearchResult(
        query=query, library=filters["library"], lang=filters["lang"],
        letter=filters["letter"], page=page, page_size=page_size, total=total,
        hits=hits or [],
        libraries=[FacetCount(lib, counts["library"].get(lib, 0), LIBRARY_LABELS[lib])
                   for lib in LIBRARIES],
        languages=[FacetCount(code, counts["lang"].get(code, 0),
                              {"en": "English", "bn": "বাংলা"}[code]) for code in LANGUAGES],
        letters=[FacetCount(letter, counts["letter"].get(letter, 0), letter)
                 for letter in LETTERS],
        matched_all_words=extra.pop("matched_all", True), notes=tuple(extra.pop("notes", ())),
        **extra)


def _listing(searcher: Searcher, text: str, filters: dict[str, str | None], page: int,
             page_size: int, notice: DangerNotice | None, notes: list[str]) -> SearchResult:
    """No words but filters: the filtered articles A–Z (ICU collation order)."""
    rank = ranker(searcher)
    counts, allowed = _facets(rank, np.flatnonzero(rank.live), filters)
    total, hits = len(allowed), []
    if total:
        shown, page = _page(rank.sort_ranks("title_sort"), allowed, page, page_size)
        hits = [_hit(searcher, int(d), 0.0, set(), None) for d in shown]
    return _result(text, filters, page, page_size, total=total, hits=hits, counts=counts,
                   notice=notice, notes=notes)
