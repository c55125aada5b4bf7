"""THE registry of record kinds: what each extraction component makes and where it goes.

A component module of ``loaders/extract/`` declares, next to its spaCy factory, one
:class:`RecordKind`: its record type, its factory, the ``doc.spans`` key it fills, the function
that turns a processed ``Doc`` into records, its place in the pipeline, and, for a record that
becomes a node of its own, the schema label (``graph/schema.py``) and the edges to the nodes its
fields name. The extractor builds its pipeline from :func:`kinds`; the row builder
(``graph/rows.py``) writes every kind with a ``label`` by this declaration (property ``x`` of
the label ← field ``x`` of the record, or computed by the kind's ``properties``; evidence from
its span); viz draws any schema label. So a
new component with a node type of its own is three files: its module here, its label in
``graph/schema.py``, its terms in ``ontology/policykg.ttl`` (CONTRIBUTING.md, "A component").

Kinds whose rows are more than their fields (targets and their indicators, agencies and their
names, regions and their parents, responsibilities, which are edges) leave ``label`` unset:
``graph/rows.py`` builds them by hand.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from policykg.loaders.types import Record

#: The package whose modules declare the kinds (module attribute ``KIND``).
COMPONENTS_PACKAGE = "policykg.loaders.extract"


@dataclass(frozen=True)
class Edge:
    """An edge between a record's node and the node (or nodes) one of its fields names."""

    type: str  # a relationship type of graph/schema.py
    field: str  # the record field holding the other end's id, or a tuple of ids
    label: str  # the other end's label
    inbound: bool = False  # the edge runs from the other end to the record's node


@dataclass(frozen=True)
class RecordKind:
    record: type[Record]
    factory: str  # the spaCy factory name (policykg_targets_v1: spaCy forbids "." in names)
    records_for: Callable[[Any], Sequence[Record]]  # a processed Doc → its records
    order: int  # place in the pipeline: a component may read what those before it found
    spans_key: str | None = None  # the doc.spans key the component fills, when it does
    label: str | None = None  # the schema label of its node, when graph/rows.py maps it by fields
    edges: tuple[Edge, ...] = ()
    #: properties of the node that are no field of the record, computed from it (Obligation's
    #: deontic term from its modality)
    properties: Callable[[Any], Mapping[str, Any]] | None = None


@cache
def kinds() -> tuple[RecordKind, ...]:
    """Every component's kind, in pipeline order (each module of ``loaders/extract/`` that has one)."""
    package = importlib.import_module(COMPONENTS_PACKAGE)
    found: list[RecordKind] = []
    for module in pkgutil.iter_modules(package.__path__):
        kind = getattr(importlib.import_module(f"{COMPONENTS_PACKAGE}.{module.name}"), "KIND", None)
        if isinstance(kind, RecordKind):
            found.append(kind)
    orders = [kind.order for kind in found]
    if len(set(orders)) != len(orders):
        raise ValueError(f"two components of {COMPONENTS_PACKAGE} share a pipeline order: {sorted(orders)}")
    return tuple(sorted(found, key=lambda kind: kind.order))


def kind_of(record_type: type[Record]) -> RecordKind | None:
    return next((kind for kind in kinds() if kind.record is record_type), None)
