"""The properties the fuzz harnesses check on every input (shared by both harnesses and the report).

A harness turns bytes into an article or a sidecar file, runs the reader and
calls one of these: anything other than an `InputError` escaping, or a
published value that breaks a promise of MODEL.md, raises `PropertyBroken`
(a crash for libFuzzer, a finding for bench/fuzz_report.py).
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from pathlib import Path

from pipeline.errors import InputError, MetadataError
from pipeline.ingest import Sidecar, read_article, read_sidecar
from pipeline.records import Article

__all__ = ["PropertyBroken", "check_article_file", "check_sidecar_file", "message_limit", "skipped_checks"]



def message_limit(path: Path) -> int:
    """An error message may quote the input, not amplify it (a YAML alias bomb expands 1000-fold)."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    return 3 * size + 1000


class PropertyBroken(AssertionError):
    """The reader broke one of its promises on this input."""


def skipped_checks() -> set[str]:
    """Checks switched off with SOUVERAIN_FUZZ_SKIP=nfc,message (to fuzz past a known, reported bug)."""
    return {c.strip() for c in os.environ.get("SOUVERAIN_FUZZ_SKIP", "").split(",") if c.strip()}


def _require(condition: bool, what: str) -> None:
    if not condition:
        raise PropertyBroken(what)


def check_text(text: str, skip: set[str]) -> None:
    """clean_text's promises: NFC, \\n line ends, no control characters, trimmed, no blank runs."""
    if "nfc" not in skip:
        _require(unicodedata.is_normalized("NFC", text), f"published text is not NFC: {ascii(text[:200])}")
    _require("\r" not in text, "carriage return in published text")
    _require(all(unicodedata.category(c) != "Cc" or c in "\n\t" for c in text), "control character published")
    _require(text == text.strip(), "published text not trimmed")
    _require("\n\n\n" not in text, "run of blank lines published")


def check_article_file(path: Path, skip: set[str] | None = None) -> Article | InputError:
    """read_article(path) gives an Article keeping its promises, or an InputError naming the file."""
    skip = skipped_checks() if skip is None else skip
    try:
        article = read_article(path)
    except InputError as error:
        _require(error.path in (str(path), str(path.with_name(path.stem + ".meta.yaml"))),
                 f"error names another file: {error.path}")
        if "message" not in skip:
            _require(len(str(error)) <= message_limit(path), f"error message of {len(str(error))} characters")
        return error
    except Exception as error:  # noqa: BLE001 - what escapes is the finding
        raise PropertyBroken(f"{type(error).__name__} escaped read_article: {str(error)[:200]}") from error
    _require(any(c.isalpha() for c in article.text), "article without a letter published")
    check_text(article.text, skip)
    _require(article.content_hash == hashlib.sha256(article.text.encode("utf-8")).hexdigest(), "bad hash")
    _require(article.headline is None or "\n" not in article.headline, "headline spans lines")
    return article


def check_sidecar_file(path: Path, skip: set[str] | None = None) -> Sidecar | InputError:
    """read_sidecar(path) gives a checked Sidecar, or a MetadataError naming the file with a short message."""
    skip = skipped_checks() if skip is None else skip
    try:
        sidecar = read_sidecar(path)
    except MetadataError as error:
        _require(error.path == str(path), f"error names another file: {error.path}")
        if "message" not in skip:
            _require(len(str(error)) <= message_limit(path), f"error message of {len(str(error))} characters")
        return error
    except Exception as error:  # noqa: BLE001
        raise PropertyBroken(f"{type(error).__name__} escaped read_sidecar: {str(error)[:200]}") from error
    _require(sidecar.url is None or sidecar.url.startswith(("http://", "https://")), "non-http url accepted")
    _require(sidecar.date_published is None or sidecar.date_published.year is not None, "date without year")
    for value in (sidecar.title, sidecar.author, sidecar.publisher, sidecar.language):
        _require(value is None or (isinstance(value, str) and value.strip() == value and value != ""),
                 f"bad string value {value!r}")
    return sidecar
