"""The commit a benchmark ran on, recorded beside its figures so a reader can rerun that code."""

from __future__ import annotations

import subprocess


def short_commit() -> str:
    """`git rev-parse --short HEAD`, or "unknown" outside a git checkout."""
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
