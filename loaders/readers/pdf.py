"""PDF with a text layer → text, one page after another, pages separated by a form feed ``\\f``.

Library: **pypdfium2** (Python bindings to Google's PDFium, the Chrome PDF engine; BSD-3-Clause /
Apache-2.0, binary wheels for Linux/macOS/Windows). Compared on the Qingdao plan printed by
LibreOffice (``bench/bench_readers.py --compare``, 70 and 140 pages, best of 3, on this shared
2-CPU machine, so ranges over two runs):

- pypdfium2: 390–560 pages/s; Chinese in reading order, list numbers kept inline (``1. 实施…``),
  spaces around Latin digits (``2024 年``: normalisation drops them);
- pypdf (BSD-3, pure Python): the same text quality but 7–19 pages/s, 20–50 times slower (a profile
  shows most of the time in parsing the page content streams in Python);
- pdfplumber (MIT, on pdfminer.six): the same text as pypdf, 7–9 pages/s;
- pdfminer.six (MIT): 11–15 pages/s, and drops the generated list numbers (``1.``) into a separate
  text box placed elsewhere, so clause labels go missing;
- PyMuPDF (AGPL-3.0 or commercial): 430–650 pages/s, about as fast, but it splits ``1.`` onto its
  own line, and the AGPL would oblige everyone who distributes policykg, or serves it over a network, to offer the
  whole program's source under the AGPL: not acceptable as a dependency of an Apache-2.0 project.

Page numbers are the PDF's own page order (1-based). The reader's text is the concatenation of
the page texts joined by ``\\n\\f``, *as printed*: running headers and footers and page numbers stay
in it, so evidence spans point into what the PDF says; :func:`policykg.loaders.normalize.normalize`
drops them (:func:`policykg.loaders.pages.running_line_spans`), re-joins what a line or page break
cut, and turns each ``\\f`` into a page start, so ``NormalizedText.page_of`` gives the page of any span.
Glyph variants (``„2022‟`` for 〔2022〕, private-use glyphs, ``ꎬ`` for ，) are read as meant by
normalisation too, 1:1, so offsets are unaffected.

A PDF whose pages carry (almost) no text is a scan: :class:`NoTextLayer` (a warning record; policykg
does no OCR). Pages without text inside a PDF that has text (a scanned cover or annex) are listed
in the source's metadata (``pages_without_text``) and reported as a warning by the pipeline.
A page PDFium reads through a broken font map (mostly characters no policy text uses) is read
again by pdfminer.six (:func:`reread_with_pdfminer`), fifteen times slower but right on those
fonts. See ``docs/pdf-reading.md`` for the comparison with pdfplumber / pdfminer.six on the real corpus.
"""

from __future__ import annotations

import re

from policykg.errors import InputError, NoTextLayer
from policykg.loaders.pages import PAGE_NUMBER

MIN_CHARS_PER_PAGE = 10  # fewer visible characters per page than this on average: a scan
_SPACE = re.compile(r"\s+")


def extract_pages(raw: bytes, name: str) -> list[str]:
    """The text of each page, in page order, lines separated by ``\\n``."""
    import pypdfium2 as pdfium  # imported here: only PDF input needs it

    try:
        document = pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise InputError(name, "encrypted PDF", "save an unprotected copy from a PDF viewer") from exc
        raise InputError(
            name,
            f"unreadable PDF ({exc})",
            "download it again, or open it in a PDF viewer and save a new copy",
        ) from exc
    pages = []
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            # PDFium ends lines with \r\n, marks a soft line-break hyphen with \x02 and a hyphen
            # at a line end with \ufffe (in Chinese text a real one: 储层-井筒-输送)
            text = textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n")
            pages.append(text.replace("\x02", "").replace("\ufffe", "-"))
            textpage.close()
            page.close()
    finally:
        document.close()
    broken = [index for index, page in enumerate(pages) if garbled(page)]
    if broken:
        try:
            better = reread_with_pdfminer(raw, broken)
        except Exception:  # noqa: BLE001 - pdfminer failing on a page PDFium read: keep PDFium's text
            better = {}
        for index, text in better.items():
            if not garbled(text):
                pages[index] = text.rstrip()
    return pages


# A page whose text is more than this share of characters no Chinese policy text uses (Latin
# extended, Cyrillic, combining marks: "ǂ认真贯彻落实ћ西ſˏ人民ɶ府") has a font PDFium maps to the
# wrong code points; pdfminer.six reads such fonts' CID maps right (docs/pdf-reading.md).
GARBLED_SHARE = 0.05
_EXPECTED = re.compile(
    r"[\s\x20-\x7e\u00b0\u00b1\u00b7\u00d7\u2000-\u206f\u2150-\u218f\u2190-\u21ff\u2200-\u22ff"
    r"\u2460-\u24ff\u2500-\u257f\u25a0-\u25ff\u2e80-\u2fdf\u3000-\u303f\u3200-\u33ff\u3400-\u9fff"
    r"\ua3ac\ua3ae\ua3bb\uf000-\uf0ff\uff00-\uffef\U00100000-\U0010ffff«»]"
)


def garbled(page: str) -> bool:
    """Is the page's text mostly right, or read through a broken font map?"""
    chars = len(page.strip())
    return chars > 20 and (chars - len(_EXPECTED.findall(page.strip()))) > GARBLED_SHARE * chars


def reread_with_pdfminer(raw: bytes, page_indices: list[int]) -> dict[int, str]:
    """The text of some pages by pdfminer.six's layout analysis (0-based page index → text)."""
    import io

    from pdfminer.high_level import extract_pages as pdfminer_pages
    from pdfminer.layout import LTTextContainer

    texts: dict[int, str] = {}
    wanted = sorted(page_indices)
    for index, layout in zip(wanted, pdfminer_pages(io.BytesIO(raw), page_numbers=set(wanted)), strict=False):
        texts[index] = "".join(part.get_text() for part in layout if isinstance(part, LTTextContainer))
    return texts


def _visible(page: str) -> int:
    """Characters on a page outside blank space and a printed page number."""
    return sum(len(_SPACE.sub("", line)) for line in page.split("\n") if not PAGE_NUMBER.match(line.strip()))


def page_texts(raw: bytes, name: str) -> tuple[list[str], list[int]]:
    """Each page's text as printed, and the pages (1-based) without a text layer.

    Raises :class:`NoTextLayer` when the whole PDF is a scan.
    """
    pages = extract_pages(raw, name)
    if not pages:
        raise InputError(name, "PDF without pages")
    visible = [_visible(page) for page in pages]
    if sum(visible) < MIN_CHARS_PER_PAGE * len(pages):
        raise NoTextLayer(
            name,
            f"no text layer: OCR it first ({len(pages)} pages of images; policykg does no OCR, nothing was read)",
            "run OCR (e.g. ocrmypdf --language chi_sim in.pdf out.pdf) and read the OCRed PDF",
        )
    empty = [number for number, count in enumerate(visible, start=1) if count < MIN_CHARS_PER_PAGE]
    return [page.rstrip() for page in pages], empty


class PdfReader:
    """The :class:`policykg.loaders.read.Reader` of ``application/pdf``."""

    def read(self, raw: bytes, name: str) -> tuple[str, str]:
        text, encoding, _ = self.read_with_metadata(raw, name)
        return text, encoding

    def read_with_metadata(self, raw: bytes, name: str) -> tuple[str, str, dict[str, str]]:
        pages, empty = page_texts(raw, name)
        metadata = {"pages_without_text": ", ".join(map(str, empty))} if empty else {}
        return "\n\f".join(pages), "pdf", metadata


def page_starts(text: str) -> list[int]:
    """Offsets where each page of a reader's text begins (page N starts at ``result[N - 1]``)."""
    return [0] + [i + 1 for i, ch in enumerate(text) if ch == "\f"]
