"""Hugging Face datasets as a corpus: `load_from_disk` and `load_dataset(format, data_files=...)`.

The stage receives the dataset's files as bytes (they were hashed for the cache key), so it writes
them to a private temporary folder and lets `datasets` read them from there: the stage then reads
exactly what was hashed, and the library's own loaders handle Arrow shards, splits and formats.
Its cache goes into the same temporary folder, so nothing lands in ~/.cache.

Data files (`hf_files`) are loaded one `load_dataset` call per file: read together, one file the
builder cannot parse fails them all, and the error does not always say which. One call per file
costs about 20 ms and makes a bad file one reject while the others are read; the files need not
share a schema either, since their rows become units, not one concatenated table.
"""
from __future__ import annotations

import logging
import tempfile
from contextlib import contextmanager
from pathlib import Path

from pipeline.ingest.records import rows_to_units
from pipeline.ingest.rejects import RejectReason
from pipeline.ingest.text_dir import CorpusError
from pipeline.ingest.units import Unit, left_out_by_limit, natural_key, rejected

log = logging.getLogger(__name__)


def _materialise(raw: dict[str, bytes], folder: Path) -> None:
    for rel, data in raw.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _row_units(dataset, name: str, fields: dict, budget: int | None, limit: int | None) -> list[Unit]:
    """The rows as units (`name:row N`); past `budget` rows, one reject for the rest, which are not converted."""
    kept = dataset if budget is None else dataset.select(range(min(budget, len(dataset))))
    units = list(rows_to_units(name, iter(kept), fields, "arrow", row_label="row"))
    if budget is not None and len(dataset) > budget:
        n_rest = len(dataset) - budget
        rest = f"{n_rest} more row{'s' if n_rest > 1 else ''} of this file ({name}:row {budget + 1} to row {len(dataset)})"
        units.append(left_out_by_limit(name, rest, limit))
    return units


def _dataset_units(dataset, name: str, fields: dict, max_rows) -> list[Unit]:
    if fields["text"] not in dataset.column_names:
        raise CorpusError(f"{name}: the text field {fields['text']!r} (corpus.fields.text) is not a column; "
                          f"columns: {sorted(dataset.column_names)}")
    limit = int(max_rows) if max_rows else None
    return _row_units(dataset, name, fields, limit, limit)


def hf_disk_units(raw: dict[str, bytes], fields: dict, split, max_rows) -> list[Unit]:
    import datasets

    with tempfile.TemporaryDirectory(prefix="hf_disk_") as tmp:
        _materialise(raw, Path(tmp) / "dataset")
        try:
            loaded = datasets.load_from_disk(str(Path(tmp) / "dataset"), keep_in_memory=True)
        except (FileNotFoundError, ValueError, OSError) as err:
            raise CorpusError(f"datasets.load_from_disk could not read corpus.path: {err}") from err
        if isinstance(loaded, datasets.DatasetDict):
            if split is None and len(loaded) == 1:
                split = next(iter(loaded))
            if split is None:
                raise CorpusError(f"the saved dataset has splits {sorted(loaded)}; choose one with corpus.split=")
            if split not in loaded:
                raise CorpusError(f"corpus.split={split!r} is not a split of the saved dataset; it has {sorted(loaded)}")
            loaded = loaded[split]
        elif split is not None:
            log.warning("corpus.split=%r ignored: the saved dataset is one Dataset, not a DatasetDict of splits", split)
        return _dataset_units(loaded, f"dataset:{split or 'data'}", fields, max_rows)


def _first_line(err: BaseException) -> str:
    # DatasetGenerationError says only "An error occurred while generating the dataset"; the
    # builder's own error (ArrowInvalid: JSON parse error ... in row 3) is its cause.
    cause = err.__cause__ or err
    text = str(cause).strip()
    return f"{type(cause).__name__}: {text.splitlines()[0]}" if text else type(cause).__name__


def _load_file(path: Path, builder: str, cache_dir: Path):
    import datasets

    return datasets.load_dataset(builder, data_files={"train": [str(path)]}, split="train",
                                 cache_dir=str(cache_dir), keep_in_memory=True)


@contextmanager
def _quiet_datasets(many_files: bool):
    """The builders log a failed file with its temporary path (the reject names it properly), and
    one "Generating train split" bar per file says nothing; both are restored afterwards."""
    import datasets

    verbosity = datasets.logging.get_verbosity()
    bars_were_on = datasets.utils.logging.is_progress_bar_enabled()
    datasets.logging.set_verbosity(datasets.logging.CRITICAL)
    if many_files:
        datasets.disable_progress_bars()
    try:
        yield
    finally:
        datasets.logging.set_verbosity(verbosity)
        if bars_were_on and many_files:
            datasets.enable_progress_bars()


def hf_files_units(raw: dict[str, bytes], builder: str, fields: dict, max_rows) -> list[Unit]:
    """Each data file read on its own: its rows are units (`file:row N`); a file the builder cannot
    parse, or without the text column, is one reject and the other files are still read."""
    units: list[Unit] = []
    limit = int(max_rows) if max_rows else None  # corpus.max_articles: the first N inputs over the files in order
    with _quiet_datasets(len(raw) > 1):
        with tempfile.TemporaryDirectory(prefix="hf_files_") as tmp:
            for name in sorted(raw, key=natural_key):
                budget = None if limit is None else limit - len(units)  # rejects count, as in inputs._read_units
                if budget is not None and budget <= 0:  # the files after the cut are not loaded at all
                    units.append(left_out_by_limit(name, "the file was not loaded", limit))
                    continue
                if not raw[name].strip():
                    units.append(rejected(name, RejectReason.EMPTY.value, "the file is empty or whitespace"))
                    continue
                path = Path(tmp) / "files" / name
                _materialise({name: raw[name]}, Path(tmp) / "files")
                try:
                    loaded = _load_file(path, builder, Path(tmp) / "cache")
                except Exception as err:  # noqa: BLE001 - the builders raise many types (ArrowInvalid, DatasetGenerationError...)
                    message = _first_line(err).replace(f"{Path(tmp) / 'files'}/", "")  # the name, not the temporary path
                    units.append(rejected(name, RejectReason.PARSE_ERROR.value,
                                          f"datasets.load_dataset({builder!r}) could not read {name}: {message}"))
                    continue
                units.extend(_file_units(loaded, name, fields, budget, limit))
    return units


def _file_units(dataset, name: str, fields: dict, budget: int | None, limit: int | None) -> list[Unit]:
    if fields["text"] not in dataset.column_names:
        return [rejected(name, RejectReason.MISSING_FIELD.value,
                         f"the text field {fields['text']!r} (corpus.fields.text) is not a column; "
                         f"columns: {sorted(dataset.column_names)}")]
    if len(dataset) == 0:
        return [rejected(name, RejectReason.EMPTY.value, "no records in the file")]
    return _row_units(dataset, name, fields, budget, limit)
