"""How configs differ: from the project's defaults (for a run's report) and from each other (for a comparison)."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Optional

from omegaconf import DictConfig, OmegaConf

# Where things are, not what is computed: left out of every diff.
IGNORED_PREFIXES = ("paths.", "hydra.")
_OUTPUT_DIR_PLACEHOLDER = "<run folder>"
MISSING_VALUE = "(absent)"


def flatten(node: Any, prefix: str = "") -> dict[str, Any]:
    """Nested mappings to `a.b.c` keys; lists stay whole values (they are set as a whole). An empty
    mapping adds no key: `gate.floors: {}` and a gate with floors differ by the floors, not by `{}`."""
    if isinstance(node, dict):
        flat = {}
        for key, value in node.items():
            flat.update(flatten(value, f"{prefix}{key}."))
        return flat
    return {prefix[:-1]: node}


def _visible(key: str) -> bool:
    return not key.startswith(IGNORED_PREFIXES)


def resolved(cfg: DictConfig) -> dict:
    """The config as plain values; the run folder (known only inside Hydra) becomes a placeholder."""
    from omegaconf.errors import InterpolationResolutionError

    try:  # the quick way, when every interpolation resolves (inside Hydra, or with output_dir given)
        container = OmegaConf.to_container(cfg, resolve=True)
    except InterpolationResolutionError:  # the composed defaults, outside Hydra: ${hydra:...} is unknown
        container = OmegaConf.to_container(cfg, resolve=False)
        if isinstance(container.get("paths"), dict):
            container["paths"]["output_dir"] = _OUTPUT_DIR_PLACEHOLDER
        container = OmegaConf.to_container(OmegaConf.create(container), resolve=True)
    if isinstance(container.get("paths"), dict):
        container["paths"]["output_dir"] = _OUTPUT_DIR_PLACEHOLDER
    container.pop("hydra", None)
    return container


def diff_against(run: dict, reference: dict) -> list[dict]:
    """Keys whose value differs between two flat-able configs, sorted by key."""
    a, b = flatten(reference), flatten(run)
    rows = []
    for key in sorted(set(a) | set(b)):
        if _visible(key) and a.get(key, MISSING_VALUE) != b.get(key, MISSING_VALUE):
            rows.append({"key": key, "default": a.get(key, MISSING_VALUE), "value": b.get(key, MISSING_VALUE)})
    return rows


def differing_keys(configs: list[dict]) -> list[str]:
    """Keys whose value is not the same in every config (a key missing from one counts as different)."""
    flats = [flatten(c) for c in configs]
    keys = sorted(set().union(*flats)) if flats else []
    return [k for k in keys if _visible(k) and len({json.dumps(f.get(k, MISSING_VALUE), sort_keys=True, default=str)
                                                    for f in flats}) > 1]


def compose_defaults() -> DictConfig:
    """The project's config with no override, composed the way Hydra composes a run.

    Inside a running Hydra app the global Hydra state is in use, so it is set aside and put back.
    """
    from hydra import compose, initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra
    from hydra.initialize import get_gh_backup, restore_gh_from_backup

    from pipeline.cli import CONFIG_DIR, register

    register()
    backup = get_gh_backup()
    GlobalHydra.instance().clear()
    try:
        with initialize_config_dir(config_dir=CONFIG_DIR, version_base="1.3"):
            return compose(config_name="config")
    finally:
        restore_gh_from_backup(backup)


def format_value(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, default=str)


def _defaults_fingerprint() -> str:
    """What the composed defaults depend on: every file under conf/, the schemas, the checkout's location."""
    from importlib.metadata import version

    from pipeline.cli import CONFIG_DIR, PROJECT_ROOT
    from pipeline.io.hashing import hash_object, sha256_bytes

    conf = Path(CONFIG_DIR)
    schemas = Path(__file__).resolve().parents[1] / "config"
    files = sorted([*conf.rglob("*.yaml"), *schemas.glob("*.py")])
    return hash_object({"files": {str(f): sha256_bytes(f.read_bytes()) for f in files},
                        "root": str(PROJECT_ROOT), "hydra": version("hydra-core")})[:24]


def resolved_defaults(cache_dir: Optional[Path]) -> dict:
    """The resolved default config. Composing takes a few tenths of a second, which a run served from
    the stage cache should not pay every time, so it is kept on disk under a hash of what it depends on."""
    if cache_dir is None:
        return resolved(compose_defaults())
    entry = Path(cache_dir) / "config_defaults" / f"{_defaults_fingerprint()}.json"
    if entry.is_file():
        return json.loads(entry.read_text(encoding="utf-8"))
    defaults = resolved(compose_defaults())
    entry.parent.mkdir(parents=True, exist_ok=True)
    tmp = entry.with_name(f".{entry.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(defaults, sort_keys=True, default=str), encoding="utf-8")
    os.replace(tmp, entry)  # atomic: a parallel job reads the old state or the whole file
    return defaults


def config_diff_input(cfg: DictConfig) -> dict[str, bytes]:
    """The report stage's external input: this run's differences from the defaults, as JSON.

    An external input rather than a computation inside the stage, so that the difference enters the
    report's cache key and the stage stays a pure function of what it is given.
    """
    cache_dir = cfg.paths.get("cache_dir") if "paths" in cfg else None
    rows = diff_against(resolved(cfg), resolved_defaults(Path(cache_dir) if cache_dir else None))
    payload = [{"key": r["key"], "default": format_value(r["default"]), "value": format_value(r["value"])} for r in rows]
    return {"config_diff.json": json.dumps(payload, indent=1, sort_keys=True).encode("utf-8")}
