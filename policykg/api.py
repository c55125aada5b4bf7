"""The Python API of policykg: one function per CLI command; the CLI only parses and formats.

Every function takes plain values (and a :class:`~policykg.config.Settings` where it needs a
server) and returns data. A server is reached through :func:`connected`, the ONE place where
the driver's errors become policykg's: a server that cannot be reached is
:class:`~policykg.errors.Neo4jUnavailable` (``policykg.server.connect``), a connection lost
during the work is ``Neo4jUnavailable`` too (or :class:`~policykg.errors.LoadInterrupted`
during a load, naming the documents loaded and not loaded, and the server).

=================================  =================================================
command                            function
=================================  =================================================
``policykg build``                 :func:`build`
``policykg ingest``                :func:`ingest`
``policykg parse``                 :func:`parse_records`
``policykg export``                :func:`export`
``policykg queries``               :func:`list_queries`
``policykg query``                 :func:`query`
``policykg ask``                   :func:`ask`
``policykg cypher``                :func:`cypher`
``policykg duties``                :func:`duties`
``policykg viz agency|…|query``    :func:`viz`
``policykg viz index``             :func:`viz_index`
``policykg show``                  :func:`show`
``policykg serve``                 :func:`serve`
``policykg neo4j provision|…``     :func:`neo4j_provision`, :func:`neo4j_start`,
                                   :func:`neo4j_stop`, :func:`neo4j_status`
=================================  =================================================
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from policykg.config import Settings
from policykg.errors import LoadInterrupted, Neo4jUnavailable, QueryError, first_line

if TYPE_CHECKING:
    import neo4j

    from policykg.graph.ingest import IngestSummary, Progress
    from policykg.loaders.types import Record
    from policykg.managed import ManagedNeo4j
    from policykg.queries.catalog import CannedQuery
    from policykg.queries.run import QueryResult

#: Told when a server is reached: its description ("Neo4j at …, database 'neo4j'").
Notify = Callable[[str], None]


# --------------------------------------------------------------------------- the server


@contextmanager
def connected(settings: Settings, start: bool = True) -> Iterator[tuple[neo4j.Driver, str, str]]:
    """``(driver, database, description)`` of the settings' server, closed at the end.

    ``start=False`` starts nothing (only ``NEO4J_URI`` or a running managed server). The driver's
    errors during the work are translated here, once for every command: the connection lost
    (stopped, crashed, network) is one line naming the server, not a driver traceback. Each
    document is written whole in one transaction, so a rerun skips what is already loaded.
    """
    from neo4j.exceptions import ServiceUnavailable, SessionExpired

    where = f"Neo4j at {settings.neo4j_uri}" if settings.neo4j_uri else "the policykg-managed Neo4j"
    driver, database, description = _driver(settings, start)
    try:
        with driver:
            yield driver, database, description
    except LoadInterrupted as error:  # ingest names the documents loaded and not loaded
        raise LoadInterrupted(error.loaded, error.not_loaded, error.reason, where) from None
    except (ServiceUnavailable, SessionExpired) as error:
        raise Neo4jUnavailable(
            settings.neo4j_uri or "the policykg-managed server",
            f"the connection was lost during the run ({first_line(error)}); start the server "
            "again and rerun the command: documents already loaded are skipped",
        ) from None


def _driver(settings: Settings, start: bool) -> tuple[neo4j.Driver, str, str]:
    from policykg.server import get_driver

    return get_driver(settings, start=start)


# --------------------------------------------------------------------------- loading


def ingest(
    settings: Settings,
    paths: Sequence[str | Path] = (),
    *,
    force: bool = False,
    workers: int | None = None,
    wait: float = 0.0,
    progress: Progress | None = None,
    on_connected: Notify | None = None,
) -> IngestSummary:
    """Parse, extract, derive and load files (none: the bundled corpus) into the settings' Neo4j.

    One ingest at a time per database (:mod:`policykg.graph.lock`): ``wait`` seconds for another
    one to finish, then :class:`policykg.errors.IngestLocked`."""
    from policykg.graph.ingest import ingest as run_ingest

    with connected(settings) as (driver, database, description):
        if on_connected is not None:
            on_connected(f"Neo4j: {description}, database {database!r}")
        return run_ingest(
            list(paths) or None,
            driver,
            database,
            progress,
            force=force,
            workers=workers,
            wait=wait,
            where=f"database {database!r} at {settings.neo4j_uri or 'the policykg-managed Neo4j'}",
        )


@dataclass(frozen=True)
class Output:
    """One output of a build: where, how much (triples or pages), and whether it was left as it was."""

    path: Path
    count: int
    current: bool  # the graph is unchanged since it was written: not written again
    failed: tuple[str, ...] = ()


@dataclass(frozen=True)
class BuildResult:
    summary: IngestSummary
    export: Output
    pages: Output | None  # None: not asked for


def build(
    settings: Settings,
    paths: Sequence[str | Path] = (),
    out: str | Path = "out",
    *,
    force: bool = False,
    pages: bool = True,
    workers: int | None = None,
    wait: float = 0.0,
    progress: Progress | None = None,
    on_connected: Notify | None = None,
    on_ingested: Callable[[IngestSummary], None] | None = None,
) -> BuildResult:
    """Ingest, then write ``out/graph.nt`` (the RDF export) and, with ``pages``, the overview pages
    ``out/index.html``; each output is left as it is when the graph is unchanged since it was
    written (``force``: everything again). ``on_ingested`` sees the summary before the outputs."""
    from policykg.graph.ingest import output_current, outputs_fingerprint, record_output
    from policykg.graph.rdf import export as export_rdf

    summary = ingest(
        settings,
        paths,
        force=force,
        workers=workers,
        wait=wait,
        progress=progress,
        on_connected=on_connected,
    )
    if on_ingested is not None:
        on_ingested(summary)
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    with connected(settings) as (driver, database, _):
        # An unchanged graph (and exporter code) since the last build: its outputs still stand.
        fingerprint = outputs_fingerprint(driver, database)
        done = None if force else output_current(folder, "graph.nt", fingerprint)
        if done is not None:
            export_output = Output(folder / "graph.nt", int(done["triples"]), current=True)
        else:
            # N-Triples: the plainest format for other tools (`policykg export` writes Turtle, JSON-LD).
            triples = export_rdf(driver, database, "nt", folder / "graph.nt")
            record_output(folder, "graph.nt", fingerprint, triples=triples)
            export_output = Output(folder / "graph.nt", triples, current=False)
        pages_output = None
        if pages:
            from policykg.viz.index import write_index

            done = None if force else output_current(folder, "index.html", fingerprint, also=("pages",))
            if done is not None:
                pages_output = Output(folder / "index.html", int(done["pages"]), current=True)
            else:
                stats = write_index(driver, database, folder)
                record_output(folder, "index.html", fingerprint, also=("pages",), pages=stats.pages)
                pages_output = Output(folder / "index.html", stats.pages, False, tuple(stats.failed))
    return BuildResult(summary, export_output, pages_output)


def parse_records(paths: Sequence[str | Path] = (), *, extract: bool = True) -> Iterator[Record]:
    """Per file (none: the bundled corpus): each document's record, its clauses, citations and
    (with ``extract``) extracted records; a file that cannot be read gives its ``ErrorRecord``."""
    from policykg.graph.stages import RecordExtractor
    from policykg.loaders.pipeline import parse as parse_files
    from policykg.loaders.types import ErrorRecord

    stage = RecordExtractor(extract)
    for item in parse_files(list(paths) or None):
        if isinstance(item, ErrorRecord):
            yield item
        else:
            batch = stage.run(item)
            yield batch.document
            yield from batch.records


def export(settings: Settings, fmt: str, out: str | Path | IO[str]) -> int:
    """The whole graph as RDF (turtle, jsonld or nt) to a path or a text stream; the triples written."""
    from policykg.graph.rdf import export as export_rdf

    with connected(settings, start=False) as (driver, database, _):
        return export_rdf(driver, database, fmt, out)


# --------------------------------------------------------------------------- queries


def list_queries() -> list[CannedQuery]:
    from policykg.queries.catalog import load_catalog

    return list(load_catalog().values())


@dataclass(frozen=True)
class Answer:
    """A query's rows, its question, why it is empty (when it is) and where the next page starts."""

    result: QueryResult
    name: str
    question_en: str = ""
    question_zh: str = ""
    empty_reason: str | None = None  # on no rows: which parameter matched nothing
    next_page: str | None = None  # on a full page: the parameters of the next one


def page_hint(bound: dict[str, Any], rows: int) -> str | None:
    """On a full page (there may be more), the parameters of the NEXT page."""
    limit = bound.get("limit")
    if not limit or rows < limit:
        return None
    skip = bound.get("skip") or 0
    following = f"-p skip={skip + limit} -p limit={limit}" if "skip" in bound else f"-p limit={2 * limit}"
    return f"(rows {skip + 1}-{skip + rows}; there may be more: the next page is {following})"


def query(
    settings: Settings, name: str, params: dict[str, Any], *, example: bool = False, lang: str = "zh"
) -> Answer:
    """A canned query by name (``example``: its header's example values, ``params`` over them)."""
    from policykg.queries.catalog import get_query
    from policykg.queries.hints import explain_empty
    from policykg.queries.run import run_query

    canned = get_query(name)
    given = canned.example_params() if example else {}
    given.update(params)
    bound = canned.bind(given)
    with connected(settings, start=False) as (driver, database, _):
        result = run_query(driver, name, given, database)
        empty = None if result.rows else explain_empty(driver, canned, bound, database)
    return Answer(
        _in_language(result, lang),
        name,
        canned.question_en,
        canned.question_zh,
        empty,
        page_hint(bound, len(result)),
    )


ASK = {
    "owner": ("target_owner", ("region", "indicator", "year")),
    "implements": ("clause_implementations", ("clause", "plan")),
    "provenance": ("target_provenance", ("region", "indicator", "year")),
}


def ask(settings: Settings, question: str, words: Sequence[str], *, lang: str = "zh") -> Answer:
    """One of the headline questions (:data:`ASK`), its parameters given by position."""
    from policykg.queries.catalog import get_query
    from policykg.queries.hints import explain_empty
    from policykg.queries.run import run_query

    if question not in ASK:
        raise QueryError(f"unknown question {question!r}: use one of {', '.join(sorted(ASK))}")
    name, slots = ASK[question]
    if len(words) > len(slots):
        raise QueryError(f"`ask {question}` takes at most {len(slots)} words: {' '.join(slots)}")
    params: dict[str, Any] = dict(zip(slots, words))
    canned = get_query(name)
    bound = canned.bind(params)
    with connected(settings, start=False) as (driver, database, _):
        result = run_query(driver, name, params, database)
        empty = None if result.rows else explain_empty(driver, canned, bound, database)
    return Answer(_in_language(result, lang), name, canned.question_en, canned.question_zh, empty)


def cypher(
    settings: Settings, statement: str, params: dict[str, Any], *, timeout: float = 30.0, lang: str = "zh"
) -> QueryResult:
    """Ad-hoc Cypher, READ-ONLY (the guard of ``queries/guard.py`` refuses the rest)."""
    from policykg.queries.run import run_cypher

    with connected(settings, start=False) as (driver, database, _):
        result = run_cypher(driver, statement, params, database, timeout)
    return _in_language(result, lang)


@dataclass(frozen=True)
class DiffusionAnswer:
    found: Any  # queries.diffusion.Diffusion: pairs, plans, regions, most copied
    pairs: QueryResult  # the pairs, column names in ``lang``


def diffusion(
    settings: Settings, plan: str | None, region: str | None, *, lang: str = "zh"
) -> DiffusionAnswer:
    """Policy diffusion of a plan or a region (``policy_diffusion``; docs/policy-diffusion.md)."""
    from policykg.queries.diffusion import diffusion as read_diffusion

    with connected(settings, start=False) as (driver, database, _):
        found = read_diffusion(driver, plan, region, database)
    return DiffusionAnswer(found, _in_language(found.pairs, lang))


def _in_language(result: QueryResult, lang: str) -> QueryResult:
    if lang != "en":
        return result
    from policykg.queries.labels import with_english

    return with_english(result)


@dataclass(frozen=True)
class Duties:
    out: Path
    duties: int
    agencies: list[str] = field(default_factory=list)


def duties(
    settings: Settings,
    agency: str,
    region: str | None,
    out: str | Path,
    *,
    base_url: str = "http://127.0.0.1:8000",
    lang: str = "zh",
) -> Duties:
    """An agency's duty register (query ``agency_duties``) written as ``.xlsx`` or ``.csv``."""
    from policykg.queries.duties import duty_register, register_format, write_duties

    path = Path(out)
    register_format(path)  # a wrong suffix fails before the database is asked
    with connected(settings, start=False) as (driver, database, _):
        result = duty_register(driver, agency, region, database)
    agencies = sorted({str(r["agency"]) for r in result.rows})
    write_duties(result, path, base_url, title=agencies[0] if len(agencies) == 1 else agency, lang=lang)
    return Duties(path, len(result.rows), agencies)


# --------------------------------------------------------------------------- pages and evidence

#: The views of ``policykg viz``: name → function of ``viz/views.py``.
VIEWS = ("agency", "provenance", "lineage", "clause", "region", "query")


def viz(
    settings: Settings,
    view: str,
    *args: Any,
    out: str | Path,
    lang: str = "zh",
    example: bool = False,
    **options: Any,
) -> Any:
    """One view (:data:`VIEWS`) against the running Neo4j, written to ``out`` in ``lang``; its stats.

    ``viz(settings, "query", NAME, PARAMS, example=True)``: the query's example values, PARAMS over them.
    """
    from policykg.viz import views
    from policykg.viz.page import language

    if view not in VIEWS:
        raise QueryError(f"unknown view {view!r}: use one of {', '.join(VIEWS)}")
    if view == "query" and example:
        from policykg.queries.catalog import get_query

        name, params = args
        args = (name, {**get_query(name).example_params(), **params})
    draw = getattr(views, f"viz_{view}")
    with connected(settings, start=False) as (driver, database, _), language(lang):
        return draw(driver, database, *args, out=Path(out), **options)


def viz_index(settings: Settings, out: str | Path, *, lang: str = "zh") -> Any:
    """``out/index.html`` and its pages (plans, agencies, indicators, regions); their stats."""
    from policykg.viz.index import write_index
    from policykg.viz.page import language

    with connected(settings, start=False) as (driver, database, _), language(lang):
        return write_index(driver, database, Path(out))


def show(record_id: str, paths: Sequence[str | Path] = (), context: int = 80) -> str:
    """A record's evidence with ``context`` characters either side, its page or paragraph."""
    from policykg.loaders.evidence import SHARED_ID_PREFIXES, show_evidence

    hint = _evidence_hint(record_id) if record_id.startswith(SHARED_ID_PREFIXES) else None
    return show_evidence(record_id, list(paths) or None, context, hint)


def _evidence_hint(record_id: str) -> tuple[str, int] | None:
    """Where the graph, when a server already runs, says a shared record's evidence is (file,
    offset): `show` then reads that file alone instead of extracting document after document."""
    from neo4j.exceptions import DriverError, Neo4jError

    from policykg.errors import PolicyKGError
    from policykg.queries.run import run_query

    try:
        driver, database, _ = _driver(Settings.from_env(), start=False)
    except PolicyKGError:
        return None  # no graph at hand: the files alone
    with driver:
        try:
            rows = run_query(driver, "record_evidence", {"id": record_id}, database).rows
        except (PolicyKGError, DriverError, Neo4jError):
            return None
    return (str(rows[0]["source"]), int(rows[0]["start"])) if rows else None


def serve(
    host: str, port: int, uri: str | None, database: str | None, source_folders: Sequence[Path] = ()
) -> None:
    """The workbench (``web/``) until interrupted."""
    from policykg.web.app import serve as run_server

    run_server(host, port, uri, database, list(source_folders))


# --------------------------------------------------------------------------- the managed server


def _managed() -> ManagedNeo4j:
    from policykg.server import ManagedNeo4j

    return ManagedNeo4j.from_settings(Settings.from_env())


def neo4j_provision() -> Path:
    """Download the Neo4j jars into ``$POLICYKG_CACHE`` (once); where they are."""
    return Path(_managed().provision())


def neo4j_start() -> tuple[ManagedNeo4j, str]:
    """Start the managed Neo4j, or reuse the running one: the server and its Bolt URI."""
    server = _managed()
    uri, _auth = server.start()
    return server, uri


def neo4j_stop() -> bool:
    """Stop the managed Neo4j; False when it was not running."""
    return _managed().stop()


def neo4j_status() -> dict[str, Any]:
    return _managed().status()
