"""Shared fixtures: one real index of the sample library for the whole run."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus import SAMPLE_DIR, ImportReport
from indexer import build
from search_app.web import create_app

SHARED = Path(__file__).resolve().parents[2] / "shared"
SHARED_CORPUS = SHARED / "corpus"
FIXTURES = Path(__file__).parent / "corpus" / "fixtures"


@pytest.fixture(scope="session")
def sample_report() -> ImportReport:
    return ImportReport.collect([SAMPLE_DIR])


@pytest.fixture(scope="session")
def tiny_index(tmp_path_factory, sample_report) -> Path:
    """A real index built from corpus/sample, shared by the whole run."""
    root = tmp_path_factory.mktemp("index")
    build.full(sample_report.articles, root)
    return root


@pytest.fixture
def app(tiny_index, tmp_path):
    return create_app({"TESTING": True, "INDEX_DIR": str(tiny_index),
                       "EDITOR_DB": str(tmp_path / "editorial.sqlite3"),
                       "ANALYTICS_FLUSH_SECONDS": 0})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def shared_corpus():
    """``shared_corpus("medquad.jsonl")``: a file of ../shared/corpus, or skip with the reason."""

    def path_of(name: str) -> Path:
        path = SHARED_CORPUS / name
        if not path.exists():
            pytest.skip(f"{path} is absent: the shared real corpus is not beside the project")
        return path

    return path_of
