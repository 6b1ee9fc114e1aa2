"""Amounts of money as French news writes them ("12 millions d'euros", "75 M€", "1,2 Md€").

Finding amounts by pattern is the one place characters are matched: multipliers and
currencies are data in ontology/lexicons/money.yaml.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from ..common import lexicon, words_pattern

__all__ = ["find_amounts", "Amount", "_number"]

_NUM = r"\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"

Amount = tuple[int, int, Decimal, str | None, bool]  # start, end, value, currency, has_unit


@lru_cache(maxsize=1)
def _amount_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = lexicon("money")
    mult = words_pattern(list(data["multipliers"]))
    cur = words_pattern(list(data["currencies"]))
    compact = words_pattern(list(data["compact_units"]))
    after = re.compile(
        rf"(?<![\d,.])(?P<num>{_NUM})(?:\s*(?P<compact>{compact})|\s*(?P<mult>{mult})\.?(?![\wÀ-ÿ]))?"
        rf"(?:\s*(?:d['’]\s*|de\s+)?(?P<cur>{cur})(?![\wÀ-ÿ]))?",
        re.IGNORECASE,
    )
    before = re.compile(
        rf"(?P<cur>[€$£])\s*(?P<num>{_NUM})(?:\s*(?P<mult>{mult})\.?(?![\wÀ-ÿ]))?", re.IGNORECASE
    )
    return after, before


def _number(text: str) -> Decimal:
    cleaned = re.sub(r"[ \u00a0\u202f.](?=\d{3}\b)", "", text).replace(",", ".")
    return Decimal(cleaned)


def find_amounts(text: str, start: int = 0, end: int | None = None) -> list[Amount]:
    """Amounts of money in text[start:end]: (start, end, value in units, currency, has a unit).

    A bare number (no multiplier, no currency) is returned with has_unit False:
    only the elliptic rule uses it, by carrying over the unit of the amount before.
    """
    data = lexicon("money")
    end = len(text) if end is None else end
    after, before = _amount_patterns()
    found: list[Amount] = []
    for match in before.finditer(text, start, end):
        value = _number(match["num"]) * data["multipliers"].get((match["mult"] or "").lower(), 1)
        found.append((match.start(), match.end(), value, data["currencies"][match["cur"]], True))
    for match in after.finditer(text, start, end):
        if any(s <= match.start() < e for s, e, *_ in found):
            continue
        value = _number(match["num"])
        currency = None
        if match["compact"]:
            factor, currency = data["compact_units"][match["compact"].lower()]
            value *= factor
        elif match["mult"]:
            value *= data["multipliers"][match["mult"].lower()]
        if match["cur"]:
            currency = data["currencies"][re.sub(r"\s+", " ", match["cur"].lower())]
        has_unit = bool(match["compact"] or match["mult"] or match["cur"])
        if has_unit and currency is None and not match["mult"]:
            continue
        found.append((match.start(), match.end(), value, currency, has_unit))
    return sorted(found)
