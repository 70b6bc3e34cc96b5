"""The page's handlers called directly, with a hand-written fake engine (no server, no browser)."""
from __future__ import annotations

from types import SimpleNamespace

import gradio as gr
import pytest

from bot.corpus import parse
from bot.feedback import FeedbackStore
from bot.ui import MAX_TURNS, ChatHandlers, new_state
from bot.page_view import conversation_html

TEXT = ("今年以来，教育工作进展顺利。\n一、上半年任务完成情况\n一是保障<水平>提升。上半年累计资助学生54925人次。"
        "其他工作。\n二是推进发展。新建中心60个。\n二、下半年工作计划安排\n一是保障<水平>继续提升。加大资助力度。\n")
DOC = parse("d", TEXT, {"title": "测试报告"})
SECTION = DOC.section("d#1.1")
QUOTE = "上半年累计资助学生54925人次。"


class FakeEngine:
    """Answers every question with the 资助 sentence; refuses questions that mention GDP; fails on 坏."""

    def __init__(self):
        self.index = SimpleNamespace(docs={"d": DOC})
        self.calls = []

    def ask_stream(self, question, history=None):
        yield "final", self.ask(question, history)

    def ask(self, question, history=None):
        self.calls.append((question, list(history or [])))
        if "坏" in question:
            raise RuntimeError("index broken")
        start = TEXT.index(QUOTE)
        cite = {"n": 1, "doc": "d", "title": "测试报告", "section_id": "d#1.1", "section": SECTION.label,
                "quote": QUOTE, "start": start, "end": start + len(QUOTE), "score": 1.0}
        if "GDP" in question:
            return {"question": question, "answer": "报告中没有找到关于“GDP”的相关信息。", "refused": True,
                    "mode": "extractive", "citations": [], "latency_ms": 1.0}
        return {"question": question, "answer": QUOTE + "[1]", "refused": False, "mode": "extractive",
                "citations": [cite], "latency_ms": 1.0}


class Limiter:
    def __init__(self, wait):
        self.wait = wait

    def hit(self, key):
        return self.wait


@pytest.fixture
def store(tmp_path):
    return FeedbackStore.in_dir(tmp_path)


@pytest.fixture
def handlers(store):
    return ChatHandlers(FakeEngine(), store)


def click(turn: int, vote: str) -> gr.EventData:
    return gr.EventData(None, {"turn": turn, "vote": vote})


def test_respond_shows_the_question_then_the_whole_answer_with_its_card_and_follow_ups(handlers):
    steps = list(handlers.respond("  上半年资助了多少学生？ ", new_state()))
    assert len(steps) == 2  # the placeholder, then the whole answer: no character-by-character replay
    assert 'data-state="pending"' in steps[0][1] and "正在查找报告……" in steps[0][1]
    box, html, state, answer, follow_ups, new_chat = steps[-1]
    assert box == "" and new_chat == {"__type__": "update"} and answer == state["turns"][0]["answer"]
    assert follow_ups == state["turns"][0]["suggestions"]
    [turn] = state["turns"]
    assert turn["question"] == "上半年资助了多少学生？" and turn["answer"]["citations"][0]["quote"] == QUOTE
    assert turn["suggestions"] == ["下半年“保障<水平>继续提升”有哪些安排？", "上半年“推进发展”方面做了哪些工作？"]
    assert html == conversation_html(state["turns"], handlers.engine.index.docs)
    assert 'class="qa-card"' in html and "一是保障&lt;水平&gt;提升" in html and f'<mark data-n="1">{QUOTE}</mark>' in html


def test_the_conversation_is_the_servers_own(handlers):
    evil = "<img src=x onerror=alert(1)> **x**"
    *_, (_, html, state, _, _, _) = handlers.respond(evil, new_state())
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt; **x**" in html
    *_, (_, html, state, _, _, _) = handlers.respond("金额是多少？", state)
    assert handlers.engine.calls[-1] == ("金额是多少？", [evil])  # follow-ups get the typed questions
    assert [t["id"] for t in state["turns"]] == [1, 2] and html.count('class="qa-turn"') == 2


def test_an_empty_question_does_nothing(handlers):
    [(box, html, state, answer, follow_ups, new_chat)] = list(handlers.respond("   ", new_state()))
    assert box == html == answer == follow_ups == new_chat == {"__type__": "update"} and state == new_state()


def test_a_question_over_the_limit_or_over_the_rate_changes_nothing(store):
    h = ChatHandlers(FakeEngine(), store, limiter=Limiter(7))
    with pytest.raises(gr.Error, match="最多 500 个字"):
        next(h.respond("问" * 501, new_state()))
    with pytest.raises(gr.Error, match="请 7 秒后再试"):  # before any output: the question stays in the box
        next(h.respond("上半年资助了多少学生？", new_state(), SimpleNamespace(client=SimpleNamespace(host="1.2.3.4"))))
    assert h.engine.calls == []


def test_a_failed_answer_gives_the_question_back(handlers):
    *_, (_, _, state, _, _, _) = handlers.respond("上半年资助了多少学生？", new_state())
    steps = handlers.respond("坏问题", state)
    assert 'data-state="pending"' in next(steps)[1]
    box, html, after, _, _, new_chat = next(steps)
    assert box == "坏问题" and len(after["turns"]) == 1 and "坏问题" not in html
    with pytest.raises(gr.Error, match="服务暂时出错"):
        next(steps)


def test_refusal_is_logged_for_the_report(handlers, store):
    *_, (_, html, state, _, _, _) = handlers.respond("2019年全市GDP是多少？", new_state())
    assert "报告中没有找到关于“GDP”的相关信息。" in html and "qa-card" not in html
    assert store.report()["refused"][0]["question"] == "2019年全市GDP是多少？"


def test_votes_are_stored_shown_and_a_second_vote_replaces_the_first(handlers, store):
    *_, (_, _, state, _, _, _) = handlers.respond("上半年资助了多少学生？", new_state())
    request = SimpleNamespace(session_hash="abc")
    html, state = handlers.vote(state, click(1, "up"), request)
    [row] = store.votes()
    assert (row["vote"], row["question"], row["channel"], row["session_key"]) == ("up", "上半年资助了多少学生？",
                                                                                  "page", "abc:1")
    assert 'data-vote="up" data-turn="1" aria-pressed="true"' in html
    html, state = handlers.vote(state, click(1, "down"), request)
    assert [r["vote"] for r in store.votes()] == ["down"] and 'data-vote="down" data-turn="1" aria-pressed="true"' in html
    for bad in (click(2, "up"), click(1, "meh"), click(True, "up"), gr.EventData(None, None),
                gr.EventData(None, {"turn": "1", "vote": "up"})):
        out, _ = handlers.vote(state, bad, request)
        assert out == {"__type__": "update"}
    assert len(store.votes()) == 1


def test_new_conversation(handlers):
    *_, (_, _, state, _, _, _) = handlers.respond("上半年资助了多少学生？", new_state())
    box, html, state, answer, follow_ups, new_chat = handlers.clear()
    assert (box, state, answer, follow_ups, new_chat["interactive"]) == ("", new_state(), None, [], False)
    assert 'class="qa-examples"' in html and "qa-turn" not in html


def test_the_oldest_turns_go_first(handlers):
    state = new_state()
    for i in range(MAX_TURNS + 3):
        *_, (_, _, state, _, _, _) = handlers.respond(f"问题{i}", state)
    assert len(state["turns"]) == MAX_TURNS and state["turns"][0]["question"] == "问题3"
