from __future__ import annotations

import importlib
import pkgutil
import types

import contrast


def test_init_public_names_are_never_shadowed_by_submodules():
    """Importing a submodule binds it on the package: no submodule may share a public name."""
    for module in pkgutil.iter_modules(contrast.__path__):
        importlib.import_module(f"contrast.{module.name}")
    from contrast import check, load_models

    assert callable(check) and callable(load_models)
    assert [name for name in contrast.__all__ if isinstance(getattr(contrast, name), types.ModuleType)] == []
