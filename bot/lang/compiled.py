"""Where this installation keeps a dictionary compiled from a package's data file: once per source.

The temp folder, as jieba keeps its own cache there: ``<tmp>/<prefix>-<source id>/``, made aside and
renamed into place, so concurrent processes never read a half-written folder (the loser of a race
drops its copy). Used for jieba's dictionary (bot/lang/dictionary.py) and CC-CEDICT (bot/lang/cedict.py).

    compiled_once("bot-jieba", "2-5071852-7197…", ("words.marisa", …), compile_dictionary)  -> Path
"""
from __future__ import annotations

import os
import shutil
import tempfile
import threading
from pathlib import Path

_lock = threading.Lock()


def compiled_once(prefix: str, source: str, files, compile_into) -> Path:
    """The folder holding ``files`` compiled from ``source``; ``compile_into(folder)`` writes them if missing."""
    path = Path(tempfile.gettempdir()) / f"{prefix}-{source}"
    with _lock:
        if not all((path / f).exists() for f in files):
            tmp = path.with_name(f"{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
            compile_into(tmp)
            try:
                tmp.rename(path)
            except OSError:  # another process made it meanwhile
                shutil.rmtree(tmp, ignore_errors=True)
    return path
