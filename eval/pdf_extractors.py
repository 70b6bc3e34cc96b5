"""Compare PDF text extractors on the report printed to PDF: speed and the Chinese text they give back.

    python -m eval.pdf_extractors [PDF ...]     # default: tests/fixtures/wuxi-education-2020-h1.pdf

For each of pypdfium2 (PDFium, Apache-2.0/BSD), pdfplumber (pdfminer.six, MIT) and pypdf (BSD) —
all permissively licensed and maintained; PyMuPDF is AGPL and left out — its plain text extraction:
median time of 5 runs, the report's characters recovered in order (whitespace ignored; difflib),
the report's sentences found verbatim, and characters that are not what a reader sees (Kangxi
radicals, compatibility ideographs, private-use, U+FFFD/U+FFFE, ``(cid:N)``). Then bot/corpus/pdf.py
(pypdfium2 with the layout rebuilt): its time and whether its text equals the report's exactly.
"""
from __future__ import annotations

import difflib
import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REPORT = REPO / "corpus" / "wuxi-education-2020-h1.txt"
ODD = re.compile(r"[\u2e80-\u2fdf\uf900-\ufaff\ue000-\uf8ff\ufffd\ufffe\x00-\x08]|\(cid:\d+\)")


def pypdfium2_text(path: Path) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def pdfplumber_text(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def pypdf_text(path: Path) -> str:
    import pypdf

    return "\n".join(page.extract_text() for page in pypdf.PdfReader(str(path)).pages)


EXTRACTORS = {"pypdfium2": pypdfium2_text, "pdfplumber": pdfplumber_text, "pypdf": pypdf_text}


def _median_ms(fn, path: Path, runs: int = 5) -> tuple[float, str]:
    out = fn(path)  # warm: imports, font caches
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        out = fn(path)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000, out


def compare(path: Path) -> list[dict]:
    sys.path.insert(0, str(REPO))
    from bot.corpus import clean, load_document
    from bot.corpus.pdf import read_pdf

    source = clean(REPORT.read_text(encoding="utf-8-sig"))
    flat = re.sub(r"\s+", "", source)
    sentences = [re.sub(r"\s+", "", s.text) for it in load_document(REPORT).items() for s in it.sentences]
    rows = []
    for name, fn in EXTRACTORS.items():
        ms, text = _median_ms(fn, path)
        got = re.sub(r"\s+", "", text)
        sm = difflib.SequenceMatcher(None, flat, got, autojunk=False)
        matched = sum(b.size for b in sm.get_matching_blocks())
        rows.append({"extractor": name, "ms": round(ms, 1), "chars": f"{matched}/{len(flat)}",
                     "sentences": f"{sum(s in got for s in sentences)}/{len(sentences)}",
                     "odd": len(ODD.findall(text)), "extra": len(got) - matched})
    ms, got = _median_ms(lambda p: read_pdf(p).text, path)
    rows.append({"extractor": "bot/corpus/pdf.py", "ms": round(ms, 1), "exact": clean(got) == source})
    return rows


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or [REPO / "tests" / "fixtures" / "wuxi-education-2020-h1.pdf"]
    for path in paths:
        print(f"## {path.name}\n")
        print("| extractor | median ms | report characters in order | sentences verbatim | odd characters | extra characters |")
        print("|---|---|---|---|---|---|")
        for r in compare(path):
            if "exact" in r:
                print(f"| {r['extractor']} (layout rebuilt) | {r['ms']} | exact text: {r['exact']} | | | |")
            else:
                print(f"| {r['extractor']} | {r['ms']} | {r['chars']} | {r['sentences']} | {r['odd']} | {r['extra']} |")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
