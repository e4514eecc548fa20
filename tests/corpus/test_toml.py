"""The sample library's TOML form: a broken file is one rejection, never an exception."""

from __future__ import annotations

from pathlib import Path

from corpus.importers import toml


def test_arrays_nested_too_deeply_reject_the_file(tmp_path: Path):
    path = tmp_path / "deep.toml"
    path.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    (rejection,) = list(toml.read(path))
    assert rejection.message == "invalid TOML: nested too deeply"

