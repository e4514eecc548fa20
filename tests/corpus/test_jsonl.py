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
