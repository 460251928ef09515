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


class InputProblems(InputError):
    """Several input problems found in one pass; `check` lists them all, a build names the
    first and how many more there are."""

    def __init__(self, problems: list[InputError]) -> None:
        flat: list[InputError] = []
        for problem in problems:
            flat.extend(problem.problems if isinstance(problem, InputProblems) else [problem])
        self.problems = flat
        first = flat[0]
        more = f" (and {len(flat) - 1} more problems: publish.py check lists them)" \
            if len(flat) > 1 else ""
        super().__init__(first.file, first.reason + more, first.line, first.column)
