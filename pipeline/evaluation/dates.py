"""Article dates as researchers' corpora hold them: one format per source, several per corpus."""
from __future__ import annotations

import pandas as pd


def _one_date(value) -> pd.Timestamp:
    if value is None or pd.isna(value) or not str(value).strip():
        return pd.NaT
    try:
        stamp = pd.Timestamp(str(value).strip())
    except (ValueError, OverflowError):
        return pd.NaT
    if stamp.year < 1900:  # a date written without its year ("1 Nov") parses to year 1: not a usable date
        return pd.NaT
    # The wall-clock time as written, its UTC offset dropped rather than applied: a story published
    # at 01:00 on 1 November in Kabul belongs to November, not to 31 October in UTC.
    return stamp.tz_localize(None) if stamp.tzinfo is not None else stamp


def parse_dates(values: pd.Series) -> pd.Series:
    """Each value parsed on its own, so '2020-09-14', '2020-10-02T08:30:00Z' and '12 September 2020'
    in one column are all dates (pandas' to_datetime takes one format from the first value and
    would make the others NaT). NaT where no date can be read."""
    return pd.Series([_one_date(v) for v in values], index=values.index, dtype="datetime64[us]")
