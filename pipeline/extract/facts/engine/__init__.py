"""Facts read from French news prose through one clause engine and frames declared as data.

`extract_facts` reads every frame of ontology/frames.yaml from the parse once
(frames.readings, through the clause engine of clauses.py), then each fact kind turns the
readings of its frames into records; roles are read first, since titles used as speakers
("le ministre") resolve through them. Every fact carries its sentence's span and the
rule that read it: the frame and the construction ("founding/purpose-clause").
"""

from __future__ import annotations

from typing import Any

from ....records import Article, Fact, Mention
from ..common import Context
from .collaborations import extract_collaborations
from .events import extract_events
from .foundings import extract_changes, extract_foundings
from .frames import readings
from .money import extract_grants
from .partnerships import extract_partnerships
from .quotes import extract_quotes
from .refs import Resolver
from .roles import extract_roles

__all__ = ["extract_facts", "Context"]


def extract_facts(doc: Any, article: Article, mentions: list[Mention]) -> list[Fact]:
    """Every fact of `article`, from its spaCy `doc` (over article.text) and its mentions."""
    ctx = Context(doc, article, list(mentions))
    resolver = Resolver(ctx)
    found = readings(ctx, resolver)
    ctx.facts.extend(extract_roles(ctx, found, resolver))
    ctx.facts.extend(extract_foundings(ctx, found, resolver))
    ctx.facts.extend(extract_changes(ctx, found))
    ctx.facts.extend(extract_grants(ctx, found, resolver))
    ctx.facts.extend(extract_collaborations(ctx, found, resolver))
    ctx.facts.extend(extract_partnerships(ctx, found))
    ctx.facts.extend(extract_events(ctx, found))
    ctx.facts.extend(extract_quotes(ctx, resolver))
    return list(ctx.facts)
