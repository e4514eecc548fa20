"""Indexes the indexer's tests share."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus import Article, Section
from indexer import build


def article(article_id: str, text: str, library: str = "disease") -> Article:
    return Article(id=article_id, title=article_id.title(), library=library,
                   summary=f"About {article_id} and fever.",
                   sections=(Section("Symptoms", "symptoms", text),))


@pytest.fixture(scope="package")
def segmented(tmp_path_factory) -> Path:
    """An index of two segments, the first with a deleted (updated) document: a3, whose
    text and library changed."""
    root = tmp_path_factory.mktemp("segmented")
    build.full([article(f"a{i}", "fever and rash " * (i + 1)) for i in range(40)], root)
    build.incremental([article(f"a{i}", "fever and cough " * (i + 1), "drug") if i == 3 else
                       article(f"a{i}", "fever and rash " * (i + 1)) for i in range(40)], root)
    return root
