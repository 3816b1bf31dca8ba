"""Article dates as researchers' corpora hold them: one format per source, several per corpus."""
from __future__ import annotations

import re

import pandas as pd

# A date must say its year: without one the parser fills in today ("10:30", "now") or year 1
# ("1 Nov"), and a run's output would depend on the day it ran.
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2\d\d\d)(?!\d)")


def parse_date(value) -> pd.Timestamp:
    """One value to a timestamp, or NaT when it holds no usable date."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return pd.NaT
    text = str(value).strip()
    if not _YEAR.search(text):
        return pd.NaT
    try:
        stamp = pd.Timestamp(text)
    except (ValueError, OverflowError):
        return pd.NaT
    if pd.isna(stamp):
        return pd.NaT
    # The wall-clock time as written, its UTC offset dropped rather than applied: a story published
    # at 01:00 on 1 November in Kabul belongs to November, not to 31 October in UTC.
    return stamp.tz_localize(None) if stamp.tzinfo is not None else stamp


def parse_dates(values: pd.Series) -> pd.Series:
    """Each value parsed on its own, so '2020-09-14', '2020-10-02T08:30:00Z' and '12 September 2020'
    in one column are all dates (pandas' to_datetime takes one format from the first value and
    would make the others NaT). NaT where no date can be read. Each distinct value is parsed once."""
    parsed = {v: parse_date(v) for v in pd.unique(values)}
    return pd.Series([parsed[v] for v in values], index=values.index, dtype="datetime64[us]")
