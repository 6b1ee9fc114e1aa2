"""atheris harness for the sidecar parser: bytes -> <stem>.meta.yaml -> read_sidecar.

Run:  python fuzz/fuzz_sidecar.py -runs=100000 fuzz/corpus/sidecar
The first byte picks the mode: raw bytes, or a YAML document assembled from
tokens (so that nesting, anchors, aliases and tags are reached quickly).
Every input must give a checked Sidecar or a MetadataError with a short message.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["pipeline"]):
    from checks import check_sidecar_file, skipped_checks

    import pipeline.ingest  # noqa: F401 - instrumented for coverage feedback

_DIR = Path(tempfile.mkdtemp(prefix="souverain-fuzz-sidecar-"))
_SKIP = skipped_checks()
TOKENS = [
    "title: ", "url: ", "publisher: ", "datePublished: ", "author: ", "language: ", "isBasedOn: ",
    "\n  publisher: ", "\n  author: ", "\n  date: ", "\n  url: ", "\n", "  ", "- ", "[", "]", "{", "}", ", ",
    ": ", "? ", "&a ", "&b ", "*a", "*b", "!!str ", "!!python/object/apply:os.system ", "!!binary ", "!!set ",
    "'", '"', "|\n  ", ">\n  ", "---\n", "...\n", "#c", "2014-03-03", "2014-13", "2014-02-30", "--03-04",
    "99999", "https://exemple.org/a", "http://", "fr", "fr-FR", "Claire Dubois", "~", "null", "", "\t",
    "\\u00e9", "\\x00", "é", "\ufeff", "<<: *a", "x" * 64,
]


def _assemble(data: bytes) -> bytes:
    return "".join(TOKENS[b % len(TOKENS)] for b in data).encode("utf-8")


def test_one_input(data: bytes) -> None:
    raw = data[1:] if not data or data[0] % 2 == 0 else _assemble(data[1:])
    path = _DIR / "article.meta.yaml"
    path.write_bytes(raw)
    check_sidecar_file(path, _SKIP)


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
