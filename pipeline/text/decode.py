"""Bytes to text: UTF-8 (with or without BOM) first, then one configured single-byte fallback."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class Decoded:
    text: Optional[str]
    encoding: Optional[str]
    reason: Optional[str] = None  # a rejects reason when text is None
    detail: str = ""


def looks_binary(data: bytes) -> bool:
    """NUL bytes or a high share of control characters mean this is not a text file."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return bool(sample) and controls / len(sample) > 0.05


def decode_bytes(data: bytes, fallback: str = "cp1252") -> Decoded:
    if looks_binary(data):
        return Decoded(None, None, "not_text", "binary content (NUL or control bytes)")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as err:
        first_error = f"not UTF-8 at byte {err.start}"
    try:
        return Decoded(data.decode(fallback), fallback)
    except (UnicodeDecodeError, LookupError) as err:
        return Decoded(None, None, "unreadable", f"{first_error}; {fallback} failed: {err}")
