"""The bulk scorer agrees with Whoosh's own BM25F on what matches and how it ranks."""

from __future__ import annotations

import numpy as np
import pytest
from whoosh.query import And, Or, Phrase, Term

from analyzers import keys
from search_app.ranking import AllOf, AnyOf, WithOptional, Words

WEIGHTS = (("title", 12.0), ("aka", 8.0), ("summary", 1.5), ("body", 1.0),
           ("bangla_note", 1.2))


def whoosh_query(keys):
    if len(keys) == 1:
        return Or([Term(f, keys[0], boost=w) for f, w in WEIGHTS])
    return Or([Phrase(f, list(keys), boost=w) for f, w in WEIGHTS])


def whoosh_scores(searcher, query) -> dict[int, float]:
    return {hit.docnum: hit.score for hit in searcher.search(query, limit=None)}


@pytest.mark.parametrize("words", [
    ["fever"], ["blood", "test"], ["high blood pressure"], ["জ্বর"], ["malaria", "treatment"],
])
def test_scores_match_whoosh(view, words):
    searcher = view.searcher()
    units = [keys(w) for w in words]
    ours = view.ranker().evaluate(AllOf(tuple(Words(k, WEIGHTS) for k in units))
                                 if len(units) > 1 else Words(units[0], WEIGHTS))
    theirs = whoosh_scores(searcher, And([whoosh_query(k) for k in units])
                           if len(units) > 1 else whoosh_query(units[0]))
    assert theirs, "the sample library should match these words"
    assert set(np.flatnonzero(ours.mask).tolist()) == set(theirs)
    for doc, score in theirs.items():
        assert ours.score[doc] == pytest.approx(score, rel=1e-4)


def test_any_of_and_optional_parts(view):
    fever, rash = Words(("fever",), WEIGHTS), Words(("rash",), WEIGHTS)
    rank = view.ranker()
    a, b = rank.evaluate(fever), rank.evaluate(rash)
    either = rank.evaluate(AnyOf((fever, rash)))
    assert (either.mask == (a.mask | b.mask)).all()
    assert np.allclose(either.score, a.score + b.score)
    optional = rank.evaluate(WithOptional(fever, rash))
    assert (optional.mask == a.mask).all()
    assert np.allclose(optional.score, a.score + b.score * a.mask)


def test_a_phrase_needs_its_words_in_order(view):
    rank = view.ranker()
    phrase = rank.evaluate(Words(("blood", "pressur"), (("body", 1.0),)))
    reversed_words = rank.evaluate(Words(("pressur", "blood"), (("body", 1.0),)))
    both = rank.evaluate(AllOf((Words(("blood",), (("body", 1.0),)),
                                Words(("pressur",), (("body", 1.0),)))))
    assert phrase.mask.sum() > 0
    assert phrase.mask.sum() <= both.mask.sum()
    assert not (phrase.mask & ~both.mask).any()
    assert reversed_words.mask.sum() < phrase.mask.sum()


def test_coord_favours_documents_with_more_of_the_words(view):
    rank = view.ranker()
    parts = (Words(("fever",), WEIGHTS), Words(("rash",), WEIGHTS), Words(("mosquito",), WEIGHTS))
    plain, coord = rank.evaluate(AnyOf(parts)), rank.evaluate(AnyOf(parts, coord=1.0))
    matched = sum(rank.evaluate(p).mask.astype(np.float32) for p in parts)
    assert (plain.mask == coord.mask).all()
    assert np.allclose(coord.score, plain.score * matched / 3)


def test_title_coverage_scales_title_matches_by_the_share_of_the_title_covered(view):
    from search_app.ranking import TitleCovered

    rank = view.ranker()
    doc = view.searcher().document_number(id="fasting-blood-sugar")   # 3 title words
    assert rank.coverage("title", ("blood", "sugar", "fever"))[doc] == pytest.approx(2 / 3)
    blood = Words(("blood",), (("title", 12.0),))
    plain = rank.evaluate(blood).score[doc]
    covered = rank.evaluate(TitleCovered(blood, ("blood",))).score[doc]
    assert covered == pytest.approx(plain * (0.25 + 0.75 / 3), rel=1e-5)
    body = Words(("blood",), (("body", 1.0),))             # other fields are left alone
    assert rank.evaluate(TitleCovered(body, ("blood",))).score[doc] == pytest.approx(
        rank.evaluate(body).score[doc])
