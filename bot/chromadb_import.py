"""chromadb, imported without re-checking its own method signatures (0.15 s of every start that opens the store).

chromadb marks its method overrides with the ``overrides`` package's ``@override``. As each class is
created, that decorator finds the base classes by disassembling the calling frame's bytecode and compares
the two methods' signatures (about 160 times for ``import chromadb`` and its embedded client): a check
for chromadb's developers, repeated on every import. While chromadb is imported here (and only if nothing
imported it before), ``override``/``overrides`` just mark the method as an override, which is all that
``EnforceOverrides`` (the metaclass that looks for the mark) and chromadb need at run time; afterwards
they are the package's own again, for anyone else.

    chromadb = load()          # also imports the embedded client's module (chromadb.api.rust)
"""
from __future__ import annotations

import functools
import sys

from . import httpx_import

# what an embedded client imports when it is made: imported here too, so its classes skip the check
CLIENT_MODULES = ("chromadb.api.rust", "chromadb.telemetry.product.posthog")


def _mark(method=None, *, check_signature: bool = True, check_at_runtime: bool = False):
    """``@override`` without the signature check: ``method.__override__ = True``, as the original sets."""
    if method is None:
        return functools.partial(_mark, check_signature=check_signature, check_at_runtime=check_at_runtime)
    method.__override__ = True
    return method


def load():
    """The ``chromadb`` module (as it is, when something imported it before)."""
    if "chromadb" in sys.modules:
        return sys.modules["chromadb"]
    httpx_import.load()  # httpx without its command-line client (bot/httpx_import.py)
    import importlib

    import overrides

    saved = overrides.override, overrides.overrides
    overrides.override = overrides.overrides = _mark
    try:
        import chromadb

        for name in CLIENT_MODULES:
            try:
                importlib.import_module(name)
            except ImportError:  # another chromadb version: its client imports what it needs itself
                pass
    finally:
        overrides.override, overrides.overrides = saved
    return chromadb
