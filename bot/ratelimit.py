"""The per-client rate limit, counted by the ``limits`` library: in this process, or in Redis for all.

``RateLimiter(per_min)`` allows a client (bot/guard.py ``client_key``) ``per_min`` questions a
minute, shared by ``/api/*`` and the page's chat: a burst of ``per_min``, then the allowance comes
back gradually (``limits``' sliding window counter: this minute's count plus last minute's,
weighted by the share of it still inside the last 60 s; two counters per client, which expire
by themselves). ``hit(key)`` returns 0 (allowed) or the whole seconds to wait (≥ 1): the
``Retry-After``. ``per_min`` 0 = no limit.

With ``redis_url`` (``BOT_REDIS_URL``) the window is kept in Redis (``limits``' Redis storage),
so every process on every machine behind one proxy counts the same questions: a client gets
``per_min`` in total, not ``per_min`` per process. If Redis cannot be reached, the limiter
counts in this process's memory (per-process limits, as without Redis), says so once in the
log, probes Redis every ``probe_s`` seconds in a thread, and goes back to it, saying that once
too. It never lets everything through and never refuses everything because Redis is gone.

    >>> rl = RateLimiter(2)
    >>> rl.hit("203.0.113.5"), rl.hit("203.0.113.5"), rl.hit("203.0.113.5")
    (0, 0, 60)  # at most: the seconds left of this minute

Not here: who the client is (bot/forwarded.py, bot/guard.py), the 429 itself (bot/guard.py ``ApiGuard``).
"""
from __future__ import annotations

import logging
import math
import threading
import time
from urllib.parse import urlsplit

from limits import RateLimitItemPerSecond
from limits.storage import MemoryStorage
from limits.strategies import SlidingWindowCounterRateLimiter

log = logging.getLogger(__name__)
NAMESPACE = "qa-rate"  # the part of every key that is ours, in a Redis other programs may share
REDIS_TIMEOUT_S = 0.5  # a Redis that does not answer in this long counts as gone


def redis_location(url: str) -> str:
    """The URL without its password, for logs: ``'redis://:pw@10.0.0.5:6379/0'`` -> ``'10.0.0.5:6379'``."""
    parts = urlsplit(url)
    return parts.netloc.rpartition("@")[2] or parts.path or url.split("://")[0]


class RateLimiter:
    def __init__(self, per_min: int, redis_url: str = "", window_s: int = 60, probe_s: float = 5.0):
        self.per_min, self.window_s, self.probe_s = per_min, window_s, probe_s
        self.item = RateLimitItemPerSecond(max(per_min, 1), window_s)  # per_min every window_s seconds
        self.local = SlidingWindowCounterRateLimiter(MemoryStorage())
        self.shared = None
        self.redis_url = redis_url
        self._down = threading.Event()  # set while Redis is unreachable and memory counts
        self._lock = threading.Lock()
        if redis_url:
            from limits.storage import RedisStorage

            storage = RedisStorage(redis_url, wrap_exceptions=True, socket_timeout=REDIS_TIMEOUT_S,
                                   socket_connect_timeout=REDIS_TIMEOUT_S, health_check_interval=30)
            self.shared = SlidingWindowCounterRateLimiter(storage)
            self._storage = storage
            if not self._reachable():
                self._fall_back("无法连接")
            else:
                log.info("限流计数：Redis %s（所有进程共用）", redis_location(redis_url))

    @classmethod
    def from_settings(cls, settings) -> "RateLimiter":
        return cls(settings.rate_limit_per_min, redis_url=getattr(settings, "redis_url", ""))

    @property
    def using_redis(self) -> bool:
        return self.shared is not None and not self._down.is_set()

    def hit(self, key: str) -> int:
        """Count one question of ``key``: 0 if allowed, else whole seconds until it would be (≥ 1)."""
        if self.per_min <= 0:
            return 0
        if self.using_redis:
            try:
                return self._hit(self.shared, key)
            except Exception as e:  # noqa: BLE001 - limits' StorageError, or redis' own on a dead socket
                self._fall_back(type(e).__name__)
        return self._hit(self.local, key)

    def _hit(self, limiter, key: str) -> int:
        if limiter.hit(self.item, NAMESPACE, key):
            return 0
        reset, _ = limiter.get_window_stats(self.item, NAMESPACE, key)
        return max(1, math.ceil(reset - time.time()))

    # -- Redis gone and back ---------------------------------------------------------------------
    def _reachable(self) -> bool:
        try:
            return bool(self._storage.check())
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
