"""What is in an index folder: the live version's counts, terms, size and build facts."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from indexer import versions
from indexer.schema import field_names


@dataclass(frozen=True, slots=True)
class IndexStats:
    root: str
    version: str
    documents: int
    deleted: int
    per_library: dict[str, int]
    per_language: dict[str, int]
    terms: int
    terms_per_field: dict[str, int]
    size_bytes: int
    meta: dict
    versions_on_disk: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def index_stats(root: Path) -> IndexStats:
    """Counts of the live version (raises ``IndexMissingError`` when there is none)."""
    version_dir = versions.live_dir(root)
    ix = versions.open_version(root, version_dir.name)
    with ix.reader() as reader:
        docs = list(reader.all_doc_ids())
        library, lang = reader.column_reader("library"), reader.column_reader("lang")
        per_library = Counter(library[n] for n in docs)
        per_language = Counter(lang[n] for n in docs)
        terms_per_field = {name: sum(1 for _ in reader.lexicon(name))
                           for name in field_names(stats=True)}
        deleted = reader.doc_count_all() - reader.doc_count()
    # Its ranking data (a folder) included.
    size = sum(p.stat().st_size for p in version_dir.rglob("*") if p.is_file())
    return IndexStats(
        root=str(root), version=version_dir.name, documents=len(docs), deleted=deleted,
        per_library=dict(sorted(per_library.items())),
        per_language=dict(sorted(per_language.items())),
        terms=sum(terms_per_field.values()), terms_per_field=terms_per_field,
        size_bytes=size, meta=versions.read_meta(version_dir),
        versions_on_disk=versions.complete_versions(root))
