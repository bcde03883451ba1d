"""Article text, titles and file names are the author's, not ours: shown raw, they could command the viewer.

An ESC sequence in a headline can clear the terminal or retitle its window, a bidi override can make a
line read backwards, and a `<script>` in a claim runs in a Markdown viewer that renders HTML. Text from
outside passes through `escape_controls` on its way to a terminal, a table or an error line; the Markdown
renderers escape markup as well, and the HTML report escapes everything.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls (U+0080–U+009F), and the bidi embeddings,
# overrides and isolates that reorder what a terminal or viewer shows.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def escape_controls(text: str) -> str:
    r"""Control characters become visible escapes; newline and tab stay as they are.

    Example::

        escape_controls("Title\x1b]0;pwned\x07")   # 'Title\\x1b]0;pwned\\x07'
    """
    return CONTROL.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
