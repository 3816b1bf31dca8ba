"""Hugging Face datasets as a corpus: `load_from_disk` and `load_dataset(format, data_files=...)`.

The stage receives the dataset's files as bytes (they were hashed for the cache key), so it writes
them to a private temporary folder and lets `datasets` read them from there: the stage then reads
exactly what was hashed, and the library's own loaders handle Arrow shards, splits and formats.
Its cache goes into the same temporary folder, so nothing lands in ~/.cache.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from pipeline.ingest.records import rows_to_units
from pipeline.ingest.rejects import RejectReason
from pipeline.ingest.text_dir import CorpusError
from pipeline.ingest.units import Unit, rejected


def _materialise(raw: dict[str, bytes], folder: Path) -> None:
    for rel, data in raw.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _dataset_units(dataset, name: str, fields: dict, max_rows) -> list[Unit]:
    if fields["text"] not in dataset.column_names:
        raise CorpusError(f"{name}: the text field {fields['text']!r} (corpus.fields.text) is not a column; "
                          f"columns: {sorted(dataset.column_names)}")
    if max_rows:
        dataset = dataset.select(range(min(int(max_rows), len(dataset))))
    return list(rows_to_units(name, iter(dataset), fields, "arrow", row_label="row"))


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
            if split not in loaded:
                raise CorpusError(f"the saved dataset has splits {sorted(loaded)}; choose one with corpus.split=")
            loaded = loaded[split]
        return _dataset_units(loaded, f"dataset:{split or 'data'}", fields, max_rows)


def hf_files_units(raw: dict[str, bytes], builder: str, fields: dict, max_rows) -> list[Unit]:
    """One `load_dataset` call over every data file; a file the builder cannot parse fails the run
    with the library's message (datasets reads the files together, so there is no per-file reject)."""
    import datasets

    units: list[Unit] = [rejected(name, RejectReason.EMPTY.value, "the file is empty or whitespace")
                         for name, data in sorted(raw.items()) if not data.strip()]
    usable = {name: data for name, data in raw.items() if data.strip()}
    if not usable:
        return units
    with tempfile.TemporaryDirectory(prefix="hf_files_") as tmp:
        _materialise(usable, Path(tmp) / "files")
        files = [str(Path(tmp) / "files" / name) for name in sorted(usable)]
        try:
            loaded = datasets.load_dataset(builder, data_files={"train": files}, split="train",
                                           cache_dir=str(Path(tmp) / "cache"), keep_in_memory=True)
        except Exception as err:  # the builders raise many types (ArrowInvalid, DatasetGenerationError...)
            raise CorpusError(f"datasets.load_dataset({builder!r}) could not read the files: "
                              f"{type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}") from err
        name = "files" if len(files) > 1 else sorted(usable)[0]
        return units + _dataset_units(loaded, name, fields, max_rows)
