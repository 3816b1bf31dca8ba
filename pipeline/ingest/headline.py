"""Headlines are body (ANNOTATION.md): the article's title becomes the first paragraph of its text.

Text files and records carry the title as metadata only, while trafilatura keeps an <h1> inside
the article element in the text of some pages and not of others. Putting the title first, unless
the body already opens with it, gives every format the same body, so a headline is segmented,
labelled and counted like any other sentence whatever file it came from.
"""
from __future__ import annotations

# A page may open with a kicker or a dateline before its <h1>: look this many lines in.
_OPENING_LINES = 3


def _key(line: str) -> str:
    return " ".join(line.split()).casefold()


def with_headline(title: str, body: str, removed: list[str]) -> tuple[str, list[str]]:
    """(text, removed lines): the body with the title as its first paragraph, unless one of its first
    lines is the title already. When the furniture rules took the page's copy of the title for a
    short non-sentence line, that copy leaves the removed lines: it is the headline put back."""
    headline = _key(title)
    opening = [_key(line) for line in body.split("\n") if line.strip()][:_OPENING_LINES]
    if not headline or headline in opening:
        return body, removed
    copies = [i for i, line in enumerate(removed) if _key(line) == headline]
    kept = [line for i, line in enumerate(removed) if i != copies[0]] if copies else removed
    return f"{title.strip()}\n\n{body}", kept
