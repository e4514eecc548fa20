"""The pair page's evidence: the passages two articles share, to mark side by side.

Finding candidate pairs is the reindex job's work (``indexer.duplicates``); this only
compares the two articles an editor opened, which is cheap.
"""

from __future__ import annotations

import re

SHINGLE = 4  # words: a shared run of four words or more is a shared passage


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group().casefold()) for m in re.finditer(r"\w+", text)]


def shared_spans(a: str, b: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Character spans of ``a`` and of ``b`` covered by runs of SHINGLE+ words both have.

    >>> shared_spans("Sleep under a bed net every night.", "Always sleep under a bed net.")
    ([(0, 21)], [(7, 28)])
    """
    wa, wb = _words(a), _words(b)

    def shingles(words):
        return {tuple(w[2] for w in words[i:i + SHINGLE]): i
                for i in range(len(words) - SHINGLE + 1)}

    common = shingles(wa).keys() & shingles(wb).keys()

    def spans(words):
        covered = [False] * len(words)
        for i in range(len(words) - SHINGLE + 1):
            if tuple(w[2] for w in words[i:i + SHINGLE]) in common:
                covered[i:i + SHINGLE] = [True] * SHINGLE
        out: list[tuple[int, int]] = []
        for flag, (start, end, _) in zip(covered, words, strict=True):
            if not flag:
                continue
            if out and start - out[-1][1] <= 2:
                out[-1] = (out[-1][0], end)
            else:
                out.append((start, end))
        return out

    return spans(wa), spans(wb)
