"""Step 3 of a search: which articles match, and their scores, by the first strategy that
finds any.

Strategies, in order (``STRATEGIES``; a new one is one entry):

1. ``few_with_every_word``: a few articles have every word: they come first, then those
   with most of the words, rather than leave a question-shaped query with two answers;
2. ``every_word``: every required word matches;
3. ``any_word``: any word may match, scored by how many did.

Words no article uses are searched as typed or as corrected from the index vocabulary
(``understand``), in every strategy; the results then say "Showing results for …".

Each takes the :class:`Attempt` and returns a :class:`Retrieved`, or None to pass. Then the
order is adjusted, never what matches: a Bangla query's Bangla articles first
(``in_readers_language``), and for a query naming a danger sign, the articles about the
emergencies it signals (``emergencies_first``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np

from corpus.article import LANGUAGES
from indexer.schema import name_key
from search_app import plan as planning
from search_app.index_view import IndexView
from search_app.paging import page_of
from search_app.query import ParsedQuery
from search_app.ranking import Node, Ranker
from search_app.understand import Understanding

ALL_WORDS_BOOST = 10.0  # articles with every word rank above those with some


class Matches:
    """The documents a query matches (sorted document numbers), and their scores: every
    document's (``scores``), computed when first asked, or the best of some (``best``).

    Made from a query tree, only the matches are known at first; ``best`` then scores only
    documents that can be among the best (``Ranker.top``), so a page of a query over
    common words does not cost a score for each of its thousands of matches. Ordering
    steps that need every score (the reader's language first, emergencies first, every
    word first) ask for ``scores``.
    """

    __slots__ = ("_node", "_rank", "_scores", "docs")

    def __init__(self, docs: np.ndarray, scores: np.ndarray | None = None, *,
                 rank: Ranker | None = None, node: Node | None = None) -> None:
        self.docs = docs
        self._scores = scores
        self._rank, self._node = rank, node

    def __len__(self) -> int:
        return len(self.docs)

    @property
    def scores(self) -> np.ndarray:
        """Every document's score (0 where it does not match)."""
        if self._scores is None:
            self._scores = self._rank.evaluate(self._node).score
        return self._scores

    def scores_of(self, docs: np.ndarray) -> np.ndarray:
        """The scores of some of the matches (sorted)."""
        if self._scores is None:
            return self._rank.scores(self._node, docs)
        return self._scores[docs]

    def best(self, allowed: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
        """The ``count`` best of ``allowed`` (some of the matches, sorted), best first,
        ties in document order, and their scores."""
        if self._scores is None:
            return self._rank.top(self._node, allowed, count)
        shown = page_of(-self._scores, allowed, 1, count)[0] if count else allowed[:0]
        return shown, self._scores[shown]


@dataclass(frozen=True, slots=True)
class Retrieved:
    matches: Matches
    highlight: planning.Highlight
    showing_for: ParsedQuery | None = None   # the query as corrected, when words were
    corrections: tuple[tuple[str, str], ...] = ()   # (as typed, as searched) per word
    matched_all_words: bool = True
    all_words_total: int | None = None      # with few_with_every_word: how many had all


@dataclass
class Attempt:
    """What every strategy may use; the strict matches are computed once, when first asked."""

    view: IndexView
    understood: Understanding
    plan: planning.Plan
    page_size: int
    correct: bool = True   # False: the reader asked for the query as typed
    # A query naming a danger sign: the names of the articles to list first, tier by tier
    # (engine._emergencies: "chest pain", then "heart attack", then "angina" ...); () for
    # most queries.
    emergencies: tuple[tuple[str, ...], ...] = ()
    highlight: planning.Highlight = field(init=False)

    def __post_init__(self) -> None:
        self.highlight = planning.highlight(self.understood)

    def matching(self, query: Node, exclude: Node | None = None, *,
                 scored: bool = False) -> Matches:
        """The documents matching ``query`` and not ``exclude``; scored when asked, or at
        once when the order will need every score (``scored``, ``reorders``): one pass over
        the posting lists instead of one for the matches and one for the scores."""
        rank = self.view.ranker()
        if scored or self.reorders:
            found = rank.evaluate(query)
            mask, scores = found.mask & rank.live, found.score
        else:
            mask, scores = rank.matching(query) & rank.live, None
        if exclude is not None:
            mask &= ~rank.matching(exclude, mask)
        return Matches(np.flatnonzero(mask), scores, rank=rank, node=query)

    @property
    def reorders(self) -> bool:
        """Will the order be adjusted (``in_readers_language``, ``emergencies_first``)?"""
        return self.plan.own_language is not None or bool(self.emergencies)

    @cached_property
    def strict(self) -> Matches:
        return self.matching(self.plan.strict, self.plan.exclude)


Strategy = Callable[[Attempt], Retrieved | None]


def few_with_every_word(attempt: Attempt) -> Retrieved | None:
    every, loose = attempt.strict, attempt.plan.loose
    if loose is None or not 0 < len(every) < attempt.page_size:
        return None
    some = attempt.matching(loose, attempt.plan.exclude, scored=True)
    scores = some.scores.copy()
    scores[every.docs] += np.float32(ALL_WORDS_BOOST) * every.scores_of(every.docs)
    return Retrieved(Matches(some.docs, scores), attempt.highlight,
                     all_words_total=len(every))


def every_word(attempt: Attempt) -> Retrieved | None:
    return Retrieved(attempt.strict, attempt.highlight) if len(attempt.strict) else None


def any_word(attempt: Attempt) -> Retrieved | None:
    if attempt.plan.loose is None:
        return None
    loose = attempt.plan.loose
    # A long message's page is found by scoring every match anyway (Ranker.top).
    found = attempt.matching(loose, attempt.plan.exclude,
                             scored=attempt.view.ranker().scores_every_match(loose))
    return Retrieved(found, attempt.highlight, matched_all_words=False) if len(found) else None


STRATEGIES: tuple[Strategy, ...] = (few_with_every_word, every_word, any_word)


def retrieve(attempt: Attempt) -> Retrieved:
    """The first strategy's answer, articles in the reader's language first; nothing found
    is an empty answer."""
    for strategy in STRATEGIES:
        found = strategy(attempt)
        if found is not None:
            if attempt.correct and attempt.understood.corrected is not None:
                found = replace(found, showing_for=attempt.understood.corrected,
                                corrections=tuple((w.text, w.correction)
                                                  for w in attempt.understood.words
                                                  if w.correction))
            return in_readers_language(attempt, emergencies_first(attempt, found))
    return Retrieved(attempt.strict, attempt.highlight)


def in_readers_language(attempt: Attempt, found: Retrieved) -> Retrieved:
    """A Bangla query: the Bangla articles that have all its Bangla words come first (a
    Bangla reader is best served in Bangla), then the English ones found by translation."""
    own = attempt.plan.own_language
    if own is None or not len(found.matches):
        return found
    rank = attempt.view.ranker()
    bangla = rank.codes("lang", LANGUAGES) == LANGUAGES.index("bn")
    first = rank.matching(own) & bangla
    first_docs = found.matches.docs[first[found.matches.docs]]
    if not len(first_docs):
        return found
    scores = found.matches.scores.copy()
    scores[first_docs] += scores[found.matches.docs].max() + np.float32(1)
    return replace(found, matches=Matches(found.matches.docs, scores))


def emergencies_first(attempt: Attempt, found: Retrieved) -> Retrieved:
    """A query naming a danger sign ("chest pain"): among the articles found, those about the
    emergencies it signals (*Heart Attack*, *Angina*, by title or other name) come first, in
    the danger-sign data's order, then the rest as ranked. Before them come the articles the
    reader named (they lead by the exact-name rule already) and those about the sign itself
    (*Chest Pain*, *Fainting* for "অজ্ঞান"). A Bangla query's Bangla articles still come
    first (``in_readers_language`` runs after), in this order among themselves.

    Nothing is added: an article that does not match the query is not pulled in, so totals,
    facets and snippets stay true to the query. A long message (more words than
    ``plan.COVERAGE_FROM``) that names a sign in passing ("… my anti-seizure medication …")
    keeps its ranking: it is about something else, and the notice is shown all the same."""
    understood = attempt.understood
    if not attempt.emergencies or not len(found.matches) \
            or len(understood.words) > planning.COVERAGE_FROM:
        return found
    rank = attempt.view.ranker()
    named = [understood.name, *understood.spotted, *understood.subject,
             *understood.translated_names]
    tiers = [[n for n in named if n],
             *([name_key(n) for n in names] for names in attempt.emergencies)]
    tier = np.full(rank.size, len(tiers), dtype=np.int64)   # past the last: not moved
    for place, names in reversed(list(enumerate(tiers))):
        for name in names:
            tier[rank.postings("names", name)[0]] = place
    docs = found.matches.docs
    moved = docs[tier[docs] < len(tiers)]
    if not (tier[moved] > 0).any():
        return found   # only what the reader named: the ranking stands
    # Each tier sits above the next by more than any score, so within a tier the order
    # stays (float64: float32 would round the scores away at these sizes).
    scores = found.matches.scores.astype(np.float64)
    step = scores[docs].max() + 1.0
    scores[moved] += step * (len(tiers) - tier[moved])
    return replace(found, matches=Matches(docs, scores))
