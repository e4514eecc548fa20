"""The fast full-build writer: the same postings as Whoosh's own writer, in bounded memory."""

from __future__ import annotations

import io
import json
import os
import pickle
import struct
import zlib
from itertools import islice
from pathlib import Path

import pytest
from whoosh import index
from whoosh.writing import SegmentWriter

from corpus import SAMPLE_DIR, Article, read_sources
from indexer import build, versions
from indexer import writer as writer_module
from indexer.schema import build_schema, document
from indexer.writer import (
    FastSegmentWriter,
    Inverter,
    WordCache,
    fast_path,
    field_postings,
    full_build_writer,
)

# Texts that try the corners of the analysis: stop words before the first kept word (the
# positions start at its place), Bangla inflections and digits, ZWJ, apostrophes, accents,
# an emoji and a character outside the BMP (UTF-16 offsets), lines, numbers, nothing.
TRICKY = [
    "", " ", "the of and", "The Common Cold and the Flu", "Alzheimer’s disease; ALZHEIMER'S",
    "জ্বরের ওষুধ, fever ১০২ জ্বর জ্বরে", "র‍্যাব ক্ষুধা", "Ménière’s disease 😷 𝔸𝔹 fever",
    "Type 2 diabetes\nType 1 diabetes\n\nthe end", "e.g. 1,000 mg/day 3.5% co-trimoxazole",
    "a " * 40 + "fever " * 30, "Ｆｕｌｌｗｉｄｔｈ ﬁnd ǆ", "x_y 12_34 _",
    # analysed line by line by the writer: marks and joiners right after a line end, CRLF
    "fever\n\u0301accent and\n\u200dzwj\r\nend\n\nজ্বর\n\u09cdক",
]


def sample_documents() -> list[dict]:
    return [document(a) for a in read_sources([SAMPLE_DIR]) if isinstance(a, Article)]


def shared_documents(shared_corpus, per_file: int = 400) -> list[dict]:
    docs = []
    for name in ("medquad.jsonl", "bangla-m2pqa.jsonl", "bangla-tico19.jsonl"):
        items = read_sources([shared_corpus(name)])
        docs += [document(a) for a in islice((a for a in items if isinstance(a, Article)),
                                             per_file)]
    return docs


def assert_same_postings_as_whoosh(docs: list[dict]) -> None:
    schema = build_schema()
    compared = 0
    for doc in docs:
        for name, value in doc.items():
            field = schema[name]
            if field.indexed:
                assert sorted(field_postings(field, value)) == sorted(field.index(value)), \
                    (name, value)
                compared += 1
    assert compared


# -- analysis ------------------------------------------------------------------------------

def test_the_text_fields_take_the_fast_path_and_the_others_whooshs():
    schema = build_schema()
    fast = {name for name in schema.names() if fast_path(schema[name])}
    assert {"title", "body", "symptoms", "title_ac", "lead_ac", "spelling"} <= fast
    assert not fast & {"id", "names", "library", "updated", "sections"}


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_texts_give_whooshs_postings_in_every_text_field(text):
    schema = build_schema()
    for name in schema.names():
        field = schema[name]
        if fast_path(field):
            assert sorted(field_postings(field, text)) == sorted(field.index(text)), name


def test_sample_library_gives_whooshs_postings_field_by_field():
    assert_same_postings_as_whoosh(sample_documents())


def test_words_reused_from_the_passages_analysis_give_whooshs_postings(shared_corpus):
    """Right after document(), as the writer indexes it, a field's words come from the
    analysis of the article's passages (the field's whole text, several sections joined,
    or line by line): every field still gets what Whoosh's own analysis gives."""
    from indexer import passages

    articles = [a for a in read_sources([SAMPLE_DIR]) if isinstance(a, Article)]
    articles += [a for a in islice(read_sources([shared_corpus("medquad.jsonl")]), 300)
                 if isinstance(a, Article)]
    joined = 0
    for article in articles:
        doc = document(article)
        joined += sum(doc[name] in passages.ANALYSED and doc[name].count("\n") > 0
                      for name in ("body", "symptoms", "causes", "treatment"))
        assert_same_postings_as_whoosh([doc])
    assert joined > 50   # fields of several sections, taken whole from the analysis


def test_real_corpus_gives_whooshs_postings_field_by_field(shared_corpus):
    """1,200 real articles, English and Bangla: every field's (term, frequency, weight,
    positions) as Whoosh's own field.index() gives them."""
    assert_same_postings_as_whoosh(shared_documents(shared_corpus))


def test_positions_count_from_the_first_kept_word():
    title = build_schema()["title"]
    # "the" and "of" are stop words: "burden" is word 1 of the text, then one by one.
    (postings,) = [p for p in field_postings(title, "the burden of burden") if p[0] == b"burden"]
    assert postings == next(p for p in title.index("the burden of burden")
                            if p[0] == b"burden")
    assert title.format.decode_positions(postings[3]) == [1, 2]


def test_word_cache_is_bounded_and_still_right():
    computed = []
    cache = WordCache(lambda word: computed.append(word) or word.upper(), limit=3)
    for word in ["a", "b", "c", "d", "a", "e", "f", "g"]:
        assert cache[word] == word.upper()
        assert len(cache) <= 3
    assert computed.count("a") == 2  # forgotten when the cache filled, then computed again


# -- postings grouped by term --------------------------------------------------------------

def inverted(limit: int, docs: int = 60) -> tuple[list, int]:
    inverter = Inverter(limit)
    for docnum in range(docs):
        words = {f"w{(docnum * 7 + k) % 23}".encode(): k + 1 for k in range(5)}
        items = [(w, n, float(n), bytes([n])) for w, n in words.items()]
        inverter.add("body", docnum, items)
        inverter.add("title", docnum, items[:2])
    runs = len(inverter.runs)
    return list(inverter.terms()), runs


def test_inverter_spills_sorted_runs_and_merges_them_in_document_order():
    whole, no_runs = inverted(limit=10**9)
    spilled, runs = inverted(limit=2_000)
    assert no_runs == 0 and runs > 3
    assert spilled == whole
    keys = [(f, t) for f, t, _ in whole]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    for _, _, postings in whole:
        docnums = postings[0::3]
        assert docnums == sorted(docnums)


def test_runs_read_back_in_several_batches_give_the_same_terms(monkeypatch):
    whole, _ = inverted(limit=10**9)
    monkeypatch.setattr(writer_module, "_BATCH_SLOTS", 7)  # a few terms per batch
    spilled, runs = inverted(limit=2_000)
    assert runs > 3
    assert spilled == whole


# -- whole indexes -------------------------------------------------------------------------

def index_contents(index_dir: Path) -> dict:
    """Everything a search reads, by article id: terms and postings with positions, term
    statistics, field lengths, stored fields and columns."""
    ix = index.open_dir(str(index_dir))
    with ix.reader() as reader:
        ids = {n: reader.stored_fields(n)["id"] for n in reader.all_doc_ids()}
        contents: dict = {"postings": {}, "lengths": {}, "stored": {}, "columns": {}}
        for fieldname, tbytes in reader.all_terms():
            info = reader.term_info(fieldname, tbytes)
            matcher = reader.postings(fieldname, tbytes)
            postings = []
            while matcher.is_active():
                postings.append((ids[matcher.id()], matcher.weight(), matcher.value()))
                matcher.next()
            contents["postings"][(fieldname, tbytes)] = (
                sorted(postings), info.weight(), info.doc_frequency(), info.max_weight(),
                info.min_length(), info.max_length())
        schema = ix.schema
        for docnum, article_id in ids.items():
            contents["stored"][article_id] = json.dumps(reader.stored_fields(docnum),
                                                        sort_keys=True, default=str)
            contents["lengths"][article_id] = {
                name: reader.doc_field_length(docnum, name) for name in schema.scorable_names()}
        for name in schema.names():
            if schema[name].column_type and reader.has_column(name):
                column = reader.column_reader(name, translate=False)
                contents["columns"][name] = {ids[n]: column[n] for n in ids}
        contents["field_length"] = {n: reader.field_length(n) for n in schema.scorable_names()}
        # Prefix look-ups find their first term through the term file's ordered index.
        contents["prefixed"] = {(name, prefix): list(reader.expand_prefix(name, prefix))
                                for name in schema.names() if schema[name].indexed
                                for prefix in (b"a", b"ca", b"fev", b"m", b"z", b"1",
                                               "জ্ব".encode(), b"\xff")}
    return contents


def write_index(index_dir: Path, docs: list[dict], writer_class, spill: int | None = None):
    index_dir.mkdir()
    ix = index.create_in(str(index_dir), build_schema())
    writer = writer_class(ix, limitmb=64)
    if spill:
        writer.inverter.limit = spill
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()
    if spill:
        assert not writer.inverter.runs  # all merged
    return index_contents(index_dir)


def test_fast_writer_builds_the_index_whooshs_writer_builds(tmp_path, shared_corpus):
    docs = sample_documents() + shared_documents(shared_corpus, per_file=60)
    whoosh = write_index(tmp_path / "whoosh", docs, SegmentWriter)
    fast = write_index(tmp_path / "fast", docs, FastSegmentWriter)
    assert fast["postings"].keys() == whoosh["postings"].keys()
    assert fast == whoosh


def test_fast_writer_with_spilled_runs_builds_the_same_index(tmp_path):
    docs = sample_documents()
    whoosh = write_index(tmp_path / "whoosh", docs, SegmentWriter)
    spilled = write_index(tmp_path / "spilled", docs, FastSegmentWriter, spill=50_000)
    assert spilled == whoosh


def test_two_process_build_holds_the_same_postings_per_article(tmp_path, sample_report):
    build.full(sample_report.articles, tmp_path / "one", procs=1)
    build.full(sample_report.articles, tmp_path / "two", procs=2)
    one = index_contents(versions.live_dir(tmp_path / "one"))
    two = index_contents(versions.live_dir(tmp_path / "two"))
    assert one["postings"] == two["postings"] and one["stored"] == two["stored"]
    assert one["lengths"] == two["lengths"] and one["columns"] == two["columns"]


def posting_blocks(index_dir: Path, docs: list[dict], writer_class) -> list[tuple]:
    """Every block of a one-segment index's postings file, decoded, in file order:
    (postings, last id, max weight, min and max length bytes), (ids, weights, values)."""
    index_dir.mkdir()
    ix = index.create_in(str(index_dir), build_schema())
    writer = writer_class(ix, limitmb=64, compound=False)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()
    (postings_file,) = index_dir.glob("*.pst")
    data = io.BytesIO(postings_file.read_bytes())
    blocks = []
    while magic := data.read(4):
        assert magic == b"W3Bl"
        last = False
        while not last:
            (length,) = struct.unpack("!i", data.read(4))
            last = length < 0
            block = io.BytesIO(data.read(abs(length)))
            count, last_id, max_weight, compressed, min_length, max_length = pickle.load(block)
            body = block.read()
            blocks.append(((count, last_id, max_weight, min_length, max_length, last),
                           pickle.loads(zlib.decompress(body) if compressed else body)))
    return blocks


def test_fast_writer_writes_the_same_posting_blocks(tmp_path, shared_corpus):
    """Block by block, the postings file holds what Whoosh's writer puts there. (Not byte
    for byte: values shared between postings are pickled once per block.)"""
    docs = sample_documents() + shared_documents(shared_corpus, per_file=40)
    whoosh = posting_blocks(tmp_path / "whoosh", docs, SegmentWriter)
    fast = posting_blocks(tmp_path / "fast", docs, FastSegmentWriter)
    assert len(fast) == len(whoosh) > 1000
    assert fast == whoosh


def document_made_here(article: Article) -> dict:
    return {**document(article), "source": str(os.getpid())}


def test_two_process_writer_makes_each_documents_fields_in_its_writing_processes(
        tmp_path, sample_report):
    """add_item sends the article; the fields (analysis included) are made by the
    processes that write the segments, not by the one reading the input."""
    ix = index.create_in(str(tmp_path), build_schema())
    writer = full_build_writer(ix, procs=2, prepare=document_made_here)
    writer.batchsize = 4
    for article in sample_report.articles:
        writer.add_item(article)
    writer.commit()
    with ix.searcher() as searcher:
        makers = {fields["source"] for fields in searcher.all_stored_fields()}
        assert searcher.doc_count() == len(sample_report.articles)
    assert makers and str(os.getpid()) not in makers
