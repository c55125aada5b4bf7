"""The ``policykg`` command: a thin layer that parses options, calls the API, prints the result.

Adding a command: write a function under ``main`` (or a group), give it the shared option
decorators it needs (:func:`neo4j_options` turns ``--uri``/``--database`` into a ``settings``
argument), put an ``Example:`` in its help, and let :class:`PolicyKGError` propagate: the group
prints it as one line on stderr and exits with the error's ``exit_code`` (README, "Exit codes").
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import click

from policykg import __version__
from policykg.config import Settings
from policykg.errors import PolicyKGError

F = TypeVar("F", bound=Callable[..., Any])


class PolicyKGGroup(click.Group):
    """A click group that turns library errors into a one-line message and a documented exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PolicyKGError as error:
            click.echo(f"policykg: {error}", err=True)
            ctx.exit(error.exit_code)


def neo4j_options(command: F) -> F:
    """Add ``--uri`` and ``--database``; the command receives ``settings: Settings`` instead."""

    @click.option("--uri", envvar="NEO4J_URI", default=None, show_envvar=True,
                  help="Bolt URI of an existing server (bolt://, neo4j://, neo4j+s://). "
                       "Default: docker compose if Docker runs, else a policykg-managed local Neo4j.")
    @click.option("--database", envvar="NEO4J_DATABASE", default=None, show_envvar=True,
                  help="Database name.  [default: neo4j]")
    @functools.wraps(command)
    def wrapper(*args: Any, uri: str | None, database: str | None, **kwargs: Any) -> Any:
        settings = Settings.from_env()
        if uri:
            settings = dataclasses.replace(settings, neo4j_uri=uri)
        if database:
            settings = dataclasses.replace(settings, database=database)
        return command(*args, settings=settings, **kwargs)

    return wrapper  # type: ignore[return-value]


@click.group(cls=PolicyKGGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="policykg")
@click.option("-q", "--quiet", is_flag=True, help="Only warnings and errors on stderr, no progress lines.")
def main(quiet: bool) -> None:
    """Build and query a knowledge graph of China's carbon-peaking (碳达峰) policy documents.

    Example: policykg build
    """
    # Progress lines (downloading jars, starting Neo4j…) come from policykg's loggers only;
    # the driver's own INFO chatter stays hidden.
    logging.basicConfig(level=logging.WARNING, format="policykg: %(message)s")
    logging.getLogger("policykg").setLevel(logging.WARNING if quiet else logging.INFO)


@main.command()
@neo4j_options
def build(settings: Settings) -> None:
    """Parse the corpus and load the graph into Neo4j (starting Neo4j when needed).

    Example: policykg build --uri bolt://localhost:7687
    """
    from policykg.server import get_driver

    driver, database, description = get_driver(settings)
    with driver:
        click.echo(f"Neo4j ready: {description}, database {database!r}.")
    # Honest until the loaders → graph stages are wired in here.
    click.echo("Nothing was loaded: the ingest stages (parse, extract, write) are not part of "
               "policykg build yet.", err=True)


# --------------------------------------------------------------------------- policykg neo4j …


@main.group(cls=PolicyKGGroup)
def neo4j() -> None:
    """Run the policykg-managed local Neo4j Community 5.26 (needs Java 17+ and, once, Maven).

    Example: policykg neo4j start
    """


def _managed() -> Any:
    from policykg.server import ManagedNeo4j

    settings = Settings.from_env()
    return ManagedNeo4j(settings.home_dir, settings.cache_dir)


@neo4j.command()
def provision() -> None:
    """Download the Neo4j jars with Maven into $POLICYKG_CACHE (once; later runs are offline).

    Example: policykg neo4j provision
    """
    click.echo(f"Neo4j jars in {_managed().provision()}")


@neo4j.command()
def start() -> None:
    """Start the local Neo4j, or reuse it when it already runs; prints its Bolt URI.

    Example: policykg neo4j start
    """
    server = _managed()
    uri, _auth = server.start()
    click.echo(f"Neo4j {server.version} running at {uri} (home {server.home}; "
               f"password in {server.password_file})")


@neo4j.command()
def stop() -> None:
    """Stop the local Neo4j (clean shutdown; killed after 60 s).

    Example: policykg neo4j stop
    """
    server = _managed()
    click.echo("Neo4j stopped." if server.stop() else "Neo4j was not running.")


@neo4j.command()
@click.option("--uri", "uri_only", is_flag=True, help="Print only the Bolt URI (empty when stopped).")
def status(uri_only: bool) -> None:
    """Show whether the local Neo4j runs, its Bolt URI and where its files are.

    Example: policykg neo4j status
    """
    state = _managed().status()
    if uri_only:
        click.echo(state["uri"] or "")
        return
    for key, value in state.items():
        click.echo(f"{key:14} {'' if value is None else value}")


if __name__ == "__main__":  # pragma: no cover
    main()
