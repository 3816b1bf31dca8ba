"""Record files (JSONL, CSV/TSV, Parquet) and Hugging Face datasets to units, one per record.

A record's fields are picked by the corpus field map (`corpus.fields`). A record without its text
field is a `missing_field` reject; a JSONL line that is not JSON and a CSV row that does not parse
(a field count other than the header's, broken quoting) are `parse_error` rejects naming the file
and the line, and the other records of the file are read; a file whose columns do not include the
mapped text field at all is one `missing_field` reject naming the columns it has, so a wrong
column map is visible at a glance.
"""
from __future__ import annotations

import csv
import io
import json
import math
import re
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


_LINE_END = re.compile(r"\r\n|\r|\n")


def jsonl_units(name: str, data: bytes, fields: dict, fallback: str) -> list[Unit]:
    text, encoding, failure = _decoded_text(name, data, fallback)
    if failure:
        return [failure]
    units = []
    # Line ends only: str.splitlines would also break at U+2028, U+0085 and form feeds, which JSON
    # strings may hold unescaped, and so cut one record in two (a raw CR or LF never is in a string).
    for number, line in enumerate(_LINE_END.split(text), start=1):
        if not line.strip():
            continue
        path = f"{name}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            units.append(rejected(path, RejectReason.PARSE_ERROR.value,
                                  f"{name} line {number} is not JSON: {err.msg} (column {err.colno})"))
            continue
        if not isinstance(row, dict):
            units.append(rejected(path, RejectReason.PARSE_ERROR.value, f"{name} line {number} is JSON but not an object"))
            continue
        units.append(map_record(row, fields, path, encoding))
    return units or [rejected(name, RejectReason.EMPTY.value, "no records in the file")]


def _wrong_map(name: str, fields: dict, columns: Iterable[str]) -> Unit:
    return rejected(name, RejectReason.MISSING_FIELD.value,
                    f"the text field {fields['text']!r} (corpus.fields.text) is not a column; columns: {sorted(columns)}")


def _csv_records(text: str, delimiter: str) -> Iterator[tuple[int, int, list[str] | None, str]]:
    """(first line, last line, fields or None, error) per record, blank lines left out.

    The stdlib reader, not pandas: it says on which line each record ends (`line_num`), so a bad
    row is reported where it is and the reading goes on after it. pandas' `on_bad_lines` callable
    gets the fields of a long row but not its position, and pads a short row silently.
    `strict=True` makes broken quoting (`"a"b`, a quote left open to the end of the file) an error.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    last = 0
    while True:
        try:
            fields, error = next(reader), ""
        except StopIteration:
            return
        except csv.Error as err:
            fields, error = None, str(err)
        first, last = last + 1, reader.line_num
        if fields is not None and len(fields) <= 1 and not "".join(fields).strip():
            continue  # a blank line holds no record (",," does: it is a row with empty fields)
        yield first, last, fields, error


def _lines(first: int, last: int) -> str:
    return f"line {last}" if first == last else f"lines {first}-{last}"


def csv_units(name: str, data: bytes, fields: dict, fallback: str, delimiter: str = ",") -> list[Unit]:
    """One unit per CSV row: good rows are records, a malformed row is one `parse_error` reject
    (path `file.csv:row N`, N counting the rows after the header, so good rows keep their number)."""
    text, encoding, failure = _decoded_text(name, data, fallback)
    if failure:
        return [failure]
    # Fields are bounded by ingest.max_file_mb (checked on the whole file before), not by the csv
    # module's default of 128 KiB per field, which a long article exceeds.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    records = _csv_records(text, delimiter)
    header = next(records, None)
    if header is None:
        return [rejected(name, RejectReason.EMPTY.value, "no records in the file")]
    first, last, columns, error = header
    if columns is None:
        return [rejected(name, RejectReason.PARSE_ERROR.value, f"{name} {_lines(first, last)}: the header row does not parse: {error}")]
    if fields["text"] not in columns:
        return [_wrong_map(name, fields, columns)]
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if repeated:  # which of two "text" columns is the article? Say so rather than pick one.
        return [rejected(name, RejectReason.PARSE_ERROR.value,
                         f"{name} {_lines(first, last)}: the header repeats the column(s) {repeated}")]
    units = []
    for number, (first, last, values, error) in enumerate(records, start=1):
        path = f"{name}:row {number}"
        where = f"{name} {_lines(first, last)} (row {number})"
        if values is None:
            units.append(rejected(path, RejectReason.PARSE_ERROR.value, f"{where}: {error}"))
        elif len(values) != len(columns):
            units.append(rejected(path, RejectReason.PARSE_ERROR.value,
                                  f"{where}: {len(values)} fields where the header has {len(columns)}"))
        else:
            units.append(map_record(dict(zip(columns, values)), fields, path, encoding))
    return units or [rejected(name, RejectReason.EMPTY.value, "no records in the file")]


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
