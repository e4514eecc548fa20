"""Editors' decisions on candidate pairs: "not a duplicate" hides a pair from later reports
(web and CLI); "merge planned" keeps it listed, marked."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from indexer.duplicates import Pair, pair_key
from search_app.editorial.store import connect

DECISIONS = ("not-duplicate", "merge-planned")


@dataclass(frozen=True, slots=True)
class Decision:
    a: str
    b: str
    decision: str
    editor: str
    note: str
    decided_at: str


def record(db_path: Path | str, a: str, b: str, decision: str, editor: str,
           note: str = "") -> Decision:
    if decision not in DECISIONS:
        raise ValueError(f"unknown decision {decision!r}; use one of {', '.join(DECISIONS)}")
    a, b = pair_key(a, b)
    with connect(db_path) as db:
        db.execute("INSERT INTO decisions (a, b, decision, editor, note) VALUES (?, ?, ?, ?, ?)"
                   " ON CONFLICT (a, b) DO UPDATE SET decision = excluded.decision,"
                   " editor = excluded.editor, note = excluded.note,"
                   " decided_at = datetime('now')", (a, b, decision, editor, note[:500]))
    return all_decisions(db_path)[(a, b)]


def undo(db_path: Path | str, a: str, b: str) -> bool:
    a, b = pair_key(a, b)
    with connect(db_path) as db:
        return db.execute("DELETE FROM decisions WHERE a = ? AND b = ?", (a, b)).rowcount > 0


def all_decisions(db_path: Path | str) -> dict[tuple[str, str], Decision]:
    with connect(db_path) as db:
        rows = db.execute("SELECT a, b, decision, editor, note, decided_at FROM decisions")
        return {(r["a"], r["b"]): Decision(*r) for r in rows}


def reviewed(db_path: Path | str, pairs: Iterable[Pair], *, show_dismissed: bool = False
             ) -> list[tuple[Pair, Decision | None]]:
    """The pairs, each with the editors' decision on it (or None); pairs an editor marked
    "not a duplicate" are left out unless ``show_dismissed``."""
    decided = all_decisions(db_path)
    found = [(pair, decided.get(pair.key)) for pair in pairs]
    return [(pair, decision) for pair, decision in found if show_dismissed or decision is None
            or decision.decision != "not-duplicate"]
