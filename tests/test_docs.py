"""Every rxsearch subcommand explains itself and is documented in the README."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from search_app.cli import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def commands(group: click.Group = cli, prefix: str = "") -> dict[str, click.Command]:
    """Every runnable command by its full name ("reindex", "index rollback")."""
    found = {}
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found.update(commands(command, f"{prefix}{name} "))
        else:
            found[prefix + name] = command
    return found


@pytest.mark.parametrize("name", sorted(commands()))
def test_subcommand_has_help_with_an_example(name):
    command = commands()[name]
    assert command.help and "Example:" in command.help


@pytest.mark.parametrize("name", sorted(commands()))
def test_subcommand_is_in_the_readme(name):
    assert f"rxsearch {name}" in README
