"""Result snippets: the passage that matched, highlighted, HTML-safe, with where it was found.

A hit's stored sections, Bangla note and glossary are scanned with the index's own analyzer;
the passage with the most matched words wins (the section the query named, if any, first),
and a window of about ``WINDOW`` characters around its densest cluster of matches is shown
as "in Symptoms: … <mark>fever</mark> …". Window edges fall on word boundaries found by ICU,
so a Bangla grapheme cluster is never cut. The text is escaped first and then marked, so
nothing from an article or a query can inject HTML. When only the title matched, the summary
is shown instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import escape

from analyzers import fold_text, key_hint, keys, text_keys
from analyzers.normalize import is_bangla
from indexer.schema import SECTION_FIELDS

WINDOW = 220
# Passages are looked for in the first SCAN_CHARS characters of each section: a long
# section's opening is usually the passage that defines the topic, and scanning whole
# articles word by word was most of a query's time.
SCAN_CHARS = 4000
SCAN_PASSAGES = 3   # of a hit's passages, how many are analysed word by word


@dataclass(frozen=True, slots=True)
class Snippet:
    html: str                 # escaped text with <mark> around matched words
    where: str | None         # a section kind, "bangla-note" or "glossary"; None: summary
    lang: str | None          # "en" or "bn": the language of the matched words
    heading: str | None = None  # the article's own heading, for sections of kind "other"


@dataclass(frozen=True, slots=True)
class _Passage:
    text: str
    where: str | None
    heading: str | None
    field: str                # the index field that holds this text


class _Keys:
    """The query's keys, and the cheap test that lets most passages skip word analysis: a
    passage holding none of the keys' hints (``analyzers.key_hint``) cannot match."""

    def __init__(self, keys: frozenset[str]) -> None:
        self.keys = keys
        hints = [key_hint(k) for k in keys]
        self.hints = [h for h in hints if h is not None]
        self.bangla = len(self.hints) < len(hints)   # Bangla keys have no hint

    def promise(self, text: str) -> tuple[int, int]:
        """(distinct hints, occurrences) in the passage: how well it may match, cheaply.
        A passage that may match Bangla keys cannot be judged so and ranks first."""
        text = text[:SCAN_CHARS]
        if self.bangla and is_bangla(text):
            return (len(self.hints) + 1, 0)
        folded = fold_text(text)
        counts = [folded.count(h) for h in self.hints]
        return (sum(1 for n in counts if n), sum(counts))

    def matches(self, text: str) -> list[tuple[int, int]]:
        return [(start, end) for start, end, key in text_keys(text[:SCAN_CHARS])
                if key in self.keys]


def _window(text: str, spans: list[tuple[int, int]]) -> tuple[int, int]:
    """The window of about WINDOW characters holding the most matches."""
    best_start, best_count = spans[0][0], 0
    for i, (start, _) in enumerate(spans):
        count = sum(1 for s, e in spans[i:] if e - start <= WINDOW)
        if count > best_count:
            best_start, best_count = start, count
    start = max(0, best_start - WINDOW // 4)
    end = min(len(text), start + WINDOW)
    # Widen to word boundaries (spaces or line ends), never inside a word.
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def mark(text: str, spans: Iterable[tuple[int, int]], start: int = 0,
         end: int | None = None) -> str:
    """Escape ``text[start:end]`` and wrap the spans in <mark>, escaping first."""
    end = len(text) if end is None else end
    out, position = [], start
    for s, e in sorted(spans):
        if s < position or e > end:
            continue
        out += [str(escape(text[position:s])), "<mark>", str(escape(text[s:e])), "</mark>"]
        position = e
    out.append(str(escape(text[position:end])))
    html = "".join(out).replace("\n", " ")
    return ("… " if start > 0 else "") + html + (" …" if end < len(text) else "")


def snippet(fields: dict, query_keys: Iterable[str], section: str | None = None,
            weak_keys: frozenset[str] = frozenset(),
            matched_fields: frozenset[str] | None = None) -> Snippet:
    """The best passage of a stored hit for the query's analysed keys.

    ``weak_keys`` (the words that named a section, "side effects") are marked too but count
    little when choosing the passage: the topic's words decide. ``matched_fields``, when
    known, are the index fields that hold some key for this article: text stored for other
    fields cannot match and is not scanned.
    """
    wanted = _Keys(frozenset(query_keys))
    candidates = _passages(fields)

    # Analyse only the most promising passages (by the keys' hints), and the named section.
    promise = {i: wanted.promise(p.text) for i, p in enumerate(candidates)
               if wanted.keys and (matched_fields is None or p.field in matched_fields)}
    chosen = sorted((i for i in promise if promise[i][0]), key=lambda i: (
        tuple(-n for n in promise[i]), i))[:SCAN_PASSAGES]
    best = None
    for i, passage in enumerate(candidates):
        text = passage.text
        named = section is not None and passage.field == section
        spans = wanted.matches(text) if i in chosen or (named and i in promise) else []
        if not spans and not named:
            continue
        # The section the reader asked for wins: "side effects of methotrexate" wants the
        # side effects, even where they never repeat the drug's name.
        words = {text[s:e].casefold() for s, e in spans}
        strong = {w for w in words if next(iter(keys(w)), "") not in weak_keys}
        score = len(strong) * 10 + (len(words) - len(strong)) + len(spans) / 100
        score += 1000 if named else 0
        if best is None or score > best[0]:
            best = (score, passage, spans)
    if best is None:
        summary = fields.get("summary", "")
        spans = wanted.matches(summary) if wanted.keys and wanted.promise(summary)[0] else []
        return Snippet(mark(summary, spans), None, _lang(summary, spans))
    _, passage, spans = best
    text = passage.text
    start, end = _window(text, spans) if spans else (0, min(len(text), WINDOW))
    while end < len(text) and not text[end].isspace():
        end += 1
    return Snippet(mark(text, spans, start, end), passage.where, _lang(text, spans),
                   passage.heading)


def _passages(fields: dict) -> list[_Passage]:
    """A stored article's sections, Bangla note and glossary entries, in that order."""
    found = []
    for stored in fields.get("sections") or []:
        kind = stored.get("kind", "other")
        heading = stored.get("heading") or None
        where = kind if kind != "other" or heading else None
        found.append(_Passage(stored.get("text", ""), where,
                              heading if kind == "other" else None,
                              SECTION_FIELDS.get(kind, "body")))
    if fields.get("bangla_note"):
        found.append(_Passage(fields["bangla_note"], "bangla-note", None, "bangla_note"))
    for entry in fields.get("glossary_entries") or []:
        text = f"{entry.get('term', '')}: {entry.get('en', '')} {entry.get('bn', '')}".strip()
        found.append(_Passage(text, "glossary", None, "glossary"))
    return found


def _lang(text: str, spans: list[tuple[int, int]]) -> str | None:
    if not spans:
        return None
    return "bn" if any(is_bangla(text[s:e]) for s, e in spans) else "en"
