"""Imports flow one way: corpus and lang know no store, the index knows no answering, the answerer
reads Evidence and never opens the index, the faces know no rule. Read from the code's own imports."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENGINE = ["bot.index", "bot.retrieval", "bot.evidence", "bot.answer", "bot.chain"]
NEVER = {  # modules under this prefix never import these
    "bot.lang": ["bot.corpus", *ENGINE],
    "bot.corpus": ENGINE,
    "bot.index": ["bot.retrieval", "bot.evidence", "bot.answer", "bot.chain"],
    "bot.evidence": ["bot.index", "bot.retrieval", "bot.answer", "bot.chain"],
    "bot.answer": ["bot.index", "bot.retrieval", "bot.chain"],
    "bot.retrieval": ["bot.answer", "bot.chain"],
    "bot.api": ["bot.answer", "bot.evidence", "bot.retrieval", "bot.thresholds"],
    "bot.ui": ["bot.answer", "bot.evidence", "bot.retrieval", "bot.thresholds"],
    "bot.__main__": ["bot.answer", "bot.evidence", "bot.retrieval", "bot.thresholds"],
    "app": ["bot.answer", "bot.evidence", "bot.retrieval", "bot.thresholds"],
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module ``path`` imports, relative imports resolved, including imports inside functions."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[:len(package.split(".")) - node.level + 1] if node.level else []
            mod = ".".join(base + ([node.module] if node.module else []))
            out.add(mod)
            out |= {f"{mod}.{a.name}" for a in node.names}  # from . import index
    return out


FILES = sorted([*ROOT.joinpath("bot").rglob("*.py"), ROOT / "app.py"])


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_import_runs_back_up(path):
    name = module_name(path)
    for prefix, never in NEVER.items():
        if name == prefix or name.startswith(prefix + "."):
            bad = sorted(m for m in imports(path) for n in never if m == n or m.startswith(n + "."))
            assert not bad, f"{name} imports {bad}"
