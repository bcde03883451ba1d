"""Errors a user can fix; the CLI prints them as one line and exits with status 2."""


class ContrastError(Exception):
    """A problem with the user's input, model or corpus, not a bug."""


class InputError(ContrastError):
    """An article that cannot be read, fetched or checked."""


class ModelLoadError(ContrastError):
    """A model path or id that does not give a usable model."""


class CorpusError(ContrastError):
    """A corpus file that is missing, corrupt or not ours."""
