"""The rxsearch command line, end to end on an index in a temporary folder."""

from __future__ import annotations

import json
from pathlib import Path

from search_app.cli import EXIT_REJECTS, cli

FIXTURES = Path(__file__).resolve().parents[1] / "corpus" / "fixtures"


def test_reindex_then_search_end_to_end(runner, tmp_path):
    index = str(tmp_path / "index")
    built = runner.invoke(cli, ["reindex", "--index", index])
    assert built.exit_code == 0, built.output
    assert "full reindex: 96 added" in built.output

    found = runner.invoke(cli, ["search", "fever", "--index", index])
    assert found.exit_code == 0
    assert "Dengue Fever  [Diseases]" in found.output

    as_json = runner.invoke(cli, ["search", "fever headache", "--library", "drug",
                                  "--json", "--index", index])
    data = json.loads(as_json.output)
    assert data["hits"] and {h["library"] for h in data["hits"]} == {"drug"}


def test_index_from_environment_variable(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("RXSEARCH_INDEX", str(tmp_path / "from-env"))
    assert runner.invoke(cli, ["reindex"]).exit_code == 0
    assert (tmp_path / "from-env" / "CURRENT").exists()


def test_reindex_with_rejects_exits_3_but_publishes_the_rest(runner, tmp_path):
    index = str(tmp_path / "index")
    result = runner.invoke(cli, ["reindex", str(FIXTURES / "wordpress"), "--index", index])
    assert result.exit_code == EXIT_REJECTS
    assert "rejected:" in result.output and "Lifestyle Blog" in result.output
    found = runner.invoke(cli, ["search", "thalassaemia", "--index", index])
    assert "Thalassaemia" in found.output
    allowed = runner.invoke(cli, ["reindex", str(FIXTURES / "wordpress"), "--allow-rejects",
                                  "--index", index])
    assert allowed.exit_code == 0


def test_reindex_with_nothing_valid_keeps_the_live_index(runner, tmp_path):
    index = str(tmp_path / "index")
    runner.invoke(cli, ["reindex", "--index", index])
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n")
    result = runner.invoke(cli, ["reindex", str(bad), "--index", index])
    assert result.exit_code == 1
    assert "live index is left as it was" in result.output
    assert "Traceback" not in result.output
    assert "Malaria" in runner.invoke(cli, ["search", "malaria", "--index", index]).output


def test_search_without_index_is_a_clear_error(runner, tmp_path):
    result = runner.invoke(cli, ["search", "fever", "--index", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "rxsearch reindex" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_validate_reports_sample_counts(runner):
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 0
    assert "valid articles" in result.output
    assert "with a Bangla patient note" in result.output


def test_validate_lists_every_rejection_and_exits_1(runner):
    result = runner.invoke(cli, ["validate", str(FIXTURES / "wordpress"), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["counts"]["articles"] == 4
    assert {r["field"] for r in data["rejections"]} == {"library", "title", "body"}


def test_validate_real_medquad(runner, shared_corpus):
    result = runner.invoke(cli, ["validate", str(shared_corpus("medquad.jsonl"))])
    assert result.exit_code == 0
    assert "5483 valid articles" in result.output


def test_unknown_library_option_is_refused(runner, tiny_index):
    result = runner.invoke(cli, ["search", "fever", "--library", "blog",
                                 "--index", str(tiny_index)])
    assert result.exit_code == 2
    assert "blog" in result.output


def test_analyze_prints_keys_positions_and_offsets(runner):
    result = runner.invoke(cli, ["analyze", "জ্বরের ওষুধ and headaches", "--json"])
    assert result.exit_code == 0
    tokens = json.loads(result.output)
    assert [(t["original"], t["text"], t["pos"], t["start"], t["end"]) for t in tokens] == [
        ("জ্বরের", "জর", 0, 0, 6), ("ওষুধ", "ওসুধ", 1, 7, 11), ("headaches", "headach", 2, 16, 25)]


def test_analyze_bangla_without_folding(runner):
    result = runner.invoke(cli, ["analyze", "--lang", "bn", "--no-fold", "জ্বরের ব্যাথা"])
    assert result.exit_code == 0
    assert "জ্বরের  →  জ্বর" in result.output
    assert "ব্যাথা  →  ব্যাথা" in result.output


def test_reindex_report_file_and_incremental_run(runner, tmp_path):
    from corpus import SAMPLE_DIR, ImportReport

    index = str(tmp_path / "index")
    report_file = tmp_path / "run.json"
    articles = ImportReport.collect([SAMPLE_DIR]).articles
    records = [a.to_record() for a in articles]
    first, second = tmp_path / "monday.jsonl", tmp_path / "tuesday.jsonl"
    first.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records))
    assert runner.invoke(cli, ["reindex", str(first), "--index", index]).exit_code == 0

    records = records[1:]                                   # one article vanished
    records[0] = {**records[0], "summary": "Rewritten summary."}   # one changed
    records.append({**records[1], "id": "brand-new", "title": "Brand New"})  # one added
    second.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records))
    result = runner.invoke(cli, ["reindex", str(second), "--incremental", "--index", index,
                                 "--report", str(report_file)])
    assert result.exit_code == 0, result.output
    report = json.loads(report_file.read_text())
    assert (report["added"], report["updated"], report["removed"]) == (1, 1, 1)
    assert report["unchanged"] == len(articles) - 2
    assert report["mode"] == "incremental" and report["documents"] == len(articles)
    found = runner.invoke(cli, ["search", "brand new", "--index", index])
    assert "Brand New" in found.output


def test_stats_and_index_versions(runner, tmp_path):
    index = str(tmp_path / "index")
    runner.invoke(cli, ["reindex", "--index", index, "--procs", "1"])
    runner.invoke(cli, ["reindex", "--index", index, "--procs", "1"])
    stats = json.loads(runner.invoke(cli, ["stats", "--json", "--index", index]).output)
    assert stats["documents"] == 96
    assert stats["per_library"] == {"cancer": 21, "disease": 29, "drug": 24, "lab-test": 22}
    assert stats["terms"] > 1000 and stats["size_bytes"] > 0
    listed = runner.invoke(cli, ["index", "list", "--index", index]).output.splitlines()
    assert len(listed) == 2 and listed[0].startswith("*")
    older = listed[1].split()[0]
    rolled = runner.invoke(cli, ["index", "rollback", "--index", index])
    assert rolled.exit_code == 0 and f"{older} is live" in rolled.output
    after = runner.invoke(cli, ["index", "list", "--index", index]).output.splitlines()
    assert after == [listed[1].replace(" ", "*", 1)]


def test_stats_without_index_is_a_clear_error(runner, tmp_path):
    result = runner.invoke(cli, ["stats", "--index", str(tmp_path / "none")])
    assert result.exit_code == 1 and "rxsearch reindex" in result.output


def test_search_shows_corrections_sections_and_danger_notice(runner, tiny_index):
    index = ["--index", str(tiny_index)]
    typo = runner.invoke(cli, ["search", "neumonia", *index])
    assert "Showing results for 'pneumonia'" in typo.output
    assert "Pneumonia  [Diseases]" in typo.output
    section = runner.invoke(cli, ["search", "side effects of methotrexate", *index])
    assert "Methotrexate  [Drugs]  methotrexate  in Side effects" in section.output
    danger = runner.invoke(cli, ["search", "chest pain", *index])
    assert danger.output.startswith("!! chest pain:") and "999" in danger.output


def test_suggest_related_and_browse_commands(runner, tiny_index):
    index = ["--index", str(tiny_index)]
    suggestions = json.loads(runner.invoke(cli, ["suggest", "ডেঙ্গ", "--json", *index]).output)
    assert suggestions[0]["title"] == "Dengue Fever"
    other = runner.invoke(cli, ["suggest", "esoph", *index])
    assert other.output.startswith("Oesophageal Cancer — esophageal cancer  [Cancer]")
    typo = json.loads(runner.invoke(cli, ["suggest", "daib", "--json", *index]).output)
    assert typo[0]["title"] == "Type 2 Diabetes" and typo[0]["match"] == "typo"
    related = runner.invoke(cli, ["related", "dengue-fever", *index])
    assert "Dengue NS1 Antigen Test" in related.output
    assert "No strong indexed relationship is available yet." in related.output
    missing = runner.invoke(cli, ["related", "nope", *index])
    assert missing.exit_code == 1 and "no article 'nope'" in missing.output
    letters = runner.invoke(cli, ["browse", "drug", *index])
    assert "A:" in letters.output
    titles = runner.invoke(cli, ["browse", "drug", "m", *index]).output.splitlines()
    assert titles[0].startswith("Metformin") and len(titles) >= 3
    bad = runner.invoke(cli, ["browse", "drug", "Ж", *index])
    assert bad.exit_code == 2


def test_search_batch_writes_one_json_result_per_line(runner, tiny_index, tmp_path):
    queries = tmp_path / "queries.txt"
    queries.write_text('fever\n{"query": "neumonia"}\n\n{"nope": 1}\nবুকে ব্যথা\n',
                       encoding="utf-8")
    result = runner.invoke(cli, ["search", "--batch", str(queries), "--index",
                                 str(tiny_index)])
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line.get("query") for line in lines] == ["fever", "neumonia", None, "বুকে ব্যথা"]
    assert lines[1]["showing_for"] == "pneumonia"
    assert lines[2] == {"line": 4, "error": "not a JSON object with a query field"}
    assert lines[3]["notice"]["signs"][0]["id"] == "chest-pain"
    assert {"id", "title", "library", "lang", "score", "snippet", "matched_in"} <= set(
        lines[0]["hits"][0])


def test_search_without_query_or_batch_is_a_usage_error(runner, tiny_index):
    result = runner.invoke(cli, ["search", "--index", str(tiny_index)])
    assert result.exit_code == 2 and "QUERY" in result.output


def test_search_says_what_it_searched_when_it_read_the_query(runner, tiny_index):
    out = runner.invoke(cli, ["search", "jor", "--index", str(tiny_index)])
    assert out.exit_code == 0
    assert "jor — showing জ্বর (fever" in out.output


def _live_ids(index: Path) -> set[str]:
    from indexer import versions

    ix = versions.open_version(index, versions.live_version(index))
    with ix.searcher() as searcher:
        return {fields["id"] for fields in searcher.all_stored_fields()}


def _good(article_id: str, title: str, **fields) -> dict:
    return {"id": article_id, "title": title, "library": "disease",
            "summary": f"{title} is an illness.", **fields}


# Each malformed line of the nightly export, with a word of the reason it must be given.
MALFORMED_LINES: list[tuple[bytes, str]] = [
    (json.dumps(_good(["dengue"], "Id As List")).encode(), "id: expected text, got list"),
    (json.dumps(_good({"slug": "x"}, "Id As Object")).encode(), "id: expected text, got dict"),
    (json.dumps(_good(42, "Id As Number")).encode(), "id: expected text, got int"),
    (json.dumps(_good(True, "Id As Bool")).encode(), "id: expected text, got bool"),
    (json.dumps(_good(None, "Id As Null")).encode(), "id: missing or empty"),
    (json.dumps(_good("title-list", ["Not", "Text"])).encode(), "title: expected text"),
    (json.dumps(_good("sections-text", "S", sections="Fever.")).encode(),
     "sections: expected a list"),
    (json.dumps(_good("nested", "N", sections=[{"heading": {"a": [[{"b": []}]]},
                                                "text": "x"}])).encode(),
     "heading and kind must be text"),
    (json.dumps(_good("glossary-object", "G", glossary={"fever": "hot"})).encode(),
     "glossary: expected a list"),
    (json.dumps(_good("huge", "Huge", summary="word " * 100_000)).encode(), "huge document"),
    (json.dumps(_good("x" * 5000, "Huge Id")).encode(), "is not a slug"),
    (b'{"id": "latin1", "title": "Caf\xe9", "library": "disease"}', "invalid UTF-8"),
    (b'["an", "array", "not", "an", "object"]', "expected a JSON object, got list"),
    (b'"a string, not an object"', "expected a JSON object, got str"),
    (b"null", "expected a JSON object, got NoneType"),
    (b"[" * 50_000 + b"]" * 50_000, "nested too deeply"),
    (b'{"id": "big", "n": ' + b"9" * 5000 + b"}", "invalid JSON"),
    (b'{"id": "cut-off", "title": ', "invalid JSON at column"),
]


def test_reindex_and_incremental_reject_malformed_records_line_by_line(runner, tmp_path):
    good = [_good("dengue-fever", "Dengue Fever"),
            _good("jor", "জ্বর", lang="bn", summary="জ্বর হলে বিশ্রাম নিন।"),
            # A lone surrogate (half an emoji) and a control character: cleaned, not fatal.
            _good("typhoid", "Typhoid\ud83d Fever\x07", summary="Typhoid spreads in water.")]
    lines, expected = [], {}
    for record in good[:2]:
        lines.append(json.dumps(record, ensure_ascii=False).encode())
    for raw, reason in MALFORMED_LINES:
        lines.append(raw)
        expected[len(lines)] = reason
    lines.append(json.dumps(good[2]).encode())
    export = tmp_path / "export.jsonl"
    export.write_bytes(b"\n".join(lines) + b"\n")
    index = tmp_path / "index"

    # The second (incremental) run reads the lines against the ids already indexed: that
    # is where a list or object id used to end the job with a traceback.
    for extra in ([], ["--incremental"]):
        result = runner.invoke(cli, ["reindex", str(export), "--index", str(index), *extra])
        assert result.exit_code == EXIT_REJECTS, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "Traceback" not in result.output
        rejected = [line for line in result.output.splitlines() if line.startswith("rejected:")]
        assert len(rejected) == len(expected)
        for number, reason in expected.items():
            (found,) = [line for line in rejected if f"{export}, line {number}:" in line
                        or f"{export}, line {number} [" in line]
            assert reason in found, found
        assert _live_ids(index) == {"dengue-fever", "jor", "typhoid"}
    found = runner.invoke(cli, ["search", "typhoid", "--json", "--index", str(index)])
    assert json.loads(found.output)["hits"][0]["title"] == "Typhoid Fever"


def test_nightly_incremental_job_survives_unhashable_ids_in_a_real_process(tmp_path):
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    export = tmp_path / "export.jsonl"
    export.write_text(json.dumps(_good("dengue-fever", "Dengue Fever")) + "\n"
                      + json.dumps(_good(["dengue-fever"], "Id As List")) + "\n"
                      + json.dumps(_good({"id": 1}, "Id As Object")) + "\n")
    command = [sys.executable, "-m", "search_app.cli", "reindex", str(export),
               "--index", str(tmp_path / "index")]
    first = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=120)
    assert first.returncode == EXIT_REJECTS, first.stderr
    nightly = subprocess.run([*command, "--incremental"], cwd=root, capture_output=True,
                             text=True, timeout=120)
    assert nightly.returncode == EXIT_REJECTS, nightly.stderr
    assert "Traceback" not in nightly.stderr
    assert f"rejected: {export}, line 2: id: expected text, got list" in nightly.stderr
    assert f"rejected: {export}, line 3: id: expected text, got dict" in nightly.stderr


def _sample_index(runner, tmp_path) -> Path:
    index = tmp_path / "index"
    assert runner.invoke(cli, ["reindex", "--index", str(index)]).exit_code == 0
    return index


def test_reindex_with_nothing_valid_lists_the_reasons_and_writes_the_report(runner, tmp_path):
    index = _sample_index(runner, tmp_path)
    live = (index / "CURRENT").read_text()
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b'{not json\n{"id": ["x"], "title": "T"}\n{"id": "no-library", '
                    b'"title": "T", "summary": "S"}\n')
    for extra in ([], ["--incremental"]):
        report_file = tmp_path / f"report{len(extra)}.json"
        result = runner.invoke(cli, ["reindex", str(bad), "--index", str(index),
                                     "--report", str(report_file), *extra])
        assert result.exit_code == 1
        assert "Traceback" not in result.output
        assert f"rejected: {bad}, line 1: invalid JSON at column 2" in result.output
        assert f"rejected: {bad}, line 2: id: expected text, got list" in result.output
        assert f"rejected: {bad}, line 3 [no-library]: library: missing" in result.output
        assert "Error: no valid articles" in result.output
        report = json.loads(report_file.read_text(encoding="utf-8"))
        assert report["status"] == "nothing-to-index"
        assert "live index is left as it was" in report["error"]
        assert [r["location"] for r in report["rejections"]] == ["line 1", "line 2", "line 3"]
        assert report["rejections"][2]["field"] == "library"
        assert (index / "CURRENT").read_text() == live
    assert "Malaria" in runner.invoke(cli, ["search", "malaria", "--index", str(index)]).output


def test_reindex_writes_the_report_when_a_source_is_missing_or_the_lock_is_held(
        runner, tmp_path):
    from indexer.lock import reindex_lock
    from search_app.cli import EXIT_LOCKED

    index, report_file = tmp_path / "index", tmp_path / "report.json"
    missing = runner.invoke(cli, ["reindex", str(tmp_path / "gone.jsonl"), "--index",
                                  str(index), "--report", str(report_file)])
    assert missing.exit_code == 1 and "no such file or folder" in missing.output
    report = json.loads(report_file.read_text(encoding="utf-8"))
    assert report["status"] == "error" and "gone.jsonl" in report["error"]
    assert report["mode"] == "full"

    with reindex_lock(index):
        locked = runner.invoke(cli, ["reindex", "--incremental", "--index", str(index),
                                     "--report", str(report_file)])
    assert locked.exit_code == EXIT_LOCKED
    report = json.loads(report_file.read_text(encoding="utf-8"))
    assert report["status"] == "locked" and report["mode"] == "incremental"
    assert "another reindex job holds the lock" in report["error"]
    assert not (index / "CURRENT").exists()


def test_reindex_writes_the_report_when_the_run_fails_unexpectedly(runner, tmp_path,
                                                                   monkeypatch):
    from indexer import build

    def broken_build(*args, **kwargs):
        raise RuntimeError("the disk caught fire")

    monkeypatch.setattr(build, "full", broken_build)
    report_file = tmp_path / "report.json"
    result = runner.invoke(cli, ["reindex", "--index", str(tmp_path / "index"),
                                 "--report", str(report_file)])
    assert result.exit_code == 1
    assert isinstance(result.exception, RuntimeError)  # a bug keeps its traceback
    report = json.loads(report_file.read_text(encoding="utf-8"))
    assert report["status"] == "error"
    assert report["error"] == "RuntimeError: the disk caught fire"


def test_reindex_report_says_ok_or_rejects(runner, tmp_path):
    report_file = tmp_path / "report.json"
    index = str(tmp_path / "index")
    assert runner.invoke(cli, ["reindex", "--index", index, "--report",
                               str(report_file)]).exit_code == 0
    report = json.loads(report_file.read_text(encoding="utf-8"))
    assert (report["status"], report["error"], report["rejected"]) == ("ok", None, 0)
    result = runner.invoke(cli, ["reindex", str(FIXTURES / "wordpress"), "--index", index,
                                 "--report", str(report_file)])
    assert result.exit_code == EXIT_REJECTS
    report = json.loads(report_file.read_text(encoding="utf-8"))
    assert report["status"] == "rejects" and report["rejected"] == 3


BROKEN_PAGES = {
    "typhoid.html": "<h1>Typhoid</h1><p>Typhoid is an infection.</p>\n"
                    "<h2>Symptoms\n<p>Rose spots on the chest.</p>",
    "cholera.html": "<h1>Cholera</h1><p>Cholera spreads in water.</p>"
                    "<h2>Treatment</h3>\n<p>Oral rehydration salts save lives.</p>",
    "tetanus.html": "<h1>Tetanus\n<p>Tetanus stiffens the jaw muscles.</p>",
}


def test_reindex_and_validate_report_repaired_html_as_warnings(runner, tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for name, body in BROKEN_PAGES.items():
        (pages / name).write_text(
            '<html><head><meta name="rx:library" content="disease"></head><body><article>'
            f"{body}</article></body></html>", encoding="utf-8")
    index, report_file = str(tmp_path / "index"), tmp_path / "report.json"
    result = runner.invoke(cli, ["reindex", str(pages), "--index", index,
                                 "--report", str(report_file)])
    assert result.exit_code == 0, result.output
    warned = [line for line in result.output.splitlines() if line.startswith("warning: ")]
    assert warned == [
        f"warning: {pages / 'cholera.html'} [cholera]: <h2> 'Treatment' was closed by a "
        "wrong end tag; the text after it ('Oral rehydration salts save lives.') was read as "
        "body text",
        f"warning: {pages / 'tetanus.html'} [tetanus]: <h1> 'Tetanus' was not closed at the "
        "end of its line; the text after it ('Tetanus stiffens the jaw muscles.') was read "
        "as body text",
        f"warning: {pages / 'typhoid.html'} [typhoid]: <h2> 'Symptoms' was not closed at the "
        "end of its line; the text after it ('Rose spots on the chest.') was read as body "
        "text"]
    report = json.loads(report_file.read_text(encoding="utf-8"))
    assert report["status"] == "ok" and report["documents"] == 3
    assert [(w["article_id"], w["message"][:4]) for w in report["warnings"]] == [
        ("cholera", "<h2>"), ("tetanus", "<h1>"), ("typhoid", "<h2>")]
    for words, title in [("rose spots", "Typhoid"), ("rehydration salts", "Cholera"),
                         ("jaw muscles", "Tetanus")]:
        found = json.loads(runner.invoke(cli, ["search", words, "--json", "--index",
                                               index]).output)
        assert found["hits"][0]["title"] == title, words

    checked = runner.invoke(cli, ["validate", str(pages)])
    assert checked.exit_code == 0
    assert "warnings: 3" in checked.output and warned[0] in checked.output
    as_json = json.loads(runner.invoke(cli, ["validate", str(pages), "--json"]).output)
    assert as_json["counts"]["warnings"] == 3 and len(as_json["warnings"]) == 3
