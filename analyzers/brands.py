"""Medicine brand names readers search by (Napa, Seclo), to the generic the library names.

``data/brands.tsv``: ``brand<TAB>generic<TAB>manufacturer`` per line, only brands sold in
Bangladesh that the authors are sure of. A brand typed in Bangla letters (নাপা) is matched
by its sound (:func:`analyzers.phonetic.latin_of`).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz

from analyzers.normalize import is_bangla
from analyzers.phonetic import latin_of, skeleton

DATA = Path(__file__).parent / "data"
MIN_SKELETON = 3     # a brand in Bangla letters is matched by sound only past this length
MIN_SIMILARITY = 70


@dataclass(frozen=True, slots=True)
class Brand:
    name: str
    generic: str
    manufacturer: str


class Brands:
    """``Brands.load().find("napa")`` -> Brand("Napa", "paracetamol", ...)."""

    def __init__(self, brands: list[Brand]) -> None:
        self._by_name = {b.name.casefold(): b for b in brands}
        self._by_sound: dict[str, list[Brand]] = {}
        for brand in brands:
            self._by_sound.setdefault(skeleton(brand.name), []).append(brand)

    @classmethod
    def load(cls, path: Path | None = None) -> Brands:
        rows = []
        with (path or DATA / "brands.tsv").open(encoding="utf-8", newline="") as lines:
            for row in csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(row) >= 3 and not row[0].startswith("#") and row[0] != "brand":
                    rows.append(Brand(row[0].strip(), row[1].strip(), row[2].strip()))
        return cls(rows)

    def __len__(self) -> int:
        return len(self._by_name)

    def find(self, word: str) -> Brand | None:
        """The brand a word names, in Latin letters as on the pack or in Bangla letters."""
        if not is_bangla(word):
            return self._by_name.get(word.casefold())
        latin = latin_of(word)
        found = self._by_name.get(latin)
        if found is None and len(skeleton(latin)) >= MIN_SKELETON:
            # নাপা is Napa; সেকলো is Seclo: the same consonants, and spelt alike.
            sounding = [b for b in self._by_sound.get(skeleton(latin), [])
                        if fuzz.ratio(latin, b.name.casefold()) >= MIN_SIMILARITY]
            found = sounding[0] if len(sounding) == 1 else None
        return found


@cache
def default_brands() -> Brands:
    return Brands.load()
