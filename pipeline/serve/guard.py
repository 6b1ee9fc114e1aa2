"""What a query may do, decided before it reaches the store.

Reads the query text just far enough to find the operation it starts with
(an update is refused: the endpoint is read-only) and every `SERVICE` it
calls (refused unless the endpoint is on the allow-list and does not resolve
to a private address). Strings, IRIs and comments are blanked out first, so
a keyword inside a literal never counts.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["Refusal", "inspect_query", "blank", "UPDATE_KEYWORDS", "PROLOGUE"]

UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)
QUERY_KEYWORDS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})

_LEXEME = re.compile(
    r'(?P<long>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\')'
    r'|(?P<str>"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\')'
    r'|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'
    r"|(?P<comment>\#[^\n]*)",
    re.DOTALL,
)
PROLOGUE = re.compile(r"^\s*(?:(?:BASE\s*<\d+>|PREFIX\s*[^\s:]*:\s*<\d+>)\s*)*", re.IGNORECASE)
_FIRST_WORD = re.compile(r"[A-Za-z]+")
_SERVICE = re.compile(r"(?<![\w:?$])SERVICE\s+(?:SILENT\s+)?(?P<target><\d+>|\S+)", re.IGNORECASE)

Resolver = Callable[[str], list[str]]


@dataclass(frozen=True)
class Refusal:
    """Why a query is not run: an HTTP status and a message for the client."""

    status: int
    message: str


def blank(query: str) -> tuple[str, list[str]]:
    """The query with strings as "", comments removed and IRIs as <n> (n indexes the list)."""
    iris: list[str] = []

    def replace(match: re.Match[str]) -> str:
        if match.group("iri") is not None:
            iris.append(match.group("iri")[1:-1])
            return f"<{len(iris) - 1}>"
        if match.group("comment") is not None:
            return " "
        return '""'

    return _LEXEME.sub(replace, query), iris


def _resolve(host: str) -> list[str]:
    return [info[4][0] for info in socket.getaddrinfo(host, None)]


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return ip.is_global and not ip.is_multicast


def _allowed(endpoint: str, allowlist: Sequence[str]) -> bool:
    parts = urlsplit(endpoint)
    for entry in allowlist:
        if "://" in entry:
            if endpoint == entry or endpoint.startswith(entry.rstrip("/") + "/"):
                return True
        elif parts.hostname and parts.hostname.lower() == entry.strip().lower():
            return True
    return False


def _check_service(endpoint: str, allowlist: Sequence[str], resolve: Resolver) -> Refusal | None:
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return Refusal(403, f"SERVICE <{endpoint}> refused: only http(s) endpoints can be called")
    if not _allowed(endpoint, allowlist):
        return Refusal(403, f"SERVICE <{endpoint}> refused: not on this server's service allow-list")
    try:
        addresses = resolve(parts.hostname)
    except (OSError, UnicodeError):
        return Refusal(403, f"SERVICE <{endpoint}> refused: its host name does not resolve")
    if not addresses or not all(_is_public(a) for a in addresses):
        return Refusal(403, f"SERVICE <{endpoint}> refused: it resolves to a private or local address")
    return None


def inspect_query(query: str, allowlist: Sequence[str] = (), resolve: Resolver = _resolve) -> Refusal | None:
    """None when the query may run; else the refusal to send to the client."""
    blanked, iris = blank(query)
    rest = blanked[PROLOGUE.match(blanked).end() :]  # type: ignore[union-attr]
    first = _FIRST_WORD.match(rest.lstrip())
    if first and first.group(0).upper() in UPDATE_KEYWORDS:
        return Refusal(403, "This endpoint is read-only: SPARQL Update operations are refused.")
    for match in _SERVICE.finditer(blanked):
        if not allowlist:
            return Refusal(403, "SERVICE (federated query) is disabled on this endpoint.")
        target = match.group("target")
        if not (target.startswith("<") and target[1:-1].isdigit()):
            return Refusal(403, "SERVICE needs a full IRI (<https://...>) that is on the allow-list.")
        refusal = _check_service(iris[int(target[1:-1])], allowlist, resolve)
        if refusal is not None:
            return refusal
    return None
