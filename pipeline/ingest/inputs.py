"""Raw corpus files to units (the inputs that are accounted for one by one), by corpus kind."""
from __future__ import annotations

from pathlib import PurePosixPath

from omegaconf import DictConfig, OmegaConf

from pipeline.ingest import formats
from pipeline.ingest.records import csv_units, jsonl_units, parquet_units
from pipeline.ingest.rejects import RejectReason
from pipeline.ingest.text_dir import SKIPPED_KEY, CorpusError, parse_skipped_listing
from pipeline.ingest.units import Unit, left_out_by_limit, natural_key, rejected, within_limit


def field_map(corpus: DictConfig) -> dict:
    """Article field -> record key; corpora without a field map (text_dir, html_dir) get the defaults."""
    fields = OmegaConf.to_container(corpus.fields, resolve=True) if "fields" in corpus else {}
    return {"text": "text", **fields}


def file_units(name: str, data: bytes, fmt: str | None, corpus: DictConfig, max_bytes: int) -> list[Unit]:
    if fmt is None:
        ext = PurePosixPath(name).suffix or "(none)"
        return [rejected(name, RejectReason.UNSUPPORTED.value, f"no reader for the extension {ext}")]
    if fmt in (formats.TEXT, formats.HTML):
        return [Unit(path=name, fmt=fmt, data=data)]
    if len(data) > max_bytes:  # a record file over the limit is refused whole, before parsing
        return [rejected(name, RejectReason.TOO_LARGE.value, f"{len(data) / 1e6:.1f} MB over the limit of {max_bytes / 1e6:.1f} MB")]
    fields = field_map(corpus)
    fallback = corpus.fallback_encoding
    if fmt == formats.JSONL:
        return jsonl_units(name, data, fields, fallback)
    if fmt in (formats.CSV, formats.TSV):
        delimiter = "\t" if fmt == formats.TSV else corpus.get("csv_delimiter", ",")
        if len(delimiter) != 1:  # the csv module reads one-character delimiters only
            raise CorpusError(f"corpus.csv_delimiter={delimiter!r}: give one character, such as ',' ';' or '|'")
        return csv_units(name, data, fields, fallback, delimiter)
    return parquet_units(name, data, fields)


def skipped_units(raw: dict[str, bytes]) -> list[Unit]:
    """One reject per file or folder the reader listed but did not read (see text_dir.py)."""
    if SKIPPED_KEY not in raw:
        return []
    return [rejected(s.path, s.reason, s.detail) for s in parse_skipped_listing(raw[SKIPPED_KEY])]


def _read_units(raw: dict[str, bytes], corpus: DictConfig, max_bytes: int) -> list[Unit]:
    kind = corpus.kind
    if kind == "hf_disk":
        from pipeline.ingest.hf import hf_disk_units

        return hf_disk_units(raw, field_map(corpus), corpus.split, corpus.max_articles)
    if kind == "hf_files":
        from pipeline.ingest.hf import hf_files_units

        return hf_files_units(raw, corpus.format, field_map(corpus), corpus.max_articles)
    # text_dir and html_dir are cut to corpus.max_articles files when listed (text_dir.read_files).
    limit = int(corpus.max_articles) if corpus.max_articles and kind not in ("text_dir", "html_dir") else None
    units: list[Unit] = []
    for name in sorted(raw, key=natural_key):
        if limit is not None and len(units) >= limit:
            units.append(left_out_by_limit(name, "the file was not parsed", limit))
            continue
        read = file_units(name, raw[name], formats.format_for(kind, name), corpus, max_bytes)
        units.extend(read if limit is None else within_limit(name, read, limit - len(units), limit))
    return units


def corpus_units(raw: dict[str, bytes], corpus: DictConfig, max_bytes: int) -> list[Unit]:
    """Every input: the units of the files read, then the skipped entries (never cut by max_articles)."""
    files = {name: data for name, data in raw.items() if name != SKIPPED_KEY}
    return _read_units(files, corpus, max_bytes) + skipped_units(raw)
