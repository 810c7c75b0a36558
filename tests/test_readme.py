"""The README documents every command, and its Quick start is what CI runs."""

from __future__ import annotations

import re
from pathlib import Path

from quizapp.cli import COMMANDS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_documented():
    missing = [name for name in COMMANDS if not re.search(rf"`quizapp {re.escape(name)}\b", README)]
    assert not missing, f"README does not document: {missing}"


def test_ci_runs_the_readme_test_command_verbatim():
    blocks = re.findall(r"```\n(.*?)\n```", README, flags=re.S)
    test_command = next(b for b in blocks if "pytest" in b)
    assert test_command.strip() in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
