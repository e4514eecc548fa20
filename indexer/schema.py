"""The index schema: what each field holds and why.

Every text field uses ``analyzers.text_analyzer()``: ICU words, each routed through the
English or the Bangla chain by its script, because English articles carry Bangla notes and
glosses and readers type either. Boosts are not baked into fields: the search engine weighs
fields at query time, so weights can be tuned without a reindex.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime, time

from whoosh.fields import DATETIME, ID, STORED, TEXT, Schema

from analyzers import text_analyzer
from corpus.article import Article

# Bump when fields change; with analyzers.ANALYSIS_VERSION it decides whether an index on
# disk can be read by this code.
SCHEMA_VERSION = 1


def build_schema() -> Schema:
    analyzer = text_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),          # the article's slug; updates replace by it
        library=ID(stored=True),                  # facet and filter: disease|drug|lab-test|cancer
        lang=ID(stored=True),                     # facet: en|bn (language of the article body)
        letter=ID(stored=True),                   # A–Z browse; "#" for titles not starting A–Z
        title=TEXT(analyzer=analyzer, stored=True),
        title_sort=ID(sortable=True),             # casefolded title, to list a library A–Z
        aka=TEXT(analyzer=analyzer, stored=True),  # also-known-as names: a lay or old name
        summary=TEXT(analyzer=analyzer, stored=True),
        body=TEXT(analyzer=analyzer),             # all sections, headings included
        glossary=TEXT(analyzer=analyzer, stored=True),  # terms with English and Bangla glosses
        bangla_note=TEXT(analyzer=analyzer, stored=True),
        url=STORED(),
        updated=DATETIME(stored=True, sortable=True),
    )


def title_letter(title: str) -> str:
    """The A–Z letter a title is filed under: ``Ébola`` -> ``E``, ``5-FU`` -> ``#``."""
    first = unicodedata.normalize("NFKD", title.strip()[:1]).upper()[:1]
    return first if "A" <= first <= "Z" else "#"


def document(article: Article) -> dict:
    """The fields of one article as Whoosh expects them."""
    doc = {
        "id": article.id,
        "library": article.library,
        "lang": article.lang,
        "letter": title_letter(article.title),
        "title": article.title,
        "title_sort": unicodedata.normalize("NFKD", article.title).casefold(),
        "aka": "\n".join(article.also_known_as),
        "summary": article.summary,
        "body": article.body_text,
        "glossary": "\n".join(f"{g.term}: {g.en} {g.bn}".strip() for g in article.glossary),
        "bangla_note": article.bangla_note or "",
        "url": article.url or "",
    }
    if article.updated:
        doc["updated"] = datetime.combine(article.updated, time())
    return doc
