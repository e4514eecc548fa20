"""WordPress exports: the REST API's JSON list of posts, and WXR (the XML of Tools → Export).

A post's library comes from its categories ("Diseases", "Lab Tests", "Cancer Knowledge", …,
see ``corpus.validate.library_from_label``). The REST API lists category ids only; export
with ``?_embed`` so the category names travel with the posts. The body HTML goes through the
same extraction as the site's pages (sections, glossary tooltips, references, no chrome).
The Bangla patient note is the post meta ``rx_bangla_note`` when the theme stores it there.
A page of posts from the live site's API is the same JSON as a dump: ``corpus.wordpress_pull``
reads it with :func:`rest_posts` and maps categories with :func:`category_library`.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterator, Mapping
from functools import partial
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from corpus.article import LIBRARIES, Article
from corpus.importers.html import (
    content_fields,
    fragment_root,
    record_items,
    take_bangla_note,
)
from corpus.importers.jsonl import json_error
from corpus.validate import (
    ArticleWarning,
    Rejection,
    library_from_label,
    one_line,
    record_id,
    shown,
    slugify,
)

BANGLA_NOTE_KEYS = ("rx_bangla_note", "rx_bangla_patient_note", "bangla_note")
BANGLA_TITLE_KEYS = ("rx_bangla_title", "bangla_title")
PUBLISHED = {"publish", "published"}


def read_rest(path: Path) -> Iterator[Article | Rejection | ArticleWarning]:
    """Posts from a REST API dump (``/wp-json/wp/v2/posts?_embed``), a JSON array."""
    source = str(path)
    try:
        posts = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as err:
        yield Rejection(source, "", f"invalid UTF-8 at byte {err.start + 1}")
        return
    except json.JSONDecodeError as err:
        yield Rejection(source, f"line {err.lineno}", json_error(err))
        return
    except ValueError as err:
        yield Rejection(source, "", json_error(err))
        return
    except RecursionError:
        yield Rejection(source, "", "invalid JSON: nested too deeply")
        return
    if not isinstance(posts, list):
        yield Rejection(source, "", "expected a JSON array of posts")
        return
    yield from rest_posts(posts, source)


def rest_posts(posts: list, source: str, *, where: Callable[[int, object], str] | None = None
               ) -> Iterator[Article | Rejection | ArticleWarning]:
    """Articles, rejections and warnings from a list of REST posts: a whole dump, or one page
    of a live site (``corpus.wordpress_pull``); drafts and other unpublished posts are skipped.

    ``where`` names a post in messages, given its number in the list and the post; by
    default ``post 3``.
    """
    for number, post in enumerate(posts, start=1):
        location = where(number, post) if where else f"post {number}"
        if not isinstance(post, Mapping):
            yield Rejection(source, location, "expected a post object")
            continue
        status = post.get("status", "publish")
        if not isinstance(status, str):
            yield Rejection(source, location, f"status: expected text, got {type(status).__name__}",
                            article_id=record_id({"id": post_article_id(post)}), field="status")
            continue
        if status not in PUBLISHED:
            continue
        yield from record_items(partial(_rest_record, post), source, location)


def looks_like_rest(data: object) -> bool:
    """True for a REST dump (``title`` is ``{"rendered": …}``), False for canonical records."""
    return (isinstance(data, list) and bool(data) and isinstance(data[0], Mapping)
            and isinstance(data[0].get("title"), Mapping))


def _rendered(value: object) -> str:
    if isinstance(value, Mapping):
        value = value.get("rendered", "")
    return value if isinstance(value, str) else ""


def post_article_id(post: Mapping) -> str:
    """The article id of a post: its slug, else its numeric id, as text; "" when neither is
    usable.

    >>> post_article_id({"id": 4101, "slug": "kala-azar"}), post_article_id({"id": 4101})
    ('kala-azar', '4101')
    """
    for key in ("slug", "id"):
        value = post.get(key)
        if isinstance(value, str) and value.strip():
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
    return ""


def category_library(term: Mapping) -> str | None:
    """The library a category stands for, by its name or else its slug, as posts are mapped.

    >>> category_library({"name": "Tests &amp; Investigations", "slug": "tests-investigations"})
    'lab-test'
    """
    names = [value for key in ("name", "slug") if isinstance(value := term.get(key), str)]
    library = _library(names, None)
    return library if library in LIBRARIES else None


def _rest_terms(post: Mapping) -> list[Mapping]:
    """The category terms embedded with a post (``_embed``), skipping anything malformed."""
    embedded = post.get("_embedded")
    groups = embedded.get("wp:term") if isinstance(embedded, Mapping) else None
    if not isinstance(groups, list):
        return []
    return [term for group in groups if isinstance(group, list) for term in group
            if isinstance(term, Mapping) and term.get("taxonomy", "category") == "category"]


def _rest_record(post: Mapping) -> tuple[dict, list[str]]:
    terms = _rest_terms(post)
    names = [value for t in terms for k in ("name", "slug")
             if isinstance(value := t.get(k), str)]
    meta = post.get("meta") if isinstance(post.get("meta"), Mapping) else {}
    record = {
        "id": post_article_id(post),
        "title": one_line(fragment_root(_rendered(post.get("title"))).get_text(" ")),
        "library": _library(names, post.get("categories")),
        "url": post.get("link"),
        "updated": post.get("modified_gmt") or post.get("modified") or post.get("date"),
        "summary": one_line(fragment_root(_rendered(post.get("excerpt"))).get_text(" ")),
        "bangla_note": next((meta[k] for k in BANGLA_NOTE_KEYS if meta.get(k)), None),
        "title_bn": next((meta[k] for k in BANGLA_TITLE_KEYS if meta.get(k)), None),
    }
    return _with_content(record, _rendered(post.get("content")))


def read_wxr(path: Path) -> Iterator[Article | Rejection | ArticleWarning]:
    """Posts from a WXR file, item by item (exports run to hundreds of megabytes)."""
    source = str(path)
    number = 0
    try:
        for _event, element in iterparse(str(path), events=("end",)):
            if _local(element.tag) != "item":
                continue
            number += 1
            fields = _item_fields(element)
            element.clear()
            if fields["post_type"] not in ("post", "") or fields["status"] not in PUBLISHED:
                continue
            yield from record_items(partial(_wxr_record, fields), source, f"item {number}")
    except ParseError as err:
        line, column = err.position
        yield Rejection(source, f"line {line}", f"invalid XML at column {column + 1}; items "
                        f"after item {number} were not read")
    except DefusedXmlException as err:
        yield Rejection(source, "", f"refused unsafe XML: {type(err).__name__}")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _item_fields(item: Element) -> dict:
    """The item's fields by local name, whatever WXR version's namespaces it uses."""
    fields = {"categories": [], "meta": {}, "post_type": "", "status": "publish"}
    for child in item:
        name = _local(child.tag)
        text = child.text or ""
        if name == "category" and child.get("domain", "category") == "category":
            fields["categories"] += [text, child.get("nicename", "")]
        elif name == "postmeta":
            key = next((c.text for c in child if _local(c.tag) == "meta_key"), None)
            value = next((c.text for c in child if _local(c.tag) == "meta_value"), None)
            if key:
                fields["meta"][key] = value or ""
        elif name == "encoded":
            is_excerpt = "excerpt" in child.tag
            fields["excerpt" if is_excerpt else "content"] = text
        else:
            fields[name] = text
    return fields


def _wxr_record(fields: dict) -> tuple[dict, list[str]]:
    record = {
        "id": fields.get("post_name") or fields.get("post_id") or "",
        "title": one_line(fields.get("title", "")),
        "library": _library(fields["categories"], None),
        "url": fields.get("link"),
        "updated": (fields.get("post_modified_gmt") or fields.get("post_date_gmt") or "")[:10],
        "summary": one_line(fragment_root(fields.get("excerpt", "")).get_text(" ")),
        "bangla_note": next((fields["meta"][k] for k in BANGLA_NOTE_KEYS
                             if fields["meta"].get(k)), None),
        "title_bn": next((fields["meta"][k] for k in BANGLA_TITLE_KEYS
                          if fields["meta"].get(k)), None),
    }
    return _with_content(record, fields.get("content", ""))


def _library(names: list[str], category_ids: object) -> str | None:
    # WordPress keeps category names HTML-escaped ("Tests &amp; Investigations"), in the
    # REST API and in WXR alike.
    names = [html.unescape(name) for name in names if name]
    for name in names:
        library = library_from_label(name)
        if library:
            return library
    if names:
        # Not a library: validation rejects it and its message names the categories.
        return "categories " + ", ".join(dict.fromkeys(names))
    if category_ids:
        return (f"category ids {shown(category_ids)} (export with ?_embed to get their "
                f"names)")
    return None


def _with_content(record: dict, html: str) -> tuple[dict, list[str]]:
    root = fragment_root(html)
    record["bangla_note"] = take_bangla_note(root) or record.get("bangla_note")
    fields, warnings = content_fields(root)
    record.update(fields)
    if not record["id"] and record.get("title"):
        record["id"] = slugify(record["title"])
    return {key: value for key, value in record.items() if value not in (None, "", [])}, warnings
