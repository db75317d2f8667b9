"""Problems found in content, each with the place it was found."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int  # 1-based
    column: int  # 1-based
    field: str  # e.g. "assessments[0].statements.assessing-needs"
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}:{self.column}: {self.field}: {prefix}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def display_path(path: Path) -> str:
    """A file as problems name it: as the person named it, relative to the working folder
    where it is inside it. Symbolic links are not followed, so a folder reached through one
    keeps the name it was given; `./`, `..` and a trailing slash are tidied away."""
    absolute, cwd = Path(os.path.abspath(path)), Path(os.path.abspath(os.getcwd()))
    if cwd.parent == cwd:  # run from the root folder: `tmp/x.yml` would read as a mistake
        return str(absolute)
    try:
        return str(absolute.relative_to(cwd))
    except ValueError:
        return str(absolute) if path.is_absolute() else os.path.normpath(path)


class ContentError(Exception):
    """Content that cannot be published. Carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def summarised(problems: list[Problem], verbose: bool = False, shown: int = 3) -> list[str]:
    """Problems as lines to print. A message that repeats (the same warning on every
    statement of 73 councils) is one line with its count and first few places, unless
    `verbose` asks for every one."""
    groups: dict[tuple[str, str], list[Problem]] = {}
    for problem in problems:
        groups.setdefault((problem.severity, problem.message), []).append(problem)
    lines = []
    for (severity, message), group in groups.items():
        if verbose or len(group) <= shown:
            lines.extend(str(p) for p in group)
            continue
        places = ", ".join(f"{p.path}:{p.line}:{p.column} ({p.field})" for p in group[:shown])
        prefix = "warning: " if severity == "warning" else ""
        lines.append(f"{prefix}{message}: {len(group)} times, at {places}, … (--verbose lists every one)")
    return lines
