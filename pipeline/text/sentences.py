"""Sentence segmentation with exact character offsets.

pysbd (rule-based, handles "U.S.", "Mr.", "Feb. 29") is fed one paragraph at a time: it is
accurate, and its cost grows faster than linearly with input length, so short inputs keep it fast.
pysbd with clean=False returns the paragraph's own characters, so each sentence is found by
searching forward from the previous one, and `text[start:end]` is the sentence exactly.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_PARAGRAPH = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@lru_cache(maxsize=4)
def _segmenter(language: str):
    import pysbd

    return pysbd.Segmenter(language=language, clean=False)


def split_sentences(text: str, language: str = "en", min_chars: int = 3) -> list[Span]:
    spans: list[Span] = []
    segmenter = _segmenter(language)
    for para in _PARAGRAPH.finditer(text):
        cursor = para.start()
        for piece in segmenter.segment(para.group()):
            piece = piece.strip()
            if not piece:
                continue
            start = text.find(piece, cursor, para.end())
            if start < 0:  # pysbd altered the text; fall back to the rest of the paragraph
                start = cursor
                piece = text[cursor:para.end()].strip()
            end = start + len(piece)
            cursor = end
            if len(piece) >= min_chars:
                spans.append(Span(start, end))
    return spans
