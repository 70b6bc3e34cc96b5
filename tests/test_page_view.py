"""The page's conversation HTML and copy text (bot/page_view.py): worked examples, escaping, one card per section."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from bot.corpus import parse
from bot.page_view import (answer_body, cite_marks, conversation_html, group_sources, numbers, plain_text,
                           section_marked)

TEXT = ("今年以来，教育工作进展顺利。\n一、上半年任务完成情况\n一是保障<水平>提升。上半年累计资助学生54925人次。"
        "其他工作。\n二、下半年工作计划安排\n一是推进发展。新建中心60个。建成校区3个。\n")
DOC = parse("d", TEXT, {"title": "测试报告"})
DOCS = {"d": DOC}


def cite(n: int, quote: str, section_id: str = "d#2.1") -> dict:
    item, start = DOC.section(section_id), TEXT.index(quote)
    return {"n": n, "doc": "d", "title": "测试报告", "section_id": section_id, "section": item.label, "quote": quote,
            "start": start, "end": start + len(quote), "score": 1.0}


LIST_ANSWER = {"question": "下半年有哪些计划？", "refused": False, "mode": "extractive",
               "answer": "**二、下半年工作计划安排 › 一是推进发展**\n- 新建中心60个。[1]\n- 建成校区3个。[2]",
               "citations": [cite(1, "新建中心60个。"), cite(2, "建成校区3个。")]}


class Tags(HTMLParser):
    """Every start tag with its attributes; fails on nothing (the browser tests run the real thing)."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


@pytest.mark.parametrize("answer,html", [
    ("报告中没有找到关于“<img src=x onerror=alert(1)>”的相关信息。",
     "<p>报告中没有找到关于“&lt;img src=x onerror=alert(1)&gt;”的相关信息。</p>"),
    ("**一、上半年 › 六是保障**\n- 甲<b>乙</b>。[1]\n- 丙。[2]",
     '<p class="qa-a-head"><strong>一、上半年 › 六是保障</strong></p><ul><li>甲&lt;b&gt;乙&lt;/b&gt;。'
     '<span class="qa-cite" role="button" tabindex="0" data-n="1" title="查看来源 1" aria-label="查看来源 1">[1]</span></li>'
     "<li>丙。[2]</li></ul>"),
    ("[点我](javascript:alert(1))", "<p>[点我](javascript:alert(1))</p>"),
])
def test_an_answer_is_text_except_its_own_bullets_heading_and_marks(answer, html):
    assert answer_body(answer, {1}) == html


def test_only_marks_of_existing_citations_open_a_source():
    assert cite_marks("a[1][9]", {1}).count("qa-cite") == 1 and cite_marks("a[1][9]", {1}).endswith("[9]")


def test_a_list_answer_has_one_card_for_its_one_section():
    groups = group_sources(LIST_ANSWER["citations"])
    assert len(groups) == 1 and [c["n"] for c in groups[0]["cites"]] == [1, 2]
    assert numbers(groups[0]["cites"]) == "[1–2]"
    assert numbers([{"n": n} for n in (1, 2, 3, 5)]) == "[1–3] [5]"
    html = conversation_html([{"id": 7, "question": "问", "answer": LIST_ANSWER, "suggestions": []}], DOCS)
    html = re.sub(r'data-copy="[^"]*"', "", html)  # what is shown, not what the copy button holds
    assert html.count('class="qa-card-label"') == 1 and html.count(DOC.section("d#2.1").label) == 2  # card + heading


def test_the_opened_card_is_the_whole_section_with_the_quotes_marked():
    [group] = group_sources(LIST_ANSWER["citations"])
    assert section_marked(DOCS, group) == ('一是推进发展。<mark data-n="1">新建中心60个。</mark>'
                                          '<mark data-n="2">建成校区3个。</mark>')
    other = cite(1, "上半年累计资助学生54925人次。", "d#1.1")
    assert section_marked(DOCS, group_sources([other])[0]).startswith("一是保障&lt;水平&gt;提升。<mark")
    assert section_marked({}, group) is None


def test_copy_is_plain_text_with_a_list_of_sources():
    text = plain_text(LIST_ANSWER, DOCS)
    assert text == ("二、下半年工作计划安排 › 一是推进发展\n• 新建中心60个。[1]\n• 建成校区3个。[2]\n\n来源：\n"
                    "1. 二、下半年工作计划安排 › 一是推进发展（《测试报告》）\n   [1] 新建中心60个。\n   [2] 建成校区3个。")
    assert "**" not in text and "\\" not in text
    assert plain_text({"answer": "你好！", "citations": []}) == "你好！"


def test_every_answer_of_the_conversation_has_its_own_cards_and_ids():
    turns = [{"id": i, "question": f"问题{i}<b>", "answer": LIST_ANSWER, "suggestions": ["下一问？"], "vote": None}
             for i in (1, 2, 3)]
    turns.append({"id": 4, "question": "等待中", "answer": None, "partial": ""})
    tags = Tags(conversation_html(turns, DOCS)).tags
    ids = [a["id"] for _, a in tags if "id" in a]
    assert len(ids) == len(set(ids))
    assert [a["id"] for t, a in tags if a.get("class") == "qa-card"] == ["qa-c1-1", "qa-c2-1", "qa-c3-1"]
    assert [a["data-state"] for t, a in tags if t == "article"] == ["done"] * 3 + ["pending"]
    assert {t for t, _ in tags} <= {"div", "section", "p", "article", "strong", "ul", "li", "span", "ol", "mark", "button",
                                    "svg", "path"}
    assert all(not k.startswith("on") for _, a in tags for k in a)


def test_the_empty_conversation_offers_the_examples():
    html = conversation_html([], DOCS, examples=["上半年资助了多少学生？", '"><img src=x>'])
    asks = [a["data-q"] for t, a in Tags(html).tags if a.get("class") == "qa-ask"]
    assert asks == ["上半年资助了多少学生？", '"><img src=x>'] and "<img" not in html


def test_votes_are_shown_pressed():
    html = conversation_html([{"id": 1, "question": "问", "answer": LIST_ANSWER, "vote": "down"}], DOCS)
    pressed = {a["data-vote"]: a["aria-pressed"] for t, a in Tags(html).tags if a.get("class") == "qa-vote"}
    assert pressed == {"up": "false", "down": "true"} and "感谢您的反馈" in html
    assert not re.search(r"[A-Za-z]{3,}\"", re.sub(r'(class|id|d|viewBox|data-\w+|stroke[\w-]*|fill|role|type|'
                                                    r'tabindex|aria-[\w-]+|transform|width|height)="[^"]*"', "", html))
