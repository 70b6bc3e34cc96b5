"""PDF reports (bot/corpus/pdf.py): a PDF of the report reads as the report's own text.

Fixtures are the report and the district plan printed by Chromium (tests/make_fixtures.py): a
running header, ``第 N 页 共 M 页`` / ``— N —`` footers, sentences cut by page breaks. Other
layouts are printed on the fly. The QA set is answered from the PDF and from the text alike.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.corpus import clean, load_document
from bot.corpus.pdf import PAGE_NUMBER, PdfError, ScannedPdf, _unify, read_pdf
from make_fixtures import REPORT_TITLE, launch, report_pdf

REPO = Path(__file__).resolve().parent.parent
FIX = Path(__file__).parent / "fixtures"
TXT = REPO / "corpus" / "wuxi-education-2020-h1.txt"
PDF = FIX / "wuxi-education-2020-h1.pdf"


def text_of(path: Path) -> str:
    return clean(path.read_text(encoding="utf-8-sig"))


def same_tree(a, b) -> None:
    """Equal section ids, headings, labels and sentences with their offsets."""
    assert a.text == b.text
    assert [(it.section_id, it.label, it.start, it.end) for it in a.items()] == \
           [(it.section_id, it.label, it.start, it.end) for it in b.items()]
    assert [(s.start, s.end, s.text) for it in a.items() for s in it.sentences] == \
           [(s.start, s.end, s.text) for it in b.items() for s in it.sentences]


def test_the_report_pdf_reads_as_its_text(tmp_path):
    got = read_pdf(PDF)
    assert got.pages == 4 and got.title == REPORT_TITLE
    assert clean(got.text) == text_of(TXT)
    shutil.copy(PDF, tmp_path / TXT.with_suffix(".pdf").name)
    same_tree(load_document(tmp_path / PDF.name), load_document(TXT))


def test_headers_footers_and_page_numbers_are_gone_and_cut_sentences_whole():
    text = clean(read_pdf(PDF).text)
    assert "页 共" not in text and "第 1 页" not in text
    assert REPORT_TITLE not in text  # the running header (it is not in the report's text either)
    # page 1 ends "…开展", page 2 starts "社会教育线下培训成果…": one sentence again
    doc = load_document(TXT)
    cut = next(s.text for it in doc.items() for s in it.sentences if "开展社会教育线下培训" in s.text)
    assert cut in text


def test_the_district_plan_pdf_with_a_centred_title_and_a_ragged_edge_reads_as_its_text():
    got = read_pdf(FIX / "district-2021-plan.pdf")
    assert got.pages == 2
    assert clean(got.text) == text_of(FIX / "district-2021-plan.txt")
    doc = load_document(FIX / "district-2021-plan.pdf")
    assert doc.meta["title"] == "某区教育局2021年工作要点" and doc.meta["period"] == "2021年"
    assert [it.section_id for it in doc.items()][-2:] == ["district-2021-plan#3.1", "district-2021-plan#3.2"]


@pytest.mark.parametrize("layout", [
    {"page_format": "A5", "font_px": 14, "align": "left"},
    {"page_format": "Letter", "font_px": 19, "align": "justify"},
])
def test_other_page_sizes_fonts_and_alignment_read_the_same(tmp_path, layout):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        out = report_pdf(browser, tmp_path / "r.pdf", **layout)
        browser.close()
    got = read_pdf(out)
    assert got.pages >= 3
    assert clean(got.text) == text_of(TXT)


def test_a_scanned_pdf_is_refused_with_a_chinese_message():
    with pytest.raises(ScannedPdf) as e:
        read_pdf(FIX / "scanned.pdf")
    assert "扫描版" in str(e.value) and "没有文字层" in str(e.value)
    with pytest.raises(ValueError, match="扫描版"):  # what load_corpus and the index build see
        load_document(FIX / "scanned.pdf")


def test_a_broken_or_encrypted_pdf_says_so(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    with pytest.raises(PdfError, match="不是有效的 PDF"):
        read_pdf(bad)
    pypdf = pytest.importorskip("pypdf")
    w = pypdf.PdfWriter(clone_from=str(FIX / "district-2021-plan.pdf"))
    w.encrypt("secret", algorithm="AES-128")
    locked = tmp_path / "locked.pdf"
    with open(locked, "wb") as fh:
        w.write(fh)
    with pytest.raises(PdfError, match="加密"):
        read_pdf(locked)


@pytest.mark.parametrize("line", ["第 3 页 共 8 页", "第3页", "— 3 —", "- 12 -", "3/8", "3 / 8", "Page 3", "7"])
def test_page_numbers_are_recognised(line):
    assert PAGE_NUMBER.match(line)


@pytest.mark.parametrize("line", ["一、上半年任务完成情况", "2020年", "共建成38所学校", "1.建设10个学科基地。"])
def test_text_is_not_a_page_number(line):
    assert not PAGE_NUMBER.match(line)


def test_kangxi_radicals_read_as_the_unified_character_and_punctuation_stays():
    assert "".join(map(_unify, "⼀⼆⼈⾦")) == "一二人金"
    assert "".join(map(_unify, "，。（）：；“”")) == "，。（）：；“”"
    assert _unify("\ufffe") == "-"


def test_the_qa_set_gets_equal_answers_and_section_ids_from_the_pdf(tmp_path):
    """Every question of eval/qa.jsonl: the same answer, refusal and cited sections and quotes."""
    from bot.chain import Engine
    from bot.config import Settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(TXT.with_suffix(".meta.json"), corpus / "wuxi-education-2020-h1.meta.json")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index", data_dir=tmp_path / "data", llm_base_url="")
    engines = {}
    for kind, src in (("txt", TXT), ("pdf", PDF)):  # the PDF replaces the text: an incremental update
        for old in corpus.glob("wuxi-education-2020-h1.[tp][xd][tf]"):
            old.unlink()
        shutil.copy(src, corpus / ("wuxi-education-2020-h1" + src.suffix))
        engines[kind] = Engine(settings)
    changes = engines["pdf"].index.manifest["changes"]
    assert changes["changed"] == ["wuxi-education-2020-h1"]
    assert changes["embedded"] == 0  # every sentence and chunk of the PDF is one the text had
    questions = [json.loads(ln) for ln in (REPO / "eval" / "qa.jsonl").read_text(encoding="utf-8").splitlines() if ln]
    assert len(questions) > 200

    def essence(ans: dict) -> tuple:
        return (ans["answer"], ans["refused"],
                [(c["section_id"], c["quote"], c["start"], c["end"]) for c in ans["citations"]])

    differ = []
    for q in questions:
        a, b = (essence(engines[k].ask(q["question"], q.get("history") or [])) for k in ("txt", "pdf"))
        if a != b:
            differ.append(q["id"])
    assert not differ, f"answers differ for {differ}"
