"""Result snippets: the passage that matched, highlighted, HTML-safe, with where it was found.

Where the query's keys are in a hit's sections, Bangla note and glossary is read from what
the reindex job stored (``indexer.passages``: each passage's analysed keys with their
words' offsets), not analysed again here. The passage with the most matched words wins (the
section the query named, if any, first), and a window of about ``WINDOW`` characters around
its densest cluster of matches is shown as "in Symptoms: … <mark>fever</mark> …". Window
edges fall on spaces, so a Bangla grapheme cluster is never cut. The text is escaped first
and then marked, so nothing from an article or a query can inject HTML. When only the title
matched, the summary is shown instead.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import escape

from analyzers import keys
from analyzers.normalize import is_bangla
from indexer.passages import Found, PassageKeys, encode, passages
from indexer.schema import SECTION_FIELDS

WINDOW = 220
# The index fields of the passages that are not sections.
_OWN_FIELDS = {"bangla-note": "bangla_note", "glossary": "glossary"}


@dataclass(frozen=True, slots=True)
class Snippet:
    html: str                 # escaped text with <mark> around matched words
    where: str | None         # a section kind, "bangla-note" or "glossary"; None: summary
    lang: str | None          # "en" or "bn": the language of the matched words
    heading: str | None = None  # the article's own heading, for sections of kind "other"


def _window(text: str, spans: list[tuple[int, int]]) -> tuple[int, int]:
    """The window of about WINDOW characters holding the most matches (``spans`` in text
    order; words never overlap, so their ends are in order too)."""
    ends = [e for _, e in spans]
    best_start, best_count = spans[0][0], 0
    for i, (start, _) in enumerate(spans):
        count = bisect_right(ends, start + WINDOW, i) - i  # the matches ending in reach
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
            passage_keys: bytes | None = None, bangla_first: bool = False) -> Snippet:
    """The best passage of a stored hit for the query's analysed keys.

    ``weak_keys`` (the words that named a section, "side effects") are marked too but count
    little when choosing the passage: the topic's words decide. ``passage_keys`` is the
    hit's ``indexer.passages`` column; without it (fields made by hand) the keys are found
    here. Every passage with a match is weighed: the stored offsets make that cheap. With
    ``bangla_first`` (the reader wrote Bangla), a passage where Bangla matched wins over one
    matched only in English.
    """
    wanted = frozenset(query_keys)
    candidates = passages(fields)
    field_of = [_OWN_FIELDS.get(p.kind) or SECTION_FIELDS.get(p.kind, "body")
                for p in candidates]
    found = Found()
    if wanted:
        stored = encode(fields) if passage_keys is None else passage_keys
        found = PassageKeys(stored).find(wanted)
    bangla = any(is_bangla(k) for k in wanted)   # else every match is English
    best = None
    for i, passage in enumerate(candidates):
        text = passage.text
        named = field_of[i] == section
        spans = found.spans.get(i, [])
        if not spans and not named:
            continue
        # The section the reader asked for wins: "side effects of methotrexate" wants the
        # side effects, even where they never repeat the drug's name.
        words = {text[s:e].casefold() for s, e in spans}
        strong = ({w for w in words if next(iter(keys(w)), "") not in weak_keys}
                  if weak_keys else words)
        score = len(strong) * 10 + (len(words) - len(strong)) + len(spans) / 100
        score += 1000 if named else 0
        if bangla_first and bangla and _lang(text, spans) == "bn":
            score += 100
        if best is None or score > best[0]:
            best = (score, passage, spans)
    if best is None:
        summary = fields.get("summary", "")
        spans = found.spans.get(len(candidates), [])  # the summary comes after the passages
        return Snippet(mark(summary, spans), None, _lang(summary, spans, bangla))
    _, passage, spans = best
    text, kind, heading = passage.text, passage.kind, passage.heading
    start, end = _window(text, spans) if spans else (0, min(len(text), WINDOW))
    while end < len(text) and not text[end].isspace():
        end += 1
    # A section of no known kind is named by its own heading, or not at all.
    return Snippet(mark(text, spans, start, end), kind if kind != "other" or heading else None,
                   _lang(text, spans, bangla), heading if kind == "other" else None)


def _lang(text: str, spans: list[tuple[int, int]], bangla: bool = True) -> str | None:
    """The language of the matched words; without Bangla keys (``bangla``), English."""
    if not spans:
        return None
    if not bangla:
        return "en"
    return "bn" if any(is_bangla(text[s:e]) for s, e in spans) else "en"
