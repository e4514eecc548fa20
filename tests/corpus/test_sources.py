"""Reading many files at once: nothing in one file may stop the others."""

from __future__ import annotations

import json
from pathlib import Path

from corpus import Article, ImportReport, read_sources
from corpus.importers import jsonl


def _record(article_id: str) -> str:
    return json.dumps({"id": article_id, "title": article_id.title(), "library": "disease",
                       "summary": "About it."})


def test_an_importer_bug_rejects_the_rest_of_its_file_and_the_batch_goes_on(
        tmp_path: Path, monkeypatch):
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text(_record("alpha") + "\n" + _record("beta") + "\n")
    second.write_text(_record("gamma") + "\n")

    real = jsonl.read_lines

    def failing_after_one(lines, *, source, known=None):
        items = real(lines, source=source, known=known)
        yield next(items)
        if source == str(first):
            raise KeyError("an importer bug")
        yield from items

    monkeypatch.setattr(jsonl, "read_lines", failing_after_one)
    items = list(read_sources([first, second]))
    assert [i.id for i in items if isinstance(i, Article)] == ["alpha", "gamma"]
    (rejection,) = ImportReport.collect([first, second]).rejections
    assert rejection.source == str(first) and rejection.article_id is None
    assert rejection.message.startswith("could not be read to the end: KeyError")


def test_json_array_nested_too_deeply_is_one_rejection(tmp_path: Path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    (rejection,) = ImportReport.collect([deep]).rejections
    assert rejection.message == "invalid JSON: nested too deeply"
