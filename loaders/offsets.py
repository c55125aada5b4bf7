"""Normalised text with an exact map back to the original (the evidence text).

Matching runs on the normalised text; every emitted span is mapped back with
:meth:`NormalizedText.to_original` so that ``original[start:end]`` is the evidence.
"""

from __future__ import annotations

import bisect
from array import array
from dataclasses import dataclass, field


@dataclass
class NormalizedText:
    """``text[i]`` came from ``original[origin[i]]``.

    ``origin`` is non-decreasing (normalisation only drops or replaces characters,
    never reorders them) and has ``len(text) + 1`` entries: the last one is the original
    end offset of the normalised range. ``page_starts``/``page_numbers`` give, in original
    offsets, where each page begins (empty when the source has no pages).
    """

    text: str
    origin: array[int]  # array('q'), len(text) + 1
    page_starts: list[int] = field(default_factory=list)
    page_numbers: list[int] = field(default_factory=list)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised span [start, end) to the original span that covers exactly it."""
        n = len(self.text)
        start = max(0, min(start, n))
        end = max(start, min(end, n))
        if end == start:
            o = self.origin[start]
            return o, o
        return self.origin[start], self.origin[end - 1] + 1

    def page_of(self, original_offset: int) -> int | None:
        """The page holding an original offset (None when the source has no pages)."""
        if not self.page_starts:
            return None
        i = bisect.bisect_right(self.page_starts, original_offset) - 1
        return self.page_numbers[max(i, 0)]

    def to_normalized(self, original_offset: int) -> int:
        """The first normalised index whose origin is >= ``original_offset``."""
        return bisect.bisect_left(self.origin, original_offset, 0, len(self.text))


class Builder:
    """Accumulates normalised text piece by piece while recording origins."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._origin = array("q")

    def keep(self, original: str, start: int, end: int) -> None:
        """Copy ``original[start:end]`` unchanged."""
        self._parts.append(original[start:end])
        self._origin.extend(range(start, end))

    def put(self, replacement: str, at: int) -> None:
        """Emit ``replacement`` standing for the original character(s) at ``at``."""
        self._parts.append(replacement)
        self._origin.extend([at] * len(replacement))

    def build(
        self, end_offset: int, page_starts: list[int] | None = None, page_numbers: list[int] | None = None
    ) -> NormalizedText:
        text = "".join(self._parts)
        origin = array("q", self._origin)
        origin.append(end_offset)
        return NormalizedText(text, origin, page_starts or [], page_numbers or [])
