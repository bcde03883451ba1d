"""The `contrast` group: global options, and the contract that every failure ends in one `error: …` line.

Each command lives in its own module beside this one and registers itself on `app`.
"""

from __future__ import annotations

import functools
import os
import shlex
import sys
from collections.abc import Callable, Sequence
from typing import Annotated, Any, TypeVar

import typer
from typer._click.exceptions import NoArgsIsHelpError
from typer.core import TyperGroup

from contrast import __version__
from contrast.cli import terminal
from contrast.errors import ContrastError
from contrast.report.terminal_text import escape_controls

F = TypeVar("F", bound=Callable[..., None])


class _InternalError(Exception):
    """A bug reached the top: the message names the command line so that a report can reproduce it."""


class _OneLineErrors(TyperGroup):
    """Every failure ends in one `error: …` line on stderr: status 2 for the user's to fix, 1 for a bug."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        args = sys.argv[1:] if args is None else list(args)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except NoArgsIsHelpError as error:
            error.show()
            code = error.exit_code
        except typer.TyperException as error:  # click's usage errors: unknown option, bad value, …
            code = fail(_usage_message(error), error.exit_code)
        except typer.Abort:
            code = fail("aborted", 1)
        except _InternalError as error:
            code = fail(
                f"internal error in `contrast {shlex.join(args)}`: {error}. This is a bug; please report it with "
                "that command and its input (--debug shows the traceback)",
                1,
            )
        if standalone_mode:
            sys.exit(code or 0)
        return code

    def _main_shell_completion(self, ctx_args: Any, prog_name: str, complete_var: str | None = None) -> None:
        """Click documents `_CONTRAST_COMPLETE=bash_source`, Typer reads `source_bash`: accept both."""
        variable = complete_var or f"_{prog_name.replace('-', '_').replace('.', '_')}_COMPLETE".upper()
        shell, _, instruction = os.environ.get(variable, "").partition("_")
        if instruction in ("source", "complete"):
            os.environ[variable] = f"{instruction}_{shell}"
        super()._main_shell_completion(ctx_args, prog_name, complete_var)

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.TyperException, typer.Exit, typer.Abort, ContrastError, BrokenPipeError):
            raise
        except Exception as error:
            if ctx.params.get("debug"):
                raise
            detail = next(iter(str(error).splitlines()), "")
            raise _InternalError(f"{type(error).__name__}: {detail}" if detail else type(error).__name__) from error


app = typer.Typer(
    name="contrast",
    cls=_OneLineErrors,
    help="Find the disputed facts in news articles: who claims what, and which claims cannot both be true.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_show_locals=False,
)


def _print_version(value: bool) -> None:
    if value:
        print(f"contrast {__version__}")
        raise typer.Exit()


@app.callback()
def global_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or status lines on stderr.")] = False,
    debug: Annotated[
        bool, typer.Option("--debug", envvar="CONTRAST_DEBUG", help="Show the traceback of an internal error.")
    ] = False,
) -> None:
    """Options for every command; they go before the command name: `contrast --quiet check …`."""
    terminal.quiet.set(quiet)


def user_errors(command: F) -> F:
    """A ContrastError is the user's to fix: one line on stderr, exit status 2, no traceback."""

    @functools.wraps(command)
    def wrapper(*args: object, **kwargs: object) -> None:
        try:
            command(*args, **kwargs)
        except ContrastError as error:
            raise typer.Exit(fail(str(error), 2)) from None

    return wrapper  # type: ignore[return-value]


def _usage_message(error: typer.TyperException) -> str:
    """Click's message and its usage hint, on one line."""
    message = error.format_message().replace("Value error, ", "").rstrip(".")
    context = getattr(error, "ctx", None)
    return f"{message} (see `{context.command_path} --help`)" if context is not None else message


def fail(message: str, code: int) -> int:
    terminal.stderr.print(f"error: {escape_controls(message)}", markup=False, highlight=False, soft_wrap=True)
    return code
