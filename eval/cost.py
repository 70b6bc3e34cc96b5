"""The CPU one question can cost: a search over adversarial inputs for the most expensive one.

Candidates come from a seeded fuzzer (random and rare CJK, emoji, repeated punctuation,
mixed scripts, any code point, digits, a real report passage, names, the characters with
the most tagger states, all up to 500 characters, plus long follow-up histories); each is answered by the real engine with the
query-vector cache off, and its process CPU time is taken. The search keeps the worst.
``worst_ms`` is the whole answer; ``worst_analysis_ms`` leaves out the model's embedding
of the (bounded) question part, which the fixed input length caps.

    python -m eval bench   # includes this, as "cost"
"""
from __future__ import annotations

import random
import time

RARE = "龘靐齉爩鱻麤䨻㸚𪚥"


def candidates(n: int, seed: int = 7) -> list[tuple[str, list[str]]]:
    """n adversarial (question, history) pairs, reproducible."""
    rnd = random.Random(seed)
    report = open_report()
    cjk = "".join(chr(c) for c in range(0x4E00, 0xA000))
    makers = [
        lambda: "".join(rnd.choice(RARE) for _ in range(500)),
        lambda: rnd.choice(RARE) * 2 * 250,
        lambda: "".join(rnd.choice(cjk) for _ in range(500)),
        lambda: "😀" * 500, lambda: "a" * 500, lambda: "？" * 500, lambda: "1" * 500,
        lambda: ("abc龘😀，1" * 80)[:500],
        lambda: report[(k := rnd.randrange(len(report) - 500)):k + 500],
        lambda: "".join(rnd.choice("张王李赵刘陈杨黄伟芳娜敏静") for _ in range(500)),
        lambda: "多少" * 250, lambda: "哪些学校" * 125, lambda: "上半年下半年" * 83,
        lambda: "".join(rnd.choice("一大明方中上下不") for _ in range(500)),
    ]
    pools = [RARE + "？。，！、 😀a1《》“”", cjk, None]

    def mixed() -> str:  # each character from one of: odd symbols, CJK, any code point but surrogates
        out = []
        for _ in range(rnd.randint(200, 500)):
            pool = rnd.choice(pools)
            c = rnd.choice(pool) if pool else chr(rnd.choice([rnd.randrange(0x20, 0xD800), rnd.randrange(0xE000, 0x110000)]))
            out.append(c)
        return "".join(out)

    out = []
    for i in range(n):
        if i % 3 == 2:
            q = mixed()
        else:
            q = makers[i % len(makers)]()
        history = [makers[(i + 1) % len(makers)]()[:500]] * (i % 4)
        out.append((q[:500], history))
    return out


def open_report() -> str:
    from .run import ROOT

    return (ROOT / "corpus" / "wuxi-education-2020-h1.txt").read_text(encoding="utf-8")


def cost_search(engine, n: int = 120) -> dict:
    """The most expensive of n adversarial questions, and a normal question for scale."""
    import warnings

    warnings.filterwarnings("ignore")
    engine.embeddings.enable_cache(0)
    engine.ask("上半年资助了多少学生？")
    rows = []
    for q, history in [("上半年资助了多少学生？", [])] + candidates(n):
        t0 = time.process_time()
        try:
            engine.ask(q, history)
        except Exception:  # noqa: BLE001 - a refused input (BadQuestion) costs too
            pass
        total = (time.process_time() - t0) * 1000
        t1 = time.process_time()
        engine.embeddings.query_vector(engine.analyse(q, history).search_text)
        embed = (time.process_time() - t1) * 1000
        rows.append((total, max(0.0, total - embed), q, history))
    normal = rows[0]
    worst = max(rows[1:], key=lambda r: r[0])
    worst_analysis = max(rows[1:], key=lambda r: r[1])
    return {"normal_ms": round(normal[0], 1), "worst_ms": round(worst[0], 1),
            "worst_input": worst[2][:40] + "…", "worst_analysis_ms": round(worst_analysis[1], 1),
            "worst_analysis_input": worst_analysis[2][:40] + "…", "searched": len(rows) - 1}
