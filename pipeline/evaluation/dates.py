"""Article dates as researchers' corpora hold them: one format per source, several per corpus."""
from __future__ import annotations

import re
from datetime import datetime

import pandas as pd
from dateutil import parser as date_parser

# A value is a date only when it names the year, month and day: parsed against two different
# defaults it must give the same day. Otherwise the parser fills the gaps from its default (today,
# for "10:30" or "now"), and a run's output would depend on the day it ran.
_DEFAULTS = (datetime(1901, 1, 1), datetime(1904, 2, 2))
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}([T ]|$)")  # the common case, complete by its form: parsed directly


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def parse_date(value) -> pd.Timestamp:
    """One value to a timestamp, or NaT when it holds no complete date."""
    if _missing(value):
        return pd.NaT
    text = str(value).strip()
    try:
        if _ISO_DAY.match(text):
            first = pd.Timestamp(text).to_pydatetime()
        else:
            first, second = (date_parser.parse(text, default=d) for d in _DEFAULTS)
            if first.date() != second.date():
                return pd.NaT
    except (ValueError, OverflowError):
        return pd.NaT
    # The wall-clock time as written, its UTC offset dropped rather than applied: a story published
    # at 01:00 on 1 November in Kabul belongs to November, not to 31 October in UTC.
    return pd.Timestamp(first.replace(tzinfo=None))


def parse_dates(values: pd.Series) -> pd.Series:
    """Each value parsed on its own, so '2020-09-14', '2020-10-02T08:30:00Z' and '12 September 2020'
    in one column are all dates (pandas' to_datetime takes one format from the first value and
    would make the others NaT). NaT where no date can be read. Each distinct value is parsed once."""
    def key(value):  # NaN is not equal to itself, so it cannot be a key: every missing value is None
        return None if _missing(value) else value

    parsed = {key(v): parse_date(v) for v in values}
    return pd.Series([parsed[key(v)] for v in values], index=values.index, dtype="datetime64[us]")
