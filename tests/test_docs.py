"""Every rxsearch subcommand explains itself and is documented in the README."""

from __future__ import annotations

from pathlib import Path

import pytest

from search_app.cli import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_subcommand_has_help_with_an_example(name):
    command = cli.commands[name]
    assert command.help and "Example:" in command.help


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_subcommand_is_in_the_readme(name):
    assert f"rxsearch {name}" in README
