"""Sentence segmentation with exact character offsets: `text[start:end]` is the sentence.

Every line is a paragraph, and a sentence never crosses one, so headlines and bullets are
sentences of their own (a bullet's marker is left out of its span). Inside a paragraph:
- the fast path, a regular expression: a boundary is . ! ? (plus closing quotes) followed by space
  and a capital, a digit or an opening quote, or a glued "ceasefire.The"; no boundary after a
  configured abbreviation ("Mr.", "Gen.", "Feb." before a number);
- pysbd for a paragraph that holds an abbreviation the fast path cannot judge alone ("U.S." or
  "p.m." before a capital may or may not end a sentence; "J." is an initial or not). pysbd is
  accurate but slow (about 2,200 sentences/s line by line), so it sees only those paragraphs.
`benchmarks/bench_segment.py` checks the combination against pysbd and a gold fixture.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_PARAGRAPH = re.compile(r"[^\n]+")
_BULLET = re.compile(r"(?:[-*\u2022\u00b7\u2013\u2014>]+|\d{1,2}[.)])\s+")
# A candidate boundary: terminal punctuation and closing quotes, then either whitespace before an
# opening capital/digit/quote, or nothing at all before a capitalised word (a glued sentence).
_CANDIDATE = re.compile(
    r"(?P<end>[.!?\u2026]+[\"'\u201d\u2019)\]]*)(?:(?P<space>\s+)(?=[\"'\u201c\u2018(\[]?[A-Z0-9]|[.!?\u2026])|(?=[A-Z][a-z]))"
)
_TOKEN_BEFORE = re.compile(r"(\S+?)[.!?\u2026]+[\"'\u201d\u2019)\]]*$")
# Tokens whose dot may or may not end a sentence: dotted initialisms (U.S., p.m.), single letters.
_AMBIGUOUS = re.compile(r"^(?:[A-Za-z]\.){1,}[A-Za-z]?$|^[A-Z]$|^(?:etc|inc|ltd|co|corp|jr|sr|bros|approx|no|nos|vs)$", re.IGNORECASE)
_NEXT_WORD = re.compile(r"[\"'\u201c\u2018(\[]?([A-Za-z]+)\b")
_SENTENCE_STARTERS = frozenset(
    "The A An It Its He She They We I This That These Those There Their His Her Our But Yet "
    "However Meanwhile".split()
)
_MONTHS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())

DEFAULT_ABBREVIATIONS = (
    "mr mrs ms dr prof gen lt col maj capt sgt cpl adm cmdr brig gov sen rep rev hon pres st mt ft "
    "jan feb mar apr jun jul aug sep sept oct nov dec e.g i.e cf fig al"
).split()


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    cut: bool = False  # a piece of a longer run of text, cut at max_chars (see _within)


@lru_cache(maxsize=4)
def _segmenter(language: str):
    import pysbd

    return pysbd.Segmenter(language=language, clean=False)


def _verdict(para: str, match: re.Match, never_end: frozenset) -> str:
    """'split', 'keep' or 'unsure' for one candidate boundary."""
    head = para[max(0, match.start() - 24):match.end("end")]
    found = _TOKEN_BEFORE.search(head)
    token = found.group(1).lstrip("\"'(\u201c\u2018[").lower() if found else ""
    if match.group("space") is None:  # glued: "ceasefire.The" splits, "U.S.The" is for pysbd
        return "unsure" if "." in token or len(token) < 2 else "split"
    nxt = para[match.end():match.end() + 1]
    if para.count('"', 0, match.start()) % 2 and '"' not in match.group("end"):
        return "unsure"  # inside a quotation: '"It is fragile. But alive," he said' is one sentence
    if token in never_end:
        if token in _MONTHS and not nxt.isdigit():
            return "unsure"  # "in Feb. The talks" may end a sentence
        return "keep"
    if _AMBIGUOUS.match(token.rstrip(".")):
        # "for the U.S. Its members..." ends a sentence: a pronoun or article after an initialism
        # starts a new one (pysbd misses these); anything else ("U.S. Army") goes to pysbd.
        following = _NEXT_WORD.match(para, match.end())
        return "split" if following and following.group(1) in _SENTENCE_STARTERS else "unsure"
    return "split"


def _fast_pieces(para: str, never_end: frozenset) -> list[tuple[int, int]] | None:
    """Sentence (start, end) pairs within `para`, or None when pysbd must decide."""
    pieces, start = [], 0
    for match in _CANDIDATE.finditer(para):
        verdict = _verdict(para, match, never_end)
        if verdict == "unsure":
            return None
        if verdict == "split":
            pieces.append((start, match.end("end")))
            start = match.end()
    pieces.append((start, len(para)))
    return pieces


def _glued_chunks(para: str) -> list[tuple[int, int]]:
    cuts = [m.end("end") for m in _CANDIDATE.finditer(para)
            if m.group("space") is None and re.search(r"[a-z]{2}[.!?]+$", para[:m.end("end")])]
    bounds = [0, *cuts, len(para)]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if a < b]


def _pysbd_pieces(para: str, language: str) -> list[tuple[int, int]]:
    pieces = []
    segmenter = _segmenter(language)
    for chunk_start, chunk_end in _glued_chunks(para):
        chunk, cursor = para[chunk_start:chunk_end], 0
        for piece in segmenter.segment(chunk):
            piece = piece.strip()
            if not piece:
                continue
            found = chunk.find(piece, cursor)
            if found < 0:  # pysbd altered the text: keep the rest of the chunk as one piece
                found, piece = cursor, chunk[cursor:].strip()
            pieces.append((chunk_start + found, chunk_start + found + len(piece)))
            cursor = found + len(piece)
    return pieces


def _within(piece: str, max_chars: int) -> list[tuple[int, int]]:
    """(start, end) pieces of at most max_chars, each cut at the last whitespace before the limit
    (or at the limit, in a run of max_chars characters without a space)."""
    bounds, start = [], 0
    while len(piece) - start > max_chars:
        space = max(piece.rfind(" ", start + 1, start + max_chars + 1), piece.rfind("\n", start + 1, start + max_chars + 1))
        cut = space if space > start else start + max_chars
        bounds.append((start, cut))
        start = cut + (1 if space > start else 0)
    bounds.append((start, len(piece)))
    return bounds


def split_sentences(text: str, language: str = "en", min_chars: int = 3, method: str = "fast",
                    abbreviations=None, max_chars: int | None = None) -> list[Span]:
    never_end = frozenset(a.lower().rstrip(".") for a in (abbreviations or DEFAULT_ABBREVIATIONS))
    spans: list[Span] = []
    for para in _PARAGRAPH.finditer(text):
        body = para.group()
        offset = para.start()
        bullet = _BULLET.match(body)
        if bullet and len(body) > bullet.end():
            offset += bullet.end()
            body = body[bullet.end():]
        pieces = _fast_pieces(body, never_end) if method == "fast" else None
        if pieces is None:
            pieces = _pysbd_pieces(body, language)
        for start, end in pieces:
            piece = body[start:end]
            lead = len(piece) - len(piece.lstrip())
            piece = piece.strip()
            if len(piece) < min_chars:
                continue
            first = offset + start + lead
            if not (max_chars and len(piece) > max_chars):
                spans.append(Span(first, first + len(piece)))
                continue
            for a, b in _within(piece, max_chars):  # every part kept, however short: no text is lost
                part = piece[a:b]
                a += len(part) - len(part.lstrip())
                if part.strip():
                    spans.append(Span(first + a, first + a + len(part.strip()), cut=True))
    return spans
