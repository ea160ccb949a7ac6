"""Stage 1: a raw file becomes a :class:`kg.model.Document`.

read (bytes -> str) -> repair (text + offset map) -> blocks -> sentences,
and the page's date, paper and title.

A file is read as what its bytes are, whatever its name: a PDF (``%PDF-``,
:mod:`kg.text.pdf`), an HTML page (``.html``/``.htm`` or a ``<!DOCTYPE
html>``/``<html>`` start, :mod:`kg.text.html`), or text (:mod:`kg.text.read`).
For a PDF or a page the *raw* text is the text extracted from it, which the
offsets point into.  Traditional text is converted to Simplified after the
repair (:mod:`kg.text.hant`).

>>> doc = parse_text("20172017年年11月月1212日日\\n\\n乡村新貌\\n\\n本报记者 张某\\n\\n村里修了\\n路。")
>>> doc.date, doc.title, doc.text
(datetime.date(2017, 1, 12), '乡村新貌', '2017年1月12日\\n乡村新貌\\n本报记者 张某\\n村里修了路。')
>>> [b.kind for b in doc.blocks]
['dateline', 'headline', 'byline', 'body']
"""
from __future__ import annotations

import datetime as _dt
import os

from kg.errors import InputError
from kg.model import Document
from kg.text.blocks import segment
from kg.text.pubdate import find_publication_date, find_publisher, find_title
from kg.text.read import decode, read_bytes, read_text
from kg.text.repair import repair
from kg.text.sentences import split_sentences

__all__ = ["read_document", "parse_text", "read_text", "decode", "repair", "segment",
           "split_sentences", "find_publication_date", "find_publisher", "find_title",
           "sniff", "FORMATS", "SUFFIXES"]

#: What a file can be read as.
FORMATS = ("text", "pdf", "html")
#: File name endings a folder given to ``kg build`` is searched for.
SUFFIXES = {".txt": "text", ".text": "text", ".pdf": "pdf", ".html": "html", ".htm": "html",
            ".xhtml": "html", ".shtml": "html"}
#: PDFs are larger than text (fonts, images): their own file size limit.
MAX_PDF_BYTES = 256 * 2**20


def sniff(head: bytes, name: str = "") -> str:
    """What a file is, from its first bytes (and its name for HTML).

    >>> sniff(b"%PDF-1.7 ..."), sniff(b"<!DOCTYPE html><html>"), sniff(b"abc", "a.htm")
    ('pdf', 'html', 'html')
    >>> sniff("扶贫".encode("utf-8"), "a.txt")
    'text'
    """
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if os.path.splitext(name)[1].lower() in (".html", ".htm", ".xhtml", ".shtml"):
        return "html"
    start = head[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in head[:4096].lower():
        return "html"
    return "text"


def read_document(path: str | os.PathLike, *, date: _dt.date | str | None = None,
                  encoding: str | None = None, max_bytes: int | None = None) -> Document:
    """Read one file (text, PDF or HTML page) and parse it.

    Parameters
    ----------
    path : str or PathLike
        The file: text (UTF-8, UTF-8/16/32 with BOM, GB18030/GBK or Big5), a
        PDF, or an HTML page.
    date : date or str, optional
        The publication date, overriding what the page says.
    encoding : str, optional
        Decode text or HTML with this codec instead of detecting one.
    max_bytes : int, optional
        Size limit of a text or HTML file (default
        :func:`kg.text.read.max_input_bytes`, 8 MiB); a PDF may be 32 times as
        large (at most 256 MiB), but its text no larger than a third of this
        in characters.

    Raises
    ------
    kg.errors.InputError
        Missing, unreadable, too large, empty, binary, undecodable, damaged,
        encrypted or text-less file.
    """
    from kg.text import read as _read

    name = os.fspath(path)
    limit = _read.max_input_bytes() if max_bytes is None else max_bytes
    try:
        data = read_bytes(name, max_bytes=limit)
    except InputError as e:
        if e.code != "E109" or not _starts_pdf(name):
            raise
        data = read_bytes(name, max_bytes=max(limit, min(32 * limit, MAX_PDF_BYTES)))
    kind = sniff(data[:4096], name)
    pages: list[int] = []
    if kind == "pdf":
        from kg.text.pdf import pdf_text

        extracted = pdf_text(data, source=name, max_chars=limit // 3)
        raw, encoding_used, pages = extracted.text, "pdf", extracted.pages
    else:
        if kind == "html":
            from kg.text.html import html_text

            raw, encoding_used = html_text(data, source=name, encoding=encoding)
        else:
            raw, encoding_used = decode(data, source=name, encoding=encoding)
    doc = parse_text(raw, source=name, date=date, traditional=True if encoding_used == "big5" else None)
    doc.encoding = encoding_used
    doc.format = kind
    doc.pages = pages
    return doc


def _starts_pdf(name: str) -> bool:
    """Whether the (regular) file ``name`` begins like a PDF."""
    try:
        with open(name, "rb") as f:
            return b"%PDF-" in f.read(1024)
    except OSError:
        return False


def parse_text(raw: str, *, source: str = "<string>",
               date: _dt.date | str | None = None, traditional: bool | None = None) -> Document:
    """Parse decoded text into a Document (``source`` names it, and may hold a date).

    ``traditional``: convert the text from Traditional to Simplified
    characters (None: when :func:`kg.text.hant.is_traditional` says so);
    ``Document.original`` then keeps the repaired text before conversion.

    >>> doc = parse_text("趙小東說：\\n全村脫貧了。")
    >>> doc.text, doc.original
    ('赵小东说：全村脱贫了。', '趙小東說：全村脫貧了。')
    """
    text, offsets = repair(raw)
    original = ""
    if traditional is None:
        from kg.text.hant import is_traditional

        traditional = is_traditional(text)
    if traditional:
        from kg.text.hant import to_simplified

        original, text = text, to_simplified(text)
    blocks = segment(text)
    return Document(
        source=source, raw=raw, text=text, offsets=offsets, blocks=blocks,
        sentences=split_sentences(text, blocks),
        date=find_publication_date(text, blocks, source=source, explicit=date),
        title=find_title(text, blocks), publisher=find_publisher(text, blocks),
        original=original if original != text else "")
