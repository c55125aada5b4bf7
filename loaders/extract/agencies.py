"""Agencies: mentions of government bodies, committees and enterprises, with canonical names.

Two sources of mentions, both by grammar rather than a closed list:

- every agency listed in a responsibility marker (``（责任单位：市发展改革委、…）``): the
  marker's list says these are agencies, so any item with an agency ending counts;
- in running text, *prefix + body + suffix*: a level prefix (``国家``, ``省``, ``市``, ``各``…,
  ``data/agency_prefixes.tsv``) or a division name, a short body without function words, and
  an agency ending (``委``/``局``/``厅``/``部``/``办``/``管委会``/``人民政府``/``公司``…,
  ``data/agency_suffixes.tsv``).

Each mention gets a canonical name scoped by the plan's region (:mod:`canonical`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from policykg.loaders.extract import canonical, regions
from policykg.loaders.extract.context import doc_text
from policykg.loaders.extract.markers import markers_of
from policykg.loaders.extract.regions import RegionInfo
from policykg.loaders.kinds import RecordKind
from policykg.loaders.types import Agency

# spaCy forbids "." in factory names: the contract's ``policykg.agencies.v1``.
FACTORY = "policykg_agencies_v1"

for _name in ("agency", "agency_id"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)

# Characters that never occur inside an agency name's body: function words and punctuation.
_BODY = r"[^\s的要等按与及在对将由为把向从并或、，,。；;：:（）()“”《》\d第是了]"
# Prefix words that are not prefixes here: 市场, 市政, 省级, 区域, 县城, 各类, 有关规定 …
_NOT_AFTER_PREFIX = r"(?!场|政|级|域|内|外|城|类|地|项|种|方面|规定|要求|情况)"


@lru_cache(maxsize=1)
def _mention_pattern() -> re.Pattern[str]:
    prefixes = [re.escape(p) for p, _ in canonical.prefixes() if p not in ("各", "有关", "各级", "地方各级")]
    suffixes = [
        re.escape(s)
        for s, kind in canonical.suffixes("any")
        if kind not in ("local_government", "not_agency") or s in ("人民政府", "政府", "管委会")
    ]
    # Generic groups (各有关部门, 有关区市县人民政府) are read in markers, not in prose.
    suffixes = [s for s in suffixes if s not in ("有关部门", "相关部门", "各部门", "主管部门", "成员单位")]
    return re.compile(
        rf"(?P<prefix>{'|'.join(prefixes)}){_NOT_AFTER_PREFIX}"
        rf"(?P<body>{_BODY}{{1,12}}?)(?P<suffix>{'|'.join(suffixes)})"
    )


_NATIONAL = re.compile(
    r"(?:生态环境|工业和信息化|自然资源|住房和城乡建设|住房城乡建设|交通运输|水利|农业农村|商务|"
    r"科技|科学技术|财政|教育|民政|司法|外交|国防|公安|人力资源社会保障|人力资源和社会保障|"
    r"文化和旅游|应急管理|退役军人事务|审计|中国人民银行|人民银行|海关)(?:部|总署|署)|"
    r"(?:市场监管|国资|税务|广电|体育|统计|国管|金融监管|证监|银保监)总局|国资委|银保监会|证监会"
)


def find_mentions(text: str) -> list[tuple[int, int]]:
    """(start, end) of agency mentions in running text, leftmost-longest, not overlapping."""
    found: list[tuple[int, int]] = []
    last = 0
    glue = canonical.prefix_glue()
    for m in _mention_pattern().finditer(text):
        if m.start() < last or _glued(text, m.start(), glue.get(m.group("prefix"), "")):
            continue
        end = _extend(text, m.end())
        name = text[m.start() : end]
        if canonical.agency_type(name) == "not_agency" or _two_agencies(m.group("body")):
            continue
        found.append((m.start(), end))
        last = end
    starts = [start for start, _ in found]
    for m in _NATIONAL.finditer(text):  # ministries named without a prefix (生态环境部)
        k = bisect.bisect_right(starts, m.start())
        if (k == 0 or found[k - 1][1] <= m.start()) and (k == len(found) or found[k][0] >= m.end()):
            found.insert(k, m.span())
            starts.insert(k, m.start())
    return found


def _glued(text: str, start: int, not_after: str) -> bool:
    """城市管理委: the 市 of 城市 is not a prefix."""
    return start > 0 and text[start - 1] in not_after


def _two_agencies(body: str) -> bool:
    """市委上海市人民政府, 国务院和省委: a body holding a division name or another agency is
    two mentions glued, not one."""
    return bool(re.search(r"和[省市区县国中自]|国务|政府|[省市区县]委", body)) or any(
        name in regions.table().by_name for _, _, name in regions._scan_names(body)
    )


@lru_cache(maxsize=1)
def _longer_suffixes() -> dict[str, list[str]]:
    """Multi-character endings by their first character, longest first: 委 → 委员会 …"""
    by_first: dict[str, list[str]] = {}
    # not_agency endings too: 部 + 署 is 部署, which then drops the mention
    for suffix, _ in canonical.suffixes("any"):
        if len(suffix) > 1:
            by_first.setdefault(suffix[0], []).append(suffix)
    return by_first


def _extend(text: str, end: int) -> int:
    """A name the lazy body cut at an inner ending goes on: 发展改革委 + 员会."""
    for suffix in _longer_suffixes().get(text[end - 1 : end], ()):
        if text.startswith(suffix, end - 1):
            return end - 1 + len(suffix)
    return end


class AgencyRecognizer:
    """``policykg_agencies_v1``: agency mentions as ``doc.spans["agencies"]`` with ``Span._.agency``."""

    def __init__(self, nlp: Language, name: str = FACTORY, spans_key: str = "agencies") -> None:
        self.name = name
        self.spans_key = spans_key
        self._last_plan: tuple[str | None, RegionInfo | None] = (None, None)

    def _plan(self, doc: Doc) -> RegionInfo | None:
        """The plan's region, looked up once per document (clauses of a document come in a row)."""
        document_id = doc._.ctx.document.id if doc._.ctx is not None else None
        if document_id is None or self._last_plan[0] != document_id:
            self._last_plan = (document_id, _plan_region(doc))
        return self._last_plan[1]

    def __call__(self, doc: Doc) -> Doc:
        plan = self._plan(doc)
        text = doc_text(doc)
        mentions: list[tuple[int, int, str, str | None]] = []
        taken: list[tuple[int, int]] = []
        for marker in markers_of(doc):
            taken.append((marker.start, marker.end))
            for item in marker.items:
                mentions.append((item.start, item.end, item.text, item.inherited_prefix))
        for start, end in find_mentions(text):
            if any(s <= start < e for s, e in taken):
                continue
            mentions.append((start, end, text[start:end], None))
        spans = []
        for start, end, text, inherited in sorted(mentions):
            span = doc.char_span(start, end, label="AGENCY", alignment_mode="expand")
            if span is None:
                continue
            agency = canonical.canonicalize(text, plan, inherited)
            span._.agency = _info(agency, text, start, end)
            span._.agency_id = agency.id
            spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc

    def to_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> None:
        """Writes the gazetteers the grammar is built from (inspectable TSV files)."""
        out = Path(path)
        out.mkdir(parents=True, exist_ok=True)
        for name in canonical.GAZETTEERS:
            source = canonical.gazetteer_path(name)
            (out / name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")

    def from_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> AgencyRecognizer:
        """Reads the gazetteers saved by ``to_disk`` (an edited copy changes the grammar)."""
        directory = Path(path)
        if all((directory / name).exists() for name in canonical.GAZETTEERS):
            canonical.use_gazetteers(directory)
            _mention_pattern.cache_clear()
            _longer_suffixes.cache_clear()
        return self


@Language.factory(FACTORY, default_config={"spans_key": "agencies"})
def make_agency_recognizer(nlp: Language, name: str, spans_key: str) -> AgencyRecognizer:
    return AgencyRecognizer(nlp, name, spans_key)


def _plan_region(doc: Doc) -> RegionInfo | None:
    ctx = doc._.ctx
    if ctx is None:
        return None
    document = ctx.document
    if document.region_code and document.region_code in regions.table().by_code:
        return regions.table().by_code[document.region_code]
    return regions.region_for_document(document)


def _info(agency: canonical.CanonicalAgency, text: str, start: int, end: int) -> dict[str, Any]:
    return {
        "id": agency.id,
        "name": agency.name,
        "type": agency.type,
        "region": agency.region.name if agency.region else None,
        "region_code": agency.region.code if agency.region else None,
        "text": text,
        "start_char": start,
        "end_char": end,
    }


def records_for(doc: Doc) -> list[Agency]:
    """One :class:`Agency` per distinct agency in the clause, with every spelling seen there."""
    ctx = doc._.ctx
    first: dict[str, dict[str, Any]] = {}
    names: dict[str, list[str]] = {}
    for span in doc.spans.get("agencies", []):
        info = span._.agency
        first.setdefault(info["id"], info)
        spellings = names.setdefault(info["id"], [])
        if info["text"] not in spellings:
            spellings.append(info["text"])
    records = []
    for agency_id, info in first.items():
        start, end = ctx.to_original(info["start_char"], info["end_char"])
        records.append(
            Agency(
                id=agency_id,
                name=info["name"],
                names=tuple(names[agency_id]),
                type_=info["type"],
                region=info["region"],
                region_code=info["region_code"],
                document=ctx.document.id,
                clause=ctx.clause.id,
                start=start,
                end=end,
                source=ctx.document.source,
                page=ctx.page(start),
            )
        )
    return records


# The registry entry (loaders/kinds.py): what this component makes and where it goes.
KIND = RecordKind(Agency, FACTORY, records_for, order=20, spans_key="agencies")
