"""Stage 1: a raw file becomes a :class:`kg.model.Document`.

read (bytes -> str) -> repair (text + offset map) -> blocks -> sentences,
and the page's date, paper and title.

>>> doc = parse_text("20172017年年11月月1212日日\\n\\n乡村新貌\\n\\n本报记者 张某\\n\\n村里修了\\n路。")
>>> doc.date, doc.title, doc.text
(datetime.date(2017, 1, 12), '乡村新貌', '2017年1月12日\\n乡村新貌\\n本报记者 张某\\n村里修了路。')
>>> [b.kind for b in doc.blocks]
['dateline', 'headline', 'byline', 'body']
"""
from __future__ import annotations

import datetime as _dt
import os

from kg.model import Document
from kg.text.blocks import segment
from kg.text.pubdate import find_publication_date, find_publisher, find_title
from kg.text.read import decode, read_text
from kg.text.repair import repair
from kg.text.sentences import split_sentences

__all__ = ["read_document", "parse_text", "read_text", "decode", "repair", "segment",
           "split_sentences", "find_publication_date", "find_publisher", "find_title"]


def read_document(path: str | os.PathLike, *, date: _dt.date | str | None = None,
                  encoding: str | None = None) -> Document:
    """Read, decode and parse one text file.

    Parameters
    ----------
    path : str or PathLike
        The file (UTF-8, UTF-8/16/32 with BOM, or GB18030/GBK).
    date : date or str, optional
        The publication date, overriding what the page says.
    encoding : str, optional
        Decode with this codec instead of detecting one.

    Raises
    ------
    kg.errors.InputError
        Missing, unreadable, empty, binary or undecodable file.
    """
    raw, encoding_used = read_text(path, encoding=encoding)
    doc = parse_text(raw, source=os.fspath(path), date=date)
    doc.encoding = encoding_used
    return doc


def parse_text(raw: str, *, source: str = "<string>",
               date: _dt.date | str | None = None) -> Document:
    """Parse decoded text into a Document (``source`` names it, and may hold a date)."""
    text, offsets = repair(raw)
    blocks = segment(text)
    return Document(
        source=source, raw=raw, text=text, offsets=offsets, blocks=blocks,
        sentences=split_sentences(text, blocks),
        date=find_publication_date(text, blocks, source=source, explicit=date),
        title=find_title(text, blocks), publisher=find_publisher(text, blocks))
