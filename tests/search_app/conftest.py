from __future__ import annotations

import pytest

from search_app.searchers import SearcherManager


@pytest.fixture(scope="module")
def manager(tiny_index):
    return SearcherManager(tiny_index)


@pytest.fixture
def searcher(manager):
    with manager.searcher() as s:
        yield s
