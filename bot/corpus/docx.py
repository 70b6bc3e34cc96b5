"""Read a .docx report (python-docx) as plain text lines the 公文 parser understands.

- Paragraphs and tables in document order; a soft line break inside a paragraph is joined.
- Word's automatic numbering is written out as the reader sees it: ``一、`` ``（一）`` ``1.`` …
  (numFmt decimal / chineseCounting / circled / letters / roman, lvlText ``%1、`` ``（%1）``…),
  from the paragraph's own numbering or its style's.
- A heading (style ``Heading 1``/``标题 1``/… or an outline level) that carries no 公文 numeral
  is still a part (level 1) or an item (level 2): its offset is returned as a hint.
- A table becomes one line per row; with a header row, ``列名：值，列名：值。`` so a row is a
  sentence that says what its figures are.
- The document's own title (core properties, or a ``Title`` paragraph) is returned as metadata.

Not handled: text boxes, footnotes, comments, tracked changes (the current text is read), images.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

CN_DIGITS = "零一二三四五六七八九"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)


@dataclass
class WordText:
    text: str  # lines joined with "\n", not yet cleaned
    title: str = ""
    part_lines: list[str] = field(default_factory=list)  # unnumbered level-1 headings
    item_lines: list[str] = field(default_factory=list)  # unnumbered level-2 headings
    properties: dict = field(default_factory=dict)


def cn_number(n: int) -> str:
    """``7`` -> ``七``, ``12`` -> ``十二``, ``30`` -> ``三十``, ``105`` -> ``105``"""
    if n <= 0 or n >= 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CN_DIGITS[tens] + "十")
    return head + (CN_DIGITS[ones] if ones else "") if n >= 10 else CN_DIGITS[n]


def _roman(n: int) -> str:
    out = ""
    for v, s in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                 (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out, n = out + s, n - v
    return out


FORMATS = {
    "decimal": str, "decimalZero": lambda n: f"{n:02d}",
    "chineseCounting": cn_number, "chineseCountingThousand": cn_number, "ideographDigital": cn_number,
    "taiwaneseCounting": cn_number, "taiwaneseCountingThousand": cn_number,
    "chineseLegalSimplified": lambda n: "".join("零壹贰叁肆伍陆柒捌玖"[int(d)] for d in str(n)),
    "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "decimalEnclosedCircleChinese": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "lowerLetter": lambda n: chr(ord("a") + (n - 1) % 26), "upperLetter": lambda n: chr(ord("A") + (n - 1) % 26),
    "lowerRoman": lambda n: _roman(n).lower(), "upperRoman": _roman,
    "bullet": lambda n: "", "none": lambda n: "",
}


class Numbering:
    """Word's list numbering: the text of each numbered paragraph's number, counted in order."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # numId -> ilvl -> (start, fmt, lvlText)
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, AttributeError, NotImplementedError):
            return
        abstract = {}
        for a in root.findall(f"{W}abstractNum"):
            abstract[a.get(f"{W}abstractNumId")] = self._lvls(a)
        for num in root.findall(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            lvls = dict(abstract.get(ref.get(f"{W}val"), {})) if ref is not None else {}
            for ov in num.findall(f"{W}lvlOverride"):
                ilvl = int(ov.get(f"{W}ilvl", "0"))
                lvl = ov.find(f"{W}lvl")
                if lvl is not None:
                    lvls.update(self._lvls(ov))
                start = ov.find(f"{W}startOverride")
                if start is not None and ilvl in lvls:
                    lvls[ilvl] = (int(start.get(f"{W}val")), *lvls[ilvl][1:])
            self.levels[num.get(f"{W}numId")] = lvls

    @staticmethod
    def _lvls(el) -> dict[int, tuple[int, str, str]]:
        out = {}
        for lvl in el.findall(f"{W}lvl"):
            get = lambda tag, default: (lvl.find(f"{W}{tag}").get(f"{W}val")  # noqa: E731
                                        if lvl.find(f"{W}{tag}") is not None else default)
            out[int(lvl.get(f"{W}ilvl", "0"))] = (int(get("start", "1")), get("numFmt", "decimal"),
                                                  get("lvlText", ""))
        return out

    def label(self, num_id: str, ilvl: int) -> str:
        """The number text of the next paragraph of list ``num_id`` at level ``ilvl``."""
        lvls = self.levels.get(num_id)
        if not lvls or ilvl not in lvls or num_id == "0":
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, lvls[ilvl][0] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]  # a new item restarts its sub-lists

        def fill(m):
            k = int(m.group(1)) - 1
            start, fmt, _ = lvls.get(k, (1, "decimal", ""))
            return FORMATS.get(fmt, str)(counters.get(k, start))

        return re.sub(r"%(\d)", fill, lvls[ilvl][2])


def _num_pr(paragraph):
    """(numId, ilvl) of a paragraph, from its own properties or its style chain."""
    p_pr = paragraph._p.pPr
    candidates = [p_pr] if p_pr is not None else []
    style = paragraph.style
    while style is not None:
        candidates.append(style.element.pPr)
        style = style.base_style
    for pr in candidates:
        num_pr = pr.find(f"{W}numPr") if pr is not None else None
        if num_pr is None:
            continue
        num_id = num_pr.find(f"{W}numId")
        ilvl = num_pr.find(f"{W}ilvl")
        if num_id is not None:
            return num_id.get(f"{W}val"), int(ilvl.get(f"{W}val")) if ilvl is not None else 0
    return None


def _heading_level(paragraph) -> int | None:
    style = paragraph.style
    while style is not None:
        m = HEADING_STYLE.match(style.name or "")
        if m:
            return int(m.group(1))
        style = style.base_style
    p_pr = paragraph._p.pPr
    outline = p_pr.find(f"{W}outlineLvl") if p_pr is not None else None
    return int(outline.get(f"{W}val")) + 1 if outline is not None else None


def _is_title(paragraph) -> bool:
    name = (paragraph.style.name or "") if paragraph.style is not None else ""
    return name.lower() in ("title", "标题")


def table_lines(table) -> list[str]:
    """Rows as sentences: ``学段：小学，学校数：38所。`` when the first row is a header."""
    rows = []
    for row in table.rows:
        cells, last = [], None
        for cell in row.cells:  # a merged cell repeats: keep it once
            if cell._tc is last:
                continue
            last = cell._tc
            cells.append(" ".join(cell.text.split()))
        rows.append(cells)
    rows = [r for r in rows if any(r)]
    if not rows:
        return []
    header = rows[0]
    has_header = (len(rows) > 1 and len(header) > 1 and all(header)
                  and all(len(h) <= 12 and not re.search(r"\d", h) for h in header))
    if not has_header:
        return ["，".join(c for c in r if c) + "。" for r in rows]
    out = []
    for r in rows[1:]:
        pairs = [f"{h}：{v}" if h and h != v else v for h, v in zip(header, r) if v]
        pairs += [v for v in r[len(header):] if v]
        out.append("，".join(pairs) + "。")
    return out


def read_docx(path: Path) -> WordText:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    numbering = Numbering(document)
    out = WordText("")
    lines: list[str] = []
    for el in document.element.body.iterchildren():
        if el.tag == f"{W}tbl":
            lines.extend(table_lines(Table(el, document)))
            continue
        if el.tag != f"{W}p":
            continue
        p = Paragraph(el, document)
        text = re.sub(r"[\t\u00a0]+", " ", p.text.replace("\n", "")).strip()
        num = _num_pr(p)
        prefix = numbering.label(*num) if num else ""
        if not text:
            continue
        line = prefix + text
        level = _heading_level(p)
        if (_is_title(p) or (level == 1 and not lines)) and not out.title:
            out.title = text  # a Title paragraph, or a first heading above everything: the document's title
        elif level is not None and not prefix:
            (out.part_lines if level == 1 else out.item_lines if level == 2 else []).append(line)
        lines.append(line)
    props = document.core_properties
    out.properties = {k: v for k, v in (("title", props.title), ("author", props.author)) if v}
    out.title = (props.title or out.title or "").strip()
    out.text = "\n".join(lines)
    return out
