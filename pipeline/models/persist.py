"""Saving and loading models with skops (no pickle), reproducibly.

skops names each array file, and tags each object, by its Python `id()`: a memory address that
changes from run to run. `stable_skops` renumbers those ids in order of first appearance (in the
schema and in the file names alike, so shared objects stay shared), then fixes the zip timestamps:
the same fitted model gives the same bytes.
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import skops.io as sio

from pipeline.io.zipfiles import normalize_zip

_ID_FIELDS = re.compile(r'("__id__": )(\d+)|("file": ")(\d+)(\.npy")')
# scikit-learn's CountVectorizer keeps id(self.stop_words) (a memory address) to skip a re-check;
# a stored 0 only means the check runs again once after loading.
_STOP_WORDS_ID = re.compile(r'("_stop_words_id": \{[^{}]*?"content": ")(\d+)(")')


def stable_skops(data: bytes) -> bytes:
    archive = zipfile.ZipFile(io.BytesIO(data))
    schema = archive.read("schema.json").decode("utf-8")
    renumbered: dict[str, str] = {}

    def new_id(old: str) -> str:
        return renumbered.setdefault(old, str(len(renumbered) + 1))

    def replace(match: re.Match) -> str:
        if match.group(1):
            return match.group(1) + new_id(match.group(2))
        return match.group(3) + new_id(match.group(4)) + match.group(5)

    schema = _STOP_WORDS_ID.sub(r"\g<1>0\g<3>", schema)
    schema = _ID_FIELDS.sub(replace, schema)
    sink = io.BytesIO()
    with zipfile.ZipFile(sink, "w") as target:
        target.writestr("schema.json", schema)
        for name in archive.namelist():
            if name.endswith(".npy"):
                old = name[: -len(".npy")]
                if old not in renumbered:
                    raise ValueError(f"skops archive has {name}, which its schema never names")
                target.writestr(f"{renumbered[old]}.npy", archive.read(name))
            elif name != "schema.json":
                target.writestr(name, archive.read(name))
    return normalize_zip(sink.getvalue())


def dump_model(model) -> bytes:
    return stable_skops(sio.dumps(model))


TRUSTED_PREFIXES = ("sklearn.", "numpy.", "scipy.sparse.")
# The project's own feature transformers: they hold only lists of phrases (pipeline.models.lexical) or the
# name of a packaged encoder (pipeline.models.embedding).
PROJECT_TYPES = ("pipeline.models.lexical.LexiconScores", "pipeline.models.lexical.TargetMention",
                 "pipeline.models.embedding.SentenceEmbedding")


def load_model(data: bytes | str | Path, trusted: list[str] | None = None):
    """Load a model (the file's bytes, or its path), refusing any type outside scikit-learn, numpy and
    scipy.sparse unless listed.

    skops trusts only public scikit-learn types by default; calibrated SVMs also hold private
    ones (sklearn.calibration._SigmoidCalibration), which are as safe to build as the public ones.
    """
    if isinstance(data, (str, Path)):
        data = Path(data).read_bytes()
    untrusted = sio.get_untrusted_types(data=data)
    extra = set(trusted or []) | set(PROJECT_TYPES)
    refused = [t for t in untrusted if t not in extra and not t.startswith(TRUSTED_PREFIXES)]
    if refused:
        raise ValueError(f"model file holds types that are not trusted: {refused}; list them to load it")
    return sio.loads(data, trusted=untrusted)
