"""The chat page's Gradio app through gradio_client (the official client), against the real server.

``/ask`` returns (textbox, conversation HTML, answer object, suggested follow-up questions).
"""
from __future__ import annotations

import re

import pytest
from gradio_client import Client

QUESTION = "上半年资助了多少学生？"
QUOTE = "严格落实学生资助各项政策，上半年累计资助学生54925人次，金额7151万元。"


@pytest.fixture(scope="module")
def client(server):
    c = Client(server.base + "/", verbose=False)
    yield c
    c.close()


def test_only_the_ask_endpoint_is_public(client):
    api = client.view_api(print_info=False, return_format="dict")
    assert set(api["named_endpoints"]) == {"/ask"}
    assert not api["unnamed_endpoints"]


def test_ask_returns_the_conversation_and_the_answer_object(client):
    box, html, answer, follow_ups = client.predict(QUESTION, api_name="/ask")
    assert box == "" and len(follow_ups) >= 2 and all(f'data-q="{q}"' in html for q in follow_ups)
    assert answer["citations"][0]["section_id"] == "wuxi-education-2020-h1#1.6" and len(answer["answer_id"]) == 50
    assert html.count('class="qa-turn"') == 1 and f'<p class="qa-q-text">{QUESTION}</p>' in html
    assert "54925" in html and "一、上半年任务完成情况 › 六是教育保障水平全面提升" in html
    assert f'<mark data-n="1">{QUOTE}</mark>' in html  # the card's whole section, the quote marked
    assert html.count('class="qa-ask"') >= 2  # follow-up questions


def test_an_extractive_answer_arrives_whole(client):
    job = client.submit("下半年要新建多少个融合教育资源中心？", api_name="/ask")
    states = [re.findall(r'data-state="(\w+)"', out[1])[-1] for out in job]
    assert states == ["pending", "done"]  # no character-by-character replay
    assert "60个" in job.outputs()[-1][1]


def test_follow_up_uses_the_sessions_conversation(server):
    c = Client(server.base + "/", verbose=False)  # a session of its own
    try:
        c.predict(QUESTION, api_name="/ask")
        _, html, answer, _ = c.predict("金额是多少？", api_name="/ask")
        assert html.count('class="qa-turn"') == 2 and "7151万元" in answer["answer"]
    finally:
        c.close()


def test_an_empty_question_changes_nothing(client):
    box, html, answer, _ = client.predict("   ", api_name="/ask")  # no error either
    assert box == {"__type__": "update"} and html["__type__"] == "update" and "value" not in html
