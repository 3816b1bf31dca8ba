"""Inputs to article rows: decode, extract, normalise, read the header, strip furniture, dedupe.

Every input ends in exactly one of `articles` or `rejects`; `inputs` lists each with its outcome,
so `n_inputs == n_articles + n_rejects` can be checked and is recorded by the stage.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Iterable

import pandas as pd

from pipeline.ingest.dedupe import DuplicateFinder, DuplicateSettings
from pipeline.ingest.headline import page_candidates, site_names, with_headline
from pipeline.ingest.html import extract_html, page_heads
from pipeline.ingest.rejects import REJECT_COLUMNS, RejectReason
from pipeline.ingest.units import Unit, natural_key
from pipeline.io.hashing import short_id
from pipeline.text.decode import decode_bytes
from pipeline.text.furniture import FurnitureFilter
from pipeline.text.header import KNOWN_KEYS, split_header
from pipeline.text.normalize import normalize_text
from pipeline.text.unwrap import unwrap

ARTICLE_COLUMNS = [
    "article_id", "source", "url", "title", "published", "author", "path", "text", "headline_chars",
    "n_removed_lines", "removed_lines", "encoding", "metadata",
]
INPUT_COLUMNS = ["path", "outcome", "article_id", "reason"]


@dataclass(frozen=True)
class IngestSettings:
    max_bytes: int
    min_body_chars: int
    fallback_encoding: str
    furniture: FurnitureFilter
    duplicates: DuplicateSettings = field(default_factory=lambda: DuplicateSettings(near=False))
    include_tables: bool = False
    headline_in_body: bool = True


class Rejected(Exception):
    def __init__(self, reason: RejectReason, detail: str):
        super().__init__(detail)
        self.reason, self.detail = reason, detail


def article_id_for(source: str, url: str, text: str) -> str:
    """Stable across runs and machines: source and URL when there is a URL, else the clean text."""
    return short_id(source, url) if url else short_id(text)


def _decode(data: bytes, settings: IngestSettings) -> tuple[str, str]:
    if len(data) > settings.max_bytes:
        raise Rejected(RejectReason.TOO_LARGE, f"{len(data) / 1e6:.1f} MB over the limit of {settings.max_bytes / 1e6:.1f} MB")
    if not data.strip():
        raise Rejected(RejectReason.EMPTY, "the file is empty or whitespace")
    decoded = decode_bytes(data, settings.fallback_encoding)
    if decoded.text is None:
        raise Rejected(RejectReason(decoded.reason), decoded.detail)
    return decoded.text, decoded.encoding


def _text_unit(unit: Unit, settings: IngestSettings) -> tuple[dict, str, str]:
    text, encoding = _decode(unit.data, settings)
    meta, body = split_header(normalize_text(text))
    return meta, unwrap(body), encoding


def _html_unit(unit: Unit, settings: IngestSettings) -> tuple[dict, str, str]:
    text, encoding = _decode(unit.data, settings)
    if "<" not in text[:4096]:
        raise Rejected(RejectReason.NOT_TEXT, "an .html file without any markup")
    meta, body = extract_html(text, settings.include_tables)
    if body is None:
        if meta.get("error"):
            raise Rejected(RejectReason.PARSE_ERROR, f"trafilatura failed: {meta['error']}")
        raise Rejected(RejectReason.NO_BODY, "trafilatura found no main text in the page")
    meta = {k: normalize_text(v) for k, v in meta.items()}
    heads = page_heads(text)
    meta["_heads"] = ([normalize_text(h) for h in heads.headings], normalize_text(heads.title_tag))
    return meta, normalize_text(body), encoding


def _record_unit(unit: Unit, settings: IngestSettings) -> tuple[dict, str, str]:
    record = unit.record
    if len(record["text"].encode("utf-8")) > settings.max_bytes:
        raise Rejected(RejectReason.TOO_LARGE, f"text field over the limit of {settings.max_bytes / 1e6:.1f} MB")
    meta = {k: normalize_text(record[k]) for k in ("title", "url", "published", "source", "author") if record[k]}
    extra = dict(record.get("extra", {}))
    if record["id"]:
        extra["record_id"] = record["id"]
    meta.update({k: v for k, v in extra.items() if k not in meta})
    if record["id"] and not record["url"]:
        meta["_id_key"] = record["id"]
    return meta, unwrap(normalize_text(record["text"])), unit.encoding


_PARSERS = {"text": _text_unit, "html": _html_unit, "record": _record_unit}


def parse_unit(unit: Unit, settings: IngestSettings) -> tuple[dict, str]:
    """One input to (its article row, its body as found), or raise Rejected. Duplicates are judged by
    the body as found: a wire story under another outlet's headline is the same story."""
    if unit.reject:
        raise Rejected(RejectReason(unit.reject[0]), unit.reject[1])
    meta, body, encoding = _PARSERS[unit.fmt](unit, settings)
    clean, removed = settings.furniture.split(body, author=meta.get("author", ""))
    if len(clean) < settings.min_body_chars:
        raise Rejected(RejectReason.NO_BODY, f"{len(clean)} characters of body after removing {len(removed)} furniture "
                                             f"lines; ingest.min_body_chars={settings.min_body_chars}")
    source, url = meta.get("source", ""), meta.get("url", "")
    id_key, heads = meta.pop("_id_key", ""), meta.pop("_heads", None)
    # The id comes from the body as found, so it does not depend on ingest.headline_in_body.
    article_id = article_id_for(source, url or (f"id:{id_key}" if id_key else ""), clean)
    title = meta.get("title", "")
    text, headline_chars = clean, 0
    if settings.headline_in_body:
        sites = site_names(source, heads[1] if heads else "")
        candidates = page_candidates(heads[0], title, heads[1], sites) if heads else [title]
        text, removed, headline_chars = with_headline(candidates, clean, removed, sites)
    extra = {k: v for k, v in sorted(meta.items()) if k not in KNOWN_KEYS}
    return {
        "article_id": article_id,
        "source": source,
        "url": url,
        "title": title,
        "published": meta.get("published", meta.get("date", "")),
        "author": meta.get("author", ""),
        "path": unit.path,
        "text": text,
        "headline_chars": headline_chars,
        "n_removed_lines": len(removed),
        "removed_lines": removed,
        "encoding": encoding,
        "metadata": json.dumps(extra, sort_keys=True, ensure_ascii=False),
    }, clean


def build_articles(units: Iterable[Unit], settings: IngestSettings) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(articles, rejects, inputs): every unit is in exactly one of the first two, and in `inputs`."""
    from tqdm.auto import tqdm

    units = sorted(units, key=lambda u: natural_key(u.path))
    duplicates = DuplicateFinder(settings.duplicates)
    articles, rejects, inputs = [], [], []
    for unit in tqdm(units, desc="ingest", unit="input", disable=len(units) < 200):
        try:
            article, body = parse_unit(unit, settings)
            first = duplicates.check(unit.path, article["article_id"], body)
            if first:
                raise Rejected(RejectReason.DUPLICATE, first)
        except Rejected as err:
            rejects.append({"path": unit.path, "reason": err.reason.value, "detail": err.detail})
            inputs.append((unit.path, "rejected", "", err.reason.value))
            continue
        articles.append(article)
        inputs.append((unit.path, "article", article["article_id"], ""))
    articles_df = pd.DataFrame(articles, columns=ARTICLE_COLUMNS)
    articles_df = articles_df.astype({"n_removed_lines": "int64", "headline_chars": "int64"})
    return articles_df, pd.DataFrame(rejects, columns=REJECT_COLUMNS), pd.DataFrame(inputs, columns=INPUT_COLUMNS)
