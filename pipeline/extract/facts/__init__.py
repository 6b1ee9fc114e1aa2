"""Facts read from French news prose.

One reader: the clause engine of `engine/` over spaCy's dependency parse and the frames
of ontology/frames.yaml reads every kind (roles, foundings, acquisitions, grants,
memberships, partnerships, meetings, quotations). Every fact carries its sentence's span
and the rule that read it: the frame and the construction ("founding/purpose-clause",
"role/post/apposition").
"""

from __future__ import annotations

from .common import Context
from .engine import extract_facts

__all__ = ["extract_facts", "Context"]
