"""The chat page's Gradio app through gradio_client (the official client), against the real server."""
from __future__ import annotations

import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError

QUESTION = "上半年资助了多少学生？"


@pytest.fixture(scope="module")
def client(server):
    c = Client(server.base + "/", verbose=False)
    yield c
    c.close()


def text(message: dict) -> str:
    content = message["content"]
    if isinstance(content, str):
        return content
    return "".join(c.get("text", "") for c in content)


def test_only_the_ask_endpoint_is_public(client):
    api = client.view_api(print_info=False, return_format="dict")
    assert set(api["named_endpoints"]) == {"/ask"}
    assert not api["unnamed_endpoints"]


def test_ask_returns_answer_sources_and_section(client):
    box, chat, picker, section = client.predict(QUESTION, api_name="/ask")
    assert box == ""
    assert [m["role"] for m in chat] == ["user", "assistant"]
    assert text(chat[0]) == QUESTION
    reply = text(chat[1])
    assert "54925" in reply and "**来源**" in reply
    assert "一、上半年任务完成情况 › 六是教育保障水平全面提升" in reply
    assert picker["value"].split("|")[1] == "wuxi-education-2020-h1#1.6"
    assert "<mark>严格落实学生资助各项政策，上半年累计资助学生54925人次，金额7151万元。</mark>" in section


def test_an_extractive_answer_arrives_whole(client):
    job = client.submit("下半年要新建多少个融合教育资源中心？", api_name="/ask")
    replies = [text(out[1][-1]) for out in job]
    assert replies[0] == "正在查找报告……" and len(replies) == 2  # no character-by-character replay
    assert "60个" in replies[-1]


def test_follow_up_uses_the_sessions_conversation(server):
    c = Client(server.base + "/", verbose=False)  # a session of its own
    try:
        c.predict(QUESTION, api_name="/ask")
        _, chat, _, _ = c.predict("金额是多少？", api_name="/ask")
        assert len(chat) == 4 and "7151万元" in text(chat[3])
    finally:
        c.close()


def test_an_empty_question_changes_nothing(client):
    box, chat, picker, section = client.predict("   ", api_name="/ask")  # no error either
    assert box == chat == {"__type__": "update"}
