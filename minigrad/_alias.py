"""Submodule imports through an alias: ``sys.modules["torch"] = minigrad`` then ``import torch.nn``.

A program can run unchanged on minigrad when its runner puts minigrad in
``sys.modules`` under PyTorch's name. Without help, ``import torch.nn`` would
load a second copy of ``minigrad/nn`` (with its own classes); this finder
answers such imports with the already-imported ``minigrad.<sub>`` module.
"""
import importlib
import importlib.abc
import importlib.util
import sys


class AliasFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Resolves ``<alias>.<sub>`` to ``minigrad.<sub>`` when ``sys.modules[alias]`` is minigrad."""

    def find_spec(self, fullname, path, target=None):
        head, dot, rest = fullname.partition(".")
        if not dot or head == "minigrad":
            return None
        aliased = sys.modules.get(head)
        if aliased is None or getattr(aliased, "__name__", None) != "minigrad":
            return None
        real = "minigrad." + rest
        try:
            if importlib.util.find_spec(real) is None:
                return None
        except ModuleNotFoundError:
            return None
        return importlib.util.spec_from_loader(fullname, self, origin=real)

    def create_module(self, spec):
        """The real minigrad submodule itself (no second copy)."""
        module = importlib.import_module(spec.origin)
        spec.loader_state = module.__spec__  # (the import system gives the module the alias's spec next)
        return module

    def exec_module(self, module):
        """Nothing to run: the module is already imported; it gets its own spec back, which keeps
        the relative imports inside its functions working."""
        module.__spec__ = module.__spec__.loader_state


def install():
    """Put the finder first on sys.meta_path (once)."""
    if not any(isinstance(f, AliasFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, AliasFinder())
