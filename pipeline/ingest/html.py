"""Saved web pages: trafilatura finds the main text and the page's metadata.

trafilatura drops navigation, footers and most boxes by page structure; what it lets through
(a price line inside the article element, a caption) the furniture rules catch afterwards.
The fetch date (`filedate`) is ignored: it is the day of the run, which would make runs differ.
"""
from __future__ import annotations

import re
from typing import NamedTuple, Optional

_META = {"title": "title", "author": "author", "url": "url", "published": "date", "source": "sitename"}


class PageHeads(NamedTuple):
    headings: list[str]  # the <h1> texts, in page order: the headline a reader sees
    title_tag: str  # the <title> as written, often "<headline> | <site>", which trafilatura shortens


def page_heads(html: str) -> PageHeads:
    """A page's <h1> texts and its <title>, which the title metadata (og:title, trafilatura's choice)
    may word otherwise; a line break inside a heading is a space."""
    import lxml.html
    from lxml.etree import ParserError

    try:  # lxml refuses a str that declares its encoding; the text is decoded already
        tree = lxml.html.fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", html))
    except (ParserError, ValueError):  # an empty or odd document: trafilatura decides the rest
        return PageHeads([], "")
    for br in tree.iter("br"):
        br.tail = " " + (br.tail or "")
    texts = [" ".join(h.text_content().split()) for h in tree.iter("h1")]
    title = next(tree.iter("title"), None)
    return PageHeads([t for t in texts if t], " ".join(title.text_content().split()) if title is not None else "")


def extract_html(html: str, include_tables: bool = False) -> tuple[dict[str, str], Optional[str]]:
    """(metadata, main text with one paragraph per line) or (metadata, None) when no text is found."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=include_tables,
            include_images=False, deduplicate=False,
        )
    except Exception as err:  # noqa: BLE001 - one page that trips lxml or trafilatura is a reject, not a failed run
        return {"error": f"{type(err).__name__}: {err}"}, None
    if doc is None:
        return {}, None
    found = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    meta = {key: str(found.get(name) or "").strip() for key, name in _META.items()}
    if not meta["source"]:
        meta["source"] = str(found.get("hostname") or "").strip()
    return meta, found.get("text") or None
