"""The run manifest: what ran, on what, with which code and libraries."""
from __future__ import annotations

import platform
import subprocess
import sys
from pathlib import Path

from pipeline.runner import library_versions

TRACKED_PACKAGES = (
    "hydra-core", "omegaconf", "pandas", "pyarrow", "numpy", "scipy", "scikit-learn", "skops",
    "matplotlib", "jinja2", "pysbd", "vaderSentiment", "trafilatura", "datasets", "tqdm",
)


def git_state(root: Path) -> dict:
    def git(*args) -> str:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=10).stdout.strip()

    try:
        commit = git("rev-parse", "HEAD")
        dirty = bool(git("status", "--porcelain", "--untracked-files=no"))
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "dirty": None}
    return {"commit": commit or None, "dirty": dirty if commit else None}


def environment() -> dict:
    return {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "packages": library_versions(TRACKED_PACKAGES),
    }
