"""Errors that reach the user, each with a searchable code and an exit status.

The message reads ``"E101 path: what is wrong"`` (or ``"E101 what is wrong"``
when there is no path), on one line, so that it can be printed as is by the
command line and grepped for in logs and docs.

Code ranges: ``E1xx`` input files, ``E2xx`` usage, ``E4xx`` queries,
``E5xx`` outputs.

>>> err = InputError("cannot decode", path="a.txt", code="E105")
>>> str(err), err.exit_code
('E105 a.txt: cannot decode', 3)
"""
from __future__ import annotations

__all__ = ["KGError", "InputError", "UsageError", "QueryError", "OutputError"]


class KGError(Exception):
    """Base of the project's own errors.

    Parameters
    ----------
    message : str
        What is wrong, in one line.
    path : str, optional
        The file or name the error is about.
    code : str, optional
        Overrides the class's default code.
    """

    code = "E000"
    exit_code = 1

    def __init__(self, message: str, *, path: str | None = None, code: str | None = None):
        if code is not None:
            self.code = code
        self.path = path
        self.detail = " ".join(str(message).split())   # always one line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{self.code} {where}{self.detail}"


class UsageError(KGError):
    """The command was called wrongly (bad option, missing argument)."""
    code = "E200"
    exit_code = 2


class InputError(KGError):
    """An input file is missing, empty, binary or cannot be decoded."""
    code = "E100"
    exit_code = 3


class QueryError(KGError):
    """A query is unknown or malformed."""
    code = "E400"
    exit_code = 4


class OutputError(KGError):
    """An output cannot be written."""
    code = "E500"
    exit_code = 5
