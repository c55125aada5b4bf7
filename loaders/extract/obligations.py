"""``policykg_obligations_v1`` (the contract's ``policykg.obligations.v1``): a task clause with responsible agencies is an obligation.

Contract with the responsibilities component (``policykg_responsibilities_v1``, which runs
before this one): it sets ``doc.spans["responsibilities"]``, one span per agency mention in
a responsibility marker, with ``span._.agency_id`` (the agency's stable id, or None when it
could not be resolved). This component only reads those spans; a Doc without them is not
an obligation.

Modality reflects the clause's main thrust, read from the policy verbs of
``data/policy_verbs.tsv`` (titles in 《》 are masked; a verb used as a noun — ``支持力度``,
``禁止类`` — does not count; adverbs such as 积极/大力 read through to their verb and the
hedge 力争 carries no force):

1. ``binding`` when a binding word governs a requirement: a mandate or prohibition anywhere
   (``新建项目不得…``, ``严禁…``, ``必须…``), or a ``binding_lead`` word (确保, 严格控制 …) that
   leads its sentence (``确保完成…目标。``; but in ``加快建设…，确保安全`` it only qualifies 加快);
2. ``encouraging`` when the clause's leading policy verb — the first one of its heading or first
   sentence — is encouraging (``鼓励金融机构加大支持力度``), or encouraging uses outnumber
   directive ones across the clause;
3. ``directive`` otherwise, also for a clause with no listed verb (task lists are instructions).

Before this rule "the strongest force wins" made nearly every clause directive or binding
(1,082 / 265 / 0 encouraging on the corpus), because almost every clause holds some directive verb.
The due year is the latest target year of the clause's targets, else the latest target
year phrase in the clause (``到2025年``, ``“十四五”期间``), else None.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import ensure_path

from policykg.loaders import types
from policykg.loaders.extract.context import ClauseContext, doc_text
from policykg.loaders.extract.lexicon import (
    DATA_DIR,
    POLICY_VERBS_FILE,
    alternation,
    read_policy_verbs,
    read_prohibitions,
)
from policykg.loaders.extract.targets import SPANS_KEY as TARGETS_KEY
from policykg.loaders.extract.targets import TargetRecognizer, targets_of
from policykg.loaders.identity import obligation_id
from policykg.loaders.kinds import Edge, RecordKind
from policykg.loaders.types import Obligation

FACTORY = "policykg_obligations_v1"  # spaCy forbids "." in factory names
RESPONSIBILITIES_KEY = "responsibilities"
# A policy word followed by these is used as a noun or an attribute (支持力度, 引导作用, 禁止类).
NOUN_USE = re.compile(r"力度|政策|体系|作用|机制|措施|保障|服务|能力|类|性|目录|清单")
TITLE = re.compile(r"《[^》]*》")
DEFAULT_MODALITY = "directive"
#: Binding words that forbid (the ``prohibition`` column of ``data/policy_verbs.tsv``): an
#: obligation they decide is a LegalRuleML Prohibition (see ``types.deontic``).
PROHIBITIONS = read_prohibitions()
SENTENCE = re.compile(r"[^。；;！？!?]+")


@dataclass(frozen=True)
class ObligationFields:
    modality: str
    agencies: tuple[str, ...]
    due_year: int | None
    verb: str | None  # the policy verb that decided the modality
    verb_start: int | None  # its Doc character offset


if not Doc.has_extension("obligation"):
    Doc.set_extension("obligation", default=None)


def agency_ids(spans: Iterable[Span]) -> tuple[str, ...]:
    """Agency ids of responsibility spans, in order of first mention, without repeats."""
    if not Span.has_extension("agency_id"):
        return ()
    seen: dict[str, None] = {}
    for span in spans:
        agency = span._.agency_id
        if agency:
            seen.setdefault(agency, None)
    return tuple(seen)


class ObligationRecognizer:
    def __init__(self, nlp: Language, name: str = FACTORY, data_dir: Path | None = None) -> None:
        self.name = name
        self.nlp = nlp
        self.data_dir = Path(data_dir) if data_dir else DATA_DIR
        self._load()

    def _load(self) -> None:
        self.verbs = read_policy_verbs(self.data_dir)
        self.verb_pattern = re.compile(alternation(set(self.verbs)))

    def modality(self, text: str) -> tuple[str, str | None, int | None]:
        """(modality, deciding verb, its offset) of a clause; see the module docstring."""
        uses = self._uses(TITLE.sub(lambda m: " " * len(m.group()), text))
        for verb, kind, start in uses:
            if kind == "binding":
                return "binding", verb, start
        leads = self._sentence_leads(text, uses)
        for verb, kind, start in leads:
            if kind == "binding_lead":
                return "binding", verb, start
        if not leads:
            return DEFAULT_MODALITY, None, None
        verb, kind, start = leads[0]
        encouraging = sum(1 for _, k, _ in uses if k == "encouraging")
        directive = sum(1 for _, k, _ in uses if k in ("directive", "binding_lead"))
        if kind == "encouraging":
            return "encouraging", verb, start
        if encouraging > directive:
            first = next(use for use in uses if use[1] == "encouraging")
            return "encouraging", first[0], first[2]
        return "directive", verb, start

    def _uses(self, text: str) -> list[tuple[str, str, int]]:
        """(verb, kind, offset) of every policy verb used as a verb."""
        uses = []
        for match in self.verb_pattern.finditer(text):
            kind = self.verbs[match.group()]
            if kind != "directive" and NOUN_USE.match(text, match.end()):
                continue  # 支持力度, 禁止类: the word names a thing here (加大政策… is still a verb)
            uses.append((match.group(), kind, match.start()))
        return uses

    @staticmethod
    def _sentence_leads(text: str, uses: list[tuple[str, str, int]]) -> list[tuple[str, str, int]]:
        """The leading verb of each sentence (split at 。；), adverbs and hedges read through."""
        leads = []
        for sentence in SENTENCE.finditer(text):
            lead = next(
                (
                    use
                    for use in uses
                    if sentence.start() <= use[2] < sentence.end() and use[1] not in ("adverb", "hedge")
                ),
                None,
            )
            if lead is not None:
                leads.append(lead)
        return leads

    def due_year(self, doc: Doc) -> int | None:
        years = [t.year for t in targets_of(doc, TARGETS_KEY) if t.year is not None]
        if not years:
            recognizer = self._target_recognizer()
            years = recognizer.due_years(doc_text(doc)) if recognizer else []
        return max(years) if years else None

    def _target_recognizer(self) -> TargetRecognizer | None:
        for _, component in self.nlp.pipeline:
            if isinstance(component, TargetRecognizer):
                return component
        return None

    def __call__(self, doc: Doc) -> Doc:
        agencies = agency_ids(doc.spans.get(RESPONSIBILITIES_KEY, []))
        if not agencies:
            doc._.obligation = None
            return doc
        modality, verb, verb_start = self.modality(doc_text(doc))
        doc._.obligation = ObligationFields(modality, agencies, self.due_year(doc), verb, verb_start)
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        directory = ensure_path(path)
        directory.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.data_dir / POLICY_VERBS_FILE, directory / POLICY_VERBS_FILE)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> ObligationRecognizer:
        self.data_dir = ensure_path(path)
        self._load()
        return self


@Language.factory(FACTORY)
def make_obligation_recognizer(nlp: Language, name: str) -> ObligationRecognizer:
    return ObligationRecognizer(nlp, name)


def records_for(doc: Doc) -> list[Obligation]:
    """The clause's ``Obligation`` record (evidence: the clause's own text), if it is one."""
    ctx: ClauseContext | None = doc._.ctx
    fields: ObligationFields | None = doc._.obligation
    if ctx is None or fields is None:
        return []
    start, end = ctx.to_original(0, len(doc_text(doc)))
    return [
        Obligation(
            id=obligation_id(ctx.clause.id),
            document=ctx.document.id,
            clause=ctx.clause.id,
            modality=types.modality(fields.modality),
            agencies=fields.agencies,
            due_year=fields.due_year,
            prohibition=fields.verb in PROHIBITIONS,
            start=start,
            end=end,
            source=ctx.document.source,
            page=ctx.page(start),
        )
    ]


def deontic_properties(record: Obligation) -> dict[str, str | None]:
    """The node's properties beyond the record's fields: its deontic term and strength."""
    term, strength = types.deontic(record.modality, record.prohibition)
    return {"deontic": term, "strength": strength}


# The registry entry (loaders/kinds.py): an Obligation node of its fields (and its deontic term),
# STATED_IN its clause, borne (BEARS) by the agencies it names; graph/rows.py writes it by this.
KIND = RecordKind(
    Obligation,
    FACTORY,
    records_for,
    order=50,
    label="Obligation",
    edges=(Edge("STATED_IN", "clause", "Clause"), Edge("BEARS", "agencies", "Agency", inbound=True)),
    properties=deontic_properties,
)
