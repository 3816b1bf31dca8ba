"""Bytes to text: UTF-16 when it has its BOM, else UTF-8 (with or without BOM), then one configured
single-byte fallback (cp1252 by default; latin-1 never fails). Anything else is a reject."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class Decoded:
    text: Optional[str]
    encoding: Optional[str]
    reason: Optional[str] = None  # a rejects reason when text is None
    detail: str = ""


_NOT_CONTROL = bytes(b for b in range(256) if not (b < 9 or 13 < b < 32))


def looks_binary(data: bytes) -> bool:
    """NUL bytes or a high share of control characters mean this is not a text file."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = len(sample.translate(None, _NOT_CONTROL))  # counts in C: translate keeps only the controls
    return bool(sample) and controls / len(sample) > 0.05


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode_bytes(data: bytes, fallback: str = "cp1252") -> Decoded:
    if data.startswith(_UTF16_BOMS):  # Windows tools still write UTF-16; its NUL bytes are not binary
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as err:
            return Decoded(None, None, "unreadable", f"UTF-16 byte order mark, but not UTF-16 at byte {err.start}")
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
