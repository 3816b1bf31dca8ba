"""Walking a nested config (plain dicts and lists, as OmegaConf.to_container or a JSON schema gives)."""
from __future__ import annotations

from typing import Any, Iterator


def dict_nodes(node: Any, path: str = "") -> Iterator[tuple[str, dict]]:
    """Every dict in `node`, itself included, with its path (`a.b[2].c`), parents before children."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from dict_nodes(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from dict_nodes(item, f"{path}[{i}]")
