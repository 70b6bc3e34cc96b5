"""Adding a report to the corpus (bot/corpus/ingest.py): type by content, safe names, atomic writes."""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from bot.corpus import ingest
from bot.corpus.ingest import Refused, doc_name, kind_of
from test_docx import make_docx

FIX = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent
TXT = (REPO / "corpus" / "wuxi-education-2020-h1.txt").read_bytes()


@pytest.fixture(scope="module")
def docx_bytes(tmp_path_factory) -> bytes:
    return make_docx(tmp_path_factory.mktemp("docx") / "a.docx").read_bytes()


@pytest.mark.parametrize("name,expected", [
    ("wuxi-education-2020-h1.pdf", "pdf"), ("report", "pdf"), ("x.PDF", "pdf"),
])
def test_a_pdf_is_a_pdf_by_its_bytes(name, expected):
    assert kind_of((FIX / "district-2021-plan.pdf").read_bytes(), name) == expected


def test_every_kind_by_content(docx_bytes):
    assert kind_of(docx_bytes, "plan.docx") == "docx"
    assert kind_of((FIX / "wuxi-education-2020-h1.html").read_bytes(), "page.htm") == "html"
    assert kind_of((FIX / "wuxi-education-2020-h1.html").read_bytes(), "") == "html"
    assert kind_of(TXT, "r.txt") == "txt" and kind_of(TXT, "r.md") == "md" and kind_of(TXT, "") == "txt"
    assert kind_of(TXT.decode("utf-8-sig").encode("gb18030"), "gbk.txt") == "txt"


@pytest.mark.parametrize("data,name,says", [
    ((FIX / "district-2021-plan.pdf").read_bytes(), "notes.txt", "内容是 PDF"),
    (b"<!doctype html><html><body>x</body></html>", "r.pdf", "内容是 HTML"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old.doc", "旧版 Word"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "scan.png", "图片"),
    (b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "tool", "无法识别"),
    (b"", "empty.txt", "空"),
])
def test_what_is_not_a_report_is_refused_in_chinese(data, name, says):
    with pytest.raises(Refused, match=says):
        kind_of(data, name)


def test_a_zip_that_is_no_word_file_or_unpacks_too_far_is_refused(monkeypatch):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("photos/a.txt", "x")
    with pytest.raises(Refused, match="压缩包"):
        kind_of(buf.getvalue(), "a.docx")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"\0" * (2 * 1024 * 1024))
    monkeypatch.setattr(ingest, "MAX_ZIP_UNPACKED", 1024 * 1024)
    assert len(bomb.getvalue()) < 10_000
    with pytest.raises(Refused, match="过大"):
        kind_of(bomb.getvalue(), "bomb.docx")


def test_size_is_limited():
    with pytest.raises(Refused, match="太大"):
        kind_of(TXT, "r.txt", max_bytes=1000)


@pytest.mark.parametrize("filename,name", [
    ("wuxi-education-2021-h1.pdf", "wuxi-education-2021-h1"),
    ("../../etc/passwd", "passwd"),
    ("..\\..\\windows\\evil.docx", "evil"),
    ("2020年 总结(终稿).docx", "2020年-总结-终稿"),
    ("  .hidden.txt", "hidden"),
    ("报告.final.pdf", "报告-final"),
    ("%2e%2e%2fx.html", "2e-2e-2fx"),
])
def test_document_names_are_safe(filename, name):
    assert doc_name(filename) == name
    assert ingest.check_name(name) == name


@pytest.mark.parametrize("bad", ["", "../x", "a/b", ".x", "-x", "a b", "x#1", "a" * 81])
def test_a_name_with_anything_else_is_refused(bad):
    with pytest.raises(Refused):
        ingest.check_name(bad)


def test_stage_preview_publish_and_remove(tmp_path):
    corpus, staging = tmp_path / "corpus", tmp_path / "staging"
    corpus.mkdir()
    (corpus / "district-2021-plan.txt").write_bytes((FIX / "district-2021-plan.txt").read_bytes())
    staged = ingest.stage(staging, (FIX / "district-2021-plan.pdf").read_bytes(), "pdf", "district-2021-plan")
    doc = ingest.preview(staged)
    assert doc.meta["title"] == "某区教育局2021年工作要点"
    assert list(corpus.iterdir()) == [corpus / "district-2021-plan.txt"]  # nothing live before publishing
    meta = ingest.meta_of(doc, date="2021-03-02", source="district-2021-plan.pdf")
    target = ingest.publish(corpus, staged, meta)
    # the PDF replaced the text of the same name; no temporary file is left behind
    assert sorted(p.name for p in corpus.iterdir()) == ["district-2021-plan.meta.json", "district-2021-plan.pdf"]
    assert target.read_bytes() == (FIX / "district-2021-plan.pdf").read_bytes()
    written = json.loads((corpus / "district-2021-plan.meta.json").read_text(encoding="utf-8"))
    assert written == {"title": "某区教育局2021年工作要点", "issuer": "某区教育局", "year": 2021, "period": "2021年",
                       "date": "2021-03-02", "source": "district-2021-plan.pdf"}
    assert [p.name for p in ingest.remove(corpus, "district-2021-plan")] == ["district-2021-plan.pdf"]
    assert list(corpus.iterdir()) == []


def test_text_is_stored_as_utf8(tmp_path):
    gbk = TXT.decode("utf-8-sig").encode("gb18030")
    staged = ingest.stage(tmp_path, gbk, "txt", "gbk-report")
    assert staged.read_text(encoding="utf-8").strip() == TXT.decode("utf-8-sig").replace("\r\n", "\n").strip()
    assert ingest.preview(staged).meta["title"]


def test_a_scanned_pdf_fails_its_preview():
    with pytest.raises(Refused, match="扫描版"):
        ingest.preview(FIX / "scanned.pdf")


def test_only_web_addresses_are_fetched():
    for url in ("file:///etc/passwd", "ftp://x/y", "javascript:alert(1)", "/etc/passwd"):
        with pytest.raises(Refused, match="http"):
            ingest.fetch(url)


def test_a_word_file_and_a_web_page_are_previewed_as_the_index_reads_them(tmp_path, docx_bytes):
    word = ingest.preview(ingest.stage(tmp_path / "w", docx_bytes, "docx", "district-2021-h1"))
    assert word.meta["title"] == "某区教育局2021年上半年工作总结" and word.items()
    page = ingest.preview(ingest.stage(tmp_path / "h", (FIX / "wuxi-education-2020-h1.html").read_bytes(), "html",
                                       "wuxi-web"))
    assert page.meta["date"] == "2020-07-15" and len(page.items()) == 13
