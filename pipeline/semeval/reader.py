"""Read the SemEval-2016 Task 6 files as distributed, bytes in, a table of tweets out.

Two layouts exist in the wild, both accepted:
- the task's own files: tab-separated `ID<TAB>Target<TAB>Tweet<TAB>Stance` with a header line,
  CRLF line ends, the training file not UTF-8 (read as latin-1, which never fails and keeps every
  byte as one character, so a tweet's text is what the organisers' scripts saw);
- the later `StanceDataset/{train,test}.csv`: comma-separated with quotes, columns
  `Tweet,Target,Stance,Opinion Towards,Sentiment`, CR-only line ends.
A row that cannot be read (wrong number of fields, unknown stance label, empty tweet) becomes a
reject with its reason, never a silent drop.
"""
from __future__ import annotations

import csv
import io

import pandas as pd

STANCES = ("FAVOR", "AGAINST", "NONE")
TARGETS = (
    "Atheism",
    "Climate Change is a Real Concern",
    "Feminist Movement",
    "Hillary Clinton",
    "Legalization of Abortion",
)
TWEET_COLUMNS = ["tweet_id", "split", "target", "text", "stance"]
REJECT_COLUMNS = ["path", "reason", "detail"]
TAB_HEADER = ["ID", "Target", "Tweet", "Stance"]


class SemEvalFormatError(ValueError):
    """A whole file is unusable (as opposed to one bad row, which is a reject)."""


def _lines(text: str) -> list[str]:
    # CRLF, CR-only and LF files all occur; splitlines() handles the three alike.
    return [line for line in text.splitlines() if line.strip()]


def _parse_tab(text: str, path: str, split: str):
    lines = _lines(text)
    rows, rejects = [], []
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        if len(fields) != 4:
            rejects.append((path, "bad_row", f"line {number}: {len(fields)} tab-separated fields, expected 4"))
            continue
        tweet_id, target, tweet, stance = (f.strip() for f in fields)
        rows.append((f"{split}-{tweet_id}", split, target, tweet, stance))
    return rows, rejects


def _parse_csv(text: str, path: str, split: str):
    reader = csv.reader(io.StringIO(text.replace("\r\n", "\n").replace("\r", "\n")))
    header = next(reader, None)
    if not header or header[:3] != ["Tweet", "Target", "Stance"]:
        raise SemEvalFormatError(f"{path}: a StanceDataset CSV starts with Tweet,Target,Stance; found {header}")
    rows, rejects = [], []
    for number, fields in enumerate(reader, start=1):
        if not fields:
            continue
        if len(fields) < 3:
            rejects.append((path, "bad_row", f"row {number}: {len(fields)} fields, expected at least 3"))
            continue
        tweet, target, stance = (f.strip() for f in fields[:3])
        rows.append((f"{split}-{number:05d}", split, target, tweet, stance))
    return rows, rejects


def parse_file(data: bytes, path: str, split: str, encoding: str = "latin-1"):
    """Return (tweets, rejects) for one file; the layout is told by its first line."""
    text = data.decode(encoding)
    first = text.splitlines()[0].split("\t") if text.strip() else []
    if [f.strip() for f in first] == TAB_HEADER:
        rows, rejects = _parse_tab(text, path, split)
    elif text.startswith("Tweet,"):
        rows, rejects = _parse_csv(text, path, split)
    else:
        raise SemEvalFormatError(
            f"{path}: not a SemEval-2016 Task 6 file (expected a header 'ID<TAB>Target<TAB>Tweet<TAB>Stance' "
            f"or 'Tweet,Target,Stance,...'); first line: {text[:80]!r}"
        )
    tweets = pd.DataFrame(rows, columns=TWEET_COLUMNS)
    bad_label = ~tweets["stance"].isin(STANCES)
    empty = tweets["text"].str.strip() == ""
    for row in tweets[bad_label | empty].itertuples():
        reason = "empty" if row.text.strip() == "" else "bad_label"
        rejects.append((path, reason, f"{row.tweet_id}: stance {row.stance!r}" if reason == "bad_label" else row.tweet_id))
    tweets = tweets[~(bad_label | empty)].reset_index(drop=True)
    return tweets, pd.DataFrame(rejects, columns=REJECT_COLUMNS)


def read_splits(files: dict[str, bytes], encoding: str = "latin-1", targets=TARGETS):
    """files: {"train/<name>": bytes, "test/<name>": bytes} -> (tweets, rejects).

    Tweets of a target outside `targets` (subtask B's Donald Trump in StanceDataset/test.csv)
    are rejects with reason `other_target`: subtask A is scored on its five targets only.
    """
    tables, rejects = [], []
    for key in sorted(files):
        split, _, name = key.partition("/")
        tweets, bad = parse_file(files[key], name, split, encoding)
        other = ~tweets["target"].isin(list(targets))
        for row in tweets[other].itertuples():
            bad.loc[len(bad)] = (name, "other_target", f"{row.tweet_id}: target {row.target!r}")
        tables.append(tweets[~other])
        rejects.append(bad)
    tweets = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=TWEET_COLUMNS)
    for split in ("train", "test"):
        if not (tweets["split"] == split).any():
            raise SemEvalFormatError(f"no usable {split} tweet in {sorted(files)}")
    return tweets, pd.concat(rejects, ignore_index=True)
