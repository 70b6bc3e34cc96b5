"""Validate the evaluation question set eval/qa.jsonl against the report text.

Stdlib + pytest only; does not import anything from the project.
"""
import json
import re
from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
QA_PATH = REPO / "eval" / "qa.jsonl"
DOC = "wuxi-education-2020-h1"
REPORT_CANDIDATES = [
    REPO / "corpus" / f"{DOC}.txt",
    REPO.parent / "shared" / "report" / f"{DOC}.txt",
]

ALLOWED_TYPES = {
    "fact", "list", "plan", "paraphrase", "followup",
    "traditional", "english", "typo", "unanswerable",
}
MIN_PER_TYPE = {
    "fact": 40, "list": 15, "plan": 15, "paraphrase": 20, "followup": 12,
    "traditional": 10, "english": 10, "typo": 10, "unanswerable": 25,
}
MIN_TOTAL = 150
MIN_PER_SECTION = 8
REQUIRED_FIELDS = {
    "id": str, "question": str, "type": str, "answers": list,
    "evidence": str, "history": list,
}
SECTION_RE = re.compile(r"^" + re.escape(DOC) + r"#([12])\.([1-7])$")
BOOKMARK_RE = re.compile(r"\[bookmark:[^\]]*\]")
NUMERALS = "一二三四五六七"
PART_ITEMS = {1: 7, 2: 5}


def _report_path():
    for p in REPORT_CANDIDATES:
        if p.exists():
            return p
    pytest.fail(f"report not found in {REPORT_CANDIDATES}")


@pytest.fixture(scope="module")
def report():
    raw = _report_path().read_text(encoding="utf-8")
    return BOOKMARK_RE.sub("", raw)


@pytest.fixture(scope="module")
def item_lines(report):
    """Map 'part.item' -> the item's full line in the cleaned report."""
    items = {}
    part = 0
    for line in report.splitlines():
        s = line.strip()
        if s.startswith("一、"):
            part = 1
            continue
        if s.startswith("二、"):
            part = 2
            continue
        if part and len(s) > 2 and s[0] in NUMERALS and s[1] == "是":
            key = f"{part}.{NUMERALS.index(s[0]) + 1}"
            assert key not in items, f"duplicate item line {key}"
            items[key] = s
    expected = {f"{p}.{i}" for p, n in PART_ITEMS.items() for i in range(1, n + 1)}
    assert set(items) == expected, f"item lines found: {sorted(items)}"
    return items


@pytest.fixture(scope="module")
def records():
    assert QA_PATH.exists(), f"missing {QA_PATH}"
    recs = []
    with QA_PATH.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                recs.append(json.loads(line))
            except json.JSONDecodeError as e:  # pragma: no cover
                pytest.fail(f"line {n} does not parse: {e}")
    return recs


def test_file_parses_and_total(records):
    assert len(records) >= MIN_TOTAL, f"only {len(records)} records"


def test_ids_unique(records):
    ids = [r.get("id") for r in records]
    dup = [i for i, c in Counter(ids).items() if c > 1]
    assert not dup, f"duplicate ids: {dup}"


def test_fields_and_types(records):
    for r in records:
        for field, typ in REQUIRED_FIELDS.items():
            assert field in r, f"{r.get('id')}: missing {field}"
            assert isinstance(r[field], typ), f"{r['id']}: {field} should be {typ.__name__}"
        assert "section_id" in r, f"{r['id']}: missing section_id"
        assert r["section_id"] is None or isinstance(r["section_id"], str), r["id"]
        assert r["question"].strip(), f"{r['id']}: empty question"
        assert r["type"] in ALLOWED_TYPES, f"{r['id']}: bad type {r['type']}"
        for h in r["history"]:
            assert isinstance(h, str) and h.strip(), f"{r['id']}: bad history entry"
        for alt in r["answers"]:
            assert isinstance(alt, list) and alt, f"{r['id']}: each alternative must be a non-empty list"
            for a in alt:
                assert isinstance(a, str) and a.strip(), f"{r['id']}: bad answer string {a!r}"


def test_followups_have_history(records):
    for r in records:
        if r["type"] == "followup":
            assert r["history"], f"{r['id']}: followup without history"


def test_unanswerable_shape(records):
    for r in records:
        if r["type"] == "unanswerable":
            assert r["answers"] == [], f"{r['id']}: unanswerable must have answers []"
            assert r["section_id"] is None, f"{r['id']}: unanswerable must have section_id null"
            assert r["evidence"] == "", f"{r['id']}: unanswerable must have empty evidence"
        else:
            assert r["answers"], f"{r['id']}: answerable question without answers"
            assert r["section_id"] is not None, f"{r['id']}: answerable question without section_id"
            assert r["evidence"], f"{r['id']}: answerable question without evidence"


def test_evidence_verbatim(records, report):
    for r in records:
        ev = r["evidence"]
        if ev:
            assert "[bookmark" not in ev, f"{r['id']}: evidence contains bookmark debris"
            assert ev in report, f"{r['id']}: evidence not a verbatim substring of report"


def test_answers_in_report_and_evidence(records, report):
    for r in records:
        for alt in r["answers"]:
            for a in alt:
                assert a in report, f"{r['id']}: answer {a!r} not in report"
                assert a in r["evidence"], f"{r['id']}: answer {a!r} not in evidence"


def test_section_ids_and_evidence_location(records, item_lines):
    for r in records:
        sid = r["section_id"]
        if sid is None:
            continue
        m = SECTION_RE.match(sid)
        assert m, f"{r['id']}: malformed section_id {sid!r}"
        part, item = int(m.group(1)), int(m.group(2))
        assert item <= PART_ITEMS[part], f"{r['id']}: part {part} has no item {item}"
        line = item_lines[f"{part}.{item}"]
        assert r["evidence"] in line, f"{r['id']}: evidence not within the line of {sid}"


def test_type_minimums(records):
    counts = Counter(r["type"] for r in records)
    short = {t: (counts.get(t, 0), n) for t, n in MIN_PER_TYPE.items() if counts.get(t, 0) < n}
    assert not short, f"types below minimum (have, need): {short}"


def test_every_section_covered(records, item_lines):
    counts = Counter(r["section_id"] for r in records if r["section_id"])
    short = {}
    for key in item_lines:
        sid = f"{DOC}#{key}"
        if counts.get(sid, 0) < MIN_PER_SECTION:
            short[sid] = counts.get(sid, 0)
    assert not short, f"sections below {MIN_PER_SECTION} questions: {short}"
