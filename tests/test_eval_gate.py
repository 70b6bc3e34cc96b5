"""Quality gate: the whole QA set through the engine; the floors in eval/gate.json only ever go up."""
import json

import pytest
from pathlib import Path

from eval.run import EngineSystem, evaluate, load_qa

GATE = json.loads((Path(__file__).resolve().parent.parent / "eval" / "gate.json").read_text())
# issue 3's floors: gate.json may raise them (and lower the false-refusal ceiling), never relax them
ISSUE_FLOORS = {"answer_accuracy_min": 0.95, "citation_accuracy_min": 0.95, "refusal_accuracy_min": 0.90,
                "false_refusal_rate_max": 0.03}


def test_gate_floors_only_go_up():
    for key, floor in ISSUE_FLOORS.items():
        assert (GATE[key] <= floor) if key.endswith("_max") else (GATE[key] >= floor), key


def test_quality_gate(engine):
    rows, summary = evaluate(EngineSystem(engine), load_qa(), progress=False)
    s = summary["overall"]
    wrong = [f"{r['id']} {r['question']} -> {r['answer'][:40]}" for r in rows if not r["correct"]]
    report = json.dumps(s, ensure_ascii=False) + "\n" + "\n".join(wrong)
    assert s["answer_accuracy"] >= GATE["answer_accuracy_min"], report
    assert s["citation_accuracy"] >= GATE["citation_accuracy_min"], report
    assert s["refusal_accuracy"] >= GATE["refusal_accuracy_min"], report
    assert s["false_refusal_rate"] <= GATE["false_refusal_rate_max"], report


def test_held_out_sets_meet_the_engine_issues_targets(engine):
    # all held-out sets together (written blind, see eval/REPORT.md): answers and citations >= 0.90,
    # refusals >= 0.80, false refusals <= 0.05 -- the answer engine issue's acceptance, kept from slipping back
    qa = [q for path in sorted((Path(__file__).resolve().parent.parent / "eval").glob("holdout*.jsonl"))
          for q in load_qa(path)]
    assert len(qa) >= 380
    rows, summary = evaluate(EngineSystem(engine), qa, progress=False)
    s = summary["overall"]
    report = json.dumps(s, ensure_ascii=False) + "\n" + "\n".join(
        f"{r['id']} {r['question']} -> {r['answer'][:40]}" for r in rows if not r["correct"])
    assert s["answer_accuracy"] >= 0.90 and s["citation_accuracy"] >= 0.90, report
    assert s["refusal_accuracy"] >= 0.80 and s["false_refusal_rate"] <= 0.05, report


# floors a little under the level reached (eval/REPORT.md); raise them as the engine gets better, never lower
PEOPLE_FLOORS = {  # set: (answer ≥, refusal ≥, false refusal ≤, answered wrong ≤)
    "people.jsonl": (1.00, 0.94, 0.01, 0.02),
    "people-final.jsonl": (0.97, 0.94, 0.02, 0.03),
    "people-sealed.jsonl": (0.95, 0.95, 0.01, 0.05),
    "people-blind2.jsonl": (0.98, 1.00, 0.02, 0.01),  # blind in round 2; its misses were read in round 3
    "people-blind3.jsonl": (0.97, 0.94, 0.01, 0.04),  # round 3's first blind set: run once, then read
    "people-blind4.jsonl": (0.92, 0.98, 0.03, 0.04),  # round 3's second: run once, then read
    "people-blind5.jsonl": (0.96, 1.00, 0.02, 0.02),  # round 3's third: run once, then read
    # false refusal 0.03 -> 0.04: a fresh install on 2026-12-03 gives 0.0385 at e0611a7 too (a near tie in fused scores)
    "people-blind6.jsonl": (0.90, 0.84, 0.04, 0.10),  # round 3's fourth: run once, then read
    "people-blind7.jsonl": (0.91, 0.95, 0.04, 0.05),  # round 3's last blind set; its misses were read in round 4
    "people-blind8.jsonl": (0.94, 0.78, 0.03, 0.09),  # round 3's second final set; read in round 4
    "people-blind9.jsonl": (0.95, 0.78, 0.03, 0.08),  # round 4's blind sets; read in round 5
    "people-blind10.jsonl": (0.94, 0.93, 0.01, 0.06),
    "people-blind11.jsonl": (0.88, 0.95, 0.07, 0.05),  # round 5's final set: run at its start and end, not read
    "people-blind12.jsonl": (0.96, 0.97, 0.02, 0.03),  # round 5's second set: run once, then read
    "people-blind13.jsonl": (0.87, 0.97, 0.10, 0.03),  # round 5's last set: run on its first and last code; read in round 6
    "people-blind14.jsonl": (0.98, 0.97, 0.01, 0.02),  # round 6's set: run once, then read
    "people-blind15.jsonl": (0.84, 0.92, 0.08, 0.09),  # round 6's sealed set: run once, on the final code, not read
    "people-blind16.jsonl": (0.96, 1.00, 0.03, 0.01),  # round 7's set: run once, then read
    "people-blind17.jsonl": (0.95, 0.97, 0.03, 0.03),  # round 7's sealed set; its misses were read in round 8
    "people-blind19.jsonl": (0.94, 0.95, 0.01, 0.06),  # round 8's set: run once, then read
    "people-blind20.jsonl": (0.92, 0.94, 0.07, 0.03),  # round 8's sealed set: run at its start and end, not read
    "people-blind18.jsonl": (0.90, 0.82, 0.06, 0.09),  # round 7's final sealed set: run on the first and last code
    "people-blind21.jsonl": (0.97, 1.00, 0.02, 0.01),  # round 9's first set: run once, then read
    "people-blind22.jsonl": (0.92, 0.86, 0.03, 0.09),  # round 9's first sealed set: aggregates only, never read
    # false refusal 0.02 -> 0.03: the same fresh install gives 0.0235 at e0611a7 too
    "people-blind23.jsonl": (0.96, 0.86, 0.03, 0.07),  # round 9's second set (summaries, near misses): run once, then read
    "people-blind24.jsonl": (0.93, 0.80, 0.04, 0.09),  # round 9's final sealed set: run on its first and last code only
    "people-blind25.jsonl": (0.98, 0.98, 0.01, 0.02),  # round 10's first set: run once, then read
    "people-blind26.jsonl": (0.92, 0.84, 0.05, 0.09),  # round 10's sealed set: aggregates only, never read
    "people-blind27.jsonl": (0.96, 0.92, 0.02, 0.05),  # round 10's second set: run once, then read
    "people-blind28.jsonl": (0.95, 0.86, 0.02, 0.08),  # round 11's set: run once (eval/first-runs), then read
    "people-blind29.jsonl": (0.85, 0.89, 0.03, 0.12),  # round 11's sealed set: aggregates only (2 questions seen in a grep, eval/REPORT.md)
    "people-blind30.jsonl": (0.98, 0.82, 0.02, 0.08),  # round 12's set: run once (eval/first-runs), then read
    "people-blind31.jsonl": (0.84, 0.73, 0.03, 0.19),  # round 12's sealed set: aggregates only, never read
    "people-blind32.jsonl": (0.96, 0.81, 0.01, 0.09),  # round 13's set: run once (eval/first-runs), then read
    "people-blind33.jsonl": (0.89, 0.78, 0.08, 0.11),  # round 13's sealed set: aggregates only, never read
}


@pytest.mark.parametrize("name", list(PEOPLE_FLOORS))
def test_questions_as_people_ask_them_do_not_slip_back(engine, name):
    # the realistic sets, each written blind by a helper that read only the report (eval/REPORT.md)
    qa = load_qa(Path(__file__).resolve().parent.parent / "eval" / name)
    rows, summary = evaluate(EngineSystem(engine), qa, progress=False)
    s = summary["overall"]
    report = json.dumps(s, ensure_ascii=False) + "\n" + "\n".join(
        f"{r['id']} {r['question']} -> {r['answer'][:40]}" for r in rows if not r["correct"])
    answer, refusal, false_refusal, wrong = PEOPLE_FLOORS[name]
    assert s["answer_accuracy"] >= answer and s["refusal_accuracy"] >= refusal, report
    assert s["false_refusal_rate"] <= false_refusal and s["answered_wrong"] <= wrong, report


def test_partly_refused_counts_two_questions_in_one_with_a_part_said_to_be_not_in_the_report():
    from eval.metrics import summarise

    def row(refused, parts_refused, kind="compound"):
        return {"type": kind, "answerable": False, "correct": refused, "refused": refused, "cited": False,
                "rank": None, "length": 10, "latency_ms": 1.0, "parts_refused": parts_refused}
    s = summarise([row(False, 1), row(False, 0), row(True, 2), row(False, 0, "fact")])
    assert s["partly_refused"] == round(2 / 3, 4) and s["answered_wrong"] == 0.75
