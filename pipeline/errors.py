"""The one error a user sees for a bad input: file, line, column and reason."""

from __future__ import annotations


class InputError(Exception):
    """An input the build cannot use. The CLI prints it as one line and exits non-zero."""

    def __init__(self, file: str, reason: str, line: int | None = None,
                 column: str | None = None) -> None:
        self.file, self.line, self.column, self.reason = str(file), line, column, reason
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.reason}"


class ChangeRefused(Exception):
    """A headline volume moved implausibly against the last published build."""
