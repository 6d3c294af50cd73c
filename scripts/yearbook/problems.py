"""One problem type for every mistake an editor can make.

Problems are collected, never raised one at a time, so that a single run of
``yearbook check`` shows everything that needs fixing. The rendering follows
the compiler convention ``path:line:col: lỗi: message`` so that editors such as
VS Code and vim can jump to the spot.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path


class Severity(enum.Enum):
    ERROR = "lỗi"
    WARNING = "cảnh báo"


@dataclass(frozen=True, order=True)
class Problem:
    """A located message for an editor. ``line``/``col`` are 1-based; 0 means unknown."""

    path: str
    line: int
    col: int
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.col:
                where += f":{self.col}"
        return f"{where}: {self.severity.value}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class Problems:
    """An ordered, de-duplicated collection of problems."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root
        self._items: list[Problem] = []
        self._seen: set[Problem] = set()

    def rel(self, path: Path | str) -> str:
        """Show paths relative to the project so messages stay short and clickable."""
        p = Path(path)
        if self.root is not None:
            try:
                return p.resolve().relative_to(self.root.resolve()).as_posix()
            except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop
                pass
        return p.as_posix()

    def add(
        self,
        path: Path | str,
        message: str,
        line: int = 0,
        col: int = 0,
        severity: Severity = Severity.ERROR,
    ) -> None:
        problem = Problem(self.rel(path), line, col, message, severity)
        if problem not in self._seen:
            self._seen.add(problem)
            self._items.append(problem)

    def error(self, path: Path | str, message: str, line: int = 0, col: int = 0) -> None:
        self.add(path, message, line, col, Severity.ERROR)

    def warning(self, path: Path | str, message: str, line: int = 0, col: int = 0) -> None:
        self.add(path, message, line, col, Severity.WARNING)

    def extend(self, problems: Iterable[Problem]) -> None:
        for p in problems:
            if p not in self._seen:
                self._seen.add(p)
                self._items.append(p)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self._items if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self._items if not p.is_error]

    def sorted(self) -> list[Problem]:
        return sorted(self._items, key=lambda p: (p.path, p.line, p.col, p.message))
