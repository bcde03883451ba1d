"""The `contrast` command: parse options, call the library, render. No pipeline logic lives here.

One module per command group, like spaCy's `spacy/cli/`: `check`, `claims`, `compare`, `stance`, `corpus`, `model`, each
registering itself on the `app` of `main`. Arguments and inputs are checked before torch, transformers or spaCy
are imported, so a mistake is reported in a fraction of a second instead of after the models load.
"""

# Importing a command module registers it, in this order, which is the order `contrast --help` lists them in.
from contrast.cli import check, claims, compare, stance, model, model_fit, corpus  # noqa: F401, I001
from contrast.cli.main import app

__all__ = ["app"]
