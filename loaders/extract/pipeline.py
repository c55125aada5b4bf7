"""The extraction stage: ``ParsedDocument`` → target, agency, responsibility, region and
obligation records, through one spaCy pipeline.

``build_nlp()`` is ``spacy.blank("zh")`` with the jieba segmenter (no model download) and
our registered components in order: ``policykg_regions_v1``, ``policykg_agencies_v1``,
``policykg_responsibilities_v1``, ``policykg_targets_v1``,
``policykg_obligations_v1``. :class:`Extractor` makes one Doc per clause from the clause's
*own* text, so nothing is counted twice, sets ``doc._.ctx`` and runs ``nlp.pipe``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence

import spacy
from spacy.lang.zh import ChineseTokenizer, Segmenter
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from policykg.config import configure_jieba
from policykg.loaders.extract import agencies, obligations, regions, responsibilities, targets
from policykg.loaders.extract.context import ClauseContext
from policykg.loaders.extract.target_grammar import TargetFields
from policykg.loaders.types import Clause, ParsedDocument, Record

# The components in pipeline order: (factory name, records_for). spaCy forbids "." in factory
# names, so ``policykg.regions.v1`` is spelled ``policykg_regions_v1``.
Converter = Callable[[Doc], Sequence[Record]]
COMPONENTS: tuple[tuple[str, Converter], ...] = (
    (regions.FACTORY, regions.records_for),
    (agencies.FACTORY, agencies.records_for),
    (responsibilities.FACTORY, responsibilities.records_for),
    (targets.FACTORY, targets.records_for),
    (obligations.FACTORY, obligations.records_for),
)
DEFAULT_BATCH_SIZE = 256
# How the Extractor segments clause text into tokens. No component reads words: every rule
# matches characters and maps back with ``char_span``, and with one token per character every
# offset is a token boundary, so spans are exact. jieba costs ~10 s per million characters
# (the corpus has ~1.05M in clause text), character tokens ~1 s; ``Extractor(tokens="jieba")``
# restores word tokens for a component that needs them.
DEFAULT_TOKENS = "char"


_RUNS = re.compile(r"\S+|\s+")


class CharDocMaker:
    """One token per character, as spaCy's ``ChineseTokenizer(segmenter="char")`` makes them
    (a single space after a character is that token's trailing space, any other whitespace run
    is a token of its own), in linear time: spaCy aligns each character with ``text[pos:].index``,
    which copies the rest of the text per character and costs most of the extraction time."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        for run in _RUNS.finditer(text):
            chunk = run.group()
            if not chunk[0].isspace():
                words.extend(chunk)
                spaces.extend([False] * len(chunk))
                continue
            if words and chunk[0] == " " and not spaces[-1] and not words[-1].isspace():
                spaces[-1] = True
                chunk = chunk[1:]
            if chunk:
                words.append(chunk)
                spaces.append(False)
        return Doc(self.vocab, words=words, spaces=spaces)


def build_nlp(segmenter: str = "jieba") -> Language:
    """The extraction pipeline; ``segmenter="char"`` skips jieba (tokens are not used by rules)."""
    if segmenter == "jieba":
        configure_jieba()  # quiet, and its cache in $POLICYKG_CACHE, before spaCy loads it
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": segmenter}}})
    for factory, _ in COMPONENTS:
        nlp.add_pipe(factory)
    return nlp


def _converters(nlp: Language) -> list[Converter]:
    """``records_for(doc)`` of every component in ``nlp``, in pipeline order."""
    factories = {nlp.get_pipe_meta(name).factory for name in nlp.pipe_names}
    return [convert for factory, convert in COMPONENTS if factory in factories]


def _ancestors(clause: Clause, by_id: dict[str, Clause]) -> tuple[str, ...]:
    headings: list[str] = []
    parent = by_id.get(clause.parent) if clause.parent else None
    while parent is not None and len(headings) < 8:
        headings.append(parent.heading)
        parent = by_id.get(parent.parent) if parent.parent else None
    return tuple(reversed(headings))


class Extractor:
    """One stage, one entry point: parsed documents in, extracted records out."""

    def __init__(
        self, nlp: Language | None = None, batch_size: int = DEFAULT_BATCH_SIZE, tokens: str = DEFAULT_TOKENS
    ) -> None:
        # Character Docs never use the tokenizer: no jieba dictionary to load (1-2 s a process).
        self.nlp = nlp or build_nlp("jieba" if tokens == "jieba" else "char")
        self.batch_size = batch_size
        self.converters = _converters(self.nlp)
        # Docs are made here and handed to nlp.pipe, which runs the components on them as they are.
        self.make_doc: Callable[[str], Doc] = (
            self.nlp.make_doc
            if tokens == "jieba"
            else CharDocMaker(self.nlp.vocab)
            if tokens == "char"
            else ChineseTokenizer(self.nlp.vocab, segmenter=Segmenter(tokens))
        )

    def _docs(self, parsed_docs: Iterable[ParsedDocument]) -> Iterator[Doc]:
        for parsed in parsed_docs:
            by_id = {clause.id: clause for clause in parsed.clauses}
            for clause in parsed.clauses:
                span = parsed.own_spans.get(clause.id)
                if span is None:
                    continue
                start, end = span
                doc = self.make_doc(parsed.text.text[start:end])
                doc._.ctx = ClauseContext(
                    parsed.document, clause, parsed.text, start, _ancestors(clause, by_id)
                )
                yield doc

    def extract(
        self, parsed_docs: Iterable[ParsedDocument], batch_size: int | None = None
    ) -> Iterator[Record]:
        """Records of every clause, in document and clause order."""
        for doc in self.nlp.pipe(self._docs(parsed_docs), batch_size=batch_size or self.batch_size):
            for convert in self.converters:
                yield from convert(doc)

    def run(self, parsed: ParsedDocument) -> list[Record]:
        return list(self.extract([parsed]))


_shared_nlp: Language | None = None


def shared_nlp() -> Language:
    """One pipeline per process for the helpers below (building one costs ~1 s)."""
    global _shared_nlp
    if _shared_nlp is None:
        _shared_nlp = build_nlp()
    return _shared_nlp


def extract_text(text: str, nlp: Language | None = None) -> list[TargetFields]:
    """Targets of a bare text (no document context): for tests and quick looks."""
    doc = (nlp or shared_nlp())(text)
    return targets.targets_of(doc)
