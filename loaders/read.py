"""Files → :class:`SourceText`: size and binary checks, encoding detection, media-type readers.

The *decoded original text* that every record span points into is what a reader returns:
for plain text the decoded file, for HTML the extracted article text (tags, scripts, styles,
navigation, headers and footers removed). PDF and DOCX readers can be added later with
:func:`register_reader` without touching anything else.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import re
import stat
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar, Protocol

from charset_normalizer import from_bytes

from policykg.errors import InputError
from policykg.loaders.types import SourceText

MAX_BYTES = 50 * 1024 * 1024  # default size limit; callers may pass another one
TEXT = "text/plain"
HTML = "text/html"
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Encodings a Chinese policy text is plausibly in; charset-normalizer may name a subset of
# GB18030 (gb2312, gbk), which we decode with the superset so no character is lost.
_CHINESE_ENCODINGS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "gb18030": "gb18030",
    "big5": "big5",
    "big5hkscs": "big5hkscs",
    "hz": "hz",
    "utf_8": "utf-8",
    "utf-8": "utf-8",
}
_HTML_SNIFF = re.compile(
    rb"<\s*(?:!doctype\s+html|html|head|body|meta|title|div|p|article)[\s>/]", re.IGNORECASE
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


class Reader(Protocol):
    """Turns raw bytes of one media type into (decoded original text, encoding)."""

    def read(self, raw: bytes, name: str) -> tuple[str, str]: ...


def decode_text(raw: bytes, name: str) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK/Big5.

    Never guesses silently: an encoding is accepted only when it decodes every byte.
    """
    if raw.startswith(codecs.BOM_UTF8):
        return _strict(raw, "utf-8-sig", name), "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(raw, "utf-16", name), "utf-16"
    if b"\x00" in raw[:8192]:
        raise InputError(name, "binary file (NUL bytes)", "only text, HTML files are readable")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # Valid UTF-8 text up to a character cut off by the end of the file: an interrupted
        # download or copy. Say so, rather than letting a lenient GB18030 decoding guess.
        # (read_source drops such a tail, with a warning, before a reader sees the bytes.)
        cut = truncated_utf8_tail(raw)
        if cut is not None:
            raise InputError(
                name,
                f"truncated UTF-8: the file ends inside a character (byte {cut} of {len(raw)})",
                "the file was cut short: copy or download it again",
            ) from None
    best = from_bytes(raw[: 1 << 20]).best()
    encoding = _CHINESE_ENCODINGS.get(best.encoding.lower()) if best is not None else None
    for candidate in ([encoding] if encoding else []) + ["gb18030"]:
        try:
            text = raw.decode(candidate)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text, candidate
    raise InputError(name, "undecodable bytes: not UTF-8, GB18030/GBK or Big5", "convert the file to UTF-8")


def truncated_utf8_tail(raw: bytes) -> int | None:
    """Where a UTF-8 text cut off inside its last character starts its broken tail (None: not such
    a text). Only a tail of 1-3 bytes after valid, non-ASCII UTF-8 counts: an interrupted download
    or copy, not a file in another encoding."""
    body = raw.removeprefix(codecs.BOM_UTF8)
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        at_the_end = exc.reason == "unexpected end of data" and exc.start >= max(1, len(body) - 3)
        if at_the_end and not body[: exc.start].isascii():
            return exc.start + len(raw) - len(body)
    return None


def _strict(raw: bytes, encoding: str, name: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            name, f"undecodable bytes for {encoding} at byte {exc.start}", "convert the file to UTF-8"
        ) from exc


def _looks_like_text(text: str) -> bool:
    """Reject decodings full of control characters (a binary file decoded by luck)."""
    sample = text[:20000]
    return bool(sample) and len(_CONTROL.findall(sample)) <= len(sample) // 100


class PlainTextReader:
    def read(self, raw: bytes, name: str) -> tuple[str, str]:
        text, encoding = decode_text(raw, name)
        if not _looks_like_text(text):
            raise InputError(name, "binary file (control characters)", "only text, HTML files are readable")
        return text, encoding


class _ArticleParser(HTMLParser):
    """Collects visible text; block elements become line breaks."""

    SKIP: ClassVar[set[str]] = {
        "script",
        "style",
        "nav",
        "header",
        "footer",
        "noscript",
        "aside",
        "form",
        "iframe",
        "template",
        "svg",
        "button",
        "select",
    }
    BLOCK: ClassVar[set[str]] = {
        "p",
        "div",
        "br",
        "li",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "section",
        "article",
        "main",
        "ul",
        "ol",
        "dd",
        "dt",
        "pre",
        "blockquote",
        "title",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_depth = 0
        self.parts: list[str] = []
        self.article_parts: list[str] = []
        self.article_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skip_depth += 1
        elif tag in ("article", "main"):
            self.article_depth += 1
        if tag in self.BLOCK:
            self._emit("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skip_depth:
            self.skip_depth -= 1
        elif tag in ("article", "main") and self.article_depth:
            self.article_depth -= 1
        if tag in self.BLOCK:
            self._emit("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self._emit(data)

    def _emit(self, text: str) -> None:
        self.parts.append(text)
        if self.article_depth:
            self.article_parts.append(text)


class HtmlReader:
    """A saved web page: keeps the article (``<article>``/``<main>`` when present, else the body)."""

    def read(self, raw: bytes, name: str) -> tuple[str, str]:
        html, encoding = decode_text(raw, name)
        parser = _ArticleParser()
        parser.feed(html)
        parser.close()
        article = "".join(parser.article_parts)
        text = article if article.strip() else "".join(parser.parts)
        # Tags leave runs of blank lines and indentation behind; one line break per block is enough.
        text = re.sub(r"[ \t\r\f\v\xa0]*\n[\s\xa0]*", "\n", text).strip()
        return text, encoding


_READERS: dict[str, Reader] = {TEXT: PlainTextReader(), HTML: HtmlReader()}


def register_reader(media_type: str, reader: Reader) -> None:
    """Add or replace the reader of a media type (e.g. PDF, DOCX)."""
    _register_document_readers()  # first the bundled ones, so a caller's reader is not overwritten
    _READERS[media_type] = reader


def detect_media_type(raw: bytes) -> str:
    """Sniff the content, not the file name."""
    head = raw[:4096].lstrip(codecs.BOM_UTF8 + b" \t\r\n")
    if head.startswith(b"%PDF-") or b"%PDF-" in raw[:1024]:  # readers accept a header within 1 KB
        return PDF
    if head.startswith(b"PK\x03\x04") and (b"word/document.xml" in raw or b"word/" in raw[:65536]):
        return DOCX
    if head.startswith(b"<") and _HTML_SNIFF.search(raw[:4096]) or _HTML_SNIFF.match(head):
        return HTML
    return TEXT


def _not_a_file(mode: int) -> str | None:
    """What a path that is not a regular file is, in words (None: a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _open_failed(path: Path, name: str, error: OSError) -> InputError:
    """The reason a path could not be opened, and how to fix it."""
    number = error.errno
    if number == errno.ENOENT and path.is_symlink():
        target = os.readlink(path)
        return InputError(
            name,
            f"dangling symbolic link: its target {target} does not exist",
            "point the link at an existing file or remove it",
        )
    if number == errno.ENOENT:
        return InputError(
            name,
            f"no such file: {path}",
            "check the path; a file listed but gone when read was moved or deleted meanwhile",
        )
    if number in (errno.EACCES, errno.EPERM):
        return InputError(
            name, "permission denied", "make it readable with chmod u+r, or run as a user who may read it"
        )
    if number == errno.ELOOP:
        return InputError(name, "symbolic link loop", "point the link at a file, not at itself")
    if number == errno.ENOTDIR:
        return InputError(name, f"a folder of the path is a file: {path}", "check the path")
    if number == errno.EISDIR:
        return InputError(name, "a directory, not a file", f"give the files inside it, e.g. {path}/*.txt")
    return InputError(name, f"cannot open: {error.strerror or error}", "check the path")


def _read_bytes(path: Path, name: str, max_bytes: int) -> bytes:
    """The bytes of a regular file. Anything else (directory, FIFO, socket, device) is refused
    before a byte is read: the open does not block (O_NONBLOCK), so a FIFO without a writer never
    hangs the batch, and the type is checked on the open descriptor, not on a path that could be
    swapped in between."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _open_failed(path, name, exc) from None
    try:
        info = os.fstat(fd)
        what = _not_a_file(info.st_mode)
        if what == "a directory":
            raise InputError(name, "a directory, not a file", f"give the files inside it, e.g. {path}/*.txt")
        if what is not None:
            raise InputError(
                name, f"{what}, not a regular file", "save what it delivers to a file and give that"
            )
        if info.st_size == 0:
            raise InputError(name, "empty file")
        if info.st_size > max_bytes:
            raise InputError(
                name,
                f"file too large ({info.st_size} bytes > limit {max_bytes})",
                "split the file or raise the size limit",
            )
        with open(fd, "rb", closefd=False) as handle:
            return handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(
            name, f"read failed: {exc.strerror or exc}", "check the disk or copy the file again"
        ) from None
    finally:
        os.close(fd)


def read_source(path: str | Path, max_bytes: int = MAX_BYTES) -> SourceText:
    """Read one file. Raises :class:`InputError` naming the file and the reason: a missing file, a
    dangling link, no permission, a directory, a FIFO or device, an empty, oversized, binary or
    undecodable file all become one."""
    path = Path(path)
    name = path.name or str(path)
    raw = _read_bytes(path, name, max_bytes)
    if not raw:
        raise InputError(name, "empty file")
    if len(raw) > max_bytes:  # grew while being read
        raise InputError(
            name,
            f"file too large (more than the limit of {max_bytes} bytes)",
            "split the file or raise the size limit",
        )
    media_type = detect_media_type(raw)
    sha256 = hashlib.sha256(raw).hexdigest()  # of the file as it is
    warnings: list[str] = []
    cut = truncated_utf8_tail(raw) if media_type in (TEXT, HTML) else None
    if cut is not None:  # an interrupted copy: the text up to the broken character, and a warning
        warnings.append(
            f"truncated UTF-8: the file ends inside a character at byte {cut} of {len(raw)}; read "
            f"without its last {len(raw) - cut} byte(s) (copy or download it again for the whole text)"
        )
        raw = raw[:cut]
    _register_document_readers()
    reader = _READERS.get(media_type)
    if reader is None:
        raise InputError(name, f"no reader for {media_type}", f"readable types: {', '.join(_READERS)}")
    metadata: dict[str, str] = {}
    read_with_metadata = getattr(reader, "read_with_metadata", None)
    if read_with_metadata is not None:  # readers that also see what the file says about itself
        text, encoding, metadata = read_with_metadata(raw, name)
    else:
        text, encoding = reader.read(raw, name)
    if not text.strip():
        raise InputError(name, "empty file (no text)")
    return SourceText(
        source=name,
        path=str(path),
        text=text,
        encoding=encoding,
        sha256=sha256,
        media_type=media_type,
        metadata=metadata,
        warnings=tuple(warnings),
    )


_document_readers_registered = False


def _register_document_readers() -> None:
    """PDF, DOCX and the article-extracting HTML reader from :mod:`policykg.loaders.readers`."""
    global _document_readers_registered
    if not _document_readers_registered:
        _document_readers_registered = True
        from policykg.loaders.readers import register_all  # here: the readers import this module

        register_all(register_reader)
