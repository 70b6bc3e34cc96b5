"""Chroma server mode: a real ``chroma run`` on 127.0.0.1, indexed into, shared by two app processes.

The index starts from a copy of the session engine's embedded index: switching the store
makes it stale, and the update uploads the stored vectors without embedding anything.
"""
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import chromadb
import httpx
import pytest

from bot import index as index_mod
from bot.config import Settings
from eval.metrics import is_correct
from eval.run import load_qa
from eval.scale import ORIGINAL, REPORT

from conftest import AppProcess, free_port

REPO = Path(__file__).resolve().parent.parent


def chroma_command() -> list[str]:
    exe = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    return [exe]


@pytest.fixture(scope="module")
def chroma(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    with open(tmp / "chroma.log", "wb") as log:
        proc = subprocess.Popen([*chroma_command(), "run", "--path", str(tmp / "data"), "--host", "127.0.0.1",
                                 "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            pytest.fail("chroma run did not start:\n" + (tmp / "chroma.log").read_text(errors="replace")[-2000:])
        time.sleep(0.3)
    yield port
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def served(chroma, engine, tmp_path_factory):
    """A corpus (the real report), an index in the Chroma server, and the environment to use it."""
    tmp = tmp_path_factory.mktemp("served")
    corpus = tmp / "corpus"
    corpus.mkdir()
    shutil.copy(REPORT, corpus / REPORT.name)
    shutil.copy(REPORT.with_name(ORIGINAL + ".meta.json"), corpus / (ORIGINAL + ".meta.json"))
    shutil.copytree(engine.settings.index_dir, tmp / "index")
    env = {"BOT_CORPUS_DIR": str(corpus), "BOT_INDEX_DIR": str(tmp / "index"), "BOT_CHROMA_HOST": "127.0.0.1",
           "BOT_CHROMA_PORT": str(chroma), "BOT_LLM_BASE_URL": ""}
    out = subprocess.run([sys.executable, "-m", "bot", "index"], cwd=REPO, env={**os.environ, **env},
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "索引已更新" in out.stdout and "嵌入 0 段" in out.stdout, out.stdout  # the vectors came with the copy
    return env


def server_collections(port: int) -> set[str]:
    return {c.name for c in chromadb.HttpClient(host="127.0.0.1", port=port).list_collections()}


def test_the_index_lives_in_the_server(served, chroma):
    build = index_mod.current_build(Path(served["BOT_INDEX_DIR"]))
    manifest = json.loads((build / "manifest.json").read_text())
    assert manifest["store"] == f"http://127.0.0.1:{chroma}"
    assert not (build / "chroma").exists()
    names = {f"b{build.name}-sentences", f"b{build.name}-chunks"}
    assert names <= server_collections(chroma)
    col = chromadb.HttpClient(host="127.0.0.1", port=chroma).get_collection(f"b{build.name}-sentences")
    assert col.count() == manifest["sentences"]


def test_two_app_processes_share_the_server(served, chroma, engine, tmp_path):
    # part of the QA set (questions the embedded engine gets right): the apps must answer them the same way
    qa = [q for q in load_qa() if not q["history"]]
    picked, expected, want = [], {}, {True: 8, False: 2}  # answerable, unanswerable
    for q in qa:
        kind = bool(q["answers"])
        if want[kind] == 0:
            continue
        ans = engine.ask(q["question"])
        if is_correct(q, ans):
            picked.append(q)
            expected[q["question"]] = ans
            want[kind] -= 1
    apps = [AppProcess(free_port(), {**served, "BOT_DATA_DIR": str(tmp_path / f"data{k}"), "BOT_RATE_LIMIT": "100000"},
                       tmp_path / f"app{k}.log") for k in range(2)]
    try:
        for app in apps:
            app.start()
        for app in apps:
            assert httpx.get(app.base + "/healthz", timeout=10).json()["documents"] == 1
            for q in picked:
                got = httpx.post(app.base + "/api/chat", json={"question": q["question"]}, timeout=60).json()
                want = expected[q["question"]]
                assert got["answer"] == want["answer"] and got["refused"] == want["refused"]
                assert [c["section_id"] for c in got["citations"]] == [c["section_id"] for c in want["citations"]]
                assert is_correct(q, got) == is_correct(q, want)
        assert len(picked) == 10 and all(is_correct(q, expected[q["question"]]) for q in picked)

        # two updates: both apps move to the newest build; the oldest build's collections leave the server
        settings = Settings(corpus_dir=Path(served["BOT_CORPUS_DIR"]), index_dir=Path(served["BOT_INDEX_DIR"]),
                            chroma_host="127.0.0.1", chroma_port=chroma, llm_base_url="")
        first = index_mod.current_build(settings.index_dir)
        builds = []
        for k, text in enumerate(["一、资助工作\n一是资助到位。秋季学期资助学生3000人次。\n",
                                  "一、督导工作\n一是督导到位。开展专项督导12次。\n"]):
            (settings.corpus_dir / f"notice-{k}.txt").write_text(text, encoding="utf-8")
            what, build = index_mod.ensure(settings, engine.embeddings, show_progress=False)
            assert what == "updated"
            builds.append(build)
        left = server_collections(chroma)
        assert f"b{first.name}-sentences" not in left and f"b{first.name}-chunks" not in left
        assert all(f"b{b.name}-sentences" in left for b in builds)
        for app in apps:
            deadline = time.monotonic() + 30
            # a probe that ran on the build just dropped answers 503 (修复中) until the app moves on
            while httpx.get(app.base + "/healthz", timeout=10).json().get("documents") != 3:
                assert time.monotonic() < deadline, app.log()[-2000:]
                time.sleep(0.5)
            ans = httpx.post(app.base + "/api/chat", json={"question": "秋季学期资助了多少学生？"}, timeout=60).json()
            assert "3000人次" in ans["answer"] and ans["citations"][0]["doc"] == "notice-0"
            ans = httpx.post(app.base + "/api/chat", json={"question": "上半年资助了多少学生？", "doc": ORIGINAL},
                             timeout=60).json()
            assert "54925人次" in ans["answer"]
    finally:
        for app in apps:
            app.stop()


def test_an_unreachable_server_is_a_clear_error(tmp_path):
    env = {**os.environ, "BOT_INDEX_DIR": str(tmp_path / "index"), "BOT_CHROMA_HOST": "127.0.0.1",
           "BOT_CHROMA_PORT": str(free_port()), "BOT_LLM_BASE_URL": ""}
    out = subprocess.run([sys.executable, "-m", "bot", "index"], cwd=REPO, env=env, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 2 and "无法连接 Chroma 服务器" in out.stderr and "Traceback" not in out.stderr


def test_a_server_that_lost_its_data_is_refilled_without_embedding(served, chroma, engine):
    settings = Settings(corpus_dir=Path(served["BOT_CORPUS_DIR"]), index_dir=Path(served["BOT_INDEX_DIR"]),
                        chroma_host="127.0.0.1", chroma_port=chroma, llm_base_url="")
    build = index_mod.current_build(settings.index_dir)
    client = chromadb.HttpClient(host="127.0.0.1", port=chroma)
    for kind in ("sentences", "chunks"):
        client.delete_collection(f"b{build.name}-{kind}")
    assert index_mod.status(settings, engine.embeddings.model_id)[0] == "broken"
    what, new = index_mod.ensure(settings, engine.embeddings, show_progress=False)
    ch = json.loads((new / "manifest.json").read_text())["changes"]
    assert what == "rebuilt" and ch["embedded"] == 0 and ch["chroma"] == "full"
    assert index_mod.LoadedIndex(new, settings).collections["sentences"].count() > 0
