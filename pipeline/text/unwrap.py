"""Undo hard line wrapping in plain-text bodies (mail exports, text dumps wrapped at ~72 columns).

The rest of the pipeline reads one paragraph per line; a wrapped paragraph would otherwise be cut
into lines that end mid-sentence, and a short tail such as "of the talks and" would even look like
furniture. A block (lines between blank lines) is unwrapped only on evidence: every line but the
last is long enough to be a wrapped line, none is longer than a wrap width, none is a bullet, and
at least one line ends mid-sentence before a line that starts in lower case. Lists of short lines
(related links, menus) and one-paragraph-per-line text are left as they are.
"""
from __future__ import annotations

import re

_MID_SENTENCE = re.compile(r"[^.!?:\"')\]]$")
_BULLET = re.compile(r"^(?:[-*\u2022\u00b7>]|\d{1,2}[.)])\s")


def _is_wrapped(lines: list[str], min_chars: int, max_chars: int) -> bool:
    if len(lines) < 2 or any(len(line) > max_chars or _BULLET.match(line) for line in lines):
        return False
    if any(len(line) < min_chars for line in lines[:-1]):
        return False
    return any(_MID_SENTENCE.search(a) and b[:1].islower() for a, b in zip(lines, lines[1:]))


def unwrap(text: str, min_chars: int = 30, max_chars: int = 120) -> str:
    blocks = re.split(r"\n[ \t]*\n", text)
    out = []
    for block in blocks:
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if _is_wrapped(lines, min_chars, max_chars):
            out.append(" ".join(lines))
        else:
            out.append("\n".join(lines))
    return "\n\n".join(out)
