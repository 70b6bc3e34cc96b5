"""The one loader of the language knowledge: ``bot/lang/data/*.tsv``, each read once (importlib.resources).

A data file is UTF-8 and tab-separated. Lines starting with ``#`` describe it; the first other line
names the columns; the last column, ``source``, says where each entry came from or why it is there
(the commit that added it, the eval item it was added for, or the general rule it follows).
``-`` is an empty cell; ``␠`` stands for a space that ends a word (the English cue ``did␠``).

    column("cues", means="plan", lang="zh", read_in="question")  ->  ['下半年', '计划', '将要', …]
    column("person_names", "text", part="title", uses="guard")    ->  ['局长', '厅长', …]

A condition holds when the cell equals the value or, for a comma-separated cell, lists it.
Rows keep their file order: where order matters (the first strong cue wins), the file says so.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def table(name: str) -> tuple[dict[str, str], ...]:
    """The rows of ``data/<name>.tsv`` as {column: cell}, in file order."""
    text = resources.files("bot.lang").joinpath(f"data/{name}.tsv").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    header = lines[0].split("\t")
    rows = []
    for n, ln in enumerate(lines[1:], 2):
        cells = ln.split("\t")
        if len(cells) != len(header):
            raise ValueError(f"bot/lang/data/{name}.tsv: row {n} has {len(cells)} cells, not {len(header)}: {ln!r}")
        rows.append({k: ("" if v == "-" else v.replace("␠", " ")) for k, v in zip(header, cells)})
    return tuple(rows)


def rows(name: str, **where: str) -> list[dict[str, str]]:
    """The rows of a table whose cells match every condition."""
    return [r for r in table(name) if all(r[k] == v or v in r[k].split(",") for k, v in where.items())]


def column(name: str, col: str | None = None, **where: str) -> list[str]:
    """One column (the first when not named) of the matching rows, in file order."""
    found = rows(name, **where)
    if not found:
        return []
    col = col or next(iter(found[0]))
    return [r[col] for r in found]
