"""Exceptions raised when the gpubv command fails."""
from __future__ import annotations

from typing import Optional, Sequence


class GpubvError(RuntimeError):
    """The gpubv command failed (or could not be run).

    ``message`` is the command's one-line message (without the ``gpubv: error:`` prefix),
    ``returncode`` its exit status (None when it could not be started), ``stderr`` everything it wrote
    there and ``args`` the command line.
    """

    def __init__(self, message: str, returncode: Optional[int] = None, stderr: str = "",
                 args: Sequence[str] = ()):
        super().__init__(message)
        self.message = message
        self.returncode = returncode
        self.stderr = stderr
        self.command = list(args)

    def __str__(self) -> str:
        return self.message


class InputError(GpubvError):
    """Exit code 2: bad usage or bad input (a malformed file, impossible oxidation states, a missing
    softBV pair...). A notebook screening many files can catch this and go on."""


class InternalError(GpubvError):
    """Exit code 1: an internal error of gpubv (a bug). Do not swallow it."""


def error_for(returncode: int, message: str, stderr: str, args: Sequence[str]) -> GpubvError:
    """The exception class that matches an exit code."""
    cls = {2: InputError, 1: InternalError}.get(returncode, GpubvError)
    return cls(message, returncode, stderr, args)
