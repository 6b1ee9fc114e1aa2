"""Facts read from French news prose.

Two readers, while issue 12 moves every fact kind to the frame engine:
- `engine/`: one clause engine over spaCy's dependency parse and the frames of
  ontology/frames.yaml; it reads roles, memberships and quotations in every build, and
  every kind with `--facts frames`;
- the surface rules of this package (money.py, foundings.py, partnerships.py, events.py)
  still read grants, foundings, acquisitions, partnerships and meetings by default: on the
  seeds and dev01-40 the engine does not yet read them as well (docs/extraction.md has the
  figures). Their regex rules for roles, memberships and quotations are retired.
Every fact carries its sentence's span and the rule that read it: a frame and its
construction ("role/post/apposition") or a surface rule ("money.invested-in").
"""

from __future__ import annotations

from typing import Any

from ...records import Article, Fact, Mention
from .common import Context
from .engine import extract_facts as extract_facts_by_frames
from .engine.collaborations import extract_collaborations
from .engine.frames import readings
from .engine.quotes import extract_quotes
from .engine.refs import Resolver
from .engine.roles import extract_roles
from .events import extract_events
from .foundings import extract_changes, extract_foundings
from .money import extract_grants
from .partnerships import extract_partnerships

__all__ = ["extract_facts", "extract_facts_by_frames", "Context", "READERS"]

READERS = ("hybrid", "frames")


def extract_facts(doc: Any, article: Article, mentions: list[Mention], reader: str = "hybrid") -> list[Fact]:
    """Every fact of `article`, from its spaCy `doc` (over article.text) and its mentions.

    `reader` "frames" reads every kind through the frame engine; "hybrid" (the default)
    reads roles, memberships and quotations through it and the other kinds through the
    surface rules."""
    if reader == "frames":
        return extract_facts_by_frames(doc, article, mentions)
    ctx = Context(doc, article, list(mentions))
    resolver = Resolver(ctx)
    found = readings(ctx, resolver, frozenset({"role", "membership"}))
    # roles first: money and quotes resolve titles ("le ministre") through them
    ctx.facts.extend(extract_roles(ctx, found, resolver))
    for kind in (extract_foundings, extract_changes, extract_grants, extract_partnerships, extract_events):
        ctx.facts.extend(kind(ctx))
    ctx.facts.extend(extract_collaborations(ctx, found, resolver))
    ctx.facts.extend(extract_quotes(ctx, resolver))
    return list(ctx.facts)
