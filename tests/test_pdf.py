"""PDF input: text from e-paper-like PDFs the tests typeset themselves.

tests/make_pdf.py lays the project's own test articles out as a newspaper
page does (header and title drawn twice for a fake bold, two or three
columns, several pages) with reportlab's built-in CJK font; the graph built
from the PDF must score within 0.05 of the graph built from the text.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("reportlab")

from make_pdf import FONT, _font, article_pdf  # noqa: E402

from kg.errors import InputError  # noqa: E402
from kg.text import read_document, read_text  # noqa: E402
from kg.text.pdf import Glyph, layout_page, pdf_text  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
FIRST = "jiaozuo-daily-2017-01-12-p03"
TOLERANCE = 0.05


def canvas(path):
    from reportlab.pdfgen import canvas as rl_canvas

    _font()
    c = rl_canvas.Canvas(str(path), invariant=1)
    return c


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> Path:
    """The first article in three columns (two pages) and two others in two and three."""
    folder = tmp_path_factory.mktemp("pdfs")
    for stem, columns in ((FIRST, 3), ("dingxi-daily-2018-06-07-p03", 2),
                          ("zhaojue-rongmei-2019-07-03", 3)):
        article_pdf(read_text(DATA / "articles" / f"{stem}.txt")[0], folder / f"{stem}.pdf",
                    columns=columns)
    return folder


# --- the layout, on glyphs -------------------------------------------------------------

def glyph(x, y, text, size=10.0):
    return Glyph(x, y, x + size, y + size, text, size)


def row(x, y, text, size=10.0):
    return [glyph(x + i * size, y, c, size) for i, c in enumerate(text)]


def test_columns_are_read_one_after_the_other():
    left = row(0, 0, "甲一一") + row(0, 14, "甲二二") + row(0, 28, "甲三")
    right = row(50, 0, "乙一一") + row(50, 14, "乙二二") + row(50, 28, "乙三")
    assert layout_page(right + left) == "甲一一\n甲二二\n甲三\n\n乙一一\n乙二二\n乙三"


def test_a_title_over_the_columns_comes_first():
    title = row(10, 0, "通栏大标题", 20.0)
    body = row(0, 40, "左栏一") + row(0, 54, "左栏二") + row(50, 40, "右栏一") + row(50, 54, "右栏二")
    assert layout_page(body + title) == "通栏大标题\n\n左栏一\n左栏二\n\n右栏一\n右栏二"


def test_indent_after_a_short_line_starts_a_paragraph():
    lines = (row(20, 0, "第一段开头啊") + row(0, 14, "第一段结束。") + row(20, 28, "第二段开头呀") +
             row(0, 42, "还有字字字字字字"))
    assert layout_page(lines) == "  第一段开头啊\n第一段结束。\n\n  第二段开头呀\n还有字字字字字字"


def test_spaces_come_from_space_glyphs_and_wide_gaps():
    glyphs = row(0, 0, "本报记者") + [Glyph(40, 0, 42.5, 10, " ", 10)] + row(42.5, 0, "张三")
    assert layout_page(glyphs) == "本报记者 张三"
    assert layout_page(row(0, 0, "本报记者") + row(48, 0, "张三")) == "本报记者 张三"
    assert layout_page(row(0, 0, "扶贫") + row(21, 0, "干部")) == "扶贫干部"   # justified, no space


def test_no_glyphs_no_text():
    assert layout_page([]) == ""


# --- fake bold and columns, in real PDFs -------------------------------------------------

def test_fake_bold_is_removed_at_the_source(tmp_path):
    c = canvas(tmp_path / "bold.pdf")
    c.setFont(FONT, 12)
    for dx, dy in ((0, 0), (0.4, 0.1)):               # the header drawn twice, a little off
        c.drawString(50 + dx, 800 + dy, "2017年1月12日")
        c.drawString(250 + dx, 800 + dy, "星期四")
    c.drawString(50, 760, "市委书记到村里调研，11月16日。")
    c.save()
    got = pdf_text((tmp_path / "bold.pdf").read_bytes())
    assert got.text == "2017年1月12日  星期四\n\n市委书记到村里调研，11月16日。"
    assert got.overprinted == len("2017年1月12日星期四")
    assert "20172017" not in got.text and "年年" not in got.text


def test_the_article_pdf_reads_in_column_order(pdfs):
    got = pdf_text((pdfs / f"{FIRST}.pdf").read_bytes())
    text = got.text
    assert got.overprinted > 50                       # its header and heads were drawn twice
    assert text.startswith("2017年1月12日\n星期四\n03\n")
    assert len(got.pages) == 2 and got.pages[0] == 0 and text[got.pages[1] - 2:got.pages[1]] == "\n\n"
    # paragraphs come in the order of the text file, across columns and pages
    doc_text = read_document(DATA / "articles" / f"{FIRST}.txt").text
    pdf_doc = read_document(pdfs / f"{FIRST}.pdf")
    markers = ["2月23日，市委召开", "过去的一年", "识别精准。", "路径五：行业部门扶贫", "2016年12月9日，博爱县"]
    assert [doc_text.find(m) for m in markers] == sorted(doc_text.find(m) for m in markers)
    assert [pdf_doc.text.find(m) for m in markers] == sorted(pdf_doc.text.find(m) for m in markers)
    assert all(pdf_doc.text.find(m) >= 0 for m in markers)


def test_pdf_document_offsets_and_pages(pdfs):
    doc = read_document(pdfs / f"{FIRST}.pdf")
    assert doc.format == "pdf" and doc.encoding == "pdf" and doc.pages[0] == 0 and len(doc.pages) == 2
    assert doc.date.isoformat() == "2017-01-12"
    i = doc.text.find("路径五")                     # on page 2
    a, b = doc.raw_span(i, i + 3)
    assert doc.raw[a:b] == "路径五" and doc.page_at(a) == 2
    assert doc.page_at(doc.raw_span(0, 4)[0]) == 1


# --- the graph of the PDF scores like the graph of the text ---------------------------------

def _corpus(tmp_path: Path, articles: dict[str, Path]) -> Path:
    entries = [{"article": str(path), "gold": str(DATA / "gold" / stem), "date": None}
               for stem, path in articles.items()]
    path = tmp_path / f"corpus-{len(list(tmp_path.iterdir()))}.json"
    path.write_text(json.dumps(entries), encoding="utf-8")
    return path


def test_pdf_build_scores_within_005_of_the_text_build(pdfs, tmp_path):
    from kg.evaluate import evaluate_corpus

    stems = [p.stem for p in sorted(pdfs.glob("*.pdf"))]
    text = evaluate_corpus(_corpus(tmp_path, {s: DATA / "articles" / f"{s}.txt" for s in stems}))
    pdf = evaluate_corpus(_corpus(tmp_path, {s: pdfs / f"{s}.pdf" for s in stems}))
    for t, p in zip(text.articles, pdf.articles):
        assert p.macro_f1 >= t.macro_f1 - TOLERANCE, (p.article, t.macro_f1, p.macro_f1)
    assert pdf.articles[[Path(a.article).stem for a in pdf.articles].index(FIRST)].macro_f1 >= 0.95


def test_kg_build_of_a_pdf_keeps_page_and_raw_offsets(pdfs, tmp_path):
    from rdflib import Literal, URIRef

    from kg.graph.store import load
    from kg.graph.vocab import FP, OA

    run = subprocess.run([sys.executable, "-m", "kg", "build", pdfs / f"{FIRST}.pdf", "-o",
                          tmp_path / "out", "--no-html"], capture_output=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr.decode()
    graph = load(tmp_path / "out" / "graph.ttl")
    raw = pdf_text((pdfs / f"{FIRST}.pdf").read_bytes()).text
    pages = {int(p) for p in graph.objects(None, FP.page)}
    assert pages == {1, 2}
    evidence = list(graph.subjects(FP.page, None))
    assert len(evidence) > 20
    for ev in evidence:
        pos = URIRef(f"{ev}/position")
        a, b = int(graph.value(pos, OA.start)), int(graph.value(pos, OA.end))
        exact = str(graph.value(URIRef(f"{ev}/quote"), OA.exact))
        assert raw[a:b] == exact                       # offsets point into the extracted text
    run = subprocess.run([sys.executable, "-m", "kg", "validate", tmp_path / "out"],
                         capture_output=True, cwd=ROOT)
    assert run.returncode == 0, run.stdout.decode()
    assert Literal(2) in set(graph.objects(None, FP.page))


# --- damaged, encrypted and empty PDFs ---------------------------------------------------------

def test_truncated_pdf(pdfs):
    data = (pdfs / f"{FIRST}.pdf").read_bytes()
    with pytest.raises(InputError) as err:
        pdf_text(data[: len(data) // 2], source="half.pdf")
    assert err.value.code == "E106" and "truncated" in str(err.value)


def test_damaged_pdf_is_one_clear_error():
    with pytest.raises(InputError) as err:
        pdf_text(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\nendobj\n"
                 b"trailer << /Root 1 0 R >>\n%%EOF\n", source="bad.pdf")
    assert err.value.code in ("E106", "E108") and "\n" not in str(err.value)


def test_encrypted_pdf(tmp_path):
    from reportlab.lib import pdfencrypt

    c = canvas(tmp_path / "secret.pdf")
    c._doc.encrypt = pdfencrypt.StandardEncryption("user-password", canPrint=0)
    c.setFont(FONT, 12)
    c.drawString(50, 800, "内部资料")
    c.save()
    with pytest.raises(InputError) as err:
        pdf_text((tmp_path / "secret.pdf").read_bytes(), source="secret.pdf")
    assert err.value.code == "E107"


def test_pdf_without_text(tmp_path):
    c = canvas(tmp_path / "scan.pdf")
    c.rect(50, 50, 400, 600, fill=1)                 # a "scanned" page: no text layer
    c.save()
    with pytest.raises(InputError) as err:
        pdf_text((tmp_path / "scan.pdf").read_bytes(), source="scan.pdf")
    assert err.value.code == "E108" and "OCR" in str(err.value)


def test_too_much_text_in_a_pdf(pdfs):
    with pytest.raises(InputError) as err:
        pdf_text((pdfs / f"{FIRST}.pdf").read_bytes(), source="big.pdf", max_chars=1000)
    assert err.value.code == "E109"


def test_a_pdf_named_txt_is_read_as_a_pdf(pdfs, tmp_path):
    disguised = tmp_path / "page.txt"
    disguised.write_bytes((pdfs / "dingxi-daily-2018-06-07-p03.pdf").read_bytes())
    doc = read_document(disguised)
    assert doc.format == "pdf" and "渭源县" in doc.text
