"""Entry point: python app.py — builds the index if missing or stale, then serves
the chat page at / and the API (/api/chat, /healthz, /docs, /widget.js) on
BOT_HOST:BOT_PORT (default 127.0.0.1:7860). Also ``uvicorn app:app``.
"""
import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before gradio is imported

import logging  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402

from bot.chain import Engine  # noqa: E402
from bot.config import ConfigError, Settings  # noqa: E402

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("app")

try:
    settings = Settings()
except ConfigError as e:  # BOT_PORT=abc: the variable and the form it needs, no traceback
    log.error("%s", e)
    raise SystemExit(2) from None
t0 = time.perf_counter()
log.info("正在加载索引（%s；缺失或过期时先从 %s 建立）……", settings.index_dir, settings.corpus_dir)
loaded: dict = {}


def load_engine() -> None:
    """The engine, loaded on a thread of its own while the main thread imports the page (Gradio, 1.5 s):
    the model's loading and first query run in C without the GIL."""
    try:
        engine = Engine(settings, check_store=True)  # a corrupted vector store is rebuilt at start
        engine.embeddings.enable_cache(settings.query_cache)  # repeated questions skip the embedding
        engine.warm()  # what answers load on first use, before the server says it is ready
        loaded["engine"] = engine
    except BaseException as e:  # noqa: BLE001 - raised again in the main thread
        loaded["error"] = e


loading = threading.Thread(target=load_engine, name="load-engine")
loading.start()
# the faces (FastAPI, Gradio: nothing the engine's thread imports) while the engine loads
from bot.admin import mount_admin  # noqa: E402
from bot.api import create_api  # noqa: E402
from bot.feedback import open_store  # noqa: E402
from bot.guard import IndexWatcher, hide_client_ips  # noqa: E402
from bot.health import Health  # noqa: E402
from bot.ratelimit import make_limiter  # noqa: E402
from bot.ui import mount_ui  # noqa: E402

hide_client_ips(settings.log_ips)  # the access log's client addresses (uvicorn's, once it serves)

loading.join()
if "error" in loaded:
    raise loaded["error"]
engine = loaded["engine"]
stats = engine.index.stats()
log.info("索引就绪（%s）：%d 篇文档，%d 个分块，%d 个句子，用时 %.1f 秒",
         engine.last_index_action, stats["documents"], stats["chunks"], stats["sentences"],
         time.perf_counter() - t0)
store = open_store(settings)  # feedback.db, or PostgreSQL with BOT_DATABASE_URL (several processes)
limiter = make_limiter(settings)  # one budget per client for /api/* and the page (with BOT_REDIS_URL: all processes)
health = Health(engine)  # /healthz runs a real query; repeated failures rebuild the index
app = create_api(engine, store, settings, limiter=limiter, health=health)
mount_admin(app, engine, settings)  # staff console at /admin (404 unless BOT_ADMIN_PASSWORD is set); before the page at /
app = mount_ui(app, engine, store, settings=settings, limiter=limiter)
watcher = IndexWatcher(engine, health=health).start()  # picks up `python -m bot index --rebuild` within a second
log.info("限制：每个客户端每分钟 %d 次提问，本进程同时处理至多 %d 个 API 请求，页面排队至多 %d 个",
         settings.rate_limit_per_min, settings.max_concurrent, settings.queue_size)

if __name__ == "__main__":
    import uvicorn

    log.info("打开浏览器访问 http://%s:%d/ （API 文档：/docs）", settings.host, settings.port)
    # open streams (Gradio's event stream, a client's heartbeat) get 5 s to finish on shutdown
    # proxy headers are bot/forwarded.py's, from BOT_TRUSTED_PROXIES only (uvicorn's default trusts 127.0.0.1)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info", timeout_graceful_shutdown=5,
                proxy_headers=False)
