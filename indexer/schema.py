"""The index schema: what each field holds and why.

Text fields use ``analyzers.text_analyzer()``: ICU words, each routed through the English
or the Bangla chain by its script, because English articles carry Bangla notes and glosses
and readers type either. Field weights (title and other names first, then glossary and
headings, then body) are applied at query time by the search engine, not baked in here, so
they can be tuned on the dev set without a reindex.

| field | kind | why |
|---|---|---|
| id | ID, unique, stored, column | the article's slug; updates and deletions go by it |
| content_hash | column | digest of the article; incremental reindex compares it |
| library | ID, stored, column | facet and filter: disease, drug, lab-test, cancer |
| lang | ID, stored, column | language of the article body (en, bn) |
| read_in | ID, stored, column | facet and filter: what a reader can read it in (``READ_IN``): |
| | | its own language, and ``bn`` for an English article with a Bangla title or note |
| letter | ID, stored, column | A–Z browse: first letter of the title, ``#`` for others |
| title_sort | ID, column | ICU collation key of the title: A–Z lists sort as readers expect |
| title | TEXT, stored | the title: the strongest evidence of what an article is about |
| title_bn | TEXT, stored | the Bangla name of the topic, when given |
| aka | TEXT, stored | also-known-as names ("leptomeningeal carcinomatosis") |
| names | KEYWORD | each name (title, Bangla title, other names) whole, as its analysed key, |
| | | and without / only its bracketed part ("RMSF"): exact names, spotted names |
| | | sequence ("lupus"; "system lupus erythematosus"): a query that is exactly a name |
| title_ac, title_bn_ac, aka_ac | TEXT (prefixes) | autocomplete: word prefixes of the |
| | | title, of the Bangla title and of the other names, apart: a title match ranks first |
| | | and a match on an other name is shown with that name |
| lead_ac | TEXT (prefixes) | autocomplete: prefixes of the first word of each title: |
| | | "Diabetic Retinopathy" comes before "Gestational Diabetes" for ``diab`` |
| suggest_order | column (fixed width) | autocomplete: title length, then A–Z: shorter first |
| spelling | TEXT (as written) | did-you-mean vocabulary: names, headings, summary, glossary |
| summary | TEXT, stored | the summary: result snippets fall back to it |
| headings | TEXT | section headings ("Symptoms of Lupus"): weighed above body |
| symptoms, causes, tests, treatment, side_effects | TEXT | section-aware body: a query |
| | | naming a section can favour the articles whose words are in that section |
| body | TEXT | every other section (definition, types, prevention, FAQ, ...) |
| glossary | TEXT | glossary terms with English and Bangla definitions |
| bangla_note | TEXT, stored | the Bangla patient note |
| sections | STORED | headings, kinds and text, for snippets and the article preview |
| glossary_entries, references | STORED | shown with the article |
| also_known_as, url, source | STORED | shown with the article |
| glossary_pairs | column | (term, Bangla gloss) pairs for query expansion, read without |
| | | loading stored fields |
| passage_keys | column | per article, the analysed keys of each snippet passage with their |
| | | words' offsets (``indexer.passages``): snippets mark them without analysing text |
| updated | DATETIME, stored, sortable | "recently updated" ordering |
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, time
from functools import cache

import icu
from whoosh import columns
from whoosh.fields import COLUMN, DATETIME, ID, KEYWORD, STORED, TEXT, Schema

from analyzers import (
    autocomplete_analyzer,
    keys,
    spelling_analyzer,
    text_analyzer,
    text_keys,
)
from corpus.article import Article
from indexer import passages

# Bump when fields change; with analyzers.ANALYSIS_VERSION it decides whether an index on
# disk can be read by this code.
SCHEMA_VERSION = 9  # 6: autocomplete fields; 7: read_in; 8: passage_keys (snippet keys);
#                   9: passage_keys as arrays, content_hash a column only

# Section kinds (corpus.article.SECTION_KINDS) -> the field their text goes to.
SECTION_FIELDS: dict[str, str] = {
    "symptoms": "symptoms",
    "causes": "causes", "risk-factors": "causes", "inheritance": "causes",
    "diagnosis": "tests", "preparation": "tests", "procedure": "tests", "results": "tests",
    "treatment": "treatment", "medications": "treatment", "dosage": "treatment",
    "uses": "treatment",
    "side-effects": "side_effects", "warnings": "side_effects", "interactions": "side_effects",
    "risks": "side_effects",
}


@dataclass(frozen=True, slots=True)
class TextField:
    """One analysed text field, and which parts of the engine read it.

    ``kind``: ``name`` (what the article is called), ``section`` (the text of the section
    kinds of SECTION_FIELDS: a query can name them), ``body`` (any other text).
    ``weight``: its BM25F weight at query time (tuned with bench/relevance.py on
    ../shared/eval/medquad-dev-queries.jsonl: the names of a topic say most about an
    article, then its headings, glossary and summary, then its body).
    ``related``: ``text`` where one article's mentions of another are looked for and whose
    words describe it; ``similar`` only matched against those words; None: neither.
    """

    name: str
    kind: str
    weight: float
    stored: bool = False     # kept whole for display and snippets
    spelling: bool = True    # a word found here is a real word of the library, not a typo
    stats: bool = True       # its terms are counted by ``rxsearch stats``
    snippet: bool = False    # result snippets are cut from its stored text
    related: str | None = None


TEXT_FIELDS: tuple[TextField, ...] = (
    TextField("title", "name", 12.0, stored=True, related="similar"),
    TextField("title_bn", "name", 10.0, stored=True),
    TextField("aka", "name", 8.0, stored=True, related="similar"),
    TextField("headings", "body", 2.0, related="similar"),
    TextField("glossary", "body", 1.5, snippet=True),
    TextField("summary", "body", 1.5, stored=True, related="text"),
    TextField("bangla_note", "body", 1.2, stored=True, snippet=True),
    *(TextField(name, "section", 1.0, snippet=True, related="text")
      for name in dict.fromkeys(SECTION_FIELDS.values())),
    TextField("body", "body", 1.0, snippet=True, related="text"),
)
FIELDS: dict[str, TextField] = {f.name: f for f in TEXT_FIELDS}


def field_names(**wanted: object) -> tuple[str, ...]:
    """Names of the text fields whose attributes have the given values, in registry order.

    >>> field_names(kind="name")
    ('title', 'title_bn', 'aka')
    """
    return tuple(f.name for f in TEXT_FIELDS
                 if all(getattr(f, attr) == value for attr, value in wanted.items()))


# Where an article's section texts go: one field per section kind of SECTION_FIELDS, and
# "body" for every other section.
BODY_FIELDS: tuple[str, ...] = (*field_names(kind="section"), "body")


# The autocomplete fields (word prefixes, see analyzers.autocomplete_analyzer): each kind of
# name apart, so a suggestion can say which one the typed words start.
AC_FIELDS: tuple[str, ...] = ("title_ac", "title_bn_ac", "aka_ac", "lead_ac")


def build_schema() -> Schema:
    text = text_analyzer()
    fields = {
        "id": ID(stored=True, unique=True, sortable=True),
        # Read by the reindex job from its column, never searched: no term per article.
        "content_hash": COLUMN(columns.VarBytesColumn()),
        "library": ID(stored=True, sortable=True),
        "lang": ID(stored=True, sortable=True),
        "read_in": ID(stored=True, sortable=True),
        "letter": ID(stored=True, sortable=True),
        "title_sort": ID(sortable=True),
        **{f.name: TEXT(analyzer=text, stored=f.stored) for f in TEXT_FIELDS},
        "names": KEYWORD(commas=True, scorable=True),
        **{name: TEXT(analyzer=autocomplete_analyzer(), phrase=False) for name in AC_FIELDS},
        "suggest_order": COLUMN(columns.FixedBytesColumn(SUGGEST_ORDER_BYTES)),
        "spelling": TEXT(analyzer=spelling_analyzer(), phrase=False),
        "sections": STORED(),
        "glossary_entries": STORED(),
        "references": STORED(),
        "also_known_as": STORED(),
        "url": STORED(),
        "source": STORED(),
        "glossary_pairs": COLUMN(columns.VarBytesColumn()),
        passages.FIELD: COLUMN(columns.VarBytesColumn()),  # compressed by passages.encode
        "updated": DATETIME(stored=True, sortable=True),
    }
    return Schema(**fields)


LETTERS: tuple[str, ...] = tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZ#")  # what title_letter files under
# What ``read_in`` holds: the languages an article can be read in, in LANGUAGES order.
READ_IN: tuple[str, ...] = ("en", "bn", "en bn")


def read_in(article: Article) -> str:
    """The languages a reader finds the article in: its own, and Bangla when an English
    article has a Bangla title or patient note (what the results show beside it). Glossary
    glosses do not count: a few Bangla words at the end of an English article are not
    something to read in Bangla.

    >>> read_in(Article("fever", "Fever", "disease", "A fever is ...", title_bn="জ্বর"))
    'en bn'
    """
    if article.lang == "bn" or not (article.title_bn or article.bangla_note):
        return article.lang
    return f"{article.lang} bn"


def title_letter(title: str) -> str:
    """The A–Z letter a title is filed under: ``Ébola`` -> ``E``, ``5-FU`` -> ``#``."""
    first = unicodedata.normalize("NFKD", title.strip()[:1]).upper()[:1]
    return first if "A" <= first <= "Z" else "#"


@cache
def _collator() -> icu.Collator:
    collator = icu.Collator.createInstance(icu.Locale("en_US"))
    collator.setStrength(icu.Collator.SECONDARY)  # case does not sort, accents do (rarely)
    return collator


def title_sort_key(title: str) -> str:
    """A string whose byte order is ICU's collation order of ``title`` (case and accents
    folded, digits before letters, Bangla after Latin)."""
    return _collator().getSortKey(title).hex()


def name_key(name: str) -> str:
    """A name as one exact-match key: its analysed words joined by spaces (never commas:
    ICU words hold none), so "Systemic Lupus Erythematosus" is "system lupus erythematosus"
    and matches a query of exactly those words in any case, spelling form or plural."""
    return " ".join(keys(name))


def lead_word(name: str) -> str:
    """The first word of a name that the analysis keeps (stop words skipped), as written:
    what ``lead_ac`` holds the prefixes of.

    >>> lead_word("The Common Cold"), lead_word("টাইপ ২ ডায়াবেটিস")
    ('Common', 'টাইপ')
    """
    for start, end, _ in text_keys(name):
        return name[start:end]
    return ""


SUGGEST_ORDER_BYTES = 32


def suggest_order(title: str) -> bytes:
    """The sort key of a title among suggestions of one tier: shorter titles first (the
    general topic before its special cases: "Diabetes" before "Diabetes Insipidus"), then
    ICU's A–Z order, so equal lengths come out the same way every time.

    Fixed-width (its length, then the start of ICU's collation key): Whoosh reads a value of
    a fixed-width column where it lies, but opening a variable-width column for sorting reads
    an offset for every document of the index, on every search.
    """
    key = f"{min(len(title), 999):03d}".encode() + _collator().getSortKey(title)
    return key[:SUGGEST_ORDER_BYTES].ljust(SUGGEST_ORDER_BYTES, b"\0")


_BRACKETED = re.compile(r"\s*\(([^()]*)\)")


def name_variants(name: str) -> list[str]:
    """A name, and for a name with a bracketed part, the name without it and the part alone:
    "Rocky Mountain Spotted Fever (RMSF)" is also "Rocky Mountain Spotted Fever" and "RMSF".

    >>> name_variants("Rocky Mountain Spotted Fever (RMSF)")
    ['Rocky Mountain Spotted Fever (RMSF)', 'Rocky Mountain Spotted Fever', 'RMSF']
    """
    found = [name]
    if "(" in name:
        found.append(_BRACKETED.sub("", name).strip())
        found += [part.strip() for part in _BRACKETED.findall(name)]
    return [n for n in found if n]


def glossary_pairs(article: Article) -> list[tuple[str, str]]:
    return [(g.term, g.bn) for g in article.glossary if g.bn]


def document(article: Article) -> dict:
    """The fields of one article as Whoosh expects them."""
    parts: dict[str, list[str]] = {name: [] for name in BODY_FIELDS}
    for section in article.sections:
        parts[SECTION_FIELDS.get(section.kind, "body")].append(section.text)
    doc = {
        "id": article.id,
        "content_hash": article.content_hash.encode("ascii"),
        "library": article.library,
        "lang": article.lang,
        "read_in": read_in(article),
        "letter": title_letter(article.title),
        "title_sort": title_sort_key(article.title),
        "title": article.title,
        "title_bn": article.title_bn or "",
        "aka": "\n".join(article.also_known_as),
        "names": ",".join(sorted({k for name in [article.title, article.title_bn or "",
                                                 *article.also_known_as]
                                  for k in map(name_key, name_variants(name)) if k})),
        "title_ac": article.title,
        "title_bn_ac": article.title_bn or "",
        "aka_ac": "\n".join(article.also_known_as),
        "lead_ac": "\n".join([lead_word(article.title), lead_word(article.title_bn or "")]),
        "suggest_order": suggest_order(article.title),
        "spelling": "\n".join([article.title, article.title_bn or "", *article.also_known_as,
                                *(s.heading for s in article.sections), article.summary,
                                *(g.term for g in article.glossary)]),
        "summary": article.summary,
        "headings": "\n".join(s.heading for s in article.sections if s.heading),
        "glossary": "\n".join(f"{g.term}: {g.en} {g.bn}".strip() for g in article.glossary),
        "bangla_note": article.bangla_note or "",
        "sections": [{"heading": s.heading, "kind": s.kind, "text": s.text}
                     for s in article.sections],
        "glossary_entries": [{"term": g.term, "en": g.en, "bn": g.bn}
                             for g in article.glossary],
        "references": list(article.references),
        "also_known_as": list(article.also_known_as),
        "url": article.url or "",
        "source": article.source or "",
        "glossary_pairs": json.dumps(glossary_pairs(article), ensure_ascii=False).encode(),
    }
    doc[passages.FIELD] = passages.encode(doc)  # from the stored fields snippets will read
    # After encode(), which analysed the sections: their fields reuse those words.
    doc.update((name, passages.joined(texts)) for name, texts in parts.items())
    if article.updated:
        doc["updated"] = datetime.combine(article.updated, time())
    return doc
