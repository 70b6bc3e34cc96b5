"""One Settings object, read once from BOT_* environment variables; defaults = embedded mode.

Order: explicit argument (``Settings(index_dir=…)``), then environment, then default.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _env(name: str, default):
    return os.environ.get(f"BOT_{name.upper()}", default)


@dataclass
class Settings:
    corpus_dir: Path = field(default_factory=lambda: Path(_env("corpus_dir", ROOT / "corpus")))
    index_dir: Path = field(default_factory=lambda: Path(_env("index_dir", ROOT / "vectorstore")))
    data_dir: Path = field(default_factory=lambda: Path(_env("data_dir", ROOT / "data")))
    embeddings: str = field(default_factory=lambda: _env("embeddings", "e5"))
    embed_base_url: str = field(default_factory=lambda: _env("embed_base_url", ""))
    embed_model: str = field(default_factory=lambda: _env("embed_model", ""))
    embed_api_key: str = field(default_factory=lambda: _env("embed_api_key", ""))
    llm_base_url: str = field(default_factory=lambda: _env("llm_base_url", ""))
    llm_model: str = field(default_factory=lambda: _env("llm_model", ""))
    llm_api_key: str = field(default_factory=lambda: _env("llm_api_key", ""))
    llm_timeout_s: float = field(default_factory=lambda: float(_env("llm_timeout_s", 20)))
    chroma_host: str = field(default_factory=lambda: _env("chroma_host", ""))
    chroma_port: int = field(default_factory=lambda: int(_env("chroma_port", 8000)))
    host: str = field(default_factory=lambda: _env("host", "127.0.0.1"))
    port: int = field(default_factory=lambda: int(_env("port", 7860)))
    allowed_origins: str = field(default_factory=lambda: _env("allowed_origins", ""))
    chunk_tokens: int = field(default_factory=lambda: int(_env("chunk_tokens", 256)))
    # public-service limits (bot/guard.py): per client and minute, per process, the page's queue
    rate_limit_per_min: int = field(default_factory=lambda: int(_env("rate_limit", 30)))
    max_concurrent: int = field(default_factory=lambda: int(_env("max_concurrent", 32)))
    queue_size: int = field(default_factory=lambda: int(_env("queue_size", 64)))
    ui_concurrency: int = field(default_factory=lambda: int(_env("ui_concurrency", 4)))
    query_cache: int = field(default_factory=lambda: int(_env("query_cache", 1024)))  # server: query vectors kept
    # proxies whose X-Forwarded-* headers count (bot/forwarded.py); the page's public address
    trusted_proxies: str = field(default_factory=lambda: _env("trusted_proxies", ""))
    public_url: str = field(default_factory=lambda: _env("public_url", ""))
    log_ips: bool = field(default_factory=lambda: _env("log_ips", "0").strip().lower() in ("1", "true", "yes"))

    def __post_init__(self):
        for f in fields(self):
            if f.name.endswith("_dir"):
                setattr(self, f.name, Path(getattr(self, f.name)))
