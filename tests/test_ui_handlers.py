"""The page's handlers called directly, with a hand-written fake engine (no server, no browser)."""
from __future__ import annotations

from types import SimpleNamespace

import gradio as gr
import pytest

from bot.corpus import parse
from bot.feedback import FeedbackStore
from bot.ui import ChatHandlers, md_plain, md_text, new_state, render_answer, section_html

TEXT = ("今年以来，教育工作进展顺利。\n一、上半年任务完成情况\n一是保障<水平>提升。上半年累计资助学生54925人次。"
        "其他工作。\n二、下半年工作计划安排\n一是推进发展。新建中心60个。")
DOC = parse("d", TEXT, {"title": "测试报告"})
SECTION = DOC.section("d#1.1")
QUOTE = "上半年累计资助学生54925人次。"


class FakeEngine:
    """Answers every question with the 资助 sentence; refuses questions that mention GDP."""

    def __init__(self):
        self.index = SimpleNamespace(docs={"d": DOC})
        self.calls = []

    def ask_stream(self, question, history=None):
        yield "final", self.ask(question, history)

    def ask(self, question, history=None):
        self.calls.append((question, list(history or [])))
        start = TEXT.index(QUOTE)
        cite = {"n": 1, "doc": "d", "title": "测试报告", "section_id": "d#1.1", "section": SECTION.label,
                "quote": QUOTE, "start": start, "end": start + len(QUOTE), "score": 1.0}
        if "GDP" in question:
            return {"question": question, "answer": "报告中没有找到关于“GDP”的相关信息。", "refused": True,
                    "mode": "extractive", "citations": [], "latency_ms": 1.0}
        return {"question": question, "answer": QUOTE + "[1]", "refused": False, "mode": "extractive",
                "citations": [cite], "latency_ms": 1.0}


@pytest.fixture
def store(tmp_path):
    return FeedbackStore.in_dir(tmp_path)


@pytest.fixture
def handlers(store):
    return ChatHandlers(FakeEngine(), store)


@pytest.mark.parametrize("s", ["<img src=x onerror=alert(1)>", "**粗体** _斜体_ [链接](javascript:alert(1))",
                               "a\\b &lt; &amp; # 标题", "普通问题？", "1. 列表\n- 项"])
def test_md_text_round_trips(s):
    assert md_plain(md_text(s)) == s
    assert "<" not in md_text(s)


def test_respond_shows_the_whole_answer_at_once_with_sources_and_section(handlers):
    steps = list(handlers.respond("  上半年资助了多少学生？ ", new_state()))
    assert len(steps) == 2 and steps[0][1][-1]["content"] == "正在查找报告……"
    box, chat, state, picker, section = steps[-1]
    assert box == "" and chat[0] == {"role": "user", "content": "上半年资助了多少学生？"}
    assert chat[1]["content"] == render_answer(state["answers"][1])
    assert chat[1]["content"].startswith(QUOTE + "\\[1\\]\n\n**来源**")  # the answer is text, [1] included
    assert f"\\[1\\] 一、上半年任务完成情况 › 一是保障&lt;水平&gt;提升\n> {QUOTE}" in chat[1]["content"]
    assert picker["value"] == f"d|d#1.1|{TEXT.index(QUOTE)}|{TEXT.index(QUOTE) + len(QUOTE)}"
    assert f"<mark>{QUOTE}</mark>" in section and "保障&lt;水平&gt;提升" in section


def test_the_conversation_is_the_servers_own(handlers):
    evil = "<img src=x onerror=alert(1)> **x**"
    *_, (_, chat, state, _, _) = handlers.respond(evil, new_state())
    assert "<img" not in chat[0]["content"]
    *_, (_, chat, state, _, _) = handlers.respond("金额是多少？", state)
    assert handlers.engine.calls[-1] == ("金额是多少？", [evil])  # follow-ups get the typed questions
    assert [m["role"] for m in chat] == ["user", "assistant"] * 2
    # the source picker opens only a source of the latest answer
    assert "<mark>" not in handlers.show_section("d|d#1.1|0|5", state)
    assert "<mark>" in handlers.show_section(state["choices"][0], state)


def test_an_empty_question_does_nothing(handlers):
    [(box, chat, state, _, _)] = list(handlers.respond("   ", new_state()))
    assert box == {"__type__": "update"} and chat == {"__type__": "update"} and state == new_state()


def test_refusal_is_logged_for_the_report(handlers, store):
    *_, (_, chat, _, picker, _) = handlers.respond("2019年全市GDP是多少？", new_state())
    assert chat[1]["content"] == "报告中没有找到关于“GDP”的相关信息。" and picker["value"] is None
    assert store.report()["refused"][0]["question"] == "2019年全市GDP是多少？"


def test_votes_are_stored_and_a_second_vote_replaces_the_first(handlers, store):
    *_, (_, _, state, _, _) = handlers.respond("上半年资助了多少学生？", new_state())
    request = SimpleNamespace(session_hash="abc")
    handlers.like(gr.LikeData(None, {"index": 1, "value": "…", "liked": True}), state, request)
    [row] = store.votes()
    assert (row["vote"], row["question"], row["channel"], row["session_key"]) == ("up", "上半年资助了多少学生？",
                                                                                  "page", "abc:1")
    handlers.like(gr.LikeData(None, {"index": 1, "value": "…", "liked": False}), state, request)
    assert [r["vote"] for r in store.votes()] == ["down"]
    handlers.like(gr.LikeData(None, {"index": 0, "value": "…", "liked": True}), state, request)  # a user turn
    assert len(store.votes()) == 1


def test_clear_and_empty_viewer(handlers):
    box, chat, state, picker, section = handlers.clear()
    assert (box, chat, state, picker["value"]) == ("", [], new_state(), None)
    assert section == section_html(handlers.engine.index, None) and "<mark>" not in section
