"""Content hashes and canonical JSON: the building blocks of cache keys."""
from __future__ import annotations

import hashlib
import json
from typing import Any


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def canonical_json(obj: Any) -> str:
    """JSON with sorted keys and no whitespace variation, so equal objects hash equally."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def hash_object(obj: Any) -> str:
    return sha256_bytes(canonical_json(obj).encode("utf-8"))


def short_id(*parts: str, length: int = 16) -> str:
    """A stable identifier from text parts joined by newlines (used for article ids)."""
    return sha256_bytes("\n".join(parts).encode("utf-8"))[:length]
