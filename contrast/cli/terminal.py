"""What the user sees on stderr while a command runs: a status spinner, progress bars, notes and errors.

stdout carries only the result. One `stderr` console for the whole CLI, looked up at call time as
`terminal.stderr`, so that --quiet and a test's stand-in console reach every command.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from rich.console import Console

if TYPE_CHECKING:
    from rich.status import Status

stderr = Console(stderr=True)
quiet: ContextVar[bool] = ContextVar("quiet", default=False)


def progress_shown() -> bool:
    return not quiet.get() and stderr.is_terminal


@contextmanager
def status(message: str) -> Iterator[Status | NoStatus]:
    """A spinner on stderr from the first second; silent with --quiet or when stderr is not a terminal."""
    if not progress_shown():
        yield NoStatus()
        return
    with stderr.status(message) as status:
        yield status


class NoStatus:
    def update(self, message: str) -> None:
        """Nothing to update: progress is off."""
