"""Facts read from French news prose: one module per fact kind, rules as data.

`extract_facts` runs the kinds in an order where later ones may use earlier
ones (money resolves "le tout" to the organizations just founded). Every fact
carries the evidence span and the named rule that read it.
"""

from __future__ import annotations

from typing import Any

from ...records import Article, Fact, Mention
from .collaborations import extract_collaborations
from .common import Context
from .events import extract_events
from .foundings import extract_changes, extract_foundings
from .money import extract_grants
from .partnerships import extract_partnerships
from .quotes import extract_quotes
from .roles import extract_roles

__all__ = ["extract_facts", "Context"]

_KINDS = (
    extract_roles,
    extract_foundings,
    extract_changes,
    extract_grants,
    extract_collaborations,
    extract_partnerships,
    extract_events,
    extract_quotes,
)


def extract_facts(doc: Any, article: Article, mentions: list[Mention]) -> list[Fact]:
    """Every fact of `article`, from its spaCy `doc` (over article.text) and its mentions."""
    ctx = Context(doc, article, list(mentions))
    for kind in _KINDS:
        ctx.facts.extend(kind(ctx))
    return list(ctx.facts)
