"""Many documents: incremental index (add, edit, delete), doc filter, period preference,
conflicting figures across documents, and the CLI/API surfaces of all that.

Corpora are small: three short plans for the index's life cycle; for answers, the real
report with one generated report (eval/scale.py) and a short notice. Indexes start from a
copy of the session engine's index, so the real report is not embedded again.
"""
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import numpy as np
import pytest

from bot import index as index_mod
from bot.chain import Engine, UnknownDocument
from bot.config import Settings
from eval.scale import ORIGINAL, REPORT, make_report

REPO = Path(__file__).resolve().parent.parent
FIXTURE = (REPO / "tests" / "fixtures" / "district-2021-plan.txt").read_text(encoding="utf-8")
NEW = "wuxi-education-2022-h1"
NOTICE = "wuxi-aid-2020-h1"
NOTICE_TEXT = ("无锡市教育局关于2020年上半年学生资助工作情况的通报\n一、资助工作情况\n"
               "一是资助政策落实到位。严格落实学生资助各项政策，上半年累计资助学生55120人次，金额7203万元。\n"
               "二、下一步工作\n一是做好秋季学期资助准备。\n")
NOTICE_META = {"title": "无锡市教育局关于2020年上半年学生资助工作情况的通报", "issuer": "无锡市教育局", "year": 2020,
               "period": "2020年上半年", "date": "2020-07"}


def small_plan(name: str, teachers: int, bases: int, extra: str = "") -> str:
    return (FIXTURE.replace("某区", name).replace("新招聘教师120名", f"新招聘教师{teachers}名")
            .replace("建设10个学科基地", f"建设{bases}个学科基地") + extra)


def copy_index(engine, dest: Path) -> Path:
    shutil.copytree(engine.settings.index_dir, dest)
    return dest


# -- the index's life cycle --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def plans(tmp_path_factory, engine):
    tmp = tmp_path_factory.mktemp("plans")
    corpus = tmp / "corpus"
    corpus.mkdir()
    for name, teachers, bases in (("梁溪区", 120, 10), ("锡山区", 95, 8), ("惠山区", 143, 12)):
        (corpus / f"{name}.txt").write_text(small_plan(name, teachers, bases), encoding="utf-8")
    return Settings(corpus_dir=corpus, index_dir=tmp / "index", llm_base_url="", chroma_host="")


def changes(build: Path) -> dict:
    return json.loads((build / "manifest.json").read_text())["changes"]


def test_add_edit_delete_touch_only_what_changed(plans, engine):
    s, emb = plans, engine.embeddings
    what, first = index_mod.ensure(s, emb, show_progress=False)
    assert what == "built" and sorted(changes(first)["added"]) == ["惠山区", "梁溪区", "锡山区"]
    m = json.loads((first / "manifest.json").read_text())
    rows = m["sentences"] + m["chunks"]
    assert changes(first)["embedded"] < rows  # passages the three plans share are embedded once

    # edit one figure of one document: only the sentence and the chunk holding it are embedded again
    f = s.corpus_dir / "锡山区.txt"
    f.write_text(f.read_text(encoding="utf-8").replace("新招聘教师95名", "新招聘教师97名"), encoding="utf-8")
    what, second = index_mod.ensure(s, emb, show_progress=False)
    ch = changes(second)
    assert what == "updated" and ch["changed"] == ["锡山区"] and ch["added"] == ch["removed"] == []
    assert ch["unchanged"] == 2 and 1 <= ch["embedded"] <= 3 and ch["chroma"] == "copied"
    assert ch["reused"] + ch["embedded"] == rows  # every other passage's vector was reused
    engine2 = Engine(s, build=False)
    ans = engine2.ask("新招聘了多少名教师？", doc="锡山区")
    assert "97名" in ans["answer"] and ans["citations"][0]["doc"] == "锡山区"

    # add a document whose title is a term of another: that one's tokens are cut again, nothing else
    (s.corpus_dir / "滨湖区.txt").write_text(small_plan("滨湖区", 60, 6, "四、其他\n一是落实《梁溪区义务教育课程实施方案》。\n"),
                                           encoding="utf-8")
    what, third = index_mod.ensure(s, emb, show_progress=False)
    ch = changes(third)
    assert ch["added"] == ["滨湖区"] and ch["changed"] == [] and ch["unchanged"] == 3

    # delete a document: its rows leave Chroma, nothing is embedded
    (s.corpus_dir / "惠山区.txt").unlink()
    what, fourth = index_mod.ensure(s, emb, show_progress=False)
    ch = changes(fourth)
    assert ch["removed"] == ["惠山区"] and ch["embedded"] == 0
    idx = index_mod.LoadedIndex(fourth)
    assert set(idx.docs) == {"梁溪区", "锡山区", "滨湖区"}
    assert idx.collections["sentences"].get(where={"doc": "惠山区"})["ids"] == []
    assert idx.collections["sentences"].count() == len(idx.units)
    assert idx.collections["chunks"].count() == len(idx.chunks)
    # two builds are kept
    assert sorted(p.name for p in (s.index_dir / "builds").iterdir()) == sorted([third.name, fourth.name])


def test_an_update_equals_a_full_rebuild(plans, engine, tmp_path):
    """Whatever the updates reused, the result is what a build from scratch gives."""
    s, emb = plans, engine.embeddings
    _, updated = index_mod.ensure(s, emb, show_progress=False)
    full = index_mod.build(Settings(corpus_dir=s.corpus_dir, index_dir=tmp_path / "full", llm_base_url="",
                                    chroma_host=""), emb, show_progress=False)
    a, b = (json.loads((d / "docs.json").read_text(encoding="utf-8")) for d in (updated, full))
    assert a == b
    assert json.loads((updated / "lexical.json").read_text()) == json.loads((full / "lexical.json").read_text())
    assert (updated / "userdict.txt").read_text() == (full / "userdict.txt").read_text()
    for kind in ("sentences", "chunks"):
        assert np.allclose(np.load(updated / f"{kind}.npy"), np.load(full / f"{kind}.npy"), atol=1e-5)
    ia, ib = index_mod.LoadedIndex(updated), index_mod.LoadedIndex(full)
    for kind in ("sentences", "chunks"):
        ga = ia.collections[kind].get(include=["embeddings", "documents"])
        gb = ib.collections[kind].get(include=["embeddings", "documents"])
        ea = dict(zip(ga["ids"], ga["embeddings"]))
        eb = dict(zip(gb["ids"], gb["embeddings"]))
        assert ea.keys() == eb.keys() and dict(zip(ga["ids"], ga["documents"])) == dict(zip(gb["ids"], gb["documents"]))
        assert all(np.allclose(ea[k], eb[k], atol=1e-5) for k in ea)


def test_cli_reports_what_it_did(plans):
    env = {**os.environ, "BOT_CORPUS_DIR": str(plans.corpus_dir), "BOT_INDEX_DIR": str(plans.index_dir),
           "BOT_LLM_BASE_URL": "", "BOT_CHROMA_HOST": ""}
    f = plans.corpus_dir / "梁溪区.txt"
    f.write_text(f.read_text(encoding="utf-8").replace("建设10个学科基地", "建设11个学科基地"), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "bot", "index"], cwd=REPO, env=env, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    assert "索引已更新" in out.stdout and "修改 1 篇（梁溪区）" in out.stdout and "删除 0 篇" in out.stdout
    out = subprocess.run([sys.executable, "-m", "bot", "docs"], cwd=REPO, env=env, capture_output=True, text=True)
    assert out.returncode == 0 and "梁溪区\t2021年\t梁溪区教育局2021年工作要点" in out.stdout


def test_two_files_with_one_name_are_refused(tmp_path, engine):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(FIXTURE, encoding="utf-8")
    (corpus / "a.md").write_text(FIXTURE, encoding="utf-8")
    with pytest.raises(ValueError, match="文档名相同"):
        index_mod.build(Settings(corpus_dir=corpus, index_dir=tmp_path / "i"), engine.embeddings, show_progress=False)


# -- answers across documents ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def reports(tmp_path_factory, engine):
    """The real report, the same bureau's generated 2022 report, and a notice with other 2020 figures."""
    tmp = tmp_path_factory.mktemp("reports")
    corpus = tmp / "corpus"
    corpus.mkdir()
    shutil.copy(REPORT, corpus / REPORT.name)
    shutil.copy(REPORT.with_name(ORIGINAL + ".meta.json"), corpus / (ORIGINAL + ".meta.json"))
    doc_id, text, meta = make_report("无锡市", "无锡", "wuxi", 2022, "h1")
    assert doc_id == NEW and "资助学生" in text
    (corpus / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    (corpus / f"{doc_id}.meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    (corpus / f"{NOTICE}.txt").write_text(NOTICE_TEXT, encoding="utf-8")
    (corpus / f"{NOTICE}.meta.json").write_text(json.dumps(NOTICE_META, ensure_ascii=False), encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=copy_index(engine, tmp / "index"), llm_base_url="",
                        chroma_host="")
    eng = Engine(settings)
    assert eng.last_index_action == "updated"
    ch = json.loads((eng.index.build_dir / "manifest.json").read_text())["changes"]
    assert ch["unchanged"] == 1 and sorted(ch["added"]) == sorted([NEW, NOTICE])  # the real report: reused
    return eng


def aid_figure(engine, doc):
    return next(u.text for u in engine.index.units if u.doc == doc and "资助学生" in u.text)


def test_a_year_in_the_question_prefers_that_years_report(reports):
    ans = reports.ask("2022年上半年资助了多少学生？")
    assert not ans["refused"] and [c["doc"] for c in ans["citations"]] == [NEW]
    assert ans["citations"][0]["title"] == "无锡市教育局2022年上半年工作总结和下半年工作计划"
    assert ans["citations"][0]["quote"] in aid_figure(reports, NEW)
    ans = reports.ask("今年上半年资助了多少学生？")  # 今年: the newest report's year
    assert [c["doc"] for c in ans["citations"]] == [NEW]


def test_the_doc_filter_answers_from_that_document_only(reports):
    ans = reports.ask("上半年资助了多少学生？", doc=NEW)
    assert {c["doc"] for c in ans["citations"]} == {NEW}
    ans = reports.ask("上半年资助了多少学生？", doc="无锡市教育局2020年上半年工作总结和下半年工作计划")  # by title
    assert "54925人次" in ans["answer"] and {c["doc"] for c in ans["citations"]} == {ORIGINAL}
    with pytest.raises(UnknownDocument, match="没有这份文档"):
        reports.ask("上半年资助了多少学生？", doc="no-such-report")


def test_different_figures_for_the_same_thing_are_each_cited(reports):
    ans = reports.ask("2020年上半年资助了多少学生？")
    assert not ans["refused"], ans["answer"]
    docs = [c["doc"] for c in ans["citations"]]
    assert sorted(docs) == sorted([ORIGINAL, NOTICE]), ans
    assert "54925人次" in ans["answer"] and "55120人次" in ans["answer"]
    for c in ans["citations"]:  # each figure next to its own citation
        line = next(ln for ln in ans["answer"].splitlines() if f"[{c['n']}]" in ln)
        assert c["quote"] in line
        assert reports.index.docs[c["doc"]].text[c["start"]:c["end"]] == c["quote"]
    assert {c["title"] for c in ans["citations"]} == {NOTICE_META["title"],
                                                       "无锡市教育局2020年上半年工作总结和下半年工作计划"}


def test_reports_of_other_years_are_not_a_conflict(reports):
    ans = reports.ask("上半年资助了多少学生？", doc=ORIGINAL)
    assert [c["doc"] for c in ans["citations"]] == [ORIGINAL]
    ans = reports.ask("2022年上半年资助了多少学生？")
    assert len(ans["citations"]) == 1


def test_cli_doc_option_and_titles_in_text_output(reports):
    env = {**os.environ, "BOT_CORPUS_DIR": str(reports.settings.corpus_dir),
           "BOT_INDEX_DIR": str(reports.settings.index_dir), "BOT_LLM_BASE_URL": "", "BOT_CHROMA_HOST": ""}
    out = subprocess.run([sys.executable, "-m", "bot", "ask", "上半年资助了多少学生？", "--doc", NEW], cwd=REPO,
                         env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "来源：" in out.stdout and "《无锡市教育局2022年上半年工作总结和下半年工作计划》" in out.stdout
    out = subprocess.run([sys.executable, "-m", "bot", "ask", "上半年资助了多少学生？", "--doc", "nope"], cwd=REPO,
                         env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 2 and "没有这份文档" in out.stderr and "Traceback" not in out.stderr


def test_api_doc_field(server):
    r = httpx.post(server.base + "/api/chat", json={"question": "上半年资助了多少学生？", "doc": ORIGINAL}, timeout=30)
    assert r.status_code == 200 and r.json()["citations"][0]["doc"] == ORIGINAL
    r = httpx.post(server.base + "/api/chat", json={"question": "上半年资助了多少学生？", "doc": "nope"}, timeout=30)
    assert r.status_code == 422 and "没有这份文档" in r.json()["error"]
    r = httpx.post(server.base + "/api/chat", json={"question": "上半年资助了多少学生？", "doc": 3}, timeout=30)
    assert r.status_code == 422


def preschool_notice() -> str:
    """A long notice that says 学前教育 in every sentence: the word is common in the corpus, rare in the report."""
    topics = ["公办园建设", "普惠性民办园扶持", "保教质量提升", "教师队伍建设", "安全管理", "经费保障"]
    items = "".join(f"{'一二三四五六'[i]}是学前教育{t}扎实推进。" +
                    "".join(f"学前教育{t}第{j + 1}项任务按期推进，学前教育督导组完成检查{j + 3}次。" for j in range(10)) + "\n"
                    for i, t in enumerate(topics))
    return f"某区学前教育专项工作通报\n一、学前教育工作情况\n{items}"


def test_other_documents_wording_does_not_change_this_reports_answers(tmp_path, engine):
    # the report gives no 毛入园率; once another document makes 学前教育 a common word, a sentence
    # lacking 学前教育 must not look like enough support (rarity is judged in the report's own text)
    question = "全市学前教育的毛入园率是多少"
    assert engine.ask(question)["refused"]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(REPORT, corpus / REPORT.name)
    shutil.copy(REPORT.with_name(ORIGINAL + ".meta.json"), corpus / (ORIGINAL + ".meta.json"))
    (corpus / "preschool-notice.txt").write_text(preschool_notice(), encoding="utf-8")
    eng = Engine(Settings(corpus_dir=corpus, index_dir=copy_index(engine, tmp_path / "index"), llm_base_url="",
                          chroma_host=""))
    ans = eng.ask(question, doc=ORIGINAL)
    assert ans["refused"], ans["answer"]
    ans = eng.ask("学前教育督导组完成检查多少次？", doc="preschool-notice")
    assert not ans["refused"] and "次" in ans["answer"]


def test_a_doc_filtered_search_ranks_as_if_the_document_were_alone(reports, engine):
    # exact vectors and the document's own BM25: other documents change nothing within this one
    from eval.run import load_qa

    questions = [q["question"] for q in load_qa() if not q["history"]][:40]
    for text in questions:
        alone = engine.searcher.search(engine.analyse(text), k=8)
        among = reports.searcher.search(reports.analyse(text), k=8, doc=ORIGINAL)
        assert [h.unit.text for h in among] == [h.unit.text for h in alone], text
        assert [h.dense for h in among] == pytest.approx([h.dense for h in alone], abs=1e-3), text


def test_exact_scoring_of_a_small_index_ranks_as_chromas_hnsw(engine, monkeypatch):
    # a small index is scored exactly, without opening Chroma; a large one goes through Chroma's HNSW:
    # on one report the two give the same sentences in the same order with the same similarities
    import bot.retrieval
    from eval.run import load_qa

    questions = [q["question"] for q in load_qa() if not q["history"]][:40]
    exact = [engine.searcher.search(engine.analyse(t), k=12) for t in questions]
    monkeypatch.setattr(bot.retrieval, "EXACT_MAX_ROWS", 0)
    for text, mine in zip(questions, exact):
        hnsw = engine.searcher.search(engine.analyse(text), k=12)
        assert [h.unit.text for h in mine] == [h.unit.text for h in hnsw], text
        assert [h.dense for h in mine] == pytest.approx([h.dense for h in hnsw], abs=1e-5), text


def test_a_reload_during_a_request_answers_from_one_build(tmp_path, engine, monkeypatch):
    # a new build lands between retrieval and answering: the request keeps the build it started with;
    # the replaced build's Chroma client is released once its requests are done
    import bot.chain

    monkeypatch.setattr(bot.chain, "RELEASE_AFTER_S", 1.0)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(REPORT, corpus / REPORT.name)
    shutil.copy(REPORT.with_name(ORIGINAL + ".meta.json"), corpus / (ORIGINAL + ".meta.json"))
    settings = Settings(corpus_dir=corpus, index_dir=copy_index(engine, tmp_path / "index"), llm_base_url="",
                        chroma_host="")
    eng = Engine(settings)
    first = eng.loaded
    report = corpus / REPORT.name
    report.write_text(report.read_text(encoding="utf-8").replace("54925人次", "61234人次"), encoding="utf-8")
    index_mod.ensure(settings, eng.embeddings, show_progress=False)

    search = first.searcher.search

    def search_then_reload(*args, **kwargs):
        hits = search(*args, **kwargs)
        assert eng.reload_if_changed()
        return hits

    first.searcher.search = search_then_reload
    ans = eng.ask("上半年资助了多少学生？")
    assert eng.loaded is not first and "54925人次" in ans["answer"], ans["answer"]
    for c in ans["citations"]:
        assert first.index.docs[c["doc"]].text[c["start"]:c["end"]] == c["quote"]
    del first.searcher.search
    assert "61234人次" in eng.ask("上半年资助了多少学生？")["answer"]  # the next request: the new build
    time.sleep(2)
    with pytest.raises(Exception):
        first.index.collections["sentences"].count()  # released
    assert eng.index.collections["sentences"].count() == len(eng.index.units)
    assert "61234人次" in eng.ask("上半年资助了多少学生？", doc=ORIGINAL)["answer"]
