"""Make the test fixtures of the PDF and web-page readers, with the Chromium the browser tests use.

    python tests/make_fixtures.py        # rewrites the files below in tests/fixtures/

- ``wuxi-education-2020-h1.pdf``: the report as a bureau would print it: A4, 2-character indents,
  justified, the title as a running header and ``第 N 页 共 M 页`` as the footer (Chromium's print to PDF);
- ``district-2021-plan.pdf``: the district plan, A6 (so it runs over pages), a centred title,
  ``— N —`` page numbers, ragged right edge;
- ``scanned.pdf``: a page that is only a picture of text (no text layer), as a scanner makes it;
- ``wuxi-education-2020-h1.html``: the report as a government site's article page saved from the
  browser: navigation, breadcrumbs, an info bar, share buttons, related links and the site footer
  around the text, the site's ``ArticleTitle``/``PubDate``/``ContentSource`` meta tags.

Nothing is downloaded. The functions are used by the tests too (other layouts rendered on the fly).
"""
from __future__ import annotations

import base64
import html
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
FIXTURES = HERE / "fixtures"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
FONT = '"WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif'
REPORT_TITLE = "无锡市教育局2020年上半年工作总结和下半年工作计划"

sys.path.insert(0, str(REPO))


def report_lines(name: str = "corpus/wuxi-education-2020-h1.txt") -> list[str]:
    from bot.corpus import clean

    return clean((REPO / name).read_text(encoding="utf-8-sig")).split("\n")


def document_html(lines: list[str], title: str, *, font_px: int = 16, align: str = "justify",
                  centred_title: bool = False) -> str:
    """A printable page: one <p> per line, indented 2 characters (the first centred when asked)."""
    body = []
    for k, ln in enumerate(lines):
        cls = ' class="title"' if centred_title and k == 0 else ""
        body.append(f"<p{cls}>{html.escape(ln)}</p>")
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:{FONT};font-size:{font_px}px;line-height:1.8;text-align:{align};margin:0}}
p{{margin:0;text-indent:2em}} p.title{{text-indent:0;text-align:center;font-size:1.4em;font-weight:bold;
margin-bottom:.8em}}</style></head><body>{''.join(body)}</body></html>"""


def print_pdf(browser, page_html: str, out: Path, *, page_format: str = "A4", header: str = "",
              footer: str = "", margin_mm: tuple[int, int, int, int] = (25, 26, 25, 28)) -> Path:
    """Chromium's print to PDF (the same as ``--print-to-pdf``) with a header and a footer template."""
    def band(inner: str) -> str:
        return f'<div style="font-size:9px;width:100%;text-align:center;font-family:{FONT}">{inner}</div>'

    page = browser.new_page()
    page.set_content(page_html)
    top, right, bottom, left = margin_mm
    page.pdf(path=str(out), format=page_format, print_background=False, display_header_footer=True,
             header_template=band(header) if header else "<span></span>",
             footer_template=band(footer) if footer else "<span></span>",
             margin={"top": f"{top}mm", "right": f"{right}mm", "bottom": f"{bottom}mm", "left": f"{left}mm"})
    page.close()
    return out


PAGE_X_OF_Y = '第 <span class="pageNumber"></span> 页 共 <span class="totalPages"></span> 页'
PAGE_DASHES = '— <span class="pageNumber"></span> —'


def report_pdf(browser, out: Path, **layout) -> Path:
    page_format = layout.pop("page_format", "A4")
    return print_pdf(browser, document_html(report_lines(), REPORT_TITLE, **layout), out,
                     page_format=page_format, header=REPORT_TITLE, footer=PAGE_X_OF_Y)


def district_pdf(browser, out: Path) -> Path:
    lines = report_lines("tests/fixtures/district-2021-plan.txt")
    return print_pdf(browser, document_html(lines, lines[0], font_px=15, align="left", centred_title=True), out,
                     page_format="A6", footer=PAGE_DASHES, margin_mm=(14, 12, 14, 12))


def scanned_pdf(browser, out: Path) -> Path:
    """A picture of the first lines of the report, printed: pages with an image and no text."""
    page = browser.new_page(viewport={"width": 620, "height": 300})
    page.set_content(document_html(report_lines()[:4], REPORT_TITLE, font_px=15))
    png = page.screenshot(type="jpeg", quality=40)
    page.set_content('<!doctype html><html><body style="margin:0"><img style="width:100%" src="data:image/jpeg;base64,'
                     + base64.b64encode(png).decode() + '"></body></html>')
    page.pdf(path=str(out), format="A5")
    page.close()
    return out


NAV = ["首页", "机构概况", "政务公开", "新闻中心", "教育动态", "办事服务", "互动交流", "专题专栏"]


def gov_page(lines: list[str], title: str = REPORT_TITLE, date: str = "2020-07-15 09:30",
             source: str = "无锡市教育局", url: str = "http://jyj.wuxi.gov.cn/doc/2020/07/15/2975842.shtml") -> str:
    """An article page as a municipal government site serves it (the 政府网站 meta tags included)."""
    nav = "".join(f'<li><a href="/col/{k}.html">{n}</a></li>' for k, n in enumerate(NAV))
    paras = "\n".join(f'<p style="text-indent:2em;">{html.escape(ln)}</p>' for ln in lines)
    related = "".join(f'<li><a href="/doc/{k}.shtml">无锡市教育局{y}年工作总结</a><span>{y}-12-30</span></li>'
                      for k, y in enumerate((2019, 2018, 2017)))
    return f"""<!DOCTYPE html>
<!-- saved from url=(0052){url} -->
<html lang="zh-CN"><head>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<title>{html.escape(title)}_计划总结_无锡市教育局</title>
<meta name="SiteName" content="无锡市教育局">
<meta name="SiteDomain" content="jyj.wuxi.gov.cn">
<meta name="SiteIDCode" content="3202000032">
<meta name="ColumnName" content="计划总结">
<meta name="ColumnType" content="计划总结">
<meta name="ArticleTitle" content="{html.escape(title)}">
<meta name="PubDate" content="{date}">
<meta name="ContentSource" content="{html.escape(source)}">
<meta name="Keywords" content="工作总结,工作计划,教育">
<meta name="Description" content="{html.escape(lines[0][:60])}">
<link rel="canonical" href="{url}">
<link rel="stylesheet" href="/css/common.css">
<script src="/js/jquery.min.js"></script>
<script>var _hmt = _hmt || []; (function() {{ var hm = document.createElement("script"); }})();</script>
</head>
<body>
<div class="topbar"><div class="w1200"><span>欢迎访问无锡市教育局网站！</span>
<a href="javascript:void(0)" id="cniil_wza">无障碍浏览</a> | <a href="/elder.html">长者模式</a> |
<a href="javascript:void(0)" id="jf">繁體</a> | <a href="/wap/">手机版</a> | <a href="/weixin.html">微信</a></div></div>
<div class="header"><div class="logo"><a href="/"><img src="/images/logo.png" alt="无锡市教育局"></a></div>
<form class="search" action="/search.html"><input name="q" placeholder="请输入关键字"><button>搜索</button></form></div>
<div class="nav"><ul>{nav}</ul></div>
<div class="main w1200">
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/col/2.html">政务公开</a> &gt; <a href="/col/21.html">计划总结</a></div>
<div class="article">
<h1 class="title">{html.escape(title)}</h1>
<div class="info"><span>发布日期：{date}</span><span>来源：{html.escape(source)}</span><span>浏览次数：<b id="hits">1362</b></span>
<span>【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</span><span><a href="javascript:window.print()">【打印本页】</a></span>
<span><a href="javascript:window.close()">【关闭窗口】</a></span></div>
<div class="share">分享到：<a class="wx" href="#">微信</a><a class="wb" href="#">微博</a><a class="qq" href="#">QQ空间</a></div>
<div class="content TRS_Editor" id="zoom">
{paras}
</div>
<div class="attach">相关附件：<a href="/attach/2975842.pdf">{html.escape(title)}.pdf</a></div>
<div class="related"><h3>相关链接</h3><ul>{related}</ul></div>
</div></div>
<div class="footer"><div class="links">政府网站：<a href="http://www.gov.cn">中国政府网</a> <a href="http://www.jiangsu.gov.cn">江苏省人民政府</a>
<a href="http://www.wuxi.gov.cn">无锡市人民政府</a></div>
<p>主办单位：无锡市教育局　地址：无锡市观山路199号　邮编：214131　联系电话：0510-81823939</p>
<p>网站标识码：3202000032　<a href="https://beian.miit.gov.cn">苏ICP备05010866号</a>　苏公网安备 32021402000321号</p>
<p><a href="/zc.html">政府网站找错</a>　<a href="/sitemap.html">网站地图</a>　<a href="/lxwm.html">联系我们</a></p></div>
<script src="/js/share.js"></script>
</body></html>
"""


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def main() -> None:
    from playwright.sync_api import sync_playwright

    FIXTURES.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = launch(p)
        report_pdf(browser, FIXTURES / "wuxi-education-2020-h1.pdf")
        district_pdf(browser, FIXTURES / "district-2021-plan.pdf")
        scanned_pdf(browser, FIXTURES / "scanned.pdf")
        browser.close()
    (FIXTURES / "wuxi-education-2020-h1.html").write_text(gov_page(report_lines()), encoding="utf-8")
    for name in ("wuxi-education-2020-h1.pdf", "district-2021-plan.pdf", "scanned.pdf", "wuxi-education-2020-h1.html"):
        print(f"{name}: {(FIXTURES / name).stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
