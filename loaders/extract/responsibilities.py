"""``policykg_responsibilities_v1``: who is responsible for a clause, and in which role.

Each agency listed in a responsibility marker (:mod:`markers` finds them, :mod:`marker_items`
reads their lists) becomes a responsibility of the clause whose text the marker closes:
``lead`` (牵头单位, ``X牵头``, first listed where the note says so), ``support`` (配合, 支持,
参与, or listed after a lead without a cue of its own) or ``responsible`` (an undifferentiated
list: ``责任单位：A、B``, ``A、B按职责分工负责``, a bare parenthesis; or a body with its own 负责 /
落实 cue, ``各区县政府负责落实``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from policykg.loaders.extract.marker_items import MarkerItem, looks_like_agency
from policykg.loaders.extract.markers import Marker, find_markers, markers_of, parse_marker
from policykg.loaders.types import Responsibility, Role

__all__ = [
    "FACTORY",
    "Marker",
    "MarkerItem",
    "ResponsibilityRecognizer",
    "find_markers",
    "looks_like_agency",
    "markers_of",
    "parse_marker",
    "records_for",
    "role_of",
]

# spaCy forbids "." in factory names: the contract's ``policykg.responsibilities.v1``.
FACTORY = "policykg_responsibilities_v1"

for _name in ("agency_id", "role"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)
if not Span.has_extension("agency"):
    Span.set_extension("agency", default=None)


class ResponsibilityRecognizer:
    """``policykg_responsibilities_v1``: one span per listed agency in ``doc.spans["responsibilities"]``.

    Reads the agency spans that ``policykg_agencies_v1`` made from the same markers (matched
    by exact character offsets) for their ids. Keeps, per document, whether a note said
    ``排在第一位的为牵头单位，下同`` so that later markers of that document follow it.
    """

    def __init__(self, nlp: Language, name: str = FACTORY, spans_key: str = "responsibilities") -> None:
        self.name = name
        self.spans_key = spans_key
        self._lead_first_documents: set[str] = set()

    def __call__(self, doc: Doc) -> Doc:
        ctx = doc._.ctx
        document_id = ctx.document.id if ctx is not None else None
        by_offsets = {
            (s._.agency["start_char"], s._.agency["end_char"]): s
            for s in doc.spans.get("agencies", [])
            if s._.agency
        }
        spans = []
        for marker in markers_of(doc):
            lead_first = marker.lead_first or document_id in self._lead_first_documents
            if marker.lead_first_follows and document_id is not None:
                self._lead_first_documents.add(document_id)
            has_lead = any(item.role == "lead" for item in marker.items)
            lead_field = any(item.field == "lead" for item in marker.items)
            for item in marker.items:
                agency = by_offsets.get((item.start, item.end))
                if agency is None:
                    continue
                span = doc.char_span(item.start, item.end, label="RESPONSIBILITY", alignment_mode="expand")
                if span is None:
                    continue
                span._.agency = agency._.agency
                span._.agency_id = agency._.agency["id"]
                span._.role = role_of(item, lead_first, has_lead, lead_field)
                spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc

    def to_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)

    def from_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> ResponsibilityRecognizer:
        return self


@Language.factory(FACTORY, default_config={"spans_key": "responsibilities"})
def make_responsibility_recognizer(nlp: Language, name: str, spans_key: str) -> ResponsibilityRecognizer:
    return ResponsibilityRecognizer(nlp, name, spans_key)


def role_of(item: MarkerItem, lead_first: bool, marker_has_lead: bool, lead_field: bool = False) -> Role:
    """The item's own cue first (牵头 → lead, 配合/支持/参与 → support, 负责/落实 → responsible);
    the first listed where a note says so → lead; a 责任单位 field beside a 牵头单位 field is its
    bodies' own cue → responsible; listed after a lead without a cue → support; an
    undifferentiated list (责任单位：A、B; a bare parenthesis) → responsible."""
    if item.role == "lead":
        return "lead"
    if lead_first and item.first_in_group and item.role is None:
        return "lead"
    if item.role is not None:
        return item.role
    if item.field == "responsible" and lead_field:
        return "responsible"  # （牵头单位：X；责任单位：Y、Z）
    return "support" if marker_has_lead or lead_first else "responsible"


def records_for(doc: Doc) -> list[Responsibility]:
    """One :class:`Responsibility` per listed agency, on the clause the Doc was made from."""
    ctx = doc._.ctx
    records = []
    for span in doc.spans.get("responsibilities", []):
        info = span._.agency
        start, end = ctx.to_original(info["start_char"], info["end_char"])
        records.append(
            Responsibility(
                document=ctx.document.id,
                clause=ctx.clause.id,
                agency=span._.agency_id,
                agency_text=info["text"],
                role=span._.role,
                start=start,
                end=end,
                source=ctx.document.source,
                page=ctx.page(start),
            )
        )
    return records
