"""jieba, imported without setuptools' ``pkg_resources`` (0.09 s of every cold start on the 2-core machine).

``jieba/_compat.py`` opens its own data files through ``pkg_resources.resource_stream`` when
``pkg_resources`` can be imported, and otherwise opens the same files by their path in jieba's folder:
the same bytes. Nothing here reads them anyway (the dictionary is the build's, bot/lang/dictionary.py);
``pkg_resources`` is hidden only while jieba is imported, and only if nothing imported it before.
"""
from __future__ import annotations

import sys


def load():
    """The ``jieba`` module (as it is, when something imported it before)."""
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    hide = "pkg_resources" not in sys.modules
    if hide:
        sys.modules["pkg_resources"] = None  # `import pkg_resources` raises ImportError: jieba's fallback
    try:
        import jieba
    finally:
        if hide and sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]
    return jieba
