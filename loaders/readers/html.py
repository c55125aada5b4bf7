"""A web page saved from a government site → the article text, plus the page's metadata table.

The article comes from **trafilatura** (Apache-2.0; content extraction by DOM heuristics with
readability and jusText fallbacks), not from regular expressions: navigation, breadcrumbs, share
bars, scripts and site footers are dropped. readability-lxml (Apache-2.0) was the alternative; it
returns HTML that still needs a text pass, and trafilatura's precision on news/government pages
is the better measured one (its own benchmark). When the extractor finds nothing, the
built-in block-text reader of :mod:`policykg.loaders.read` is used.

Chinese government pages state the document's identity in a table (or list) above the article:
``索引号 / 主题分类 / 发文机关 / 成文日期 / 标题 / 发文字号 / 发布日期``. Those cells become
``SourceText.metadata``: ``title``, ``doc_number``, ``issuer``, ``date`` (成文日期, else 发布日期,
as YYYY-MM-DD), ``published``, ``index_number``. The extractor drops the page's ``<h1>`` title
from the article; the reader puts the title back as the first line so the text reads like the
document (and the title has a span).
"""

from __future__ import annotations

import re
from configparser import ConfigParser
from functools import lru_cache

from lxml import html as lxml_html

from policykg.errors import InputError

# label (spaces allowed between characters, as 索 引 号 is printed) → metadata key
_LABELS = {
    "索引号": "index_number",
    "发文机关": "issuer",
    "发文单位": "issuer",
    "发布机构": "issuer",
    "发文字号": "doc_number",
    "文号": "doc_number",
    "成文日期": "written",
    "发布日期": "published",
    "标题": "title",
    "名称": "title",
    "主题分类": "topic",
}
_LABEL = re.compile(
    r"^\s*("
    + "|".join(r"[\s\u3000]*".join(label) for label in _LABELS)
    + r")[\s\u3000]*[:：]?[\s\u3000]*(.*)$",
    re.DOTALL,
)
_DATE = re.compile(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})")
_META_NAMES = {"articletitle": "title", "pubdate": "published", "firstpublishedtime": "published"}
_SPACE = re.compile(r"[\s\u3000\xa0]+")


def iso_date(text: str) -> str | None:
    """``2024年07月06日`` / ``2024-7-6`` → ``2024-07-06``."""
    match = _DATE.search(text)
    if not match:
        return None
    year, month, day = (int(group) for group in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else None


def _chunks(tree: lxml_html.HtmlElement) -> list[str]:
    """Visible text pieces in document order (one per element text or tail)."""
    chunks = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "noscript", "template"):
            pieces = [element.tail]
        else:
            pieces = [element.text, element.tail]
        for piece in pieces:
            if piece and piece.strip():
                chunks.append(_SPACE.sub(" ", piece).strip())
    return chunks


def page_metadata(tree: lxml_html.HtmlElement) -> dict[str, str]:
    """The metadata table's values (a label cell followed by its value, or ``label：value``)."""
    found: dict[str, str] = {}
    chunks = _chunks(tree)
    for i, chunk in enumerate(chunks):
        match = _LABEL.match(chunk)
        if not match or len(chunk) > 80:
            continue
        key = _LABELS[_SPACE.sub("", match.group(1))]
        value = match.group(2).strip()
        if not value and i + 1 < len(chunks) and not _LABEL.match(chunks[i + 1]):
            value = chunks[i + 1]
        if value and key not in found:
            found[key] = value
    for meta in tree.iter("meta"):
        meta_key = _META_NAMES.get((meta.get("name") or "").lower())
        if meta_key and meta.get("content") and meta_key not in found:
            found[meta_key] = meta.get("content", "").strip()
    result: dict[str, str] = {
        key: found[key] for key in ("title", "doc_number", "issuer", "index_number", "topic") if key in found
    }
    for key in ("written", "published"):
        date = iso_date(found.get(key, ""))
        if date:
            result[key] = date
    date = result.get("written") or result.get("published")
    if date:
        result["date"] = date
    result.pop("written", None)
    if "title" not in result:
        heading = tree.find(".//h1")
        title: str = heading.text_content().strip() if heading is not None else ""
        if not title and tree.find(".//title") is not None:
            # <title> is often "文件标题_栏目_网站": the first part is the document
            title = re.split(r"[_|]| - ", tree.findtext(".//title") or "")[0].strip()
        if title:
            result["title"] = _SPACE.sub(" ", title)
    return result


def drop_metadata_blocks(tree: lxml_html.HtmlElement, markup: str) -> str:
    """The page without its metadata table(s): some sites put the table inside the article
    container, where the extractor would keep it as text (``索引号：…`` before the title)."""
    dropped = False
    for block in list(tree.iter("table", "ul", "dl")):
        labels = sum(1 for chunk in _chunks(block) if _LABEL.match(chunk) and len(chunk) <= 80)
        if labels >= 3 and block.getparent() is not None:
            block.drop_tree()  # keeps the tail text, which belongs to the surrounding element
            dropped = True
    return lxml_html.tostring(tree, encoding="unicode") if dropped else markup


@lru_cache(maxsize=1)
def _config() -> ConfigParser:
    from trafilatura.settings import use_config

    config = use_config()
    # trafilatura's defaults (250/1 characters) make a short notice "too short" and fall back
    # to the whole page, navigation included; a policy notice can be a few sentences long.
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "10")
    config.set("DEFAULT", "MIN_OUTPUT_SIZE", "1")
    return config


def read_html(raw: bytes, name: str) -> tuple[str, str, dict[str, str]]:
    """(article text, encoding, page metadata)."""
    import trafilatura  # imported here: only HTML input needs it (and it loads slowly)

    from policykg.loaders.read import HtmlReader, decode_text

    markup, encoding = decode_text(raw, name)
    try:
        tree = lxml_html.document_fromstring(markup)
    except (ValueError, lxml_html.etree.ParserError) as exc:
        raise InputError(name, f"unparsable HTML ({exc})", "save the page again as HTML") from exc
    metadata = page_metadata(tree)
    markup = drop_metadata_blocks(tree, markup)
    article = (
        trafilatura.extract(
            markup,
            include_tables=True,
            include_comments=False,
            favor_recall=True,
            include_links=False,
            deduplicate=False,
            config=_config(),
        )
        or ""
    )
    if not article.strip():
        article = HtmlReader().read(raw, name)[0]
    title = metadata.get("title", "")
    if title and not any(line.strip() == title for line in article.splitlines()[:8]):
        article = title + "\n" + article
    return article.strip(), encoding, metadata


class HtmlReader:
    """The :class:`policykg.loaders.read.Reader` of ``text/html`` (with metadata)."""

    def read(self, raw: bytes, name: str) -> tuple[str, str]:
        text, encoding, _ = read_html(raw, name)
        return text, encoding

    def read_with_metadata(self, raw: bytes, name: str) -> tuple[str, str, dict[str, str]]:
        return read_html(raw, name)
