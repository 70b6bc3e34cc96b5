"""Quality gate: the whole QA set through the engine; the floors in eval/gate.json only ever go up."""
import json
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


def test_questions_as_people_ask_them_do_not_slip_back(engine):
    # eval/people.jsonl (written blind, see eval/REPORT.md): the level reached by the engine issue's rules;
    # raise these floors as the engine gets better, never lower them
    qa = load_qa(Path(__file__).resolve().parent.parent / "eval" / "people.jsonl")
    rows, summary = evaluate(EngineSystem(engine), qa, progress=False)
    s = summary["overall"]
    report = json.dumps(s, ensure_ascii=False) + "\n" + "\n".join(
        f"{r['id']} {r['question']} -> {r['answer'][:40]}" for r in rows if not r["correct"])
    assert s["answer_accuracy"] >= 0.82 and s["refusal_accuracy"] >= 0.62, report
    assert s["false_refusal_rate"] <= 0.05 and s["answered_wrong"] <= 0.21, report
