"""Seeded random generators of hostile article and sidecar bytes (for bench/fuzz_report.py).

The hypothesis strategies of tests/test_fuzz_input.py shrink failures; these
plain generators produce large, reproducible batches quickly.
"""

from __future__ import annotations

import random

__all__ = ["random_article", "random_sidecar"]

DEBRIS = [
    "**", "*", "__", "_", "[", "]", "(", ")", "](http://exemple.org/p)", "# ", "> ", "<p>", "</p>", "<b>", "</b>",
    "<script>", "</script>", "<style>", "<", ">", "&amp;", "&lt;", "&gt;", "&nbsp;", "{{", "}}", '"', "'",
    "\r\n", "\r", "\n", "\n\n\n", "\t", "\x00", "\x07", "\x1b[31m", "\x85", "\u2028", "\u200b", "\ufeff",
    "e\u0301", "\u0301", "\u0327", "\U0001f600", "«\u00a0", "\u00a0»", "’", "…", "Source : ", "Voir aussi",
    "Le 3 mars 2014", "12 commentaires",
]
WORDS = ["le", "la", "société", "ministre", "a", "annoncé", "un", "financement", "de", "millions", "d'euros",
         "Claire", "Dubois", "Nuagix", "Lyon", "projet", "données", "«", "»", ",", "."]
ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16", "mac_roman", "koi8_r"]
YAML_PIECES = ["title: ", "url: ", "isBasedOn:\n  publisher: ", "datePublished: ", "language: ", "author: ",
               "publisher: ", "\n", "  ", "- ", "&a ", "*a", "!!binary ", "{", "}", "[", "]", ": ", "? ", "---\n",
               "'", '"', "|\n  ", "\t", "2014-03-03", "2014-13", "2012-02-30", "https://exemple.org/a", "fr", "é"]


def _text(rng: random.Random, size: int) -> str:
    parts = []
    for _ in range(size):
        roll = rng.random()
        if roll < 0.25:
            parts.append(rng.choice(DEBRIS) if rng.random() < 0.7 else rng.choice(DEBRIS[:30]))
        elif roll < 0.8:
            parts.append(rng.choice(WORDS) + " ")
        else:
            parts.append(chr(rng.choice([rng.randrange(0x20, 0x7f), rng.randrange(0xa0, 0x3000),
                                         rng.randrange(0x10000, 0x10ffff)])))
    return "".join(parts)


def random_article(rng: random.Random) -> bytes:
    """One file: text in one or several encodings, raw noise, or an enormous line."""
    kind = rng.random()
    if kind < 0.05:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(0, 2000)))
    if kind < 0.08:
        return ((rng.choice(WORDS) + " ") * rng.randrange(10_000, 60_000)).encode("utf-8")
    pieces = [_text(rng, rng.randrange(0, 150)).encode(rng.choice(ENCODINGS), errors="replace")
              for _ in range(rng.choice([1, 1, 1, 2, 3]))]
    return b"".join(pieces)


def random_sidecar(rng: random.Random) -> bytes:
    if rng.random() < 0.1:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(0, 300)))
    return "".join(rng.choice(YAML_PIECES) if rng.random() < 0.7 else _text(rng, 2)
                   for _ in range(rng.randrange(0, 40))).encode("utf-8", errors="surrogatepass")
