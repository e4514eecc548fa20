from __future__ import annotations

from search_app import related


def test_related_links_a_disease_to_its_tests_and_medicines(searcher):
    found = related.related(searcher, "dengue-fever")
    assert "dengue-ns1-antigen-test" in [r.id for r in found.by_library["lab-test"]]
    assert "paracetamol" in [r.id for r in found.by_library["drug"]]
    assert all(r.strength >= related.THRESHOLD for rs in found.by_library.values() for r in rs)


def test_related_can_honestly_have_nothing(searcher):
    assert related.related(searcher, "retinoblastoma").by_library["drug"] == []
    assert related.related(searcher, "no-such-article") is None
