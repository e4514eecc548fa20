"""Step 3: the first strategy that finds articles gives the results."""

from __future__ import annotations

import numpy as np

from search_app import retrieve as retrieval
from search_app.plan import plan
from search_app.query import parse
from search_app.retrieve import Attempt, Matches, Retrieved, retrieve
from search_app.understand import understand


def attempt(view, text: str, **kwargs) -> Attempt:
    found = understand(view, parse(text), interpret=kwargs.get("correct", True))
    return Attempt(view, found, plan(found), kwargs.pop("page_size", 10), **kwargs)


def test_the_strategies_in_order():
    assert [s.__name__ for s in retrieval.STRATEGIES] == [
        "few_with_every_word", "every_word", "any_word"]


def test_many_articles_with_every_word_are_the_results(view):
    tried = attempt(view, "fever")
    assert retrieval.few_with_every_word(tried) is None   # one word: nothing looser to add
    found = retrieve(tried)
    assert found.matches is tried.strict and len(found.matches) > 10
    assert found.matched_all_words and found.showing_for is None


def test_few_with_every_word_come_first_then_those_with_some(view):
    tried = attempt(view, "malaria mosquito")
    every = set(tried.strict.docs.tolist())
    found = retrieve(tried)
    assert found.all_words_total == len(every) and 0 < len(every) < 10
    order = found.matches.docs[np.argsort(-found.matches.scores[found.matches.docs],
                                          kind="stable")].tolist()
    assert set(order[:len(every)]) == every
    assert len(found.matches) > len(every)


def test_unknown_words_are_searched_as_corrected_in_every_strategy(view):
    found = retrieve(attempt(view, "diabetis"))
    assert found.showing_for.words == ("diabetes",)
    assert "diabet" in found.highlight.keys
    as_typed = retrieve(attempt(view, "diabetis", correct=False))
    assert as_typed.showing_for is None and not len(as_typed.matches)


def test_any_word_when_no_article_has_them_all(view):
    found = retrieve(attempt(view, "malaria qwertyzzz"))
    assert not found.matched_all_words and len(found.matches)


def test_nothing_anywhere_is_an_empty_answer(view):
    found = retrieve(attempt(view, "qwertyuiopasdf zzzzqqq"))
    assert len(found.matches) == 0


def test_a_new_strategy_is_one_entry(view, monkeypatch):
    chosen = Retrieved(Matches(np.array([0]), np.ones(1, dtype=np.float32)),
                       attempt(view, "fever").highlight)
    monkeypatch.setattr(retrieval, "STRATEGIES",
                        (lambda tried: chosen, *retrieval.STRATEGIES))
    assert retrieve(attempt(view, "fever")).matches is chosen.matches


def test_exclusions_hold_in_every_strategy(view):
    for text in ("fever -mosquito", "fevr -mosquito", "fever qwertyzzz -mosquito"):
        tried = attempt(view, text)
        found = retrieve(tried)
        mosquito = set(attempt(view, "mosquito").strict.docs.tolist())
        assert len(found.matches) and not set(found.matches.docs.tolist()) & mosquito, text


def test_a_bangla_question_is_answered_in_bangla_first_a_bangla_name_finds_the_topic(
        tmp_path):
    from corpus import Article, Section
    from indexer import build
    from search_app import engine
    from search_app.index_view import ViewManager

    build.full([
        Article("bronchitis", "Bronchitis", "disease",
                "Bronchitis is inflammation of the airways that carry air to the lungs.",
                (Section("Symptoms", "symptoms", "A cough that brings up mucus."),)),
        Article("bn-bronchitis", "ব্রঙ্কাইটিস হল শ্বাসনালীর প্রদাহ", "disease",
                "ব্রঙ্কাইটিস হলে কাশি হয় এবং কফ ওঠে।", lang="bn"),
        Article("bn-eczema", "ত্বকের যত্ন", "disease",
                "শীতে ত্বক শুকিয়ে যায়; ব্রঙ্কাইটিস আর হাঁপানির রোগীরাও সাবধান থাকুন।",
                lang="bn"),
    ], tmp_path)
    view = ViewManager(tmp_path).view()
    first = [h.id for h in engine.search(view, "ব্রঙ্কাইটিস কী?").hits]
    assert first[0] == "bn-bronchitis"                 # a Bangla answer first
    named = [h.id for h in engine.search(view, "ব্রঙ্কাইটিস").hits]
    assert named[0] == "bn-bronchitis"                 # a Bangla article about it
    assert named.index("bronchitis") < named.index("bn-eczema")   # not a passing mention


def ranked(view, found: Retrieved) -> list[str]:
    docs = found.matches.docs
    order = docs[np.lexsort((docs, -found.matches.scores[docs]))]
    return [view.searcher().stored_fields(int(d))["id"] for d in order]


def test_emergencies_move_up_in_their_order_and_nothing_else_changes(view):
    plain = retrieve(attempt(view, "cough fever"))
    urgent = retrieve(attempt(view, "cough fever", emergencies=(("pneumonia",), ("tuberculosis",))))
    assert np.array_equal(urgent.matches.docs, plain.matches.docs)   # nothing added
    before, after = ranked(view, plain), ranked(view, urgent)
    assert after[:2] == ["pneumonia", "tuberculosis"]
    assert after[2:] == [i for i in before if i not in after[:2]]


def test_what_the_query_names_stays_above_the_emergencies(view):
    found = ranked(view, retrieve(attempt(view, "chest x-ray", emergencies=(("heart attack",),))))
    assert found[:2] == ["chest-x-ray", "heart-attack"]


def test_emergencies_found_by_other_names_and_never_pulled_in(view):
    # "heart attacks" is the title's name in another form; "Stroke" does not match.
    found = retrieve(attempt(view, "chest x-ray", emergencies=(("stroke",), ("heart attacks",))))
    assert "stroke" not in ranked(view, found)
    assert ranked(view, found)[1] == "heart-attack"
    unmatched = retrieve(attempt(view, "chest x-ray", emergencies=(("stroke",),)))
    assert ranked(view, unmatched) == ranked(view, retrieve(attempt(view, "chest x-ray")))


def test_a_long_message_naming_a_sign_in_passing_keeps_its_ranking(view):
    message = ("I have taken amlodipine for my blood pressure for two years and my ankles "
               "swell, sometimes with a little chest pain at night; should I change it?")
    plain = ranked(view, retrieve(attempt(view, message)))
    urgent = ranked(view, retrieve(attempt(view, message, emergencies=(("heart attack",),))))
    assert "heart-attack" in plain and urgent == plain


def test_bangla_articles_stay_first_for_a_bangla_query_then_the_emergencies(tmp_path):
    from corpus import Article
    from indexer import build
    from search_app import engine
    from search_app.index_view import ViewManager

    build.full([
        Article("x-ray", "Chest X-Ray", "lab-test",
                "A chest X-ray shows the lungs; it helps find the cause of shortness of "
                "breath, shortness of breath at night and a cough."),
        Article("asthma", "Asthma", "disease",
                "Asthma narrows the airways and causes wheezing and shortness of breath."),
        Article("bn-breath", "শ্বাসকষ্ট হলে কী করবেন", "disease",
                "শ্বাসকষ্ট হলে সোজা হয়ে বসুন এবং দ্রুত হাসপাতালে যান।", lang="bn"),
    ], tmp_path)
    found = engine.search(ViewManager(tmp_path).view(), "শ্বাসকষ্ট")
    assert found.notice is not None
    assert [h.id for h in found.hits] == ["bn-breath", "asthma", "x-ray"]


def test_loose_matches_are_found_and_scored_in_one_pass_when_every_score_is_needed(
        view, monkeypatch):
    """Few with every word needs every loose score, and so does the page of a long message
    (past PRUNE_LISTS lists): the loose query is evaluated once, never matched first and
    scored after. The answer is the same as with two passes."""
    from search_app import engine, ranking

    passes = []
    for name in ("evaluate", "matching"):
        real = getattr(ranking.Ranker, name)
        monkeypatch.setattr(ranking.Ranker, name, lambda self, node, *a, _r=real, _n=name, **k:
                            passes.append((_n, node)) or _r(self, node, *a, **k))

    tried = attempt(view, "malaria mosquito")
    retrieve(tried)
    assert [n for n, node in passes if node == tried.plan.loose] == ["evaluate"]

    query = "my father has fever and cough and a rash since monday what should we do"
    two_passes = engine.search(view, query)
    passes.clear()
    monkeypatch.setattr(ranking, "PRUNE_LISTS", 3)
    one_pass = engine.search(view, query)
    loose = attempt(view, query).plan.loose
    assert [n for n, node in passes if node == loose] == ["evaluate"]
    assert [(h.id, h.score) for h in one_pass.hits] == [(h.id, h.score) for h in two_passes.hits]
    assert one_pass.total == two_passes.total and not one_pass.matched_all_words
