"""Danger signs in a query ("chest pain", "শ্বাসকষ্ট"): the lexicon of data/danger_signs.toml.

The search engine puts an urgent-care notice above the results when a query names one; the
product educates and never diagnoses, but it must not let a reader in danger scroll past.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from analyzers.phrases import PhraseMatcher

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True, slots=True)
class DangerSign:
    id: str
    label_en: str
    label_bn: str


@dataclass(frozen=True, slots=True)
class DangerNotice:
    """What to show: the signs found, and the urgent-care message in English and Bangla."""

    signs: tuple[DangerSign, ...]
    message_en: str
    message_bn: str


class DangerLexicon:
    """``DangerLexicon.load().notice("my father has chest pain")`` -> a notice, or None."""

    def __init__(self, signs: list[tuple[DangerSign, list[str]]], message_en: str,
                 message_bn: str) -> None:
        self.message_en, self.message_bn = message_en, message_bn
        self._matcher: PhraseMatcher[DangerSign] = PhraseMatcher(
            (phrase, sign) for sign, phrases in signs for phrase in phrases)

    @classmethod
    def load(cls, path: Path | None = None) -> DangerLexicon:
        data = tomllib.loads((path or DATA / "danger_signs.toml").read_text(encoding="utf-8"))
        signs = [(DangerSign(s["id"], s["label_en"], s["label_bn"]), list(s["phrases"]))
                 for s in data.get("sign", [])]
        notice = data.get("notice", {})
        return cls(signs, notice.get("en", ""), notice.get("bn", ""))

    def notice(self, query: str) -> DangerNotice | None:
        signs = tuple(dict.fromkeys(m.value for m in self._matcher.find(query)))
        if not signs:
            return None
        return DangerNotice(signs, self.message_en, self.message_bn)


@cache
def default_lexicon() -> DangerLexicon:
    return DangerLexicon.load()
