"""Bytes to text: find the encoding of a file, never by a lossy guess.

Accepted: UTF-8 (with or without BOM), UTF-16 and UTF-32 with BOM, and
GB18030 (a superset of GBK and GB2312) when the bytes are not UTF-8 and decode
strictly to text that is plausibly Chinese.  Everything else raises
:class:`kg.errors.InputError`.

A byte-order mark is not part of the text: the returned string starts after
it, and every offset of the pipeline (``Document.raw``, ``Document.offsets``)
counts characters of that string, not bytes of the file.

Error codes: E101 missing, E102 unreadable, E103 empty, E104 binary,
E105 undecodable, E106 a PDF (extract its text first).
"""
from __future__ import annotations

import codecs
import os

from kg.errors import InputError

__all__ = ["read_text", "decode"]

# Longest first: the UTF-32-LE BOM begins with the UTF-16-LE one.
_BOMS = (   # (mark, codec of the bytes after it, name reported)
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)

#: Share of the non-ASCII characters that must be common Chinese (encodable
#: in GB2312: the 6,763 common hanzi and CJK punctuation) for a GB18030
#: reading to be believed.  Real GBK news text scores above 0.98; Latin-1 or
#: random bytes that happen to decode score far lower.
_MIN_COMMON_SHARE = 0.9


def read_text(path: str | os.PathLike, *, encoding: str | None = None) -> tuple[str, str]:
    """Read a text file and return ``(text, encoding_name)``.

    Parameters
    ----------
    path : str or PathLike
        The file.
    encoding : str, optional
        Decode strictly with this codec instead of detecting one.

    Raises
    ------
    InputError
        The file is missing, unreadable, empty, binary or undecodable.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = p.write_bytes("扶贫".encode("gb18030"))
    >>> read_text(p)
    ('扶贫', 'gb18030')
    """
    name = os.fspath(path)
    try:
        with open(name, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise InputError("no such file", path=name, code="E101") from None
    except OSError as exc:   # a directory, no permission, ...
        raise InputError(f"cannot read: {exc.strerror or exc}", path=name, code="E102") from None
    return decode(data, source=name, encoding=encoding)


def decode(data: bytes, *, source: str = "<bytes>", encoding: str | None = None) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding_name)``; see the module doc.

    >>> decode(b"\\xef\\xbb\\xbf\\xe6\\x89\\xb6")
    ('扶', 'utf-8-sig')
    >>> decode(b"abc\\xff", source="x.txt")
    Traceback (most recent call last):
    ...
    kg.errors.InputError: E105 x.txt: cannot decode: byte 0xff at offset 3 is not UTF-8, and the file is not GB18030 Chinese text
    """
    if not data:
        raise InputError("file is empty", path=source, code="E103")
    text, name = _decode(data, source, encoding)
    if not text.strip():
        raise InputError("file has no text, only white space", path=source, code="E103")
    return text, name


def _decode(data: bytes, source: str, encoding: str | None) -> tuple[str, str]:
    """The decoding proper: explicit codec, else BOM, else UTF-8, else GB18030."""
    if encoding is not None:
        return _strict(data, encoding, source), encoding
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return _strict(data, codec, source, skip=len(bom)), name
    if data.startswith(b"%PDF-"):
        raise InputError("is a PDF: extract its text first (e.g. pdftotext)", path=source, code="E106")
    if b"\x00" in data:
        # UTF-16 without a BOM is also refused here: it cannot be told from
        # binary data without guessing.
        at = data.index(b"\x00")
        raise InputError(f"looks binary: NUL byte at offset {at}", path=source, code="E104")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _plausibly_chinese(text):
        return text, "gb18030"
    raise InputError(
        f"cannot decode: byte 0x{data[first_bad]:02x} at offset {first_bad} is not UTF-8, "
        "and the file is not GB18030 Chinese text", path=source, code="E105")


def _strict(data: bytes, codec: str, source: str, skip: int = 0) -> str:
    """Decode strictly, reporting the byte offset (in the file) of the first bad byte."""
    try:
        text = data[skip:].decode(codec)
    except LookupError:
        raise InputError(f"unknown encoding {codec!r}", path=source, code="E105") from None
    except UnicodeDecodeError as exc:
        at = exc.start + skip
        raise InputError(f"cannot decode as {codec}: bad byte 0x{data[at]:02x} at offset {at}",
                         path=source, code="E105") from None
    if text.startswith("\ufeff"):   # an explicit --encoding utf-8 on a file with a BOM
        text = text[1:]
    return text


def _plausibly_chinese(text: str) -> bool:
    """True if most non-ASCII characters are common Chinese characters or marks."""
    wide = [c for c in text if ord(c) > 0x7F and not c.isspace()]
    if not wide:
        return False
    common = 0
    for c in wide:
        try:
            c.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    has_han = any("\u4e00" <= c <= "\u9fff" for c in wide)
    return has_han and common / len(wide) >= _MIN_COMMON_SHARE
