"""Headlines are body (ANNOTATION.md): the article's headline becomes the first paragraph of its text.

Text files and records carry the title as metadata only, while trafilatura keeps an <h1> inside
the article element in the text of some pages and not of others. Putting the headline first, unless
the body already opens with it, gives every format the same body, so a headline is segmented,
labelled and counted like any other sentence whatever file it came from.
"""
from __future__ import annotations

import re
from typing import NamedTuple

# A page may open with a kicker or a dateline before its <h1>: look this many lines in.
_OPENING_LINES = 3
# "Talks resume in Doha | Kabul Morning Ledger": a page title often carries the site's name.
_TITLE_SEPARATOR = re.compile(r"\s+[|\u2013\u2014-]\s+|\s*::\s*")
# Only a bar says what follows is the site's name: "Kabul - Herat highway reopens" is a headline.
_SITE_SEPARATOR = re.compile(r"\s+\|\s+")
# What may follow a headline that the lead paragraph runs on from ("Bomb kills four. A roadside...").
_RUN_ON = {".", "!", "?"}


class WithHeadline(NamedTuple):
    text: str
    removed: list[str]
    headline_chars: int  # characters at the start of `text` that are the headline put there (0: none)


def _key(line: str) -> str:
    """Lines compared as words: case, spacing and closing punctuation aside."""
    return " ".join(line.split()).casefold().rstrip(".!?:;,\u2026 ")


def site_names(source: str, title_tag: str = "") -> set[str]:
    """What names the site, compared as _key: its source, and the last part of a "<headline> | <site>"
    <title> (only after a bar: "Kabul - Herat highway reopens" is a headline with a dash)."""
    parts = [p for p in _SITE_SEPARATOR.split(" ".join(title_tag.split())) if p.strip()]
    return {k for k in (_key(source), _key(parts[-1]) if len(parts) > 1 else "") if k}


def clean_headline(title: str, sites: set[str]) -> str:
    """The title on one line, without the site's name beside a separator; "" when it is no headline
    (empty, only the site's name, or a single word such as "Home")."""
    title = " ".join(title.split())
    parts = [p for p in _TITLE_SEPARATOR.split(title) if p.strip()]
    if len(parts) > 1:
        title = " - ".join([p for p in parts if _key(p) not in sites] or parts)
    return "" if _key(title) in sites or len(title.split()) < 2 else title


def _opens_with(body: str, headline: str) -> bool:
    """One of the body's first lines is the headline, or the lead runs on from it."""
    key = _key(headline)
    lines = [_key(line) for line in body.split("\n") if line.strip()][:_OPENING_LINES]
    runs_on = bool(lines) and lines[0].startswith(key) and lines[0][len(key):][:1] in _RUN_ON
    return runs_on or key in lines


def page_candidates(headings: list[str], title: str, title_tag: str, sites: set[str]) -> list[str]:
    """A page's headline candidates, best first: the <h1> texts its <title> repeats, in that order
    ("Headline | Site" is the common form), then the <title>, then the title metadata (trafilatura
    may have taken it from any <h1>), then the other <h1> texts (a section name such as "World News"
    may be an <h1> too). An <h1> that names the site is none."""
    reference = _key(title_tag or title)
    headings = [h for h in headings if _key(h) and _key(h) not in sites]
    echoed = sorted((h for h in headings if _key(h) in reference), key=lambda h: reference.index(_key(h)))
    return echoed + [title_tag, title] + [h for h in headings if h not in echoed]


def with_headline(candidates: list[str], body: str, removed: list[str], sites: set[str]) -> WithHeadline:
    """The body with a headline as its first paragraph. `candidates`, best first: for a page its <h1>
    texts and titles (page_candidates), else the title metadata. Nothing is added when the body opens
    with any of them already, or when none is a headline (the site's name, one word such as "Home").
    A title is not run through the furniture patterns: "Opinion: A deal that buys an exit" is a
    headline with a kicker. When the furniture rules took the page's copy of the headline for a short
    line, that copy leaves the removed lines: it is the headline put back."""
    headlines = [h for h in (clean_headline(c, sites) for c in candidates) if h]
    if not headlines or any(_opens_with(body, h) for h in headlines):
        return WithHeadline(body, removed, 0)
    headline = headlines[0]
    copies = [i for i, line in enumerate(removed) if _key(line) == _key(headline)]
    kept = [line for i, line in enumerate(removed) if i != copies[0]] if copies else removed
    return WithHeadline(f"{headline}\n\n{body}", kept, len(headline))
