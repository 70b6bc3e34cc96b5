"""``answer_id``: a signed token proving that an answer object came from this service.

Every answer object carries ``answer_id`` (added in ``Engine._finish``); ``POST /api/feedback``
takes a vote only if that token verifies against the question, answer and cited section ids
sent with it, so nobody can fill the 👎 list with text the service never said.

    >>> key = b"k" * 32
    >>> token = sign(key, "在线教学持续了几周？", "……连续12周……[1]", ["d#1.6"], issued=1_700_000_000)
    >>> verify(key, token, "在线教学持续了几周？", "……连续12周……[1]", ["d#1.6"], now=1_700_000_060)
    1700000000

The token is base64url (no padding) of ``version (1 byte) | issue time (4 bytes, unix
seconds) | HMAC-SHA256 (32 bytes)``: 50 characters. The MAC covers the version, the issue
time, the question, the answer text and the section ids, as one JSON array. Texts are
signed as the API reads them back (``clean_text``: invisible characters removed), so an
answer that went out and came back through a JSON client still matches. ``verify`` raises
``InvalidToken`` (bad format, wrong key, any field changed) or ``ExpiredToken`` (older than
``MAX_AGE_S``, 7 days, or issued in the future beyond ``MAX_SKEW_S``).

The key is ``$BOT_DATA_DIR/secret.key`` (``key_for(data_dir)``): 32 random bytes made on
first use with 0600 permissions and linked into place atomically, so several processes
sharing ``BOT_DATA_DIR`` read the same key. It is never logged nor returned. ``sign`` and
``verify`` are pure; only ``key_for`` touches the disk.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import struct
import threading
import time
from pathlib import Path

from .guard import clean_text

log = logging.getLogger(__name__)
VERSION = 1
MAX_AGE_S = 7 * 24 * 3600
MAX_SKEW_S = 300  # clocks of processes sharing a key may differ a little
KEY_FILE = "secret.key"
KEY_BYTES = 32
MIN_KEY_BYTES = 16
_HEAD = struct.Struct(">BI")
_MAC_BYTES = hashlib.sha256().digest_size
TOKEN_BYTES = _HEAD.size + _MAC_BYTES
_TOKEN = re.compile(r"[A-Za-z0-9_-]{%d}" % -(-TOKEN_BYTES * 4 // 3))  # base64url without padding


class InvalidToken(ValueError):
    """Not a token this key made for these texts."""


class ExpiredToken(InvalidToken):
    """A genuine token, but too old (or from too far in the future)."""


def _mac(key: bytes, issued: int, question: str, answer: str, section_ids) -> bytes:
    # one JSON array: unambiguous field boundaries; ASCII escapes, so any string encodes
    message = json.dumps([VERSION, issued, clean_text(question), clean_text(answer),
                          [clean_text(s) for s in section_ids]], separators=(",", ":"))
    return hmac.new(key, message.encode("ascii"), hashlib.sha256).digest()


def sign(key: bytes, question: str, answer: str, section_ids, issued: float | None = None) -> str:
    """The ``answer_id`` of an answer: issued now unless ``issued`` (unix seconds) is given."""
    ts = int(time.time() if issued is None else issued)
    raw = _HEAD.pack(VERSION, ts) + _mac(key, ts, question, answer, list(section_ids))
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def verify(key: bytes, token, question, answer, section_ids, now: float | None = None,
           max_age_s: float = MAX_AGE_S) -> int:
    """The token's issue time if it is this key's token for exactly these texts and not expired;
    else ``InvalidToken`` (or its subclass ``ExpiredToken``)."""
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        raise InvalidToken("not a token")
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    if raw[0] != VERSION or base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii") != token:
        raise InvalidToken("wrong version or not the canonical encoding")
    section_ids = list(section_ids)
    if not (isinstance(question, str) and isinstance(answer, str)
            and all(isinstance(s, str) for s in section_ids)):
        raise InvalidToken("texts are not strings")  # the service only signs strings
    _, issued = _HEAD.unpack(raw[:_HEAD.size])
    if not hmac.compare_digest(raw[_HEAD.size:], _mac(key, issued, question, answer, section_ids)):
        raise InvalidToken("signature does not match")
    age = (time.time() if now is None else now) - issued
    if age > max_age_s or age < -MAX_SKEW_S:
        raise ExpiredToken("too old")
    return issued


def section_ids(citations) -> list:
    """The cited section ids of an answer object's ``citations`` (non-dicts give None: never valid)."""
    return [c.get("section_id") if isinstance(c, dict) else None for c in citations or []]


# -- the key --------------------------------------------------------------------------------------
_keys: dict[Path, bytes] = {}
_keys_lock = threading.Lock()


def key_for(data_dir: Path | str) -> bytes:
    """The key in ``data_dir/secret.key``, made (0600, atomically) if there is none yet.

    If the folder cannot be written (say, ``python -m bot ask`` on a read-only install), a key
    of this process only: answering never fails for want of a key file."""
    path = (Path(data_dir) / KEY_FILE).absolute()
    with _keys_lock:
        if path not in _keys:
            try:
                _keys[path] = _load_or_create(path)
            except OSError as e:
                log.warning("cannot read or create %s (%s): answer ids are signed with a key of this "
                            "process only", path, e.strerror or type(e).__name__)
                _keys[path] = secrets.token_bytes(KEY_BYTES)
        return _keys[path]


def default_key() -> bytes:
    """The key of this process's ``BOT_DATA_DIR`` (what the engine signs with and the API checks)."""
    from .config import Settings

    return key_for(Settings().data_dir)


def _load_or_create(path: Path) -> bytes:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(secrets.token_bytes(KEY_BYTES))
                f.flush()
                os.fsync(f.fileno())
            try:
                os.link(tmp, path)  # complete before it is visible; never replaces another process's key
            except FileExistsError:
                pass  # another process made it first: use theirs
        finally:
            tmp.unlink(missing_ok=True)
    key = path.read_bytes()
    if len(key) < MIN_KEY_BYTES:
        raise RuntimeError(f"{path} holds fewer than {MIN_KEY_BYTES} bytes; delete it to make a new key")
    return key


def answer_id(ans: dict, key: bytes | None = None) -> str:
    """``sign`` over an answer object's question, answer and cited section ids."""
    return sign(key if key is not None else default_key(), ans["question"], ans["answer"],
                section_ids(ans.get("citations")))
