"""Canonical JSON Lines: one article record per line (``../shared/corpus/medquad.jsonl`` as is).

Each line is decoded and parsed on its own, so one bad line (invalid UTF-8, broken JSON,
a missing field) is reported with its line number and the rest of the file still imports.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path

from corpus.article import Article, bytes_digest
from corpus.validate import (
    MAX_ARTICLE_CHARS,
    ArticleError,
    Rejection,
    Unchanged,
    article_from_record,
    record_id,
    shown,
)

# Bytes, before decoding: UTF-8 Bangla takes three bytes a character, and JSON escapes more.
MAX_LINE_BYTES = MAX_ARTICLE_CHARS * 4


def read(path: Path, known: Mapping[str, str] | None = None
         ) -> Iterator[Article | Rejection | Unchanged]:
    """Yield the articles of a JSON Lines file, and a Rejection for each bad line.

    ``known`` maps ids to the digests of lines already indexed: a line whose bytes have not
    changed comes back as :class:`Unchanged` without being validated again.
    """
    with path.open("rb") as lines:
        yield from read_lines(lines, source=str(path), known=known)


def read_lines(lines, *, source: str, known: Mapping[str, str] | None = None
               ) -> Iterator[Article | Rejection | Unchanged]:
    for number, raw in enumerate(lines, start=1):
        where = f"line {number}"
        if len(raw) > MAX_LINE_BYTES:
            yield Rejection(source, where, f"huge document: line of {len(raw):,} bytes, more "
                            f"than {MAX_LINE_BYTES:,}", field="body")
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            yield Rejection(source, where, f"invalid UTF-8 at byte {err.start + 1}: "
                            f"{raw[err.start:err.start + 4]!r}")
            continue
        if not text.strip():
            continue
        try:
            record = json.loads(text)
        except ValueError as err:
            yield Rejection(source, where, json_error(err))
            continue
        except RecursionError:
            yield Rejection(source, where, "invalid JSON: nested too deeply")
            continue
        digest = bytes_digest(raw.rstrip(b"\r\n"))
        # Only a text id can be a key of ``known``: a list or object id is unhashable, and
        # whatever the id, a record that is not skipped here is validated and reported.
        article_id = record.get("id") if isinstance(record, dict) else None
        if known and isinstance(article_id, str) and known.get(article_id) == digest:
            yield Unchanged(article_id, source, where)
            continue
        yield from _article(record, source, where, digest)


def json_error(err: ValueError) -> str:
    """A rejection message for text that ``json.loads`` refused.

    Besides syntax errors that is an integer of more than 4,300 digits, which Python
    refuses to convert (a ValueError that is not a JSONDecodeError).
    """
    if isinstance(err, json.JSONDecodeError):
        return f"invalid JSON at column {err.colno}: {err.msg}"
    return f"invalid JSON: {shown(str(err), 120)}"


def read_records(records, *, source: str) -> Iterator[Article | Rejection]:
    """Articles from already-parsed canonical records (a JSON array, a TOML file)."""
    for number, record in enumerate(records, start=1):
        yield from _article(record, source, f"record {number}")


def _article(record: object, source: str, where: str,
             digest: str | None = None) -> Iterator[Article | Rejection]:
    try:
        yield article_from_record(record, digest=digest, location=where)
    except ArticleError as err:
        yield Rejection(source, where, str(err), article_id=record_id(record), field=err.field)
