"""Reading and writing stage tables as Parquet, byte for byte reproducibly."""
from __future__ import annotations

import io

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq


def table_to_parquet_bytes(df: pd.DataFrame) -> bytes:
    """Serialise without the index and with fixed writer options: same frame, same bytes."""
    table = pa.Table.from_pandas(df.reset_index(drop=True), preserve_index=False)
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd", write_statistics=True)
    return sink.getvalue()


def parquet_bytes_to_table(data: bytes) -> pd.DataFrame:
    return pq.read_table(io.BytesIO(data)).to_pandas()
