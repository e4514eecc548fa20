"""Turn loosely typed records into checked :class:`Article` values, with precise errors.

Every importer reduces its input to a plain record (a dict in the canonical JSON form, see
``Article.to_record``) and calls :func:`article_from_record`. A problem raises
:class:`ArticleError` naming the field; the importer adds where it happened (file, line or
article) and reports a :class:`Rejection` instead of stopping the batch.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from corpus.article import (
    LANGUAGES,
    LIBRARIES,
    Article,
    GlossaryTerm,
    Section,
    record_digest,
    section_kind,
)

log = logging.getLogger(__name__)

# A whole medical article is a few thousand words; anything past this is a broken export
# (a base64 image pasted into the body, a page concatenated with itself) and would bloat
# the index and every snippet computed from it.
MAX_ARTICLE_CHARS = 400_000
MAX_TITLE_CHARS = 300
SUMMARY_CHARS = 300

_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$")
_URL_PATTERN = re.compile(r"^https?://[^\s\ud800-\udfff]+$")
_BENGALI_LETTER = re.compile(r"[\u0985-\u09B9\u09CE\u09DC-\u09DF]")
# C0/C1 control characters other than tab and newline never belong in article text, nor do
# lone UTF-16 surrogates: JSON may spell them ("\ud83d" without its pair), UTF-8 cannot
# encode them, and the index writer would fail on them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

_LIBRARY_ALIASES: dict[str, str] = {
    "disease": "disease", "diseases": "disease", "condition": "disease",
    "conditions": "disease", "conditions & diseases": "disease",
    "conditions and diseases": "disease",
    "drug": "drug", "drugs": "drug", "medicine": "drug", "medicines": "drug",
    "medication": "drug", "medications": "drug",
    "lab-test": "lab-test", "lab test": "lab-test", "lab tests": "lab-test",
    "lab-tests": "lab-test", "labtest": "lab-test", "labtests": "lab-test", "test": "lab-test",
    "tests": "lab-test", "tests & investigations": "lab-test",
    "tests and investigations": "lab-test",
    "cancer": "cancer", "cancers": "cancer", "cancer knowledge": "cancer", "oncology": "cancer",
}


class ArticleError(ValueError):
    """A record cannot become an article; ``field`` names the culprit."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True, slots=True)
class Rejection:
    """One article (or one unreadable piece of input) that was not imported, and why."""

    source: str
    location: str
    message: str
    article_id: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        return _located(self.source, self.location, self.article_id, self.message)

    def to_dict(self) -> dict:
        return {"source": self.source, "location": self.location, "article_id": self.article_id,
                "field": self.field, "message": self.message}


@dataclass(frozen=True, slots=True)
class ArticleWarning:
    """Something an importer had to guess or drop while reading an article it still passed
    on (or rejected for another reason): the reindex report and ``rxsearch validate`` show
    it, so broken input is fixed at the source instead of losing text quietly.

    >>> str(ArticleWarning("typhoid.html", "", "<h2> 'Symptoms' ran on", "typhoid"))
    "typhoid.html [typhoid]: <h2> 'Symptoms' ran on"
    """

    source: str
    location: str
    message: str
    article_id: str | None = None

    def __str__(self) -> str:
        return _located(self.source, self.location, self.article_id, self.message)

    def to_dict(self) -> dict:
        return {"source": self.source, "location": self.location, "article_id": self.article_id,
                "message": self.message}


def _located(source: str, location: str, article_id: str | None, message: str) -> str:
    where = f"{source}, {location}" if location else source
    who = f" [{article_id}]" if article_id else ""
    return f"{where}{who}: {message}"


def record_id(record: object) -> str | None:
    """The record's id when it is a usable one, for reports; None for anything else.

    A rejection without an id stops an incremental run from deleting anything (see
    ``indexer.build``), which is what a record whose id cannot be read should do.

    >>> record_id({"id": " dengue "}), record_id({"id": ["dengue"]}), record_id([1])
    ('dengue', None, None)
    """
    value = record.get("id") if isinstance(record, Mapping) else None
    if isinstance(value, str) and _ID_PATTERN.match(value.strip()):
        return value.strip()
    return None


def shown(value: object, limit: int = 60) -> str:
    """``repr`` of a value for a message, cut short: a rejected field may be megabytes.

    >>> shown("x" * 100, limit=5)
    "'xxxxx'…"
    """
    if isinstance(value, str) and len(value) > limit:
        return repr(value[:limit]) + "…"
    text = repr(value)
    return text if len(text) <= limit + 2 else text[:limit] + "…"


def library_from_label(label: str) -> str | None:
    """Map a library name, slug or WordPress category to one of LIBRARIES.

    >>> library_from_label("Tests & Investigations")
    'lab-test'
    """
    key = re.sub(r"\s+", " ", label.strip().lower().replace("_", " "))
    return _LIBRARY_ALIASES.get(key) or _LIBRARY_ALIASES.get(key.replace("-", " "))


_BLANK_LINES = re.compile(r"\n{3,}")


def clean_text(value: str) -> str:
    """NFC, no control characters, single spaces, no spaces around line ends, no runs of
    blank lines. Runs over every section of every article: str.split does the spacing in C,
    several times faster than a regex."""
    value = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    if not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    lines = [" ".join(line.split()) for line in value.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def one_line(value: str) -> str:
    return " ".join(clean_text(value).split())


def make_summary(text: str, limit: int = SUMMARY_CHARS) -> str:
    """The first ``limit`` characters of ``text``, cut at a word boundary."""
    text = one_line(text)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + " …"


def slugify(text: str) -> str:
    """A stable id from a title or URL path: ``Typhoid Fever`` -> ``typhoid-fever``."""
    slug = re.sub(r"[^a-z0-9]+", "-", unicodedata.normalize("NFKD", text).lower()).strip("-")
    return slug[:200]


def _string(record: Mapping, name: str, *, required: bool = False) -> str | None:
    value = record.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ArticleError(name, "missing or empty")
        return None
    if not isinstance(value, str):
        raise ArticleError(name, f"expected text, got {type(value).__name__}")
    return value


def _string_list(record: Mapping, name: str) -> list[str]:
    value = record.get(name)
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise ArticleError(name, f"expected a list of text, got {type(value).__name__}")
    out = []
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise ArticleError(f"{name}[{i}]", f"expected text, got {type(item).__name__}")
        if item.strip():
            out.append(one_line(item))
    return out


def _library(record: Mapping) -> str:
    raw = _string(record, "library", required=True)
    library = library_from_label(raw)
    if library is None:
        raise ArticleError(
            "library", f"unknown library {shown(raw)} (expected one of {', '.join(LIBRARIES)})")
    return library


def _updated(record: Mapping) -> date | None:
    value = record.get("updated")
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip().replace("Z", "+00:00")
        try:
            return datetime.fromisoformat(text).date()
        except ValueError:
            pass
    raise ArticleError("updated", f"not an ISO date: {shown(value)} (expected e.g. 2026-03-01)")


def _sections(record: Mapping) -> list[Section]:
    raw = record.get("sections")
    if raw is None:
        body = _string(record, "body")
        return [Section("", "other", clean_text(body))] if body and clean_text(body) else []
    if not isinstance(raw, list):
        raise ArticleError("sections", f"expected a list, got {type(raw).__name__}")
    sections = []
    for i, item in enumerate(raw):
        if not isinstance(item, Mapping):
            raise ArticleError(f"sections[{i}]", "expected an object with heading and text")
        text = item.get("text")
        if not isinstance(text, str):
            raise ArticleError(f"sections[{i}].text", "missing or not text")
        heading = item.get("heading")
        heading = "" if heading is None else heading
        hint = item.get("kind")
        if not isinstance(heading, str) or (hint is not None and not isinstance(hint, str)):
            raise ArticleError(f"sections[{i}]", "heading and kind must be text")
        text = clean_text(text)
        if text:
            sections.append(Section(one_line(heading), section_kind(heading, hint), text))
    return sections


def _glossary(record: Mapping) -> list[GlossaryTerm]:
    raw = record.get("glossary")
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ArticleError("glossary", f"expected a list, got {type(raw).__name__}")
    terms = []
    for i, item in enumerate(raw):
        if not isinstance(item, Mapping):
            raise ArticleError(f"glossary[{i}]", "expected an object with term, en and bn")
        term = item.get("term")
        en, bn = item.get("en"), item.get("bn")
        en, bn = "" if en is None else en, "" if bn is None else bn
        if not isinstance(term, str) or not term.strip():
            raise ArticleError(f"glossary[{i}].term", "missing or empty")
        if not isinstance(en, str) or not isinstance(bn, str):
            raise ArticleError(f"glossary[{i}]", "en and bn must be text")
        if not en.strip() and not bn.strip():
            raise ArticleError(f"glossary[{i}]", f"term {shown(term)} has no definition")
        if bn.strip() and not _BENGALI_LETTER.search(bn):
            raise ArticleError(f"glossary[{i}].bn", f"no Bengali script in {shown(bn, 40)}")
        terms.append(GlossaryTerm(one_line(term), one_line(en), one_line(bn)))
    return terms


def _references(record: Mapping) -> list[str]:
    raw = record.get("references")
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ArticleError("references", f"expected a list, got {type(raw).__name__}")
    refs = []
    for i, item in enumerate(raw):
        if isinstance(item, Mapping):
            parts = [item.get(k) for k in ("title", "url") if item.get(k) is not None]
            item = " ".join(parts) if all(isinstance(p, str) for p in parts) else None
        if not isinstance(item, str):
            raise ArticleError(f"references[{i}]", "expected text or {title, url}")
        if item.strip():
            refs.append(one_line(item))
    return refs


def _dedupe(values: Iterable[str], *, exclude: str = "") -> tuple[str, ...]:
    seen = {exclude.casefold()}
    out = []
    for value in values:
        if value.casefold() not in seen:
            seen.add(value.casefold())
            out.append(value)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Unchanged:
    """A record the caller already has, by id and digest: read, but not validated again."""

    article_id: str
    source: str
    location: str = field(default="", compare=False)  # "line 12"


def article_from_record(record: object, *, source: str | None = None,
                        digest: str | None = None, location: str = "") -> Article:
    """Check a canonical record and build the article, or raise :class:`ArticleError`.

    Accepts the MedQuAD form of ``../shared/corpus`` as is: ``source_url`` for ``url``,
    ``synonyms`` beside ``also_known_as``, ``body`` when there are no sections.

    Whatever the record holds, the only exception is :class:`ArticleError`: one record must
    never stop a batch, so a failure the checks below did not foresee (a bug) is logged
    with its traceback and becomes an error about the whole record.
    """
    try:
        return _article_from_record(record, source=source, digest=digest, location=location)
    except ArticleError:
        raise
    except Exception as err:
        log.exception("unexpected failure while checking a record")
        raise ArticleError("record", f"could not be checked: {type(err).__name__}: "
                           f"{shown(str(err), 200)} (a bug in rxsearch; the log has the "
                           f"details)") from err


def _article_from_record(record: object, *, source: str | None,
                         digest: str | None, location: str) -> Article:
    if not isinstance(record, Mapping):
        raise ArticleError("record", f"expected a JSON object, got {type(record).__name__}")
    article_id = _string(record, "id", required=True).strip()
    if not _ID_PATTERN.match(article_id):
        raise ArticleError("id", f"{shown(article_id)} is not a slug (letters, digits, . _ : -)")
    title = one_line(_string(record, "title", required=True))
    if not title:
        raise ArticleError("title", "empty once control characters are removed")
    if len(title) > MAX_TITLE_CHARS:
        raise ArticleError("title", f"{len(title)} characters, more than {MAX_TITLE_CHARS}")
    library = _library(record)
    title_bn = _string(record, "title_bn")
    title_bn = one_line(title_bn) if title_bn else None
    if title_bn and not _BENGALI_LETTER.search(title_bn):
        raise ArticleError("title_bn", f"no Bengali script in {shown(title_bn, 40)}")
    lang = (_string(record, "lang") or "en").strip().lower()
    if lang not in LANGUAGES:
        raise ArticleError("lang", f"unknown language {shown(lang)} (expected one of en, bn)")
    url = _string(record, "url") or _string(record, "source_url")
    if url and not _URL_PATTERN.match(url.strip()):
        raise ArticleError("url", f"not an http(s) URL: {shown(url, 80)}")

    sections = _sections(record)
    summary = clean_text(_string(record, "summary") or "")
    if not sections and not summary:
        raise ArticleError("body", "empty: no summary and no section text")
    if not summary:
        summary = make_summary(sections[0].text)
    bangla_note = _string(record, "bangla_note")
    bangla_note = clean_text(bangla_note) if bangla_note else None
    if bangla_note and not _BENGALI_LETTER.search(bangla_note):
        raise ArticleError("bangla_note", "has no Bengali script")
    glossary = _glossary(record)
    also_known_as = _dedupe(
        _string_list(record, "also_known_as") + _string_list(record, "synonyms"), exclude=title)
    references = _references(record)
    own_source = _string(record, "source")
    own_source = one_line(own_source) if own_source else None

    size = len(summary) + sum(len(s.text) + len(s.heading) for s in sections)
    size += len(bangla_note or "") + sum(len(g.term) + len(g.en) + len(g.bn) for g in glossary)
    size += sum(map(len, also_known_as)) + sum(map(len, references)) + len(own_source or "")
    if size > MAX_ARTICLE_CHARS:
        raise ArticleError(
            "body", f"huge document: {size:,} characters, more than {MAX_ARTICLE_CHARS:,}")

    return Article(
        id=article_id,
        title=title,
        library=library,
        summary=summary,
        sections=tuple(sections),
        lang=lang,
        url=url.strip() if url else None,
        updated=_updated(record),
        also_known_as=also_known_as,
        bangla_note=bangla_note,
        glossary=tuple(glossary),
        references=tuple(references),
        title_bn=title_bn,
        source=source or own_source,
        digest=digest or record_digest(dict(record)),
        location=location,
    )
