"""Date resolution rules (:mod:`digests.extract.dates`): pure functions, no spaCy needed."""
from __future__ import annotations

from datetime import date

import pytest

from digests.extract.dates import ResolvedDate, parse_anchor, parse_expression, resolve_date

WED = date(2023, 3, 15)  # a Wednesday
JAN = date(2024, 1, 3)  # early January (a Wednesday)
DEC = date(2022, 12, 28)  # late December (a Wednesday)


@pytest.mark.parametrize(
    ("text", "published", "tense", "expected"),
    [
        # absolute dates: the year the text gives wins; otherwise the publication year
        ("April 2", WED, None, ("2023-04-02", "day")),
        ("on April 2", WED, "past", ("2022-04-02", "day")),  # past tense: not 2 weeks ahead
        ("March 9", WED, "past", ("2023-03-09", "day")),
        ("March 20", WED, "past", ("2023-03-20", "day")),  # within the estimate grace
        ("9 March", WED, None, ("2023-03-09", "day")),
        ("the 9th of March", WED, None, ("2023-03-09", "day")),
        ("Aug. 4", WED, "past", ("2022-08-04", "day")),
        ("Sept 30", WED, "future", ("2023-09-30", "day")),
        ("October 11, 2019", WED, None, ("2019-10-11", "day")),
        ("Monday, October 14, 2019", WED, None, ("2019-10-14", "day")),
        ("11 October 2019", WED, "future", ("2019-10-11", "day")),
        ("2021-05-07", None, None, ("2021-05-07", "day")),
        ("December 30", JAN, None, ("2023-12-30", "day")),  # well after publication
        ("December 30", JAN, "past", ("2023-12-30", "day")),
        ("January 5", DEC, None, ("2023-01-05", "day")),  # a week ahead, not a year back
        ("January 20", DEC, "past", ("2022-01-20", "day")),
        ("January 5", DEC, "past", ("2023-01-05", "day")),  # within the estimate grace
        ("February 29", date(2024, 3, 10), "past", ("2024-02-29", "day")),
        ("May 3-4", WED, "past", ("2022-05-03", "day")),
        # month and year, year alone
        ("September 2017", WED, None, ("2017-09", "month")),
        ("in Sept. 2017", None, None, ("2017-09", "month")),
        ("early June 2016", WED, None, ("2016-06", "month")),
        ("the end of April 2010", None, None, ("2010-04", "month")),
        ("2014", WED, None, ("2014", "year")),
        ("in 2031", None, None, ("2031", "year")),
        ("the spring of 2012", WED, None, ("2012", "year")),
        ("since 2009", WED, None, ("2009", "year")),
        # a month alone: tense decides which one
        ("November", WED, "future", ("2023-11", "month")),
        ("November", WED, "past", ("2022-11", "month")),
        ("November", WED, None, ("2022-11", "month")),  # 4 months back beats 8 ahead
        ("before November", JAN, None, ("2024-11", "month")),  # a bound looks ahead
        ("in July", WED, None, ("2023-07", "month")),
        ("March", WED, "past", ("2023-03", "month")),  # the publication month itself
        ("March", WED, "future", ("2023-03", "month")),
        ("last November", date(2023, 11, 20), None, ("2022-11", "month")),
        ("next March", WED, None, ("2024-03", "month")),
        ("early May", WED, "future", ("2023-05", "month")),
        ("mid-January", WED, "past", ("2023-01", "month")),
        ("the end of June", WED, "future", ("2023-06", "month")),
        ("late last month", WED, None, ("2023-02", "month")),
        # weekdays: past or unknown -> latest on or before; future -> next strictly after
        ("Monday", WED, None, ("2023-03-13", "day")),
        ("on Monday", WED, "past", ("2023-03-13", "day")),
        ("Wednesday", WED, "past", ("2023-03-15", "day")),  # the publication day itself
        ("Thursday", WED, "past", ("2023-03-09", "day")),
        ("Thursday", WED, "future", ("2023-03-16", "day")),
        ("Wednesday", WED, "future", ("2023-03-15", "day")),  # "later on Wednesday"
        ("next Wednesday", WED, "future", ("2023-03-22", "day")),
        ("last Wednesday", WED, None, ("2023-03-08", "day")),
        ("next Monday", WED, "past", ("2023-03-20", "day")),
        ("Tuesday night", WED, None, ("2023-03-14", "day")),
        ("Friday's", WED, None, ("2023-03-10", "day")),
        ("until Saturday", WED, None, ("2023-03-18", "day")),
        ("until Monday", WED, None, ("2023-03-20", "day")),
        ("Tues.", WED, "past", ("2023-03-14", "day")),
        ("the weekend", date(2023, 3, 1), "past", ("2023-02", "month")),  # Feb 25-26
        ("last weekend", WED, None, ("2023-03", "month")),
        ("this weekend", date(2023, 3, 30), "future", ("2023-04", "month")),
        ("next weekend", date(2023, 3, 18), None, ("2023-03", "month")),
        # relative to publication
        ("yesterday", WED, None, ("2023-03-14", "day")),
        ("late yesterday", WED, None, ("2023-03-14", "day")),
        ("last night", WED, None, ("2023-03-14", "day")),
        ("today", WED, None, ("2023-03-15", "day")),
        ("this morning", WED, None, ("2023-03-15", "day")),
        ("tomorrow", WED, None, ("2023-03-16", "day")),
        ("last month", WED, None, ("2023-02", "month")),
        ("last month", JAN, None, ("2023-12", "month")),
        ("earlier this month", WED, None, ("2023-03", "month")),
        ("later this month", WED, None, ("2023-03", "month")),
        ("next month", DEC, None, ("2023-01", "month")),
        ("last year", WED, None, ("2022", "year")),
        ("earlier this year", WED, None, ("2023", "year")),
        ("next year", WED, None, ("2024", "year")),
        ("last week", WED, None, ("2023-03", "month")),
        ("last week", date(2023, 4, 3), None, ("2023-03", "month")),
        ("this week", WED, None, ("2023-03", "month")),
        ("over the last week", JAN, None, ("2024-01", "month")),
        ("the past month", WED, None, ("2023-03", "month")),
        ("three days ago", WED, None, ("2023-03-12", "day")),
        ("two weeks ago", WED, None, ("2023-03", "month")),
        ("six months ago", WED, None, ("2022-09", "month")),
        ("a year ago", WED, None, ("2022", "year")),
    ],
)
def test_resolve_with_publication_date(text, published, tense, expected):
    assert resolve_date(text, published=published, tense=tense) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # without a publication date only what the text fixes is kept
        ("June 3", ("--06-03", "day")),
        ("3rd June", ("--06-03", "day")),
        ("September 2017", ("2017-09", "month")),
        ("2014", ("2014", "year")),
        ("March 8, 2020", ("2020-03-08", "day")),
        ("Monday", (None, "none")),
        ("last month", (None, "none")),
        ("next year", (None, "none")),
        ("November", (None, "none")),
        ("yesterday", (None, "none")),
        ("two weeks ago", (None, "none")),
    ],
)
def test_resolve_without_publication_date(text, expected):
    assert resolve_date(text, published=None) == expected


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("the day after", "2021-08-09", ("2021-08-10", "day")),
        ("The next day", "2021-08-31", ("2021-09-01", "day")),
        ("the following day", "2020-12-31", ("2021-01-01", "day")),
        ("the day before", "2021-03-01", ("2021-02-28", "day")),
        ("a day earlier", "2021-08-09", ("2021-08-08", "day")),
        ("two days later", "2021-08-09", ("2021-08-11", "day")),
        ("three days earlier", "2021-08-09", ("2021-08-06", "day")),
        ("that same day", "2021-08-09", ("2021-08-09", "day")),
        ("just days earlier", "2021-08-09", ("2021-08", "month")),
        ("Days later", "2021-08-09", ("2021-08", "month")),
        ("a week later", "2021-08-09", ("2021-08", "month")),
        ("the following month", "2021-12", ("2022-01", "month")),
        ("the following year", "2018-09", ("2019", "year")),
        ("a year later", "2018", ("2019", "year")),
        ("later that day", "2021-08-09", ("2021-08-09", "day")),
        ("that night", "2021-08-09", ("2021-08-09", "day")),
        ("that same month", "2021-08-09", ("2021-08", "month")),
        ("later that year", "2021-08", ("2021", "year")),
        # the anchor must be precise enough, and present
        ("the day after", "2021-08", (None, "none")),
        ("the day after", None, (None, "none")),
        ("two days later", "--08-09", ("--08-11", "day")),  # year unknown, days still move
        ("the day after", "--12-31", ("--01-01", "day")),
        ("the day after", "--02-28", ("--02-29", "day")),
        ("days later", "--08-09", (None, "none")),  # no month without a year to write
        ("a year later", "--08-09", (None, "none")),
        ("weeks later", "2021-08-09", (None, "none")),
    ],
)
def test_resolve_anchored(text, anchor, expected):
    assert resolve_date(text, published=WED, anchor=anchor) == expected


@pytest.mark.parametrize(
    "text",
    [
        "for 4 years",
        "over 4 years",
        "4 years",
        "two decades",
        "the past 24 hours",
        "several months",
        "a year",
        "45-year-old",
        "in his 40's",
        "her 30s",
        "the 1990s",
        "now",
        "each day",
        "every year",
        "recent years",
        "annual",
        "the day",
        "months",
        "the summer",
        "may",  # the modal verb
        "march",  # the verb
        "",
        "   ",
        "the future",
    ],
)
def test_not_a_point_in_time(text):
    assert parse_expression(text) is None
    assert resolve_date(text, published=WED) == ResolvedDate(None, "none")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in 9 years last October", ("2022-10", "month")),  # duration next to a date
        ("for two weeks in May 2019", ("2019-05", "month")),
        ("May", ("2023-05", "month")),  # capitalised: the month
        ("May 2", ("2023-05-02", "day")),
    ],
)
def test_duration_or_modal_next_to_a_date(text, expected):
    assert resolve_date(text, published=WED) == expected


@pytest.mark.parametrize(
    ("text", "invalid"),
    [("February 30", True), ("April 31, 2020", True), ("June 31", True), ("June 30", False)],
)
def test_impossible_days_are_rejected(text, invalid):
    assert (resolve_date(text, published=WED).date is None) is invalid


@pytest.mark.parametrize(
    ("anchor", "expected"),
    [
        ("2021-08-09", (2021, 8, date(2021, 8, 9))),
        ("2021-08", (2021, 8, None)),
        ("2021", (2021, None, None)),
        ("--08-09", None),
        (None, None),
        ("soon", None),
    ],
)
def test_parse_anchor(anchor, expected):
    assert parse_anchor(anchor) == expected


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        ("since October", None, ("2022-10", "month")),  # "since" points back
        ("since October", "future", ("2023-10", "month")),  # the clause's tense wins
        ("until October", None, ("2023-10", "month")),  # looking ahead
        ("until Feb. 2", None, ("2024-02-02", "day")),
        ("until March 2", "past", ("2023-03-02", "day")),  # "remained shut until": nearest
        ("until Feb. 2", "past", ("2023-02-02", "day")),
        ("until March 28", "past", ("2023-03-28", "day")),  # "adjourned until": nearest
        ("until Saturday", "past", ("2023-03-18", "day")),
        ("until Monday", "past", ("2023-03-13", "day")),
        ("before June", "past", ("2023-06", "month")),  # "signed it before June"
        ("before June", None, ("2023-06", "month")),
        ("by Friday", "future", ("2023-03-17", "day")),
        ("by November", "past", ("2022-11", "month")),  # nearest: 4 months back
    ],
)
def test_since_and_bounds(text, tense, expected):
    assert resolve_date(text, published=WED, tense=tense) == expected


@pytest.mark.parametrize(
    ("text", "published", "tense", "anchor", "expected"),
    [
        # February 29 takes the nearest leap year that fits the tense
        ("February 29", date(2022, 5, 11), "past", None, ("2020-02-29", "day")),
        ("February 29", date(2026, 1, 5), None, None, ("2024-02-29", "day")),
        ("February 29", date(2026, 1, 5), "future", None, ("2028-02-29", "day")),
        ("February 29", date(2023, 5, 11), "past", None, ("2020-02-29", "day")),
        # arithmetic beyond four-digit years resolves to nothing instead of failing
        ("1000000 days ago", WED, None, None, (None, "none")),
        ("3000 years ago", WED, None, None, (None, "none")),
        ("9000 months ago", WED, None, None, ("1273-03", "month")),
        ("3000000 days later", None, None, "2020-06-16", (None, "none")),
        ("600000 weeks later", None, None, "2020-06-16", (None, "none")),
        ("9000 years later", None, None, "2020", (None, "none")),
        ("99999999999999 days later", None, None, "2020-06-16", (None, "none")),
        ("300 years ago", WED, None, None, ("1723", "year")),
    ],
)
def test_extreme_arithmetic(text, published, tense, anchor, expected):
    assert resolve_date(text, published=published, tense=tense, anchor=anchor) == expected


@pytest.mark.parametrize(
    ("text", "published", "tense", "expected"),
    [
        # "ahead": the occurrence nearest publication, a tie going forward
        ("April", date(2020, 10, 14), "ahead", ("2021-04", "month")),  # six months either way
        ("April", date(2020, 10, 14), None, ("2020-04", "month")),  # the same tie, no lean: back
        ("April", date(2020, 10, 14), "past", ("2020-04", "month")),
        ("April", date(2020, 12, 1), "ahead", ("2021-04", "month")),
        ("April", date(2020, 6, 2), "ahead", ("2020-04", "month")),  # two months back is nearer
        ("Oct. 12", date(2022, 9, 20), "ahead", ("2022-10-12", "day")),
        ("Oct. 12", date(2022, 9, 20), None, ("2022-10-12", "day")),
        ("Oct. 12", date(2022, 9, 20), "past", ("2021-10-12", "day")),
        ("Jan. 23", date(2022, 10, 5), None, ("2023-01-23", "day")),  # nearest: ahead
        ("Jan. 23", date(2022, 10, 5), "past", ("2022-01-23", "day")),
        ("Jan. 23", date(2022, 10, 5), "future", ("2023-01-23", "day")),
        # "next April": the first April strictly after the publication month
        ("next April", date(2020, 9, 3), None, ("2021-04", "month")),
        ("next April", date(2020, 9, 3), "past", ("2021-04", "month")),
        ("next April", date(2022, 2, 10), None, ("2022-04", "month")),
        ("next April", date(2022, 4, 20), None, ("2023-04", "month")),
        ("the next April", date(2022, 4, 20), None, ("2023-04", "month")),
        ("last April", date(2020, 9, 3), "future", ("2020-04", "month")),
        ("the previous April", date(2020, 9, 3), "future", ("2020-04", "month")),
    ],
)
def test_nearest_with_a_forward_lean(text, published, tense, expected):
    assert resolve_date(text, published=published, tense=tense) == expected


JUNE = date(2025, 6, 18)


@pytest.mark.parametrize(
    ("text", "tense", "anchor", "expected"),
    [
        # parts of a period named by its unit
        ("before the end of the month", None, None, ("2025-06", "month")),
        ("the end of the month", "future", None, ("2025-06", "month")),
        ("at the end of this month", None, None, ("2025-06", "month")),
        ("by the close of next month", None, None, ("2025-07", "month")),
        ("the start of last month", None, None, ("2025-05", "month")),
        ("before the end of the year", None, None, ("2025-12", "month")),
        ("the beginning of the year", None, None, ("2025-01", "month")),
        ("the start of next year", None, None, ("2026-01", "month")),
        ("the end of last year", None, None, ("2024-12", "month")),
        ("the middle of the year", None, None, ("2025", "year")),
        ("the second half of next year", None, None, ("2026", "year")),
        ("the end of the week", None, None, ("2025-06", "month")),
        ("the end of next week", None, None, ("2025-06", "month")),
        # a past clause: a bare "the month" is the month of the date just named
        ("by the end of the month", "past", "2023-03-03", ("2023-03", "month")),
        ("the end of the year", "past", "2019-05", ("2019-12", "month")),
        ("the end of the month", "past", "2019", ("2025-06", "month")),  # no month to follow
        ("the end of this month", "past", "2023-03-03", ("2025-06", "month")),  # "this": now
        ("the end of the month", None, "2023-03-03", ("2025-06", "month")),  # not past: now
    ],
)
def test_parts_of_a_named_period(text, tense, anchor, expected):
    assert resolve_date(text, published=JUNE, tense=tense, anchor=anchor) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the end of the month", (None, "none")),  # nothing to count from
        ("the end of the year", (None, "none")),
        ("the end of the year 2019", ("2019", "year")),  # the year the text gives
        ("the end of 2019", ("2019", "year")),
        ("the end of June 2019", ("2019-06", "month")),
    ],
)
def test_parts_of_a_period_without_publication_date(text, expected):
    assert resolve_date(text, published=None) == expected


@pytest.mark.parametrize("text", ["the month", "the year", "the end", "the end of it",
                                  "the end of the day", "the end of an era"])
def test_bare_periods_are_not_points_in_time(text):
    assert resolve_date(text, published=JUNE) == ResolvedDate(None, "none")
