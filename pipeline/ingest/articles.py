"""Raw documents to article rows: decode, normalise, read the header, strip furniture, dedupe."""
from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd

from pipeline.ingest.rejects import REJECT_COLUMNS, RejectReason
from pipeline.io.hashing import sha256_bytes, short_id
from pipeline.text.decode import decode_bytes
from pipeline.text.furniture import FurnitureFilter
from pipeline.text.header import KNOWN_KEYS, split_header
from pipeline.text.normalize import normalize_text

ARTICLE_COLUMNS = [
    "article_id", "source", "url", "title", "published", "author", "path", "text",
    "n_removed_lines", "removed_lines", "encoding", "metadata",
]
_KNOWN_KEYS = KNOWN_KEYS


@dataclass(frozen=True)
class IngestSettings:
    max_bytes: int
    min_body_chars: int
    fallback_encoding: str
    furniture: FurnitureFilter


def article_id_for(source: str, url: str, text: str) -> str:
    """Stable across runs and machines: source and URL when there is a URL, else the clean text."""
    return short_id(source, url) if url else short_id(text)


def parse_article(path: str, data: bytes, settings: IngestSettings) -> tuple[dict | None, dict | None]:
    """One raw file to (article, None) or (None, reject)."""
    def reject(reason: RejectReason, detail: str):
        return None, {"path": path, "reason": reason.value, "detail": detail}

    if len(data) > settings.max_bytes:
        return reject(RejectReason.TOO_LARGE, f"{len(data) / 1e6:.1f} MB over the limit of {settings.max_bytes / 1e6:.1f} MB")
    if not data.strip():
        return reject(RejectReason.EMPTY, "the file is empty or whitespace")
    decoded = decode_bytes(data, settings.fallback_encoding)
    if decoded.text is None:
        return reject(RejectReason(decoded.reason), decoded.detail)
    meta, body = split_header(normalize_text(decoded.text))
    clean, removed = settings.furniture.split(body)
    if len(clean) < settings.min_body_chars:
        return reject(RejectReason.NO_BODY, f"{len(clean)} characters of body after removing {len(removed)} furniture lines")
    source, url = meta.get("source", ""), meta.get("url", "")
    extra = {k: v for k, v in sorted(meta.items()) if k not in _KNOWN_KEYS}
    return {
        "article_id": article_id_for(source, url, clean),
        "source": source,
        "url": url,
        "title": meta.get("title", ""),
        "published": meta.get("published", meta.get("date", "")),
        "author": meta.get("author", ""),
        "path": path,
        "text": clean,
        "n_removed_lines": len(removed),
        "removed_lines": removed,
        "encoding": decoded.encoding,
        "metadata": json.dumps(extra, sort_keys=True, ensure_ascii=False),
    }, None


def build_articles(raw: dict[str, bytes], settings: IngestSettings) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every input ends up in exactly one of the two tables."""
    from tqdm.auto import tqdm

    articles, rejects, seen_ids, seen_text = [], [], {}, {}
    for path in tqdm(sorted(raw), desc="ingest", unit="file", disable=len(raw) < 200):
        article, rejected = parse_article(path, raw[path], settings)
        if rejected:
            rejects.append(rejected)
            continue
        text_hash = sha256_bytes(article["text"].encode("utf-8"))
        first = seen_ids.get(article["article_id"]) or seen_text.get(text_hash)
        if first:
            rejects.append({"path": path, "reason": RejectReason.DUPLICATE.value, "detail": f"duplicate of {first}"})
            continue
        seen_ids[article["article_id"]] = path
        seen_text[text_hash] = path
        articles.append(article)
    articles_df = pd.DataFrame(articles, columns=ARTICLE_COLUMNS)
    articles_df["n_removed_lines"] = articles_df["n_removed_lines"].astype("int64")
    return articles_df, pd.DataFrame(rejects, columns=REJECT_COLUMNS)
