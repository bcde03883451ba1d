"""Report: render a `CheckResult`, or a plain listing of claims and corpus records, as table, Markdown, JSON or HTML.

Nothing here decides anything: it shows what the stages returned, in a stable order.
"""
