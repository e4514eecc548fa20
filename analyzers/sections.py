"""Words that name a section of an article (data/section_words.toml), by index field.

"side effects of methotrexate" names ``side_effects``; "জ্বরের চিকিৎসা" names ``treatment``.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from analyzers.phrases import PhraseMatcher

DATA = Path(__file__).parent / "data"


@cache
def section_words(path: Path | None = None) -> PhraseMatcher[str]:
    """A matcher from section words to the index field of their section."""
    data = tomllib.loads((path or DATA / "section_words.toml").read_text(encoding="utf-8"))
    return PhraseMatcher((phrase, field_name) for field_name, entry in data.items()
                         for phrase in entry.get("phrases", []))
