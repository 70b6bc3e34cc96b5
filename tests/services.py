"""Real servers from Debian's packages for tests: ``redis-server``, PostgreSQL and nginx, each on
127.0.0.1 with a free port and a temporary data folder, stopped (and the folder removed) on exit.

``.ci/install.sh`` installs them. PostgreSQL will not run as root: as root (CI) its ``initdb`` and
``pg_ctl`` run as ``nobody`` (``runuser``), in a folder of ``/tmp`` that ``nobody`` owns; as any other
user, as that user. ``nginx`` runs in the foreground with its own prefix folder, so neither needs
root or touches /etc or /var.
"""
from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from conftest import free_port

INSTALL_HINT = "（先运行 bash .ci/install.sh 安装 redis-server、postgresql、nginx）"


def _need(path: str | None, what: str) -> str:
    if not path:
        pytest.fail(f"{what} not found {INSTALL_HINT}")
    return path


def _wait(ready, what: str, proc: subprocess.Popen | None = None, log: Path | None = None, timeout_s: float = 30):
    deadline = time.monotonic() + timeout_s
    while not ready():
        if (proc is not None and proc.poll() is not None) or time.monotonic() > deadline:
            tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
            pytest.fail(f"{what} did not start:\n{tail}")
        time.sleep(0.05)


# -- Redis ------------------------------------------------------------------------------------------
@dataclass
class Redis:
    port: int
    folder: Path
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "Redis":
        exe = _need(shutil.which("redis-server"), "redis-server")
        log = self.folder / "redis.log"
        self.proc = subprocess.Popen([exe, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no", "--dir", str(self.folder), "--logfile", str(log)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        _wait(self.ping, "redis-server", self.proc, log)
        return self

    def ping(self) -> bool:
        import redis

        try:
            return redis.Redis(port=self.port, socket_timeout=0.5, socket_connect_timeout=0.5).ping()
        except redis.RedisError:
            return False

    def kill(self) -> None:
        """SIGKILL: gone at once, as a crashed or unplugged Redis would be."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()


@contextlib.contextmanager
def redis_server():
    folder = Path(tempfile.mkdtemp(prefix="qa-redis-"))
    r = Redis(free_port(), folder)
    try:
        yield r.start()
    finally:
        r.kill()
        shutil.rmtree(folder, ignore_errors=True)


# -- PostgreSQL -------------------------------------------------------------------------------------
def pg_bin(name: str) -> str:
    """``initdb`` / ``pg_ctl`` on PATH, else the newest /usr/lib/postgresql/<version>/bin/ (Debian's place)."""
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                      key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0)
    return _need(versions[-1] if versions else None, name)


def _as_pg_user(cmd: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: then as ``nobody``."""
    if os.geteuid() != 0:
        return cmd
    return [_need(shutil.which("runuser"), "runuser"), "-u", "nobody", "--", *cmd]


@dataclass
class Postgres:
    port: int
    folder: Path
    database: str = "qa"

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{self.database}"

    def _run(self, *args: str) -> None:
        out = subprocess.run(_as_pg_user(list(args)), capture_output=True, text=True, timeout=120)
        if out.returncode != 0:
            pytest.fail(f"{args[0]} failed:\n{out.stdout[-1500:]}\n{out.stderr[-1500:]}")

    def start(self) -> "Postgres":
        if os.geteuid() == 0:
            shutil.chown(self.folder, "nobody")
        data = self.folder / "data"
        self._run(pg_bin("initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--no-locale", "--no-sync")
        # fsync off: the data only has to outlive the app processes in these tests, not the machine
        self._run(pg_bin("pg_ctl"), "-D", str(data), "-l", str(self.folder / "postgres.log"), "-w", "-t", "60",
                  "-o", f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off", "start")
        import psycopg

        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{self.port}/postgres", autocommit=True) as c:
            c.execute(f"CREATE DATABASE {self.database}")
        return self

    def stop(self) -> None:
        if (self.folder / "data" / "postmaster.pid").exists():
            subprocess.run(_as_pg_user([pg_bin("pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate",
                                        "-w", "stop"]), capture_output=True, timeout=60)

    def query(self, sql: str, params=()) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.url) as c:
            return c.execute(sql, params).fetchall()


@contextlib.contextmanager
def postgres_server():
    folder = Path(tempfile.mkdtemp(prefix="qa-pg-"))  # not pytest's tmp: its parents are closed to nobody
    pg = Postgres(free_port(), folder)
    try:
        yield pg.start()
    finally:
        pg.stop()
        shutil.rmtree(folder, ignore_errors=True)


# -- nginx ----------------------------------------------------------------------------------------------
MAIN_CONF = """worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 512; }}
http {{
    client_body_temp_path {prefix}/body; proxy_temp_path {prefix}/proxy; fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi; scgi_temp_path {prefix}/scgi;
    include {site};
}}
"""


@dataclass
class Nginx:
    port: int
    prefix: Path
    proc: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def access_log(self) -> Path:
        return self.prefix / "access.log"

    def start(self, site_conf: str) -> "Nginx":
        exe = _need(shutil.which("nginx") or next(iter(glob.glob("/usr/sbin/nginx")), None), "nginx")
        (self.prefix / "site.conf").write_text(site_conf, encoding="utf-8")
        conf = self.prefix / "nginx.conf"
        conf.write_text(MAIN_CONF.format(prefix=self.prefix, site=self.prefix / "site.conf"), encoding="utf-8")
        test = subprocess.run([exe, "-t", "-p", str(self.prefix), "-e", "stderr", "-c", str(conf)],
                              capture_output=True, text=True)
        assert test.returncode == 0, test.stderr
        with open(self.prefix / "stderr.log", "wb") as err:
            self.proc = subprocess.Popen([exe, "-p", str(self.prefix), "-e", "stderr", "-c", str(conf),
                                          "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=err)

        def up() -> bool:
            try:
                httpx.get(self.base + "/healthz", timeout=2)
                return True
            except httpx.TransportError:
                return False

        _wait(up, "nginx", self.proc, self.prefix / "stderr.log")
        return self

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@contextlib.contextmanager
def nginx_server(site_conf: str, port: int):
    """nginx serving ``site_conf`` (an http-block snippet that listens on 127.0.0.1:``port``;
    ``{access_log}`` in it becomes a file of the temporary prefix)."""
    prefix = Path(tempfile.mkdtemp(prefix="qa-nginx-"))
    prefix.chmod(0o755)  # nginx workers (nobody, when started as root) reach their temp folders
    n = Nginx(port, prefix)
    try:
        yield n.start(site_conf.replace("{access_log}", str(prefix / "access.log")))
    finally:
        n.stop()
        shutil.rmtree(prefix, ignore_errors=True)
