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
