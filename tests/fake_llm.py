"""A small OpenAI-compatible chat server for the LLM tests, scripted per test through POST /control.

Modes: grounded, invented (adds a number the evidence lacks), bad_ref (cites [7]), slow (answers after
a delay), error500, cut (the stream stops mid-way), echo_system (repeats the system prompt),
cn_numbers (figures in Chinese numerals the evidence lacks), name (a person the evidence does not name),
late_invented (a grounded first sentence, then an invented one), all (every quote), trickle (one piece every `delay` s).
"""
from __future__ import annotations

import asyncio
import json
import re
import threading
import time

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, StreamingResponse

state = {"mode": "grounded", "delay": 0.0, "calls": 0}
app = FastAPI()


@app.post("/control")
async def control(req: Request):
    state.update(await req.json())
    state["calls"] = 0
    return {"ok": True}


def reply_for(messages: list[dict]) -> str:
    system = next((m["content"] for m in messages if m["role"] == "system"), "")
    user = messages[-1]["content"]
    if "最后一个问题：" in user:  # the condense prompt: answer with the question made standalone
        return user.split("最后一个问题：", 1)[1].strip()
    quotes = dict(re.findall(r"^\[(\d+)\] (.+)$", user, re.M))
    first = quotes.get("1", "")
    mode = state["mode"]
    if mode == "invented":
        return f"{first}此外共有99999人次受益。[1]"
    if mode == "bad_ref":
        return f"{first}[7]"
    if mode == "echo_system":
        return f"{system}[1]"
    if mode == "cn_numbers":
        return "上半年累计资助学生约六万五千人次，金额八千一百万元。[1]"
    if mode == "name":
        return f"局长张伟表示，{first}[1]"
    if mode == "all":  # every quote, each with its mark: what a summary made of the evidence says
        return "".join(f"{text}[{n}]" for n, text in sorted(quotes.items(), key=lambda kv: int(kv[0])))
    if mode == "late_invented":  # the first sentence is sent as a delta before the second fails the guard
        return f"根据报告：{first}[1]此外共有99999人次受益。[1]"
    return f"根据报告：{first}[1]"


def chunk(text: str | None, finish: str | None = None) -> str:
    body = {"id": "fake", "object": "chat.completion.chunk", "created": 0, "model": "fake",
            "choices": [{"index": 0, "delta": {"content": text} if text is not None else {}, "finish_reason": finish}]}
    return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"


@app.post("/v1/chat/completions")
async def completions(req: Request):
    body = await req.json()
    state["calls"] += 1
    if state["mode"] == "error500":
        return JSONResponse({"error": {"message": "boom", "type": "server_error"}}, status_code=500)
    if state["mode"] == "slow":
        await asyncio.sleep(state["delay"])  # a stuck model
    text = reply_for(body["messages"])
    if not body.get("stream"):
        return {"id": "fake", "object": "chat.completion", "created": 0, "model": "fake",
                "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}

    if state["mode"] == "trickle":  # each piece arrives within httpx's read timeout, the whole answer never does
        async def trickle():
            for i in range(0, len(text), 8):
                await asyncio.sleep(state["delay"])
                yield chunk(text[i:i + 8])
            yield chunk(None, "stop")
            yield "data: [DONE]\n\n"

        return StreamingResponse(trickle(), media_type="text/event-stream")

    def gen():
        pieces = [text[i:i + 8] for i in range(0, len(text), 8)]
        for k, p in enumerate(pieces):
            if state["mode"] == "cut" and k == 2:
                raise RuntimeError("stream cut")  # the connection drops mid-answer
            yield chunk(p)
        yield chunk(None, "stop")
        yield "data: [DONE]\n\n"

    return StreamingResponse(gen(), media_type="text/event-stream")


class FakeLLM:
    def __init__(self, port: int):
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self):
        self.thread.start()
        while not self.server.started:
            time.sleep(0.05)
        return self

    def stop(self):
        self.server.should_exit = True
        self.thread.join(timeout=10)

    def set(self, mode: str, delay: float = 0.0):
        import httpx

        httpx.post(self.base + "/control", json={"mode": mode, "delay": delay}, timeout=5)
