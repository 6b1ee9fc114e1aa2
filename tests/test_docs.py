"""Documentation matches the code: every setting in the README, every command has --help."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pipeline.cli import build_parser
from pipeline.config import PROJECT_ROOT, setting_help

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = ["build", "validate", "stats", "evaluate", "link", "serve", "push"]


@pytest.mark.parametrize("name", sorted(setting_help()))
def test_every_setting_is_documented_in_the_readme(name: str) -> None:
    assert f"| `{name}` |" in README, f"setting {name} is missing from the README's settings table"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_is_in_the_readme(command: str) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "pipeline", command, "--help"],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
    )
    assert run.returncode == 0 and "usage: souverain " + command in run.stdout
    assert "exit codes" in run.stdout
    assert f"souverain {command}" in README


def test_parser_lists_exactly_the_documented_commands() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert sorted(sub.choices) == sorted(COMMANDS)


def test_no_command_prints_help_and_exits_2() -> None:
    run = subprocess.run([sys.executable, "-m", "pipeline"], capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert run.returncode == 2 and "COMMAND" in run.stdout
