"""httpx, imported without its command-line client (0.06 s of every cold answer on the 2-core machine).

chromadb imports httpx, and ``httpx/__init__.py`` imports ``httpx._main`` (the ``httpx`` console
command: click, rich and pygments) whenever those happen to be installed, as they are here for other
tools; without them it defines a ``main()`` that says to install ``httpx[cli]``. Nothing here runs that
command, and the console script is a process of its own. ``httpx._main`` is hidden only while httpx
is imported, and only if nothing imported httpx before; afterwards ``import httpx._main`` works as usual.
"""
from __future__ import annotations

import sys


def load():
    """The ``httpx`` module (as it is, when something imported it before)."""
    if "httpx" in sys.modules:
        return sys.modules["httpx"]
    hide = "httpx._main" not in sys.modules
    if hide:
        sys.modules["httpx._main"] = None  # `from ._main import main` raises ImportError: httpx's fallback
    try:
        import httpx
    finally:
        if hide and sys.modules.get("httpx._main", 0) is None:
            del sys.modules["httpx._main"]
    return httpx
