from __future__ import annotations

import pytest

from search_app.index_view import IndexView, ViewManager


@pytest.fixture(scope="module")
def view(tiny_index) -> IndexView:
    return ViewManager(tiny_index).view()


@pytest.fixture
def searcher(view):
    return view.searcher()
