from __future__ import annotations

import json
from pathlib import Path

from corpus import Article, ImportReport, Rejection
from corpus.importers import jsonl


def line(**fields) -> bytes:
    base = {"id": "x", "title": "X", "library": "disease", "summary": "About x.",
            "sections": [{"heading": "Symptoms", "text": "Fever."}]}
    base.update(fields)
    return json.dumps({k: v for k, v in base.items() if v is not None},
                      ensure_ascii=False).encode("utf-8") + b"\n"


def test_good_lines_import_and_bad_lines_are_reported_with_their_line(tmp_path: Path):
    path = tmp_path / "batch.jsonl"
    path.write_bytes(b"".join([
        line(id="dengue", title="Dengue Fever"),                      # 1 good
        b'{"id": "broken", "title": \n',                               # 2 invalid JSON
        b'{"id": "bad-utf8", "title": "Caf\xe9", "library": "disease"}\n',  # 3 invalid UTF-8
        line(id="no-title", title=None),                              # 4 missing title
        line(id="blog-post", library="blog"),                          # 5 unknown library
        line(id="empty", summary="", sections=[]),                     # 6 empty body
        line(id="huge", sections=[{"heading": "A", "text": "word " * 100_000}]),  # 7 huge
        b"\n",                                                         # blank: ignored
        line(id="jor", title="জ্বর", lang="bn", summary="জ্বর হলে বিশ্রাম নিন।"),  # 9 good
    ]))
    items = list(jsonl.read(path))
    articles = [i for i in items if isinstance(i, Article)]
    rejections = {r.location: r for r in items if isinstance(r, Rejection)}

    assert [a.id for a in articles] == ["dengue", "jor"]
    assert "invalid JSON" in rejections["line 2"].message
    assert "invalid UTF-8 at byte" in rejections["line 3"].message
    assert rejections["line 4"].field == "title"
    assert rejections["line 4"].article_id == "no-title"
    assert "unknown library 'blog'" in rejections["line 5"].message
    assert "empty" in rejections["line 6"].message
    assert "huge document" in rejections["line 7"].message
    assert set(rejections) == {f"line {n}" for n in range(2, 8)}
    assert str(rejections["line 4"]).startswith(f"{path}, line 4 [no-title]: title:")


def test_repeated_id_in_a_batch_is_rejected_and_first_kept(tmp_path: Path):
    path = tmp_path / "dupes.jsonl"
    path.write_bytes(line(id="same", title="First") + line(id="same", title="Second"))
    report = ImportReport.collect([path])
    assert [a.title for a in report.articles] == ["First"]
    assert "duplicate id" in report.rejections[0].message


def test_repeated_id_rejection_names_the_lines_of_both(tmp_path: Path):
    path = tmp_path / "export.jsonl"
    path.write_bytes(line(id="dengue", title="First") + line(id="malaria") + b"\n"
                     + line(id="dengue", title="Again"))
    later = tmp_path / "later.jsonl"
    later.write_bytes(line(id="malaria", title="Again"))
    (again, in_other_file) = ImportReport.collect([path, later]).rejections
    assert (again.source, again.location, again.article_id) == (str(path), "line 4", "dengue")
    assert str(again) == f"{path}, line 4 [dengue]: duplicate id, first at line 1"
    assert str(in_other_file) == (f"{later}, line 1 [malaria]: duplicate id, "
                                  f"first at {path}, line 2")


def test_repeated_id_after_an_unchanged_line_names_its_line(tmp_path: Path):
    from corpus import read_sources
    from corpus.article import bytes_digest

    first = line(id="dengue", title="Kept")
    path = tmp_path / "export.jsonl"
    path.write_bytes(first + line(id="dengue", title="Again"))
    items = list(read_sources([path], known={"dengue": bytes_digest(first.rstrip(b"\n"))}))
    rejection = next(i for i in items if isinstance(i, Rejection))
    assert (rejection.location, rejection.message) == ("line 2", "duplicate id, first at line 1")


def test_canonical_record_round_trips(sample_report):
    article = next(a for a in sample_report.articles if a.glossary and a.bangla_note)
    path_text = json.dumps(article.to_record(), ensure_ascii=False).encode()
    (again,) = list(jsonl.read_lines([path_text], source="memory"))
    assert again == article


def test_missing_file_and_unknown_type_are_rejections_not_crashes(tmp_path: Path):
    (tmp_path / "notes.docx").write_bytes(b"PK")
    report = ImportReport.collect([tmp_path / "nope.jsonl", tmp_path / "notes.docx"])
    assert [r.message.split(":")[0] for r in report.rejections] == [
        "no such file or folder", "unsupported file type '.docx'; expected one of .jsonl, "
        ".ndjson, .toml, .html, .htm, .json, .xml"]


def test_known_unchanged_lines_skip_validation(tmp_path: Path):
    from corpus.article import bytes_digest
    from corpus.validate import Unchanged

    same, changed = line(id="same"), line(id="changed", summary="New words.")
    path = tmp_path / "export.jsonl"
    path.write_bytes(same + changed)
    known = {"same": bytes_digest(same.rstrip(b"\n")), "changed": "an-older-digest"}
    items = list(jsonl.read(path, known))
    assert items[0] == Unchanged("same", str(path))
    assert isinstance(items[1], Article) and items[1].id == "changed"
    assert items[1].content_hash == bytes_digest(changed.rstrip(b"\n"))


def test_estimate_count_for_progress(tmp_path: Path, sample_report):
    from corpus import SAMPLE_DIR
    from corpus.sources import estimate_count

    path = tmp_path / "batch.jsonl"
    path.write_bytes(line(id="a") + b"\n" + line(id="b"))
    assert estimate_count([path]) == 2
    assert estimate_count([SAMPLE_DIR]) == len(sample_report.articles)


def test_malformed_values_in_any_field_are_rejected_with_their_line(tmp_path: Path):
    from corpus.validate import Unchanged

    bad_lines = [
        (line(id=["x"]), "id", "expected text, got list"),
        (line(id={"x": 1}), "id", "expected text, got dict"),
        (line(id=7), "id", "expected text, got int"),
        (line(id=False), "id", "expected text, got bool"),
        (line(title=["a", "b"]), "title", "expected text, got list"),
        (line(sections="Fever."), "sections", "expected a list, got str"),
        (line(sections=[{"heading": 0, "text": "Fever."}]), "sections[0]", "must be text"),
        (line(glossary=[{"term": "fever", "en": 1}]), "glossary[0]", "must be text"),
        (line(references=[{"title": ["x"], "url": "https://x.org"}]), "references[0]",
         "expected text"),
        (line(library="lib " * 10_000), "library", "unknown library 'lib lib "),
        (b"[1, 2]\n", "record", "expected a JSON object, got list"),
        (b'"text"\n', "record", "expected a JSON object, got str"),
        (b"[" * 100_000 + b"\n", None, "invalid JSON: nested too deeply"),
        (b'{"id": 1' + b"0" * 5000 + b"}\n", None, "invalid JSON: 'Exceeds the limit"),
    ]
    path = tmp_path / "export.jsonl"
    path.write_bytes(line(id="kept") + b"".join(raw for raw, _, _ in bad_lines))
    # A known id makes the reader try its fast path on every line, as an incremental run does.
    items = list(jsonl.read(path, known={"kept": "an-older-digest", "x": "?"}))
    assert isinstance(items[0], Article) and items[0].id == "kept"
    assert not any(isinstance(i, Unchanged) for i in items)
    rejections = items[1:]
    assert [r.location for r in rejections] == [f"line {n}" for n in range(2, 16)]
    for rejection, (_, field, words) in zip(rejections, bad_lines, strict=True):
        assert rejection.field == field
        assert words in rejection.message, rejection.message
        assert len(rejection.message) < 300  # a huge value is not copied into the report


def _garbage(rng, depth: int = 0) -> object:
    """Any JSON value, the kinds a broken export writes: wrong types, odd text, nesting."""
    kind = rng.randrange(11 if depth < 3 else 7)
    if kind == 0:
        return None
    if kind == 1:
        return rng.choice([True, False])
    if kind == 2:
        return rng.choice([0, -1, 7, 2**70, 1.5, float("nan"), float("inf")])
    if kind in (3, 4, 5, 6):
        pieces = ["", " ", "Fever", "জ্বর", "\x00", "\x07", "\ud83d", "\udc00", "\u200d",
                  "https://x.org/a", "2026-03-01", "disease", "drug", "bn", "a b", "\n\n",
                  "<h2>x</h2>", "e\u0301", "x" * rng.choice([1, 300, 5000])]
        return "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 5)))
    if kind in (7, 8):
        return [_garbage(rng, depth + 1) for _ in range(rng.randrange(4))]
    keys = ["heading", "text", "kind", "term", "en", "bn", "title", "url", "id", "x"]
    return {rng.choice(keys): _garbage(rng, depth + 1) for _ in range(rng.randrange(4))}


FIELDS = ["id", "title", "library", "lang", "summary", "sections", "glossary", "references",
          "also_known_as", "synonyms", "updated", "url", "source_url", "title_bn",
          "bangla_note", "body", "source"]


def _malformed_line(rng, number: int) -> bytes:
    record = {"id": f"fuzz-{number}", "title": f"Fuzz {number}", "library": "disease",
              "summary": "About it.", "sections": [{"heading": "Symptoms", "text": "Fever."}],
              "glossary": [{"term": "fever", "en": "High temperature.", "bn": "জ্বর"}]}
    mutation = rng.randrange(6)
    if mutation <= 2:                      # one field, or several, of the wrong kind
        for name in rng.sample(FIELDS, rng.randrange(1, 4)):
            record[name] = _garbage(rng)
    elif mutation == 3:                    # garbage inside a section or a glossary entry
        part = rng.choice(["sections", "glossary"])
        record[part][0][rng.choice(["heading", "text", "kind", "term", "en", "bn"])] = (
            _garbage(rng))
    elif mutation == 4:                    # a line that is not an object at all
        record = _garbage(rng)
    else:
        del record[rng.choice(["id", "title", "library", "summary"])]
    raw = json.dumps(record, ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass")
    if rng.random() < 0.1:                 # broken bytes: cut short, or not UTF-8
        raw = raw[: rng.randrange(len(raw) + 1)] if rng.random() < 0.5 else raw + b"\xff"
    return raw


def test_random_malformed_records_never_stop_the_batch(tmp_path: Path):
    import random

    from corpus.article import LIBRARIES
    from indexer import build

    rng = random.Random(20261130)
    lines = [_malformed_line(rng, n) + b"\n" for n in range(1, 301)]
    known = {"fuzz-1": "an-older-digest"}
    items = list(jsonl.read_lines(lines, source="fuzz.jsonl", known=known))

    # One item per non-blank line: an article, or a rejection that says which line.
    assert len(items) == sum(1 for raw in lines if raw.strip())
    articles = [i for i in items if isinstance(i, Article)]
    rejections = [i for i in items if isinstance(i, Rejection)]
    assert len(articles) + len(rejections) == len(items)
    assert 20 < len(articles) < len(rejections)  # the generator makes both kinds
    for rejection in rejections:
        assert rejection.location.startswith("line ")
        assert str(rejection).encode("utf-8") and len(rejection.message) < 400
        assert not rejection.message.startswith("record: could not be checked")  # no bug hit
    for article in articles:
        assert article.title and article.library in LIBRARIES
        json.dumps(article.to_record(), ensure_ascii=False).encode("utf-8")  # no surrogates
    # What passed can be indexed: the writer sees only text it can encode.
    report = build.full(articles, tmp_path / "index")
    assert report.documents == len({a.id for a in articles})
