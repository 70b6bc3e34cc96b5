"""One Settings object, read once from BOT_* environment variables; defaults = embedded mode.

Order: explicit argument (``Settings(index_dir=…)``), then environment, then default.
Parsed and validated by pydantic-settings: a wrong value (``BOT_PORT=abc``) is a
``ConfigError`` whose Chinese message names the variable and the form it needs; the
entry points print it and exit 2, never a traceback.
"""
from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = {  # pydantic error type -> the form a value needs (Chinese)
    "int_parsing": "整数", "float_parsing": "数字", "bool_parsing": "0 或 1", "greater_than_equal": "不小于 {ge} 的数",
    "less_than_equal": "不大于 {le} 的数", "greater_than": "大于 {gt} 的数", "value_error": "{error}",
}


class ConfigError(ValueError):
    """A setting that cannot be used; the message is for the operator (Chinese)."""


def _env(name: str, field_name: str | None = None, **kw):
    """A field read from ``BOT_<NAME>`` (and by its own name as a keyword argument)."""
    return Field(validation_alias=AliasChoices(field_name or name, f"BOT_{name.upper()}"), **kw)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(populate_by_name=True, extra="ignore", validate_assignment=True,
                                      case_sensitive=False)

    corpus_dir: Path = _env("corpus_dir", default=ROOT / "corpus")
    index_dir: Path = _env("index_dir", default=ROOT / "vectorstore")
    data_dir: Path = _env("data_dir", default=ROOT / "data")
    embeddings: str = _env("embeddings", default="e5")
    embed_base_url: str = _env("embed_base_url", default="")
    embed_model: str = _env("embed_model", default="")
    embed_api_key: str = _env("embed_api_key", default="")
    llm_base_url: str = _env("llm_base_url", default="")
    llm_model: str = _env("llm_model", default="")
    llm_api_key: str = _env("llm_api_key", default="")
    llm_timeout_s: float = _env("llm_timeout_s", default=20.0, gt=0)
    chroma_host: str = _env("chroma_host", default="")
    chroma_port: int = _env("chroma_port", default=8000, ge=1, le=65535)
    host: str = _env("host", default="127.0.0.1")
    port: int = _env("port", default=7860, ge=0, le=65535)
    allowed_origins: str = _env("allowed_origins", default="")
    chunk_tokens: int = _env("chunk_tokens", default=256, ge=16)
    # public-service limits (bot/ratelimit.py, bot/guard.py): per client and minute, per process, the page's queue
    rate_limit_per_min: int = _env("rate_limit", "rate_limit_per_min", default=30, ge=0)
    max_concurrent: int = _env("max_concurrent", default=32, ge=0)
    queue_size: int = _env("queue_size", default=64, ge=1)
    ui_concurrency: int = _env("ui_concurrency", default=4, ge=1)
    query_cache: int = _env("query_cache", default=1024, ge=0)  # server: query vectors kept
    # proxies whose X-Forwarded-* headers count (bot/forwarded.py); the page's public address
    trusted_proxies: str = _env("trusted_proxies", default="")
    public_url: str = _env("public_url", default="")
    log_ips: bool = _env("log_ips", default=False)
    # several processes behind one proxy: rate limits in Redis (bot/ratelimit.py), feedback in
    # PostgreSQL (bot/feedback_sql.py); unset = per-process memory and $BOT_DATA_DIR/feedback.db
    redis_url: str = _env("redis_url", default="", repr=False)
    database_url: str = _env("database_url", default="", repr=False)
    # staff console at /admin (bot/admin/): off (404) unless a password, or its scrypt hash, is set
    admin_password: str = _env("admin_password", default="", repr=False)
    admin_session_minutes: int = _env("admin_session_minutes", default=30, ge=1)

    @field_validator("redis_url")
    @classmethod
    def _redis_url(cls, v: str) -> str:
        if v and not v.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError(" redis://主机:端口/库号 形式的地址（或 rediss://、unix://）")
        return v

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, v: str) -> str:
        if v and not v.startswith(("postgresql://", "postgresql+psycopg://", "postgres://")):
            raise ValueError(" postgresql://用户:密码@主机:端口/库名 形式的地址；不设时反馈存入 BOT_DATA_DIR 下的 SQLite 文件")
        return v

    def __init__(self, **values):
        try:
            super().__init__(**values)
        except ValidationError as e:
            raise ConfigError(explain(e)) from None


def explain(error: ValidationError) -> str:
    """``BOT_PORT=abc`` -> ``'环境变量 BOT_PORT 的值 “abc” 不能用：应为整数。'``"""
    out = []
    for e in error.errors():
        name = str(e["loc"][0]) if e.get("loc") else "?"
        field = Settings.model_fields.get(name)
        aliases = getattr(field.validation_alias, "choices", []) if field else []
        var = next((a for a in aliases if str(a).startswith("BOT_")), name.upper() if name.startswith("BOT_") else name)
        want = EXPECTED.get(e.get("type", ""), "").format(**(e.get("ctx") or {}))
        shown = e.get("input") if field is None or field.repr else "……"  # a URL may hold a password
        out.append(f"环境变量 {var} 的值“{shown}”不能用" + (f"：应为{want}" if want else f"（{e.get('msg')}）"))
    return "；".join(out) + "。"
