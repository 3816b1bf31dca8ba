"""The run manifest: git commit and dirty flag, packages, platform, seed, data hashes."""
import subprocess
from types import SimpleNamespace

import pytest

from pipeline.manifest import build_manifest, data_hashes, environment, git_state
from tests.conftest import compose_config


def git(repo, *args):
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@x", "HOME": str(repo), "PATH": "/usr/bin:/bin"})


@pytest.fixture
def repo(tmp_path):
    if subprocess.run(["git", "--version"], capture_output=True).returncode != 0:
        pytest.skip("git is not installed")
    git(tmp_path, "init", "-q")
    (tmp_path / "a.txt").write_text("one")
    git(tmp_path, "add", "a.txt")
    git(tmp_path, "commit", "-q", "-m", "first")
    return tmp_path


def test_git_state_records_the_commit_and_turns_dirty_on_an_edit(repo):
    clean = git_state(repo)
    head = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    assert clean == {"commit": head, "dirty": False, "changed_files": 0}
    (repo / "new_untracked.txt").write_text("run output")  # new files (run folders) are not edits
    assert git_state(repo)["dirty"] is False
    (repo / "a.txt").write_text("two")
    assert git_state(repo)["dirty"] is True and git_state(repo)["changed_files"] == 1


def test_git_state_outside_a_repository_is_unknown_not_an_error(tmp_path):
    assert git_state(tmp_path / "nowhere") == {"commit": None, "dirty": None}


def test_environment_names_python_platform_and_package_versions():
    env = environment()
    assert env["python"].startswith("3.") and env["platform"] and env["machine"]
    assert env["packages"]["scikit-learn"][0].isdigit() and env["packages"]["hydra-core"] == "1.3.8"


def _result(stage, external=None):
    inputs = {"external": external} if external else {"ingest": "abc"}
    return SimpleNamespace(stage=stage, key=f"k-{stage}", cache_hit=False,
                           manifest={"inputs": inputs, "rows": {}, "wall_seconds": 0.1})


def test_manifest_holds_seed_data_hashes_git_environment_and_config(tmp_path):
    cfg = compose_config(["seed=11"], tmp_path)
    results = {"ingest": _result("ingest", "corpus-hash"), "segment": _result("segment"),
               "label": _result("label", "gold-hash")}
    manifest = build_manifest(cfg, results, 1.23456)
    assert manifest["seed"] == 11 and manifest["config"]["seed"] == 11
    assert manifest["data"] == {"ingest": "corpus-hash", "label": "gold-hash"} == data_hashes(results)
    assert {"commit", "dirty"} <= set(manifest["git"]) and "packages" in manifest["environment"]
    assert manifest["wall_seconds"] == 1.235 and "gate" not in manifest
    gated = build_manifest(cfg, results, 0.0, gate=[{"passed": True}, {"passed": False}])
    assert gated["gate"]["passed"] is False
