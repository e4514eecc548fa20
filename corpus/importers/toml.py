"""The sample library's form: TOML files of ``[[article]]`` tables in the canonical shape.

TOML keeps long plain-language text and Bangla readable for the people who write it, with
multi-line strings and no escaping; the records are the same as in JSON Lines.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path

from corpus.article import Article
from corpus.importers.jsonl import read_records
from corpus.validate import Rejection


def read(path: Path) -> Iterator[Article | Rejection]:
    """Yield the articles of one TOML file; a syntax error rejects the file with its line."""
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as err:
        yield Rejection(str(path), "", f"invalid UTF-8 at byte {err.start + 1}")
        return
    except tomllib.TOMLDecodeError as err:
        yield Rejection(str(path), "", f"invalid TOML: {err}")
        return
    except RecursionError:  # tomllib parses nested arrays and tables recursively
        yield Rejection(str(path), "", "invalid TOML: nested too deeply")
        return
    articles = data.get("article")
    if not isinstance(articles, list):
        yield Rejection(str(path), "", "no [[article]] tables in this file")
        return
    yield from read_records(articles, source=str(path))
