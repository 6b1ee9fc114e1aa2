"""Settings, declared once, with their defaults and help text; the project's paths.

Every setting the CLI exposes comes from `SETTINGS`; `tests/test_docs.py`
fails when one is missing from the README.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

from .vocab import DEFAULT_BASE

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    """The project's read-only shared material (`shared/`: the Wikidata source of
    ontology/reference.ttl, the seeds' gold for the tests), which the build never reads.

    Looked for in `$SOUVERAIN_SHARED`, then beside the project, then beside the repository
    this one was cloned from when that is a local directory (a clone in a temporary
    directory, as CI and a new user make, still finds it)."""
    if os.environ.get("SOUVERAIN_SHARED"):
        return Path(os.environ["SOUVERAIN_SHARED"])
    beside = PROJECT_ROOT.parent / "shared"
    if beside.is_dir():
        return beside
    import subprocess

    try:
        origin = subprocess.run(
            ["git", "-C", str(PROJECT_ROOT), "config", "--get", "remote.origin.url"],
            capture_output=True, text=True, timeout=10, check=False,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        origin = ""
    if origin and not origin.startswith(("http:", "https:", "git@", "ssh:", "git:")):
        candidate = Path(origin.removeprefix("file://")).resolve().parent / "shared"
        if candidate.is_dir():
            return candidate
    return beside
ONTOLOGY_DIR = PROJECT_ROOT / "ontology"
SHAPES_DIR = PROJECT_ROOT / "shapes"
SEEDS_DIR = PROJECT_ROOT / "seeds"
DIST_DIR = PROJECT_ROOT / "dist"
REFERENCE_FILE = ONTOLOGY_DIR / "reference.ttl"
CURATION_FILE = ONTOLOGY_DIR / "curation.yaml"
CONTEXT_FILE = ONTOLOGY_DIR / "context.jsonld"
VOCABULARY_FILE = ONTOLOGY_DIR / "souverain.ttl"
ROLES_FILE = ONTOLOGY_DIR / "roles.ttl"
LEXICON_DIR = ONTOLOGY_DIR / "lexicons"

# measured on the seeds: md 0.988 entity precision against 0.963 for sm (README)
SPACY_MODEL = "fr_core_news_md"


def _setting(default, help: str, env: str | None = None):  # noqa: A002 - mirrors argparse
    return field(default=default, metadata={"help": help, "env": env})


#: SHACL engines the build and `souverain validate` can run; the first is the default.
SHACL_ENGINES: tuple[str, ...] = ("turbo", "pyshacl")


@dataclass
class Settings:
    """Every tunable of the pipeline and the server."""

    base: str = _setting(DEFAULT_BASE, "Base IRI of the dataset's resources.", "SOUVERAIN_BASE")
    input_dir: Path = _setting(SEEDS_DIR, "Directory of input articles (*.txt, *.md, optional *.meta.yaml).")
    out_dir: Path = _setting(DIST_DIR, "Directory the dataset is published to (swapped in atomically).")
    references: tuple[str, ...] = _setting(
        (), "Extra reference sources: Turtle/N-Triples files or http(s) SPARQL endpoints."
    )
    cache_dir: Path = _setting(
        PROJECT_ROOT / ".cache",
        "Cache for reference-endpoint answers and incremental builds.",
        "SOUVERAIN_CACHE",
    )
    jobs: int = _setting(1, "Processes for the per-article work.")
    scheduler: str | None = _setting(
        None, "Address of a Dask scheduler for the per-article work (extra 'dask')."
    )
    incremental: bool = _setting(
        True, "Reuse cached per-article extraction when article, code and reference are unchanged."
    )
    gzip_dumps: bool = _setting(False, "Also write dataset.nq.gz and dataset.trig.gz.")
    shapes_dir: Path = _setting(SHAPES_DIR, "Directory of SHACL shapes the build validates against.")
    shacl_engine: str = _setting(
        SHACL_ENGINES[0], "SHACL engine: turbo (pyshacl-turbo, fast) or pyshacl (the reference implementation)."
    )
    model: str = _setting(SPACY_MODEL, "spaCy French pipeline used for NER and parsing.")
    host: str = _setting("127.0.0.1", "Address the server listens on.")
    port: int = _setting(8000, "Port the server listens on.", "PORT")
    store_dir: Path = _setting(PROJECT_ROOT / ".store", "On-disk query store built from dist/.")
    query_timeout: float = _setting(30.0, "Seconds a SPARQL query may run before it is stopped (503).")
    max_query_bytes: int = _setting(100_000, "Largest accepted SPARQL query, in bytes (413 beyond).")
    workers: int | None = _setting(None, "Query worker processes of the server (default: one per core, at least two).")
    max_rows: int = _setting(10_000, "Most result rows returned; a cut result says so in a header.")
    worker_max_rss_mb: int = _setting(
        60, "Resident MB past which a query worker is replaced after its answer (0: never)."
    )
    result_cache_mb: int = _setting(
        32, "MB of SPARQL answers kept to answer repeated queries at once (0: off)."
    )
    service_allowlist: tuple[str, ...] = _setting(
        (), "Endpoints SPARQL SERVICE may call (federation is off when empty)."
    )
    reference_timeout: float = _setting(10.0, "Seconds to wait for a reference SPARQL endpoint.")


def setting_help() -> dict[str, str]:
    """Name -> help text of every setting (the docs test reads it)."""
    return {f.name: f.metadata["help"] for f in fields(Settings)}


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH as an int, when set (reproducible builds)."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    return int(value) if value and value.strip().isdigit() else None
