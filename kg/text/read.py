"""Bytes to text: find the encoding of a file, never by a lossy guess.

Accepted: UTF-8 (with or without BOM), UTF-16 and UTF-32 with BOM,
GB18030 (a superset of GBK and GB2312) when the bytes are not UTF-8 and decode
strictly to text that is plausibly Chinese, and else Big5 (Microsoft's cp950,
then Big5-HKSCS) when they decode strictly to plausibly Chinese Traditional
text.  Everything else raises :class:`kg.errors.InputError`.  (Traditional
text is converted to Simplified for matching later, in :func:`kg.text.parse_text`;
the text decoded here stays as it was.)

Files are read whole, up to a size limit (:data:`MAX_INPUT_BYTES`, 8 MiB by
default: an article is 5-50 KB, a whole issue's text well under 1 MB), so
that a 50 MB log file or a device given by mistake fails at once with E109
instead of hanging the build or filling memory.

A byte-order mark is not part of the text: the returned string starts after
it, and every offset of the pipeline (``Document.raw``, ``Document.offsets``)
counts characters of that string, not bytes of the file.

Error codes: E101 missing, E102 unreadable (a folder, a device, no
permission), E103 empty, E104 binary, E105 undecodable, E106 a PDF given to the
text decoder (``kg.text.read_document`` reads PDFs), E109 too large.
"""
from __future__ import annotations

import codecs
import os
import stat

from kg.errors import InputError

__all__ = ["read_text", "read_bytes", "decode", "MAX_INPUT_BYTES", "max_input_bytes"]

#: Largest input file read (bytes) by default; the environment variable
#: ``KG_MAX_SIZE_MB`` (which ``kg build --max-size MB`` sets) changes it.
MAX_INPUT_BYTES = 8 * 2**20


def max_input_bytes() -> int:
    """The size limit in force: ``KG_MAX_SIZE_MB`` if set (and a number), else 8 MiB.

    >>> import os; os.environ["KG_MAX_SIZE_MB"] = "0.5"; max_input_bytes()
    524288
    >>> del os.environ["KG_MAX_SIZE_MB"]; max_input_bytes() == MAX_INPUT_BYTES
    True
    """
    try:
        mb = float(os.environ.get("KG_MAX_SIZE_MB", ""))
    except ValueError:
        return MAX_INPUT_BYTES
    return int(mb * 2**20) if mb > 0 else MAX_INPUT_BYTES

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


def read_text(path: str | os.PathLike, *, encoding: str | None = None,
              max_bytes: int | None = None) -> tuple[str, str]:
    """Read a text file and return ``(text, encoding_name)``.

    Parameters
    ----------
    path : str or PathLike
        The file.
    encoding : str, optional
        Decode strictly with this codec instead of detecting one.
    max_bytes : int, optional
        Size limit (default :func:`max_input_bytes`).

    Raises
    ------
    InputError
        The file is missing, unreadable, too large, empty, binary or undecodable.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = p.write_bytes("扶贫".encode("gb18030"))
    >>> read_text(p)
    ('扶贫', 'gb18030')
    """
    name = os.fspath(path)
    return decode(read_bytes(name, max_bytes=max_bytes), source=name, encoding=encoding)


def read_bytes(path: str | os.PathLike, *, max_bytes: int | None = None) -> bytes:
    """The bytes of a regular file of at most ``max_bytes`` bytes.

    Only regular files are read (a FIFO or a device would block or never
    end), and never more than ``max_bytes + 1`` bytes, so a file that grows
    while it is read cannot exhaust memory either.

    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "big.txt"
    >>> _ = p.write_bytes(b"x" * 2000)
    >>> read_bytes(p, max_bytes=1000)   # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.InputError: E109 ...big.txt: too large: 2,000 bytes, the limit is 1,000 (kg build --max-size MB)
    """
    name = os.fspath(path)
    limit = max_input_bytes() if max_bytes is None else max_bytes
    try:
        info = os.stat(name)
        if stat.S_ISDIR(info.st_mode):
            raise InputError("cannot read: is a folder", path=name, code="E102")
        if not stat.S_ISREG(info.st_mode):
            raise InputError("cannot read: not a regular file (a device, pipe or socket)",
                             path=name, code="E102")
        if info.st_size > limit:
            raise InputError(_too_large(info.st_size, limit), path=name, code="E109")
        with open(name, "rb") as fh:
            data = fh.read(limit + 1)
    except FileNotFoundError:
        raise InputError("no such file", path=name, code="E101") from None
    except OSError as exc:   # no permission, an I/O error, ...
        raise InputError(f"cannot read: {exc.strerror or exc}", path=name, code="E102") from None
    if len(data) > limit:    # it grew after stat
        raise InputError(_too_large(len(data), limit, more=True), path=name, code="E109")
    return data


def _too_large(size: int, limit: int, more: bool = False) -> str:
    return (f"too large: {'over ' if more else ''}{size:,} bytes, the limit is {limit:,} "
            "(kg build --max-size MB)")


def decode(data: bytes, *, source: str = "<bytes>", encoding: str | None = None) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding_name)``; see the module doc.

    >>> decode(b"\\xef\\xbb\\xbf\\xe6\\x89\\xb6")
    ('扶', 'utf-8-sig')
    >>> decode("扶貧".encode("big5"))
    ('扶貧', 'big5')
    >>> decode(b"abc\\xff", source="x.txt")
    Traceback (most recent call last):
    ...
    kg.errors.InputError: E105 x.txt: cannot decode: byte 0xff at offset 3 is not UTF-8, and the file is not GB18030 or Big5 Chinese text
    """
    if not data:
        raise InputError("file is empty", path=source, code="E103")
    text, name = _decode(data, source, encoding)
    if not text.strip():
        raise InputError("file has no text, only white space", path=source, code="E103")
    return text, name


def _decode(data: bytes, source: str, encoding: str | None) -> tuple[str, str]:
    """The decoding proper: explicit codec, else BOM, else UTF-8, else GB18030, else Big5."""
    if encoding is not None:
        return _strict(data, encoding, source), encoding
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return _strict(data, codec, source, skip=len(bom)), name
    if data.startswith(b"%PDF-"):
        raise InputError("is a PDF: read it with kg.text.read_document (kg build reads PDFs)",
                         path=source, code="E106")
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
    text = _big5(data)
    if text is not None:
        return text, "big5"
    raise InputError(
        f"cannot decode: byte 0x{data[first_bad]:02x} at offset {first_bad} is not UTF-8, "
        "and the file is not GB18030 or Big5 Chinese text", path=source, code="E105")


def _big5(data: bytes) -> str | None:
    """``data`` as Big5 if it decodes strictly to plausibly Traditional Chinese.

    Big5 bytes read as GBK give many characters outside GB2312, so GB18030
    is rejected first; GBK bytes read as Big5 give random, mostly rare
    Traditional characters, which fail the test here: once converted to
    Simplified, most characters of real text are among the 3,755 common
    hanzi (GB2312 level 1).
    """
    from kg.text.hant import to_simplified

    for codec in ("cp950", "big5hkscs"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        han = [c for c in to_simplified(text) if "\u4e00" <= c <= "\u9fff"]
        if not han:
            return None
        common = sum(_common_hanzi(c) for c in han)
        return text if common / len(han) >= _MIN_COMMON_SHARE else None
    return None


def _common_hanzi(c: str) -> bool:
    """In GB2312 level 1 (the 3,755 most common hanzi: lead bytes 0xB0-0xD7)."""
    try:
        b = c.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return 0xB0 <= b[0] <= 0xD7


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
