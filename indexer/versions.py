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
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from whoosh import index

from analyzers import ANALYSIS_VERSION
from indexer import whoosh_codec
from indexer.schema import SCHEMA_VERSION

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_ROOT = PROJECT_DIR / "var" / "index"
CURRENT = "CURRENT"
META = "rxsearch-meta.json"
GLOSSARY = "rxsearch-glossary.json"  # (English term, Bangla gloss) pairs, for query expansion
DUPLICATES = "rxsearch-duplicates.json"  # candidate duplicate topics (indexer.duplicates)
WORDS = "rxsearch-words.pickle"  # word tables for query understanding (indexer.words)
# Each full-build segment's posting lists as its writer had them (indexer.postings.SegmentParts):
# kept with the version, since a segment never changes, and linked into the next incremental
# version with the segments, whose ranking data then reads them again instead of Whoosh.
PARTS = "rxsearch-postings-parts"
ROLLED_BACK = "ROLLED_BACK"  # marks a version a rollback left; removed at the next build
KEEP_OLD = 1  # versions kept besides the live one, for rollback and for open searchers


def default_root() -> Path:
    """Where the index lives unless told: ``$RXSEARCH_INDEX``, else ``var/index`` in the
    project folder."""
    return Path(os.environ.get("RXSEARCH_INDEX") or DEFAULT_ROOT)


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


def new_version_dir(root: Path, *, copy_of: Path | None = None) -> Path:
    """A new, empty version folder; or one holding hard links to ``copy_of``'s files.

    Whoosh never rewrites a file it has written (new segments and a new table of contents
    go to new files), so an incremental build can start from links to the live version's
    files at no cost, and the live version stays exactly as it was. What the job derives
    from the index (glossary, duplicate topics, word tables, the ranking data folder) is not
    linked: the new version's is made anew (from the linked segments' lists, ``PARTS``).
    """
    root.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")  # names sort by build time
    path = root / f"v-{stamp}-{uuid.uuid4().hex[:6]}"
    path.mkdir()
    if copy_of is not None:
        for file in copy_of.iterdir():
            if file.is_file() \
                    and file.name not in (META, GLOSSARY, DUPLICATES, WORDS, ROLLED_BACK) \
                    and not file.name.endswith("WRITELOCK"):
                os.link(file, path / file.name)
        for segment in (copy_of / PARTS).glob("*/"):
            (path / PARTS / segment.name).mkdir(parents=True)
            for file in segment.iterdir():
                os.link(file, path / PARTS / segment.name / file.name)
    return path


def _write_new(path: Path, text: str | Iterable[str]) -> None:
    """Write through a new file, never into an existing one: it may be a hard link shared
    with the live version. ``text`` may come in pieces (written as they come)."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    try:
        with tmp.open("w", encoding="utf-8") as out:
            if isinstance(text, str):
                out.write(text)
            else:
                out.writelines(text)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_meta(version_dir: Path, meta: dict) -> None:
    _write_new(version_dir / META, json.dumps(meta, indent=2))


def read_meta(version_dir: Path) -> dict:
    try:
        return json.loads((version_dir / META).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def write_glossary(version_dir: Path, pairs: list[tuple[str, str]]) -> None:
    _write_new(version_dir / GLOSSARY, json.dumps(pairs, ensure_ascii=False))


def read_glossary(version_dir: Path) -> list[tuple[str, str]]:
    try:
        return [tuple(p) for p in json.loads((version_dir / GLOSSARY).read_text("utf-8"))]
    except (FileNotFoundError, json.JSONDecodeError):
        return []


def write_duplicates(version_dir: Path, data: dict | Iterable[str]) -> None:
    """Write the candidate pairs: a dict, or its JSON text in pieces (a long list of pairs
    is never held as one string)."""
    if isinstance(data, dict):
        data = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    _write_new(version_dir / DUPLICATES, data)


def read_duplicates(version_dir: Path) -> dict | None:
    """The stored candidate pairs, or None when the version has none (or a damaged file)."""
    try:
        return json.loads((version_dir / DUPLICATES).read_text("utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def publish(root: Path, version_dir: Path) -> None:
    """Make ``version_dir`` the live index, atomically, then remove versions beyond KEEP_OLD."""
    _point_current(root, version_dir.name)
    _clean(root, live=version_dir.name)


def _point_current(root: Path, name: str) -> None:
    tmp = root / f".{CURRENT}.{uuid.uuid4().hex}"
    tmp.write_text(name + "\n", encoding="utf-8")
    with tmp.open("rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, root / CURRENT)


def complete_versions(root: Path) -> list[str]:
    """Finished builds (they have their meta file), newest first."""
    if not root.is_dir():
        return []
    names = [p.name for p in root.iterdir()
             if p.is_dir() and p.name.startswith("v-") and (p / META).exists()
             and not (p / ROLLED_BACK).exists()]
    return sorted(names, reverse=True)


def rollback(root: Path) -> str:
    """Make the newest finished version older than the live one live again; return it."""
    live = live_version(root)
    older = [name for name in complete_versions(root) if live is None or name < live]
    if not older:
        raise IndexMissingError(f"no earlier index version in {root} to roll back to")
    open_version(root, older[0]).close()  # refuses an incompatible version with a clear error
    _point_current(root, older[0])
    if live is not None:
        # Searchers may still read it; it goes at the next build, not now.
        (root / live / ROLLED_BACK).write_text("rolled back\n", encoding="utf-8")
    return older[0]


INCOMING = ".incoming-"  # a received version being copied in; never read by anyone


class NotAVersionError(ValueError):
    """What ``receive`` was given is not a finished index version."""


def receive(root: Path, source: Path) -> str:
    """Make a version built elsewhere live here; return its name.

    For web nodes fed by one reindex job: the job's version folder is copied to each node
    (rsync, a shared read-only volume) and received there. The copy goes to a hidden folder,
    is opened and counted before it takes the version's own name, and only then is
    ``CURRENT`` switched, so a node serves the old version or the new one, never a partial
    copy. Receiving a version already here just makes it live. Call this holding the
    reindex lock, like a build.
    """
    source = source.resolve()
    meta = read_meta(source)
    if not source.is_dir() or not source.name.startswith("v-") or not meta:
        raise NotAVersionError(f"{source} is not a finished index version (a v-… folder "
                               f"with {META}); give the folder the reindex job built")
    _check_compatible(source, meta)
    root.mkdir(parents=True, exist_ok=True)
    for leftover in root.glob(f"{INCOMING}*"):  # from a copy that was interrupted
        shutil.rmtree(leftover, ignore_errors=True)
    target = root / source.name
    if not (target / META).exists():
        incoming = root / f"{INCOMING}{source.name}-{uuid.uuid4().hex[:6]}"
        try:
            # Not the writers' kept lists: they serve the next incremental build, which runs
            # on the job's machine, never on a node (a quarter of a large version's size).
            shutil.copytree(source, incoming,
                            ignore=shutil.ignore_patterns("*WRITELOCK", ROLLED_BACK, PARTS))
            _check_copy(incoming, source.name, meta)
        except BaseException:
            shutil.rmtree(incoming, ignore_errors=True)
            raise
        shutil.rmtree(target, ignore_errors=True)  # an unfinished folder of the same name
        os.replace(incoming, target)
    (target / ROLLED_BACK).unlink(missing_ok=True)
    publish(root, target)
    return target.name


def _check_copy(copy: Path, name: str, meta: dict) -> None:
    """The copy opens and holds as many articles as its build wrote."""
    try:
        with index.open_dir(str(copy)).reader() as reader:
            count = reader.doc_count()
    except Exception as err:  # Whoosh's errors for missing or damaged files vary
        raise NotAVersionError(f"the copy of {name} cannot be opened ({type(err).__name__}: "
                               f"{err}): was it still being copied?") from err
    if count != meta.get("documents"):
        raise NotAVersionError(f"the copy of {name} holds {count} articles, its meta says "
                               f"{meta.get('documents')}: was it still being copied?")


def clean_abandoned(root: Path) -> list[str]:
    """Remove builds that never finished (no meta file), and finished builds newer than the
    live one that were never switched to (a job killed between its meta file and
    ``CURRENT``): left by a crash or ``kill -9``. Kept, such a build would be the next
    rollback's target, and its place among the versions kept would push out the one that
    really was live before.

    Only call this holding the reindex lock, when no build can be running.
    """
    removed = []
    if root.is_dir():
        live = live_version(root)
        for path in root.iterdir():
            if not (path.is_dir() and path.name.startswith("v-")):
                continue
            never_live = (live is not None and path.name > live
                          and not (path / ROLLED_BACK).exists())
            if not (path / META).exists() or never_live:
                _remove(path)
                removed.append(path.name)
    return removed


def _remove(version_dir: Path) -> None:
    """Delete a version folder, its meta file first: should this be cut short, what is left
    counts as an unfinished build (removed next time), never as a version to roll back to."""
    (version_dir / META).unlink(missing_ok=True)
    shutil.rmtree(version_dir, ignore_errors=True)


def _clean(root: Path, live: str) -> None:
    old = [name for name in complete_versions(root) if name != live]
    for name in old[KEEP_OLD:]:
        _remove(root / name)
    for path in root.glob(f"v-*/{ROLLED_BACK}"):
        if path.parent.name != live:
            _remove(path.parent)


class IncompatibleIndexError(RuntimeError):
    """The live index was built by code with another schema or analysis."""


def open_version(root: Path, name: str) -> index.Index:
    version_dir = root / name
    _check_compatible(version_dir, read_meta(version_dir))
    return open_index(version_dir)


def open_index(version_dir: Path) -> index.Index:
    """The Whoosh index of a version folder, each segment file mapped and read in place
    (``whoosh_codec.open_index``: Whoosh's own way copies each part of it into every
    searcher's memory)."""
    return whoosh_codec.open_index(version_dir)


def _check_compatible(version_dir: Path, meta: dict) -> None:
    if (meta.get("schema_version") != SCHEMA_VERSION
            or meta.get("analysis_version") != ANALYSIS_VERSION):
        raise IncompatibleIndexError(
            f"the index in {version_dir.parent} was built by another version of rxsearch "
            f"(schema {meta.get('schema_version')}, analysis {meta.get('analysis_version')}); "
            f"run `rxsearch reindex` to rebuild it")
