"""Is a query a question? (data/question_words.txt: কি, কেন, কিভাবে, …; or a "?")

A Bangla question wants an answer to read, in Bangla if the library has one; a bare Bangla
name looks for the topic, which is most often an English article.
"""

from __future__ import annotations

from functools import cache
from itertools import pairwise
from pathlib import Path

from analyzers.bangla import BanglaNormalizer
from analyzers.normalize import icu_fold
from analyzers.tokenizers import word_spans

DATA = Path(__file__).parent / "data"


def _form(word: str) -> str:
    return BanglaNormalizer(True).normalize(icu_fold(word))


@cache
def question_words(path: Path | None = None) -> frozenset[str]:
    lines = (path or DATA / "question_words.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(_form(w) for line in lines if (w := line.strip()) and not w.startswith("#"))


def is_question(text: str) -> bool:
    """``জ্বর কেন হয়`` and ``fever?`` are questions; ``জ্বর`` is not.

    >>> is_question("জ্বর কেন হয়"), is_question("জ্বর")
    (True, False)
    """
    if "?" in text or "\uff1f" in text:
        return True
    words = question_words()
    spans = [text[s:e] for s, e in word_spans(text)]
    return any(_form(w) in words for w in spans) or any(
        _form(f"{a} {b}") in words for a, b in pairwise(spans))
