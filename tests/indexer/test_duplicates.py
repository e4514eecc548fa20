"""Duplicate topics: found by the reindex job and stored with each index version."""

from __future__ import annotations

import json
import time
import tomllib
from dataclasses import replace

import pytest
from whoosh import index as whoosh_index

from corpus import SAMPLE_DIR, read_sources
from indexer import build, versions
from indexer.duplicates import (
    Doc,
    PairsMissingError,
    docs_from_index,
    find_duplicates,
    load,
)
from indexer.schema import build_schema, document


@pytest.fixture(scope="module")
def planted():
    data = tomllib.loads((SAMPLE_DIR / "duplicates.toml").read_text(encoding="utf-8"))
    return [(p["a"], p["b"], p["evidence"]) for p in data["pair"]]


@pytest.fixture(scope="module")
def pairs(tiny_index):
    """The pairs the sample library's build stored with its version."""
    return load(versions.live_dir(tiny_index)).pairs


def key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


# -- finding -------------------------------------------------------------------------------

def test_every_planted_pair_is_found_near_the_top(pairs, planted):
    top = [p.key for p in pairs[:len(planted) + 3]]
    for a, b, _ in planted:
        assert key(a, b) in top, f"{a} / {b} not in the top {len(top)}"


def test_planted_pairs_carry_the_expected_evidence(pairs, planted):
    by_key = {p.key: p for p in pairs}
    kinds = {"also-known-as": {"title-is-other-name", "shared-other-name"},
             "title": {"near-title", "same-title", "title-is-other-name"},
             "body": {"text"}}
    for a, b, expected in planted:
        found = {e.kind for e in by_key[key(a, b)].evidence}
        # Every pair shows at least one kind of evidence its note names.
        assert any(found & kinds[kind] for kind in expected), (a, b, found)
    lepto = by_key[("cerebrospinal-fluid-cancer", "leptomeningeal-cancer")]
    assert "leptomeningeal carcinomatosis" in lepto.explanation()
    cranial = by_key[("cranial-nerve-neurosarcoidosis", "cranial-neurosarcoidosis")]
    assert {e.kind for e in cranial.evidence} >= {"near-title", "text"}
    pap = by_key[("cervical-cancer-screening", "pap-smear")]
    assert pap.cross_library


def test_titles_that_differ_only_by_a_number_are_not_near_duplicates():
    docs = [Doc("a", "Axenfeld-Rieger syndrome type 1", "disease", (), "text one"),
            Doc("b", "Axenfeld-Rieger syndrome type 2", "disease", (), "text two")]
    assert find_duplicates(docs) == []


def test_boilerplate_sentences_do_not_make_pages_alike():
    boiler = ("This page is for education only. Ask your doctor or health worker about your "
              "own situation. Call the national health line for urgent advice. ")
    topics = ["malaria mosquito parasite fever chills bednet",
              "diabetes insulin glucose thirst urine kidneys",
              "asthma inhaler wheeze airways steroid attack",
              "typhoid salmonella water food antibiotics vaccine",
              "anaemia iron haemoglobin tired pale diet",
              "dengue platelets rash aedes paracetamol fluids"]
    docs = [Doc(str(i), f"Topic {i}", "disease", (), boiler + " ".join([t] * 3))
            for i, t in enumerate(topics)]
    assert [p for p in find_duplicates(docs) if any(e.kind == "text" for e in p.evidence)] == []


# -- stored with the index version ---------------------------------------------------------

def test_a_built_version_holds_its_pairs_without_article_text(tiny_index, sample_report):
    live = versions.live_dir(tiny_index)
    stored = load(live)
    with versions.open_version(tiny_index, live.name).searcher() as searcher:
        fresh = find_duplicates(docs_from_index(searcher))
    assert list(stored.pairs) == fresh          # same pairs, same order, exact scores
    assert stored.articles == len(sample_report.articles) and stored.seconds >= 0
    raw = (live / versions.DUPLICATES).read_text(encoding="utf-8")
    body = next(a for a in sample_report.articles if a.id == "paracetamol").sections[0].text
    assert body[:60] not in raw


def test_min_score_and_library_select_from_the_stored_pairs(tiny_index):
    stored = load(versions.live_dir(tiny_index))
    strong = stored.select(min_score=0.8)
    assert strong and len(strong) < len(stored.pairs)
    assert all(p.score >= 0.8 for p in strong)
    cancer = stored.select(library="cancer")
    assert cancer and all("cancer" in (p.a.library, p.b.library) for p in cancer)
    assert stored.pair("paracetamol", "acetaminophen").key == ("acetaminophen", "paracetamol")
    assert stored.pair("paracetamol", "malaria") is None


def without(articles, *ids):
    return [a for a in articles if a.id not in ids]


def test_incremental_build_stores_the_new_versions_pairs_and_keeps_the_old(tmp_path,
                                                                          sample_report):
    build.full(without(sample_report.articles, "acetaminophen"), tmp_path)
    first = versions.live_dir(tmp_path)
    build.incremental(sample_report.articles, tmp_path)
    second = versions.live_dir(tmp_path)
    assert second != first
    assert load(second).pair("paracetamol", "acetaminophen") is not None
    assert load(first).pair("paracetamol", "acetaminophen") is None  # not shared by a link


def test_a_version_built_before_pairs_were_stored_names_the_fix(tmp_path, sample_report):
    build.full(sample_report.articles[:10], tmp_path)
    live = versions.live_dir(tmp_path)
    (live / versions.DUPLICATES).unlink()
    with pytest.raises(PairsMissingError, match="run `rxsearch reindex` to compute duplicate"):
        load(live)
    (live / versions.DUPLICATES).write_text(json.dumps({"format": 0}), encoding="utf-8")
    with pytest.raises(PairsMissingError):
        load(live)


def test_duplicates_on_the_whole_shared_corpus_scale(shared_corpus, tmp_path):
    """The real corpus (5,565 articles): the reindex finds its pairs in well under the
    2 minutes the editors allow, and a worker reads them back in a fraction of a second."""
    paths = [shared_corpus(name) for name in ("medquad.jsonl", "bangla-m2pqa.jsonl",
                                              "bangla-tico19.jsonl")]
    build.full(read_sources(paths), tmp_path / "index", procs=2)
    started = time.monotonic()
    found = load(versions.live_dir(tmp_path / "index"))
    assert time.monotonic() - started < 2
    assert found.articles > 5_000 and found.seconds < 120
    assert found.select(min_score=0.5)
    assert list(found.pairs) == sorted(found.pairs, key=lambda p: (-p.score, p.a.id, p.b.id))



def test_words_counted_in_worker_processes_give_the_same_pairs(tiny_index, tmp_path,
                                                                monkeypatch):
    """store() counts words in two processes from a library's size on; same pairs, same
    scores as counting them here from the articles' text."""
    import shutil

    from indexer import duplicates

    copy = tmp_path / "version"
    shutil.copytree(versions.live_dir(tiny_index), copy)
    monkeypatch.setattr(duplicates, "PARALLEL_FROM", 0)
    stored = duplicates.store(copy, procs=2)
    with versions.open_version(tiny_index, versions.live_dir(tiny_index).name).searcher() as s:
        fresh = find_duplicates(docs_from_index(s))
    assert list(stored.pairs) == fresh and fresh


# -- exact copies --------------------------------------------------------------------------

def library_with_copies(copies: int) -> list[Doc]:
    text = ("Malaria is spread by mosquitoes. A parasite causes fever, chills and sweats. "
            "Sleeping under a treated bednet prevents bites. See a doctor for a blood test.")
    other = ("Dengue is spread by aedes mosquitoes. It causes fever, rash and joint pain. "
             "Drink fluids, take paracetamol and watch the platelets in a blood test.")
    docs = [Doc(f"malaria.{n}", "Malaria", "disease", ("Marsh fever",), text)
            for n in range(copies)]
    docs.append(Doc("malaria-again", "Malaria", "disease", (), text + " Also in Bangla."))
    docs.append(Doc("dengue", "Dengue", "disease", (), other))
    return docs


def test_exact_copies_are_each_paired_with_the_first_copy_only():
    pairs = find_duplicates(library_with_copies(12))
    copy_pairs = [p for p in pairs if p.evidence[0].kind == "copy"]
    # 11 pairs for 12 copies, not 66; each with the lowest id, score 1, saying how many.
    assert sorted(p.b.id for p in copy_pairs) == sorted(f"malaria.{n}" for n in range(1, 12))
    assert {p.a.id for p in copy_pairs} == {"malaria.0"}
    assert all(p.score == 1.0 for p in copy_pairs)
    assert "12 copies" in copy_pairs[0].explanation()
    # The group is compared with other articles once, through its first copy.
    others = [p for p in pairs if p.evidence[0].kind != "copy"]
    assert [p.key for p in others] == [("malaria-again", "malaria.0")]
    assert {e.kind for e in others[0].evidence} >= {"same-title", "text"}


def test_a_library_without_copies_gives_the_pairs_it_gave_before():
    docs = library_with_copies(1)
    (pair,) = find_duplicates(docs)
    assert pair.key == ("malaria-again", "malaria.0")
    assert not any(e.kind == "copy" for e in pair.evidence)


def test_copies_counted_in_worker_processes_give_the_same_pairs(tmp_path, monkeypatch):
    from corpus import Article, Section
    from indexer import duplicates

    articles = [Article(d.id, d.title, d.library, d.text[:40],
                        also_known_as=d.names, sections=(Section("", "other", d.text),))
                for d in library_with_copies(7)]
    build.full(articles, tmp_path)
    live = versions.live_dir(tmp_path)
    monkeypatch.setattr(duplicates, "PARALLEL_FROM", 0)
    stored = duplicates.store(live, procs=2)
    with versions.open_version(tmp_path, live.name).searcher() as s:
        fresh = find_duplicates(docs_from_index(s))
    assert list(stored.pairs) == fresh == list(load(live).pairs)
    assert sum(p.evidence[0].kind == "copy" for p in fresh) == 6


# -- the writers' notes --------------------------------------------------------------------

@pytest.mark.parametrize("procs", [1, 2])
def test_a_full_build_finds_its_pairs_from_the_writers_notes(tmp_path, sample_report, procs,
                                                             monkeypatch):
    """The writers note each article's sentences as they index it; the pairs found from
    those notes are the pairs found by reading the articles back, and the notes (derived
    data of the job) are gone once used."""
    from indexer import duplicates

    loaded = []
    load_notes = duplicates._Share.load
    monkeypatch.setattr(duplicates._Share, "load",
                        classmethod(lambda cls, path: loaded.append(path) or load_notes(path)))
    # Writers are sent 256 articles at a time: two batches or more make two segments.
    articles = [*sample_report.articles,
                *(replace(a, id=f"{a.id}-again") for a in sample_report.articles)]
    build.full(articles, tmp_path, procs=procs)
    live = versions.live_dir(tmp_path)
    assert not list((live / versions.PARTS).glob(f"*/{duplicates.NOTES}"))
    with versions.open_version(tmp_path, live.name).searcher() as s:
        assert len(loaded) == len(s.reader().leaf_readers())   # each segment's notes
        fresh = find_duplicates(docs_from_index(s))
    assert list(load(live).pairs) == fresh and fresh


def test_sentences_from_the_words_passages_analysed_are_those_of_the_text(sample_report):
    from indexer import passages
    from indexer.duplicates import sentence_words
    from indexer.schema import document

    tricky = "Fever is common in children.\r\nজ্বর হলে ডাক্তার দেখান। খুব বেশি জ্বর হলে!  " \
             "Call a doctor at once? Yes, 3.5 mg/kg of paracetamol.\n\n\u200dend of the line"
    compared = 0
    for article in [*sample_report.articles[:60],
                    sample_report.articles[0].__class__("t", "T", "disease", tricky)]:
        fields = document(article)   # fills passages.ANALYSED with this article's words
        for text in [fields["summary"], *(s["text"] for s in fields["sections"])]:
            assert text in passages.ANALYSED
            noted = list(sentence_words(text, passages.ANALYSED[text]))
            assert noted == list(sentence_words(text))
            compared += len(noted)
    assert compared > 500


def test_notes_that_miss_articles_are_not_trusted(tmp_path, sample_report, caplog):
    """Notes that do not account for every article of the index (never seen: a bug) are
    set aside, and the articles are read back instead: the same pairs, and a warning."""
    from indexer import duplicates, writer
    from indexer.batches import read_batches, write_batch

    version = tmp_path / "version"
    version.mkdir()
    ix = whoosh_index.create_in(str(version), build_schema())
    w = writer.FastSegmentWriter(ix, notes=duplicates.TopicNotes)
    for article in sample_report.articles:
        w.add_document(**document(article))
    w.commit()
    (notes,) = version.glob(f"{versions.PARTS}/*/{duplicates.NOTES}")
    with notes.open("rb") as f:
        batches = list(read_batches(f))
    kind, rows = batches[0]
    batches[0] = (kind, rows[1:])   # one article missing
    with notes.open("wb") as f:
        for batch in batches:
            write_batch(f, batch)
    stored = duplicates.store(version)
    assert "reading them from the index" in caplog.text
    with whoosh_index.open_dir(str(version)).searcher() as s:
        assert list(stored.pairs) == find_duplicates(docs_from_index(s))
    assert stored.articles == len(sample_report.articles)
