"""atheris harness for the article reader: bytes -> file -> read_article (decode, clean, metadata).

Run:  python fuzz/fuzz_reader.py -runs=100000 fuzz/corpus/reader
      (any libFuzzer flag works: -max_len=65536, -timeout=10, -jobs=2 ...)
Set SOUVERAIN_FUZZ_SKIP=nfc to fuzz past the known NFC finding (docs/robustness.md).
Every input must give an Article keeping its promises or an InputError naming the file.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["pipeline"]):
    from checks import check_article_file, skipped_checks

    import pipeline.ingest  # noqa: F401 - instrumented for coverage feedback

_DIR = Path(tempfile.mkdtemp(prefix="souverain-fuzz-reader-"))
_SKIP = skipped_checks()
_SUFFIXES = (".txt", ".md")


def test_one_input(data: bytes) -> None:
    """The first byte picks the suffix; the rest is the file."""
    suffix = _SUFFIXES[data[0] % 2] if data else ".txt"
    path = _DIR / f"article{suffix}"
    path.write_bytes(data[1:])
    check_article_file(path, _SKIP)


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
