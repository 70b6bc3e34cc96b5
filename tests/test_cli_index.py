"""The CLI as a user runs it (subprocesses), and the index's life cycle: build, up to date, stale, crash."""
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot import index as index_mod
from bot.config import Settings

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def cli_env(tmp_path_factory):
    env = {**os.environ, "BOT_INDEX_DIR": str(tmp_path_factory.mktemp("cli-index")), "BOT_LLM_BASE_URL": ""}
    out = subprocess.run([sys.executable, "-m", "bot", "index"], cwd=REPO, env=env, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "索引已建立" in out.stdout
    return env


def bot(env, *args, stdin=None):
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=300, input=stdin)


def test_index_again_does_nothing(cli_env):
    out = bot(cli_env, "index")
    assert out.returncode == 0 and "索引已是最新，无需重建" in out.stdout


def test_ask_json(cli_env):
    out = bot(cli_env, "ask", "上半年资助了多少学生？", "--json")
    assert out.returncode == 0, out.stderr
    ans = json.loads(out.stdout)
    assert "54925人次" in ans["answer"] and "7151万元" in ans["answer"]
    assert "六是教育保障水平全面提升" in ans["citations"][0]["section"]


def test_ask_text_with_history(cli_env):
    out = bot(cli_env, "ask", "那下半年呢？", "--history", "高教职教上半年有什么进展？")
    assert out.returncode == 0, out.stderr
    assert "攀登计划" in out.stdout and "来源：" in out.stdout and "三是推动高教职教重点突破" in out.stdout


def test_ask_explain_prints_the_rule_that_decided(cli_env):
    out = bot(cli_env, "ask", "2019年全市资助了多少学生？", "--explain")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("报告中没有找到") and "判定：missing year（题型 fact）：2019" in out.stdout
    why = json.loads(bot(cli_env, "ask", "上半年资助了多少学生？", "--explain", "--json").stdout)["why"]
    assert why["rule"] == "accepted" and why["kind"] == "fact" and why["candidates"][0]["failed"] == []


def test_batch_answers_in_order(cli_env, tmp_path):
    lines = [{"question": "上半年资助了多少学生？"}, {"question": "那下半年呢？", "history": ["高教职教上半年有什么进展？"]},
             {"question": "2019年全市资助了多少学生？"}]
    f = tmp_path / "q.jsonl"
    f.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    out = bot(cli_env, "ask", "--batch", str(f))
    assert out.returncode == 0, out.stderr
    answers = [json.loads(x) for x in out.stdout.splitlines()]
    assert [a["question"] for a in answers] == [x["question"] for x in lines]
    assert "54925人次" in answers[0]["answer"] and "攀登计划" in answers[1]["answer"] and answers[2]["refused"]


@pytest.mark.parametrize("args,stdin", [(["ask", ""], None), (["ask", "--batch", "-"], "not json\n"),
                                        (["ask", "--batch", "/nonexistent.jsonl"], None), (["frobnicate"], None)])
def test_bad_input_exits_2_with_one_line(cli_env, args, stdin):
    out = bot(cli_env, *args, stdin=stdin)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr and out.stderr.strip()


@pytest.fixture
def small_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text((REPO / "tests" / "fixtures" / "district-2021-plan.txt").read_text("utf-8"), "utf-8")
    return Settings(corpus_dir=corpus, index_dir=tmp_path / "index")


def test_index_life_cycle(small_corpus, engine):
    s, emb = small_corpus, engine.embeddings
    assert index_mod.status(s, emb.model_id)[0] == "missing"
    what, first = index_mod.ensure(s, emb, show_progress=False)
    assert what == "built" and index_mod.status(s, emb.model_id)[0] == "fresh"
    assert index_mod.ensure(s, emb, show_progress=False) == ("up-to-date", first)
    manifest = json.loads((first / "manifest.json").read_text())
    assert {"corpus_hash", "embedding_model", "chunker_version"} <= set(manifest)
    # the corpus changes: stale, updated into a new folder
    with open(s.corpus_dir / "a.txt", "a", encoding="utf-8") as f:
        f.write("四、其他\n一是做好宣传。\n")
    assert index_mod.status(s, emb.model_id)[0] == "stale"
    what, second = index_mod.ensure(s, emb, show_progress=False)
    assert what == "updated" and second != first
    assert index_mod.LoadedIndex(second).stats()["documents"] == 1


def test_a_crash_mid_build_keeps_the_old_index(small_corpus, engine):
    s, emb = small_corpus, engine.embeddings
    _, good = index_mod.ensure(s, emb, show_progress=False)

    class Broken:
        model_id = emb.model_id

        def passage_matrix(self, texts, progress=None):
            raise RuntimeError("power cut")

    (s.corpus_dir / "b.txt").write_text("一、新增\n一是新增内容。\n", encoding="utf-8")
    with pytest.raises(RuntimeError):
        index_mod.build(s, Broken(), show_progress=False)
    assert index_mod.current_build(s.index_dir) == good
    assert not list((s.index_dir / "builds").glob(".tmp-*"))
    assert index_mod.LoadedIndex(good).stats()["sentences"] > 0


def test_a_killed_build_leaves_nothing_after_the_next(small_corpus, engine):
    """SIGKILL mid-build leaves builds/.tmp-*; the next build removes it, but not a live builder's."""
    import signal
    import subprocess
    import sys

    s, emb = small_corpus, engine.embeddings
    index_mod.ensure(s, emb, show_progress=False)
    (s.corpus_dir / "b.txt").write_text("一、新增\n一是新增内容。\n" * 200, encoding="utf-8")
    env = {**os.environ, "BOT_CORPUS_DIR": str(s.corpus_dir), "BOT_INDEX_DIR": str(s.index_dir)}
    proc = subprocess.Popen([sys.executable, "-m", "bot", "index", "--rebuild"], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    builds = s.index_dir / "builds"
    for _ in range(600):  # until its half-written build exists
        if list(builds.glob(".tmp-*")) or proc.poll() is not None:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    left = list(builds.glob(".tmp-*"))
    assert left, "the build was not caught mid-way"
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    live = builds / f".tmp-20990101-000000-abcdef-{sleeper.pid}"
    live.mkdir()
    try:
        index_mod.ensure(s, emb, show_progress=False)
        assert not any(p.exists() for p in left)
        assert live.exists()  # another builder still at work keeps its folder
    finally:
        sleeper.kill()


def test_vectorstore_deleted_is_rebuilt(small_corpus, engine):
    import shutil

    s, emb = small_corpus, engine.embeddings
    _, build = index_mod.ensure(s, emb, show_progress=False)
    shutil.rmtree(build / "chroma")
    assert index_mod.status(s, emb.model_id)[0] == "broken"
    what, _ = index_mod.ensure(s, emb, show_progress=False)
    assert what == "rebuilt"


def test_build_names_sort_in_creation_order():
    # pruning keeps the newest builds by name; two builds may start within one second
    from bot.index.build import new_build_id

    ids = [new_build_id() for _ in range(50)]
    assert ids == sorted(ids) and len(set(ids)) == 50
