"""The parser on the real report and on a second, hand-written report-style fixture."""
from pathlib import Path

import pytest

from bot.corpus.chunking import chunk_document, count_tokens
from bot.corpus import clean, load_document, parse, split_sentences

REPO = Path(__file__).resolve().parent.parent
REPORT = REPO / "corpus" / "wuxi-education-2020-h1.txt"
FIXTURE = Path(__file__).parent / "fixtures" / "district-2021-plan.txt"


@pytest.fixture(scope="module")
def report():
    return load_document(REPORT)


def test_report_has_two_parts_of_seven_and_five_items(report):
    parts = [p for p in report.parts if p.no > 0]
    assert [p.heading for p in parts] == ["一、上半年任务完成情况", "二、下半年工作计划安排"]
    assert [len(p.items) for p in parts] == [7, 5]
    assert [p.kind for p in parts] == ["done", "plan"]
    assert report.section("wuxi-education-2020-h1#1.6").label == "一、上半年任务完成情况 › 六是教育保障水平全面提升"
    assert report.section("wuxi-education-2020-h1#2.3").heading == "三是推动高教职教重点突破"


def test_cleaning_removes_debris_and_changes_no_word(report):
    raw = REPORT.read_text(encoding="utf-8")
    assert "[bookmark" not in report.text and not report.text.startswith(" ")
    strip = lambda s: "".join(s.split())
    assert strip(report.text) == strip(raw.replace("[bookmark: _Hlk30627418]", ""))


def test_every_unit_keeps_exact_offsets(report):
    for item in report.items():
        assert report.text[item.start:item.end].startswith(item.sentences[0].text)
        for s in item.sentences:
            assert report.text[s.start:s.end] == s.text
    # the sentences of an item tile its text, give or take whitespace
    item = report.section("wuxi-education-2020-h1#1.6")
    assert "".join(s.text for s in item.sentences) == report.text[item.start:item.end]


def test_the_aid_sentence_is_one_unit(report):
    item = report.section("wuxi-education-2020-h1#1.6")
    hits = [s.text for s in item.sentences if "54925人次" in s.text]
    assert hits == ["严格落实学生资助各项政策，上半年累计资助学生54925人次，金额7151万元。"]


def test_sentences_keep_quotes_and_titles_whole():
    text = "出台《关于甲；乙的通知》。提出“全学段。”的要求；再议！"
    assert [s.text for s in split_sentences(text)] == ["出台《关于甲；乙的通知》。", "提出“全学段。”", "的要求；", "再议！"]


def test_second_report_style_fixture():
    doc = parse("district", clean(FIXTURE.read_text(encoding="utf-8")))
    assert [p.heading for p in doc.parts] == ["导语", "一、总体要求", "二、主要任务", "三、保障措施"]
    ids = [it.section_id for it in doc.items()]
    assert ids == ["district#0.0", "district#1.0", "district#2.1", "district#2.2", "district#3.1", "district#3.2"]
    task1 = doc.section("district#2.1")
    assert task1.heading == "（一）深化课程改革"
    # 1./2. numbering under （一） stays inside its item
    assert any(s.text == "2.开展教学视导，覆盖全部32所学校！" for s in task1.sentences)
    assert doc.section("district#3.1").heading == "一是加强组织领导"  # inline 一是…；二是…
    assert doc.section("district#3.2").sentences[-1].text == "二是强化经费保障，全年投入经费2.5亿元。"
    for it in doc.items():
        for s in it.sentences:
            assert doc.text[s.start:s.end] == s.text


@pytest.mark.parametrize("max_tokens", [40, 120, 256])
def test_chunks_cover_every_item_and_never_cross_one(report, max_tokens):
    chunks = chunk_document(report, max_tokens)
    for item in report.items():
        mine = [c for c in chunks if c.section_id == item.section_id]
        assert mine, item.section_id
        assert mine[0].start == item.sentences[0].start and mine[-1].end == item.sentences[-1].end
        for a, b in zip(mine, mine[1:]):
            assert a.end <= b.start  # in order, no overlap
        for c in mine:
            assert item.start <= c.start < c.end <= item.end
            assert report.text[c.start:c.end] == c.text
            assert c.page_content.startswith(item.label)
            assert c.tokens == count_tokens(c.page_content)
            # over budget only when one sentence alone is longer than the budget
            assert c.tokens <= max_tokens or len(split_sentences(c.text)) == 1
            assert set(c.metadata()) == {"doc", "part", "item", "section_id", "label", "start", "end", "tokens"}
