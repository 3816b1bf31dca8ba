"""The optional `Key: value` header block at the top of a text article, ended by a blank line."""
from __future__ import annotations

import re

# A key is one to three words; a longer "key" is a sentence with a colon in it.
_HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z_-]*(?: [A-Za-z_-]+){0,2}):\s*(.*)$")
KNOWN_KEYS = frozenset({"title", "url", "source", "published", "date", "author"})


def _key(raw: str) -> str:
    return raw.strip().lower().replace(" ", "_").replace("-", "_")


def split_header(text: str) -> tuple[dict[str, str], str]:
    """Return (metadata with lower-case keys, body). Without a header block the body is the text.

    The first block counts as a header only if every line is `Key: value` and one key is known
    (title, url, source, published, date, author); otherwise it is prose.
    """
    block, _, rest = text.partition("\n\n")
    meta: dict[str, str] = {}
    for line in block.split("\n"):
        match = _HEADER_LINE.match(line)
        if not match:
            return {}, text
        meta[_key(match.group(1))] = match.group(2).strip()
    if not KNOWN_KEYS & set(meta):
        return {}, text
    return meta, rest
