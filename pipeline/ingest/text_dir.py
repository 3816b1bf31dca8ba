"""List and read the files of a corpus: raw bytes keyed by path relative to `corpus.path`.

What is not read is still accounted for. Files that `corpus.pattern` leaves out, hidden files and
folders, OS and editor bookkeeping (.DS_Store, Thumbs.db, ._* ...) and, when `corpus.recursive` is
false, subfolders are listed as skipped, each with its reason and why; the listing travels with the
raw files under `SKIPPED_KEY` and the ingest stage turns each entry into a reject. Skipped files are
listed by name only, never read: a .DS_Store that Finder rewrites whenever the folder is opened
does not change the stage's cache key, while a new or removed one does (it changes the rejects).
"""
from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Optional

from omegaconf import DictConfig

from pipeline.ingest.rejects import RejectReason
from pipeline.ingest.units import limit_detail, natural_key

# The raw-input key of the skipped listing: relative file names never start with "/".
SKIPPED_KEY = "/skipped.json"

# Files that operating systems and editors leave in folders: never an article.
_SYSTEM_NAMES = {
    ".ds_store": "macOS Finder folder settings",
    ".localized": "macOS folder-name localisation",
    "thumbs.db": "Windows thumbnail cache",
    "ehthumbs.db": "Windows thumbnail cache",
    "desktop.ini": "Windows folder settings",
    ".directory": "KDE folder settings",
}


class CorpusError(RuntimeError):
    """The corpus as configured cannot be read at all (as opposed to one bad file: a reject)."""


@dataclass(frozen=True)
class Skipped:
    path: str  # relative to corpus.path; a folder ends with "/"
    reason: str
    detail: str


def system_file_kind(name: str) -> Optional[str]:
    """What OS or editor wrote the file `name`, or None for an ordinary name."""
    known = _SYSTEM_NAMES.get(name.lower())
    if known:
        return known
    if name.startswith("._"):
        return f"macOS resource fork (AppleDouble) of {name[2:]}"
    if name.startswith("~$"):
        return "Office lock file of a document open in an editor"
    if name.startswith(".") and name.endswith((".swp", ".swo")):
        return "vim swap file"
    if name.endswith("~") or (name.startswith("#") and name.endswith("#")):
        return "editor backup copy"
    return None


def _walk(root: str, enter, unlistable: list):
    """(path, is_folder) in sorted order, as strings: every file of the folders entered, and each
    folder not entered (`enter(path)` false) as one entry. Links to folders are followed only where
    `enter` says so; a folder that cannot be listed goes to `unlistable` as (path, error)."""
    def listing_failed(err: OSError) -> None:
        unlistable.append((err.filename, err.strerror or str(err)))

    for folder, dirnames, filenames in os.walk(root, followlinks=True, onerror=listing_failed):
        dirnames.sort()
        kept = []
        for name in dirnames:
            if enter(os.path.join(folder, name), name):
                kept.append(name)
            else:
                yield os.path.join(folder, name), True
        dirnames[:] = kept
        for name in sorted(filenames):
            yield os.path.join(folder, name), False


def _skip_reason(name: str, is_folder: bool, path: str, matched: set[str], corpus: DictConfig) -> tuple[str, str] | None:
    """Why the entry is not read, as (reason, detail); None for a file to read."""
    system = None if is_folder else system_file_kind(name)
    if system:
        return RejectReason.SKIPPED_SYSTEM.value, f"{system}, not an article; not read"
    if name.startswith("."):
        what = "hidden folder" if is_folder else "hidden file"
        return RejectReason.SKIPPED_HIDDEN.value, f"{what} (its name starts with '.'), not read; rename it to include it"
    if is_folder and os.path.islink(path):
        return (RejectReason.NOT_SELECTED.value, f"a link to the folder {os.path.realpath(path)}, not followed (as "
                "corpus.recursive's glob does not); copy the files in, or read that folder as its own corpus")
    if is_folder:
        return RejectReason.NOT_SELECTED.value, "a subfolder, not read: corpus.recursive=false"
    if not os.path.isfile(path):
        return RejectReason.NOT_SELECTED.value, "not a regular file"
    if path not in matched:
        return RejectReason.NOT_SELECTED.value, f"does not match corpus.pattern={corpus.pattern!r}"
    return None


def scan_corpus(corpus: DictConfig) -> tuple[list[Path], list[Skipped]]:
    """(files to read, sorted; what was left out and why). corpus.path may be one file.

    A file is read when it matches corpus.pattern (glob, or rglob when corpus.recursive) and is
    neither hidden nor OS junk; every other file, and every folder not entered, is listed as skipped.
    """
    root = Path(corpus.path)
    if root.is_file():
        return [root], []
    if not root.is_dir():
        what = "a folder" if corpus.kind in ("text_dir", "html_dir", "mixed_dir") else "a file or a folder"
        raise CorpusError(f"corpus.path={root} is not {what} (corpus={corpus.kind})")
    globbed = list(root.rglob(corpus.pattern) if corpus.recursive else root.glob(corpus.pattern))
    matched = {os.fspath(f) for f in globbed}
    # A pattern with a folder part ("2020/*.txt") reaches into subfolders even when not recursive.
    reached = {os.fspath(p) for f in globbed for p in f.parents} if "/" in corpus.pattern else set()
    recursive = bool(corpus.recursive)

    def enter(folder: str, name: str) -> bool:  # hidden folders never; links only where the pattern reached
        if name.startswith("."):
            return False
        return folder in reached if os.path.islink(folder) else (recursive or folder in reached)

    prefix = os.path.join(os.fspath(root), "")

    def relative(path) -> str:
        return os.fspath(path)[len(prefix):].replace(os.sep, "/")

    files, skipped, unlistable = [], [], []
    for path, is_folder in _walk(os.fspath(root), enter, unlistable):
        rel = relative(path)
        why = _skip_reason(rel.rsplit("/", 1)[-1], is_folder, path, matched, corpus)
        if why is None:
            files.append(Path(path))
        else:
            skipped.append(Skipped(rel + "/" if is_folder else rel, *why))
    for path, error in unlistable:
        skipped.append(Skipped(relative(path) + "/", RejectReason.UNREADABLE.value, f"the folder could not be listed: {error}"))
    return sorted(files, key=lambda f: natural_key(os.fspath(f))), skipped


def _no_files_message(root: Path, corpus: DictConfig, skipped: list[Skipped]) -> str:
    message = f"corpus.path={root} holds no files matching {corpus.pattern!r}"
    if skipped:
        names = ", ".join(s.path for s in skipped[:5]) + (", ..." if len(skipped) > 5 else "")
        message += f" (left out: {len(skipped)} entries: {names})"
    return message


def _scan_with_files(corpus: DictConfig) -> tuple[list[Path], list[Skipped]]:
    """scan_corpus, or a CorpusError that lists what was left out when no file is to be read."""
    files, skipped = scan_corpus(corpus)
    if not files:
        raise CorpusError(_no_files_message(Path(corpus.path), corpus, skipped))
    return files, skipped


def list_corpus_files(corpus: DictConfig) -> list[Path]:
    """Files under corpus.path matching corpus.pattern, sorted; corpus.path may be one file."""
    return _scan_with_files(corpus)[0]


def relative_name(path: Path, root: Path) -> str:
    return path.name if root.is_file() else path.relative_to(root).as_posix()


def skipped_listing(skipped: list[Skipped]) -> bytes:
    return json.dumps([asdict(s) for s in sorted(skipped, key=lambda s: s.path)], sort_keys=True).encode("utf-8")


def parse_skipped_listing(data: bytes) -> list[Skipped]:
    return [Skipped(**entry) for entry in json.loads(data.decode("utf-8"))]


def _first_files(files: list[Path], skipped: list[Skipped], root: Path, limit: int) -> tuple[list[Path], list[Skipped]]:
    """One file, one article: cut to corpus.max_articles before reading; the rest are listed as skipped."""
    detail = limit_detail("the file was not read", limit)
    cut = [Skipped(relative_name(f, root), RejectReason.NOT_SELECTED.value, detail) for f in files[limit:]]
    return files[:limit], skipped + cut


def read_files(corpus: DictConfig) -> dict[str, bytes]:
    """Relative name -> bytes of every file to read, plus the skipped listing under SKIPPED_KEY."""
    root = Path(corpus.path)
    files, skipped = _scan_with_files(corpus)
    if corpus.max_articles and corpus.kind in ("text_dir", "html_dir"):
        files, skipped = _first_files(files, skipped, root, int(corpus.max_articles))
    raw = {relative_name(f, root): f.read_bytes() for f in files}
    if skipped:
        raw[SKIPPED_KEY] = skipped_listing(skipped)
    return raw


def read_text_dir(cfg: DictConfig) -> dict[str, bytes]:
    return read_files(cfg.corpus)
