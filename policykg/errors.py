"""The one error catalogue of policykg (after spaCy's ``errors.py``).

Every error has a code, names the thing that failed and says how to fix it.
The CLI turns a :class:`PolicyKGError` into a one-line message and the exit
code given by :attr:`PolicyKGError.exit_code` (documented in the README).
"""

from __future__ import annotations

from enum import Enum


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
        text = f"{file}: {reason}"
        if fix:
            text += f" ({fix})"
        super().__init__(text)


class Neo4jUnavailable(PolicyKGError):
    """No Neo4j server can be reached or started."""

    code = "E200"
    exit_code = 4

    def __init__(self, uri: str, what_to_do: str) -> None:
        self.uri = uri
        self.what_to_do = what_to_do
        super().__init__(f"Neo4j is not reachable at {uri}: {what_to_do}")


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
