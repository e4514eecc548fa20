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

import weakref
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import cache

from whoosh.query import And, AndMaybe, Every, Or, Phrase, Query, Term
from whoosh.searching import Searcher

from analyzers import text_analyzer
from analyzers.danger import DangerNotice, default_lexicon
from analyzers.expand import Expander, Expansion
from analyzers.phrases import phrase_key
from analyzers.sections import section_words
from corpus.article import LANGUAGES, LIBRARIES, LIBRARY_LABELS
from indexer.schema import LETTERS
from search_app import snippets, spelling
from search_app.query import MAX_QUERY_CHARS, ParsedQuery, parse

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

    query: Query | None
    loose: Query | None        # any-word version, when there is more than one unit
    exclude: Query | None
    keys: set[str]
    section: str | None
    weak_keys: frozenset[str] = frozenset()  # from the optional section words


@cache
def _analyzer():
    return text_analyzer()


def _keys(text: str) -> tuple[str, ...]:
    return tuple(t.text for t in _analyzer()(text, mode="query"))


def _unit(keys: tuple[str, ...], weights: dict[str, float], scale: float = 1.0) -> Query | None:
    if not keys:
        return None
    if len(keys) == 1:
        return Or([Term(f, keys[0], boost=w * scale) for f, w in weights.items()])
    return Or([Phrase(f, list(keys), boost=w * scale) for f, w in weights.items()])


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
    units: list[Query] = []
    optional: list[Query] = []
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
        base = And(parts) if len(parts) > 1 else (parts[0] if parts else None)
        choices = [q for q in [base, *alternatives] if q is not None]
        if choices:
            target = optional if is_optional else units
            target.append(Or(choices) if len(choices) > 1 else choices[0])
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
    strict: Query = And(units) if len(units) > 1 else units[0]
    loose: Query | None = Or(units) if len(units) > 1 else None
    if optional:
        strict = AndMaybe(strict, Or(optional))
        loose = AndMaybe(loose, Or(optional)) if loose is not None else None
    return _Plan(strict, loose, Or(excluded) if excluded else None, keys, section, weak_keys)


def _boosted(query: Query, boost: float) -> Query:
    query = query.copy()
    query.boost = boost
    return query


def _check(name: str, value: str | None, allowed: Iterable[str]) -> str | None:
    if value is not None and value not in allowed:
        raise ValueError(f"unknown {name} {value!r}")
    return value


def _matching(searcher: Searcher, query: Query, exclude: Query | None) -> list[int]:
    docs = set(searcher.docs_for_query(query))
    if exclude is not None and docs:
        docs -= set(searcher.docs_for_query(exclude))
    return sorted(docs)


FACETS = ("library", "lang", "letter")
_facet_values: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _columns(searcher: Searcher) -> list[tuple[str, str, str]]:
    """(library, lang, letter) of every document, read once per open index version."""
    reader = searcher.reader()
    values = _facet_values.get(reader)
    if values is None:
        columns = [reader.column_reader(name) for name in FACETS]
        values = [tuple(column[n] for column in columns) for n in range(reader.doc_count_all())]
        _facet_values[reader] = values
    return values


def _facets(searcher: Searcher, docs: list[int], filters: dict[str, str | None]
            ) -> tuple[dict[str, Counter], set[int]]:
    """Disjunctive counts (each facet counted under the other facets' filters), and the
    documents that pass every filter."""
    values = _columns(searcher)
    wanted = [filters.get(name) for name in FACETS]
    counts = {name: Counter() for name in FACETS}
    per_facet = [counts[name] for name in FACETS]
    allowed: set[int] = set()
    for doc in docs:
        row = values[doc]
        failing = [i for i in range(3) if wanted[i] is not None and row[i] != wanted[i]]
        if not failing:
            allowed.add(doc)
            for i in range(3):
                per_facet[i][row[i]] += 1
        elif len(failing) == 1:
            i = failing[0]
            per_facet[i][row[i]] += 1
    return counts, allowed


def _page(searcher: Searcher, query: Query, allowed: set[int], page: int, page_size: int,
          sortedby: str | None = None) -> tuple[list, int]:
    """The hits of one page, scoring only the allowed documents (filters and exclusions
    are already applied), without Whoosh counting the matches a second time."""
    pages = max(1, -(-len(allowed) // page_size))
    page = min(page, pages)
    results = searcher.search(query, limit=page * page_size, filter=allowed,
                              sortedby=sortedby)
    # Slice, don't list(): list() asks len(), and Whoosh would count all matches again.
    return results[(page - 1) * page_size:page * page_size], page


def search(searcher: Searcher, query: str, *, library: str | None = None,
           lang: str | None = None, letter: str | None = None, page: int = 1,
           page_size: int = PAGE_SIZE, expander: Expander | None = None) -> SearchResult:
    """Ranked hits for ``query`` with facets, snippets, corrections and a danger notice.

    ``library``/``lang``/``letter`` filter like ``library:drug`` in the query (the
    arguments win). An empty query with filters lists those articles A–Z.
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

    final, docs = plan, _matching(searcher, plan.query, plan.exclude)
    showing_for = did_you_mean = None
    matched_all = True
    corrected = spelling.correct(searcher, parsed.words)
    fixed = ParsedQuery(" ".join(corrected), tuple(corrected), parsed.phrases,
                        parsed.excluded, parsed.filters) if corrected else None
    if not docs and fixed is not None:
        retry_plan = _plan(fixed, expander)
        retry_docs = _matching(searcher, retry_plan.query, retry_plan.exclude) \
            if retry_plan.query is not None else []
        if retry_docs:
            final, docs, showing_for = retry_plan, retry_docs, _display(fixed)
    all_words_total = None
    if not docs and plan.loose is not None:
        docs = _matching(searcher, plan.loose, plan.exclude)
        final = _Plan(plan.loose, None, plan.exclude, plan.keys, plan.section, plan.weak_keys)
        matched_all = False
    elif showing_for is None and 0 < len(docs) < page_size and plan.loose is not None:
        # Few articles have every word: list them first, then those with most of them,
        # rather than leave a question-shaped query with two answers.
        all_words_total = len(docs)
        docs = _matching(searcher, plan.loose, plan.exclude)
        final = _Plan(Or([_boosted(plan.query, ALL_WORDS_BOOST), plan.loose]), None,
                      plan.exclude, plan.keys, plan.section, plan.weak_keys)
    if docs and showing_for is None and fixed is not None:
        did_you_mean = _display(fixed)

    counts, allowed = _facets(searcher, docs, filters)
    total, hits, current = len(allowed), [], page
    if total:
        results, current = _page(searcher, final.query, allowed, page, page_size)
        hits = [_hit(r, final.keys, final.section, final.weak_keys) for r in results]
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


def _hit(result, keys: set[str], section: str | None,
         weak_keys: frozenset[str] = frozenset()) -> Hit:
    fields = result.fields()
    snip = snippets.snippet(fields, keys, section, weak_keys)
    return Hit(id=fields["id"], title=fields["title"], library=fields["library"],
               lang=fields["lang"], snippet=snip.html, url=fields.get("url", ""),
               score=result.score or 0.0, title_bn=fields.get("title_bn", ""),
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
    docs = _matching(searcher, Every(), None)
    counts, allowed = _facets(searcher, docs, filters)
    total, hits = len(allowed), []
    if total:
        results, page = _page(searcher, Every(), allowed, page, page_size, "title_sort")
        hits = [_hit(r, set(), None) for r in results]
    return _result(text, filters, page, page_size, total=total, hits=hits, counts=counts,
                   notice=notice, notes=notes)
