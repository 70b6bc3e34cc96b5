"""Shared fixtures: one real server (``python app.py`` under uvicorn) per test session.

The server runs in a subprocess on a free 127.0.0.1 port with its index and data in
temporary directories (the index is built once, ~15 s), and allows exactly one other
origin, ``server.allowed_origin`` (a port reserved for the browser tests' embedding page).
"""
from __future__ import annotations

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


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Server:
    tmp = tmp_path_factory.mktemp("server")
    port, allowed_port = free_port(), free_port()
    srv = Server(f"http://127.0.0.1:{port}", port, tmp / "data", tmp / "index", allowed_port, tmp / "server.log")
    env = {**os.environ, "BOT_HOST": "127.0.0.1", "BOT_PORT": str(port),
           "BOT_INDEX_DIR": str(srv.index_dir), "BOT_DATA_DIR": str(srv.data_dir),
           "BOT_ALLOWED_ORIGINS": srv.allowed_origin, "GRADIO_ANALYTICS_ENABLED": "False"}
    with open(srv.log_path, "wb") as log:
        proc = subprocess.Popen([sys.executable, "app.py"], cwd=REPO, env=env, stdout=log,
                                stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"app.py exited with {proc.returncode}:\n{srv.log_path.read_text()[-3000:]}")
            try:
                if httpx.get(srv.base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"app.py not ready in {START_TIMEOUT_S} s:\n{srv.log_path.read_text()[-3000:]}")
            time.sleep(0.3)
        yield srv
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


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
