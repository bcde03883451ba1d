"""Article text, titles and file names are the author's, not ours: shown raw, they could command the viewer.

An ESC sequence in a headline can clear the terminal or retitle its window, a bidi override can make a
line read backwards, and a `<script>` in a claim runs in a Markdown viewer that renders HTML. Text from
outside passes through one of these two functions on its way out; the HTML report escapes on its own.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls (U+0080–U+009F), and the bidi embeddings,
# overrides and isolates that reorder what a terminal or viewer shows.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# What Markdown would read as a tag, a link, bold or a cell border.
MARKDOWN_SPECIAL = re.compile(r"([\\*|\[\]<>])")


def escape_controls(text: str) -> str:
    r"""Control characters become visible escapes; newline and tab stay as they are.

    Example::

        escape_controls("Title\x1b]0;pwned\x07")   # 'Title\\x1b]0;pwned\\x07'
    """
    return CONTROL.sub(_escape, text)


def markdown_text(text: str) -> str:
    r"""Text shown literally in Markdown: controls escaped, `&` as an entity, markup characters backslashed.

    Example::

        markdown_text("<img src=x onerror=alert(1)> *bold*")   # '\\<img src=x onerror=alert(1)\\> \\*bold\\*'
    """
    return MARKDOWN_SPECIAL.sub(r"\\\1", escape_controls(text).replace("&", "&amp;"))


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
