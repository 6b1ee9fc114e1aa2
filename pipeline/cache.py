"""Incremental builds: per-article extraction results cached on disk.

Why: extraction (spaCy + rules) is most of a build's cost and depends only on
the article itself, the extraction code and lexicons, the spaCy model and the
reference's ruler patterns. An entry is keyed by a digest of all of these, so
any change to one of them is a miss; nothing has to be invalidated by hand.
Cross-article work (name propagation, resolution, linking, mapping) is never
cached here: it reruns on every build, so an incremental build gives the same
output as a full one.

Entries are pickles written atomically (temporary file + rename in the same
directory): a crash never leaves a half-written entry under its final name, and
an entry that cannot be read back (truncated, corrupt, from another version of
the records) is a miss, deleted and recomputed.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from .config import LEXICON_DIR, ONTOLOGY_DIR
from .records import Article, ArticleResult, LinkDecision

__all__ = [
    "ExtractionCache",
    "LinkMemo",
    "CacheStats",
    "JsonCache",
    "code_version",
    "pipeline_version",
    "patterns_version",
    "model_version",
]

PACKAGE_DIR = Path(__file__).resolve().parent
# Sources whose change can change what extraction returns for an unchanged article.
_CODE_GLOBS = ("extract/**/*.py", "records.py", "dates.py", "config.py", "runner.py", "cache.py")
_DATA_FILES = (ONTOLOGY_DIR / "ner.yaml",)
_FORMAT = 1  # bump when the entry layout changes


def _write_atomically(path: Path, data: bytes) -> bool:
    """Write through a temporary file and a rename, so a crash never leaves half an entry.
    False when it could not be written: a cache that cannot be written only costs time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        return False
    return True


def _digest_files(paths: Iterable[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(set(paths)):
        if path.is_file():
            digest.update(str(path.relative_to(root)).encode("utf-8") + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def code_version() -> str:
    """Digest of the extraction code (pipeline/extract, records, dates...) and the lexicons it reads."""
    code = [p for pattern in _CODE_GLOBS for p in PACKAGE_DIR.glob(pattern)]
    data = [*LEXICON_DIR.rglob("*"), *_DATA_FILES]
    return hashlib.sha256(
        (_digest_files(code, PACKAGE_DIR) + _digest_files(data, ONTOLOGY_DIR.parent)).encode()
    ).hexdigest()


@lru_cache(maxsize=1)
def pipeline_version() -> str:
    """Digest of every source and data file of the pipeline: what a per-article result of
    any later stage (mapping) depends on besides its inputs."""
    code = list(PACKAGE_DIR.rglob("*.py"))
    data = [p for pattern in ("*.yaml", "*.ttl", "*.jsonld", "lexicons/*") for p in ONTOLOGY_DIR.glob(pattern)]
    return hashlib.sha256(
        (_digest_files(code, PACKAGE_DIR) + _digest_files(data, ONTOLOGY_DIR.parent)).encode()
    ).hexdigest()


class JsonCache:
    """Small JSON entries under one directory, keyed by a digest, written atomically;
    an unreadable entry is a miss."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict | None:
        path = self._path(key)
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            path.unlink(missing_ok=True)
            return None

    def put(self, key: str, value: dict) -> None:
        _write_atomically(self._path(key), json.dumps(value, ensure_ascii=False).encode("utf-8"))


def patterns_version(patterns: Sequence[dict]) -> str:
    """Digest of the entity-ruler patterns: the reference version as extraction sees it."""
    text = json.dumps(list(patterns), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@lru_cache(maxsize=8)
def model_version(model: str) -> str:
    """The model's name with the installed versions of it and of spaCy (a new model reads differently)."""
    versions = [model]
    for package in ("spacy", model.replace("_", "-")):
        try:
            versions.append(f"{package}=={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package}==?")
    return " ".join(versions)


def article_key(article: Article) -> str:
    """Digest of everything of the article that extraction reads: text, path, stem and metadata."""
    return hashlib.sha256(repr(article).encode("utf-8")).hexdigest()


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    writes: int = 0
    corrupt: int = 0


class ExtractionCache:
    """`ArticleResult`s on disk under `directory/extraction/`, keyed by article, code, model and reference."""

    def __init__(self, directory: Path, *, model: str, patterns: Sequence[dict]) -> None:
        self.directory = Path(directory) / "extraction"
        self.version = hashlib.sha256(
            f"{_FORMAT}\0{code_version()}\0{model_version(model)}\0{patterns_version(patterns)}".encode()
        ).hexdigest()
        self.stats = CacheStats()

    def key(self, article: Article) -> str:
        return hashlib.sha256(f"{self.version}\0{article_key(article)}".encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.pickle"

    def get(self, article: Article) -> ArticleResult | None:
        """The cached result for this article, or None (absent, unreadable or not a result)."""
        path = self._path(self.key(article))
        try:
            data = path.read_bytes()
        except OSError:
            self.stats.misses += 1
            return None
        try:
            mentions, facts = pickle.loads(data)  # noqa: S301 - our own cache directory
            if not isinstance(mentions, list) or not isinstance(facts, list):
                raise TypeError("not an extraction entry")
        except Exception:  # noqa: BLE001 - any unreadable entry is a miss
            self.stats.corrupt += 1
            self.stats.misses += 1
            path.unlink(missing_ok=True)
            return None
        self.stats.hits += 1
        return ArticleResult(article=article, mentions=mentions, facts=facts)

    def put(self, result: ArticleResult) -> None:
        """Store atomically; a cache that cannot be written only costs the next build time."""
        path = self._path(self.key(result.article))
        data = pickle.dumps((result.mentions, result.facts), protocol=pickle.HIGHEST_PROTOCOL)
        if _write_atomically(path, data):
            self.stats.writes += 1


class LinkMemo:
    """The linker's decisions of the last build, on disk (`directory/links.pickle`), reused
    for the same name, label and context: linking is a pure function of those, the reference
    and the code (all in `salt`), so an incremental build links again only the clusters whose
    names or articles changed. The file keeps only the decisions the last build used."""

    def __init__(self, directory: Path, salt: str,
                 link: Callable[[str, str, Sequence[str]], LinkDecision]) -> None:
        self.path = Path(directory) / "links.pickle"
        self.salt = salt
        self._link = link
        self._known: dict[bytes, LinkDecision] = {}
        self._used: dict[bytes, LinkDecision] = {}
        self.hits = self.misses = 0
        try:
            stored = pickle.loads(self.path.read_bytes())  # noqa: S301 - our own cache directory
            if isinstance(stored, dict) and stored.get("salt") == salt and isinstance(stored.get("decisions"), dict):
                self._known = stored["decisions"]
        except Exception:  # noqa: BLE001 - an absent or unreadable memo is an empty one
            self._known = {}

    def __call__(self, name: str, label: str, context: Sequence[str] = ()) -> LinkDecision:
        key = hashlib.sha256("\x1f".join((name, label, "\x1e".join(context))).encode("utf-8")).digest()
        decision = self._known.get(key)
        if isinstance(decision, LinkDecision):
            self.hits += 1
        else:
            self.misses += 1
            decision = self._link(name, label, context)
        self._used[key] = decision
        return decision

    def save(self) -> None:
        """Write the decisions this build used (atomically; a memo that cannot be written only costs time)."""
        if self.misses or len(self._used) != len(self._known):
            _write_atomically(self.path, pickle.dumps({"salt": self.salt, "decisions": self._used},
                                                      protocol=pickle.HIGHEST_PROTOCOL))
