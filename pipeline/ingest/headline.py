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


# What may follow a headline that runs on into the lead paragraph.
_RUN_ON = {".", "!", "?", ":", ";", ",", "-", "\u2013", "\u2014"}


class WithHeadline(NamedTuple):
    text: str
    removed: list[str]
    headline_chars: int  # characters at the start of `text` that are the headline put there (0: none)


def _key(line: str) -> str:
    """Lines compared as words: case, spacing and closing punctuation aside."""
    return " ".join(line.split()).casefold().rstrip(".!?:;,\u2026 ")


def clean_headline(title: str, source: str) -> str:
    """The title on one line, without the site's name beside a separator; "" when it is no headline
    (empty, only the site's name, or a single word such as "Home")."""
    title = " ".join(title.split())
    parts = [p for p in _TITLE_SEPARATOR.split(title) if p.strip()]
    if source and len(parts) > 1:
        title = " - ".join([p for p in parts if _key(p) != _key(source)] or parts)
    return "" if _key(title) == _key(source) or len(title.split()) < 2 else title


def _opens_with(body: str, headline: str) -> bool:
    """One of the body's first lines is the headline, or the lead runs on from it ("Bomb kills four.
    A roadside bomb...")."""
    key = _key(headline)
    lines = [_key(line) for line in body.split("\n") if line.strip()][:_OPENING_LINES]
    runs_on = bool(lines) and lines[0].startswith(key) and lines[0][len(key):][:1] in _RUN_ON
    return runs_on or key in lines


def page_candidates(headings: list[str], title: str, source: str) -> list[str]:
    """A page's headline candidates, best first: the <h1> texts the title repeats, in the title's order
    ("Headline | Site" is the common form, and a site's logo may be an <h1> of its own), the other <h1>
    texts, then the title itself. An <h1> that is the site's name is none."""
    headings = [h for h in headings if _key(h) and _key(h) != _key(source)]
    echoed = sorted((h for h in headings if _key(h) in _key(title)), key=lambda h: _key(title).index(_key(h)))
    return echoed + [h for h in headings if h not in echoed] + [title]


def with_headline(candidates: list[str], body: str, removed: list[str], source: str = "") -> WithHeadline:
    """The body with a headline as its first paragraph. `candidates`, best first: a page's <h1>
    texts, then the title metadata. Nothing is added when the body opens with any of them already,
    or when none is a headline (the site's name, one word such as "Home"). A title is not run through
    the furniture patterns: "Opinion: A deal that buys an exit" is a headline with a kicker.
    When the furniture rules took the page's copy of the headline for a short line, that copy leaves
    the removed lines: it is the headline put back."""
    headlines = [h for h in (clean_headline(c, source) for c in candidates) if h]
    if not headlines or any(_opens_with(body, h) for h in headlines):
        return WithHeadline(body, removed, 0)
    headline = headlines[0]
    copies = [i for i, line in enumerate(removed) if _key(line) == _key(headline)]
    kept = [line for i, line in enumerate(removed) if i != copies[0]] if copies else removed
    return WithHeadline(f"{headline}\n\n{body}", kept, len(headline))
