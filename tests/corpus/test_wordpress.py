from __future__ import annotations

import json
from pathlib import Path

from corpus import Article, ImportReport, Rejection
from corpus.importers import wordpress

WP = Path(__file__).parent / "fixtures" / "wordpress"


def split(items):
    items = list(items)
    return ([i for i in items if isinstance(i, Article)],
            [i for i in items if isinstance(i, Rejection)])


def test_rest_posts_map_categories_to_libraries_and_skip_drafts():
    articles, rejections = split(wordpress.read_rest(WP / "posts.json"))
    assert [(a.id, a.library) for a in articles] == [
        ("kala-azar", "disease"), ("losartan-potassium", "drug")]
    kala_azar = articles[0]
    assert kala_azar.title == "Kala-azar – Visceral Leishmaniasis"  # entities decoded
    assert kala_azar.bangla_note.startswith("কালাজ্বর")
    assert kala_azar.glossary[0].term == "parasite"
    assert "Seek urgent" not in kala_azar.body_text
    assert str(kala_azar.updated) == "2026-02-20"
    assert {r.location: r.field for r in rejections} == {"post 3": "library", "post 5": "title"}
    assert "Lifestyle Blog" in rejections[0].message


def test_wxr_items_import_and_attachments_are_skipped():
    articles, rejections = split(wordpress.read_wxr(WP / "export.xml"))
    assert [(a.id, a.library) for a in articles] == [
        ("thalassaemia", "disease"), ("psa-test", "lab-test")]
    assert articles[0].bangla_note.startswith("থ্যালাসেমিয়া")
    assert articles[0].glossary[0].bn == "হিমোগ্লোবিন।"
    assert [(r.location, r.field) for r in rejections] == [("item 3", "body")]


def test_broken_wxr_reports_where_it_broke_and_keeps_earlier_items(tmp_path):
    text = (WP / "export.xml").read_text(encoding="utf-8")
    cut = text.index("<item>", text.index("</item>"))  # break the second item
    broken = tmp_path / "broken.xml"
    broken.write_text(text[:cut] + "<item><title>Oops</titl></item></channel></rss>")
    articles, rejections = split(wordpress.read_wxr(broken))
    assert [a.id for a in articles] == ["thalassaemia"]
    assert "invalid XML" in rejections[0].message
    assert rejections[0].location.startswith("line ")


def test_xml_entity_bomb_is_refused(tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
                    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><rss><channel><item>'
                    "<title>&b;</title></item></channel></rss>")
    _, rejections = split(wordpress.read_wxr(bomb))
    assert "refused unsafe XML" in rejections[0].message


def test_json_files_are_told_apart_rest_dump_or_canonical_array(tmp_path):
    canonical = tmp_path / "articles.json"
    canonical.write_text('[{"id": "a", "title": "A", "library": "cancer", "summary": "About a."}]')
    report = ImportReport.collect([WP / "posts.json", canonical])
    assert {a.id for a in report.articles} == {"kala-azar", "losartan-potassium", "a"}


def _post(number: int, **fields) -> dict:
    return {"id": number, "slug": f"post-{number}", "status": "publish",
            "title": {"rendered": f"Post {number}"},
            "content": {"rendered": "<h2>Symptoms</h2><p>Fever.</p>"},
            "_embedded": {"wp:term": [[{"taxonomy": "category", "name": "Diseases"}]]},
            **fields}


def test_malformed_rest_posts_are_rejected_one_by_one(tmp_path):
    from corpus.validate import ArticleWarning

    dump = tmp_path / "posts.json"
    dump.write_text(json.dumps([
        _post(1),
        _post(2, status=["publish"]),                        # unhashable status
        _post(3, _embedded=["not", "an", "object"]),         # categories unreadable
        _post(4, _embedded={"wp:term": [7, None, [1, "x"]]}),
        _post(5, slug=["a"], id={"x": 1}, title={"rendered": "Post 5"}),
        _post(6, content={"rendered": "<h2>Symptoms\n<p>Fever and chills.</p>"}),
        _post(7, content={"rendered": "<div>" * 300 + "<p>Deep.</p>"}),
        _post(8),
    ]))
    items = list(wordpress.read_rest(dump))
    articles, rejections = split(items)
    warnings = [i for i in items if isinstance(i, ArticleWarning)]
    assert [a.id for a in articles] == ["post-1", "post-5", "post-6", "post-8"]
    assert {r.location: r.field for r in rejections} == {
        "post 2": "status", "post 3": "library", "post 4": "library", "post 7": "body"}
    assert articles[1].library == "disease"                  # slug from the title
    assert articles[2].sections[0].text == "Fever and chills."
    assert [(w.location, w.article_id) for w in warnings] == [("post 6", "post-6")]
    assert "<h2> 'Symptoms' was not closed" in warnings[0].message


def test_rest_dump_that_json_cannot_read_is_one_rejection(tmp_path):
    for name, text in [("deep.json", "[" * 100_000), ("bigint.json", "[1" + "0" * 5000 + "]")]:
        dump = tmp_path / name
        dump.write_text(text)
        (rejection,) = list(wordpress.read_rest(dump))
        assert rejection.message.startswith("invalid JSON")
        (via_sources,) = ImportReport.collect([dump]).rejections
        assert via_sources.message.startswith("invalid JSON")


def test_escaped_category_names_map_to_their_library(tmp_path):
    # WordPress sends "&" in category names as "&amp;", and this slug names no library.
    term = {"taxonomy": "category", "name": "Tests &amp; Investigations",
            "slug": "tests-investigations"}
    dump = tmp_path / "posts.json"
    dump.write_text(json.dumps([_post(1, _embedded={"wp:term": [[term]]})]))
    articles, rejections = split(wordpress.read_rest(dump))
    assert [a.library for a in articles] == ["lab-test"] and not rejections
    assert wordpress.category_library(term) == "lab-test"
