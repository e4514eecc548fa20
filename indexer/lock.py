"""One reindex job at a time per index folder.

The lock is an ``flock`` on ``reindex.lock`` in the index folder. The kernel releases it when
the holder exits, however it exits (``kill -9`` included), so a dead job can never block the
next one; the file also records who holds it, so a refused job can say who, and a job that
finds the record of a dead holder reports it as a stale lock it cleared.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

LOCK_FILE = "reindex.lock"


class ReindexLockedError(RuntimeError):
    """Another reindex job holds the lock on this index folder."""


@dataclass(frozen=True, slots=True)
class LockInfo:
    stale_pid: int | None  # a dead job's leftover record, cleared by taking the lock


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _holder(fd: int) -> dict:
    os.lseek(fd, 0, os.SEEK_SET)
    try:
        return json.loads(os.read(fd, 4096).decode("utf-8") or "{}")
    except (ValueError, UnicodeDecodeError):
        return {}


@contextmanager
def reindex_lock(root: Path) -> Iterator[LockInfo]:
    """Hold the index folder's reindex lock, or raise :class:`ReindexLockedError` at once."""
    root.mkdir(parents=True, exist_ok=True)
    fd = os.open(root / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            raise ReindexLockedError(
                f"another reindex job holds the lock on {root} (pid {holder.get('pid', '?')}, "
                f"started {holder.get('started', '?')}); try again when it has finished"
            ) from None
        previous = _holder(fd)
        stale = previous.get("pid")
        stale_pid = stale if isinstance(stale, int) and not _alive(stale) else None
        if stale_pid:
            log.warning("cleared a stale reindex lock left by pid %d, which is not running",
                        stale_pid)
        record = {"pid": os.getpid(), "started": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, json.dumps(record).encode())
        try:
            yield LockInfo(stale_pid=stale_pid)
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
