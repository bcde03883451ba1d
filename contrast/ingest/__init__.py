"""Ingest: a file, stdin or a URL becomes one `Article` whose body text every later offset points into.

`read` takes the sources (a URL's download bounded by `fetch`), `paragraphs` turns text into the article's
body and paragraphs. These names are the stage's public surface, the ones the later stages import.
"""

from contrast.ingest.paragraphs import Article, Paragraph, from_text
from contrast.ingest.read import DEFAULT_MAX_CHARS, expand_sources, read_article, read_articles

__all__ = ["DEFAULT_MAX_CHARS", "Article", "Paragraph", "expand_sources", "from_text", "read_article", "read_articles"]
