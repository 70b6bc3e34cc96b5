"""The compare baselines answer in the contract's shape, and the report's generated blocks are replaced in place."""
import pytest

from eval.baselines import baselines, section_at
from eval.report import fill
from eval.run import load_qa

QUESTIONS = ["上半年资助了多少学生？", "下半年在高教职教方面有什么计划？", "What did the report say about teachers?"]


@pytest.fixture(scope="module")
def systems(engine, tmp_path_factory):
    return baselines(engine, str(tmp_path_factory.mktemp("baseline-chroma")))


def test_chunks_follow_the_tutorial_settings_and_map_to_sections(systems, engine):
    chunks = systems[0].chunks
    sections = {it.section_id: it for d in engine.index.docs.values() for it in d.items()}
    assert all(len(c.page_content) <= 250 for c in chunks)
    for c in chunks:
        m = c.metadata
        doc = engine.index.docs[m["doc"]]
        assert doc.text[m["start"]:m["end"]] == c.page_content
        item = sections[m["section_id"]]
        assert item.start <= m["start"] < item.end or m["start"] < item.start  # in the item, or in the gap before it
    # every item's first character is in some chunk: the chunks cover the report
    assert {c.metadata["section_id"] for c in chunks} >= set(sections)


@pytest.mark.parametrize("question", QUESTIONS)
def test_baselines_answer_in_contract_shape(systems, engine, question):
    for system in systems:
        ans = system.ask(question, [])
        assert set(ans) >= {"question", "answer", "refused", "mode", "citations", "latency_ms"}
        assert ans["question"] == question and ans["refused"] is False and ans["answer"]
        assert isinstance(ans["latency_ms"], float) and ans["latency_ms"] >= 0
        (c,) = ans["citations"]
        assert c["n"] == 1 and c["doc"] in engine.index.docs
        assert engine.index.docs[c["doc"]].text[c["start"]:c["end"]] == c["quote"] == ans["answer"]
        ranked = system.sections(question, [])
        assert ranked[0] == c["section_id"] and len(ranked) == len(set(ranked))


def test_the_three_rank_the_subsidy_chunk_first(systems):
    """The worked example of issue 2: every baseline finds 54925人次 (in a 250-character chunk)."""
    for system in systems:
        ans = system.ask("上半年资助了多少学生？", [])
        assert "54925人次" in ans["answer"] and ans["citations"][0]["section_id"].endswith("#1.6")


def test_dense_agrees_with_chroma(systems):
    """(a) goes through LangChain + Chroma, (c) is a plain dot product: same top chunk on the QA questions."""
    tutorial, _, dense = systems
    for item in load_qa()[:20]:
        assert tutorial.ask(item["question"], [])["answer"] == dense.ask(item["question"], [])["answer"]


def test_section_at_gives_the_following_item_for_a_heading_gap():
    class It:
        def __init__(self, start, end):
            self.start, self.end = start, end

    items = [It(0, 108), It(121, 405), It(406, 760)]
    assert section_at(items, 50) is items[0]
    assert section_at(items, 110) is items[1]  # 一、上半年任务完成情况 sits between 108 and 121
    assert section_at(items, 405) is items[2]
    assert section_at(items, 900) is items[2]


def test_fill_replaces_only_the_generated_block():
    text = "# R\n<!-- generated:x -->\nold\n<!-- /generated:x -->\nprose stays\n"
    out = fill(text, "x", "new $1 \\1")  # no regex escapes leak from the body
    assert out == "# R\n<!-- generated:x -->\nnew $1 \\1\n<!-- /generated:x -->\nprose stays\n"
    assert fill(out, "y", "added").endswith("<!-- generated:y -->\nadded\n<!-- /generated:y -->\n")
    assert fill(fill(out, "x", "new $1 \\1"), "x", "new $1 \\1") == out
