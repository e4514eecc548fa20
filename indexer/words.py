"""Word tables of an index version: what understanding a query looks the reader's words up in.

The spelling vocabulary (did-you-mean), every article name (exact and spotted names), the
version's Bangla words by romanisation key (Bangla typed in Latin letters), its English
words by sound (loanwords) and the expander (synonyms, glossary pairs, bilingual lexicon).
Each is made from the version's lexicons and glossary with the analyzers' code and data:
made in a search worker, they took the first queries of every new or recycled worker 1.5 s
at 50,000 articles (lexicons read through Whoosh, every word analysed). The reindex job makes
them once and stores them with the version (:func:`store`, ``rxsearch-words.pickle``, about
1.5 MB at 50,000 articles); a worker loads them in about 30 ms (:func:`load`).

They are stamped with a digest of the analyzers package (its code and its data): a worker
whose analyzers differ from those of the build (a deploy of new synonyms without a reindex)
makes its own from the index, as before, and so does a worker serving a version built
before them.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
import time
import uuid
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from whoosh.reading import IndexReader

import analyzers
from analyzers import keys
from analyzers.expand import Expander, default_expander
from analyzers.lexicon import default_entries
from analyzers.loanwords import LoanwordMatcher
from analyzers.normalize import is_bangla
from analyzers.romanised import RomanisedReader
from indexer import versions
from indexer.schema import field_names

log = logging.getLogger(__name__)

FILE = versions.WORDS
FORMAT = 1
SPELLING_FIELD = "spelling"
# A medical search box is typed into for medical words: a lexicon headword is read before
# any other word of the same sound, however common (ব্রণ, acne, before বরং, rather).
LEXICON_WEIGHT = 1000.0


@dataclass(frozen=True, slots=True)
class WordTables:
    """Every word table of one version (see the module docstring)."""

    vocabulary: list[str]
    names: tuple[frozenset[str], int]   # the names, and the most words a name has
    expander: Expander
    romanised: RomanisedReader
    loanwords: LoanwordMatcher


def vocabulary(reader: IndexReader) -> list[str]:
    """Every word of the spelling field: what did-you-mean may offer."""
    return [word.decode("utf-8") for word in reader.lexicon(SPELLING_FIELD)]


def names(reader: IndexReader) -> tuple[frozenset[str], int]:
    """Every article name as its analysed keys joined by spaces (the ``names`` field), and
    the most words a name has."""
    found = frozenset(t.decode("utf-8") for t in reader.lexicon("names"))
    return found, max((n.count(" ") + 1 for n in found), default=1)


def loanwords(reader: IndexReader, words: list[str]) -> LoanwordMatcher:
    """The version's English words (as written), for Bangla words spelt from them."""
    # The analysed words of titles and other names, read once from their lexicons.
    named = {t.decode("utf-8") for f in field_names(kind="name") for t in reader.lexicon(f)}

    def in_a_name(word: str) -> bool:
        found = keys(word)
        return len(found) == 1 and found[0] in named

    return LoanwordMatcher((w, in_a_name(w)) for w in words if w.isascii())


def romanised(reader: IndexReader, words: list[str]) -> RomanisedReader:
    """Real Bangla words (the version's and the lexicon's), for Bangla typed in Latin."""
    weights = {w: float(reader.doc_frequency(SPELLING_FIELD, w)) for w in words
               if is_bangla(w)}
    for entry in default_entries():
        for word in {entry.bangla, *entry.bangla.split()}:
            weights[word] = weights.get(word, 0.0) + LEXICON_WEIGHT
    # Stop words (বরং, করে) are never what a reader typed a word for.
    return RomanisedReader((w, n) for w, n in weights.items() if keys(w))


def build(reader: IndexReader, glossary: list[tuple[str, str]]) -> WordTables:
    words = vocabulary(reader)
    return WordTables(words, names(reader), default_expander(glossary),
                      romanised(reader, words), loanwords(reader, words))


def store(version_dir: Path) -> float:
    """Make the version's word tables and write them beside its index (a new file, never
    one linked from an older version); the seconds it took."""
    started = time.monotonic()
    with versions.open_index(version_dir).reader() as reader:
        tables = build(reader, versions.read_glossary(version_dir))
    tmp = version_dir / f".{FILE}.{uuid.uuid4().hex}"
    with tmp.open("wb") as out:
        pickle.dump({"format": FORMAT, "analyzers": analyzers_digest(), "tables": tables},
                    out, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, version_dir / FILE)
    return time.monotonic() - started


def load(version_dir: Path) -> WordTables | None:
    """The version's stored word tables; None when it has none, or they were made by other
    analyzers than this process runs (it then makes its own)."""
    collecting = gc.isenabled()
    try:
        # Our own build's output, like Whoosh's pickles. Some 200,000 small objects: the
        # collector, left on, would walk them all several times over (a third of the time).
        gc.disable()
        with (version_dir / FILE).open("rb") as stored:
            found = pickle.load(stored)
    except FileNotFoundError:
        return None
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError) as err:
        log.warning("word tables of %s unreadable (%s): made again", version_dir.name, err)
        return None
    finally:
        if collecting:
            gc.enable()
    if found.get("format") != FORMAT or found.get("analyzers") != analyzers_digest():
        log.info("word tables of %s were made by other analyzers: made again",
                 version_dir.name)
        return None
    return found["tables"]


@cache
def analyzers_digest() -> str:
    """A digest of the analyzers package, its code and its data files."""
    root = Path(analyzers.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()
                       and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
