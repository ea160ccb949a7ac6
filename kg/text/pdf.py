"""The text of a PDF page (an e-paper page), in reading order.

Characters come with their positions from pdfplumber (on pdfminer.six, both
MIT).  The text is then laid out here, not by the library, because an
e-paper page needs three things a generic extractor gets wrong:

1. **Fake bold at the source.**  Headers and titles are often drawn twice,
   the second copy a fraction of a point off, which text extractors emit as
   ``20172017年年11月月1212日日``.  A glyph drawn again with the same text and
   size within :data:`OVERPRINT` ems of an earlier one is dropped (the count
   is kept in :attr:`PdfText.overprinted`).
2. **Columns in order.**  The page is cut recursively (an XY cut): where a
   gutter at least :data:`GUTTER` ems wide runs down the whole region, the
   region is split into columns read left to right, unless a horizontal
   gap across it is wider still (a header row above the text, a picture
   across the columns), which is cut first, top to bottom.  A title over two
   columns is cut off first, then its columns; a leaf is one line.
3. **The shape of the text kept for the repair stage.**  Lines of a column
   end with ``\\n``; a gap wider than a line's leading, or the move to
   another column, or a change of font size, gives a blank line (``\\n\\n``), as ``pdftotext`` does; an
   indented line starts with two spaces, and after a line that stops short
   of the column's edge it starts a paragraph (a blank line before it); a
   space stands where the PDF draws a space glyph or leaves a wide gap.
   Pages are separated by a blank line (their starts are kept apart).

The result is the *raw* text of the document: :func:`kg.text.parse_text`
repairs it like any text, the offsets of the graph's evidence point into it,
and :attr:`PdfText.pages` gives the offset where each page starts, so that
the evidence also carries its page number.

Not handled: vertical (top-to-bottom) writing, scanned pages without a text
layer (E108: OCR them first), text drawn as curves.

Errors: E106 damaged or truncated PDF, E107 encrypted, E108 no text, E109
too much text.

>>> import io
>>> pdf_text(b"%PDF-1.4 garbage", source="x.pdf")
Traceback (most recent call last):
...
kg.errors.InputError: E106 x.pdf: truncated PDF: no %%EOF at its end (an incomplete download or copy?)
"""
from __future__ import annotations

import bisect
import io
import logging
import statistics
from dataclasses import dataclass, field

from kg.errors import InputError

__all__ = ["PdfText", "pdf_text", "layout_page", "Glyph", "OVERPRINT", "GUTTER"]

#: Two glyphs with the same text and size closer than this (in ems, both
#: ways) are one glyph drawn twice (fake bold).  Neighbouring glyphs are at
#: least half an em apart.
OVERPRINT = 0.25
#: Narrowest gutter between two columns, in ems of the body text.
GUTTER = 0.8
#: A gap between two wide (CJK) glyphs is a space from this width (ems);
#: between narrow ones (Latin, digits) from :data:`NARROW_SPACE`.
WIDE_SPACE = 0.4
NARROW_SPACE = 0.2
#: A gap between two lines of a column larger than this share of the
#: typical leading is a paragraph gap (a blank line).
PARAGRAPH_GAP = 1.4
#: Indent (ems) from which a line counts as indented.
INDENT = 0.8
_PAGE_BREAK = "\n\n"


@dataclass
class PdfText:
    """The extracted text of a PDF."""
    text: str
    pages: list[int]                 # offset in ``text`` where each page starts
    overprinted: int = 0             # glyphs dropped as drawn twice (fake bold)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Glyph:
    """One character as drawn: box (PDF points, ``top`` down from the page top)."""
    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    size: float

    @property
    def mid(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def core(self) -> tuple[float, float]:
        # The middle of the box: ascent and descent of some fonts make the
        # boxes of two lines overlap, their cores never do.
        half = 0.35 * self.size
        return self.mid - half, self.mid + half


def pdf_text(data: bytes, *, source: str = "<pdf>", max_chars: int | None = None) -> PdfText:
    """Extract the text of the PDF ``data`` (see the module doc).

    Raises
    ------
    kg.errors.InputError
        E106 damaged or truncated, E107 encrypted, E108 no text layer, E109
        more than ``max_chars`` characters of text.
    """
    if b"%%EOF" not in data[-2048:]:
        raise InputError("truncated PDF: no %%EOF at its end (an incomplete download or copy?)",
                         path=source, code="E106")
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    except ImportError as e:   # pragma: no cover - a core dependency
        raise InputError(f"cannot read PDFs: {e.name} is not installed "
                         "(pip install pdfplumber)", path=source, code="E106") from None
    _quiet_pdfminer()
    parts: list[str] = []
    pages: list[int] = []
    overprinted = length = 0
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                glyphs, dropped = _glyphs(page.chars)
                overprinted += dropped
                text = layout_page(glyphs)
                if parts:
                    parts.append(_PAGE_BREAK)
                    length += len(_PAGE_BREAK)
                pages.append(length)
                parts.append(text)
                length += len(text)
                page.flush_cache()      # keep memory flat on long documents
                if max_chars is not None and length > max_chars:
                    raise InputError(f"too large: over {max_chars:,} characters of text "
                                     "(kg build --max-size MB)", path=source, code="E109")
    except InputError:
        raise
    except Exception as e:   # pdfminer raises many kinds on damaged files
        # pdfplumber wraps pdfminer's errors: look at the one inside
        inner = e.args[0] if e.args and isinstance(e.args[0], Exception) else e
        if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)) or any(
                w in type(inner).__name__.lower() for w in ("password", "encrypt")):
            raise InputError(f"encrypted PDF ({type(inner).__name__}): it needs a password",
                             path=source, code="E107") from None
        raise InputError(f"damaged PDF: {type(inner).__name__}: {_one_line(inner)}", path=source,
                         code="E106") from None
    text = "".join(parts)
    if not text.strip():
        raise InputError(f"no text in this PDF ({len(pages)} page{'s' if len(pages) != 1 else ''}; "
                         "scanned? run OCR on it first)", path=source, code="E108")
    return PdfText(text, pages, overprinted)


def _one_line(e: Exception) -> str:
    return " ".join(str(e).split())[:200] or type(e).__name__


def _quiet_pdfminer() -> None:
    # pdfminer logs warnings about sloppy files ("CropBox missing"); without
    # a handler Python would print them on stderr, in the middle of our one-line errors.
    log = logging.getLogger("pdfminer")
    if not any(isinstance(h, logging.NullHandler) for h in log.handlers):
        log.addHandler(logging.NullHandler())
    log.setLevel(logging.ERROR)
    log.propagate = False


def _glyphs(chars: list[dict]) -> tuple[list[Glyph], int]:
    """The page's visible glyphs, less overprinted copies; spaces last.

    Space glyphs take no part in the layout (a trailing space could bridge a
    gutter); :func:`layout_page` only looks for them between two glyphs.
    """
    kept: list[Glyph] = []
    spaces: list[Glyph] = []
    grid: dict[tuple, list[Glyph]] = {}
    dropped = 0
    for c in chars:
        text = c.get("text") or ""
        if text.startswith("(cid:"):
            text = "\ufffd"           # a glyph the font does not map to Unicode
        if not text:
            continue
        try:
            x0, x1, top, bottom = (float(c[k]) for k in ("x0", "x1", "top", "bottom"))
            size = abs(float(c.get("size") or (bottom - top))) or 1.0
        except (KeyError, TypeError, ValueError):
            continue
        g = Glyph(x0, top, x1, bottom, " " if text.isspace() else text, size)
        if g.text == " ":
            spaces.append(g)
            continue
        tol = OVERPRINT * size
        cell = (round(x0 / tol), round(top / tol))
        key = (text, round(size, 1))
        twin = False
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for other in grid.get((key, cell[0] + dx, cell[1] + dy), ()):
                    if abs(other.x0 - x0) < tol and abs(other.top - top) < tol:
                        twin = True
        if twin:
            dropped += 1
            continue
        grid.setdefault((key, *cell), []).append(g)
        kept.append(g)
    return kept + spaces, dropped


def layout_page(glyphs: list[Glyph]) -> str:
    """The text of one page's glyphs in reading order (see the module doc).

    >>> g = lambda x, y, t: Glyph(x, y, x + 10, y + 10, t, 10)
    >>> left = [g(0, 0, "左"), g(10, 0, "一"), g(0, 14, "左"), g(10, 14, "二")]
    >>> right = [g(40, 0, "右"), g(50, 0, "一"), g(40, 14, "右"), g(50, 14, "二")]
    >>> layout_page(left + right)
    '左一\\n左二\\n\\n右一\\n右二'
    """
    spaces = [g for g in glyphs if g.text == " "]
    glyphs = [g for g in glyphs if g.text != " "]
    if not glyphs:
        return ""
    em = statistics.median(g.size for g in glyphs)
    lines: list[list[Glyph]] = []
    _xycut(glyphs, em, lines)
    return _render(lines, spaces)


def _gaps(glyphs: list[Glyph], axis: str) -> tuple[list[Glyph], list[tuple[float, int]]]:
    """``glyphs`` sorted along ``axis`` (x: boxes, y: cores), and the gaps
    running across the whole region: (width, index of the glyph after it)."""
    if axis == "x":
        span = lambda g: (g.x0, g.x1)      # noqa: E731
    else:
        span = lambda g: g.core            # noqa: E731
    order = sorted(glyphs, key=lambda g: span(g)[0])
    reach = span(order[0])[1]
    gaps: list[tuple[float, int]] = []
    for i, g in enumerate(order[1:], 1):
        a, b = span(g)
        if a > reach:
            gaps.append((a - reach, i))
        reach = max(reach, b)
    return order, gaps


def _cut(order: list[Glyph], cuts: list[int]) -> list[list[Glyph]]:
    bounds = [0, *cuts, len(order)]
    return [order[a:b] for a, b in zip(bounds, bounds[1:])]


def _xycut(glyphs: list[Glyph], em: float, out: list[list[Glyph]]) -> None:
    """Append the lines of ``glyphs`` to ``out`` in reading order."""
    stack = [glyphs]
    while stack:
        region = stack.pop()
        rows, row_gaps = _gaps(region, "y")
        widest_row = max((w for w, _ in row_gaps), default=0.0)
        parts = None
        if row_gaps:                  # more than one line: columns?
            cols, col_gaps = _gaps(region, "x")
            gutters = [(w, i) for w, i in col_gaps if w >= GUTTER * em]
            if gutters and max(w for w, _ in gutters) >= widest_row:
                parts = _cut(cols, [i for _, i in gutters])
        if parts is None and row_gaps:
            parts = _cut(rows, [i for w, i in row_gaps if w >= 0.95 * widest_row])
        if parts is None:
            out.append(sorted(region, key=lambda g: g.x0))
            continue
        stack.extend(reversed(parts))


@dataclass
class _Line:
    glyphs: list[Glyph]

    def __post_init__(self):
        self.x0 = min(g.x0 for g in self.glyphs)
        self.x1 = max(g.x1 for g in self.glyphs)
        self.mid = statistics.median(g.mid for g in self.glyphs)
        self.em = statistics.median(g.size for g in self.glyphs)

    def text(self, spaces: list[float]) -> str:
        """The line's text; ``spaces``: centres of the space glyphs drawn on it."""
        out = [self.glyphs[0].text]
        for prev, g in zip(self.glyphs, self.glyphs[1:]):
            gap = g.x0 - prev.x1
            wide = _is_wide(prev) and _is_wide(g)
            drawn = gap > 0 and any(prev.x1 - 0.1 * self.em <= x <= g.x0 + 0.1 * self.em
                                    for x in spaces)
            if drawn or gap >= (WIDE_SPACE if wide else NARROW_SPACE) * self.em:
                out.append("  " if gap >= 2 * self.em else " ")
            out.append(g.text)
        return "".join(out)


def _is_wide(g: Glyph) -> bool:
    return g.x1 - g.x0 >= 0.8 * g.size


def _render(groups: list[list[Glyph]], spaces: list[Glyph]) -> str:
    """Lines in reading order, with ``\\n``, blank lines and indents."""
    lines = [_Line(g) for g in groups]
    stacked = [_stacked(a, b) for a, b in zip(lines, lines[1:])]
    steps = [b.mid - a.mid for (a, b), s in zip(zip(lines, lines[1:]), stacked) if s]
    leading = statistics.median(steps) if steps else 0.0
    # Runs of lines one under the other with ordinary leading form a block.
    blocks: list[list[_Line]] = [[lines[0]]]
    for (a, b), s in zip(zip(lines, lines[1:]), stacked):
        step = b.mid - a.mid
        same_size = abs(a.em - b.em) <= 0.15 * max(a.em, b.em)
        em = max(a.em, b.em)
        if s and same_size and step <= PARAGRAPH_GAP * min(max(leading, 1.05 * em), 2.0 * em):
            blocks[-1].append(b)
        else:
            blocks.append([b])
    spaces = sorted(spaces, key=lambda g: g.mid)
    mids = [g.mid for g in spaces]
    out = []
    for block in blocks:
        left = min(line.x0 for line in block)
        right = max(line.x1 for line in block)
        rendered = []
        for k, line in enumerate(block):
            lo = bisect.bisect_left(mids, line.mid - 0.3 * line.em)
            hi = bisect.bisect_right(mids, line.mid + 0.3 * line.em)
            text = line.text([(g.x0 + g.x1) / 2 for g in spaces[lo:hi]])
            if len(block) > 1 and line.x0 - left >= INDENT * line.em:
                # An indented line after one that stops short starts a paragraph.
                if k and block[k - 1].x1 < right - line.em:
                    rendered.append("")
                text = "  " + text
            rendered.append(text)
        out.append("\n".join(rendered))
    return "\n\n".join(out)


def _stacked(a: _Line, b: _Line) -> bool:
    """``b`` is the next line under ``a`` in the same column."""
    overlap = min(a.x1, b.x1) - max(a.x0, b.x0)
    return b.mid > a.mid and overlap > 0
