"""The scope a question asks about, and what the report's structure gives for it.

A work report is parts (一、上半年…, 二、下半年…), each of items (一是…), each of sentences.
A question is answered at the scope it asks about:

- report (总结一下 / 主要讲了什么): every part with its items' headings;
- part (上半年取得了哪些成绩 / 下半年的重点是什么): every item of that part, heading + its most
  representative sentence;
- topic (X方面有什么举措 / 情况怎么样 / 做了啥): the few most relevant, non-redundant sentences
  about X, from both halves unless one is named;
- None: a fact, answered by one sentence elsewhere.

    scope_of("总结一下上半年的工作", [])           -> "part"
    scope_of("校外培训机构管理这块有什么动作", ["校外培训机构", "管理"]) -> "topic"

Pure: units are anything with ``section_id``, ``heading``, ``text``, ``is_heading``, ``start``.
"""
from __future__ import annotations

import re

REPORT_ASK = re.compile(r"总结|概括|归纳|主要内容|主要讲|讲了(?:什么|啥|哪些|些啥)|说了(?:什么|啥)|写了(?:什么|啥)|核心内容"
                        r"|分几部分|几个部分|讲的是什么|大概内容|内容是什么|讲些什么|讲的啥|简单说说|简单介绍")
PART_ASK = re.compile(r"(?:取得|有)了?(?:哪些|什么|啥)(?:成绩|成果|成效|进展|亮点)|(?:做|干|忙)了?(?:哪些|什么|啥|些)"
                      r"|重点(?:工作|任务)?(?:是什么|是啥|有哪些|在哪)|主要任务|主要工作|(?:哪些|什么|啥|哪几)(?:计划|安排|工作|方面|块|项|要点|重点)"
                      r"|准备干|打算做|要做哪些|要干啥|列一下|列个清单|清单|有哪几块|哪几块|都有什么|要点|计划安排|工作计划")
TOPIC_ASK = re.compile(r"亮点|举措|措施|进展|情况|成效|成绩|做了|怎么样|如何|安排|计划|政策|动作|做法|打算|干了|做啥|干啥"
                       r"|有什么|有哪些|怎么做|怎么搞|搞得|新规定|变化|改革")
# words that name no topic of their own: the report, its issuer, its periods, asking words.
# Source: the question words of bot/query.py and the report's own title and part headings.
GENERIC = set("""教育 工作 无锡 无锡市 全市 我市 市里 教育局 局里 报告 这份 文件 总结 今年 去年 主要 重点 哪些 方面 成绩 成果 成效
亮点 计划 安排 任务 事情 事 忙 干 做 一下 简单 说说 介绍 概括 内容 讲 部分 几 块 清单 列 上半年 下半年 前半年 后半年 接下来 下一步
今后 以后 半年 取得 进展 情况 哪 什么 啥 怎么样 如何 有 都 些 个 要 还 准备 打算 目标 要点 工作计划 分别 每 呀 呢 吗 吧 啊 帮 我 你
用 几句话 句话 请问 想 了解 知道 问 问问 都有 哪几 有哪 方向 领域 系统 教育系统 教育工作 整体 总体 大概 全部 所有
这块 这个 这些 这方面 哪些方面 不能 能不能 可以 有些 一些 分几 几块 几部分 每部分 每个 各 方面 事呀 搞 搞得""".split())
HALF_WORDS = {"上半年": "done", "前半年": "done", "下半年": "plan", "后半年": "plan", "接下来": "plan", "下一步": "plan",
              "今后": "plan", "以后": "plan", "将来": "plan", "计划": "plan", "打算": "plan", "准备": "plan"}
MAX_TOPIC_SENTENCES = 5
MIN_TOPIC_SENTENCES = 3
SAME_RATIO = 0.6  # two sentences sharing this much of their characters say the same thing


def topic_words(content_words: list[str]) -> list[str]:
    """The question's words that name a topic (not the report, a period or an asking word)."""
    return [w for w in content_words if w not in GENERIC and not any(g == w for g in HALF_WORDS)]


def half_asked(text: str) -> str | None:
    """"done" (上半年), "plan" (下半年/接下来/计划), or None: the part a summary asks about."""
    found = {kind for word, kind in HALF_WORDS.items() if word in text}
    return found.pop() if len(found) == 1 else None


def scope_of(text: str, content_words: list[str]) -> str | None:
    """report / part / topic, or None for a fact question (see the module's docstring)."""
    topic = topic_words(content_words)
    summary = REPORT_ASK.search(text) or PART_ASK.search(text)
    if not topic and summary:
        return "part" if half_asked(text) else "report"
    if topic and (TOPIC_ASK.search(text) or REPORT_ASK.search(text)):
        return "topic"
    return None


def representative(sentences: list, vectors=None) -> int:
    """Index of the sentence that best stands for its item: the one nearest the item's centroid
    (when sentence vectors are given), else the first."""
    if vectors is None or len(sentences) < 3:
        return 0
    import numpy as np

    m = np.asarray(vectors, dtype=np.float32)
    m = m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12)
    centre = m.mean(axis=0)
    return int(np.argmax(m @ centre))


def non_redundant(texts: list[str], limit: int = MAX_TOPIC_SENTENCES) -> list[int]:
    """Indexes of the first ``limit`` texts that do not repeat an earlier one (character overlap)."""
    kept: list[int] = []
    for i, t in enumerate(texts):
        chars = set(t)
        if any(len(chars & set(texts[k])) / max(1, min(len(chars), len(set(texts[k])))) >= SAME_RATIO + 0.25
               for k in kept):
            continue
        kept.append(i)
        if len(kept) >= limit:
            break
    return kept
