"""The per-client rate limit for several processes: counted in Redis by the ``limits`` library.

``make_limiter(settings)`` is what the server uses: without ``BOT_REDIS_URL``, bot/guard.py's
``RateLimiter`` (a token bucket in this process); with it, ``SharedRateLimiter``: every process
on every machine behind one proxy counts the same questions in Redis, so a client gets
``BOT_RATE_LIMIT`` in total, not ``BOT_RATE_LIMIT`` per process. Both have ``hit(key) -> int``:
0 (allowed) or the whole seconds to wait (≥ 1, the ``Retry-After``).

``SharedRateLimiter`` uses ``limits``' moving window in its Redis storage: at most ``per_min``
questions in any 60 seconds; the wait is until the oldest of them leaves the window.

    >>> rl = SharedRateLimiter(2, "redis://127.0.0.1:6379/0")
    >>> rl.hit("203.0.113.5"), rl.hit("203.0.113.5"), rl.hit("203.0.113.5")
    (0, 0, 60)

If Redis cannot be reached (at start or later), it counts with a per-process token bucket
instead — the limits a process has without Redis — says so once in the log, probes Redis
every ``probe_s`` seconds in a thread and goes back to it, saying that once too. It never lets
everything through and never refuses everything because Redis is gone, and a question never
waits on a dead Redis for more than one timeout (``REDIS_TIMEOUT_S``) per outage.

Not here: who the client is (bot/guard.py ``client_key``), the 429 itself (bot/guard.py ``ApiGuard``).
"""
from __future__ import annotations

import logging
import math
import threading
import time
from urllib.parse import urlsplit

from .guard import RateLimiter

log = logging.getLogger(__name__)
NAMESPACE = "qa-rate"  # the part of every key that is ours, in a Redis other programs may share
REDIS_TIMEOUT_S = 0.5  # a Redis that does not answer in this long counts as gone


def redis_location(url: str) -> str:
    """The URL without its password, for logs: ``'redis://:pw@10.0.0.5:6379/0'`` -> ``'10.0.0.5:6379'``."""
    parts = urlsplit(url)
    return parts.netloc.rpartition("@")[2] or parts.path or url.split("://")[0]


def make_limiter(settings):
    """The server's limiter: shared through Redis with ``BOT_REDIS_URL``, else this process's own."""
    redis_url = getattr(settings, "redis_url", "")
    if redis_url and settings.rate_limit_per_min > 0:
        return SharedRateLimiter(settings.rate_limit_per_min, redis_url)
    return RateLimiter(settings.rate_limit_per_min)


class SharedRateLimiter:
    def __init__(self, per_min: int, redis_url: str, window_s: int = 60, probe_s: float = 5.0):
        from limits import RateLimitItemPerSecond
        from limits.storage import RedisStorage
        from limits.strategies import MovingWindowRateLimiter

        self.per_min, self.redis_url, self.probe_s = per_min, redis_url, probe_s
        self.item = RateLimitItemPerSecond(per_min, window_s)  # per_min in any window_s seconds
        self.storage = RedisStorage(redis_url, wrap_exceptions=True, socket_timeout=REDIS_TIMEOUT_S,
                                    socket_connect_timeout=REDIS_TIMEOUT_S)
        self.shared = MovingWindowRateLimiter(self.storage)
        self.local = RateLimiter(per_min)  # while Redis is gone: what a process does without Redis
        self._down = threading.Event()  # set while Redis is unreachable
        self._lock = threading.Lock()
        if self._reachable():
            log.info("限流计数：Redis %s（所有进程共用）", redis_location(redis_url))
        else:
            self._fall_back("无法连接")

    @property
    def using_redis(self) -> bool:
        return not self._down.is_set()

    def hit(self, key: str) -> int:
        """Count one question of ``key``: 0 if allowed, else whole seconds until it would be (≥ 1)."""
        if self.using_redis:
            try:
                if self.shared.hit(self.item, NAMESPACE, key):
                    return 0
                reset, _ = self.shared.get_window_stats(self.item, NAMESPACE, key)
                return max(1, math.ceil(reset - time.time()))
            except Exception as e:  # noqa: BLE001 - limits' StorageError, or redis' own on a dead socket
                self._fall_back(type(e).__name__)
        return self.local.hit(key)

    # -- Redis gone and back ---------------------------------------------------------------------
    def _reachable(self) -> bool:
        try:
            return bool(self.storage.check())
        except Exception:  # noqa: BLE001 - any failure to answer is "not reachable"
            return False

    def _fall_back(self, why: str) -> None:
        with self._lock:
            if self._down.is_set():
                return
            self._down.set()
        log.warning("限流改为按进程计数：Redis %s 连接失败（%s）。服务照常回答，每个进程各自限流；"
                    "每 %g 秒重试一次，恢复后自动改回 Redis 共同计数。", redis_location(self.redis_url), why,
                    self.probe_s)
        threading.Thread(target=self._probe, name="redis-probe", daemon=True).start()

    def _probe(self) -> None:
        while self._down.is_set():
            time.sleep(self.probe_s)
            if self._reachable():
                self._down.clear()
                log.warning("限流恢复为 Redis %s 共同计数（所有进程共用）。", redis_location(self.redis_url))
                return
