"""The boilerplate of readers' messages (data/boilerplate.txt): "Dear sir", "I would like to
know", "ClinicalTrials.gov - Question - general information", "thanks in advance". Words
inside such a phrase weigh nothing in a search."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from analyzers.phrases import PhraseMatcher

DATA = Path(__file__).parent / "data"


@cache
def boilerplate(path: Path | None = None) -> PhraseMatcher[bool]:
    """A matcher of the boilerplate phrases (on analysed words, longest first)."""
    lines = (path or DATA / "boilerplate.txt").read_text(encoding="utf-8").splitlines()
    return PhraseMatcher((line.strip(), True) for line in lines
                         if line.strip() and not line.startswith("#"))
