"""What a stage is: a named pure function from config and input artifacts to output artifacts."""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Optional

from omegaconf import DictConfig

from pipeline.config.tree import dict_nodes

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class Artifacts:
    """The tables and files a stage reads or writes. Files are bytes keyed by relative path."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)

    def merge(self, other: "Artifacts") -> "Artifacts":
        return Artifacts({**self.tables, **other.tables}, {**self.files, **other.files})


def resolve(reference: str) -> Callable:
    """`package.module:function` to the function, importing the module only now."""
    module, _, attr = reference.partition(":")
    return getattr(importlib.import_module(module), attr)


@dataclass(frozen=True)
class Stage:
    """A stage's declaration. Its functions are named, not imported, so that a run served from the
    cache never pays for importing scikit-learn or matplotlib."""

    name: str
    version: str  # bump when the stage's logic changes, so old cache entries stop matching
    config_keys: tuple[str, ...]  # the config subtrees the stage reads; they enter the cache key
    upstream: tuple[str, ...]  # stages whose outputs it reads
    libraries: tuple[str, ...]  # distributions whose versions enter the cache key
    run: str  # "module:function", (DictConfig, Artifacts) -> Artifacts
    # "module:function", DictConfig -> {relative path: bytes}: files read from outside the run.
    external_inputs: Optional[str] = None
    # (`_target_` prefix, distributions): versions that enter the key only when the stage's config names
    # a target under the prefix (the sentence encoder's libraries, for features with an embedding block).
    libraries_if_used: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def libraries_for(self, config: dict) -> tuple[str, ...]:
        """`libraries`, plus those of `libraries_if_used` whose targets `config` (this stage's resolved
        config subtrees) names."""
        targets = [str(node["_target_"]) for _, node in dict_nodes(config) if "_target_" in node]
        extra = [lib for prefix, libs in self.libraries_if_used if any(t.startswith(prefix) for t in targets)
                 for lib in libs]
        return self.libraries + tuple(extra)

    def compute(self, cfg: DictConfig, inputs: Artifacts) -> Artifacts:
        return resolve(self.run)(cfg, inputs)

    def read_external(self, cfg: DictConfig) -> dict[str, bytes]:
        return resolve(self.external_inputs)(cfg) if self.external_inputs else {}
