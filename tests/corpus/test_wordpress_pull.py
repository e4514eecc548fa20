"""Pulling the library from a WordPress site: a fake one on 127.0.0.1, never the network."""

from __future__ import annotations

import base64
import time
from datetime import UTC, datetime, timedelta

import pytest

from corpus import Article, Rejection
from corpus.wordpress_pull import (
    PullIncompleteError,
    PullSettings,
    PullSetupError,
    WordPressPull,
)
from indexer import build, versions
from tests.corpus.fake_wordpress import FakeWordPress, post

FAST = PullSettings(interval=0, backoff=0)
LIBRARIES = ["disease", "drug", "lab-test", "cancer"]


def library_posts(count: int, start: int = 1) -> list[dict]:
    return [post(n, f"Topic {n}", LIBRARIES[n % 4]) for n in range(start, start + count)]


def articles(items) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def live_ids(root) -> set[str]:
    with versions.open_version(root, versions.live_version(root)).searcher() as searcher:
        return {fields["id"] for fields in searcher.all_stored_fields()}


@pytest.fixture
def site():
    with FakeWordPress([*library_posts(230), post(900, "Eating Well", "blog")]) as fake:
        yield fake


def test_full_pull_follows_total_pages_100_posts_at_a_time(site):
    pull = WordPressPull(site.url, settings=FAST)
    got = articles(pull.items())
    assert len(got) == 230 and pull.mode == "full"
    pages = site.asked(_embed="wp:term")
    assert [r.query["page"] for r in pages] == ["1", "2", "3"]
    assert {r.query["per_page"] for r in pages} == {"100"}
    assert pull.requests == len(site.requests) == 4  # the categories, then three pages


def test_categories_map_to_libraries_as_the_importer_maps_them(site):
    pull = WordPressPull(site.url, settings=FAST)
    got = {a.id: a.library for a in articles(pull.items())}
    assert (got["article-4"], got["article-1"], got["article-2"], got["article-3"]) == (
        "disease", "drug", "lab-test", "cancer")
    # "Tests &amp; Investigations" is the lab tests; the blog's posts are not asked for.
    assert pull.categories == {"Conditions & Diseases (id 3)": "disease",
                               "Medicines (id 5)": "drug",
                               "Tests & Investigations (id 7)": "lab-test",
                               "Cancer Knowledge (id 9)": "cancer"}
    assert "article-900" not in got
    assert {r.query.get("categories") for r in site.asked(_embed="wp:term")} == {"3,5,7,9"}


def test_glossary_markup_is_lifted_and_chrome_dropped_as_from_html():
    with FakeWordPress([post(1, "Sarcoidosis", bangla_note="সারকয়েডোসিস একটি প্রদাহজনিত রোগ।")]
                       ) as fake:
        (article,) = articles(WordPressPull(fake.url, settings=FAST).items())
    assert [(g.term, g.bn) for g in article.glossary] == [("inflammation", "শরীরের প্রদাহ।")]
    assert "with inflammation of the tissue" in article.body_text
    assert "data-rx-term" not in article.body_text
    assert "Seek urgent" not in article.body_text and "Patient Tools" not in article.body_text
    assert article.bangla_note.startswith("সারকয়েডোসিস")
    assert article.source == f"{fake.url}wp-json/wp/v2/posts/1"


def test_page_failing_once_with_503_is_retried_and_the_pull_completes(site):
    site.fail(lambda path, q: q.get("page") == "2" and "_embed" in q, [503])
    pull = WordPressPull(site.url, settings=FAST)
    assert len(articles(pull.items())) == 230
    assert (pull.retried, pull.failed) == (1, [])
    assert len(site.asked(page="2", _embed="wp:term")) == 2


def test_retry_after_of_a_429_is_honoured(site):
    site.fail(lambda path, q: q.get("page") == "1" and "_embed" in q, [429],
              headers={"Retry-After": "1"})
    pull = WordPressPull(site.url, settings=FAST)
    started = time.monotonic()
    assert len(articles(pull.items())) == 230
    assert time.monotonic() - started >= 1.0
    assert len(site.asked(page="1", _embed="wp:term")) == 2 and pull.retried == 1


def test_page_that_always_fails_leaves_the_live_index_whole(site, tmp_path):
    build.full(WordPressPull(site.url, settings=FAST).items(), tmp_path, source=site.url)
    live = versions.live_version(tmp_path)
    del site.posts[5]  # deleted on the site...
    site.fail(lambda path, q: q.get("page") == "3" and "_embed" in q, [503], times=None)
    site.requests.clear()
    pull = WordPressPull(site.url, settings=FAST)
    with pytest.raises(PullIncompleteError) as raised:
        build.full(pull.items(), tmp_path)
    # ...but a full pull that missed a page publishes nothing, so nothing is deleted.
    assert versions.live_version(tmp_path) == live and "article-5" in live_ids(tmp_path)
    (failed,) = raised.value.failed
    assert failed.what == "posts, page 3 of 3"
    assert failed.error == "HTTP 503 fake_failure: failing on purpose (after 5 retries)"
    assert "page=3" in failed.url
    assert len(site.asked(page="3", _embed="wp:term")) == 6  # the request and 5 retries


def test_incremental_pull_with_a_failed_listing_page_deletes_nothing(site, tmp_path):
    started = datetime.now(UTC)
    build.full(WordPressPull(site.url, settings=FAST).items(), tmp_path)
    live = versions.live_version(tmp_path)
    del site.posts[5]
    site.fail(lambda path, q: q.get("_fields") == "id,slug" and q.get("page") == "2", [500],
              times=None)
    pull = WordPressPull(site.url, since=started, settings=FAST)
    with pytest.raises(PullIncompleteError) as raised:
        build.incremental(pull, tmp_path)
    assert raised.value.failed[0].what == "id listing, page 2 of 3"
    assert not [r for r in site.requests if "modified_after" in r.query]  # it stopped there
    assert versions.live_version(tmp_path) == live and "article-5" in live_ids(tmp_path)


def test_malformed_post_is_rejected_with_its_id_and_reason_the_rest_indexed(site, tmp_path):
    site.posts[7]["title"] = {"rendered": " "}
    site.posts[8]["slug"] = "Bad Slug!"
    report = build.full(WordPressPull(site.url, settings=FAST).items(), tmp_path)
    assert report.documents == 228
    assert sorted((r.location, r.article_id, r.message) for r in report.rejections) == [
        ("post id 7", "article-7", "title: missing or empty"),
        ("post id 8", "Bad Slug!", "id: 'Bad Slug!' is not a slug (letters, digits, . _ : -)"),
    ]
    assert all(r.source == site.url for r in report.rejections)


def test_incremental_pull_fetches_changes_and_removes_a_deleted_post(site, tmp_path):
    started = datetime.now(UTC)
    build.full(WordPressPull(site.url, settings=FAST).items(), tmp_path)
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    site.posts[10] = post(10, "Topic 10", "drug", modified=now, text="night sweats")
    site.posts[300] = post(300, "Brand New Topic", "cancer", modified=now)
    del site.posts[5]
    site.requests.clear()
    pull = WordPressPull(site.url, since=started, settings=FAST)
    report = build.incremental(pull, tmp_path)
    assert (report.added, report.updated, report.removed, report.unchanged) == (1, 1, 1, 228)
    assert "article-5" not in live_ids(tmp_path) and "article-300" in live_ids(tmp_path)
    # The listing (3 pages of ids), then one page of the posts changed since the last pull.
    assert pull.mode == "incremental" and pull.posts == 2 and pull.listed == 230
    assert pull.modified_after == (started - timedelta(minutes=10)).isoformat(
        timespec="seconds")
    assert len(site.asked(_fields="id,slug")) == 3
    assert len(site.asked(modified_after=pull.modified_after)) == 1
    assert pull.requests == len(site.requests) == 5


def test_changes_are_asked_for_by_the_site_clock(site):
    site.clock_ahead = timedelta(hours=1)
    since = datetime(2026, 11, 28, 2, 30, tzinfo=UTC)
    pull = WordPressPull(site.url, since=since, settings=FAST)
    list(pull.items({"article-1": "some hash"}))
    asked = datetime.fromisoformat(pull.modified_after)  # +1 hour, -10 minutes
    assert abs(asked - datetime(2026, 11, 28, 3, 20, tzinfo=UTC)) <= timedelta(seconds=2)
    assert site.asked(modified_after=pull.modified_after)


def test_incremental_pull_fetches_listed_posts_the_index_lacks(site, tmp_path):
    site.posts[7]["title"] = {"rendered": ""}
    started = datetime.now(UTC)
    build.full(WordPressPull(site.url, settings=FAST).items(), tmp_path)
    site.posts[7]["title"] = {"rendered": "Topic 7"}  # fixed without a new modified date
    pull = WordPressPull(site.url, since=started, settings=FAST)
    report = build.incremental(pull, tmp_path)
    assert (report.added, report.removed) == (1, 0)
    assert [r.query["include"] for r in site.asked(_embed="wp:term") if "include" in r.query
            ] == ["7"]


def test_application_password_is_sent_only_when_configured(site, tmp_path, monkeypatch):
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login netrc-user password netrc-secret\n")
    monkeypatch.setenv("NETRC", str(netrc))
    list(WordPressPull(site.url, settings=FAST).items())
    assert all("Authorization" not in r.headers for r in site.requests)  # not even ~/.netrc

    site.requests.clear()
    settings = PullSettings(interval=0, credentials=("editor", "abcd efgh ijkl"))
    pull = WordPressPull(site.url, settings=settings)
    list(pull.items())
    expected = "Basic " + base64.b64encode(b"editor:abcd efgh ijkl").decode()
    assert {r.headers.get("Authorization") for r in site.requests} == {expected}
    assert "abcd" not in repr(settings) + repr(pull.to_dict())


def test_application_password_is_never_sent_over_plain_http_to_another_host():
    with pytest.raises(PullSetupError, match="refusing to send the application password"):
        WordPressPull("http://rx.example.org/", settings=PullSettings(credentials=("a", "b")))
    WordPressPull("https://rx.example.org/", settings=PullSettings(credentials=("a", "b")))


def test_unreachable_site_is_an_incomplete_pull_that_says_why(tmp_path):
    with FakeWordPress() as gone:
        url = gone.url
    pull = WordPressPull(url, settings=PullSettings(interval=0, backoff=0, retries=1))
    with pytest.raises(PullIncompleteError) as raised:
        list(pull.items())
    (failed,) = raised.value.failed
    assert failed.what == "categories, page 1"
    assert failed.error.startswith("ConnectionError after 1 retries: ")
    assert "refused" in failed.error


def test_the_rest_is_not_asked_for_once_the_site_seems_down(tmp_path):
    with FakeWordPress(library_posts(950)) as fake:
        fake.fail(lambda path, q: "_embed" in q and q["page"] != "1", [503], times=None)
        pull = WordPressPull(fake.url, settings=FAST)
        with pytest.raises(PullIncompleteError) as raised:
            list(pull.items())
    assert [f.what for f in raised.value.failed] == [
        "posts, page 2 of 10", "posts, page 3 of 10", "posts, page 4 of 10",
        "posts, pages 5 to 10"]
    assert "not asked for after 3 failures in a row" in raised.value.failed[-1].error


def test_a_site_without_library_categories_says_so():
    categories = [{"id": 11, "name": "Lifestyle Blog", "slug": "lifestyle"}]
    with FakeWordPress([post(1, "Eating Well", "blog")], categories=categories) as fake:
        items = list(WordPressPull(fake.url, settings=FAST).items())
    assert [(type(i), i.article_id) for i in items] == [(Rejection, None)]
    assert "no category names a library" in items[0].message
    assert "Lifestyle Blog" in items[0].message


def test_password_protected_posts_are_not_read(site):
    site.posts[3]["content"] = {"rendered": "<p>Members only.</p>", "protected": True}
    pull = WordPressPull(site.url, settings=FAST)
    got = {a.id for a in articles(pull.items())}
    assert "article-3" not in got and len(got) == 229 and pull.skipped_protected == 1
