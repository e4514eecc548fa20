"""Build the index: a complete new version beside the live one, then an atomic switch."""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from whoosh import index

from analyzers import ANALYSIS_VERSION
from corpus.article import Article
from indexer import versions
from indexer.schema import SCHEMA_VERSION, build_schema, document

log = logging.getLogger(__name__)


class NothingToIndexError(ValueError):
    """A build was asked to publish an empty index, which would blank the live one."""


@dataclass(frozen=True, slots=True)
class BuildResult:
    version: str
    documents: int
    seconds: float


def full(articles: Iterable[Article], root: Path) -> BuildResult:
    """Index ``articles`` into a new version under ``root`` and make it live.

    On any error the new version is removed and the live index stays as it was.
    """
    started = time.monotonic()
    version_dir = versions.new_version_dir(root)
    try:
        ix = index.create_in(str(version_dir), build_schema())
        count = 0
        glossary: dict[str, str] = {}
        with ix.writer(limitmb=256) as writer:
            for article in articles:
                writer.add_document(**document(article))
                for entry in article.glossary:
                    if entry.bn:
                        glossary.setdefault(entry.term.casefold(), entry.bn)
                count += 1
            if count == 0:
                raise NothingToIndexError("no valid articles to index; the live index is "
                                          "left as it was")
        seconds = time.monotonic() - started
        versions.write_glossary(version_dir, sorted(glossary.items()))
        versions.write_meta(version_dir, {
            "schema_version": SCHEMA_VERSION,
            "analysis_version": ANALYSIS_VERSION,
            "documents": count,
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "build_seconds": round(seconds, 3),
        })
        versions.publish(root, version_dir)
    except BaseException:
        shutil.rmtree(version_dir, ignore_errors=True)
        raise
    log.info("indexed %d articles into %s in %.1fs", count, version_dir.name, seconds)
    return BuildResult(version_dir.name, count, seconds)
