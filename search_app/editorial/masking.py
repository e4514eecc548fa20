"""Personal data taken out of a search query before it is counted: e-mail addresses, phone
and ID numbers, street addresses.

Readers paste what they have to hand (a report with their NID number, a doctor's mobile
number, their own address), so the analytics mask a query before it is buffered or stored.
Each kind becomes a fixed placeholder:

>>> mask_personal("rahim.uddin@example.com chest pain")
'[email] chest pain'
>>> mask_personal("nid 1990 2612 3456 789")
'nid [number]'
>>> mask_personal("house 12 road 5 dhanmondi")
'[address] dhanmondi'

Short numbers stay: they carry the medicine and identify nobody ("type 2 diabetes",
"covid 19", "vitamin b12 1000 mcg", "hba1c 7.5", "bp 140/90", "100 mg"). The text is
expected NFKC-normalised and case-folded (``analytics.normalise_query`` does both first):
NFKC turns full-width digits and at signs into ASCII, while Bangla digits stay Bangla and are
matched by ``\\d``, which in Python means every decimal digit.
"""

from __future__ import annotations

import re
import unicodedata

EMAIL, NUMBER, ADDRESS = "[email]", "[number]", "[address]"
MIN_DIGITS = 5   # digits that together make a phone, ID or account number

# Any letter, digit or Bangla sign: Bangla vowel signs are not \w, so \b fails after them.
_L = r"[\w\u0980-\u09ff]"
_LABEL = r"[^\s@.,;:()<>\[\]{}\"']+"
_TLD = r"(?:com|net|org|edu|gov|info|bd|co|io|me|ac|uk|in|us|xyz)"
_DOT = r"(?:\.|\s?[(\[{<]dot[)\]}>]\s?|\sdot\s)"

# E-mail addresses written with spaces around the @ or the dots, when a known ending shows
# they are one (rahim @ example . com, but not "headache @ night"), or with the @ and dots
# spelled out (rahim at example dot com, rahim (at) gmail.com). The local part is bounded
# and starts a word, so a long pasted token costs linear time.
_SPACED_EMAIL_RE = re.compile(
    rf"(?<!\S)[^\s@]{{1,64}}(?:\s?@\s?{_LABEL}(?:\s?\.\s?{_LABEL})*?\s?\.\s?"
    rf"|\s?(?:\sat\s|[(\[{{<]at[)\]}}>])\s?{_LABEL}(?:{_DOT}{_LABEL})*?{_DOT})"
    rf"{_TLD}(?!{_L})",
    re.IGNORECASE)

# Dates of birth with slashes (12/05/1990), and \w runs mixing letters and digits
# (eb0123456, 01712345678x): masked whole when they hold enough digits.
_CODE_RE = re.compile(r"(?<!\w)\d{1,2}/\d{1,2}/\d{2,4}(?!\w)|(?<!\w)(?=\w*[^\W\d_])\w*\d\w*")
# Digit groups however spaced or punctuated: +880 1712-345678, (+880) 1712 345678,
# ০১৭১২ ৩৪৫৬৭৮, 1990.2612.3456. A word ending in three or more digits may lead (nid1990 2612),
# one ending in fewer may not, so "vitamin b12 1000 mcg" keeps its numbers. No "(" between
# groups ("covid 19 (2020)"), no "/" or "," ("bp 140/90" and "1,000 mg" are measurements).
_NUMBER_RE = re.compile(
    r"(?<!\w)(?:[^\W\d_]+\d{3,}|[+(]{0,2}\d+)(?:[\s.)\-\u2010-\u2015]{1,3}\d+)*")

# Words that start the number-bearing parts of an address, in English, romanised Bangla and
# Bangla. "level", "unit" and "section" are left out: "sugar level 7", "insulin unit 10" and
# "c section 2" are medical.
_ADDRESS_WORDS = (
    "house", "road", "rd", "flat", "apartment", "apt", "floor", "plot", "holding", "lane",
    "ward", "sector", "building", "bldg", "street", "avenue", "suite", "post code",
    "postcode", "zip", "bari", "basa", "basha", "gali", "goli",
    "বাড়ি", "বাড়ী", "বাসা", "বাসভবন", "রোড", "সড়ক", "ফ্ল্যাট", "ফ্লাট", "প্লট", "হোল্ডিং", "লেন",
    "গলি", "ওয়ার্ড", "সেক্টর", "ভবন", "পোস্ট কোড",
)
# Blocks and flats are often letters: block c, flat b2, ব্লক গ.
_LETTERED_WORDS = ("block", "flat", "ব্লক", "ফ্ল্যাট", "ফ্লাট")
_NO = r"(?:(?:no\.?|nong|number|#|:|-|নং|নম্বর|নাম্বার)\s?)?"
# 12, 12a, 12/a, 5-1, ৩বি, 3rd, or a number already masked
_HOUSE_NUMBER = (r"(?:\d+(?:\s?[/-]\s?(?:\d+|[a-z]))?(?:[a-z]{1,2}|[\u0980-\u09ff]{1,3})?"
                 r"|\[number\])")
_LETTER = r"(?:[a-z]\d{0,3}|[\u0995-\u09b9\u09dc-\u09df]\u09bc?)"


def _words(words: tuple[str, ...]) -> str:
    # The patterns meet NFKC text, where ড় and য় are two code points each.
    forms = sorted({unicodedata.normalize("NFKC", w) for w in words}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s?") for w in forms)


_ADDRESS_RE = re.compile(unicodedata.normalize("NFKC", "|".join((
    # h#12 r#5, h-12, r/5: the one-letter forms need their mark ("h2 blocker" is a drug).
    rf"(?<!{_L})h\s?{_HOUSE_NUMBER}\s?,?\s?r\s?{_HOUSE_NUMBER}(?!{_L})",
    rf"(?<!{_L})[hr]\s?(?:#|no\.?|[-:/])\s?{_HOUSE_NUMBER}(?!{_L})",
    rf"(?<!{_L})(?:{_words(_ADDRESS_WORDS)})\s?{_NO}{_HOUSE_NUMBER}(?!{_L})",
    rf"(?<!{_L})(?:{_words(_LETTERED_WORDS)})\s?{_NO}{_LETTER}(?!{_L})",
    # 3rd floor, ৩য় তলা
    rf"(?<!{_L})\d+(?:st|nd|rd|th|ম|য়|র্থ|ষ্ঠ|তম)?\s?(?:floor|তলা)(?!{_L})",
))), re.IGNORECASE)
_REPEATED = re.compile(r"(\[(?:address|number|email)\])(?:[\s,;]*\1)+")


def _enough_digits(match: re.Match[str]) -> str:
    found = match.group()
    return NUMBER if sum(c.isdecimal() for c in found) >= MIN_DIGITS else found


def mask_personal(text: str) -> str:
    """``text`` with e-mail addresses, long numbers and address parts replaced by
    ``[email]``, ``[number]`` and ``[address]``; a run of the same placeholder becomes one.

    >>> mask_personal("call +880 1712-345678 or ০১৭১২৩৪৫৬৭৮ for type 2 diabetes")
    'call [number] or [number] for type 2 diabetes'
    >>> mask_personal("বাড়ি ১২ রোড ৫ জ্বর")
    '[address] জ্বর'
    """
    text = _SPACED_EMAIL_RE.sub(EMAIL, text)
    # Any word with an @ in it: rahim@example.com, রহিম@উদাহরণ.বাংলা, rahim@gmail, @handle.
    text = " ".join(EMAIL if "@" in word and word.strip("@") else word
                    for word in text.split())
    text = _CODE_RE.sub(_enough_digits, text)
    text = _NUMBER_RE.sub(_enough_digits, text)
    text = _ADDRESS_RE.sub(ADDRESS, text)
    return " ".join(_REPEATED.sub(r"\1", text).split())
