"""Which queries the server may answer itself, without the hop to a worker process.

Queries run in killable worker processes because pyoxigraph cannot stop a
running query. A query that is one triple pattern with a bound term, and
nothing else (no ORDER BY, GROUP BY, DISTINCT, FILTER, path, subquery or
dataset clause), is a lazy index scan: its cost is bounded by the rows read,
which the endpoint caps (`sparql.INLINE_ROWS`), so it can never run away. For such a
query (a label lookup, an entity's description, a page's incoming links) the
process hop is most of the latency; the server answers it on its own
read-only store handle instead.

The recognizer is deliberately strict: anything it does not fully account
for goes to a worker. It reads the query blanked by `guard.blank` (strings
as "", IRIs as <n>, comments removed).
"""

from __future__ import annotations

import re

from .guard import PROLOGUE, blank

__all__ = ["is_bounded_lookup"]

_VAR = r"[?$][A-Za-z_][\w]*"
_IRI = r"<\d+>"
_PNAME = r"(?:[A-Za-z][\w.-]*)?:[\w.-]*"
_LITERAL = rf'""(?:@[A-Za-z]+(?:-[A-Za-z0-9]+)*|\^\^(?:{_IRI}|{_PNAME}))?|[+-]?\d+(?:\.\d+)?|true|false'
_CONSTANT = rf"(?:{_IRI}|{_PNAME}|{_LITERAL})"
_TERM = rf"(?:{_VAR}|{_CONSTANT})"
_PREDICATE = rf"(?:{_VAR}|{_IRI}|{_PNAME}|a)"
_SHAPE = re.compile(
    rf"SELECT\s+(?P<projection>\*|(?:{_VAR}\s*)+)\s*(?:WHERE\s*)?"
    rf"\{{\s*(?P<s>{_TERM})\s+(?P<p>{_PREDICATE})\s+(?P<o>{_TERM})\s*\.?\s*\}}"
    r"\s*(?P<modifiers>(?:(?:LIMIT|OFFSET)\s+\d+\s*){0,2})",
    re.IGNORECASE,
)
_OFFSET = re.compile(r"OFFSET\s+(\d+)", re.IGNORECASE)


def _bound(term: str) -> bool:
    return not term.startswith(("?", "$"))


def is_bounded_lookup(query: str, max_offset: int = 10_000) -> bool:
    """True for `SELECT … WHERE { s p o }` with a bound subject or object, at most LIMIT/OFFSET after.

    The OFFSET is capped too: rows skipped are rows read.
    """
    blanked, _ = blank(query)
    body = blanked[PROLOGUE.match(blanked).end() :].strip()  # type: ignore[union-attr]
    shape = _SHAPE.fullmatch(body)
    if shape is None or not (_bound(shape["s"]) or _bound(shape["o"])):
        return False
    offset = _OFFSET.search(shape["modifiers"])
    return offset is None or int(offset.group(1)) <= max_offset
