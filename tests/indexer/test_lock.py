from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from indexer.lock import LOCK_FILE, ReindexLockedError, reindex_lock
from search_app.cli import EXIT_LOCKED

ROOT = Path(__file__).resolve().parents[2]


def test_second_job_is_refused_at_once_with_who_holds_it(tmp_path: Path):
    with (reindex_lock(tmp_path),
          pytest.raises(ReindexLockedError, match="another reindex job holds the lock"),
          reindex_lock(tmp_path)):
        pass
    with reindex_lock(tmp_path):  # released after the first job
        pass


def test_cli_exits_with_the_lock_code_while_another_job_runs(tmp_path: Path):
    with reindex_lock(tmp_path):
        job = subprocess.run([sys.executable, "-m", "search_app.cli", "reindex", "--index",
                              str(tmp_path)], cwd=ROOT, capture_output=True, text=True,
                             timeout=60)
    assert job.returncode == EXIT_LOCKED
    assert "another reindex job holds the lock" in job.stderr
    assert "Traceback" not in job.stderr


def test_stale_lock_of_a_dead_job_is_cleared(tmp_path: Path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (tmp_path / LOCK_FILE).write_text(json.dumps({"pid": dead.pid, "started": "earlier"}))
    with reindex_lock(tmp_path) as info:
        assert info.stale_pid == dead.pid
