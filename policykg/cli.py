"""The ``policykg`` command: a thin layer that parses options, calls ONE function of
:mod:`policykg.api`, and formats what it returns.

Adding a command: write its function in ``policykg/api.py`` (taking plain values and a
``Settings``, returning data), then a function under ``main`` (or a group) here, with the shared
option decorators it needs (:func:`neo4j_options` turns ``--uri``/``--database`` into a
``settings`` argument) and an ``Example:`` in its help, and let :class:`PolicyKGError` propagate:
the group prints it as one line on stderr and exits with the error's ``exit_code`` (README,
"Exit codes").
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import click

from policykg import __version__, api
from policykg.api import ASK
from policykg.config import Settings
from policykg.errors import InputError, PolicyKGError

F = TypeVar("F", bound=Callable[..., Any])


class PolicyKGGroup(click.Group):
    """A click group that turns library errors into a one-line message and a documented exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PolicyKGError as error:
            from policykg.output import escape_controls  # a file name or value may hold an ESC

            click.echo(f"policykg: {escape_controls(str(error))}", err=True)
            ctx.exit(error.exit_code)


def neo4j_options(command: F) -> F:
    """Add ``--uri`` and ``--database``; the command receives ``settings: Settings`` instead."""

    @click.option(
        "--uri",
        envvar="NEO4J_URI",
        default=None,
        show_envvar=True,
        help="Bolt URI of an existing server (bolt://, neo4j://, neo4j+s://). "
        "Default: docker compose if Docker runs, else a policykg-managed local Neo4j.",
    )
    @click.option(
        "--database",
        envvar="NEO4J_DATABASE",
        default=None,
        show_envvar=True,
        help="Database name.  [default: neo4j]",
    )
    @functools.wraps(command)
    def wrapper(*args: Any, uri: str | None, database: str | None, **kwargs: Any) -> Any:
        settings = Settings.from_env()
        if uri:
            settings = dataclasses.replace(settings, neo4j_uri=uri)
        if database:
            settings = dataclasses.replace(settings, database=database)
        # The driver's errors become policykg's in ONE place, policykg.api.connected.
        return command(*args, settings=settings, **kwargs)

    return wrapper  # type: ignore[return-value]


@click.group(cls=PolicyKGGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="policykg")
@click.option("-q", "--quiet", is_flag=True, help="Only warnings and errors on stderr, no progress lines.")
@click.option("-v", "--verbose", is_flag=True, help="Debug lines too (policykg's and jieba's) on stderr.")
def main(quiet: bool, verbose: bool) -> None:
    """Build and query a knowledge graph of China's carbon-peaking (碳达峰) policy documents.

    Example: policykg build
    """
    # Progress lines (downloading jars, starting Neo4j…) come from policykg's loggers only;
    # the driver's own INFO chatter stays hidden. jieba's dictionary-loading chatter too: it is
    # set up where it is loaded (policykg.config.configure_jieba).
    logging.basicConfig(level=logging.WARNING, format="policykg: %(message)s")
    level = logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO
    logging.getLogger("policykg").setLevel(level)
    # The driver logs each retried transient error (a deadlock between concurrent document writes
    # is expected and retried by execute_write); failures still surface as policykg errors.
    logging.getLogger("neo4j").setLevel(logging.ERROR)


def _progress() -> tuple[Any, Any]:
    """A rich progress display on stderr and the ``progress(stage, done, total)`` callback driving it."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    quiet = logging.getLogger("policykg").level > logging.INFO
    display = Progress(
        TextColumn("{task.description:8}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        disable=quiet,
        transient=False,
    )
    tasks: dict[str, Any] = {}

    def progress(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = display.add_task(stage, total=total or None)
        display.update(tasks[stage], completed=done, total=total or None)

    return display, progress


MAX_WARNINGS_SHOWN = 8

#: Paths are not checked by click (a missing one would be a usage error that stops everything):
#: each is read in turn, and one that cannot be (missing, dangling link, unreadable, a directory,
#: a FIFO, gone meanwhile) becomes an error record naming it while the batch goes on.
paths_argument = click.argument("paths", nargs=-1, metavar="[PATH]...")
strict_option = click.option(
    "--strict", is_flag=True, help="Exit with code 3 when any file gives an error or a warning."
)


def _record_line(record: Any) -> str:
    """``error: FILE: reason`` of an error or warning record, controls escaped (a file name is data)."""
    from policykg.output import escape_controls

    return escape_controls(f"{record.severity}: {record.source}: {record.reason}")


def _exit_status(errors: list[Any], strict: bool, errors_fail: bool = True) -> None:
    """Exit code 3 at the end of a batch: on an error record (``errors_fail``), or with ``strict``
    on any error or warning record."""
    if (strict and errors) or (errors_fail and any(e.severity == "error" for e in errors)):
        raise SystemExit(InputError.exit_code)


WORKERS_HELP = (
    "Processes that parse and extract files side by side (default: one per CPU when the "
    "changed files hold 16 MB or more, else none)."
)


#: ``--wait SECONDS`` of ingest and build: one ingest at a time per database (graph/lock.py).
wait_option = click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=0.0,
    show_default=True,
    metavar="SECONDS",
    help="When another ingest is loading the same database, wait this long for it (0: refuse at once).",
)


def _print_summary(summary: Any) -> None:
    """The ingest's summary table and times on stdout, its error and warning records on stderr."""
    from policykg.output import render_pairs

    click.echo(render_pairs(summary.rows(), title="policykg ingest"), nl=False)
    timing = ", ".join(f"{k} {v:.1f} s" for k, v in summary.seconds.items())
    click.echo(f"time: {timing}")
    errors = [e for e in summary.errors if e.severity == "error"]
    warnings = [e for e in summary.errors if e.severity != "error"]
    for error in errors + warnings[:MAX_WARNINGS_SHOWN]:
        click.echo(_record_line(error), err=True)
    if len(warnings) > MAX_WARNINGS_SHOWN:
        click.echo(
            f"… and {len(warnings) - MAX_WARNINGS_SHOWN} more warnings "
            "(all of them: policykg parse --no-extract PATH > /dev/null)",
            err=True,
        )


def _say(line: str) -> None:
    click.echo(line, err=True)


@main.command()
@neo4j_options
@paths_argument
@click.option(
    "--out",
    "out_dir",
    default="out",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder for the RDF export and the overview pages.",
)
@click.option(
    "--force", is_flag=True, help="Re-load documents even when unchanged, and rewrite the export and pages."
)
@click.option("--no-pages", is_flag=True, help="Skip writing the HTML overview pages.")
@click.option("--workers", type=click.IntRange(min=1), default=None, help=WORKERS_HELP)
@wait_option
@strict_option
def build(
    settings: Settings,
    paths: tuple[str, ...],
    out_dir: str,
    force: bool,
    no_pages: bool,
    workers: int | None,
    wait: float,
    strict: bool,
) -> None:
    """The main job: reach or start Neo4j, ingest the corpus (default: the bundled one), write out/.

    out/ receives graph.nt (the RDF export, N-Triples) and index.html (overview pages linking plans,
    agencies, indicators and regions). Unchanged documents are skipped on a re-run, and when the
    graph is unchanged since the last build, so are the export and the pages (--force redoes all).

    PATHS are files or folders (a folder: its *.pdf, *.txt, *.docx, *.html files).

    Example: policykg build ../shared/realcorpus/pdf
    """
    display, progress = _progress()

    def ingested(summary: Any) -> None:
        display.stop()
        _print_summary(summary)

    with display:
        result = api.build(
            settings,
            paths,
            out_dir,
            force=force,
            pages=not no_pages,
            workers=workers,
            wait=wait,
            progress=progress,
            on_connected=_say,
            on_ingested=ingested,
        )
    summary, export_out, pages_out = result.summary, result.export, result.pages
    if export_out.current:
        click.echo(f"RDF export: {export_out.path} is current ({export_out.count} triples; graph unchanged)")
    else:
        click.echo(f"RDF export: {export_out.path} ({export_out.count} triples)")
    if pages_out is not None:
        if pages_out.current:
            click.echo(
                f"Overview pages: {pages_out.path} is current ({pages_out.count} pages; graph unchanged)"
            )
        else:
            click.echo(f"Overview pages: {pages_out.path} ({pages_out.count} pages)")
    _exit_status(summary.errors, strict)


@main.command()
@neo4j_options
@paths_argument
@click.option("--force", is_flag=True, help="Re-load documents even when their content is unchanged.")
@click.option("--workers", type=click.IntRange(min=1), default=None, help=WORKERS_HELP)
@wait_option
@strict_option
def ingest(
    settings: Settings, paths: tuple[str, ...], force: bool, workers: int | None, wait: float, strict: bool
) -> None:
    """Parse, extract, derive and load documents into Neo4j (default: the bundled corpus).

    A file that cannot be read is reported and skipped; the others are loaded (exit code 3 when
    any file gave an error; with --strict also on a warning).

    Example: policykg ingest data/corpus/004_ce321d0be690c707.txt
    """
    display, progress = _progress()
    with display:
        summary = api.ingest(
            settings, paths, force=force, workers=workers, wait=wait, progress=progress, on_connected=_say
        )
    _print_summary(summary)
    _exit_status(summary.errors, strict)


@main.command()
@paths_argument
@click.option("--out", "out_file", default="-", show_default=True, help="JSONL file, or - for stdout.")
@click.option(
    "--no-extract", is_flag=True, help="Only documents, clauses and citations (no targets, agencies…)."
)
@strict_option
def parse(paths: tuple[str, ...], out_file: str, no_extract: bool, strict: bool) -> None:
    """Parse documents into JSON lines, one record per line with a "type" field.

    Record types: document, clause, citation, target, agency, responsibility, region,
    obligation, error. source_text[start:end] is the evidence of every record.

    Example: policykg parse data/corpus/004_ce321d0be690c707.txt --out qingdao.jsonl
    """
    import json

    from policykg.loaders.types import ErrorRecord

    problems: list[ErrorRecord] = []
    stream = click.open_file(out_file, "w", encoding="utf-8")
    with stream:
        for record in api.parse_records(paths, extract=not no_extract):
            if isinstance(record, ErrorRecord):
                problems.append(record)
                click.echo(_record_line(record), err=True)
            stream.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
    _exit_status(problems, strict, errors_fail=False)


@main.command()
@neo4j_options
@click.option(
    "--format", "fmt", type=click.Choice(["turtle", "jsonld", "nt"]), default="turtle", show_default=True
)
@click.option("--out", "out_file", required=True, help="File to write, or - for stdout.")
def export(settings: Settings, fmt: str, out_file: str) -> None:
    """Export the whole graph (read from Neo4j) as RDF under the policykg ontology.

    Example: policykg export --format turtle --out graph.ttl
    """
    import sys

    triples = api.export(settings, fmt, sys.stdout if out_file == "-" else out_file)
    click.echo(f"{triples} triples written to {out_file}", err=True)


# --------------------------------------------------------------------------- queries


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    from policykg.errors import QueryError

    params: dict[str, str] = {}
    for pair in pairs:
        if "=" not in pair:
            raise QueryError(f"--param takes NAME=VALUE, got {pair!r}")
        key, value = pair.split("=", 1)
        params[key.strip()] = value
    return params


def _print_result(
    result: Any, fmt: str, title: str | None = None, empty: Callable[[], str] | None = None
) -> None:
    """The rows on stdout; on stderr, after them and on lines of their own: the row count, a
    note when table cells were cut, and on an empty answer why (``empty()``)."""
    import sys

    from policykg.output import render_rows, table_view

    shortened = 0
    if fmt == "table":
        if result.rows:
            view = table_view(result.columns, result.rows, title=title)
            click.echo(view.text, nl=False)
            shortened = view.shortened
    else:
        click.echo(render_rows(result.columns, result.rows, fmt), nl=False)
    sys.stdout.flush()  # the table is whole before the lines on stderr (2>&1 keeps them apart)
    if not result.rows:
        click.echo(empty() if empty is not None else "no rows", err=True)
        return
    if fmt == "table":
        click.echo(f"{len(result.rows)} row(s)", err=True)
    if shortened:
        click.echo(
            f"({shortened} cell(s) cut to fit {_width()} columns: --format json or --format csv shows every value whole)",
            err=True,
        )


def _width() -> int:
    from policykg.output import terminal_width

    return terminal_width()


format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="Output format.",
)


lang_option = click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="en: English titles and headers, and beside each agency, region, indicator, role, level, "
    "force or kind column a <column>_en column from the glossary (the documents' text is not translated).",
)


@main.command("queries")
def list_queries() -> None:
    """List the canned queries with their questions and parameters.

    Example: policykg queries
    """
    for query in api.list_queries():
        params = " ".join(f"{p.name}={p.example or '…'}{'?' if p.optional else ''}" for p in query.params)
        click.echo(f"{query.name}\n    {query.question_en}\n    {query.question_zh}\n    params: {params}")


@main.command()
@neo4j_options
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="A query parameter.")
@click.option("--example", is_flag=True, help="Run with the example values from the query's header.")
@format_option
@lang_option
def query(settings: Settings, name: str, params: tuple[str, ...], example: bool, fmt: str, lang: str) -> None:
    """Run a canned query by name (see `policykg queries`).

    Example: policykg query target_owner -p region=青岛 -p indicator=可再生能源装机容量 -p year=2025
    """
    answer = api.query(settings, name, _parse_params(params), example=example, lang=lang)
    question = answer.question_en if lang == "en" else answer.question_zh
    _print_result(
        answer.result,
        fmt,
        title=question if fmt == "table" else None,
        empty=lambda: answer.empty_reason or "no rows",
    )
    if answer.next_page:
        click.echo(answer.next_page, err=True)


@main.command()
@neo4j_options
@click.argument("statement")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="A query parameter.")
@click.option("--timeout", default=30.0, show_default=True, help="Seconds before the query is stopped.")
@format_option
@lang_option
def cypher(
    settings: Settings, statement: str, params: tuple[str, ...], timeout: float, fmt: str, lang: str
) -> None:
    """Run ad-hoc Cypher READ-ONLY: writes are refused (exit code 6).

    Example: policykg cypher "MATCH (p:Plan) RETURN p.title AS plan LIMIT 5"
    """
    _print_result(api.cypher(settings, statement, _parse_params(params), timeout=timeout, lang=lang), fmt)


@main.command()
@neo4j_options
@click.argument("question", type=click.Choice(sorted(ASK)))
@click.argument("words", nargs=-1, required=True)
@format_option
@lang_option
def ask(settings: Settings, question: str, words: tuple[str, ...], fmt: str, lang: str) -> None:
    """The three headline questions, by position:

    \b
    owner REGION INDICATOR [YEAR]      who owns this target?       (target_owner)
    implements CLAUSE [PLAN]           who implements this clause? (clause_implementations)
    provenance REGION INDICATOR [YEAR] where does it come from?    (target_provenance)

    Example: policykg ask owner 青岛 可再生能源装机容量 2025
    """
    answer = api.ask(settings, question, words, lang=lang)
    _print_result(
        answer.result,
        fmt,
        title=f"{answer.name}: {' '.join(words)}" if fmt == "table" else None,
        empty=lambda: answer.empty_reason or "no rows",
    )


@main.command()
@neo4j_options
@click.argument("agency")
@click.option("--region", default=None, help="Region scoping a name as written (青岛, 370200).")
@click.option(
    "--out",
    "out_file",
    required=True,
    type=click.Path(dir_okay=False),
    help="The register to write: FILE.xlsx (header frozen, filters on, source linked) or FILE.csv.",
)
@click.option(
    "--base-url",
    default="http://127.0.0.1:8000",
    show_default=True,
    help="Where `policykg serve` runs: each row's source links to its clause page there.",
)
@lang_option
def duties(
    settings: Settings, agency: str, region: str | None, out_file: str, base_url: str, lang: str
) -> None:
    """The duty register of an agency: one row per duty across plans (role, force, due year,
    targets, plan, source and page), as a spreadsheet or CSV (query `agency_duties`).

    Example: policykg duties 市发展改革委 --region 青岛 --out duties.xlsx
    """
    done = api.duties(settings, agency, region, out_file, base_url=base_url, lang=lang)
    click.echo(f"{out_file}: {done.duties} duties of {'、'.join(done.agencies)}")


@main.command()
@neo4j_options
@click.option("--plan", default=None, help="A local plan: its id, title or part of the title.")
@click.option("--region", default=None, help="A region (青岛, 370200): its plans and its sub-regions'.")
@format_option
@lang_option
def diffusion(settings: Settings, plan: str | None, region: str | None, fmt: str, lang: str) -> None:
    """Policy diffusion: did each local clause copy the clause it derives from (copied), adapt it
    with local numbers, places or agencies (localised), or only echo it (loosely related)? With the
    localisation score of each plan and region and the national clauses copied most often
    (query `policy_diffusion`; the measures: docs/policy-diffusion.md). csv: the pairs only.

    Example: policykg diffusion --region 上海 --format table
    """
    from policykg.output import render_json
    from policykg.queries.diffusion import as_table, to_json

    if not plan and not region:
        raise click.UsageError("give --plan ID (or part of its title) or --region R (青岛, 370200), or both")
    answer = api.diffusion(settings, plan, region, lang=lang)
    found, pairs = answer.found, answer.pairs
    if fmt == "json":
        click.echo(render_json({**to_json(found), "pairs": pairs.rows}), nl=False)
        return
    if fmt == "csv":
        _print_result(pairs, fmt)
        return
    en = lang == "en"
    shown = ["plan", "clause_path", "source_plan", "source_path", "verbatim", "kept", "class"]
    sections = (
        ("clause pairs" if en else "条款对 clause pairs", _columns(pairs, shown)),
        ("localisation by plan" if en else "各方案本地化 by plan", as_table(found.plans)),
        ("localisation by region" if en else "各地区本地化 by region", as_table(found.regions)),
        ("national clauses copied most often" if en else "被照搬最多的国家条款", as_table(found.most_copied)),
    )
    for title, table in sections:
        if table.rows:
            _print_result(table, fmt, title=title)


def _columns(result: Any, columns: list[str]) -> Any:
    from policykg.queries.run import QueryResult

    return QueryResult(columns, [{c: row.get(c) for c in columns} for row in result.rows])


@main.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (only this machine by default).",
)
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on."
)
@click.option(
    "--sources",
    "source_folders",
    multiple=True,
    type=click.Path(exists=True, file_okay=False),
    help="A folder of ingested files, for 'view source' (the bundled corpus is always known). Repeatable.",
)
@click.option("--uri", envvar="NEO4J_URI", default=None, help="Bolt URI of the server holding the graph.")
@click.option("--database", envvar="NEO4J_DATABASE", default=None, help="Database name.  [default: neo4j]")
def serve(
    host: str, port: int, source_folders: tuple[str, ...], uri: str | None, database: str | None
) -> None:
    """The analyst's workbench: a local web app to search, browse and trace the graph (read-only).

    It uses the graph the other commands use (NEO4J_URI or the running managed Neo4j; run
    `policykg build` first). It listens on 127.0.0.1 unless --host says otherwise.

    Example: policykg serve --port 8000
    """
    from pathlib import Path

    api.serve(host, port, uri, database, [Path(f) for f in source_folders])


# --------------------------------------------------------------------------- pages and evidence


@main.group(cls=PolicyKGGroup)
def viz() -> None:
    """Write self-contained HTML pages (vis-network inlined, no CDN) exploring the graph.

    Example: policykg viz agency 市发展改革委 --region 青岛 --out agency.html
    """


out_option = click.option("--out", required=True, help="The HTML file to write.")
cap_option = click.option(
    "--cap",
    default=300,
    show_default=True,
    help="Most nodes drawn; the rest become an 'N more not shown' node.",
)


def _render(settings: Settings, view: str, *args: Any, out: str, lang: str = "zh", **options: Any) -> None:
    """Run one view against the running Neo4j, write ``out`` (in ``lang``) and say what it drew."""
    stats = api.viz(settings, view, *args, out=out, lang=lang, **options)
    hidden = f", {stats.hidden} more not shown" if stats.hidden else ""
    click.echo(f"{out}: {stats.nodes} nodes, {stats.edges} edges{hidden}")


@viz.command("agency")
@neo4j_options
@click.argument("agency")
@click.option("--region", default=None, help="Region scoping a name as written (青岛, 370200).")
@out_option
@cap_option
@lang_option
def viz_agency_cmd(
    settings: Settings, agency: str, region: str | None, out: str, cap: int, lang: str
) -> None:
    """An agency's ego network: the clauses, plans and targets it is responsible for.

    Example: policykg viz agency 市发展改革委 --region 青岛 --out agency.html
    """
    _render(settings, "agency", agency, region, out=out, cap=cap, lang=lang)


@viz.command("provenance")
@neo4j_options
@click.option("--target", default=None, help="A target id.")
@click.option("--region", default=None)
@click.option("--indicator", default=None)
@click.option("--year", default=None, type=int)
@out_option
@cap_option
@lang_option
def viz_provenance_cmd(
    settings: Settings,
    target: str | None,
    region: str | None,
    indicator: str | None,
    year: int | None,
    out: str,
    cap: int,
    lang: str,
) -> None:
    """A target's provenance chain (hierarchical): target → clause → plan → what they derive from.

    Example: policykg viz provenance --region 大连 --indicator 非化石能源装机占比 --year 2025 --out prov.html
    """
    _render(
        settings,
        "provenance",
        target,
        region=region,
        indicator=indicator,
        year=year,
        out=out,
        cap=cap,
        lang=lang,
    )


@viz.command("lineage")
@neo4j_options
@click.argument("plan")
@out_option
@cap_option
@lang_option
def viz_lineage_cmd(settings: Settings, plan: str, out: str, cap: int, lang: str) -> None:
    """A plan's lineage tree, up (its bases) and down (plans implementing it).

    Example: policykg viz lineage 2030年前碳达峰行动方案 --out lineage.html
    """
    _render(settings, "lineage", plan, out=out, cap=cap, lang=lang)


@viz.command("clause")
@neo4j_options
@click.argument("clause")
@click.option("--plan", default=None, help="(Part of) the plan title, when the clause is a path or heading.")
@out_option
@cap_option
@lang_option
def viz_clause_cmd(settings: Settings, clause: str, plan: str | None, out: str, cap: int, lang: str) -> None:
    """A national (or provincial) clause and the local clauses implementing it.

    Example: policykg viz clause 大力发展新能源 --plan 2030年前碳达峰行动方案 --out clause.html
    """
    _render(settings, "clause", clause, plan, out=out, cap=cap, lang=lang)


@viz.command("region")
@neo4j_options
@click.argument("region")
@out_option
@cap_option
@lang_option
def viz_region_cmd(settings: Settings, region: str, out: str, cap: int, lang: str) -> None:
    """A region overview: sub-regions, plans, their bases, targets and indicators.

    Example: policykg viz region 辽宁 --out liaoning.html
    """
    _render(settings, "region", region, out=out, cap=cap, lang=lang)


@viz.command("query")
@neo4j_options
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="A query parameter.")
@click.option("--example", is_flag=True, help="Use the example values from the query's header.")
@out_option
@cap_option
@lang_option
def viz_query_cmd(
    settings: Settings,
    name: str,
    params: tuple[str, ...],
    example: bool,
    out: str,
    cap: int,
    lang: str,
) -> None:
    """Any canned query's result as a graph page.

    Example: policykg viz query target_owner --example --out owner.html
    """
    _render(settings, "query", name, _parse_params(params), out=out, cap=cap, lang=lang, example=example)


@viz.command("index")
@neo4j_options
@click.option("--out", "out_dir", default="out", show_default=True, help="Folder for index.html and pages/.")
@lang_option
def viz_index_cmd(settings: Settings, out_dir: str, lang: str) -> None:
    """The overview: out/index.html linking plans, agencies, indicators and regions to their pages.

    Example: policykg viz index --out out
    """
    stats = api.viz_index(settings, out_dir, lang=lang)
    click.echo(f"{out_dir}/index.html: {stats.pages} pages")


@main.command()
@click.argument("record_id")
@paths_argument
@click.option("--context", default=80, show_default=True, help="Characters shown either side.")
def show(record_id: str, paths: tuple[str, ...], context: int) -> None:
    """Print a record's evidence with its context, page or paragraph, to check against the original.

    Example: policykg show "004_ce321d0be690c707/二（一）1/target/0"
    """
    click.echo(api.show(record_id, paths, context))


# --------------------------------------------------------------------------- policykg neo4j …


@main.group(cls=PolicyKGGroup)
def neo4j() -> None:
    """Run the policykg-managed local Neo4j Community 5.26 (needs Java 17+ and, once, Maven).

    Example: policykg neo4j start
    """


@neo4j.command()
def provision() -> None:
    """Download the Neo4j jars with Maven into $POLICYKG_CACHE (once; later runs are offline).

    Example: policykg neo4j provision
    """
    click.echo(f"Neo4j jars in {api.neo4j_provision()}")


@neo4j.command()
def start() -> None:
    """Start the local Neo4j, or reuse it when it already runs; prints its Bolt URI.

    Example: policykg neo4j start
    """
    server, uri = api.neo4j_start()
    click.echo(
        f"Neo4j {server.version} running at {uri} (home {server.home}; password in {server.password_file})"
    )


@neo4j.command()
def stop() -> None:
    """Stop the local Neo4j (clean shutdown; killed after 60 s).

    Example: policykg neo4j stop
    """
    click.echo("Neo4j stopped." if api.neo4j_stop() else "Neo4j was not running.")


@neo4j.command()
@click.option("--uri", "uri_only", is_flag=True, help="Print only the Bolt URI (empty when stopped).")
def status(uri_only: bool) -> None:
    """Show whether the local Neo4j runs, its Bolt URI and where its files are.

    Example: policykg neo4j status
    """
    state = api.neo4j_status()
    if uri_only:
        click.echo(state["uri"] or "")
        return
    for key, value in state.items():
        click.echo(f"{key:14} {'' if value is None else value}")


if __name__ == "__main__":  # pragma: no cover
    main()
