"""The documents behind the graph, for "view source": a fact's span in the text the reader produced.

Every fact carries ``source`` (a file name), ``start`` and ``end`` (offsets into the text the reader
made of that file). The workbench reads those files from known folders only (the bundled corpus,
plus folders given to ``policykg serve --sources``): a name from a request is looked up in the
listing of those folders, never joined to a path, so no request reaches another file.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the readers are imported on the first "view source", not at start-up
    from policykg.loaders.types import SourceText

#: Source texts kept in memory (the bundled compilation is 1 M characters).
CACHE_SIZE = 8


@dataclass(frozen=True)
class Segment:
    """A run of text, marked (``kind`` target / agency / span) or plain (``kind`` "")."""

    text: str
    kind: str = ""
    ref: str = ""  # the id the mark links to
    title: str = ""


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str
    ref: str = ""
    title: str = ""


class SourceFiles:
    """File name → path for the folders given (the bundled corpus first), texts read on demand."""

    def __init__(self, folders: Sequence[Path] = ()) -> None:
        from importlib.resources import files

        # the bundled corpus (as loaders.pipeline.default_paths lists it, without importing the readers)
        corpus = Path(str(files("policykg.data") / "corpus"))
        self._paths: dict[str, Path] = {path.name: path for path in sorted(corpus.glob("*.txt"))}
        for folder in folders:
            for path in sorted(Path(folder).iterdir()):
                if path.is_file():
                    self._paths.setdefault(path.name, path)
        self._texts: OrderedDict[str, SourceText] = OrderedDict()
        self._lock = threading.Lock()

    def names(self) -> list[str]:
        return sorted(self._paths)

    def get(self, name: str, expected_hash: str | None = None) -> SourceText | None:
        """The source text of ``name``; None when the file is unknown, unreadable, or changed since it
        was loaded (its hash is not the one the graph recorded: the spans would not fit)."""
        path = self._paths.get(name)
        if path is None:
            return None
        with self._lock:
            text = self._texts.get(name)
            if text is not None:
                self._texts.move_to_end(name)
        if text is None:
            from policykg.loaders.read import read_source

            try:
                text = read_source(path)
            except Exception:  # noqa: BLE001 - any unreadable file just means "no source view"
                return None
            with self._lock:
                self._texts[name] = text
                while len(self._texts) > CACHE_SIZE:
                    self._texts.popitem(last=False)
        if expected_hash and text.sha256 != expected_hash:
            return None
        return text

    def where(self, source: SourceText, offset: int) -> str:
        """``line 40`` / ``page 3`` / ``paragraph 12`` (see :func:`policykg.loaders.readers.locate`)."""
        from policykg.loaders.readers import locate

        return locate(source, offset)


def segments(text: str, offset: int, marks: Iterable[Mark]) -> list[Segment]:
    """``text`` (which starts at ``offset`` of its source) cut into plain and marked runs.

    Marks outside the text are dropped; a mark overlapping one already placed is dropped too
    (the first, by start, wins), so every character is shown exactly once.
    """
    out: list[Segment] = []
    position = 0
    for mark in sorted(marks, key=lambda m: (m.start, -m.end)):
        start, end = mark.start - offset, mark.end - offset
        if start < position or end > len(text) or end <= start:
            continue
        if start > position:
            out.append(Segment(text[position:start]))
        out.append(Segment(text[start:end], mark.kind, mark.ref, mark.title))
        position = end
    if position < len(text):
        out.append(Segment(text[position:]))
    return out


def find_marks(text: str, offset: int, needles: Iterable[tuple[str, str, str, str]]) -> list[Mark]:
    """Marks found by text when the source file is not at hand: (needle, kind, ref, title), first
    occurrence of each needle (the graph's copy of a clause is normalised, so offsets may not fit)."""
    marks: list[Mark] = []
    for needle, kind, ref, title in needles:
        if not needle:
            continue
        found = text.find(needle)
        if found >= 0:
            marks.append(Mark(offset + found, offset + found + len(needle), kind, ref, title))
    return marks
