"""Which Latin words are Bangla typed in Latin letters, and what they read as.

Readers type Bangla in Latin letters ("jor", "pet betha", "shash kosto"). A Latin word gets
Bangla readings (``analyzers.romanised``) when

- the query reads as Bangla: at least as many of its words are no English word of the
  library and read as real Bangla words exactly as are English words of the library (a
  long English question with one odd word is not Bangla). Then its unknown words are read
  (one Avro key edit away when nothing matches exactly and they are no misspelling of an
  English word), its English-looking words too ("pet": পেট, the belly; the English kept),
  and its English words through the lexicon ("mukher cancer": মুখের ক্যান্সার);
- it is the whole query and few articles use it (``RARE_SHARE`` of the library): both
  readings are searched.

Two neighbouring words that read as one Bangla word together ("shash kosto" -> শ্বাসকষ্ট)
are read as that word.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import OSA

from analyzers import keys
from analyzers.lexicon import bangla_for
from analyzers.romanised import RomanisedReader
from search_app import spelling
from search_app.index_view import IndexView

RARE_SHARE = 0.001   # an English word in fewer articles than this share is rare
RARE_MIN = 3
TYPO_FROM = 6        # unknown words this long with a close English word are typos


@dataclass(frozen=True, slots=True)
class Unit:
    """One or two neighbouring typed words, and the Bangla they read as (None: as typed)."""

    first: int
    last: int
    bangla: tuple[str, ...] = ()   # readings, most likely first


def _latin(word: str) -> bool:
    """A word that may be Bangla in Latin letters (English stop words are not: "the")."""
    return word.isascii() and word.isalpha() and len(word) >= 2 and bool(keys(word))


def read_units(view: IndexView, words: tuple[str, ...], interpret: bool = True) -> list[Unit]:
    """The query's words as units, with the Bangla readings of romanised ones."""
    if not interpret:
        return [Unit(i, i) for i in range(len(words))]
    reader = view.romanised
    rare = max(RARE_MIN, int(view.searcher().doc_count() * RARE_SHARE))
    use = [view.english_use(w) if _latin(w) else -1 for w in words]
    alone = len(words) == 1
    if not alone and use.count(0) < max(1, sum(1 for u in use if u > 0)):
        # Fewer unknown words than English ones: not Bangla, however the unknown ones read
        # (each Avro reading costs about 2 ms), and no word is read alone.
        return _fitting(view, words, _joined_pairs(reader, words, use, [()] * len(words),
                                                   rare))
    # Whether the query reads as Bangla needs the readings of its unknown words only; those
    # of its English words are read when they count (a long English question skips them).
    exact = [tuple(reader.readings(w, near=False)) if u == 0 else ()
             for w, u in zip(words, use, strict=True)]
    misspelt = [u == 0 and _typo(view, w) for w, u in zip(words, use, strict=True)]
    romanised = sum(1 for r, u, m in zip(exact, use, misspelt, strict=True)
                    if r and u == 0 and not m)
    english = sum(1 for u, m in zip(use, misspelt, strict=True) if u > 0 or m)
    bangla_query = romanised >= max(1, english)
    if bangla_query or alone:
        exact = [tuple(reader.readings(w, near=False)) if u > 0 else r
                 for w, u, r in zip(words, use, exact, strict=True)]
    readings = []
    for word, used, found, typo in zip(words, use, exact, misspelt, strict=True):
        if typo:   # in a Bangla query, read as its correction is ("cancar": ক্যান্সার)
            fixed = spelling.correct_word(view, word) if bangla_query else None
            readings.append(bangla_for(fixed)[:1] if fixed else ())
            continue
        if used == 0 and not found and (alone or bangla_query) \
                and spelling.correct_word(view, word) is None:
            found = tuple(reader.readings(word))     # one key edit away
        if used > 0 and bangla_query and not found:
            found = bangla_for(word)[:1]             # "mukher cancer": মুখের ক্যান্সার
        keep = bangla_query or (alone and used <= rare)
        readings.append(found if keep else ())
    return _fitting(view, words, _joined_pairs(reader, words, use, readings, rare))


def _typo(view: IndexView, word: str) -> bool:
    """An unknown word one edit from an English word of the library, and long enough for
    that to be telling, is a typo ("pressrue"), however it reads in Bangla; a shorter one,
    or one two edits away, may well be Bangla ("betha", "mukher")."""
    if len(word) < TYPO_FROM:
        return False
    fixed = spelling.correct_word(view, word)
    return fixed is not None and OSA.distance(word.lower(), fixed) <= 1


def _joined_pairs(reader: RomanisedReader, words: tuple[str, ...], use: list[int],
                  readings: list[tuple[str, ...]], rare: int) -> list[Unit]:
    units, i = [], 0
    while i < len(words):
        pair = i + 1 < len(words) and all(0 <= use[j] <= rare for j in (i, i + 1))
        together = tuple(reader.readings(words[i] + words[i + 1], near=False)) if pair else ()
        if together:
            units.append(Unit(i, i + 1, together))
            i += 2
            continue
        units.append(Unit(i, i, readings[i]))
        i += 1
    return units


def _fitting(view: IndexView, words: tuple[str, ...], units: list[Unit]) -> list[Unit]:
    """Of a unit's readings, first the one that makes a known term with its neighbours:
    "shrabanshakti hras" reads হ্রাস (loss) rather than রস (juice), because শ্রবণশক্তি
    হ্রাস is a term the lexicon knows."""
    for i, unit in enumerate(units):
        if len(unit.bangla) > 1:
            best = max(unit.bangla, key=lambda b: _fit(view, words, units, i, b))
            units[i] = Unit(unit.first, unit.last, (best, *(b for b in unit.bangla if b != best)))
    return units


def _fit(view: IndexView, words: tuple[str, ...], units: list[Unit], at: int,
         reading: str) -> int:
    """How many units the known term holding the reading spans (1: none or itself)."""
    shown = [reading if i == at else (u.bangla[0] if u.bangla else " ".join(
        words[u.first:u.last + 1])) for i, u in enumerate(units)]
    starts = [sum(len(s) + 1 for s in shown[:i]) for i in range(len(shown))]
    spans = [(e.start, e.end) for e in view.expander.expand(" ".join(shown))
             if e.start <= starts[at] and e.end >= starts[at] + len(reading)]
    return max((sum(1 for i, s in enumerate(starts) if start <= s and s + len(shown[i]) <= end)
                for start, end in spans), default=1)
