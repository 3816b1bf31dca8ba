"""The CI gate: floors, maximum drops against a baseline, one line per failure, JUnit XML, exit code 1."""
import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from omegaconf import OmegaConf

from pipeline.gate.checks import ThresholdError, evaluate_gates, failure_lines
from pipeline.gate.junit import junit_xml
from pipeline.gate.run import run_gates
from tests.conftest import compose_config

METRICS = {"stance": {"end_model": {"macro_f1": 0.50, "f_avg": 0.40}, "majority": {"macro_f1": 0.2}}}
BASELINE = {"stance": {"end_model": {"macro_f1": 0.56, "f_avg": 0.41}, "majority": {"macro_f1": 0.2}}}


def test_floors_pass_at_the_floor_and_fail_below_it():
    results = evaluate_gates(METRICS, {"stance": {"end_model": {"macro_f1": 0.5, "f_avg": 0.45}}}, {}, None)
    assert [(r.metric, r.passed) for r in results] == [("stance.end_model.f_avg", False), ("stance.end_model.macro_f1", True)]
    assert failure_lines(results) == ["GATE FAILED floor: stance.end_model.f_avg = 0.400 < floor 0.450"]


def test_drop_against_the_baseline():
    results = evaluate_gates(METRICS, {}, {"stance": {"end_model": {"macro_f1": 0.05, "f_avg": 0.05}}}, BASELINE, "b.json")
    verdicts = {r.metric: r.passed for r in results}
    assert verdicts == {"stance.end_model.macro_f1": False, "stance.end_model.f_avg": True}  # dropped 0.06 and 0.01
    assert "drop +0.060 exceeds max_drop 0.050" in failure_lines(results)[0]


def test_an_improvement_never_fails_a_drop_gate():
    better = {"stance": {"end_model": {"macro_f1": 0.9}}}
    assert evaluate_gates(better, {}, {"stance": {"end_model": {"macro_f1": 0.0}}}, BASELINE)[0].passed


def test_an_error_metric_has_a_ceiling_and_its_rise_is_what_max_drop_bounds():
    metrics = {"stance": {"end_model": {"ece": 0.12}}}
    baseline = {"stance": {"end_model": {"ece": 0.05}}}
    ceiling = evaluate_gates(metrics, {}, {}, None, ceilings={"stance": {"end_model": {"ece": 0.10}}})
    assert failure_lines(ceiling) == ["GATE FAILED ceiling: stance.end_model.ece = 0.120 > ceiling 0.100"]
    assert evaluate_gates(metrics, {}, {}, None, ceilings={"stance": {"end_model": {"ece": 0.12}}})[0].passed
    # ece rose by 0.07: worse, although a fall of the number would be what a score's drop looks like.
    rise = evaluate_gates(metrics, {}, {"stance": {"end_model": {"ece": 0.05}}}, baseline)
    assert failure_lines(rise) == ["GATE FAILED max_drop: stance.end_model.ece = 0.120, baseline 0.050: "
                                   "rise +0.070 exceeds max_drop 0.050"]
    assert evaluate_gates(baseline, {}, {"stance": {"end_model": {"ece": 0.0}}}, metrics)[0].passed  # ece fell: better


@pytest.mark.parametrize("floors, ceilings, message", [
    ({"stance": {"end_model": {"ece": 0.1}}}, {}, "gate.floors.stance.end_model.ece: ece is better when lower; "
                                                 "bound it with gate.ceilings.stance.end_model.ece"),
    ({}, {"stance": {"end_model": {"macro_f1": 0.9}}}, "gate.ceilings.stance.end_model.macro_f1: macro_f1 is better "
                                                      "when higher; bound it with gate.floors.stance.end_model.macro_f1"),
])
def test_a_bound_on_the_wrong_side_is_refused_as_it_would_pass_the_worse_run(floors, ceilings, message):
    with pytest.raises(ThresholdError) as err:
        evaluate_gates(METRICS, floors, {}, None, ceilings=ceilings)
    assert str(err.value) == message


def test_a_p_value_takes_a_ceiling_and_a_count_of_no_known_direction_takes_either_bound():
    metrics = {"stance": {"end_model": {"paired_bootstrap": {"majority": {"p_value": 0.01}}},
                          "split": {"n_gold_not_tested": 3}}}
    ceilings = {"stance": {"end_model": {"paired_bootstrap": {"majority": {"p_value": 0.05}}}, "split": {"n_gold_not_tested": 0}}}
    results = evaluate_gates(metrics, {"stance": {"split": {"n_gold_not_tested": 1}}}, {}, None, ceilings=ceilings)
    assert [(r.kind, r.metric.rsplit(".", 1)[-1], r.passed) for r in results] == [
        ("floor", "n_gold_not_tested", True), ("ceiling", "p_value", True), ("ceiling", "n_gold_not_tested", False)]
    with pytest.raises(ThresholdError, match="p_value is better when lower"):
        evaluate_gates(metrics, {"stance": {"end_model": {"paired_bootstrap": {"majority": {"p_value": 0.05}}}}}, {}, None)


def test_a_count_declared_lower_is_better_has_its_rise_bounded_and_refuses_a_floor():
    count = {"stance": {"split": {"n_gold_not_tested": 4}}}
    baseline = {"stance": {"split": {"n_gold_not_tested": 1}}}
    drop = {"stance": {"split": {"n_gold_not_tested": 2}}}
    # Undeclared, a count is read like a score: its rise by 3 is no drop at all.
    assert evaluate_gates(count, {}, drop, baseline)[0].passed
    declared = ["stance.split.n_gold_not_tested"]
    rise = evaluate_gates(count, {}, drop, baseline, lower_is_better=declared)
    assert failure_lines(rise) == ["GATE FAILED max_drop: stance.split.n_gold_not_tested = 4.000, baseline 1.000: "
                                   "rise +3.000 exceeds max_drop 2.000"]
    with pytest.raises(ThresholdError, match="n_gold_not_tested is better when lower"):
        evaluate_gates(count, drop, {}, None, lower_is_better=declared)


def test_a_declared_direction_for_a_metric_no_gate_bounds_is_refused_as_a_likely_typo():
    with pytest.raises(ThresholdError, match="gate.lower_is_better: stance.split.n_gold_not_testd has no gate"):
        evaluate_gates(METRICS, {}, {"stance": {"split": {"n_gold_not_tested": 2}}}, None,
                       lower_is_better=["stance.split.n_gold_not_testd"])


def test_a_score_declared_lower_is_better_is_refused_as_it_would_pass_every_fall():
    with pytest.raises(ThresholdError, match="stance.end_model.macro_f1 is a score, better when higher"):
        evaluate_gates(METRICS, {}, {"stance": {"end_model": {"macro_f1": 0.02}}}, BASELINE,
                       lower_is_better=["stance.end_model.macro_f1"])


def test_a_declared_direction_composes_from_the_command_line_and_reaches_the_gate(tmp_path):
    cfg = compose_config(["experiment=ci", "+gate.max_drop.stance.split.n_gold_not_tested=0",
                          "gate.lower_is_better=[stance.split.n_gold_not_tested]"], tmp_path)
    metrics = {"stance": {"split": {"n_gold_not_tested": 2}}}
    (tmp_path / "metrics.json").write_text(json.dumps(metrics))
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps({"stance": {"split": {"n_gold_not_tested": 0}}}))
    cfg.gate.baseline = str(baseline)
    results = {r.metric: r for r in run_gates(cfg.gate, tmp_path)}
    assert "rise +2.000 exceeds" in results["stance.split.n_gold_not_tested"].message


def test_missing_metric_or_baseline_fails_with_a_reason():
    results = evaluate_gates(METRICS, {"stance": {"end_model": {"kappa": 0.1}}},
                             {"stance": {"end_model": {"macro_f1": 0.1}}}, None, "experiments/b.json")
    lines = failure_lines(results)
    assert len(lines) == 2
    assert "stance.end_model.kappa: not in metrics.json" in lines[0]
    assert "no baseline at experiments/b.json" in lines[1] and "make baseline" in lines[1]


def test_junit_has_one_testcase_per_gate_and_a_failure_element_for_each_breach():
    results = evaluate_gates(METRICS, {"stance": {"end_model": {"macro_f1": 0.6, "f_avg": 0.1}}},
                             {"stance": {"end_model": {"macro_f1": 0.1}}}, BASELINE)
    root = ET.fromstring(junit_xml(results))
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    assert len(cases) == 3 and suite.get("tests") == "3" and suite.get("failures") == "1"
    failed = [c for c in cases if c.find("failure") is not None]
    assert [(c.get("classname"), c.get("name")) for c in failed] == [("gate.floor", "stance.end_model.macro_f1")]


def test_run_gates_reads_a_temporary_baseline_and_writes_junit_and_json(tmp_path):
    (tmp_path / "metrics.json").write_text(json.dumps(METRICS))
    (tmp_path / "baseline.json").write_text(json.dumps(BASELINE))
    gate = OmegaConf.create({"enabled": True, "floors": {}, "baseline": str(tmp_path / "baseline.json"),
                             "max_drop": {"stance": {"end_model": {"macro_f1": 0.1}}}, "junit_path": None})
    results = run_gates(gate, tmp_path)
    assert [r.passed for r in results] == [True]
    assert ET.parse(tmp_path / "gates.xml").getroot().find("testsuite").get("tests") == "1"
    assert json.loads((tmp_path / "gates.json").read_text())[0]["baseline"] == 0.56


def test_the_ci_gate_names_only_metrics_the_committed_baseline_has(project_root):
    """The committed baseline must hold every metric experiment=ci gates on (values change; names must not)."""
    from pipeline.evaluation.summary import flatten_metrics

    cfg = compose_config(["experiment=ci"])
    baseline = flatten_metrics(json.loads((project_root / "experiments/baselines/ci/metrics.json").read_text()))
    gated = flatten_metrics(OmegaConf.to_container(cfg.gate.floors)) | flatten_metrics(OmegaConf.to_container(cfg.gate.max_drop))
    assert cfg.gate.enabled and gated and set(gated) <= set(baseline)


@pytest.fixture(scope="module")
def ci_run(tmp_path_factory):
    """experiment=ci on a slice of the corpus, writing its own baseline (never the committed one)."""
    tmp = tmp_path_factory.mktemp("gate")
    result = run_cli("experiment=ci", "gate.write_baseline=true", f"gate.baseline={tmp / 'baseline.json'}",
                     *SMALL, f"hydra.run.dir={tmp / 'first'}", f"paths.cache_dir={tmp / 'cache'}", cwd=tmp)
    return tmp, result


SMALL = ("corpus.max_articles=4", "eval.n_splits=2", "model=complement_nb")
# The floors of conf/gate/ci.yaml are for the whole corpus; on a 4-article slice only the drops are meaningful.
NO_FLOORS = tuple(f"gate.floors.{m}=0.0" for m in (
    "stance.end_model.macro_f1", "stance.end_model.f_avg", "stance.label_model.macro_f1",
    "sentiment.end_model.macro_f1", "sentiment.label_model.macro_f1"))


def run_cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def test_make_baseline_path_copies_the_run_metrics(ci_run):
    tmp, result = ci_run
    assert result.returncode == 0, result.stderr
    assert (tmp / "baseline.json").read_bytes() == (tmp / "first" / "metrics.json").read_bytes()


def test_ci_experiment_passes_against_its_own_baseline(ci_run):
    tmp, _ = ci_run
    result = run_cli("experiment=ci", f"gate.baseline={tmp / 'baseline.json'}", *SMALL, *NO_FLOORS,
                     f"hydra.run.dir={tmp / 'second'}", f"paths.cache_dir={tmp / 'cache'}", cwd=tmp)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("gates: all 10 passed")
    assert (tmp / "second" / "gates.xml").is_file()


def test_ci_experiment_breach_exits_1_with_one_line_per_failed_gate(ci_run):
    tmp, _ = ci_run
    result = run_cli("experiment=ci", f"gate.baseline={tmp / 'baseline.json'}", *SMALL, *NO_FLOORS,
                     "gate.floors.stance.end_model.macro_f1=0.99", "gate.max_drop.sentiment.end_model.macro_f1=-0.5",
                     f"hydra.run.dir={tmp / 'third'}", f"paths.cache_dir={tmp / 'cache'}", cwd=tmp)
    assert result.returncode == 1
    failed = [line for line in result.stderr.splitlines() if line.startswith("GATE FAILED")]
    assert len(failed) == 2, result.stderr
    assert any("stance.end_model.macro_f1" in line and "floor 0.990" in line for line in failed)
    assert any("sentiment.end_model.macro_f1" in line and "max_drop" in line for line in failed)
    root = ET.parse(tmp / "third" / "gates.xml").getroot()
    assert len(list(root.iter("failure"))) == 2
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("group", ["gate", "tracking"])
def test_every_gate_and_tracking_option_composes_and_resolves(group, tmp_path, project_root):
    for option in sorted(p.stem for p in (project_root / "conf" / group).glob("*.yaml")):
        cfg = compose_config([f"{group}={option}"], tmp_path)
        OmegaConf.to_container(cfg, resolve=True)


def test_a_misspelt_gate_key_fails_at_composition(tmp_path):
    with pytest.raises(Exception, match="flors"):
        compose_config(["gate.flors.stance.end_model.macro_f1=0.5"], tmp_path)


@pytest.mark.parametrize("value", ["'0.99'", "abc", "true"])
def test_a_threshold_that_is_not_a_number_is_an_error_not_a_gate_turned_off(value):
    with pytest.raises(ValueError, match=r"gate.floors.stance.end_model.f_avg=.*must be a number"):
        evaluate_gates(METRICS, {"stance": {"end_model": {"macro_f1": 0.1, "f_avg": {"'0.99'": "0.99", "abc": "abc",
                                                                                     "true": True}[value]}}}, {}, None)


def test_a_quoted_threshold_stops_the_run_before_any_stage_with_one_line(tmp_path):
    result = run_cli("experiment=ci", "gate.floors.stance.end_model.f_avg='0.99'", f"hydra.run.dir={tmp_path / 'run'}",
                     f"paths.cache_dir={tmp_path / 'cache'}", cwd=tmp_path)
    assert result.returncode == 1
    assert "error: gate.floors.stance.end_model.f_avg='0.99': a gate threshold must be a number" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "run" / "articles.parquet").exists()


def test_a_threshold_may_be_an_interpolation_and_null_says_how_to_remove_a_gate(tmp_path):
    from pipeline.gate.run import check_gate_config

    cfg = compose_config(["experiment=ci", "gate.floors.stance.end_model.f_avg=${gate.floors.stance.end_model.macro_f1}"],
                         tmp_path)
    check_gate_config(cfg)  # resolves to the macro_f1 floor, a number
    with pytest.raises(ValueError, match=r"=None: .*to remove the gate: ~gate.floors.stance.end_model.f_avg"):
        check_gate_config(compose_config(["experiment=ci", "gate.floors.stance.end_model.f_avg=null"], tmp_path))
