"""Article names spotted inside a longer query: "tick bites my husband was diagnosed with
Rocky Mountain Spotted fever" names *Rocky Mountain Spotted Fever*.

The names are the index's own ``names`` field (each title and other name as its analysed
keys joined by spaces), matched on the query's keys longest first and without overlap, so a
specific name wins over a general one inside it (*rocky mountain spot fever* over *fever*).
A one-word name counts only when the word is rare in the library's text (AML, SCA3,
psoriasis): one common word ("fever", "cancer", "help") says little about a whole message.
"""

from __future__ import annotations

from collections.abc import Sequence

from search_app.index_view import IndexView

RARE_SHARE = 0.01   # a one-word name is spotted when fewer articles than this share use it


def spot(view: IndexView, keys: Sequence[str]) -> list[str]:
    """The names in ``keys`` (a query's analysed words, in order), longest first."""
    names, longest = view.names
    found, i = [], 0
    limit = max(1, int(view.searcher().doc_count() * RARE_SHARE))
    while i < len(keys):
        for size in range(min(longest, len(keys) - i), 0, -1):
            name = " ".join(keys[i:i + size])
            if name in names and (size > 1 or view.key_use(name) <= limit):
                found.append(name)
                i += size
                break
        else:
            i += 1
    return found
