"""The words for the engine's codes, in English and Bangla: notes, section kinds, languages,
what was searched.

The engine returns codes (``Note("unknown_filter", "lib:x")``, ``matched_in="side-effects"``)
and the interface words them here, so the Bangla interface never shows an English note and
the CLI and the JSON API say the same thing as the pages. Flask-free: the CLI uses it too.
"""

from __future__ import annotations

from corpus.article import LIBRARY_LABELS, SECTION_KINDS, SECTION_LABELS
from search_app.query import Note
from search_app.results import Hit, Reading, SearchResult

_BANGLA_DIGITS = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")

NOTES: dict[str, dict[str, str]] = {
    "query_cut": {"en": "Your search was cut to its first {value} characters.",
                  "bn": "আপনার খোঁজ প্রথম {value}টি অক্ষর পর্যন্ত রাখা হয়েছে।"},
    "unmatched_quote": {"en": "An unmatched quote mark was ignored.",
                        "bn": "জোড়াহীন একটি উদ্ধৃতিচিহ্ন বাদ দেওয়া হয়েছে।"},
    "unknown_filter": {"en": "“{value}” is not a filter we know; searched as words.",
                       "bn": "“{value}” আমাদের জানা কোনো ফিল্টার নয়; শব্দ হিসেবে খোঁজা হয়েছে।"},
    "common_words_only": {
        "en": "Your search has only very common words; try a more specific word, such as the "
              "name of a disease, medicine or test.",
        "bn": "আপনার খোঁজে শুধু খুব সাধারণ শব্দ আছে; আরও নির্দিষ্ট শব্দ লিখুন, যেমন কোনো রোগ, "
              "ওষুধ বা পরীক্ষার নাম।"},
}

# What was searched, when the engine read the reader's words ({typed}, {bangla}, {english},
# {maker}): "jor — showing জ্বর (fever)", "Results for কোষ্ঠকাঠিন্য: constipation".
READINGS: dict[str, dict[str, str]] = {
    "lexicon": {"en": "Results for {typed}: {english}",
                "bn": "{typed}: ইংরেজিতেও খোঁজা হয়েছে {english}"},
    "loanword": {"en": "Results for {typed}: {english} (by its sound)",
                 "bn": "{typed}: উচ্চারণ মিলিয়ে খোঁজা হয়েছে {english}"},
    "romanised": {"en": "{typed} — showing {bangla} ({english})",
                  "bn": "{typed} — দেখানো হচ্ছে {bangla} ({english})"},
    "romanised_only": {"en": "{typed} — showing {bangla}",
                       "bn": "{typed} — দেখানো হচ্ছে {bangla}"},
    "brand": {"en": "{typed} is a brand of {english} ({maker}): showing {english}",
              "bn": "{typed} হলো {english}-এর একটি ব্র্যান্ড ({maker}): {english} দেখানো হচ্ছে"},
}

_SECTIONS_BN: dict[str, str] = {
    "definition": "সংজ্ঞা", "types": "ধরন", "causes": "কারণ", "risk-factors": "ঝুঁকির কারণ",
    "symptoms": "লক্ষণ", "diagnosis": "রোগ নির্ণয় ও পরীক্ষা", "treatment": "চিকিৎসা",
    "medications": "ওষুধ", "uses": "ব্যবহার", "dosage": "মাত্রা",
    "side-effects": "পার্শ্বপ্রতিক্রিয়া", "warnings": "সতর্কতা", "interactions": "মিথস্ক্রিয়া",
    "preparation": "প্রস্তুতি", "procedure": "পদ্ধতি", "results": "ফলাফল", "risks": "ঝুঁকি",
    "prevention": "প্রতিরোধ", "outlook": "ভবিষ্যৎ", "complications": "জটিলতা",
    "inheritance": "বংশগতি", "frequency": "কত সাধারণ", "research": "গবেষণা",
    "faq": "প্রশ্নোত্তর", "other": "অন্যান্য",
}
# Where a snippet can come from: every section kind, the Bangla note, the glossary.
SECTIONS: dict[str, dict[str, str]] = {
    **{kind: {"en": SECTION_LABELS[kind], "bn": _SECTIONS_BN[kind]} for kind in SECTION_KINDS},
    "bangla-note": {"en": "Bangla note", "bn": "বাংলা টীকা"},
    "glossary": {"en": "Glossary", "bn": "শব্দকোষ"},
}
# Languages are named in their own script, whatever the interface language.
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "bn": "বাংলা"}
# The language facet says what a reader can read (search_app.facets): ``bn`` is every article
# with Bangla in it (a Bangla article, or a Bangla title or note), not only those written in
# Bangla, and is labelled so, in the interface language.
LANGUAGE_FACET: dict[str, dict[str, str]] = {
    "en": {"en": "English", "bn": "English"},
    "bn": {"en": "Has Bangla", "bn": "বাংলা আছে"},
}
_LIBRARIES_BN = {"disease": "রোগ", "drug": "ওষুধ", "lab-test": "ল্যাব পরীক্ষা",
                 "cancer": "ক্যান্সার"}
LIBRARIES: dict[str, dict[str, str]] = {
    code: {"en": label, "bn": _LIBRARIES_BN[code]} for code, label in LIBRARY_LABELS.items()}


def digits(text: str, lang: str) -> str:
    """Digits as ``lang`` writes them: 12 or ১২."""
    return text.translate(_BANGLA_DIGITS) if lang == "bn" else text


def note_text(note: Note, lang: str = "en") -> str:
    """``Note("query_cut", "500")`` -> "Your search was cut to its first 500 characters."."""
    template = NOTES[note.id]
    value = digits(note.value, lang) if note.value.isdigit() else note.value
    return (template.get(lang) or template["en"]).format(value=value)


def section_label(kind: str, lang: str = "en") -> str:
    """``side-effects`` -> "Side effects" / "পার্শ্বপ্রতিক্রিয়া"."""
    labels = SECTIONS.get(kind, SECTIONS["other"])
    return labels.get(lang) or labels["en"]


def matched_label(hit: Hit, lang: str = "en") -> str | None:
    """Where a hit matched, for "in Symptoms:": the article's own heading for sections of
    no known kind; None when the snippet is the summary."""
    if hit.matched_in is None:
        return None
    if hit.matched_in == "other" and hit.matched_heading:
        return hit.matched_heading
    return section_label(hit.matched_in, lang)


def language_label(code: str, lang: str = "en") -> str:
    """A value of the language facet: ``bn`` -> "Has Bangla" / "বাংলা আছে"."""
    labels = LANGUAGE_FACET[code]
    return labels.get(lang) or labels["en"]


def reading_text(reading: Reading, lang: str = "en") -> str:
    """One "what was searched" line: ``jor — showing জ্বর (fever)``."""
    how = reading.how
    if how == "romanised" and not reading.english:
        how = "romanised_only"
    template = READINGS[how]
    english = ", ".join(reading.english[:3])
    if reading.how == "brand":
        english = reading.english[0] if reading.english else ""
    return (template.get(lang) or template["en"]).format(
        typed=reading.typed, bangla=reading.bangla or "", english=english,
        maker=reading.manufacturer or "")


def worded(result: SearchResult, lang: str = "en") -> dict:
    """``result.to_dict()`` with the words a JSON reader needs beside each code: facet
    labels, note texts and where each hit matched, in ``lang``."""
    data = result.to_dict()
    label = {"libraries": lambda code: LIBRARIES[code][lang],
             "languages": lambda code: language_label(code, lang), "letters": str}
    for name, word in label.items():
        for facet in data[name]:
            facet["label"] = word(facet["value"])
    data["notes"] = [{"id": n.id, "value": n.value, "text": note_text(n, lang)}
                     for n in result.notes]
    for hit, shown in zip(result.hits, data["hits"], strict=True):
        shown["matched_label"] = matched_label(hit, lang)
    for reading, shown in zip(result.interpreted_as, data["interpreted_as"], strict=True):
        shown["text"] = reading_text(reading, lang)
    return data
