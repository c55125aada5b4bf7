"""``policykg_obligations_v1`` (the contract's ``policykg.obligations.v1``): a task clause with responsible agencies is an obligation.

Contract with the responsibilities component (``policykg_responsibilities_v1``, which runs
before this one): it sets ``doc.spans["responsibilities"]``, one span per agency mention in
a responsibility marker, with ``span._.agency_id`` (the agency's stable id, or None when it
could not be resolved). This component only reads those spans; a Doc without them is not
an obligation.

Modality comes from the policy verbs in ``data/policy_verbs.tsv``, sentence by sentence
(split at 。；): a sentence with a binding word anywhere (``新建项目不得…``) is binding;
otherwise its *leading* verb decides, so ``鼓励金融机构加大支持力度`` stays encouraging although
加大 is directive, while adjacent verbs read as one (``积极推进``: the stronger, directive).
Across its sentences the clause takes the *strongest* force — binding > directive >
encouraging — because one binding sentence is enough to bind the agencies named for the
clause. A clause with no listed verb is ``directive`` (task lists are instructions).
The due year is the latest target year of the clause's targets, else the latest target
year phrase in the clause (``到2025年``, ``“十四五”期间``), else None.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from policykg.loaders.extract.context import ClauseContext, doc_text
from policykg.loaders.extract.lexicon import DATA_DIR, POLICY_VERBS_FILE, alternation, read_policy_verbs
from policykg.loaders.extract.targets import SPANS_KEY as TARGETS_KEY
from policykg.loaders.extract.targets import TargetRecognizer, targets_of
from policykg.loaders.types import Obligation
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import ensure_path

FACTORY = "policykg_obligations_v1"  # spaCy forbids "." in factory names
RESPONSIBILITIES_KEY = "responsibilities"
STRENGTH = {"binding": 3, "directive": 2, "encouraging": 1}
DEFAULT_MODALITY = "directive"
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
    def __init__(self, nlp: Language, name: str = FACTORY,
                 data_dir: Path | None = None) -> None:
        self.name = name
        self.nlp = nlp
        self.data_dir = Path(data_dir) if data_dir else DATA_DIR
        self._load()

    def _load(self) -> None:
        self.verbs = read_policy_verbs(self.data_dir)
        self.verb_pattern = re.compile(alternation(set(self.verbs)))

    def modality(self, text: str) -> tuple[str, str | None, int | None]:
        """(modality, deciding verb, its offset) of a clause: the strongest of its sentences."""
        best: tuple[str, str | None, int | None] = (DEFAULT_MODALITY, None, None)
        best_strength = 0
        for sentence in SENTENCE.finditer(text):
            found = self._sentence_modality(sentence.group(), sentence.start())
            if found and STRENGTH[found[0]] > best_strength:
                best, best_strength = found, STRENGTH[found[0]]
        return best

    def _sentence_modality(self, sentence: str, offset: int) -> tuple[str, str | None, int | None] | None:
        matches = list(self.verb_pattern.finditer(sentence))
        if not matches:
            return None
        for match in matches:
            if self.verbs[match.group()] == "binding":
                return "binding", match.group(), offset + match.start()
        leading = [matches[0]]
        for match in matches[1:]:
            if match.start() != leading[-1].end():
                break
            leading.append(match)  # 积极推进, 鼓励引导: adjacent verbs are one predicate
        strongest = max(leading, key=lambda m: STRENGTH[self.verbs[m.group()]])
        return self.verbs[strongest.group()], strongest.group(), offset + strongest.start()

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
    return [Obligation(
        id=f"{ctx.clause.id}/obligation",
        document=ctx.document.id,
        clause=ctx.clause.id,
        modality=fields.modality,
        agencies=fields.agencies,
        due_year=fields.due_year,
        start=start,
        end=end,
        source=ctx.document.source,
        page=ctx.page(start),
    )]
