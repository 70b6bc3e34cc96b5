"""Shared fixtures: one real server (``python app.py`` under uvicorn) per test session.

The server runs in a subprocess on a free 127.0.0.1 port with its index and data in
temporary directories (the index is built once, ~15 s), and allows exactly one other
origin, ``server.allowed_origin`` (a port reserved for the browser tests' embedding page).
Its rate limit is out of the way (every test client is 127.0.0.1); the limits have their
own server in tests/test_limits.py. ``AppProcess`` starts, stops and kills more servers.
"""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"
START_TIMEOUT_S = 240


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    base: str  # http://127.0.0.1:PORT
    port: int
    data_dir: Path
    index_dir: Path
    allowed_port: int  # the one other origin allowed to embed / call the API
    log_path: Path

    @property
    def allowed_origin(self) -> str:
        return f"http://127.0.0.1:{self.allowed_port}"

    @property
    def feedback_db(self) -> Path:
        return self.data_dir / "feedback.db"


class AppProcess:
    """``python app.py`` on 127.0.0.1:``port`` with ``env`` on top of ours; output appended to ``log_path``."""

    def __init__(self, port: int, env: dict, log_path: Path):
        self.port, self.log_path, self.proc = port, log_path, None
        self.base = f"http://127.0.0.1:{port}"
        self.env = {**os.environ, "BOT_HOST": "127.0.0.1", "BOT_PORT": str(port), "BOT_LLM_BASE_URL": "",
                    "GRADIO_ANALYTICS_ENABLED": "False", **env}

    def start(self, timeout_s: float = START_TIMEOUT_S) -> "AppProcess":
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen([sys.executable, "app.py"], cwd=REPO, env=self.env, stdout=log,
                                         stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout_s
        while True:
            if self.proc.poll() is not None:
                pytest.fail(f"app.py exited with {self.proc.returncode}:\n{self.log()[-3000:]}")
            try:
                if httpx.get(self.base + "/healthz", timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"app.py not ready in {timeout_s} s:\n{self.log()[-3000:]}")
            time.sleep(0.3)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    def stop(self, timeout_s: float = 15) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def kill(self) -> None:
        """SIGKILL: no shutdown handler runs."""
        self.proc.kill()
        self.proc.wait()


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Server:
    tmp = tmp_path_factory.mktemp("server")
    port, allowed_port = free_port(), free_port()
    srv = Server(f"http://127.0.0.1:{port}", port, tmp / "data", tmp / "index", allowed_port, tmp / "server.log")
    app = AppProcess(port, {"BOT_INDEX_DIR": str(srv.index_dir), "BOT_DATA_DIR": str(srv.data_dir),
                            "BOT_ALLOWED_ORIGINS": srv.allowed_origin, "BOT_RATE_LIMIT": "1000000"},
                     srv.log_path)
    try:
        app.start()
        yield srv
    finally:
        app.stop()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def engine(tmp_path_factory):
    """The answer engine on the real corpus, with its index built in a temporary folder."""
    from bot.chain import Engine
    from bot.config import Settings

    return Engine(Settings(index_dir=tmp_path_factory.mktemp("engine-index"),
                           data_dir=tmp_path_factory.mktemp("engine-data"), llm_base_url=""))


@contextlib.contextmanager
def serve_in_process(app, start_timeout_s: float = 30):
    """An ASGI app under uvicorn on a free 127.0.0.1 port, in a thread of this process:
    yields (base URL, uvicorn server, thread); stopped on exit."""
    import threading

    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           timeout_graceful_shutdown=1))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + start_timeout_s
    while not server.started:
        assert time.monotonic() < deadline, "in-process server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", server, thread
    finally:
        server.should_exit = True
        thread.join(timeout=10)
