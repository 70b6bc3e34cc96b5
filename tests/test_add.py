"""``python -m bot add FILE|URL``: the real command on a temporary corpus, a page served from 127.0.0.1."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from test_browser import serve_site
from conftest import free_port

REPO = Path(__file__).resolve().parent.parent
FIX = REPO / "tests" / "fixtures"


@pytest.fixture
def corpus(tmp_path) -> Path:
    c = tmp_path / "corpus"
    shutil.copytree(REPO / "corpus", c)
    return c


def run(corpus: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "BOT_CORPUS_DIR": str(corpus), "BOT_INDEX_DIR": str(corpus.parent / "index"),
           "BOT_DATA_DIR": str(corpus.parent / "data")}
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=300)


def test_a_page_by_its_address_gets_its_metadata_file(corpus):
    httpd = serve_site(FIX, free_port())
    try:
        url = f"http://127.0.0.1:{httpd.server_port}/wuxi-education-2020-h1.html"
        out = run(corpus, "add", url, "--name", "wuxi-web", "--no-index")
    finally:
        httpd.shutdown()
    assert out.returncode == 0, out.stderr
    assert "已添加《无锡市教育局2020年上半年工作总结和下半年工作计划》" in out.stdout and "二、下半年工作计划安排（5 段）" in out.stdout
    meta = json.loads((corpus / "wuxi-web.meta.json").read_text(encoding="utf-8"))
    assert meta == {"title": "无锡市教育局2020年上半年工作总结和下半年工作计划", "issuer": "无锡市教育局", "year": 2020,
                    "period": "2020年上半年", "date": "2020-07-15", "source": url}
    assert (corpus / "wuxi-web.html").read_bytes() == (FIX / "wuxi-education-2020-h1.html").read_bytes()


def test_a_pdf_file_is_added_and_indexed(corpus):
    out = run(corpus, "add", str(FIX / "district-2021-plan.pdf"))
    assert out.returncode == 0, out.stderr
    assert "索引已更新" in out.stdout
    docs = run(corpus, "docs").stdout
    assert "district-2021-plan\t2021年\t某区教育局2021年工作要点" in docs
    again = run(corpus, "add", str(FIX / "district-2021-plan.pdf"), "--no-index")
    assert again.returncode == 2 and "已有同名文档" in again.stderr and "--replace" in again.stderr
    assert run(corpus, "add", str(FIX / "district-2021-plan.pdf"), "--replace", "--no-index").returncode == 0


@pytest.mark.parametrize("source,says", [
    (str(FIX / "scanned.pdf"), "扫描版"),
    ("no/such/file.pdf", "找不到文件"),
    ("ftp://example.org/r.pdf", "找不到文件"),
    (str(FIX / "district-2021-plan.pdf") + "::", "找不到文件"),
])
def test_what_cannot_be_added_is_exit_2_with_one_chinese_line(corpus, source, says):
    before = sorted(p.name for p in corpus.iterdir())
    out = run(corpus, "add", source, "--no-index")
    assert out.returncode == 2 and says in out.stderr and "Traceback" not in out.stderr
    assert sorted(p.name for p in corpus.iterdir()) == before


def test_an_address_that_answers_404_is_refused(corpus):
    httpd = serve_site(FIX, free_port())
    try:
        out = run(corpus, "add", f"http://127.0.0.1:{httpd.server_port}/missing.html", "--no-index")
    finally:
        httpd.shutdown()
    assert out.returncode == 2 and "404" in out.stderr


def test_a_scanned_pdf_put_in_the_corpus_by_hand_stops_the_index_with_its_message(corpus):
    shutil.copy(FIX / "scanned.pdf", corpus / "scan.pdf")
    out = run(corpus, "index")
    assert out.returncode == 2 and "scan.pdf 是扫描版 PDF" in out.stderr
