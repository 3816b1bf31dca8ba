"""Duplicates: the same body twice (exact), and one story republished with edits (near).

Exact duplicates share the SHA-256 of their normalised body. Near duplicates, such as a wire story
under another outlet's headline with a changed first line, are found with MinHash over word
shingles and datasketch's LSH index; a candidate pair counts when its estimated Jaccard
similarity reaches `ingest.duplicates.threshold`. Articles are visited in path order and the first
one of a group is kept, so the outcome does not depend on anything but the inputs.
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from typing import Optional

from pipeline.ingest.units import natural_key
from pipeline.io.hashing import sha256_bytes

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class DuplicateSettings:
    near: bool = True
    threshold: float = 0.8
    shingle_words: int = 5
    num_perm: int = 128
    seed: int = 1


def shingle_hashes(text: str, size: int) -> list[int]:
    """32-bit hashes of the distinct word `size`-grams of `text`, lower-cased.

    Each word is hashed once (crc32, stable across processes, unlike Python's salted hash()), and
    the n-gram hashes are combined with numpy, so no n-gram string is ever built.
    """
    import numpy as np

    words = _WORD.findall(text.lower())
    hashes = np.fromiter((zlib.crc32(w.encode("utf-8")) for w in words), dtype=np.uint64, count=len(words))
    if len(hashes) <= size:
        combined = np.array([int(np.bitwise_xor.reduce(hashes)) if len(hashes) else 0], dtype=np.uint64)
    else:
        n = len(hashes) - size + 1
        combined = np.zeros(n, dtype=np.uint64)
        for k in range(size):  # polynomial hash of the window; uint64 arithmetic wraps, as intended
            combined = combined * np.uint64(1_000_003) + hashes[k:k + n]
    return np.unique(combined & np.uint64(0xFFFFFFFF)).tolist()


class DuplicateFinder:
    """Feed articles in order; `check` says which earlier article (path) one duplicates, if any."""

    def __init__(self, settings: DuplicateSettings):
        self.settings = settings
        self._by_id: dict[str, str] = {}
        self._by_hash: dict[str, str] = {}
        self._lsh = None
        self._minhashes: dict[str, object] = {}
        self._permutations = None
        if settings.near:
            from datasketch import MinHashLSH

            self._lsh = MinHashLSH(threshold=settings.threshold, num_perm=settings.num_perm)

    def _minhash(self, text: str):
        from datasketch import MinHash

        # The shingles arrive hashed already (see shingle_hashes); `int` passes them through.
        # The permutations depend only on num_perm and seed: draw them once, not per article.
        if self._permutations is None:
            first = MinHash(num_perm=self.settings.num_perm, seed=self.settings.seed)
            self._permutations = (first.permutations, first.scheme)
        permutations, scheme = self._permutations
        mh = MinHash(num_perm=self.settings.num_perm, seed=self.settings.seed, hashfunc=int,
                     permutations=permutations, scheme=scheme)
        mh.update_batch(shingle_hashes(text, self.settings.shingle_words))
        return mh

    def check(self, path: str, article_id: str, text: str) -> Optional[str]:
        """None for a new article (remembered), else a sentence naming what it duplicates."""
        digest = sha256_bytes(text.encode("utf-8"))
        if digest in self._by_hash:
            return f"exact duplicate of {self._by_hash[digest]}"
        if article_id in self._by_id:  # the id comes from source and URL (or the record id), not the text
            return (f"same source and URL (or record id) as {self._by_id[article_id]}, with a different body "
                    "(an updated version?); the first in path order is kept")
        minhash = None
        if self._lsh is not None:
            minhash = self._minhash(text)
            candidates = sorted(self._lsh.query(minhash))
            scored = [(self._minhashes[c].jaccard(minhash), c) for c in candidates]
            scored = [(s, c) for s, c in scored if s >= self.settings.threshold]
            if scored:
                best_score, best = min(scored, key=lambda sc: (-sc[0], natural_key(sc[1])))  # ties: first path
                return f"near duplicate of {best} (estimated Jaccard {best_score:.2f})"
        self._by_id[article_id] = path
        self._by_hash[digest] = path
        if minhash is not None:
            self._lsh.insert(path, minhash)
            self._minhashes[path] = minhash
        return None
