"""Errors and warnings. Every problem names the file (and line or offset) and the fix."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class UndercurrentError(Exception):
    """Base class of every error undercurrent raises on purpose."""


class InputError(UndercurrentError):
    """A source file, participants table or case description cannot be used as it is."""

    def __init__(self, path: str | Path | None, problem: str, *, line: int | None = None,
                 fix: str | None = None):
        self.path = str(path) if path is not None else None
        self.line = line
        self.problem = problem
        self.fix = fix
        super().__init__(self._message())

    def _message(self) -> str:
        where = self.path or "<input>"
        if self.line is not None:
            where += f", line {self.line}"
        msg = f"{where}: {self.problem}"
        if self.fix:
            msg += f" ({self.fix})"
        return msg


class StoreError(UndercurrentError):
    """The project store cannot be opened or would lose data."""


class InputWarning(UserWarning):
    """Something in the input was used, but not as the user probably intended."""

    def __init__(self, path: str | Path | None, problem: str, line: int | None = None):
        self.path, self.problem, self.line = (str(path) if path is not None else None), problem, line
        where = (self.path or "<input>") + (f", line {line}" if line is not None else "")
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Problem:
    """One error or warning met while reading a case, kept for the summary."""

    severity: str  # "error" | "warning"
    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.path + (f", line {self.line}" if self.line is not None else "")
        return f"{self.severity}: {where}: {self.message}"

    @classmethod
    def from_warning(cls, warning: InputWarning) -> "Problem":
        return cls("warning", warning.path or "<input>", warning.problem, warning.line)

    @classmethod
    def from_error(cls, err: InputError) -> "Problem":
        msg = err.problem + (f" ({err.fix})" if err.fix else "")
        return cls("error", err.path or "<input>", msg, err.line)


class OutputError(UndercurrentError):
    """A report, export or backup cannot be written (read-only folder, full disk); names the path
    and what to do. Whatever was there before is left as it was."""

    def __init__(self, path: str | Path, problem: str, *, fix: str | None = None):
        self.path, self.problem, self.fix = str(path), problem, fix
        super().__init__(f"{path}: {problem}" + (f" ({fix})" if fix else ""))
