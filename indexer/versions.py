"""Which index version is live.

The index folder holds one sub-folder per build (``v-20261124T181500-1a2b``) and a small
``CURRENT`` file naming the live one. A build writes a new folder and then replaces
``CURRENT`` with ``os.replace``, which is atomic: a reader sees the old version or the new,
never a half-built one, and a crashed build leaves ``CURRENT`` as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from pathlib import Path

from whoosh import index

from analyzers import ANALYSIS_VERSION
from indexer.schema import SCHEMA_VERSION

CURRENT = "CURRENT"
META = "rxsearch-meta.json"
GLOSSARY = "rxsearch-glossary.json"  # (English term, Bangla gloss) pairs, for query expansion
KEEP_OLD = 1  # versions kept besides the live one, for rollback and for open searchers


class IndexMissingError(LookupError):
    """No live index in the folder (it was never built, or CURRENT is damaged)."""


def live_version(root: Path) -> str | None:
    try:
        name = (root / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return name if name and (root / name).is_dir() else None


def live_dir(root: Path) -> Path:
    name = live_version(root)
    if name is None:
        raise IndexMissingError(f"no index in {root}: build one with `rxsearch reindex`")
    return root / name


def new_version_dir(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    path = root / f"v-{stamp}-{uuid.uuid4().hex[:6]}"
    path.mkdir()
    return path


def write_meta(version_dir: Path, meta: dict) -> None:
    (version_dir / META).write_text(json.dumps(meta, indent=2), encoding="utf-8")


def read_meta(version_dir: Path) -> dict:
    try:
        return json.loads((version_dir / META).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def write_glossary(version_dir: Path, pairs: list[tuple[str, str]]) -> None:
    (version_dir / GLOSSARY).write_text(json.dumps(pairs, ensure_ascii=False), encoding="utf-8")


def read_glossary(version_dir: Path) -> list[tuple[str, str]]:
    try:
        return [tuple(p) for p in json.loads((version_dir / GLOSSARY).read_text("utf-8"))]
    except (FileNotFoundError, json.JSONDecodeError):
        return []


def publish(root: Path, version_dir: Path) -> None:
    """Make ``version_dir`` the live index, atomically, then remove versions beyond KEEP_OLD."""
    tmp = root / f".{CURRENT}.{uuid.uuid4().hex}"
    tmp.write_text(version_dir.name + "\n", encoding="utf-8")
    with tmp.open("rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, root / CURRENT)
    _clean(root, live=version_dir.name)


def _clean(root: Path, live: str) -> None:
    versions = sorted((p for p in root.iterdir() if p.is_dir() and p.name.startswith("v-")),
                      key=lambda p: p.name, reverse=True)
    old = [p for p in versions if p.name != live]
    for path in old[KEEP_OLD:]:
        shutil.rmtree(path, ignore_errors=True)


class IncompatibleIndexError(RuntimeError):
    """The live index was built by code with another schema or analysis."""


def open_live(root: Path) -> index.Index:
    """Open the live index, refusing one built with other analysis or schema versions."""
    return open_version(root, live_dir(root).name)


def open_version(root: Path, name: str) -> index.Index:
    version_dir = root / name
    meta = read_meta(version_dir)
    if (meta.get("schema_version") != SCHEMA_VERSION
            or meta.get("analysis_version") != ANALYSIS_VERSION):
        raise IncompatibleIndexError(
            f"the index in {root} was built by another version of rxsearch "
            f"(schema {meta.get('schema_version')}, analysis {meta.get('analysis_version')}); "
            f"run `rxsearch reindex` to rebuild it")
    return index.open_dir(str(version_dir))
