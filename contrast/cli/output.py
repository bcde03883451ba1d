"""Where a result goes: stdout, or a file written whole (a temp file, then a rename), never half a report.

The format is settled, and the output folder checked, before anything slow runs.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from contrast.errors import InputError
from contrast.report.listing import DEFAULT_WIDTH, Listing, render_listing
from contrast.report.render import Format

SUFFIX_FORMATS = {
    ".txt": Format.table,
    ".md": Format.markdown,
    ".markdown": Format.markdown,
    ".json": Format.json,
    ".html": Format.html,
    ".htm": Format.html,
}


def output_format(fmt: Format | None, output: Path | None) -> Format:
    """Checked before anything slow: the format (from `-o`'s suffix when not given) and a writable `-o`."""
    if output is not None:
        check_writable(output)
    if fmt is not None:
        return fmt
    if output is not None and output.suffix:
        if output.suffix.lower() not in SUFFIX_FORMATS:
            known = ", ".join(SUFFIX_FORMATS)
            raise InputError(f"{output}: cannot tell the format from {output.suffix!r}; pass --format or use {known}")
        return SUFFIX_FORMATS[output.suffix.lower()]
    return Format.table if output is None and sys.stdout.isatty() else Format.markdown


def check_writable(output: Path) -> None:
    folder = output.absolute().parent
    if not folder.is_dir():
        raise InputError(f"{output}: folder {folder} does not exist; create it or choose another --output")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(f"{output}: folder {folder} is not writable; choose another --output")


def width() -> int:
    """The terminal's width (or $COLUMNS), so that tables fit; 100 columns when there is no terminal."""
    return shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns


def write_listing(listing: Listing, fmt: Format, output: Path | None) -> None:
    styled = output is None and sys.stdout.isatty()
    write(render_listing(listing, fmt, width=width(), styled=styled), output)


def write(text: str, output: Path | None) -> None:
    """Write stdout, or a temp file beside `output` renamed over it, so a failure never leaves half a report."""
    if output is None:
        sys.stdout.write(text)
        return
    check_writable(output)
    handle, temporary = tempfile.mkstemp(dir=output.absolute().parent, prefix=f".{output.name}.", suffix=".tmp")
    try:
        with _signals_raise():
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.chmod(temporary, _new_file_mode(output))  # mkstemp makes 0600; a report is an ordinary file
            os.replace(temporary, output)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise InputError(
            f"{output}: cannot write it ({error.strerror}); free some space or choose another --output"
        ) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@contextmanager
def _signals_raise() -> Iterator[None]:
    """SIGTERM and SIGHUP end the write with an exception, so the temp file is removed, not left behind."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = {signum: signal.signal(signum, stop) for signum in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _new_file_mode(output: Path) -> int:
    """The mode the file already has, else what the user's umask gives a new file."""
    if output.exists():
        return output.stat().st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
