"""Ingest: a file, stdin or a URL becomes one `Article` whose body text every later offset points into.

The only stage that reads input; `fetch` keeps a URL's download bounded and off private networks.
"""
