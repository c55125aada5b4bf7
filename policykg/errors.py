"""The one error catalogue of policykg (after spaCy's ``errors.py``).

Every error has a code, names the thing that failed and says how to fix it.
The CLI turns a :class:`PolicyKGError` into a one-line message and the exit
code given by :attr:`PolicyKGError.exit_code` (documented in the README).
"""

from __future__ import annotations

from enum import Enum


def first_line(error: BaseException) -> str:
    """The first line of an exception's message (its type name when it has none): for one-line errors."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


class OnError(str, Enum):
    """Error policy for batch work (graphrag's ``OnError``): skip a bad item or stop."""

    SKIP = "skip"
    RAISE = "raise"


class PolicyKGError(Exception):
    """Base class. ``code`` is stable and greppable; ``exit_code`` is what the CLI returns."""

    code = "E000"
    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")
        self.message = message


class InputError(PolicyKGError):
    """A source file cannot be read or parsed."""

    code = "E100"
    exit_code = 3

    def __init__(self, file: str, reason: str, fix: str = "") -> None:
        self.file = file
        self.reason = reason
        self.fix = fix
        super().__init__(f"{file}: {self.detail}")

    @property
    def detail(self) -> str:
        """The reason and the fix without the file name: what an error record beside the file says."""
        return f"{self.reason} ({self.fix})" if self.fix else self.reason


class NoTextLayer(InputError):
    """A PDF of page images (a scan): nothing to read, and policykg does no OCR.

    Reported as a *warning* record (the file is not broken, only unreadable without OCR)."""

    code = "E101"


class Neo4jUnavailable(PolicyKGError):
    """No Neo4j server can be reached or started."""

    code = "E200"
    exit_code = 4

    def __init__(self, uri: str, what_to_do: str) -> None:
        self.uri = uri
        self.what_to_do = what_to_do
        super().__init__(f"Neo4j is not reachable at {uri}: {what_to_do}")


class LoadInterrupted(PolicyKGError):
    """The connection to Neo4j was lost while documents were being written.

    Each document commits whole or not at all, so ``loaded`` (committed, or already stored
    unchanged) and ``not_loaded`` partition the documents of the run; a rerun skips the first
    and writes the second.
    """

    code = "E220"
    exit_code = 4

    def __init__(self, loaded: list[str], not_loaded: list[str], reason: str, where: str = "Neo4j") -> None:
        self.loaded = list(loaded)
        self.not_loaded = list(not_loaded)
        self.reason = reason
        self.where = where
        shown = ", ".join(self.not_loaded[:20]) + (
            f" … (+{len(self.not_loaded) - 20} more)" if len(self.not_loaded) > 20 else ""
        )
        what = (
            f"{len(self.not_loaded)} document(s) not loaded: {shown}"
            if self.not_loaded
            else "every document was loaded, but not the edges between documents (DERIVES_FROM, LOCATED_IN)"
        )
        super().__init__(
            f"{where}: the connection was lost during the run ({reason}); "
            f"{len(self.loaded)} document(s) loaded, {what}; start the server again and rerun "
            "the same command: documents already loaded are skipped"
        )


class IngestLocked(PolicyKGError):
    """Another ingest (or build) is loading the same database: one at a time (graph/lock.py)."""

    code = "E230"
    exit_code = 7

    def __init__(self, where: str, holder: str, waited: float = 0.0) -> None:
        self.where = where
        self.holder = holder
        waiting = f"still held after waiting {waited:.0f} s; " if waited > 0 else ""
        super().__init__(
            f"{where} is being loaded by another ingest ({holder}): {waiting}let it finish and rerun, "
            "or rerun with --wait SECONDS to wait for it; a lock whose holder has died is taken over "
            "by the next ingest"
        )


class ConfigError(PolicyKGError):
    """A setting from the environment has a value policykg cannot use."""

    code = "E010"
    exit_code = 2


class ProvisioningError(PolicyKGError):
    """The project-managed Neo4j cannot be downloaded or started."""

    code = "E210"
    exit_code = 4


class SchemaViolation(PolicyKGError):
    """A record or graph element does not fit the declared schema."""

    code = "E300"
    exit_code = 5


class QueryError(PolicyKGError):
    """A canned or ad-hoc query is unknown, badly parameterised, refused or failed."""

    code = "E400"
    exit_code = 6


class WriteRefused(QueryError):
    """A user-supplied query would write; user queries are read-only."""

    code = "E410"
    exit_code = 6


class QueryRefused(QueryError):
    """A user-supplied query uses something ad-hoc Cypher may not: files or URLs (LOAD CSV), another
    database (USE), a procedure or function outside the allow-list, batched transactions, or an
    administration command. The message names the refused part."""

    code = "E420"
