"""Text normalisation applied to every article before anything else reads it.

NFC is used, not NFKC: NFC only composes characters (e + combining accent -> é), so names keep
their spelling, while NFKC would also rewrite compatibility characters such as "²" or "ﬁ" and the
full-width forms of some scripts. Curly quotes and dashes are then mapped to ASCII so that cue
lexicons need one spelling, and runs of spaces are collapsed. Line breaks are kept: they carry
paragraph structure that furniture removal and segmentation use.
"""
from __future__ import annotations

import re
import unicodedata

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
        "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ",
        "\u200b": "", "\ufeff": "", "\u00ad": "",
    }
)
_SPACES = re.compile(r"[ \t\f\v]+")


def normalize_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_TRANSLATE)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))
