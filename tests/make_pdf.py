"""Make e-paper-like PDFs of the project's test articles, for the PDF tests.

The article's text is repaired and segmented as usual (kg.text.parse_text),
then typeset the way a newspaper page is: a header band (date, weekday,
page, masthead) and the title drawn twice a fraction of a point apart (the
"fake bold" that gives ``20172017年年…`` in text extractors), the title across
the columns, then the text flowing through two or three columns and on to
the next page, body paragraphs indented by two ems, section heads in a
larger bold, captions and credits smaller.  The font is reportlab's built-in
CID font STSong-Light (Adobe-GB1), so no font file is needed.

    python tests/make_pdf.py data/articles/jiaozuo-daily-2017-01-12-p03.txt page.pdf
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

FONT = "STSong-Light"
_WORD = re.compile(r"[A-Za-z0-9.,%+\-_/:@()]+|\s+|.", re.S)


def _font():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    try:
        pdfmetrics.getFont(FONT)
    except KeyError:
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return pdfmetrics


def paragraphs(raw: str) -> list[tuple[str, str]]:
    """(kind, text) of each paragraph of the repaired article."""
    from kg.text import parse_text

    doc = parse_text(raw)
    out = []
    start = 0
    for line in doc.text.split("\n"):
        kinds = [b.kind for b in doc.blocks if start <= b.start < start + len(line) + 1]
        out.append((kinds[0] if kinds else "body", line))
        start += len(line) + 1
    return out


def wrap(text: str, width: float, size: float, first_indent: float = 0.0) -> list[str]:
    """Lines of ``text`` at most ``width`` points wide; Latin words and numbers kept whole."""
    metrics = _font()
    lines, line, used = [], "", first_indent
    for token in _WORD.findall(text):
        w = metrics.stringWidth(token, FONT, size)
        if used + w > width and line.strip():
            lines.append(line)
            line, used = "", 0.0
            if token.isspace():
                continue
        line += token
        used += w
    if line.strip():
        lines.append(line)
    return lines


class _Page:
    def __init__(self, path, columns, size, gutter):
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfgen import canvas

        _font()
        self.c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
        self.w, self.h = A4
        self.margin = 40.0
        self.columns = columns
        self.gutter = gutter
        self.col_w = (self.w - 2 * self.margin - (columns - 1) * gutter) / columns
        self.size = size
        self.top = self.h - self.margin
        self.col = 0
        self.y = self.top

    def draw(self, x, y, text, size, bold=False):
        self.c.setFont(FONT, size)
        self.c.drawString(x, y, text)
        if bold:                       # fake bold: the same text again, a little off
            self.c.drawString(x + 0.35, y - 0.1, text)

    def full_width(self, text, size, bold=False, center=False, after=4.0):
        width = self.w - 2 * self.margin
        for line in wrap(text, width, size):
            self.y -= size * 1.3
            x = self.margin
            if center:
                x += (width - _font().stringWidth(line, FONT, size)) / 2
            self.draw(x, self.y, line, size, bold)
        self.y -= after

    def start_columns(self):
        self.top = self.y - 6
        self.col = 0
        self.y = self.top

    def _x(self):
        return self.margin + self.col * (self.col_w + self.gutter)

    def _next_column(self):
        self.col += 1
        if self.col >= self.columns:
            self.c.showPage()
            self.col = 0
            self.top = self.h - self.margin
        self.y = self.top

    def flow(self, text, size, *, indent=0.0, bold=False, before=0.0, leading=1.4):
        if self.y != self.top:
            self.y -= before
        for i, line in enumerate(wrap(text, self.col_w, size, first_indent=indent * size)):
            if self.y - size * leading < self.margin:
                self._next_column()
            self.y -= size * leading
            x = self._x() + (indent * size if i == 0 else 0.0)
            self.draw(x, self.y, line.rstrip(), size, bold)

    def save(self):
        self.c.showPage()
        self.c.save()


def article_pdf(raw: str, path: str | Path, *, columns: int = 3, size: float = 10.0,
                fake_bold: bool = True) -> Path:
    """Typeset the article ``raw`` (its text file's content) into the PDF ``path``."""
    # STSong-Light (Adobe-GB1) has no glyph for U+2022; newspapers in GB fonts use ●.
    paras = [(kind, text.replace("•", "●")) for kind, text in paragraphs(raw)]
    page = _Page(path, columns, size, gutter=1.8 * size)
    i = 0
    while i < len(paras) and paras[i][0] in ("dateline", "masthead"):      # the header band
        page.full_width(paras[i][1], 9.0, bold=fake_bold, after=1.0)
        i += 1
    j = i
    while j < len(paras) and paras[j][0] == "headline":
        j += 1
    if i < j and j < len(paras) and paras[j][0] == "byline":             # the title over the columns
        page.y -= 8
        for kind, text in paras[i:j]:
            page.full_width(text, 18.0, bold=fake_bold, center=True, after=2.0)
        page.full_width(paras[j][1], size, center=True, after=6.0)
        i = j + 1
    page.start_columns()
    for kind, text in paras[i:]:
        if kind == "headline":
            page.flow(text, size * 1.2, bold=fake_bold, before=size)
        elif kind == "body":
            page.flow(text, size, indent=2.0)
        elif kind in ("caption", "credit"):
            page.flow(text, size * 0.9, before=size * 0.6)
        else:
            page.flow(text, size, before=size * 0.5)
    page.save()
    return Path(path)


if __name__ == "__main__":   # pragma: no cover
    from kg.text import read_text

    article_pdf(read_text(sys.argv[1])[0], sys.argv[2])
