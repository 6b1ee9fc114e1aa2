"""French date normalization: the precision the words give, never more."""

from __future__ import annotations

import pytest

from pipeline.dates import find_dates, month_number, parse_french_date
from pipeline.records import PartialDate

REF = PartialDate(2013, 11, 20)


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("publié le 05/02/2014", None, "2014-02-05"),
        ("le 5.2.14 au soir", None, "2014-02-05"),
        ("mis à jour 2015-06-30", None, "2015-06-30"),
        ("le 1er avril 2010", None, "2010-04-01"),
        ("le premier juin 2011", None, "2011-06-01"),
        ("du 18 février 2009 au", None, "2009-02-18"),
        ("jeudi 14 juillet", None, "--07-14"),
        ("jeudi 14 juillet", REF, "2013-07-14"),
        ("le 2 janv. 2015", None, "2015-01-02"),
        ("en novembre 2010", None, "2010-11"),
        ("au mois d'avril 2016", None, "2016-04"),
        ("courant mars 2012", None, "2012-03"),
        ("fin 2009", None, "2009"),
        ("début 2015", None, "2015"),
        ("dès 2008", None, "2008"),
        ("en octobre", None, "--10"),
        ("en octobre", REF, "2013-10"),
        ("en mai dernier", REF, "2013-05"),
        ("en décembre dernier", REF, "2012-12"),
        ("en novembre dernier", REF, "2012-11"),
        ("le 3 décembre prochain", REF, "2013-12-03"),
        ("en février prochain", REF, "2014-02"),
        ("le 28 décembre", PartialDate(2014, 1, 10), "2013-12-28"),
        ("l'an dernier", REF, "2012"),
        ("l'année prochaine", REF, "2014"),
    ],
)
def test_parse_french_date(text: str, reference: PartialDate | None, expected: str) -> None:
    date = parse_french_date(text, reference)
    assert date is not None
    assert date.lexical == expected


@pytest.mark.parametrize(
    "text",
    [
        "pour 2000 euros",
        "les 1500 salariés du groupe",
        "sept ans plus tard",
        "Windows 365",
        "l'an dernier",
        "en mai dernier sans date de référence".replace("en mai", "le 3 mai"),
    ],
)
def test_no_date_is_invented(text: str) -> None:
    date = parse_french_date(text)
    # "le 3 mai dernier" without a reference keeps no year: a gMonthDay at most
    assert date is None or date.year is None


def test_relative_without_month_in_reference_keeps_no_year() -> None:
    assert parse_french_date("en juin dernier", PartialDate(2013)) == PartialDate(None, 6, None)


def test_find_dates_gives_offsets_and_prefers_longest() -> None:
    text = "Annoncé le 7 mars 2011, lancé fin 2012 et revu en juin."
    found = find_dates(text)
    assert [(text[s:e], d.lexical) for s, e, d in found] == [
        ("7 mars 2011", "2011-03-07"),
        ("fin 2012", "2012"),
        ("en juin", "--06"),
    ]


def test_invalid_calendar_dates_are_refused() -> None:
    assert parse_french_date("le 31/02/2012") is None
    assert parse_french_date("le 29 février 2011") is None
    assert parse_french_date("le 29 février 2012") == PartialDate(2012, 2, 29)


def test_month_spellings() -> None:
    assert month_number("Août") == month_number("aout") == 8
    assert month_number("sept.") == 9
    assert month_number("lundi") is None


def test_a_weekday_is_the_latest_such_day_of_the_article_week() -> None:
    published = PartialDate(2012, 9, 13)  # a Thursday
    assert [d for _, _, d in find_dates("ont lancé mercredi la coentreprise", published)] == [PartialDate(2012, 9, 12)]
    assert [d for _, _, d in find_dates("a été lancé jeudi.", published)] == [PartialDate(2012, 9, 13)]
    assert [d for _, _, d in find_dates("lundi prochain", published)] == [PartialDate(2012, 9, 17)]
    assert find_dates("le lundi, il travaille", published) == []  # a habit
    assert find_dates("a été lancé jeudi.", PartialDate(2012, 9)) == []  # the article's day unknown
