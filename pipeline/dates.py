"""French dates in news prose, normalized to the precision the text states.

"le 03/10/2012" is an xsd:date, "en septembre 2011" an xsd:gYearMonth, "fin
2011" or "début 2012" an xsd:gYear (the period word narrows nothing the XSD
types can hold), "le 24 janvier" takes its year from the article's date when
that is known and is otherwise an xsd:gMonthDay; a weekday ("a annoncé jeudi") is
the latest such day of the article's week when the article is dated to the day.
Relative words ("dernier",
"prochain", "l'an dernier") are resolved against the reference date only when
it is precise enough to decide; otherwise the year is left out. Precision is
never invented.

Each kind of expression is one small named pattern; `find_dates` runs them
all and keeps the longest non-overlapping matches. Month names come from
`ontology/lexicons/months.yaml`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import yaml

from .config import LEXICON_DIR
from .records import PartialDate

__all__ = ["parse_french_date", "find_dates", "month_number"]

_APOS = "['’]"
_YEAR = r"(1[89]\d\d|20\d\d|21\d\d)"
# What a 4-digit number must not be followed by to be read as a year ("2000 euros").
_NOT_AN_AMOUNT = r"(?!\s*(?:€|%|\$|euros?\b|dollars?\b|m€|md€|mds?\b|millions?\b|milliards?\b|\d))"


@lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    """Spelling (lower case) -> month number, from the months lexicon."""
    data = yaml.safe_load((LEXICON_DIR / "months.yaml").read_text(encoding="utf-8"))
    table: dict[str, int] = {}
    for number, spellings in data["months"].items():
        for spelling in spellings["names"] + spellings["abbreviations"]:
            table[str(spelling).lower()] = int(number)
    return table


@lru_cache(maxsize=1)
def _full_names() -> tuple[str, ...]:
    data = yaml.safe_load((LEXICON_DIR / "months.yaml").read_text(encoding="utf-8"))
    return tuple(str(name).lower() for spellings in data["months"].values() for name in spellings["names"])


def month_number(word: str) -> int | None:
    """1-12 for a French month name or abbreviation ("août", "aout", "sept."), else None."""
    return _months().get(word.lower().rstrip("."))


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _month_patterns() -> tuple[str, str]:
    """(any spelling incl. abbreviations, full names only) as regex alternations.

    Abbreviations ("sept", "oct") are only trusted next to a day or a year:
    alone, "sept" is the number seven.
    """
    return _alternation(list(_months())), _alternation(list(_full_names()))


@dataclass(frozen=True)
class _Rule:
    """One kind of date expression: a regex and how to turn its match into a date."""

    name: str
    pattern: re.Pattern[str]
    build: Callable[[re.Match[str], PartialDate | None], PartialDate | None]


def _valid(year: int | None, month: int | None, day: int | None) -> bool:
    if month is not None and not 1 <= month <= 12:
        return False
    if day is not None:
        limits = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        if month is None or not 1 <= day <= limits[month - 1]:
            return False
        if month == 2 and day == 29 and year is not None and not _leap(year):
            return False
    return True


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _date(year: int | None, month: int | None, day: int | None) -> PartialDate | None:
    return PartialDate(year, month, day) if _valid(year, month, day) else None


def _day(token: str) -> int:
    return 1 if token.lower() in {"1er", "premier"} else int(token)


def _year_for(month: int, day: int | None, relative: str | None, ref: PartialDate | None) -> int | None:
    """The year of a day/month stated without one, when the reference decides it.

    "dernier" is the latest such date not after the reference, "prochain" the
    first not before it; a bare date takes the reference year, or the year
    before when it would fall more than six months after the reference (a
    January article speaking of "le 23 décembre"). Without a reference month
    the relative words cannot be decided: None.
    """
    if ref is None or ref.year is None:
        return None
    if ref.month is None:
        return ref.year if relative is None else None
    if relative is None:
        return ref.year - 1 if month - ref.month > 6 else ref.year
    if relative == "dernier":
        if month != ref.month:
            return ref.year if month < ref.month else ref.year - 1
        if day is None:
            return ref.year - 1
        return None if ref.day is None else (ref.year if day <= ref.day else ref.year - 1)
    if month != ref.month:
        return ref.year if month > ref.month else ref.year + 1
    if day is None:
        return ref.year + 1
    return None if ref.day is None else (ref.year if day >= ref.day else ref.year + 1)


def _numeric(match: re.Match[str], _ref: PartialDate | None) -> PartialDate | None:
    day, month, year = int(match["d"]), int(match["m"]), match["y"]
    full_year = int(year) if len(year) == 4 else (2000 + int(year) if int(year) < 50 else 1900 + int(year))
    return _date(full_year, month, day)


def _iso(match: re.Match[str], _ref: PartialDate | None) -> PartialDate | None:
    return _date(int(match["y"]), int(match["m"]), int(match["d"]))


def _day_month(match: re.Match[str], ref: PartialDate | None) -> PartialDate | None:
    day, month = _day(match["d"]), month_number(match["mon"])
    if month is None:
        return None
    if match["y"]:
        return _date(int(match["y"]), month, day)
    relative = match["rel"].lower() if match["rel"] else None
    return _date(_year_for(month, day, relative, ref), month, day)


def _month_year(match: re.Match[str], _ref: PartialDate | None) -> PartialDate | None:
    month = month_number(match["mon"])
    return _date(int(match["y"]), month, None) if month else None


def _month_relative(match: re.Match[str], ref: PartialDate | None) -> PartialDate | None:
    month = month_number(match["mon"])
    if month is None:
        return None
    relative = match["rel"].lower() if match["rel"] else None
    return _date(_year_for(month, None, relative, ref), month, None)


_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def _weekday(match: re.Match[str], ref: PartialDate | None) -> PartialDate | None:
    """ "jeudi" in a news article: the latest such day not after the article's date
    ("dernier": strictly before it; "prochain": the first after it). Only an
    article dated to the day decides it."""
    if ref is None or ref.year is None or ref.month is None or ref.day is None:
        return None
    import datetime

    published = datetime.date(ref.year, ref.month, ref.day)
    wanted = _WEEKDAYS.index(match["wd"].lower())
    relative = (match["rel"] or "").lower()
    if relative.startswith("prochain"):
        shift = (wanted - published.weekday()) % 7 or 7
    else:
        shift = -((published.weekday() - wanted) % 7)
        if relative.startswith("dernier") and shift == 0:
            shift = -7
    day = published + datetime.timedelta(days=shift)
    return PartialDate(day.year, day.month, day.day)


def _year(match: re.Match[str], _ref: PartialDate | None) -> PartialDate | None:
    return _date(int(match["y"]), None, None)


def _relative_year(match: re.Match[str], ref: PartialDate | None) -> PartialDate | None:
    if ref is None or ref.year is None:
        return None
    word = match["rel"].lower()
    shift = (
        -1
        if word in {"dernier", "dernière", "derniere", "passé", "passée", "passe", "passee"}
        else (1 if word.startswith("prochain") else 0)
    )
    return _date(ref.year + shift, None, None)


@lru_cache(maxsize=1)
def _rules() -> tuple[_Rule, ...]:
    every, full = _month_patterns()
    flags = re.IGNORECASE
    period = (
        r"(?:(?:tout\s+)?(?:au\s+)?(?:début|debut|fin|mi-|courant|milieu|printemps|été|automne|hiver)"
        r"\s*(?:de\s+|d['’]\s*)?)"
    )
    return (
        _Rule(
            "numeric",
            re.compile(
                r"(?<![\d/.])(?P<d>\d{1,2})[/.](?P<m>\d{1,2})[/.](?P<y>\d{4}|\d{2})(?![\d/.]\d)", flags
            ),
            _numeric,
        ),
        _Rule(
            "iso",
            re.compile(rf"(?<!\d){_YEAR.replace('(', '(?P<y>', 1)}-(?P<m>\d\d)-(?P<d>\d\d)(?!\d)", flags),
            _iso,
        ),
        _Rule(
            "day-month",
            re.compile(
                rf"(?<![\d,])(?P<d>[0-3]?\d|1er|premier)\s+(?P<mon>{every})\.?"
                rf"(?:\s+(?P<y>{_YEAR[1:-1]})(?!\d)|\s+(?P<rel>dernier|prochain)\b)?(?![\wÀ-ÿ])",
                flags,
            ),
            _day_month,
        ),
        _Rule(
            "month-year",
            re.compile(
                rf"(?<![\wÀ-ÿ])(?:{period}|(?:au\s+)?mois\s+d{_APOS}\s*|(?:au\s+)?mois\s+de\s+)?(?P<mon>{every})\.?"
                rf"\s+(?P<y>{_YEAR[1:-1]})(?!\d)",
                flags,
            ),
            _month_year,
        ),
        _Rule(
            "month-relative",
            re.compile(
                rf"(?<![\wÀ-ÿ])(?:en|{period}|(?:au\s+|le\s+|du\s+)?mois\s+d{_APOS}\s*|(?:au\s+|le\s+|du\s+)?mois\s+de)"
                rf"\s*(?P<mon>{full})(?:\s+(?P<rel>dernier|prochain))?(?![\wÀ-ÿ])",
                flags,
            ),
            _month_relative,
        ),
        _Rule(
            "month-relative",
            re.compile(rf"(?<![\wÀ-ÿ])(?P<mon>{full})\s+(?P<rel>dernier|prochain)(?![\wÀ-ÿ])", flags),
            _month_relative,
        ),
        _Rule(
            "year",
            re.compile(
                rf"(?<![\wÀ-ÿ,./-]){period}?(?:l{_APOS}année\s+|l{_APOS}an\s+)?(?<![\d\s]\s)(?P<y>{_YEAR[1:-1]})"
                rf"(?![\w\d,./-]\d|\w|/){_NOT_AN_AMOUNT}",
                flags,
            ),
            _year,
        ),
        _Rule(
            "weekday",
            # not a habit ("le lundi", "chaque jeudi") nor the head of a full date ("jeudi 6 septembre")
            re.compile(
                rf"(?<![\wÀ-ÿ])(?<!le\s)(?<!chaque\s)(?P<wd>{'|'.join(_WEEKDAYS)})"
                r"(?:\s+(?P<rel>dernier|prochain))?(?![\wÀ-ÿ])(?!\s+(?:\d|1er|premier))",
                flags,
            ),
            _weekday,
        ),
        _Rule(
            "relative-year",
            re.compile(
                rf"(?<![\wÀ-ÿ])(?:l{_APOS}an|l{_APOS}année|cette)\s+(?P<rel>dernière|derniere|dernier|passée|passee|passé"
                rf"|passe|prochaine|prochain|année)(?![\wÀ-ÿ])",
                flags,
            ),
            _relative_year,
        ),
    )


def find_dates(text: str, reference: PartialDate | None = None) -> list[tuple[int, int, PartialDate]]:
    """Every date expression of `text` as (start, end, date), in text order.

    Overlapping readings keep the longest ("7 septembre 2012" over
    "septembre 2012"); an expression the reference cannot complete keeps
    the precision the words give (gMonthDay, gMonth).
    """
    found: list[tuple[int, int, PartialDate]] = []
    refused: list[tuple[int, int]] = []  # impossible dates ("31/02"): no shorter reading inside them
    for rule in _rules():
        for match in rule.pattern.finditer(text):
            date = rule.build(match, reference)
            if date is None:
                refused.append(match.span())
            elif date.year is not None or date.month is not None:
                found.append((match.start(), match.end(), date))
    found = [f for f in found if not any(s <= f[0] and f[1] <= e for s, e in refused)]
    found.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    kept: list[tuple[int, int, PartialDate]] = []
    for start, end, date in sorted(found, key=lambda item: (-(item[1] - item[0]), item[0])):
        if all(end <= s or start >= e for s, e, _ in kept):
            kept.append((start, end, date))
    return sorted(kept, key=lambda item: item[0])


def parse_french_date(text: str, reference: PartialDate | None = None) -> PartialDate | None:
    """The first date `text` states ("le 03/10/2012" -> 2012-10-03), or None."""
    dates = find_dates(text, reference)
    return dates[0][2] if dates else None
