"""Step 1 of a search: what the reader asked for, word by word.

``understand(view, parse("side effects of methotrexate"))`` finds, for each word, its
analysed keys, its script, whether it names a section, and a spelling correction when no
article uses it; Latin words that are Bangla typed in Latin letters get their Bangla
reading (``readings``). Then it groups the words into :class:`Term`\\ s, the units the plan
joins, each matched by the reader's words or by its other names:

- a plain word (``methotrexate``);
- a run of words the expander knows other names for: synonyms (``high blood pressure`` or
  ``hypertension``), glossaries and the bilingual lexicon (``কিডনিতে পাথর``: kidney,
  stone; ``জরায়ুমুখের ক্যান্সার``: cervical cancer), longest run first;
- a Bangla word no lexicon knows, with the English word it is spelt from (সোরিয়াসিস:
  psoriasis, ``analyzers.loanwords``);
- a medicine brand (Napa), with its generic;
- a quoted phrase.

Words no article uses are also searched as corrected; the boilerplate of a message ("dear
sir", "I would like to know") makes no term; article names inside a longer query are spotted
(``names``), those in a long message's subject line noted apart.

A term made only of section words (``side effects``) is *optional*: it adds to the score,
and raises the weight of that section's field for the others. A query made of nothing but
section words ("symptoms") is about that topic, not a modifier.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import OSA

from analyzers import keys
from analyzers.boilerplate import boilerplate
from analyzers.brands import default_brands
from analyzers.filters import script_of
from analyzers.normalize import is_bangla
from analyzers.questions import is_question
from analyzers.sections import section_words
from search_app import spelling
from search_app.index_view import IndexView
from search_app.names import spot
from search_app.query import ParsedQuery
from search_app.readings import Unit, read_units
from search_app.results import Reading

Keys = tuple[str, ...]
MAX_NAMES = 4        # translated exact names tried per query
MAX_CORRECTED = 10   # unknown words corrected per query (each is a vocabulary scan)
SHORT_QUERY = 6      # longer queries are messages: their corrections must be telling
SUBJECT_FROM = 12    # a query longer than this is a message whose first words may be a subject
SUBJECT_WORDS = 6


@dataclass(frozen=True, slots=True)
class Word:
    """One word as the reader typed it, and what the engine knows about it."""

    text: str
    keys: Keys                      # its analysed keys (usually one; none for a stop word)
    script: str                     # "en", "bn" or "num"
    section_word: bool = False      # part of words naming a section ("side effects")
    correction: str | None = None   # the index word meant, when no article uses this one
    bangla: tuple[str, ...] = ()    # what it reads as, when it is Bangla in Latin letters
    noise: bool = False             # part of a message's boilerplate ("dear sir")


@dataclass(frozen=True, slots=True)
class Term:
    """One unit of the query: all of ``parts``, each matched by any of its forms (the
    reader's word, its Bangla reading), or any of ``alternatives`` (other names' keys)."""

    parts: tuple[tuple[Keys, ...], ...]
    alternatives: tuple[Keys, ...] = ()
    optional: bool = False
    translated: bool = False   # the alternatives translate Bangla (count less: see plan)

    @property
    def keys(self) -> set[str]:
        return {k for group in (*(f for p in self.parts for f in p), *self.alternatives)
                for k in group}

    @property
    def is_empty(self) -> bool:
        return not any(f for p in self.parts for f in p) and not any(self.alternatives)


@dataclass(frozen=True, slots=True)
class Understanding:
    query: ParsedQuery
    words: tuple[Word, ...]
    terms: tuple[Term, ...]
    excluded: tuple[Keys, ...]
    section: str | None              # the index field of the section the query names
    readings: tuple[Reading, ...] = ()
    bangla_text: str = ""            # the query with romanised words read as Bangla
    question: bool = False           # "জ্বর কেন হয়?": it asks something (questions.py)
    spotted: tuple[str, ...] = ()    # article names inside a longer query (names.py)
    subject: tuple[str, ...] = ()    # those of them in a long message's subject line

    @property
    def name(self) -> str:
        """The reader's words (section words aside) and phrases as one exact-name key."""
        named = [k for w in self.words if not w.section_word and not w.noise for k in w.keys]
        return " ".join([*named, *(k for p in self.query.phrases for k in keys(p))])

    @property
    def translated_names(self) -> tuple[str, ...]:
        """The query's English names as exact-name keys, when it was read from Bangla or a
        brand: সোরিয়াসিস puts *Psoriasis* first as "psoriasis" would."""
        required = [t for t in self.terms if not t.optional and not t.is_empty]
        if not self.readings or self.query.phrases or len(required) != 1:
            return ()
        names = [""]
        for term in required:
            options = [" ".join(a) for a in term.alternatives[:2] if a] or \
                [" ".join(k for p in term.parts for k in p[0])]
            names = [f"{n} {o}".strip() for n in names for o in options][:MAX_NAMES]
        return tuple(n for n in names if n and n != self.name)

    @property
    def corrected(self) -> ParsedQuery | None:
        """The query with unknown words corrected; None when every word is known."""
        if not any(w.correction for w in self.words):
            return None
        fixed = tuple(w.correction or w.text for w in self.words)
        q = self.query
        return ParsedQuery(" ".join(fixed), fixed, q.phrases, q.excluded, q.filters)


def understand(view: IndexView, parsed: ParsedQuery, *, interpret: bool = True
               ) -> Understanding:
    """The words, terms, exclusions, named section and spotted names of a parsed query.
    With ``interpret=False`` (the reader asked for the query as typed), nothing is guessed:
    no corrections searched, no Bangla readings of Latin words, no loanwords, no brands."""
    units = read_units(view, parsed.words, interpret)
    shown = [" ".join(u.bangla[:1]) or " ".join(parsed.words[u.first:u.last + 1])
             for u in units]
    text, offsets = _joined(tuple(shown))
    noise = _boilerplate(text, offsets)
    section, named = _named_section(text, offsets, parsed)
    corrections = _corrections(view, parsed.words, units, noise)
    words = tuple(Word(w, keys(w), script_of(w), u in named, corrections[i], units[u].bangla,
                       u in noise)
                  for i, w in enumerate(parsed.words) for u in [_unit_of(units, i)])
    terms, readings = _word_terms(view, words, units, text, offsets, interpret)
    terms += [Term(((keys(p),),)) for p in parsed.phrases]
    return Understanding(parsed, words, tuple(terms), tuple(keys(x) for x in parsed.excluded),
                         section, tuple(readings), text if any(u.bangla for u in units) else "",
                         is_question(parsed.text), tuple(_spotted(view, words, parsed)),
                         tuple(_subject(view, words)))


def _joined(words: tuple[str, ...]) -> tuple[str, list[tuple[int, int]]]:
    """The words joined by spaces, and each word's (start, end) in that text."""
    offsets, position = [], 0
    for word in words:
        offsets.append((position, position + len(word)))
        position += len(word) + 1
    return " ".join(words), offsets


def _within(offsets: list[tuple[int, int]], start: int, end: int) -> list[int]:
    return [i for i, (s, e) in enumerate(offsets) if s >= start and e <= end]


def _unit_of(units: list[Unit], word: int) -> int:
    return next(i for i, u in enumerate(units) if u.first <= word <= u.last)


def _named_section(text: str, offsets: list[tuple[int, int]], parsed: ParsedQuery
                   ) -> tuple[str | None, set[int]]:
    """The section field the units name (the first named), and the units naming it."""
    section, named = None, set()
    for found in section_words().find(text):
        section = section or found.value
        named.update(_within(offsets, found.start, found.end))
    if len(named) == len(offsets) and not parsed.phrases:
        return None, set()  # "symptoms" alone is the topic, not a modifier
    return section, named


def _boilerplate(text: str, offsets: list[tuple[int, int]]) -> set[int]:
    """The units inside a message's boilerplate ("respected sir", "I would like to know"),
    unless that is all the query says."""
    found = {i for span in boilerplate().find(text) for i in _within(offsets, span.start,
                                                                     span.end)}
    return found if len(found) < len(offsets) else set()


def _corrections(view: IndexView, words: tuple[str, ...], units: list[Unit], noise: set[int]
                 ) -> list[str | None]:
    """Spelling corrections word by word, in a query of any length (tuberchlosis ->
    tuberculosis while the rest stays), for words not read as Bangla nor boilerplate."""
    found: list[str | None] = []
    long_query = len(words) > SHORT_QUERY
    for i, word in enumerate(words):
        unit = _unit_of(units, i)
        fixable = not units[unit].bangla and unit not in noise \
            and sum(1 for f in found if f) < MAX_CORRECTED
        fixed = spelling.correct_word(view, word) if fixable else None
        if fixed and long_query and not _telling(word, fixed):
            fixed = None
        found.append(fixed if fixed != word else None)
    return found


def _telling(word: str, fixed: str) -> bool:
    """In a long message, only a long word's correction is trusted: everyday words the
    library happens not to use ("son", "father") are no typos of "on" and "after"."""
    distance = OSA.distance(word.lower(), fixed)
    return (len(word) >= 5 and distance <= 1) or (len(word) >= 8 and distance <= 2)


def _spotted(view: IndexView, words: tuple[Word, ...], parsed: ParsedQuery) -> list[str]:
    """Article names inside the query (its words as corrected, boilerplate aside), other
    than the whole query itself (the exact-name rule has that)."""
    sequence = [k for w in words if not w.noise
                for k in (keys(w.correction) if w.correction else w.keys)]
    sequence += [k for p in parsed.phrases for k in keys(p)]
    whole = " ".join(sequence)
    return [name for name in spot(view, sequence) if name != whole]


def _subject(view: IndexView, words: tuple[Word, ...]) -> list[str]:
    """Names in the subject line of a long message: its first words, up to the first
    sentence end or boilerplate ("pregabalin I have peripheral neuropathy …": no end, so
    the first few words; "adema. I have adema …")."""
    if len(words) <= SUBJECT_FROM:
        return []
    line = []
    for word in words[:SUBJECT_WORDS]:
        if word.noise:
            break
        line.append(word)
        if word.text[-1:] in ".?!:":
            break
    sequence = [k for w in line for k in (keys(w.correction) if w.correction else w.keys)]
    return spot(view, sequence)


def _word_terms(view: IndexView, words: tuple[Word, ...], units: list[Unit], text: str,
                offsets: list[tuple[int, int]], interpret: bool
                ) -> tuple[list[Term], list[Reading]]:
    """One term per run of units the expander knows other names for, one per other unit."""
    spans = {}
    for span in view.expander.expand(text):
        members = _within(offsets, span.start, span.end)
        if members:
            spans[members[0]] = (members, tuple(span.alternatives))
    terms, readings, i = [], [], 0
    while i < len(units):
        members, names = spans.get(i, ([i], ()))
        if all(words[units[m].first].noise for m in members):   # "dear sir": weighs nothing
            i = members[-1] + 1
            continue
        how = "lexicon"
        if not names and interpret:
            names, how = _guessed_names(view, units[i], words)
        parts = tuple(_forms(words, units[m], interpret) for m in members)
        bangla = is_bangla(text[offsets[members[0]][0]:offsets[members[-1]][1]])
        terms.append(Term(parts, tuple(a for a in map(keys, names) if a),
                          all(words[units[m].first].section_word for m in members), bangla))
        reading = _reading(words, units, members, names, how, text, offsets)
        if reading is not None:
            readings.append(reading)
        i = members[-1] + 1
    return terms, readings


def _forms(words: tuple[Word, ...], unit: Unit, interpret: bool) -> tuple[Keys, ...]:
    """How one unit may match: the word as typed, as corrected, or by its Bangla readings;
    two words read as one Bangla word ("shash kosto": শ্বাসকষ্ট) by that word."""
    read = tuple(keys(b) for b in unit.bangla)
    if unit.first != unit.last:
        return read
    word = words[unit.first]
    fixed = (keys(word.correction),) if word.correction and interpret else ()
    return tuple(dict.fromkeys(f for f in (word.keys, *fixed, *read)))


def _guessed_names(view: IndexView, unit: Unit, words: tuple[Word, ...]
                   ) -> tuple[tuple[str, ...], str]:
    """English names for a unit no lexicon knows: a brand's generic (and the generic's other
    names: paracetamol, acetaminophen), or the English word a Bangla word is spelt from."""
    typed = words[unit.first].text
    brand = default_brands().find(typed) if unit.first == unit.last else None
    if brand is not None:
        others = [n for e in view.expander.expand(brand.generic)
                  if e.text == brand.generic for n in e.alternatives]
        return tuple(dict.fromkeys([brand.generic, *others])), "brand"
    bangla = unit.bangla[0] if unit.bangla else (typed if is_bangla(typed) else "")
    if bangla and keys(bangla) and " " not in bangla:
        found = tuple(view.loanwords.match(bangla))
        if found:
            return found, "loanword"
    return (), ""


def _reading(words: tuple[Word, ...], units: list[Unit], members: list[int],
             names: tuple[str, ...], how: str, text: str, offsets: list[tuple[int, int]]
             ) -> Reading | None:
    """What to tell the reader was searched for these units, if anything was read."""
    first, last = units[members[0]].first, units[members[-1]].last
    typed = " ".join(w.text for w in words[first:last + 1])
    read = any(units[m].bangla for m in members)
    if not read and not (names and (how != "lexicon" or is_bangla(typed))):
        return None
    bangla = text[offsets[members[0]][0]:offsets[members[-1]][1]] if read else None
    english = tuple(n for n in names if not is_bangla(n))
    if how == "brand":
        brand = default_brands().find(typed)
        return Reading(typed, None, english, "brand", brand.manufacturer if brand else None)
    # how is "" when no English name was found for a word read as Bangla: still romanised.
    return Reading(typed, bangla, english,
                   "romanised" if read and how in ("lexicon", "") else how)
