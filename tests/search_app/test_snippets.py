"""Snippets: the passage that matched, marked, escaped, and where it was found."""

from __future__ import annotations

import json

import pytest

from analyzers import keys, text_keys
from corpus import ImportReport
from indexer import build
from indexer.passages import SCAN_CHARS
from indexer.schema import SECTION_FIELDS, field_names
from search_app import engine, present
from search_app.index_view import IndexView, ViewManager
from search_app.snippets import WINDOW, _lang, mark, snippet
from tests.conftest import SHARED


def hit(view, query: str, article_id: str):
    return next(h for h in engine.search(view, query).hits if h.id == article_id)


def test_matched_words_are_marked_in_the_section_they_were_found(view):
    found = hit(view, "shaking chills", "malaria")
    assert "<mark>shaking</mark> <mark>chills</mark>" in found.snippet
    assert found.matched_in == "symptoms"


def test_the_section_the_query_names_is_shown(view):
    found = engine.search(view, "side effects of methotrexate").hits[0]
    assert (found.id, found.matched_in) == ("methotrexate", "side-effects")


def test_section_words_do_not_choose_the_passage_over_the_topic(view):
    found = hit(view, "side effects of methotrexate", "cranial-nerve-neurosarcoidosis")
    assert found.matched_in == "treatment" and "<mark>Methotrexate</mark>" in found.snippet


def test_the_summary_when_only_the_title_matched(view):
    found = hit(view, "scabies", "scabies")
    assert found.matched_in is None
    assert found.snippet.startswith("<mark>Scabies</mark> is an itchy skin infestation")


def test_apostrophes_in_article_text_are_escaped_and_marked_words_keep_them(view):
    found = hit(view, "alzheimer", "alzheimers-disease")
    assert "<mark>Alzheimer&#39;s</mark>" in found.snippet
    assert "'" not in found.snippet


def test_markup_in_stored_text_cannot_inject_html():
    fields = {"summary": "Fever <script>alert(1)</script> & chills",
              "sections": [{"kind": "symptoms", "heading": "Symptoms",
                            "text": "A <b>fever</b> with \"chills\" and O'Brien's sign."}]}
    found = snippet(fields, {"fever", "chill"})
    assert found.where == "symptoms"
    assert "<b>" not in found.html and "&lt;b&gt;" in found.html
    assert "&#39;" in found.html and "'" not in found.html
    assert "<mark>fever</mark>" in found.html


def test_a_section_of_no_known_kind_is_named_by_its_own_heading():
    fields = {"summary": "", "sections": [
        {"kind": "other", "heading": "Living with it", "text": "Rest and drink water."}]}
    found = snippet(fields, {"water"})
    assert (found.where, found.heading) == ("other", "Living with it")


def test_bangla_words_are_marked_and_said_to_be_bangla(view):
    found = hit(view, "ডেঙ্গু", "dengue-fever")
    assert found.matched_lang == "bn"
    assert "<mark>ডেঙ্গু" in found.snippet


def test_an_english_query_is_not_shown_bangla_for_its_words_bangla_names(view):
    """"dengue" is searched with its Bangla name too, but the reader wrote English: the
    Bangla note does not win for that (a Bangla query's does: the test above)."""
    found = hit(view, "dengue", "complete-blood-count")
    assert (found.matched_in, found.matched_lang) == ("results", "en")
    bangla = hit(view, "ডেঙ্গু", "complete-blood-count")
    assert bangla.matched_lang == "bn"


def test_mark_escapes_first_then_marks():
    assert mark("a<b fever", [(4, 9)]) == "a&lt;b <mark>fever</mark>"


def test_phrase_words_are_marked_each(view):
    found = hit(view, '"shaking chills"', "malaria")
    assert "<mark>shaking</mark> <mark>chills</mark>" in found.snippet


def test_section_words_are_marked_where_the_topic_chose_the_passage(view):
    found = hit(view, "side effects of methotrexate", "folic-acid")
    assert found.matched_in == "uses"
    assert "<mark>methotrexate</mark>, to reduce <mark>side</mark> <mark>effects</mark>" \
        in found.snippet


# -- the same snippets as when each hit's text was analysed at query time --------------------
#
# Snippets used to find the query's words by analysing the stored text of every hit, and
# asked the index which fields held them. They now read both from what the reindex job
# stored (indexer.passages). The old way stays here as the reference (every passage of a
# field holding a key weighed by its words, analysed here): whatever the query, the
# snippet, where it was found and its language must be the same.

def reference_snippet(fields: dict, query_keys, section, weak_keys, matched_fields,
                      bangla_first: bool = False) -> tuple:
    wanted = frozenset(query_keys)

    def matches(text: str) -> list[tuple[int, int]]:
        return [(s, e) for s, e, key in text_keys(text[:SCAN_CHARS]) if key in wanted]

    candidates = []
    for stored in fields.get("sections") or []:
        kind, heading = stored.get("kind", "other"), stored.get("heading") or None
        candidates.append((stored.get("text", ""), kind if kind != "other" or heading else None,
                           heading if kind == "other" else None,
                           SECTION_FIELDS.get(kind, "body")))
    if fields.get("bangla_note"):
        candidates.append((fields["bangla_note"], "bangla-note", None, "bangla_note"))
    for entry in fields.get("glossary_entries") or []:
        text = f"{entry.get('term', '')}: {entry.get('en', '')} {entry.get('bn', '')}".strip()
        candidates.append((text, "glossary", None, "glossary"))
    best = None
    for text, where, heading, field in candidates:
        named = section is not None and field == section
        possible = wanted and (matched_fields is None or field in matched_fields)
        spans = matches(text) if possible else []
        if not spans and not named:
            continue
        words = {text[s:e].casefold() for s, e in spans}
        strong = {w for w in words if next(iter(keys(w)), "") not in weak_keys}
        score = len(strong) * 10 + (len(words) - len(strong)) + len(spans) / 100
        score += 1000 if named else 0
        if bangla_first and _lang(text, spans) == "bn":
            score += 100
        if best is None or score > best[0]:
            best = (score, text, where, heading, spans)
    if best is None:
        summary = fields.get("summary", "")
        spans = matches(summary) if wanted else []
        return (mark(summary, spans), None, _lang(summary, spans), None)
    _, text, where, heading, spans = best
    start, end = reference_window(text, spans) if spans else (0, min(len(text), WINDOW))
    while end < len(text) and not text[end].isspace():
        end += 1
    return (mark(text, spans, start, end), where, _lang(text, spans), heading)


def reference_window(text: str, spans: list[tuple[int, int]]) -> tuple[int, int]:
    best_start, best_count = spans[0][0], 0
    for i, (start, _) in enumerate(spans):
        count = sum(1 for s, e in spans[i:] if e - start <= WINDOW)
        if count > best_count:
            best_start, best_count = start, count
    start = max(0, best_start - WINDOW // 4)
    end = min(len(text), start + WINDOW)
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def fields_holding(reader, doc: int, query_keys) -> frozenset[str]:
    """The snippet fields whose postings hold some key for ``doc`` (what present asked)."""
    holding = set()
    for field in field_names(snippet=True):
        for key in query_keys:
            if (field, key) in reader:
                postings = reader.postings(field, key)
                postings.skip_to(doc)
                if postings.is_active() and postings.id() == doc:
                    holding.add(field)
    return frozenset(holding)


def compare_with_reference(view, monkeypatch, queries) -> int:
    """Search each query; every hit's snippet must be the reference's. Returns hits seen."""
    compared = []
    real_hit = present.hit

    def checked_hit(view, doc, score, marked):
        found = real_hit(view, doc, score, marked)
        fields = view.searcher().stored_fields(doc)
        matched = fields_holding(view.searcher().reader(), doc, marked.keys)
        expected = reference_snippet(fields, marked.keys, marked.section, marked.weak_keys,
                                     matched, marked.bangla)
        shown = (found.snippet, found.matched_in, found.matched_lang, found.matched_heading)
        assert shown == expected, (found.id, marked)
        compared.append(found.id)
        return found

    monkeypatch.setattr(present, "hit", checked_hit)
    for query in queries:
        engine.search(view, query)
    return len(compared)


SAMPLE_QUERIES = [
    "fever", "dengue", "shaking chills", "side effects of methotrexate", "chest pain",
    "blood sugar test", "high blood pressure", "malaria treatment", "cbc", "typhoid",
    "asthma inhaler", '"shaking chills"', "symptoms of dengue", "how is malaria treated",
    "alzheimer", "diabetes diet", "জ্বর", "ডেঙ্গু জ্বরের লক্ষণ", "ডায়াবেটিস", "কাশি",
    "পাতলা পায়খানা", "jor", "dengi", "feever", "diabetis", "paracetamol dose for children",
    "what are the side effects of metformin", "বুকে ব্যথা", "tb", "-fever dengue",
]


def shared_queries(name: str, count: int) -> list[str]:
    path = SHARED / "eval" / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line)["query"] for line in lines if line.strip()][:count]


def dev_queries(scale: int) -> list[str]:
    return (shared_queries("medquad-dev-queries.jsonl", 100 * scale)
            + shared_queries("bangla-entity-queries.jsonl", 30 * scale)
            + shared_queries("bangla-crosslang-dev.jsonl", 20 * scale)
            + shared_queries("romanised-bangla-dev.jsonl", 10 * scale)
            + shared_queries("consumer-questions-meqsum.jsonl", 10 * scale))


def test_snippets_over_the_sample_are_those_of_analysing_text_at_query_time(view, monkeypatch):
    # The dev sets of ../shared add queries when they are there (they are in CI).
    dev = dev_queries(1)
    assert compare_with_reference(view, monkeypatch, SAMPLE_QUERIES + dev) > (300 if dev else 200)


@pytest.fixture(scope="module")
def medquad_view(tmp_path_factory) -> IndexView:
    """An index of the first 200 MedQuAD articles and the Bangla articles of ../shared."""
    names = ("medquad.jsonl", "bangla-m2pqa.jsonl", "bangla-tico19.jsonl")
    paths = [SHARED / "corpus" / name for name in names]
    if not all(path.exists() for path in paths):
        pytest.skip("the shared real corpus is not beside the project")
    report = ImportReport.collect(paths)
    articles = [a for a in report.articles if a.lang == "bn"]
    articles += [a for a in report.articles if a.lang == "en"][:200]
    root = tmp_path_factory.mktemp("medquad-index")
    build.full(articles, root)
    return ViewManager(root).view()


def test_snippets_over_medquad_are_those_of_analysing_text_at_query_time(medquad_view,
                                                                         monkeypatch):
    queries = SAMPLE_QUERIES + dev_queries(2)
    assert compare_with_reference(medquad_view, monkeypatch, queries) > 2000
