"""SHACL validation of an export with pyshacl, one node shape per process.

pyshacl validates focus node after focus node in Python, so the whole corpus export
(~560k triples, ~90k focus nodes: every evidence selector and reified statement is one) takes
minutes in one process. The shapes are independent (each targets one class; ``sh:class``
only reads ``rdf:type`` of the value nodes), so every node shape is validated on the WHOLE
data graph in its own forked process, and the results are combined: the same verdict as one
``validate`` call, in the time of the largest shape. The data graph is shared with the forked
workers copy-on-write, never pickled.

Also ``inplace=True``: without inference or rules pyshacl does not change the data graph, and
the default copy of 560k triples costs as much as validating a small shape.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from pyshacl import validate
from rdflib import Graph
from rdflib.namespace import RDF, SH

from policykg.graph.shapes import SHAPES_FILE

_DATA: Graph | None = None  # the graph being validated, inherited by the forked workers
_SHAPES: Graph | None = None


def _validate_shape(shape: str) -> tuple[str, bool, str]:
    assert _DATA is not None and _SHAPES is not None
    conforms, _, text = validate(
        _DATA, shacl_graph=_SHAPES, use_shapes=[shape], inplace=True, allow_warnings=False
    )
    return shape, bool(conforms), str(text)


def validate_export(data: Graph, shapes: Graph | None = None, workers: int | None = None) -> tuple[bool, str]:
    """(conforms, report text) of ``data`` against ``shapes`` (default: ontology/shapes.ttl).

    ``workers``: processes (default: the CPUs, at most one per node shape); 1 validates in
    this process, shape after shape.
    """
    global _DATA, _SHAPES
    shapes = shapes if shapes is not None else Graph().parse(SHAPES_FILE, format="turtle")
    node_shapes = sorted(str(s) for s in shapes.subjects(RDF.type, SH.NodeShape))
    workers = min(workers or os.cpu_count() or 1, len(node_shapes))
    _DATA, _SHAPES = data, shapes
    try:
        if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            results = [_validate_shape(shape) for shape in node_shapes]
        else:
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
                results = list(pool.map(_validate_shape, node_shapes))
    finally:
        _DATA = _SHAPES = None
    failed = [(shape, text) for shape, conforms, text in results if not conforms]
    return not failed, "\n".join(f"{shape}:\n{text}" for shape, text in failed)
