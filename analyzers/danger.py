"""Danger signs in a query ("chest pain", "শ্বাসকষ্ট"): the lexicon of data/danger_signs.toml.

The search engine puts an urgent-care notice above the results when a query names one; the
product educates and never diagnoses, but it must not let a reader in danger scroll past.
Each sign also lists the emergency conditions it can signal (chest pain: heart attack,
angina, ...), by name: the search engine lists the articles about them first.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from analyzers import keys
from analyzers.phrases import PhraseMatcher

DATA = Path(__file__).parent / "data"
SIGN_KEYS = frozenset({"id", "label_en", "label_bn", "phrases", "conditions"})


class DangerDataError(ValueError):
    """The danger-sign file cannot be read (the message names the file, the sign and what
    to fix)."""


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
                 message_bn: str, conditions: dict[str, tuple[str, ...]] | None = None
                 ) -> None:
        self.message_en, self.message_bn = message_en, message_bn
        self._matcher: PhraseMatcher[DangerSign] = PhraseMatcher(
            (phrase, sign) for sign, phrases in signs for phrase in phrases)
        self._phrases = {sign.id: tuple(phrases) for sign, phrases in signs}
        self._conditions = conditions or {}

    @classmethod
    def load(cls, path: Path | None = None) -> DangerLexicon:
        """Read and check the file; bad data raises :class:`DangerDataError`."""
        path = path or DATA / "danger_signs.toml"
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as err:
            raise DangerDataError(f"{path.name}: not valid TOML: {err}") from err
        signs, conditions = [], {}
        for number, entry in enumerate(data.get("sign", []), start=1):
            sign, phrases, named = _checked_sign(entry, path.name, number)
            if sign.id in conditions:
                raise DangerDataError(f"{path.name}: sign {sign.id!r} is listed twice")
            signs.append((sign, phrases))
            conditions[sign.id] = named
        notice = data.get("notice", {})
        return cls(signs, notice.get("en", ""), notice.get("bn", ""), conditions)

    def notice(self, query: str) -> DangerNotice | None:
        signs = tuple(dict.fromkeys(m.value for m in self._matcher.find(query)))
        if not signs:
            return None
        return DangerNotice(signs, self.message_en, self.message_bn)

    def phrases(self, notice: DangerNotice | None) -> tuple[str, ...]:
        """Every phrase of the notice's signs, each once: the ways of naming the sign itself
        (chest pain -> ("chest pain", "chest tightness", ...))."""
        return self._each(notice, self._phrases)

    def conditions(self, notice: DangerNotice | None) -> tuple[str, ...]:
        """The emergency conditions the notice's signs signal, sign by sign in the data's
        order, each once: chest pain -> ("heart attack", "myocardial infarction", ...)."""
        return self._each(notice, self._conditions)

    @staticmethod
    def _each(notice: DangerNotice | None, lists: dict[str, tuple[str, ...]]
              ) -> tuple[str, ...]:
        if notice is None:
            return ()
        return tuple(dict.fromkeys(v for s in notice.signs for v in lists.get(s.id, ())))


def _checked_sign(entry: object, file: str, number: int
                  ) -> tuple[DangerSign, list[str], tuple[str, ...]]:
    """The ``number``-th ``[[sign]]`` table, checked: the sign, its phrases, its conditions."""
    if not isinstance(entry, dict):
        raise DangerDataError(f"{file}: sign {number}: expected a [[sign]] table")
    named = entry.get("id")
    where = f"{file}: sign {named!r}" if isinstance(named, str) and named.strip() \
        else f"{file}: sign {number}"
    unknown = sorted(set(entry) - SIGN_KEYS)
    if unknown:
        raise DangerDataError(f"{where}: unknown key {unknown[0]!r} (a sign has "
                              f"{', '.join(sorted(SIGN_KEYS))})")
    for name in ("id", "label_en", "label_bn"):
        if not isinstance(entry.get(name), str) or not entry[name].strip():
            raise DangerDataError(f"{where}: {name} must be a non-empty string")
    phrases = _names(entry.get("phrases"), where, "phrases", 'phrases = ["chest pain"]')
    if not phrases:
        raise DangerDataError(f"{where}: phrases must list at least one phrase")
    conditions = _names(entry.get("conditions", []), where, "conditions",
                        'conditions = ["heart attack", "angina"]')
    return DangerSign(entry["id"], entry["label_en"], entry["label_bn"]), phrases, \
        tuple(conditions)


def _names(value: object, where: str, name: str, example: str) -> list[str]:
    """A list of words to match (phrases, or conditions: article titles or other names);
    each must keep a word once analysed, or it could never match anything."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DangerDataError(f"{where}: {name} must be a list of strings, like {example}")
    empty = next((v for v in value if not keys(v)), None)
    if empty is not None:
        raise DangerDataError(f"{where}: {name} entry {empty!r} has no word to search for")
    return list(value)


@cache
def default_lexicon() -> DangerLexicon:
    return DangerLexicon.load()
