"""What an extraction component knows about the clause a ``Doc`` was made from.

Extraction runs one spaCy ``Doc`` per clause, over the clause's *own* normalised text
(``ParsedDocument.own_spans``). ``doc._.ctx`` holds a :class:`ClauseContext`, which maps
character offsets inside the Doc back to the original file (the evidence).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from policykg.loaders.offsets import NormalizedText
from policykg.loaders.types import Clause, Document


@dataclass(frozen=True)
class ClauseContext:
    document: Document
    clause: Clause
    text: NormalizedText  # the normalised text of the whole file
    norm_start: int  # where the Doc's text begins in ``text.text``
    # Headings of the clause's ancestors, outermost first (the clause's own heading not included):
    # a target reads differently under 发展基础 (a review) than under 主要目标.
    ancestor_headings: tuple[str, ...] = ()

    def to_original(self, start_char: int, end_char: int) -> tuple[int, int]:
        """Doc character offsets → original file offsets (the evidence span)."""
        return self.text.to_original(self.norm_start + start_char, self.norm_start + end_char)

    def page(self, original_offset: int) -> int | None:
        return self.text.page_of(original_offset)


if not Doc.has_extension("ctx"):
    Doc.set_extension("ctx", default=None)


def doc_text(doc: Doc) -> str:
    """``doc.text`` without building every Token (spaCy joins one Token object per token, which
    costs ~1 s per million characters with character tokens): the clause text sliced from the
    normalised file when ``doc._.ctx`` is set, else ``doc.text``. Read once per Doc and kept in
    ``doc.user_data``, so every component shares it."""
    cached = doc.user_data.get(_TEXT_KEY)
    if isinstance(cached, str):
        return cached
    ctx: ClauseContext | None = doc._.ctx
    if ctx is None or not len(doc):
        text: str = doc.text
    else:
        last = doc[-1]
        end = ctx.norm_start + last.idx + len(last.text_with_ws)
        text = ctx.text.text[ctx.norm_start : end]
        if not text.endswith(last.text_with_ws) or not text.startswith(doc[0].text):
            text = doc.text  # the Doc was not made from that slice (a test's own text)
    doc.user_data[_TEXT_KEY] = text
    return text


_TEXT_KEY = "policykg.text"
