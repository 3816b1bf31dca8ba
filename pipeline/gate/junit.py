"""JUnit XML: one testcase per gate, so that CI systems list every gate and show the failed ones."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from pipeline.gate.checks import GateResult


def junit_xml(results: list[GateResult], suite: str = "evaluation-gates") -> bytes:
    failures = sum(not r.passed for r in results)
    root = ET.Element("testsuites", name=suite, tests=str(len(results)), failures=str(failures))
    testsuite = ET.SubElement(root, "testsuite", name=suite, tests=str(len(results)), failures=str(failures),
                              errors="0", skipped="0")
    for r in results:
        case = ET.SubElement(testsuite, "testcase", classname=f"gate.{r.kind}", name=r.metric)
        if r.passed:
            ET.SubElement(case, "system-out").text = r.message
        else:
            failure = ET.SubElement(case, "failure", message=r.message, type=f"{r.kind}_breach")
            failure.text = r.message
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
