"""A stop-gap analyzer for the walking skeleton, until the ICU chains land.

Whoosh's default word pattern (``\\w+``) splits Bangla words at every vowel sign and virama
(``জ্বর`` becomes ``জ``, ``বর``), because Python's ``\\w`` does not cover combining marks.
This pattern keeps runs of the Bengali block (plus ZWJ/ZWNJ) together instead, so whole
Bangla words at least match whole Bangla words. English words get Whoosh's stop list and
Porter stemming. The ICU analyzers (segmentation, normalisation, Bangla stemming) replace it.
"""

from __future__ import annotations

from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter

# Bump when analysis changes: an index built with another version must be rebuilt.
ANALYSIS_VERSION = "interim-1"

WORD_PATTERN = r"[\u0980-\u09FF\u200c\u200d]+|[^\W_]+(?:['’][^\W_]+)?"


def text_analyzer():
    """Tokenise, lowercase, drop English stop words, stem English.

    >>> [t.text for t in text_analyzer()("Headaches and জ্বরের ওষুধ")]
    ['headach', 'জ্বরের', 'ওষুধ']
    """
    return (RegexTokenizer(WORD_PATTERN) | LowercaseFilter()
            | StopFilter(minsize=1) | StemFilter(lang="en", cachesize=50_000))
