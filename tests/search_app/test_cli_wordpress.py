"""``rxsearch reindex https://SITE/``: the pull from a fake WordPress site, end to end."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from corpus import wordpress_pull
from indexer import versions
from search_app.cli import cli
from tests.corpus.fake_wordpress import FakeWordPress, post

LIBRARIES = ["disease", "drug", "lab-test", "cancer"]
PASSWORD = "Xq7v 9LmP 2wRt"


@pytest.fixture
def site():
    with FakeWordPress([post(n, f"Topic {n}", LIBRARIES[n % 4]) for n in range(1, 131)]
                       ) as fake:
        yield fake


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch):
    """Retries without urllib3's growing waits (0, 2, 4, 8, 16 s)."""
    monkeypatch.setattr(wordpress_pull, "DEFAULT_SETTINGS",
                        replace(wordpress_pull.DEFAULT_SETTINGS, backoff=0))


def reindex(runner, *args):
    return runner.invoke(cli, ["reindex", *map(str, args), "--request-interval", "0"])


def test_reindex_pulls_the_site_and_reports_the_pull(runner, site, tmp_path):
    report_file = tmp_path / "pull.json"
    result = reindex(runner, site.url, "--index", tmp_path / "index", "--report", report_file)
    assert result.exit_code == 0, result.output
    assert f"pulled {site.url}: full pull, 130 posts read in 3 requests" in result.output
    report = json.loads(report_file.read_text())
    assert (report["status"], report["added"], report["source"]) == ("ok", 130, site.url)
    assert report["wordpress"]["requests"] == 3 and report["wordpress"]["failed"] == []
    meta = versions.read_meta(versions.live_dir(tmp_path / "index"))
    assert meta["source"] == site.url


def test_incremental_reindex_of_the_site_removes_a_deleted_post(runner, site, tmp_path):
    index = tmp_path / "index"
    assert reindex(runner, site.url, "--index", index).exit_code == 0
    del site.posts[5]
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    site.posts[6] = post(6, "Topic 6", "lab-test", modified=now, text="blurred vision")
    report_file = tmp_path / "pull.json"
    result = reindex(runner, site.url, "--incremental", "--index", index,
                     "--report", report_file)
    assert result.exit_code == 0, result.output
    report = json.loads(report_file.read_text())
    assert (report["added"], report["updated"], report["removed"]) == (0, 1, 1)
    pulled = report["wordpress"]
    assert pulled["mode"] == "incremental" and pulled["posts_read"] == 1
    assert pulled["modified_after"] and pulled["posts_listed"] == 129


def test_a_page_that_keeps_failing_exits_1_and_keeps_the_live_index(runner, site, tmp_path):
    index = tmp_path / "index"
    assert reindex(runner, site.url, "--index", index).exit_code == 0
    live = versions.live_version(index)
    del site.posts[5]
    site.fail(lambda path, q: q.get("page") == "2" and "_fields" in q, [503], times=None)
    report_file = tmp_path / "pull.json"
    result = reindex(runner, site.url, "--incremental", "--index", index,
                     "--report", report_file)
    assert result.exit_code == 1
    assert "failed: id listing, page 2 of 2: HTTP 503" in result.output
    assert "the live index is left as it was" in result.output
    report = json.loads(report_file.read_text())
    assert report["status"] == "incomplete" and report["removed"] == 0
    (failed,) = report["wordpress"]["failed"]
    assert failed["what"] == "id listing, page 2 of 2" and "page=2" in failed["url"]
    assert failed["error"].startswith("HTTP 503")
    assert versions.live_version(index) == live


def test_a_full_pull_with_a_failed_page_publishes_nothing(runner, site, tmp_path):
    index = tmp_path / "index"
    assert reindex(runner, site.url, "--index", index).exit_code == 0
    live = versions.live_version(index)
    site.fail(lambda path, q: q.get("page") == "2" and "_embed" in q, [502], times=None)
    result = reindex(runner, site.url, "--index", index, "--procs", "2")
    assert result.exit_code == 1 and "failed: posts, page 2 of 2: HTTP 502" in result.output
    assert versions.live_version(index) == live
    assert sorted(p.name for p in index.glob("v-*")) == [live]  # the new version is gone


def test_application_password_is_sent_but_never_shown(runner, site, tmp_path, monkeypatch):
    monkeypatch.setenv("RXSEARCH_WP_USER", "indexer")
    monkeypatch.setenv("RXSEARCH_WP_APP_PASSWORD", PASSWORD)
    report_file = tmp_path / "pull.json"
    site.fail(lambda path, q: q.get("page") == "2", [401], times=None)  # and in an error
    result = reindex(runner, site.url, "--index", tmp_path / "index", "--report", report_file)
    assert result.exit_code == 1
    assert "the application password was refused" in result.output
    assert all(r.headers["Authorization"].startswith("Basic ") for r in site.requests)
    for shown in (result.output, report_file.read_text()):
        assert PASSWORD not in shown and PASSWORD.replace(" ", "") not in shown
        assert site.requests[0].headers["Authorization"] not in shown


def test_application_password_is_refused_over_plain_http(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("RXSEARCH_WP_USER", "indexer")
    monkeypatch.setenv("RXSEARCH_WP_APP_PASSWORD", PASSWORD)
    report_file = tmp_path / "pull.json"
    result = reindex(runner, "http://rx.example.org/", "--index", tmp_path / "index",
                     "--report", report_file)
    assert result.exit_code == 1
    assert "refusing to send the application password over plain http" in result.output
    assert json.loads(report_file.read_text())["status"] == "error"


def test_a_site_is_pulled_alone(runner, site, tmp_path):
    result = reindex(runner, site.url, tmp_path / "more.jsonl", "--index", tmp_path / "index")
    assert result.exit_code == 2 and "a WordPress site is pulled alone" in result.output
