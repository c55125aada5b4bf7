"""Original text → :class:`NormalizedText` (the text matching runs on) with an exact offset map.

Two passes, each recorded with :class:`offsets.Builder` and composed at the end:

1. *drop* debris that is never part of a plan: page footers ``第N页`` (their positions become
   the page starts), a PDF's running headers/footers and printed page numbers (``- 8 -``,
   ``— 3 —``, ``重庆市人民政府发布``: :func:`policykg.loaders.pages.running_line_spans`), DOCX
   ``[bookmark: …]`` anchors, web boilerplate listed in ``data/boilerplate.tsv``;
2. *whitespace*: join lines a PDF extraction wrapped in the middle of a sentence (even inside
   numbers: ``600 万千\\n瓦``) or a page break (the header between is gone by then, so a
   sentence or a marker ``（责任单位：…）`` cut by a page break becomes one), keep real paragraph
   breaks as one ``\\n``, drop stray spaces next to CJK characters (``2025 年`` → ``2025年``).

Finally glyphs are read as meant by 1:1 replacement, so offsets are unaffected: punctuation width
(full-width ``（）：；，？！`` for CJK text, half-width digits and Latin letters), the brackets of a
文号 however printed (``„2022‟`` ``[2022]`` ``［2022］`` ``（2022）`` → ``〔2022〕``), glyphs a font
maps to the wrong code point (Yi syllables ``ꎬ ꎮ ꎻ`` for ``，。；``, private-use glyphs of
decimal points and leader dots, Symbol-font ``=``/``×``).
"""

from __future__ import annotations

import re
from array import array
from functools import lru_cache
from importlib.resources import files

import numpy as np

from policykg.loaders.offsets import Builder, NormalizedText
from policykg.loaders.pages import find_page_footers, page_starts, running_line_spans

BOOKMARK = re.compile(r"\[bookmark:[^\]\n]*\]")
WHITESPACE = re.compile(r"[ \t\r\n\f\v\u3000\xa0\u2002\u2003\u200b\ufeff]+")
SENTENCE_END = set("。！？；!?;")
CLAUSE_CONTINUES = set("，、,")
# A line starting like this begins a clause: never glue it to the line before.
LABEL_START = re.compile(
    r"(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[.．、](?!\d)"
    r"|[（(]\d{1,2}[）)]|[\u2460-\u2473]|专栏\s*\d|第[一二三四五六七八九十百零〇\d]+[章条节部分])"
)
_WIDTH_CAP = 400  # lines longer than this are paragraphs, never PDF-wrapped lines
# A line this wide (45 CJK characters) without sentence-final punctuation is a wrap even when
# too few lines are at hand to measure the page width (e.g. when one clause is normalised alone).
_FULL_LINE = 90

_PUNCTUATION = {"(": "（", ")": "）", ":": "：", ";": "；", ",": "，", "?": "？", "!": "！", "．": "."}
# Glyphs that fonts of government PDFs map to the wrong code points (seen in ../shared/realcorpus):
# Yi syllables for CJK punctuation, plane-16 private-use glyphs for a decimal point, leader dots
# and a middle dot, Symbol-font private-use code points for mathematical signs.
_GLYPHS = {
    "\ua3ac": "，",  # ꎬ
    "\ua3ae": "。",  # ꎮ
    "\ua3bb": "；",  # ꎻ
    "\U001001b0": ".",
    "\U001001ba": "…",
    "\U00100170": "·",
    "\uf028": "(",
    "\uf029": ")",
    "\uf02d": "-",
    "\uf03d": "=",
    "\uf0b4": "×",
    "\uf0b7": "•",
    "\uf0e5": "∑",
    "«": "《",  # guillemets some PDFs print for 《》
    "»": "》",
}
_GLYPH_TABLE: dict[int, str] = {ord(k): v for k, v in _GLYPHS.items()}
_DECIMAL_GLYPH = "\U001001b0"  # such a font also puts a space after it: "８\U001001b0 ６" is 8.6
_TABLE: dict[int, str] = {ord(k): v for k, v in _PUNCTUATION.items()}
_TABLE.update(_GLYPH_TABLE)
_TABLE.update({c: chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)})  # full-width digits
_TABLE.update({c: chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # full-width A-Z
_TABLE.update({ord(c): chr(ord(c) - 0xFEE0) for c in "％／＋＝"})  # units and signs: 吨／天, １００％
_TABLE.update({c: chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # full-width a-z
# Where the full-width form would be wrong: between digits (1,000 / 10:30), in URLs.
_HALF_BACK = [
    (re.compile(r"(?<=\d)，(?=\d{3}(?!\d))"), ","),
    (re.compile(r"(?<=\d)：(?=\d)"), ":"),
    (re.compile(r"(?<=\d)．(?=\d)"), "."),  # a full-width decimal point: ８．６
    (re.compile(r"(?<=[A-Za-z])：(?=//)"), ":"),
    # A font that prints the full stop as ．(or a plane-16 glyph read as "."): between Chinese text
    # and what follows a sentence, it is 。 (a decimal point stands between digits)
    (re.compile(r"(?<=[\u4e00-\u9fff）”》])\.(?=[\u4e00-\u9fff“《（\n]|$)"), "。"),
]
# The year of a 文号 in any bracket a PDF prints it with (the closing one may differ: ［2022）).
DOC_NUMBER_YEAR = re.compile(r"[„\[［【（〔]((?:19|20)\d{2})[‟\]］】）〕](?=\d{1,5}号)")


@lru_cache(maxsize=1)
def boilerplate_patterns() -> tuple[re.Pattern[str], ...]:
    """The boilerplate list, one regex per line of ``policykg.data/boilerplate.tsv``."""
    text = (files("policykg.data") / "boilerplate.tsv").read_text(encoding="utf-8")
    patterns = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            patterns.append(re.compile(line.split("\t", 1)[0]))
    return tuple(patterns)


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return code >= 0x2E80 and not 0xFF10 <= code <= 0xFF5A or 0x2010 <= code <= 0x206F


def _width(line: str) -> int:
    """Display width (CJK counts 2), capped: only short lines can be wrapped lines."""
    if len(line) > _WIDTH_CAP:
        return 10**6
    return len(line) + sum(1 for ch in line if ord(ch) >= 0x1100)


def _wrap_width(lines: list[str]) -> float | None:
    """The page width of a PDF extraction (most full lines share it), or None if not wrapped."""
    widths = sorted(_width(line) for line in lines if len(line) >= 20)
    if len(widths) < 6:
        return None
    top = widths[len(widths) // 2 :]
    width = top[len(top) // 2]
    if width >= 10**6:
        return None
    near = sum(1 for w in widths if 0.9 * width <= w <= 1.08 * width)
    return float(width) if near >= max(5, 0.4 * len(widths)) else None


def _drop_debris(original: str) -> tuple[NormalizedText, list[tuple[int, int]]]:
    footers = find_page_footers(original)
    spans = [(f.start, f.end) for f in footers]
    spans += running_line_spans(original)
    spans += [(m.start(), m.end()) for m in BOOKMARK.finditer(original)]
    for pattern in boilerplate_patterns():
        spans += [(m.start(), m.end()) for m in pattern.finditer(original) if m.end() > m.start()]
    spans.sort()
    builder = Builder()
    position = 0
    for start, end in spans:
        if end <= position:
            continue
        if start > position:
            builder.keep(original, position, start)
        position = max(position, end)
    builder.keep(original, position, len(original))
    if "\f" in original:
        # form feeds between pages (PDF reader, pdftotext output): a page is the file's own page,
        # the one a viewer opens, not the number printed on it (a cover and a contents page come
        # before printed page 1)
        starts = [0] + [i + 1 for i, ch in enumerate(original) if ch == "\f"]
        numbers = list(range(1, len(starts) + 1))
    else:
        starts, numbers = page_starts(footers, len(original))  # a text file: the printed numbers
    return builder.build(len(original), starts, numbers), spans


def _collapse_whitespace(raw: str) -> NormalizedText:
    text = raw.translate(_GLYPH_TABLE)  # 1:1, so the sentence ends of ꎮ-fonts are seen
    lines = [line.strip() for line in text.split("\n")]
    wrap = _wrap_width(lines)
    builder = Builder()
    position = 0
    n = len(text)
    for match in WHITESPACE.finditer(text):
        start, end = match.span()
        builder.keep(text, position, start)
        position = end
        if start == 0 or end == n:
            continue  # leading/trailing whitespace
        before, after = text[start - 1], text[end]
        run = match.group()
        newline = run.find("\n")
        if newline < 0:
            if raw[start - 1] == _DECIMAL_GLYPH and after.isdigit():
                continue
            if not (_is_cjk(before) or _is_cjk(after)):
                builder.put(" ", start)
            continue
        previous_line = text[text.rfind("\n", 0, start) + 1 : start].strip()
        next_end = text.find("\n", end)
        next_line = text[end : n if next_end < 0 else next_end]
        if _joins(previous_line, next_line, wrap):
            if before.isascii() and before.isalnum() and after.isascii() and after.isalnum():
                builder.put(" ", start)
        else:
            builder.put("\n", start + newline)
    builder.keep(text, position, n)
    return builder.build(n)


def _joins(previous_line: str, next_line: str, wrap: float | None) -> bool:
    """Is the line break between these two lines a wrap inside a sentence?"""
    if not previous_line:  # only characters str.strip() drops but WHITESPACE does not (\x1c …)
        return False
    last = previous_line[-1]
    if last in SENTENCE_END:
        return False
    if LABEL_START.match(next_line):
        return False
    if last in CLAUSE_CONTINUES:
        return True
    if _open_parenthesis(previous_line) and "）" in next_line.replace(")", "）"):
        return True  # a marker "（责任单位：市发展改革委\n— 8 —\n市经济信息委）" cut by a break
    width = _width(previous_line)
    return width >= _FULL_LINE or wrap is not None and width >= 0.88 * wrap


def _open_parenthesis(line: str) -> bool:
    """Does the line leave a parenthesis open (more ``（`` than ``）``)?"""
    line = line.replace("(", "（").replace(")", "）")
    return line.count("（") > line.count("）")


def normalize(src_text: str) -> NormalizedText:
    """Normalise a decoded original text; ``result.to_original`` maps spans back exactly."""
    dropped, _ = _drop_debris(src_text)
    collapsed = _collapse_whitespace(dropped.text)
    text = collapsed.text.translate(_TABLE)
    for pattern, replacement in _HALF_BACK:
        text = pattern.sub(replacement, text)
    text = DOC_NUMBER_YEAR.sub(r"〔\1〕", text)
    first = np.frombuffer(dropped.origin, dtype=np.int64)
    second = np.frombuffer(collapsed.origin, dtype=np.int64)
    origin = array("q")
    origin.frombytes(first[second].astype(np.int64).tobytes())
    return NormalizedText(text, origin, dropped.page_starts, dropped.page_numbers)
