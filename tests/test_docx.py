"""A .docx in 公文 style, built with python-docx: Word numbering, styled headings, a table, a soft break."""
from pathlib import Path

import pytest

from bot.corpus import load_document
from bot.corpus.docx import cn_number

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TITLE = "某区教育局2021年上半年工作总结"


def add_chinese_numbering(document) -> str:
    """A two-level list: ``一、`` at level 0, ``（一）`` at level 1; returns its numId."""
    from docx.oxml import parse_xml

    numbering = document.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
        "</w:abstractNum>")
    num = parse_xml(f'<w:num xmlns:w="{W_NS}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    first_num = numbering.find(f"{{{W_NS}}}num")
    if first_num is not None:
        first_num.addprevious(abstract)  # abstractNum elements come before num elements
    else:
        numbering.append(abstract)
    numbering.append(num)
    return "90"


def numbered(paragraph, num_id: str, level: int):
    from docx.oxml import parse_xml

    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return paragraph


def make_docx(path: Path) -> Path:
    import docx

    d = docx.Document()
    num = add_chinese_numbering(d)
    d.add_paragraph(TITLE, style="Title")
    d.add_paragraph("今年以来，全区教育工作稳步推进，各项任务进展顺利。")
    numbered(d.add_paragraph("上半年工作完成情况", style="Heading 1"), num, 0)
    numbered(d.add_paragraph("课程改革持续深化。全区32所学校开设劳动教育课程。"), num, 1)
    numbered(d.add_paragraph("建设10个学科基地。"), num, 2)
    numbered(d.add_paragraph("教师队伍不断加强。新招聘教师120名，其中研究生学历占比35%。"), num, 1)
    p = d.add_paragraph("组织“青蓝工程”师徒结对")
    p.add_run().add_break()  # a soft line break inside one paragraph
    p.add_run("共186对。")
    table = d.add_table(rows=3, cols=3)
    for r, row in enumerate([["学段", "学校数", "在校生"], ["小学", "38所", "52000人"], ["初中", "21所", "26000人"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    d.add_paragraph("下半年工作计划", style="Heading 1")  # no numbering: a part all the same
    d.add_paragraph("推进集团化办学", style="Heading 2")
    d.add_paragraph("新组建教育集团5个，实现城乡学校结对全覆盖。")
    d.add_paragraph("2021年7月10日")
    d.save(str(path))
    return path


@pytest.fixture(scope="module")
def docx_corpus(tmp_path_factory) -> Path:
    corpus = tmp_path_factory.mktemp("docx-corpus")
    make_docx(corpus / "district-2021-h1.docx")
    return corpus


def test_numbers_are_written_as_chinese_numerals():
    assert [cn_number(n) for n in (1, 7, 10, 12, 20, 35)] == ["一", "七", "十", "十二", "二十", "三十五"]


def test_section_tree_of_a_docx(docx_corpus):
    doc = load_document(docx_corpus / "district-2021-h1.docx")
    assert doc.meta["title"] == TITLE and doc.meta["year"] == 2021 and doc.meta["period"] == "2021年上半年"
    assert doc.meta["issuer"] == "某区教育局" and doc.meta["date"] == "2021-07-10"
    assert [p.heading for p in doc.parts] == ["导语", "一、上半年工作完成情况", "下半年工作计划"]
    labels = [it.label for it in doc.items()]
    assert labels == ["导语", "一、上半年工作完成情况 › （一）课程改革持续深化", "一、上半年工作完成情况 › （二）教师队伍不断加强",
                      "下半年工作计划 › 推进集团化办学"]
    first, second = doc.items()[1], doc.items()[2]
    assert "1.建设10个学科基地。" in [s.text for s in first.sentences]  # level 3 stays inside its item
    texts = [s.text for s in second.sentences]
    assert "组织“青蓝工程”师徒结对共186对。" in texts  # the soft break is joined
    assert "学段：小学，学校数：38所，在校生：52000人。" in texts  # a table row is a sentence
    assert "学段：初中，学校数：21所，在校生：26000人。" in texts
    for it in doc.items():
        for s in it.sentences:
            assert doc.text[s.start:s.end] == s.text


def test_citations_from_a_docx(docx_corpus, tmp_path):
    from bot.chain import Engine
    from bot.config import Settings

    engine = Engine(Settings(corpus_dir=docx_corpus, index_dir=tmp_path / "index", llm_base_url="", chroma_host=""))
    ans = engine.ask("小学有多少所学校？")
    assert not ans["refused"] and "38所" in ans["answer"], ans
    c = ans["citations"][0]
    assert c["title"] == TITLE and c["doc"] == "district-2021-h1"
    assert c["section"] == "一、上半年工作完成情况 › （二）教师队伍不断加强"
    assert engine.index.docs["district-2021-h1"].text[c["start"]:c["end"]] == c["quote"]
    ans = engine.ask("下半年要新组建多少个教育集团？")
    assert "5个" in ans["answer"] and ans["citations"][0]["section"] == "下半年工作计划 › 推进集团化办学"
    ans = engine.ask("上半年新招聘了多少名教师？")
    assert "120名" in ans["answer"] and ans["citations"][0]["section_id"] == "district-2021-h1#1.2"


def test_markdown_marks_are_cleaned(tmp_path):
    md = tmp_path / "plan.md"
    md.write_text("# 某区教育局2022年工作要点\n\n## 一、主要任务\n\n- **一是**深化课程改革。\n- 二是加强师资。\n", encoding="utf-8")
    doc = load_document(md)
    assert doc.text == "某区教育局2022年工作要点\n一、主要任务\n一是深化课程改革。\n二是加强师资。"
    assert doc.meta["title"] == "某区教育局2022年工作要点" and doc.meta["year"] == 2022
    assert [it.label for it in doc.items()][1:] == ["一、主要任务 › 一是深化课程改革", "一、主要任务 › 二是加强师资"]
