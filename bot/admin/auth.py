"""Who may use the staff console: one password, sessions, CSRF tokens, a bound on guessing.

- The password (``BOT_ADMIN_PASSWORD``) is kept only as its scrypt hash (hashlib, n=2^14, r=8,
  p=1, 16-byte salt). The variable may hold the hash itself, so the plain password need not sit
  in the environment: ``python -m bot.admin.auth`` prints one (``scrypt$16384$8$1$<salt>$<hash>``).
- A session is a random 256-bit token in an HttpOnly, SameSite=Strict cookie on ``/admin``
  (Secure when served over https); the server keeps only its SHA-256, with a CSRF token that every
  form carries back. Sessions end after ``BOT_ADMIN_SESSION_MINUTES`` idle (default 30), after
  12 hours in any case, at sign-out, and when the process restarts.
- Sign-in attempts: after 5 wrong passwords from one client in 15 minutes it waits out the rest of
  those minutes; after 50 wrong passwords from anyone in 15 minutes every sign-in waits (guessing
  from many addresses at once). Each guess also costs the server one scrypt (~50 ms).

``python -m bot.admin.auth [PASSWORD]`` prints the hash of PASSWORD (asked for when not given).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field

SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1}
COOKIE = "bot_admin"
MAX_AGE_S = 12 * 3600
WINDOW_S = 15 * 60
PER_CLIENT_FAILURES = 5
GLOBAL_FAILURES = 50


def _b64(b: bytes) -> str:
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


def _unb64(s: str) -> bytes:
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def hash_password(password: str, salt: bytes | None = None) -> str:
    """``'secret'`` -> ``'scrypt$16384$8$1$<salt>$<hash>'`` (a new salt each time)."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=32, maxmem=64 * 1024 * 1024, **SCRYPT)
    return f"scrypt${SCRYPT['n']}${SCRYPT['r']}${SCRYPT['p']}${_b64(salt)}${_b64(digest)}"


def check_password(password: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.split("$")
        got = hashlib.scrypt(password.encode("utf-8"), salt=_unb64(salt), n=int(n), r=int(r), p=int(p),
                             dklen=len(_unb64(digest)), maxmem=64 * 1024 * 1024)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, _unb64(digest))


def stored_hash(setting: str) -> str:
    """The hash to check against: the setting itself when it is one, else the setting hashed now."""
    return setting if setting.startswith("scrypt$") and setting.count("$") == 5 else hash_password(setting)


@dataclass
class Session:
    csrf: str
    created: float
    seen: float
    id: str = field(default="")  # a short, non-secret name for the log


class TooManyAttempts(Exception):
    def __init__(self, wait_s: int):
        super().__init__(wait_s)
        self.wait_s = wait_s


class Auth:
    """Password check, sessions and the sign-in bound of one server process."""

    def __init__(self, setting: str, idle_s: float = 1800, clock=time.time):
        self.hash = stored_hash(setting)
        self.idle_s, self.clock = idle_s, clock
        self._sessions: dict[str, Session] = {}  # sha256(token) -> session
        self._failures: dict[str, list[float]] = {}
        self._all_failures: list[float] = []
        self._lock = threading.Lock()

    # -- signing in ------------------------------------------------------------------------
    def wait_s(self, client: str) -> int:
        """Seconds ``client`` must wait before it may try again (0: it may)."""
        now = self.clock()
        with self._lock:
            mine = [t for t in self._failures.get(client, []) if now - t < WINDOW_S]
            self._failures[client] = mine
            self._all_failures = [t for t in self._all_failures if now - t < WINDOW_S]
            waits = []
            if len(mine) >= PER_CLIENT_FAILURES:
                waits.append(mine[-PER_CLIENT_FAILURES] + WINDOW_S - now)
            if len(self._all_failures) >= GLOBAL_FAILURES:
                waits.append(self._all_failures[-GLOBAL_FAILURES] + WINDOW_S - now)
        return int(max(waits) + 1) if waits else 0

    def login(self, password: str, client: str) -> tuple[str, Session] | None:
        """(cookie token, session) for the right password; None for a wrong one; TooManyAttempts."""
        wait = self.wait_s(client)
        if wait:
            raise TooManyAttempts(wait)
        if not check_password(password or "", self.hash):
            with self._lock:
                now = self.clock()
                self._failures.setdefault(client, []).append(now)
                self._all_failures.append(now)
            return None
        with self._lock:
            self._failures.pop(client, None)
        token = secrets.token_urlsafe(32)
        now = self.clock()
        session = Session(secrets.token_urlsafe(32), now, now, _key(token)[:8])
        with self._lock:
            self._prune(now)
            self._sessions[_key(token)] = session
        return token, session

    # -- sessions --------------------------------------------------------------------------
    def session(self, token: str | None) -> Session | None:
        if not token or len(token) > 100:
            return None
        now = self.clock()
        with self._lock:
            s = self._sessions.get(_key(token))
            if s is None:
                return None
            if now - s.seen > self.idle_s or now - s.created > MAX_AGE_S:
                del self._sessions[_key(token)]
                return None
            s.seen = now
            return s

    def logout(self, token: str | None) -> None:
        with self._lock:
            self._sessions.pop(_key(token or ""), None)

    def _prune(self, now: float) -> None:
        for k in [k for k, s in self._sessions.items() if now - s.seen > self.idle_s or now - s.created > MAX_AGE_S]:
            del self._sessions[k]


def _key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def csrf_ok(session: Session, sent: str | None) -> bool:
    return bool(sent) and hmac.compare_digest(session.csrf.encode(), str(sent).encode())


if __name__ == "__main__":
    import getpass
    import sys

    pw = sys.argv[1] if len(sys.argv) > 1 else getpass.getpass("管理密码：")
    if len(pw) < 8:
        sys.exit("密码至少 8 位。")
    print(hash_password(pw))
