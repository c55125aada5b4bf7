"""DOCX → text, one line per Word paragraph, with the list numbers Word generates.

Read with the standard library's ``zipfile`` and lxml (the OOXML parts python-docx reads too):
python-docx exposes paragraphs but not the *rendered* list numbers, and those carry the clause
labels of many policy documents (``一、`` typed by Word from ``numPr`` → ``numbering.xml``
``lvlText="%1、"`` ``numFmt="chineseCounting"``). The label is computed like Word does: one
counter per list (``numId``) and level, restarting deeper levels when a shallower one advances,
``%N`` replaced by level N's counter in that level's format; then Word's suffix (tab, space or
nothing) and the paragraph's runs.

Only visible text is kept: no ``[bookmark: …]`` anchors, field codes, deleted revisions or
comments. Every body paragraph (empty ones and table-cell ones included) is one line, so
:func:`paragraph_of` turns an offset of the reader's text into Word's paragraph number.
"""

from __future__ import annotations

import bisect
import io
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from policykg.errors import InputError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN_DIGITS = "零一二三四五六七八九"
_TRADITIONAL = "甲乙丙丁戊己庚辛壬癸"
_ROMAN = [
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
]
_SKIP = {
    W + "del",
    W + "instrText",
    W + "delText",
    W + "commentReference",
    W + "footnoteReference",
    W + "endnoteReference",
    W + "fldData",
}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def chinese_counting(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (Word's chineseCounting)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = (
            ""
            if rest == 0
            else (
                "零" + _CN_DIGITS[rest]
                if rest < 10
                else (_CN_DIGITS[1] if rest < 20 else "") + chinese_counting(rest)
            )
        )
        return _CN_DIGITS[n // 100] + "百" + tail
    return str(n)


def _letters(n: int) -> str:
    # Word repeats the letter: 27 → aa
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """A counter in one of Word's numFmt values (unknown formats fall back to decimal)."""
    # chineseCounting(Thousand), taiwaneseCounting(Thousand) (LibreOffice writes these),
    # japaneseCounting: the same characters for the numbers a clause label uses.
    if "Counting" in fmt or fmt == "ideographDigital":
        return chinese_counting(n)
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return _TRADITIONAL[n - 1]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerLetter", "upperLetter"):
        text = _letters(n)
        return text.upper() if fmt == "upperLetter" else text
    if fmt in ("lowerRoman", "upperRoman"):
        roman, rest = "", n
        for value, numeral in _ROMAN:
            while rest >= value:
                roman, rest = roman + numeral, rest - value
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    suffix: str = "\t"
    restart: int | None = None  # restart after this level (1-based) advances; None: any shallower
    legal: bool = False  # isLgl: every %N in decimal


@dataclass
class Numbering:
    """numbering.xml: list instances (numId) → their levels, and the running counters."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def parse(cls, xml: bytes | None) -> Numbering:
        numbering = cls()
        if not xml:
            return numbering
        root = etree.fromstring(xml, _PARSER)
        abstract = {a.get(W + "abstractNumId"): _levels_of(a) for a in root.iter(W + "abstractNum")}
        for num in root.iter(W + "num"):
            ref = num.find(W + "abstractNumId")
            levels = dict(abstract.get(ref.get(W + "val") if ref is not None else None, {}))
            for override in num.iter(W + "lvlOverride"):
                ilvl = int(override.get(W + "ilvl", "0"))
                lvl = override.find(W + "lvl")
                base = _level_of(lvl) if lvl is not None else _Level(**vars(levels.get(ilvl, _Level())))
                start = override.find(W + "startOverride")
                if start is not None:
                    base.start = int(start.get(W + "val", "1"))
                levels[ilvl] = base
            numbering.levels[num.get(W + "numId", "")] = levels
        return numbering

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance list ``num_id`` at level ``ilvl`` and return the label with its suffix."""
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            restart = levels.get(deeper, _Level()).restart
            if restart is None or restart > ilvl:  # Word: lvlRestart is the 1-based level that resets it
                del counters[deeper]
        level = levels[ilvl]
        text = level.text
        for k in range(9):
            if f"%{k + 1}" in text:
                value = counters.get(k, levels.get(k, _Level()).start)
                fmt = "decimal" if level.legal else levels.get(k, _Level()).fmt
                text = text.replace(f"%{k + 1}", format_number(value, fmt))
        if level.fmt == "none" and "%" not in level.text and not text.strip():
            return ""
        return text + level.suffix if text else ""


def _levels_of(abstract: etree._Element) -> dict[int, _Level]:
    return {int(lvl.get(W + "ilvl", "0")): _level_of(lvl) for lvl in abstract.iter(W + "lvl")}


def _val(element: etree._Element, tag: str) -> str | None:
    child = element.find(W + tag)
    return child.get(W + "val") if child is not None else None


def _level_of(lvl: etree._Element) -> _Level:
    suffix = {"tab": "\t", "space": " ", "nothing": ""}.get(_val(lvl, "suff") or "tab", "\t")
    restart = _val(lvl, "lvlRestart")
    legal = lvl.find(W + "isLgl")
    return _Level(
        start=int(_val(lvl, "start") or 1),
        fmt=_val(lvl, "numFmt") or "decimal",
        text=_val(lvl, "lvlText") or "",
        suffix=suffix,
        restart=int(restart) if restart is not None else None,
        legal=legal is not None and legal.get(W + "val", "true") not in ("0", "false"),
    )


def _style_numbering(styles_xml: bytes | None) -> dict[str, tuple[str, int]]:
    """Paragraph styles that number their paragraphs (e.g. a heading style linked to a list)."""
    if not styles_xml:
        return {}
    root = etree.fromstring(styles_xml, _PARSER)
    direct: dict[str, tuple[str | None, int | None]] = {}
    based_on: dict[str, str] = {}
    for style in root.iter(W + "style"):
        style_id = style.get(W + "styleId", "")
        parent = _val(style, "basedOn")
        if parent:
            based_on[style_id] = parent
        num_pr = style.find(f"{W}pPr/{W}numPr")
        if num_pr is not None:
            ilvl = _val(num_pr, "ilvl")
            direct[style_id] = (_val(num_pr, "numId"), int(ilvl) if ilvl is not None else None)
    resolved = {}
    for style_id in set(direct) | set(based_on):
        num_id: str | None = None
        level: int | None = None
        current, hops = style_id, 0
        while current and hops < 20:  # basedOn chains are short; the bound guards against cycles
            found = direct.get(current)
            if found:
                num_id, level = num_id or found[0], level if level is not None else found[1]
            current, hops = based_on.get(current, ""), hops + 1
        if num_id and num_id != "0":
            resolved[style_id] = (num_id, level or 0)
    return resolved


def _runs_text(paragraph: etree._Element) -> str:
    """Visible text of a paragraph, not descending into nested paragraphs (text boxes)."""
    parts: list[str] = []

    def walk(element: etree._Element) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP or tag == W + "p":
                continue
            if tag == W + "t":
                parts.append(child.text or "")
            elif tag == W + "tab":
                parts.append("\t")
            elif tag in (W + "br", W + "cr"):
                parts.append("\n")
            elif tag == W + "noBreakHyphen":
                parts.append("-")
            else:
                walk(child)

    walk(paragraph)
    return "".join(parts)


def read_paragraphs(raw: bytes, name: str) -> tuple[str, list[int]]:
    """(text, start offset of each Word paragraph): paragraphs joined by ``\\n``."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = set(archive.namelist())
            document_xml = archive.read("word/document.xml")
            numbering = Numbering.parse(
                archive.read("word/numbering.xml") if "word/numbering.xml" in names else None
            )
            style_numbers = _style_numbering(
                archive.read("word/styles.xml") if "word/styles.xml" in names else None
            )
        body = etree.fromstring(document_xml, _PARSER).find(W + "body")
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, ValueError) as exc:
        raise InputError(
            name,
            f"unreadable DOCX ({type(exc).__name__}: {exc})",
            "open it in Word or LibreOffice and save a new copy",
        ) from exc
    if body is None:
        raise InputError(name, "DOCX without a document body")
    lines: list[str] = []
    for paragraph in body.iter(W + "p"):
        num_id, ilvl = _numbering_of(paragraph, style_numbers)
        label = numbering.label(num_id, ilvl) if num_id else ""
        lines.append((label + _runs_text(paragraph)).replace("\f", "\n"))
    starts, position = [], 0
    for line in lines:
        starts.append(position)
        position += len(line) + 1
    return "\n".join(lines), starts


def _numbering_of(paragraph: etree._Element, style_numbers: dict[str, tuple[str, int]]) -> tuple[str, int]:
    properties = paragraph.find(W + "pPr")
    if properties is None:
        return "", 0
    num_pr = properties.find(W + "numPr")
    style = _val(properties, "pStyle")
    from_style = style_numbers.get(style or "", ("", 0))
    if num_pr is None:
        return from_style
    ilvl = _val(num_pr, "ilvl")
    num_id = _val(num_pr, "numId") or from_style[0]
    return ("" if num_id == "0" else num_id), int(ilvl) if ilvl is not None else from_style[1]


def paragraph_of(paragraph_starts: list[int], offset: int) -> int:
    """The 1-based Word paragraph number holding an offset of the reader's text."""
    return max(bisect.bisect_right(paragraph_starts, offset), 1)


class DocxReader:
    """The :class:`policykg.loaders.read.Reader` of DOCX."""

    def read(self, raw: bytes, name: str) -> tuple[str, str]:
        return read_paragraphs(raw, name)[0], "docx"
