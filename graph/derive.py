"""DERIVES_FROM links: which plan (and which clause) a plan (clause) derives from.

Plan level
    A plan derives from every plan it cites as its *basis* (``Citation.relation ==
    "based_on"``: 根据《…》, 为落实《…》).  The citation is resolved to a corpus document by
    the one rule CITES follows too (:class:`policykg.loaders.identity.CitationResolver`: 文号,
    then the normalised title, the issuer deciding between plans of one title); an unresolved
    basis becomes an :class:`ExternalPlan` (``ext:<文号>`` or ``ext:<title>``).  Method
    ``citation:based_on``, score 1.0, evidence = the citation.

    A plan is never linked to a higher-level plan by assumption.  Plans that *govern* it —
    every national plan, and for a city or district plan the plans of its own province, if not
    issued after it — are only *candidates*: the candidate becomes an ancestor (edge method
    ``clause-evidence``, score = share of the local task clauses that derive from it) when at
    least ``evidence_min_clauses`` of its task clauses and ``evidence_min_share`` of them
    match a clause of the candidate above the clause threshold (see :class:`Deriver`).

Clause level
    A local *task* clause derives from the best-matching task clause of each ancestor plan
    (ancestors = transitive closure of the basis links, plus the evidence-accepted candidates
    and their own closures) when the similarity (:mod:`policykg.graph.similarity`) is at least
    ``threshold``.  Preambles and boilerplate sections (总体要求, 指导思想, 目标, 保障措施,
    组织实施) are not matched: every plan words them alike, so they would link everything to
    everything.  Evidence = the local clause's span.
"""

from __future__ import annotations

import dataclasses
import re
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from policykg.graph.similarity import ClauseIndex, ClauseTexts, Features, clause_features
from policykg.loaders import gazetteer
from policykg.loaders.identity import CitationResolver, PlanKeys, doc_number_key, external_plan_id, title_key
from policykg.loaders.offsets import NormalizedText
from policykg.loaders.types import Citation, Clause, Derivation, Document, ExternalPlan, ParsedDocument
from policykg.pool import ordered_map

#: Task clauses one similarity index holds before matching is split by province (see
#: :meth:`Deriver._shards`): the bundled corpus has ~3,900, so it is matched in one index.
SHARD_CLAUSES = 12_000
BASIS_METHOD = "citation:based_on"
CLAUSE_METHOD = "tfidf-char-ngram+jieba"
EVIDENCE_METHOD = "clause-evidence"

# Top-level sections every plan words alike: not evidence of derivation.
BOILERPLATE_HEADING = re.compile(
    r"总体要求|指导思想|基本原则|工作原则|主要目标|总体目标|试点目标|发展目标|工作目标"
    r"|保障措施|组织实施|组织领导|实施保障|保障机制|工作要求|加强组织"
)
PREAMBLE_PATHS = frozenset({"", "序", "序言", "前言"})


@dataclass
class _PlanLinks:
    """Resolved basis citations: edges between corpus plans, and external plans."""

    edges: list[Derivation] = field(default_factory=list)
    parents: dict[str, set[str]] = field(default_factory=dict)  # corpus doc id → corpus basis ids
    externals: dict[str, ExternalPlan] = field(default_factory=dict)


def link_plans(parsed: Sequence[ParsedDocument]) -> _PlanLinks:
    """Plan-level DERIVES_FROM edges from basis citations (corpus or external targets).

    A citation names the plan :class:`~policykg.loaders.identity.CitationResolver` says, the
    rule CITES follows too; an unresolved basis becomes an external plan."""
    resolver = CitationResolver(PlanKeys.of(p.document) for p in parsed)
    # A title cited once with its 文号 and once without is one external plan.
    number_of_title: dict[str, str] = {}
    for p in parsed:
        for c in p.citations:
            number = doc_number_key(c.doc_number)
            if number and c.title:
                number_of_title.setdefault(title_key(c.title), number)
    links = _PlanLinks()
    seen: set[tuple[str, str]] = set()
    cited_by: dict[str, list[str]] = {}
    titles: dict[str, tuple[str | None, str | None]] = {}
    first: dict[str, Citation] = {}
    for p in parsed:
        doc = p.document
        links.parents.setdefault(doc.id, set())
        for c in p.citations:
            if c.relation != "based_on":
                continue
            named = resolver.resolve(c.title, c.doc_number)
            target = named.id if named is not None else None
            if target == doc.id:
                continue  # a plan quoting its own title (现将《…》印发给你们)
            if target is None:
                key = title_key(c.title)
                number = doc_number_key(c.doc_number) or number_of_title.get(key)
                if not key and not number:
                    continue
                target = external_plan_id(c.title, number)
                cited_by.setdefault(target, [])
                if doc.id not in cited_by[target]:
                    cited_by[target].append(doc.id)
                first.setdefault(target, c)
                old_title, old_number = titles.get(target, (None, None))
                titles[target] = (old_title or c.title, old_number or number)
            else:
                links.parents[doc.id].add(target)
            if (doc.id, target) in seen:
                continue
            seen.add((doc.id, target))
            links.edges.append(
                Derivation(
                    doc.id, target, "plan", 1.0, BASIS_METHOD, c.source or doc.source, c.start, c.end, c.page
                )
            )
    for ext_id, (title, number) in titles.items():
        c = first[ext_id]
        links.externals[ext_id] = ExternalPlan(
            ext_id, title, number, tuple(cited_by[ext_id]), c.source or None, c.start, c.end, c.page
        )
    return links


def closure(start: Iterable[str], parents: dict[str, set[str]]) -> set[str]:
    """All plans reachable through basis links (cycle-safe)."""
    out: set[str] = set()
    stack = list(start)
    while stack:
        node = stack.pop()
        if node in out:
            continue
        out.add(node)
        stack.extend(parents.get(node, ()))
    return out


def _province_code(doc: Document) -> str | None:
    """First two digits of the region code (from the record, else looked up by region name)."""
    code = doc.region_code or gazetteer.code_of(doc.region)
    return code[:2] if code and len(code) >= 2 and code != gazetteer.CHINA else None


def governing_candidates(doc: Document, documents: Sequence[Document]) -> set[str]:
    """Plans that *could* govern ``doc``: national ones; for cities and districts, their province's."""
    return _Governors(documents).of(doc)


class _Governors:
    """The national plans and each province's plans, indexed once (a corpus-wide scan per plan is
    quadratic: 1.4e8 comparisons at 100× the corpus)."""

    def __init__(self, documents: Iterable[Document]) -> None:
        self.national: list[Document] = []
        self.province: dict[str, list[Document]] = {}
        for d in documents:
            level = d.level or d.group
            if level == "national":
                self.national.append(d)
            elif level == "province" and (code := _province_code(d)):
                self.province.setdefault(code, []).append(d)

    def of(self, doc: Document) -> set[str]:
        level = doc.level or doc.group
        if level in (None, "national"):
            return set()
        out = {d.id for d in self.national if d.id != doc.id and not _later(d, doc)}
        code = _province_code(doc) if level in ("city", "district") else None
        if code:
            out |= {d.id for d in self.province.get(code, ()) if not _later(d, doc)}
        return out


def _later(candidate: Document, doc: Document) -> bool:
    """A plan cannot implement one issued after it (dates are YYYY-MM-DD; unknown = no veto)."""
    return bool(candidate.date and doc.date and candidate.date > doc.date)


def _task_clauses(parsed: ParsedDocument) -> list[Clause]:
    """Clauses that state tasks: not the preamble, not under a boilerplate top-level section."""
    by_id = {c.id: c for c in parsed.clauses}
    out: list[Clause] = []
    for clause in parsed.clauses:
        if clause.path in PREAMBLE_PATHS:
            continue
        top = clause
        while top.parent is not None and top.parent in by_id:
            top = by_id[top.parent]
        if top.path in PREAMBLE_PATHS or BOILERPLATE_HEADING.search(top.heading):
            continue
        out.append(clause)
    return out


@dataclass(frozen=True)
class ClauseMatch:
    local: Clause
    target: Clause
    score: float  # cosine similarity (what the edge stores)
    plan: str  # the target clause's document id
    z: float = 0.0  # standard scores above the local clause's mean similarity to candidate clauses


class _FeatureCache(dict[str, list[Features]]):
    """Clause features of the documents in ``shared`` (the candidates), kept once computed."""

    def __init__(self, shared: set[str]) -> None:
        super().__init__()
        self.shared = shared


class Deriver:
    """Plan- and clause-level DERIVES_FROM edges over a whole corpus.

    ``threshold``: minimum clause similarity (mean of the word and char-n-gram cosines).
    ``min_z``: how far (in standard deviations) the best match must stand out, see
    :meth:`match_clauses`.
    ``evidence_min_clauses`` / ``evidence_min_share``: how many (and what share) of a plan's
    task clauses must derive from a governing candidate before the plan derives from it.
    """

    def __init__(
        self,
        threshold: float = 0.1,
        min_z: float = 3.5,
        evidence_min_clauses: int = 5,
        evidence_min_share: float = 0.25,
        shard_clauses: int = SHARD_CLAUSES,
    ) -> None:
        self.shard_clauses = shard_clauses
        self.threshold = threshold
        self.min_z = min_z
        self.evidence_min_clauses = evidence_min_clauses
        self.evidence_min_share = evidence_min_share

    def external_plans(self, parsed: Sequence[ParsedDocument]) -> list[ExternalPlan]:
        """Cited basis plans missing from the corpus (load them as ``Plan`` nodes, ``external``)."""
        return list(link_plans(parsed).externals.values())

    def run(self, parsed: list[ParsedDocument]) -> list[Derivation]:
        return [d for batch in self.batches(parsed) for d in batch]

    def batches(self, parsed: Sequence[ParsedDocument], workers: int = 1) -> Iterator[list[Derivation]]:
        """The derivations in batches: the citation edges first, then one batch per matching shard.

        A streaming ingest writes each batch as it comes, so memory holds one shard's matches,
        not the whole corpus's (at 100× the synthetic corpus they are millions). ``workers`` > 1:
        the shards are matched in that many worker processes, in order, two per worker ahead.
        """
        links = link_plans(parsed)
        yield list(links.edges)
        candidates = self.candidate_plans(parsed, links)
        tasks = {p.document.id: _task_clauses(p) for p in parsed}
        governors = _Governors(p.document for p in parsed)
        by_id = {p.document.id: p for p in parsed}
        shared = set().union(*candidates.values()) if candidates else set()
        jobs = (
            (
                members,
                {d: candidates[d] for d in queries},
                {p.document.id: tasks[p.document.id] for p in members},
            )
            for members, queries in self._shards(parsed, candidates, tasks)
        )
        for (_, matched, _), matches in _run_shards(self, jobs, shared, workers):
            queries = list(matched)
            governing = self._governing([by_id[d] for d in queries], links, matches, governors, tasks)
            out: list[Derivation] = []
            for doc_id, plans in governing.items():
                doc = by_id[doc_id].document
                out.extend(
                    Derivation(
                        doc_id,
                        plan,
                        "plan",
                        round(share, 4),
                        EVIDENCE_METHOD,
                        doc.source,
                        doc.start,
                        doc.end,
                        doc.page,
                    )
                    for plan, share in plans.items()
                )
            # Clause links only into plans the local plan derives from (by citation or evidence).
            ancestors = {
                doc_id: closure(links.parents.get(doc_id, set()) | set(plans), links.parents) - {doc_id}
                for doc_id, plans in governing.items()
            }
            for m in matches:
                if m.plan in ancestors.get(m.local.document, set()):
                    out.append(
                        Derivation(
                            m.local.id,
                            m.target.id,
                            "clause",
                            round(m.score, 4),
                            CLAUSE_METHOD,
                            m.local.source,
                            m.local.start,
                            m.local.end,
                            m.local.page,
                        )
                    )
            yield out

    # -- clause matching -------------------------------------------------------------------
    def candidate_plans(self, parsed: Sequence[ParsedDocument], links: _PlanLinks) -> dict[str, set[str]]:
        """Per document: explicit ancestors, governing candidates and their closures."""
        documents = [p.document for p in parsed]
        governors = _Governors(documents)
        out: dict[str, set[str]] = {}
        for doc in documents:
            explicit = closure(links.parents.get(doc.id, ()), links.parents)
            governing = governors.of(doc)
            out[doc.id] = (explicit | closure(governing, links.parents)) - {doc.id}
        return out

    def match_clauses(self, parsed: Sequence[ParsedDocument], links: _PlanLinks) -> list[ClauseMatch]:
        """Best clause of each candidate plan for each local task clause, when it stands out.

        A clause of a plan that never addressed the local task still has *some* best match: the
        maximum of n unrelated similarities.  So the best match is accepted when it is an
        outlier among the local clause's similarities to all clauses of all its candidate plans
        (``z >= min_z``; for n ≈ 60–300 Gaussian similarities the maximum exceeds 3.5σ with
        probability ≈ n·2.3e-4, i.e. a few percent) and its cosine is at least ``threshold``.

        Granularity: a local *item* (a clause without sub-clauses inside a section: 二（一）1, or
        an action 三（二） with no items) is matched against the *most specific* clauses of the
        candidate plan only (those without sub-clauses).  A section's vector holds all its
        items, so it shares some words with any local item of its theme and often outscores the
        one item the local clause implements; an edge to the section would be a true but vaguer
        claim.  A local clause with sub-clauses, or a top-level chapter (一、…, often a whole
        chapter whose sub-sections were not split), may match a clause of any level: a local
        chapter or action can implement a whole national action.
        """
        candidates = self.candidate_plans(parsed, links)
        tasks = {p.document.id: _task_clauses(p) for p in parsed}
        out: list[ClauseMatch] = []
        for members, queries in self._shards(parsed, candidates, tasks):
            out.extend(self._match_shard(members, {d: candidates[d] for d in queries}, tasks))
        return out

    def _shards(
        self,
        parsed: Sequence[ParsedDocument],
        candidates: dict[str, set[str]],
        tasks: dict[str, list[Clause]],
    ) -> Iterable[tuple[list[ParsedDocument], list[str]]]:
        """(documents of one similarity index, the documents matched in it): bounded memory at any size.

        Up to ``shard_clauses`` task clauses in all, ONE index holds every document, so idf is the
        whole corpus's. Past that, each index holds a group of local plans of one province and
        every plan they may derive from (their candidates, shared within a province): the first
        plan's candidates plus about ``shard_clauses`` task clauses more; idf is then that
        group's. Each local plan is matched in exactly one index.
        """
        sizes = {doc_id: len(found) for doc_id, found in tasks.items()}
        if sum(sizes.values()) <= self.shard_clauses:
            yield list(parsed), list(candidates)
            return
        by_id = {p.document.id: p for p in parsed}
        groups: dict[str, list[str]] = {}
        for doc_id in sorted(candidates):
            if candidates[doc_id] and sizes.get(doc_id):
                groups.setdefault(_province_code(by_id[doc_id].document) or "", []).append(doc_id)
        for key in sorted(groups):
            queries: list[str] = []
            members: set[str] = set()
            size = first = 0
            for doc_id in groups[key]:
                new = ({doc_id} | candidates[doc_id]) & by_id.keys()
                grow = sum(sizes[d] for d in new - members)
                # The first plan brings its candidates, whatever their size; the plans after it
                # (sharing most candidates within a province) may add shard_clauses more.
                if queries and size + grow > first + self.shard_clauses:
                    yield [by_id[d] for d in sorted(members)], queries
                    queries, members, size = [], set(), 0
                    grow = sum(sizes[d] for d in new)
                queries.append(doc_id)
                members |= new
                size += grow
                if len(queries) == 1:
                    first = size
            if queries:
                yield [by_id[d] for d in sorted(members)], queries

    def _match_shard(
        self,
        parsed: Sequence[ParsedDocument],
        candidates: dict[str, set[str]],
        tasks: dict[str, list[Clause]],
        cache: _FeatureCache | None = None,
    ) -> list[ClauseMatch]:
        """:meth:`match_clauses` within one index: ``candidates`` holds the documents matched here.

        ``cache``: the features of documents that enter several indexes (the plans others may
        derive from), segmented once."""
        cache = cache if cache is not None else _FeatureCache(set())
        rows: dict[str, list[int]] = {}
        flat: list[Clause] = []
        texts: list[ClauseTexts] = []
        features: list[Features] = []
        # Every document of the index enters it, so that idf is the whole index's.
        for p in parsed:
            position = {c.id: len(flat) + i for i, c in enumerate(tasks[p.document.id])}
            rows[p.document.id] = list(position.values())
            for clause in tasks[p.document.id]:
                # Without own spans a clause's text already holds its children: no subtree sums.
                parent = position.get(clause.parent or "") if p.own_spans else None
                texts.append(ClauseTexts(_own_text(p, clause), clause.heading, parent))
                flat.append(clause)
            known = cache.get(p.document.id)
            if known is None:
                known = [clause_features(t.own_text, t.heading) for t in texts[len(features) :]]
                if p.document.id in cache.shared:
                    cache[p.document.id] = known
            features.extend(known)
        if not flat:
            return []
        index = ClauseIndex(texts, features)
        # Clauses with sub-clauses among the task clauses (a sub-clause's parent is a task clause).
        position_of = {c.id: i for i, c in enumerate(flat)}
        has_children = np.zeros(len(flat), dtype=bool)
        has_parent = np.zeros(len(flat), dtype=bool)
        for i, clause in enumerate(flat):
            if clause.parent in position_of:
                has_children[position_of[clause.parent]] = True
                has_parent[i] = True
        out: list[ClauseMatch] = []
        for doc_id, plans in candidates.items():
            local_rows = rows.get(doc_id, [])
            plan_rows = [(plan, rows[plan]) for plan in sorted(plans) if rows.get(plan)]
            if not local_rows or not plan_rows:
                continue
            sims = index.similarity(local_rows, [r for _, cols in plan_rows for r in cols])
            mean = sims.mean(axis=1)
            std = np.maximum(sims.std(axis=1), 1e-6)
            local_item = ~has_children[local_rows] & has_parent[local_rows]
            offset = 0
            for plan, cols in plan_rows:
                block = sims[:, offset : offset + len(cols)]
                offset += len(cols)
                # Leaves match leaves only (see the docstring); everything else matches anything.
                allowed = ~has_children[cols][None, :] | ~local_item[:, None]
                best = np.where(allowed, block, -np.inf).argmax(axis=1)
                for i, j in enumerate(best):
                    score = float(block[i, j])
                    z = (score - float(mean[i])) / float(std[i])
                    if score >= self.threshold and z >= self.min_z:
                        out.append(ClauseMatch(flat[local_rows[i]], flat[cols[j]], score, plan, z))
        return out

    # -- plan-level evidence ---------------------------------------------------------------
    def _evidence_accepts(self, n_tasks: int, n_matched: int) -> bool:
        return n_matched >= self.evidence_min_clauses and n_matched >= self.evidence_min_share * n_tasks

    def _governing(
        self,
        parsed: Sequence[ParsedDocument],
        links: _PlanLinks,
        matches: Sequence[ClauseMatch],
        governors: _Governors,
        tasks: dict[str, list[Clause]],
    ) -> dict[str, dict[str, float]]:
        """Per document: the governing candidates accepted on clause evidence, with their share."""
        counts: dict[tuple[str, str], int] = {}
        for m in matches:
            counts[(m.local.document, m.plan)] = counts.get((m.local.document, m.plan), 0) + 1
        out: dict[str, dict[str, float]] = {}
        for p in parsed:
            doc = p.document
            explicit = closure(links.parents.get(doc.id, ()), links.parents)
            n_tasks = len(tasks[doc.id])
            out[doc.id] = {}
            for plan in sorted(governors.of(doc) - explicit):
                n = counts.get((doc.id, plan), 0)
                if n_tasks and self._evidence_accepts(n_tasks, n):
                    out[doc.id][plan] = n / n_tasks
        return out


_Job = tuple[Sequence[ParsedDocument], dict[str, set[str]], dict[str, list[Clause]]]
_WORKER_CACHE = _FeatureCache(set())  # in a worker process: the shared plans' features, across shards


def _match_job(
    deriver: Deriver,
    members: Sequence[ParsedDocument],
    matched: dict[str, set[str]],
    tasks: dict[str, list[Clause]],
    shared: set[str],
) -> list[ClauseMatch]:
    """One shard, in a worker process."""
    _WORKER_CACHE.shared = shared
    return deriver._match_shard(members, matched, tasks, _WORKER_CACHE)


def _run_shards(
    deriver: Deriver, jobs: Iterable[_Job], shared: set[str], workers: int
) -> Iterator[tuple[_Job, list[ClauseMatch]]]:
    """(shard, its matches) in shard order; with workers > 1, matched in worker processes."""
    if workers <= 1:
        cache = _FeatureCache(shared)
        for job in jobs:
            yield job, deriver._match_shard(*job, cache)
        return
    for args, matches in ordered_map(_match_job, ((deriver, *job, shared) for job in jobs), workers):
        yield (args[1], args[2], args[3]), matches


def digest(parsed: ParsedDocument) -> ParsedDocument:
    """What derivation needs of a parsed document, small enough to keep for a whole corpus.

    The plan, its citations and its clauses (without text), with each task clause's *own*
    text (what matching reads) packed into one string instead of the file's normalised text
    and its offset map:
    a streaming ingest keeps these for every document while it writes and forgets the rest.
    ``Deriver.run`` gives the same result on digests as on the parsed documents.
    """
    parts: list[str] = []
    spans: dict[str, tuple[int, int]] = {}
    at = 0
    for clause in _task_clauses(parsed):  # the only clauses whose text is read
        own = _own_text(parsed, clause)
        parts.append(own)
        spans[clause.id] = (at, at + len(own))
        at += len(own)
    clauses = [dataclasses.replace(c, text="") for c in parsed.clauses]
    text = NormalizedText("".join(parts), array("q"))
    # own_spans is never empty for a digest with clauses (match_clauses reads parents only then).
    return ParsedDocument(
        parsed.document, text, clauses, list(parsed.citations), spans if parsed.own_spans else {}
    )


def _own_text(parsed: ParsedDocument, clause: Clause) -> str:
    span = parsed.own_spans.get(clause.id)
    text: str = clause.text if span is None else parsed.text.text[span[0] : span[1]]
    return text
