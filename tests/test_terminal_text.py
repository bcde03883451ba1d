from __future__ import annotations

import pytest

from contrast.report.terminal_text import escape_controls


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("clear\x1b[2Jscreen", "clear\\x1b[2Jscreen"),
        ("title\x1b]0;pwned\x07", "title\\x1b]0;pwned\\x07"),
        ("over\rwrite", "over\\x0dwrite"),
        ("c1\x9b2J", "c1\\x9b2J"),
        ("bidi\u202eevil", "bidi\\u202eevil"),
        ("lines\nand\ttabs stay", "lines\nand\ttabs stay"),
        ("Україна, 日本, café", "Україна, 日本, café"),
    ],
)
def test_terminal_text_escapes_controls(text, shown):
    assert escape_controls(text) == shown
