"""Step 2: the query tree, and apart from it what snippets mark."""

from __future__ import annotations

import pytest

from search_app import plan as planning
from search_app.query import parse
from search_app.ranking import AllOf, AnyOf, WithOptional, Words
from search_app.understand import understand


def planned(view, text: str):
    found = understand(view, parse(text))
    return planning.plan(found), planning.highlight(found)


def test_only_stop_words_have_no_plan(view):
    assert planned(view, "the of and")[0] is None


def test_one_word_is_strict_with_the_exact_name_bonus_and_no_loose_plan(view):
    plan, _ = planned(view, "scabies")
    assert plan.loose is None and plan.exclude is None
    assert isinstance(plan.strict, WithOptional)
    assert plan.strict.optional == Words(("scabi",), (("names", planning.NAME_WEIGHT),))
    assert plan.strict.required.keys == ("scabi",)
    assert dict(plan.strict.required.weights) == planning.FIELD_WEIGHTS


def test_several_words_all_required_or_any_with_coordination(view):
    plan, _ = planned(view, "malaria mosquito")
    assert isinstance(plan.strict.required, AllOf) and len(plan.strict.required.parts) == 2
    assert isinstance(plan.loose.required, AnyOf)
    assert plan.loose.required.coord == planning.LOOSE_COORD


def test_a_named_section_weighs_more_and_its_words_are_optional(view):
    plan, marked = planned(view, "side effects of methotrexate")
    with_section = plan.strict.required   # (methotrexate) with optional (side effects)
    assert isinstance(with_section, WithOptional)
    weights = dict(with_section.required.weights)
    assert weights["side_effects"] == pytest.approx(
        planning.FIELD_WEIGHTS["side_effects"] + planning.SECTION_BOOST)
    assert marked.section == "side_effects"
    assert {"side", "effect"} <= marked.weak_keys      # and "adverse", their other name
    assert "methotrex" in marked.keys - marked.weak_keys


def test_section_words_alone_are_not_weak(view):
    _, marked = planned(view, "side effects")
    assert marked.weak_keys == frozenset()


def test_other_names_count_a_little_less(view):
    plan, marked = planned(view, "high blood pressure")
    choices = plan.strict.required
    assert isinstance(choices, AnyOf)
    own, other = choices.parts[0], choices.parts[1]
    assert isinstance(own, AllOf)
    assert dict(other.weights)["title"] == pytest.approx(
        planning.FIELD_WEIGHTS["title"] * planning.ALTERNATIVE_WEIGHT)
    assert "hypertens" in marked.keys    # snippets mark the other names too


def test_exclusions_become_their_own_tree(view):
    plan, marked = planned(view, "fever -mosquito")
    assert plan.exclude == Words(("mosquito",), tuple(planning.FIELD_WEIGHTS.items()))
    assert "mosquito" not in marked.keys
