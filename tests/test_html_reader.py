"""Web pages (bot/corpus/html.py): a government article page saved from the browser reads as the report.

The fixture (tests/make_fixtures.py) wraps the report's text in a municipal site's chrome:
navigation, breadcrumbs, an info bar with 【字体：大 中 小】, share buttons, attachments, related
links, the site footer (ICP number, 网站标识码), and the 政府网站 meta tags.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.corpus import clean, load_document
from bot.corpus.html import extract, read_html
from make_fixtures import REPORT_TITLE, gov_page, report_lines

REPO = Path(__file__).resolve().parent.parent
PAGE = Path(__file__).parent / "fixtures" / "wuxi-education-2020-h1.html"
REPORT = clean((REPO / "corpus" / "wuxi-education-2020-h1.txt").read_text(encoding="utf-8-sig"))
CHROME = ["当前位置", "首页", "机构概况", "分享到", "微博", "字体", "打印本页", "关闭窗口", "浏览次数", "相关附件",
          "相关链接", "主办单位", "网站标识码", "苏ICP备", "政府网站找错", "无障碍", "请输入关键字", "发布日期"]


def test_the_saved_page_reads_as_the_report_without_the_site_around_it():
    got = read_html(PAGE)
    assert clean(got.text) == REPORT
    for word in CHROME:
        assert word not in got.text, word


def test_title_date_issuer_and_address_come_from_the_page_metadata():
    assert read_html(PAGE).meta == {"title": REPORT_TITLE, "date": "2020-07-15", "issuer": "无锡市教育局",
                                    "source": "http://jyj.wuxi.gov.cn/doc/2020/07/15/2975842.shtml"}


def test_as_a_corpus_document_it_has_the_reports_tree_and_a_period(tmp_path):
    (tmp_path / "page.html").write_bytes(PAGE.read_bytes())
    doc, txt = load_document(tmp_path / "page.html"), load_document(REPO / "corpus" / "wuxi-education-2020-h1.txt")
    assert [it.heading for it in doc.items()] == [it.heading for it in txt.items()]
    assert doc.meta["period"] == "2020年上半年" and doc.meta["year"] == 2020


def test_a_gbk_page_reads_the_same():
    page = gov_page(report_lines()).replace("charset=UTF-8", "charset=gb2312").encode("gb18030")
    got = extract(page, "gbk.html")
    assert clean(got.text) == REPORT and got.meta["issuer"] == "无锡市教育局"


def test_without_the_government_tags_the_title_and_date_come_from_the_page_itself():
    page = gov_page(report_lines()[:6], title="某区教育局2021年工作要点", date="2021-03-02",
                    url="http://jyj.wuxi.gov.cn/art/2975842.html")
    page = "\n".join(ln for ln in page.split("\n") if 'name="ArticleTitle"' not in ln and 'name="PubDate"' not in ln)
    got = extract(page.encode(), "x.html")
    assert got.meta["title"].startswith("某区教育局2021年工作要点")
    assert got.meta["date"] == "2021-03-02"


def test_a_page_without_an_article_is_a_chinese_error():
    nav_only = "<html><head><title>首页</title></head><body><ul><li><a href='/a'>首页</a></li></ul></body></html>"
    with pytest.raises(ValueError, match="没有找到正文"):
        extract(nav_only.encode(), "nav.html")
