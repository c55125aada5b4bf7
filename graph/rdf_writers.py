"""Streaming RDF writers: N-Triples, Turtle and JSON-LD from a stream of triples, in one pass.

rdflib's own Turtle serializer looks up a namespace for every IRI and makes one of each
evidence IRI's folder (``…/statement/<sha1>/evidence`` → ``…/statement/<sha1>/``), which grows
quadratically: the bundled graph (563 k triples) never finished. Its JSON-LD serializer builds
the whole document in memory first. These writers take the triples as :func:`policykg.graph.rdf.triples`
yields them (one subject's triples together) and write each at once: terms through rdflib's own
``n3()``, so the syntax is rdflib's; prefixed names only in the bound namespaces.

- N-Triples: one line per triple (what rdflib writes).
- Turtle: ``@prefix`` lines, then consecutive triples of a subject joined with ``;``.
- JSON-LD: ``{"@context": <ontology/context.jsonld>, "@graph": [...]}`` with one node object per
  run of a subject's triples (JSON-LD merges node objects with the same ``@id``), values compacted
  by the context's terms where their coercion fits, else written as value objects.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from itertools import groupby
from typing import IO, Any

from rdflib import Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

Triple = tuple[URIRef, URIRef, Node]
#: A Turtle local name we write unescaped: a safe subset of PN_LOCAL (percent escapes allowed).
_LOCAL = re.compile(r"[A-Za-z_](?:[A-Za-z0-9_\-]|%[0-9A-Fa-f]{2})*")


class Prefixes:
    """Prefixed names for IRIs in the bound namespaces (the longest namespace wins)."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.prefixes = dict(prefixes)
        self._by_length = sorted(((ns, p) for p, ns in self.prefixes.items()), key=lambda x: -len(x[0]))
        self._cache: dict[str, str | None] = {}

    def compact(self, iri: str) -> str | None:
        """``pkg:Clause`` for ``https://policykg.org/ontology#Clause``; None when no prefix fits."""
        if iri in self._cache:
            return self._cache[iri]
        found = None
        for namespace, prefix in self._by_length:
            if iri.startswith(namespace) and _LOCAL.fullmatch(iri[len(namespace) :]):
                found = f"{prefix}:{iri[len(namespace) :]}"
                break
        if len(self._cache) < 100_000:  # predicates, classes and datatypes repeat; node IRIs barely do
            self._cache[iri] = found
        return found


def quoted(text: str) -> str:
    """A string literal's quoted form as rdflib's N-Triples serializer writes it (also valid Turtle)."""
    escaped = text.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r")
    return f'"{escaped}"'


def nt_term(node: Node) -> str:
    """A term in N-Triples, character for character what rdflib's ``nt`` serializer writes."""
    if isinstance(node, Literal):
        if node.language:
            return f"{quoted(str(node))}@{node.language}"
        if node.datatype:
            return f"{quoted(str(node))}^^<{node.datatype}>"
        return quoted(str(node))
    return node.n3()


def write_ntriples(triples: Iterable[Triple], out: IO[str]) -> int:
    count = 0
    for s, p, o in triples:
        out.write(f"{s.n3()} {p.n3()} {nt_term(o)} .\n")
        count += 1
    return count


def write_turtle(triples: Iterable[Triple], out: IO[str], prefixes: Mapping[str, str]) -> int:
    names = Prefixes(prefixes)

    def term(node: Node) -> str:
        if isinstance(node, URIRef):
            return names.compact(str(node)) or node.n3()
        if isinstance(node, Literal) and node.datatype is not None:
            return f"{quoted(str(node))}^^{names.compact(str(node.datatype)) or node.datatype.n3()}"
        return nt_term(node)

    for prefix, namespace in sorted(prefixes.items()):
        out.write(f"@prefix {prefix}: <{namespace}> .\n")
    count = 0
    for subject, group in groupby(triples, key=lambda t: t[0]):
        out.write(f"\n{term(subject)}")
        separator = ""
        for _, p, o in group:
            verb = "a" if p == RDF.type else term(p)
            out.write(f"{separator}\n    {verb} {term(o)}")
            separator = " ;"
            count += 1
        out.write(" .\n")
    return count


class _JsonLdTerms:
    """Property IRI → (term, coercion) from a JSON-LD context, and compact IRIs by its prefixes."""

    def __init__(self, context: Mapping[str, Any]) -> None:
        prefixes = {k: v for k, v in context.items() if isinstance(v, str) and v.endswith(("#", "/"))}
        self.prefixes = Prefixes(prefixes)
        self.terms: dict[str, tuple[str, Mapping[str, str]]] = {}
        self.classes: dict[str, str] = {}
        for term, definition in context.items():
            if isinstance(definition, str) and term not in prefixes:
                self.classes[self._expand(definition)] = term
            elif isinstance(definition, Mapping):
                self.terms[self._expand(definition["@id"])] = (term, definition)

    def _expand(self, value: str) -> str:
        prefix, _, local = value.partition(":")
        namespace = self.prefixes.prefixes.get(prefix)
        return namespace + local if namespace is not None and not local.startswith("//") else value

    def iri(self, iri: str) -> str:
        return self.prefixes.compact(iri) or iri

    def key_and_value(self, predicate: URIRef, obj: Node) -> tuple[str, Any]:
        found = self.terms.get(str(predicate))
        coercion: Mapping[str, str] = found[1] if found else {}
        key = found[0] if found else self.iri(str(predicate))
        if isinstance(obj, URIRef):
            return key, str(obj) if coercion.get("@type") == "@id" else {"@id": str(obj)}
        if not isinstance(obj, Literal):
            raise TypeError(f"blank nodes are not exported: {obj!r}")
        lexical = str(obj)
        if obj.language is not None:
            if coercion.get("@language") == obj.language:
                return key, lexical
            return key, {"@value": lexical, "@language": obj.language}
        if obj.datatype is None:  # a plain string: bare only where the term coerces nothing
            return key, {"@value": lexical} if coercion.get("@type") or "@language" in coercion else lexical
        datatype = str(obj.datatype)
        if "@type" in coercion and self._expand(coercion["@type"]) == datatype:
            return key, lexical
        return key, {"@value": lexical, "@type": self.iri(datatype)}


def _node_objects(triples: Iterable[Triple], terms: _JsonLdTerms) -> Iterator[tuple[dict[str, Any], int]]:
    for subject, group in groupby(triples, key=lambda t: t[0]):
        node: dict[str, Any] = {"@id": str(subject)}
        count = 0
        for _, p, o in group:
            count += 1
            if p == RDF.type:
                node.setdefault("@type", []).append(terms.classes.get(str(o)) or terms.iri(str(o)))
                continue
            key, value = terms.key_and_value(p, o)
            node.setdefault(key, []).append(value)
        yield {k: v[0] if isinstance(v, list) and len(v) == 1 else v for k, v in node.items()}, count


def write_jsonld(triples: Iterable[Triple], out: IO[str], context: Mapping[str, Any]) -> int:
    terms = _JsonLdTerms(context)
    out.write('{\n"@context": ' + json.dumps(context, ensure_ascii=False) + ',\n"@graph": [')
    count = 0
    separator = "\n"
    for node, triples_in_node in _node_objects(triples, terms):
        out.write(separator + json.dumps(node, ensure_ascii=False))
        separator = ",\n"
        count += triples_in_node
    out.write("\n]\n}\n")
    return count
