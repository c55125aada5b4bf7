"""Reader throughput: PDF pages/s, DOCX documents/s, HTML pages/s; writes bench/results/readers.json.

    /tmp/venv/bin/python bench/bench_readers.py [--repeat N] [--copies N] [--compare]

Inputs are the committed fixtures (``tests/data/readers/``: the Qingdao plan printed by
LibreOffice, 7 pages, and saved as DOCX; a government-style web page). For a bigger PDF the
7 pages are concatenated ``--copies`` times with pypdfium2. ``read_source`` is timed end to end
(file read, detection, extraction, header/footer removal); ``--compare`` also times the text
extraction alone of pypdfium2, pypdf, pdfplumber, pdfminer.six and PyMuPDF where installed. Figures, not tests.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from policykg.loaders.read import read_source

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "readers"
RESULTS = Path(__file__).resolve().parent / "results" / "readers.json"


def concatenated_pdf(copies: int) -> bytes:
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(DATA / "qingdao.pdf")
    combined = pdfium.PdfDocument.new()
    for _ in range(copies):
        combined.import_pages(source)
    buffer = io.BytesIO()
    combined.save(buffer)
    return buffer.getvalue()


def best_of(repeat: int, work: Callable[[], Any]) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def _pypdfium2(raw: bytes) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(raw)
    texts = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    document.close()
    return len(texts)


def _pypdf(raw: bytes) -> int:
    from pypdf import PdfReader

    return len([page.extract_text() for page in PdfReader(io.BytesIO(raw)).pages])


def _pdfplumber(raw: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(raw)) as pdf:
        return len([page.extract_text() for page in pdf.pages])


def _pdfminer(raw: bytes) -> int:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(raw)).count("\f")


def _pymupdf(raw: bytes) -> int:
    import pymupdf

    with pymupdf.open(stream=raw, filetype="pdf") as document:  # type: ignore[no-untyped-call]
        return len([page.get_text() for page in document])


LIBRARIES: dict[str, tuple[Callable[[bytes], int], str]] = {
    "pypdfium2": (_pypdfium2, "BSD-3-Clause / Apache-2.0"),
    "pypdf": (_pypdf, "BSD-3-Clause"),
    "pdfplumber": (_pdfplumber, "MIT"),
    "pdfminer.six": (_pdfminer, "MIT"),
    "pymupdf": (_pymupdf, "AGPL-3.0 (or commercial)"),
}


def compare(raw: bytes, pages: int, repeat: int) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for name, (extract, licence) in LIBRARIES.items():
        try:
            extract(raw)  # warm-up: imports and caches
        except ImportError:
            results[name] = {"licence": licence, "installed": False}
            continue
        seconds = best_of(repeat, lambda extract=extract: extract(raw))  # type: ignore[misc]
        results[name] = {
            "licence": licence,
            "seconds": round(seconds, 3),
            "pages_per_second": round(pages / seconds, 1),
        }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--copies", type=int, default=10, help="concatenate the 7-page PDF this many times")
    parser.add_argument(
        "--compare", action="store_true", help="also time pypdfium2/pypdf/pdfplumber/pdfminer/PyMuPDF"
    )
    args = parser.parse_args()

    read_source(DATA / "qingdao.pdf")  # warm-up: imports (pypdfium2, lxml, trafilatura)
    read_source(DATA / "qingdao.docx")
    read_source(DATA / "gov_page.html")
    result: dict[str, Any] = {
        "machine": {"python": sys.version.split()[0], "platform": platform.platform(), "cpus": os.cpu_count()}
    }
    with tempfile.TemporaryDirectory() as work:
        big = Path(work) / "qingdao_x.pdf"
        raw = concatenated_pdf(args.copies)
        big.write_bytes(raw)
        pages = read_source(big).text.count("\f") + 1
        small = best_of(args.repeat, lambda: read_source(DATA / "qingdao.pdf"))
        large = best_of(args.repeat, lambda: read_source(big))
        result["pdf"] = {
            "pages": 7,
            "seconds": round(small, 3),
            "pages_per_second": round(7 / small, 1),
            "large_pages": pages,
            "large_seconds": round(large, 3),
            "large_pages_per_second": round(pages / large, 1),
        }
        if args.compare:
            result["pdf_libraries"] = compare(raw, pages, args.repeat)
    documents = 20
    docx = best_of(args.repeat, lambda: [read_source(DATA / "qingdao.docx") for _ in range(documents)])
    result["docx"] = {
        "documents": documents,
        "characters_each": len(read_source(DATA / "qingdao.docx").text),
        "seconds": round(docx, 3),
        "documents_per_second": round(documents / docx, 1),
    }
    html = best_of(args.repeat, lambda: [read_source(DATA / "gov_page.html") for _ in range(documents)])
    result["html"] = {
        "pages": documents,
        "seconds": round(html, 3),
        "pages_per_second": round(documents / html, 1),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=2))
    print(f"wrote {RESULTS.relative_to(ROOT)} (best of {args.repeat} runs)", file=sys.stderr)


if __name__ == "__main__":
    main()
