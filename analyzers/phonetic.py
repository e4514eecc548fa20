"""Sound-alike keys, so a word written in one script can find its twin in the other.

Two kinds of key, both plain functions:

- :func:`latin_of` writes a Bangla word in Latin letters as an English speaker would spell
  its sound (সোরিয়াসিস -> ``soriyasis``, no inherent vowels), and :func:`skeleton`
  reduces a Latin word, English or transliterated, to its consonants by sound
  (``psoriasis`` and ``soriyasis`` -> ``srss``). Most Bangla medical words are English
  words written in Bangla, so equal skeletons (and close spellings) pair them without a
  dictionary: ``analyzers.loanwords``.
- :func:`roman_key` folds a Bangla word to the distinctions people keep when they type
  Bangla in Latin letters (they write ট and ত alike, ও and অ alike, long and short vowels
  alike …), so ``betha`` (typed, read as বেথা) meets ব্যথা: ``analyzers.romanised``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from analyzers.bangla import BanglaNormalizer
from analyzers.normalize import icu_fold

_VIRAMA = "\u09cd"
_NUKTA = "\u09bc"

# Bangla letters by how their sound is usually spelt in English loanwords.
_CONSONANTS = {
    "ক": "k", "খ": "kh", "গ": "g", "ঘ": "gh", "ঙ": "ng", "চ": "ch", "ছ": "chh", "জ": "j",
    "ঝ": "jh", "ঞ": "n", "ট": "t", "ঠ": "th", "ড": "d", "ঢ": "dh", "ণ": "n", "ত": "t",
    "থ": "th", "দ": "d", "ধ": "dh", "ন": "n", "প": "p", "ফ": "f", "ব": "b", "ভ": "v",
    "ম": "m", "য": "j", "র": "r", "ল": "l", "শ": "sh", "ষ": "sh", "স": "s", "হ": "h",
    "\u09dc": "r", "\u09dd": "rh", "\u09df": "y", "ৎ": "t", "ং": "ng", "ঃ": "h",
}
_VOWELS = {
    "অ": "o", "আ": "a", "ই": "i", "ঈ": "i", "উ": "u", "ঊ": "u", "ঋ": "ri", "এ": "e", "ঐ": "oi",
    "ও": "o", "ঔ": "ou", "া": "a", "ি": "i", "ী": "i", "ু": "u", "ূ": "u", "ৃ": "ri",
    "ে": "e", "ৈ": "oi", "ো": "o", "ৌ": "ou",
}
# After a virama, these second letters of a conjunct are glides: য-ফলা (ক্য: "ky"),
# ব-ফলা (স্ব: silent or "w"), র-ফলা (প্র: "r").
_PHALA = {"য": "y", "ব": "", "র": "r"}
_LATIN = {**_CONSONANTS, **_VOWELS}


def _precomposed(text: str) -> str:
    # ICU folding leaves ড়, ঢ়, য় as letter + nukta; the tables use the single letters.
    return text.replace("ড\u09bc", "\u09dc").replace("ঢ\u09bc", "\u09dd") \
        .replace("য\u09bc", "\u09df")


@lru_cache(maxsize=100_000)
def latin_of(word: str) -> str:
    """A Bangla word in Latin letters, spelt by sound, without inherent vowels.

    >>> [latin_of(w) for w in ("সোরিয়াসিস", "ক্যান্সার", "একজিমা", "নাপা")]
    ['soriyasis', 'kyansar', 'ekjima', 'napa']
    """
    # অ্যা / এ্যা spell the English "a" of "allergy", "asthma" (অ্যালার্জি, অ্যাজমা).
    text = re.sub("[অএ]\u09cd\u09af\u09be?", "a", _precomposed(icu_fold(word)))
    return _spelt(text, _LATIN, _PHALA, keep_ascii=True)


def _spelt(text: str, letters: dict[str, str], phala: dict[str, str], *,
           keep_ascii: bool = False) -> str:
    """Each letter as ``letters`` writes it; a conjunct's second letter after the virama as
    ``phala`` does, when it has an entry there."""
    out: list[str] = []
    after_virama = False
    for char in text:
        if char == _VIRAMA:
            after_virama = True
            continue
        if after_virama and char in phala:
            out.append(phala[char])
        elif char in letters:
            out.append(letters[char])
        elif keep_ascii and char.isascii() and char.isalnum():
            out.append(char.lower())
        after_virama = False
    return "".join(out)


_ENGLISH_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), value) for pattern, value in (
        (r"^ps", "s"), (r"^pn", "n"), (r"^kn", "n"), (r"^x", "j"),      # silent first letters
        (r"(?<=[^aeiouy])y(?=[^aeiouy])", "i"),                          # cystic, dialysis
        (r"ph", "f"), (r"ch(?=r|l)", "k"), (r"ck", "k"), (r"q", "k"), (r"x", "ks"),
        (r"c(?=[eiy])", "s"), (r"c", "k"), (r"g(?=[eiy])", "j"),
        (r"tion", "shon"), (r"sion", "shon"), (r"ture", "char"),
    ))
# Sounds that Bangla spelling and English spelling write differently but say alike.
_SOUND_CLASSES = str.maketrans({"v": "b", "z": "j", "w": None, "y": None, "h": None})


@lru_cache(maxsize=200_000)
def skeleton(word: str) -> str:
    """The consonants of a Latin word by sound: what a loanword keeps in both scripts.

    >>> [skeleton(w) for w in ("psoriasis", "soriyasis", "dialysis", "dayalaisis")]
    ['srss', 'srss', 'dlss', 'dlss']
    """
    text = re.sub(r"[^a-z]", "", word.lower())
    for pattern, value in _ENGLISH_RULES:
        text = pattern.sub(value, text)
    text = text.replace("sh", "s").replace("ch", "c").translate(_SOUND_CLASSES)
    # Doubled letters are one sound (thalassemia); letters apart stay apart (psoriasis).
    return re.sub(r"[aeiou]", "", re.sub(r"(.)\1+", r"\1", text))


# Romanisation: what readers do not distinguish when typing Bangla in Latin letters.
_ROMAN = {
    **_CONSONANTS,
    "খ": "k", "ঘ": "g", "ছ": "c", "চ": "c", "ঝ": "j", "য": "j", "ঠ": "t", "থ": "t", "ঢ": "d",
    "ধ": "d", "দ": "d", "ড": "d", "ফ": "p", "ভ": "b", "শ": "s", "ষ": "s", "\u09dc": "r",
    "\u09dd": "r", "ং": "n", "ঙ": "n", "ঞ": "n", "ণ": "n", "হ": "", "ঃ": "", "\u09df": "",
    "ৎ": "t",
    "অ": "", "আ": "", "া": "", "ও": "", "ো": "", "ই": "i", "ঈ": "i", "ি": "i", "ী": "i",
    "উ": "u", "ঊ": "u", "ু": "u", "ূ": "u", "এ": "e", "ে": "e", "ঐ": "oi", "ৈ": "oi",
    "ঔ": "ou", "ৌ": "ou", "ঋ": "ri", "ৃ": "ri",
}


_ROMAN_PHALA = {"য": "e", "ব": ""}   # য-ফলা heard as "e"; ব-ফলা silent; র-ফলা a plain র


@lru_cache(maxsize=200_000)
def roman_key(word: str) -> str:
    """A Bangla word folded to what survives romanisation and a trip back through Avro:
    aspiration, retroflex/dental, sibilants, vowel length and the vowels অ, আ and ও (readers
    write "o" and "a" for all three, and for none) are not kept, nor the silent ব-ফলা;
    য-ফলা reads as "e" (ব্যথা, বেথা).

    >>> roman_key("ব্যথা") == roman_key("বেথা"), roman_key("জ্বর") == roman_key("জর")
    (True, True)
    """
    text = _precomposed(BanglaNormalizer(True).normalize(icu_fold(word)))
    key = re.sub(r"(.)\1+", r"\1", _spelt(text, _ROMAN, _ROMAN_PHALA))
    return key.rstrip("aeiou") or key
