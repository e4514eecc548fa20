"""Read articles from files and folders of any supported format, one report for the batch.

Formats by file name: ``.jsonl``/``.ndjson`` canonical records; ``.toml`` the sample
library's form; ``.html``/``.htm`` the library's pages; ``.json`` a WordPress REST dump or a
JSON array of canonical records; ``.xml`` a WordPress WXR export. A folder is read
recursively, in name order, skipping hidden files and READMEs.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from corpus.article import LIBRARIES, Article
from corpus.importers import html, jsonl, toml, wordpress
from corpus.validate import ArticleWarning, Rejection, Unchanged, shown

log = logging.getLogger(__name__)

# What a source yields: articles, rejections, warnings about articles (text an importer
# had to guess at or drop), and records known to be unchanged (see ``read_sources``).
Item = Article | Rejection | ArticleWarning | Unchanged
SAMPLE_DIR = Path(__file__).parent / "sample"
SUFFIXES = (".jsonl", ".ndjson", ".toml", ".html", ".htm", ".json", ".xml")
# Files in a folder that are about the data, not data.
SKIPPED_NAMES = {"duplicates.toml"}


def read_sources(paths: Iterable[Path | str], *, known: Mapping[str, str] | None = None
                 ) -> Iterator[Item]:
    """Articles, rejections and warnings from every path, in order; a repeated id is
    rejected, with where it was read first (``export.jsonl, line 12 [x]: duplicate id,
    first at line 3``).

    With ``known`` (id -> content hash of what is indexed), JSON Lines records whose bytes
    are unchanged come back as :class:`Unchanged`, unvalidated: the fast path of an
    incremental reindex.
    """
    first_seen: dict[str, tuple[str, str]] = {}  # id -> (file, location in it)
    for path in paths:
        for file, item in _read_path(Path(path), known):
            if isinstance(item, Unchanged):
                first_seen.setdefault(item.article_id, (file, item.location))
            elif isinstance(item, Article):
                if item.id in first_seen:
                    yield Rejection(file, item.location, "duplicate id, first at "
                                    f"{_place(*first_seen[item.id], seen_from=file)}",
                                    article_id=item.id, field="id")
                    continue
                first_seen[item.id] = (file, item.location)
            yield item


def _place(file: str, location: str, *, seen_from: str) -> str:
    """``line 3`` within the same file; ``other.jsonl, line 3`` in another."""
    if file == seen_from and location:
        return location
    return f"{file}, {location}" if location else file


def _read_path(path: Path, known: Mapping[str, str] | None) -> Iterator[tuple[str, Item]]:
    """Every item of one path with the file it came from; articles without a source of
    their own get the path's."""
    for file, item in _read_path_items(path, known):
        if isinstance(item, Article) and item.source is None:
            item = replace(item, source=str(path))
        yield file, item


def _read_path_items(path: Path, known: Mapping[str, str] | None
                     ) -> Iterator[tuple[str, Item]]:
    if not path.exists():
        yield str(path), Rejection(str(path), "", "no such file or folder")
        return
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                       and not any(part.startswith(".") for part in p.relative_to(path).parts)
                       and p.name not in SKIPPED_NAMES)
        if not files:
            yield str(path), Rejection(str(path), "",
                                       f"no article files ({', '.join(SUFFIXES)}) here")
        for file in files:
            yield from ((str(file), item) for item in _read_file(file, known))
        return
    yield from ((str(path), item) for item in _read_file(path, known))


def _read_file(path: Path, known: Mapping[str, str] | None = None) -> Iterator[Item]:
    """Every item of one file. Importers report bad input as rejections; should one fail
    in a way nobody foresaw (a bug), the rest of this file is rejected and the batch goes
    on, so one file can never abort a reindex run."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".jsonl", ".ndjson"):
            yield from jsonl.read(path, known)
        elif suffix == ".toml":
            yield from toml.read(path)
        elif suffix in (".html", ".htm"):
            yield from html.read(path)
        elif suffix == ".xml":
            yield from wordpress.read_wxr(path)
        elif suffix == ".json":
            yield from _read_json(path)
        else:
            yield Rejection(str(path), "", f"unsupported file type {suffix or '(none)'!r}; "
                            f"expected one of {', '.join(SUFFIXES)}")
    except OSError as err:
        yield Rejection(str(path), "", f"cannot read: {err.strerror or err}")
    except Exception as err:
        log.exception("unexpected failure while reading %s", path)
        yield Rejection(str(path), "", f"could not be read to the end: {type(err).__name__}: "
                        f"{shown(str(err), 200)} (a bug in rxsearch; the log has the details)")


def _read_json(path: Path) -> Iterator[Article | Rejection | ArticleWarning]:
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError included
        yield from wordpress.read_rest(path)  # reports the error with its position
        return
    if wordpress.looks_like_rest(data):
        yield from wordpress.read_rest(path)
    elif isinstance(data, list):
        yield from jsonl.read_records(data, source=str(path))
    else:
        yield Rejection(str(path), "", "expected a JSON array of articles or WordPress posts")


def estimate_count(paths: Iterable[Path | str]) -> int | None:
    """A quick count of the articles in ``paths`` (for a progress bar), or None if unknown."""
    total = 0
    for path in map(Path, paths):
        files = [path] if path.is_file() else sorted(path.rglob("*")) if path.is_dir() else []
        for file in files:
            suffix = file.suffix.lower()
            if not file.is_file() or file.name in SKIPPED_NAMES:
                continue
            if suffix in (".jsonl", ".ndjson"):
                with file.open("rb") as lines:
                    total += sum(1 for line in lines if line.strip())
            elif suffix == ".toml":
                total += sum(1 for line in file.read_bytes().splitlines()
                             if line.strip() == b"[[article]]")
            elif suffix in (".html", ".htm"):
                total += 1
            elif suffix in (".json", ".xml"):
                return None
    return total


@dataclass
class ImportReport:
    """What a batch held: the good articles, the rejections and the warnings, with counts
    for people."""

    articles: list[Article] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    warnings: list[ArticleWarning] = field(default_factory=list)

    @classmethod
    def collect(cls, paths: Iterable[Path | str]) -> ImportReport:
        report = cls()
        for item in read_sources(paths):
            if isinstance(item, Article):
                report.articles.append(item)
            elif isinstance(item, Rejection):
                report.rejections.append(item)
            elif isinstance(item, ArticleWarning):
                report.warnings.append(item)
        return report

    def counts(self) -> dict:
        per_library = Counter(a.library for a in self.articles)
        return {
            "articles": len(self.articles),
            "per_library": {lib: per_library.get(lib, 0) for lib in LIBRARIES},
            "per_language": dict(Counter(a.lang for a in self.articles)),
            "with_bangla_note": sum(1 for a in self.articles if a.bangla_note),
            "glossary_terms": sum(len(a.glossary) for a in self.articles),
            "glossary_terms_with_bangla": sum(1 for a in self.articles
                                              for g in a.glossary if g.bn),
            "also_known_as_names": sum(len(a.also_known_as) for a in self.articles),
            "rejected": len(self.rejections),
            "warnings": len(self.warnings),
        }
