"""The command line speaks plainly: a version, help in words rather than Markdown, the
defaults said, and a description for every command."""

import re
import subprocess
import sys
import tomllib

import pytest

from generator.__main__ import main

from .conftest import ROOT

COMMANDS = ["new", "check", "import", "schema"]


def help_text(capsys, *args: str) -> str:
    with pytest.raises(SystemExit) as exit_:
        main([*args, "--help"])
    assert exit_.value.code == 0
    return capsys.readouterr().out


def test_version_is_the_packages(capsys):
    expected = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"python -m generator {expected}"


def test_the_top_help_is_plain_words_and_names_each_command(capsys):
    out = help_text(capsys)
    assert "`" not in out and "*" not in out
    assert "Each command has its own --help." in " ".join(out.split())
    for command in COMMANDS:
        assert re.search(rf"^    {command} +\w", out, re.MULTILINE), command


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_a_description_in_plain_words(capsys, command):
    out = help_text(capsys, command)
    description = out.split("\n\n")[1]  # after the usage lines
    assert not description.startswith(("positional arguments", "options")) and len(description.split()) >= 8
    assert "`" not in out


@pytest.mark.parametrize("command", ["import", "check"])
def test_the_content_folders_default_is_said(capsys, command):
    out = " ".join(help_text(capsys, command).split())
    assert "(default: ./content)" in out


def test_make_test_says_why_a_test_was_skipped(tmp_path):
    # The project's pytest settings, on a test that skips as a missing tool's tests do.
    (tmp_path / "test_tool.py").write_text(
        "import pytest\n\ndef test_needs_a_tool():\n    pytest.skip('frobnicate not found on this machine')\n"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-c",
            str(ROOT / "pyproject.toml"),
            "-p",
            "no:cacheprovider",
            str(tmp_path / "test_tool.py"),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert "1 skipped" in result.stdout
    assert re.search(r"SKIPPED \[1\] .*test_tool.py:4: frobnicate not found on this machine", result.stdout)
