"""The article as the library publishes it: one typed, immutable value shared by every package.

Importers build articles through :func:`corpus.validate.article_from_record`, which checks
each field; the dataclasses here only hold values.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date

LIBRARIES: tuple[str, ...] = ("disease", "drug", "lab-test", "cancer")
LIBRARY_LABELS: dict[str, str] = {
    "disease": "Diseases",
    "drug": "Drugs",
    "lab-test": "Lab Tests",
    "cancer": "Cancer",
}
LANGUAGES: tuple[str, ...] = ("en", "bn")

# Normalised section kinds. Search weighs and reports matches by kind ("in Symptoms: ..."),
# so every heading the library or an importer produces maps onto one of these.
SECTION_KINDS: tuple[str, ...] = (
    "definition", "types", "causes", "risk-factors", "symptoms", "diagnosis", "treatment",
    "medications", "uses", "dosage", "side-effects", "warnings", "interactions",
    "preparation", "procedure", "results", "risks", "prevention", "outlook",
    "complications", "inheritance", "frequency", "research", "faq", "other",
)
SECTION_LABELS: dict[str, str] = {
    "definition": "Definition", "types": "Types", "causes": "Causes",
    "risk-factors": "Risk factors", "symptoms": "Symptoms", "diagnosis": "Diagnosis and tests",
    "treatment": "Treatment", "medications": "Medicines", "uses": "Uses", "dosage": "Dosage",
    "side-effects": "Side effects", "warnings": "Warnings", "interactions": "Interactions",
    "preparation": "Preparation", "procedure": "Procedure", "results": "Results",
    "risks": "Risks", "prevention": "Prevention", "outlook": "Outlook",
    "complications": "Complications", "inheritance": "Inheritance", "frequency": "Frequency",
    "research": "Research", "faq": "FAQ", "other": "Other",
}

# First matching rule wins; order matters ("side effects of the treatment" is side-effects,
# "tests for diabetes" is diagnosis, "medicines used in treatment" is medications).
_KIND_RULES: tuple[tuple[str, str], ...] = (
    ("faq", r"\bfaq\b|frequently asked|common questions|প্রশ্ন"),
    ("side-effects", r"side[- ]?effects?|adverse|পার্শ্বপ্রতিক্রিয়া"),
    ("interactions", r"interact"),
    ("warnings", r"warning|precaution|caution|who should not|contraindicat|safety"),
    ("dosage", r"\bdos(e|es|age|ing)\b|how to take|how much"),
    ("uses", r"\buses?\b|used for|indications?"),
    ("preparation", r"prepar|before the test|fasting instructions"),
    ("procedure", r"procedure|how (is )?the test (is )?done|how it is done|during the test"),
    ("results", r"results?|normal (range|values?)|reference range|what .* mean"),
    ("risk-factors", r"risk factors?|who (is|are) at risk|susceptib"),
    ("risks", r"\brisks?\b"),
    ("medications", r"medicat|medicines?|drugs?\b|ওষুধ"),
    ("symptoms", r"symptom|signs?\b|লক্ষণ|উপসর্গ"),
    ("diagnosis", r"diagnos|exams? and tests?|tests?\b|screening|investigation|পরীক্ষা"),
    ("treatment", r"treat|therap|management|care\b|চিকিৎসা"),
    ("causes", r"cause|why .* happen|genetic changes|কারণ"),
    ("types", r"\btypes?\b|kinds?\b|stages?\b|forms? of"),
    ("prevention", r"prevent|protect|প্রতিরোধ"),
    ("outlook", r"outlook|prognosis|recovery|living with"),
    ("complications", r"complication"),
    ("inheritance", r"inherit"),
    ("frequency", r"frequen|how common|how many people"),
    ("research", r"research|clinical trial"),
    ("definition", r"definition|what (is|are)|overview|about\b|information|introduction|সম্পর্কে"),
)
_KIND_PATTERNS = tuple((kind, re.compile(rule, re.IGNORECASE)) for kind, rule in _KIND_RULES)


def section_kind(heading: str | None, hint: str | None = None) -> str:
    """Normalise a section heading (or a source's own kind label) to one of SECTION_KINDS.

    >>> section_kind("What are the signs and symptoms of Lupus ?")
    'symptoms'
    >>> section_kind(None, hint="exams and tests")
    'diagnosis'
    """
    for text in (hint, heading):
        if not text:
            continue
        cleaned = text.strip().lower()
        if cleaned in SECTION_KINDS:
            return cleaned
        for kind, pattern in _KIND_PATTERNS:
            if pattern.search(cleaned):
                return kind
    return "other"


def record_digest(record: dict) -> str:
    """A stable digest of a record (key order and provenance do not count)."""
    record = {k: v for k, v in record.items() if k != "source"}
    text = json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      default=str)
    # surrogatepass: a lone surrogate (JSON can spell one) must not crash the digest; the
    # bytes of every valid string are the same as with plain UTF-8.
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def bytes_digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class Section:
    """A headed block of an article; ``kind`` is the normalised heading."""

    heading: str
    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class GlossaryTerm:
    """A medical term used in an article, with an English definition and a Bangla gloss."""

    term: str
    en: str
    bn: str = ""


@dataclass(frozen=True, slots=True)
class Article:
    """One article of the library (see DESIGN.md, "The article")."""

    id: str
    title: str
    library: str
    summary: str
    sections: tuple[Section, ...] = ()
    lang: str = "en"
    url: str | None = None
    updated: date | None = None
    also_known_as: tuple[str, ...] = ()
    bangla_note: str | None = None
    glossary: tuple[GlossaryTerm, ...] = ()
    references: tuple[str, ...] = ()
    title_bn: str | None = None  # the topic's Bangla name, when the library gives one
    source: str | None = field(default=None, compare=False)
    # Digest of the input record the article was read from (see content_hash).
    digest: str = field(default="", compare=False)
    # Where in its file the record was ("line 12", "record 3"), for messages.
    location: str = field(default="", compare=False)

    @property
    def body_text(self) -> str:
        """All section text, headings included, as one string."""
        return "\n\n".join(f"{s.heading}\n{s.text}" if s.heading else s.text for s in self.sections)

    @property
    def content_hash(self) -> str:
        """What the reindex job compares to tell changed articles from unchanged ones: the
        digest of the input record when an importer set one (a JSON Lines line's bytes, so
        an unchanged line can be skipped before it is even validated), else a digest of
        the article's canonical record."""
        return self.digest or record_digest(self.to_record())

    def to_record(self) -> dict:
        """The canonical JSON form, the one the JSON Lines importer reads back."""
        record: dict = {
            "id": self.id,
            "title": self.title,
            "library": self.library,
            "lang": self.lang,
            "summary": self.summary,
            "sections": [{"heading": s.heading, "kind": s.kind, "text": s.text}
                         for s in self.sections],
        }
        if self.title_bn:
            record["title_bn"] = self.title_bn
        if self.url:
            record["url"] = self.url
        if self.updated:
            record["updated"] = self.updated.isoformat()
        if self.also_known_as:
            record["also_known_as"] = list(self.also_known_as)
        if self.bangla_note:
            record["bangla_note"] = self.bangla_note
        if self.glossary:
            record["glossary"] = [{"term": g.term, "en": g.en, "bn": g.bn} for g in self.glossary]
        if self.references:
            record["references"] = list(self.references)
        if self.source:
            record["source"] = self.source
        return record
