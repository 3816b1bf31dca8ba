"""Record files (JSONL, CSV/TSV, Parquet) and Hugging Face datasets to units, one per record.

A record's fields are picked by the corpus field map (`corpus.fields`). A record without its text
field is a `missing_field` reject; a JSONL line that is not JSON is a `parse_error`; a file whose
columns do not include the mapped text field at all is one `missing_field` reject naming the
columns it has, so a wrong column map is visible at a glance.
"""
from __future__ import annotations

import csv
import io
import json
import math
from typing import Iterable, Iterator

from pipeline.ingest.rejects import RejectReason
from pipeline.ingest.units import ARTICLE_FIELDS, Unit, rejected
from pipeline.text.decode import decode_bytes


def _as_text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if hasattr(value, "isoformat"):  # dates and timestamps from Parquet or Arrow
        return value.isoformat()
    return str(value)


def map_record(row: dict, fields: dict, path: str, encoding: str = "") -> Unit:
    text_key = fields["text"]
    if text_key not in row or not _as_text(row[text_key]).strip():
        have = "missing" if text_key not in row else "empty"
        reason = RejectReason.MISSING_FIELD if text_key not in row else RejectReason.EMPTY
        return rejected(path, reason.value, f"text field {text_key!r} is {have}")
    mapped = {name: _as_text(row.get(fields.get(name))) if fields.get(name) else "" for name in ARTICLE_FIELDS}
    used = {fields.get(name) for name in ARTICLE_FIELDS}
    mapped["extra"] = {k: _as_text(v) for k, v in sorted(row.items()) if k not in used and not isinstance(v, (dict, list))}
    return Unit(path=path, fmt="record", record=mapped, encoding=encoding)


def _decoded_text(name: str, data: bytes, fallback: str) -> tuple[str | None, str, Unit | None]:
    if not data.strip():
        return None, "", rejected(name, RejectReason.EMPTY.value, "the file is empty or whitespace")
    decoded = decode_bytes(data, fallback)
    if decoded.text is None:
        return None, "", rejected(name, decoded.reason, decoded.detail)
    return decoded.text, decoded.encoding, None


def jsonl_units(name: str, data: bytes, fields: dict, fallback: str) -> list[Unit]:
    text, encoding, failure = _decoded_text(name, data, fallback)
    if failure:
        return [failure]
    units = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        path = f"{name}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            units.append(rejected(path, RejectReason.PARSE_ERROR.value, f"line {number} is not JSON: {err.msg} at column {err.colno}"))
            continue
        if not isinstance(row, dict):
            units.append(rejected(path, RejectReason.PARSE_ERROR.value, f"line {number} is JSON but not an object"))
            continue
        units.append(map_record(row, fields, path, encoding))
    return units or [rejected(name, RejectReason.EMPTY.value, "no records in the file")]


def _wrong_map(name: str, fields: dict, columns: Iterable[str]) -> Unit:
    return rejected(name, RejectReason.MISSING_FIELD.value,
                    f"the text field {fields['text']!r} (corpus.fields.text) is not a column; columns: {sorted(columns)}")


def csv_units(name: str, data: bytes, fields: dict, fallback: str, delimiter: str = ",") -> list[Unit]:
    import pandas as pd

    text, encoding, failure = _decoded_text(name, data, fallback)
    if failure:
        return [failure]
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, sep=delimiter,
                            on_bad_lines="error")
    except (pd.errors.ParserError, ValueError, csv.Error) as err:
        return [rejected(name, RejectReason.PARSE_ERROR.value, f"not a readable CSV: {str(err).splitlines()[0]}")]
    return frame_units(name, frame, fields, encoding, row_label="row")


def parquet_units(name: str, data: bytes, fields: dict) -> list[Unit]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(io.BytesIO(data))
    except (pa.ArrowException, OSError, ValueError) as err:
        return [rejected(name, RejectReason.PARSE_ERROR.value, f"not a readable Parquet file: {err}")]
    return frame_units(name, table.to_pandas(), fields, "parquet", row_label="row")


def frame_units(name: str, frame, fields: dict, encoding: str, row_label: str = "row") -> list[Unit]:
    if fields["text"] not in frame.columns:
        return [_wrong_map(name, fields, frame.columns)]
    if frame.empty:
        return [rejected(name, RejectReason.EMPTY.value, "no records in the file")]
    return list(rows_to_units(name, frame.to_dict("records"), fields, encoding, row_label))


def rows_to_units(name: str, rows: Iterable[dict], fields: dict, encoding: str, row_label: str) -> Iterator[Unit]:
    for number, row in enumerate(rows, start=1):
        yield map_record(row, fields, f"{name}:{row_label} {number}", encoding)
