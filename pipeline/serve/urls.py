"""The one URL builder: every link the server emits comes from here.

The dataset's IRIs live under `base` (https://w3id.org/souverain/ by
default); the server maps `{base}id/...` onto its own `/id/...` paths, so
changing the base or mounting the app under a prefix is one setting.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

__all__ = ["Urls", "SLUG", "KIND"]

KIND = re.compile(r"^[a-z][a-z0-9-]{0,40}$")
SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$")
DATA_EXTENSIONS = {"ttl": "text/turtle", "jsonld": "application/ld+json", "nt": "application/n-triples"}


class Urls:
    """Builds local URLs and maps them to and from dataset IRIs."""

    def __init__(self, base: str, root_path: str = "") -> None:
        self.base = base if base.endswith("/") else base + "/"
        self.root = root_path.rstrip("/")

    # dataset IRIs <-> local paths
    def iri(self, kind: str, slug: str) -> str:
        return f"{self.base}id/{kind}/{slug}"

    def local_path(self, iri: str) -> str | None:
        """The local path a dataset IRI resolves at, or None for a foreign IRI."""
        if not iri.startswith(self.base):
            return None
        return f"{self.root}/{iri[len(self.base) :]}"

    def page_for(self, iri: str) -> str | None:
        """Link to the HTML page of a dataset IRI (fragment kept), None when foreign."""
        if not iri.startswith(self.base + "id/"):
            return None
        rest, hash_, fragment = iri[len(self.base) + 3 :].partition("#")
        kind, _, slug = rest.partition("/")
        if not (KIND.match(kind) and SLUG.match(slug)):
            return None
        return self.page(kind, slug) + (f"#{quote(fragment)}" if hash_ else "")

    # pages and files
    def home(self) -> str:
        return f"{self.root}/"

    def page(self, kind: str, slug: str) -> str:
        return f"{self.root}/id/{kind}/{slug}.html"

    def data(self, kind: str, slug: str, extension: str) -> str:
        return f"{self.root}/id/{kind}/{slug}.{extension}"

    def sparql(self) -> str:
        return f"{self.root}/sparql"

    def query_page(self, query: str | None = None) -> str:
        return f"{self.root}/query" + (f"?{urlencode({'query': query})}" if query else "")

    def search(self, text: str | None = None) -> str:
        return f"{self.root}/search" + (f"?{urlencode({'q': text})}" if text else "")

    def dumps(self) -> str:
        return f"{self.root}/dumps/"

    def dump(self, name: str) -> str:
        return f"{self.root}/dumps/{quote(name)}"

    def static(self, name: str) -> str:
        return f"{self.root}/static/{name}"
