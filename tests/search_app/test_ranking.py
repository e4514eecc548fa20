"""The bulk scorer agrees with Whoosh's own BM25F on what matches and how it ranks, reading
the version's ranking data or (a version built before it) Whoosh's postings."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from whoosh.query import And, Or, Phrase, Term

from analyzers import keys
from corpus import Article, Section
from indexer import build, versions
from search_app.index_view import ViewManager
from search_app.ranking import (
    AllOf,
    AnyOf,
    Ranker,
    ScoringCache,
    TitleCovered,
    WithOptional,
    Words,
)

WEIGHTS = (("title", 12.0), ("aka", 8.0), ("summary", 1.5), ("body", 1.0),
           ("bangla_note", 1.2))


def whoosh_query(keys):
    if len(keys) == 1:
        return Or([Term(f, keys[0], boost=w) for f, w in WEIGHTS])
    return Or([Phrase(f, list(keys), boost=w) for f, w in WEIGHTS])


def whoosh_scores(searcher, query) -> dict[int, float]:
    return {hit.docnum: hit.score for hit in searcher.search(query, limit=None)}


@pytest.fixture(params=["ranking data", "whoosh postings"])
def rank(request, view) -> Ranker:
    """The version's scorer over its ranking data, or over Whoosh's postings as for a
    version built before the data."""
    if request.param == "ranking data":
        assert view.ranker()._data is not None
        return view.ranker()
    return Ranker(view.searcher().reader(), ScoringCache())


def article(article_id: str, text: str) -> Article:
    return Article(id=article_id, title=article_id.title(), library="disease",
                   summary=f"About {article_id}.",
                   sections=(Section("About", "definition", text),))   # in "body"


@pytest.fixture(scope="module")
def updated(tmp_path_factory):
    """A version with deleted documents: an incremental build replaced two articles. Words
    of a replaced article alone ("a0", its title) count its old copy too, as in Whoosh's
    document frequency."""
    root = tmp_path_factory.mktemp("updated")
    texts = {f"a{i}": "high blood pressure and fever " * (1 + i % 3) + "rash " * (i % 2)
             for i in range(30)}
    build.full([article(i, t) for i, t in texts.items()], root)
    build.incremental([article(i, "fever and pressure high blood" if i in ("a0", "a4")
                               else t) for i, t in texts.items()], root)
    return ViewManager(root).view()


def assert_same_as_whoosh(searcher, rank, words):
    units = [keys(w) for w in words]
    found = rank.evaluate(AllOf(tuple(Words(k, WEIGHTS) for k in units))
                          if len(units) > 1 else Words(units[0], WEIGHTS))
    theirs = whoosh_scores(searcher, And([whoosh_query(k) for k in units])
                           if len(units) > 1 else whoosh_query(units[0]))
    assert theirs, "the library should match these words"
    assert set(np.flatnonzero(found.mask & rank.live).tolist()) == set(theirs)
    for doc, score in theirs.items():
        assert found.score[doc] == pytest.approx(score, rel=1e-4)


@pytest.mark.parametrize("words", [
    ["fever"], ["blood", "test"], ["high blood pressure"], ["জ্বর"], ["malaria", "treatment"],
])
def test_scores_match_whoosh(view, rank, words):
    assert_same_as_whoosh(view.searcher(), rank, words)


@pytest.mark.parametrize("words", [["fever"], ["high blood pressure"], ["rash", "fever"],
                                   ["pressure high"], ["a0"]])
@pytest.mark.parametrize("source", ["ranking data", "whoosh postings"])
def test_scores_match_whoosh_on_a_version_with_deleted_documents(updated, source, words):
    reader = updated.searcher().reader()
    assert reader.has_deletions()
    rank = updated.ranker() if source == "ranking data" else Ranker(reader, ScoringCache())
    assert (rank._data is not None) == (source == "ranking data")
    assert_same_as_whoosh(updated.searcher(), rank, words)


def test_a_version_without_ranking_data_is_ranked_the_same(tiny_index, tmp_path):
    """Rolled back to a version built before the ranking data: the same results, from
    Whoosh's postings."""
    from indexer import postings
    from search_app import engine

    root = tmp_path / "index"
    version = versions.live_dir(tiny_index)
    shutil.copytree(version, root / version.name)
    shutil.rmtree(root / version.name / postings.FOLDER)
    (root / "CURRENT").write_text(version.name)
    old, new = ViewManager(root).view(), ViewManager(tiny_index).view()
    assert old.ranker()._data is None and new.ranker()._data is not None
    for query in ("fever", "high blood pressure", "জ্বর", '"blood sugar"', "diabetis",
                  "what are the symptoms of malaria", "library:drug"):
        for page in (1, 2):
            a, b = engine.search(old, query, page=page), engine.search(new, query, page=page)
            assert [(h.id, h.score) for h in a.hits] == [(h.id, h.score) for h in b.hits]
            assert (a.total, a.libraries, a.languages, a.letters) == \
                (b.total, b.libraries, b.languages, b.letters)


def test_any_of_and_optional_parts(rank):
    fever, rash = Words(("fever",), WEIGHTS), Words(("rash",), WEIGHTS)
    a, b = rank.evaluate(fever), rank.evaluate(rash)
    either = rank.evaluate(AnyOf((fever, rash)))
    assert (either.mask == (a.mask | b.mask)).all()
    assert np.allclose(either.score, a.score + b.score)
    optional = rank.evaluate(WithOptional(fever, rash))
    assert (optional.mask == a.mask).all()
    assert np.allclose(optional.score, a.score + b.score * a.mask)


def test_a_phrase_needs_its_words_in_order(rank):
    phrase = rank.evaluate(Words(("blood", "pressur"), (("body", 1.0),)))
    reversed_words = rank.evaluate(Words(("pressur", "blood"), (("body", 1.0),)))
    both = rank.evaluate(AllOf((Words(("blood",), (("body", 1.0),)),
                                Words(("pressur",), (("body", 1.0),)))))
    assert phrase.mask.sum() > 0
    assert phrase.mask.sum() <= both.mask.sum()
    assert not (phrase.mask & ~both.mask).any()
    assert reversed_words.mask.sum() < phrase.mask.sum()


def test_coord_favours_documents_with_more_of_the_words(rank):
    parts = (Words(("fever",), WEIGHTS), Words(("rash",), WEIGHTS), Words(("mosquito",), WEIGHTS))
    plain, coord = rank.evaluate(AnyOf(parts)), rank.evaluate(AnyOf(parts, coord=1.0))
    matched = sum(rank.evaluate(p).mask.astype(np.float32) for p in parts)
    assert (plain.mask == coord.mask).all()
    assert np.allclose(coord.score, plain.score * matched / 3)


def test_title_coverage_scales_title_matches_by_the_share_of_the_title_covered(view, rank):
    from search_app.ranking import TitleCovered

    doc = view.searcher().document_number(id="fasting-blood-sugar")   # 3 title words
    assert rank.coverage("title", ("blood", "sugar", "fever"))[doc] == pytest.approx(2 / 3)
    blood = Words(("blood",), (("title", 12.0),))
    plain = rank.evaluate(blood).score[doc]
    covered = rank.evaluate(TitleCovered(blood, ("blood",))).score[doc]
    assert covered == pytest.approx(plain * (0.25 + 0.75 / 3), rel=1e-5)
    body = Words(("blood",), (("body", 1.0),))             # other fields are left alone
    assert rank.evaluate(TitleCovered(body, ("blood",))).score[doc] == pytest.approx(
        rank.evaluate(body).score[doc])


TREES = {
    "word": Words(("fever",), WEIGHTS),
    "all of": AllOf((Words(("blood",), WEIGHTS), Words(("test",), WEIGHTS))),
    "any of, coordinated": AnyOf((Words(("fever",), WEIGHTS), Words(("rash",), WEIGHTS),
                                  Words(("blood",), WEIGHTS)), coord=1.0),
    "with optional names": WithOptional(
        AnyOf((Words(("blood",), WEIGHTS), Words(("sugar",), WEIGHTS)), coord=1.0),
        Words(("fast blood sugar",), (("names", 100.0),))),
    "phrase and word": AllOf((Words(("blood", "pressur"), WEIGHTS),
                              Words(("high",), WEIGHTS))),
    "title covered": TitleCovered(AnyOf((Words(("blood",), WEIGHTS),
                                         Words(("test",), WEIGHTS))), ("blood", "test")),
}


@pytest.fixture
def pruning(monkeypatch):
    """Pruning from the smallest sizes, with a floor from one document per list: on the
    sample library as on a large one."""
    from search_app import ranking

    monkeypatch.setattr(ranking, "PRUNE_FROM", 0)
    monkeypatch.setattr(ranking, "SEED", 1)
    monkeypatch.setattr(ranking, "SCORE_ONE", 0)   # never fall back to scoring everything
    calls = []
    scores = ranking.Ranker.scores
    monkeypatch.setattr(ranking.Ranker, "scores",
                        lambda self, node, docs: calls.append(len(docs)) or
                        scores(self, node, docs))
    return calls


@pytest.mark.parametrize("tree", list(TREES))
def test_scores_of_some_documents_are_their_full_scores_to_the_last_bit(rank, tree):
    node = TREES[tree]
    full = rank.evaluate(node)
    docs = np.flatnonzero(full.mask & rank.live)
    assert len(docs) > 2
    for some in (docs, docs[::2], docs[1::3], docs[-1:]):
        assert np.array_equal(rank.scores(node, some), full.score[some])
    assert np.array_equal(rank.matching(node), full.mask)


@pytest.mark.parametrize("tree", list(TREES))
def test_the_best_few_are_those_of_full_scoring_with_their_scores(view, tree, pruning):
    rank, node = view.ranker(), TREES[tree]
    full = rank.evaluate(node)
    docs = np.flatnonzero(full.mask & rank.live)
    libraries = rank.codes("library", ("disease", "drug", "lab-test", "cancer"))
    for allowed in (docs, docs[libraries[docs] == 0], docs[::2]):
        for count in (1, 3, 10, len(allowed) + 5):
            best, scores = rank.top(node, allowed, count)
            order = np.lexsort((allowed, -full.score[allowed]))[:count]
            assert best.tolist() == allowed[order].tolist()
            assert np.array_equal(scores, full.score[allowed[order]])
    assert any(n < len(docs) for n in pruning), "some documents were never scored"


def test_a_page_of_results_is_the_same_with_pruning_as_with_every_score(view, pruning,
                                                                        monkeypatch):
    from search_app import engine, retrieve

    queries = ["fever", "blood test", "high blood pressure", "জ্বর", "diabetes type 2",
               '"blood sugar"', "what are the symptoms of malaria", "cancer -lung",
               "headache medicine", "diabetis"]
    pages = [(q, library, page) for q in queries for library in (None, "disease")
             for page in (1, 2)]
    pruned = [engine.search(view, q, library=lib, page=p, page_size=3) for q, lib, p in pages]
    monkeypatch.setattr(retrieve.Attempt, "reorders", property(lambda self: True))
    scored = [engine.search(view, q, library=lib, page=p, page_size=3) for q, lib, p in pages]
    for a, b in zip(pruned, scored, strict=True):
        assert [(h.id, h.score) for h in a.hits] == [(h.id, h.score) for h in b.hits]
        assert (a.total, a.page, a.libraries, a.languages, a.letters) == \
            (b.total, b.page, b.libraries, b.languages, b.letters)
    assert any(a.hits for a in pruned) and pruning


def test_a_query_of_many_lists_is_scored_whole_with_the_same_best_few(view, pruning,
                                                                      monkeypatch):
    """Past PRUNE_LISTS posting lists (a long message), no seed is scored: pruning would not
    pay. The answer is the same."""
    from search_app import ranking

    rank, node = view.ranker(), TREES["any of, coordinated"]
    full = rank.evaluate(node)
    docs = np.flatnonzero(full.mask & rank.live)
    monkeypatch.setattr(ranking, "PRUNE_LISTS", 2)
    best, scores = rank.top(node, docs, 3)
    order = np.lexsort((docs, -full.score[docs]))[:3]
    assert best.tolist() == docs[order].tolist()
    assert np.array_equal(scores, full.score[docs[order]])
    assert pruning == [], "no seed was scored"


def test_every_of_words_no_document_shares_matches_nothing_and_scores_nothing(rank):
    """Words that no document has together: the answer is empty however many words follow
    (a message's AND stops at the first empty step), scored or not."""
    fever, malaria = Words(("fever",), WEIGHTS), Words(("malaria",), WEIGHTS)
    never = Words(("xyzzyquux",), WEIGHTS)
    node = AllOf((fever, never, malaria))
    found = rank.evaluate(node)
    assert not found.mask.any() and not found.score.any()
    assert not rank.matching(node).any()
    together = rank.evaluate(AllOf((fever, malaria)))
    assert together.mask.any(), "the two words alone do share documents"


@pytest.mark.parametrize("node", [Words(("fever",), WEIGHTS), Words(("fever",), (("body", 1.0),)),
                                  TitleCovered(Words(("fever",), WEIGHTS), ("fever", "rash"))])
def test_a_scored_word_matches_exactly_where_its_lists_hold_it(rank, node):
    """A scored word's matches are taken from where its score is positive: exactly the
    documents its lists hold, as the unscored match says."""
    assert (rank.evaluate(node).mask == rank.matching(node)).all()
    held = np.zeros(rank.size, dtype=bool)
    for field, _ in (node.node if isinstance(node, TitleCovered) else node).weights:
        held[rank.postings(field, "fever")[0]] = True
    assert (rank.matching(node) == held).all() and held.any()


def test_a_title_coverage_floor_must_leave_title_matches_some_weight():
    with pytest.raises(ValueError, match="floor"):
        TitleCovered(Words(("fever",), WEIGHTS), ("fever",), floor=0.0)


def test_a_words_impacts_are_its_fields_scores_summed_over_the_documents_holding_it(rank):
    ids, impacts = rank.impacts("fever", WEIGHTS)
    expected = np.zeros(rank.size, dtype=np.float32)
    for field, weight in WEIGHTS:
        held, scores = rank.bm25(field, "fever")
        expected[held] += scores * np.float32(weight)
    assert ids.tolist() == np.flatnonzero(expected).tolist() and len(ids)
    assert np.array_equal(impacts, expected[ids])   # the same bits, field by field


@pytest.mark.parametrize("node", [
    Words(("fever",), WEIGHTS),
    TitleCovered(AnyOf((Words(("fever",), WEIGHTS), Words(("malaria",), WEIGHTS)), 1.0),
                 ("fever", "malaria", "rash", "cough")),
])
def test_a_word_scores_the_same_from_its_impacts_as_field_by_field(rank, node, monkeypatch):
    """Impacts are kept for words held by at most IMPACTS_UP_TO postings; a word past that is
    scored field by field, with the same matches and scores (to float32 rounding where a
    title scale is added apart)."""
    from search_app import ranking

    summed, some = rank.evaluate(node), np.flatnonzero(rank.evaluate(node).mask)[:7]
    subset = rank.scores(node, some)
    monkeypatch.setattr(ranking, "IMPACTS_UP_TO", -1)
    by_field = Ranker(rank._reader, ScoringCache(rank._data)).evaluate(node)
    assert (summed.mask == by_field.mask).all() and summed.mask.any()
    assert np.allclose(summed.score, by_field.score, rtol=1e-6, atol=0)
    assert np.array_equal(subset, summed.score[some])   # a selection scores as all do


def test_the_intersection_of_two_sorted_lists_is_numpys():
    from search_app.ranking import _intersection

    rng = np.random.default_rng(5)
    for size_a, size_b in ((0, 5), (5, 0), (1, 1), (30, 2000), (2000, 30), (500, 500)):
        a = np.unique(rng.integers(0, 3000, size_a)).astype(np.int64)
        b = np.unique(rng.integers(0, 3000, size_b)).astype(np.int64)
        assert _intersection(a, b).tolist() == np.intersect1d(a, b).tolist()
