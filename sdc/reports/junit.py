"""``--format junit``: JUnit XML, one test case per output, for CI test dashboards.

Layout: ``<testsuites>`` holding exactly one ``<testsuite name="sdc">``; each output is a
``<testcase classname=… name=…>`` (classname: the output's path with ``/`` as ``.``; name: the
path, with ``[sheet]`` for a workbook sheet).

Review findings (a person must look) follow ``--fail-on`` (``options.fail_on``), so the
dashboard agrees with the exit code:
- findings at or above ``fail_on`` make one ``<failure>`` (``type="fail"``, or ``"review"`` when
  only review findings reach it) listing each as ``status rule name cell: message``;
- an output whose worst finding is below ``fail_on`` (review under the default ``--fail-on
  fail``) is ``<skipped message="needs review: …">``: not a failure, but not silently green;
- every finding is also listed in ``<system-out>``;
- paths an exclude skipped are counted in the ``excluded`` property and listed (path and what
  excluded it) in the suite's ``<system-out>``: an exclude is never silent.
JUnit reports leave the TRE: value-free messages, no evidence or labels unless ``--show-values``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import IO, TYPE_CHECKING

from sdc.reports.common import (
    clean_text,
    declaration_lines,
    display_name,
    excluded_lines,
    finding_notes,
    label_text,
)
from sdc.results import Finding, RunResult, Status

if TYPE_CHECKING:
    from sdc.reports import ReportOptions


def _line(f: Finding, show: bool) -> str:
    cell = f.location.cell or "-"
    if show and label_text(f.location):
        cell += f" ({label_text(f.location)})"
    text = (f"{f.status.value} {f.rule} {f.name} {cell}: {f.text(show_values=show)}"
            f"{finding_notes(f, show)}")
    return clean_text(text)



def _brief(findings: list[Finding]) -> str:
    """``SDC101 small-count B2, C3; SDC604 identifier``: a one-line failure message."""
    by_rule: dict[str, list[str]] = {}
    for f in findings:
        by_rule.setdefault(f"{f.rule} {f.name}", []).append(f.location.cell or "")
    parts = []
    for rule, cells in by_rule.items():
        refs = [c for c in cells if c]
        shown = ", ".join(refs[:5]) + (f" (+{len(refs) - 5})" if len(refs) > 5 else "")
        parts.append(f"{rule} {shown}".rstrip())
    return clean_text(f"{len(findings)} findings: " + "; ".join(parts))


def build_junit(result: RunResult, options: ReportOptions) -> ET.Element:
    show = options.show_values
    fail_on = options.fail_on
    root = ET.Element("testsuites", name="sdc")
    suite = ET.SubElement(root, "testsuite", name="sdc")
    props = ET.SubElement(suite, "properties")
    policy = result.policy
    for key, value in (("sdc.version", result.tool_version), ("policy.source", policy.source),
                       ("policy.profile", policy.profile), ("policy.sha256", policy.sha256),
                       ("status", result.status.value), ("fail_on", fail_on.value)):
        ET.SubElement(props, "property", name=key, value=clean_text(str(value)))
    failures = skipped = 0
    for out in result.outputs:
        case = ET.SubElement(suite, "testcase",
                             classname=clean_text(out.path.replace("/", ".")),
                             name=clean_text(display_name(out)), time="0")
        blocking = [f for f in out.findings if f.status.rank >= fail_on.rank]
        if blocking:
            failures += 1
            kind = "fail" if any(f.status is Status.FAIL for f in blocking) else "review"
            failure = ET.SubElement(case, "failure", type=kind, message=_brief(blocking))
            failure.text = "\n".join(_line(f, show) for f in blocking)
        elif out.findings:
            skipped += 1
            ET.SubElement(case, "skipped", message="needs review: " + _brief(out.findings))
        if out.findings:
            ET.SubElement(case, "system-out").text = "\n".join(_line(f, show)
                                                              for f in out.findings)
    changed = result.declared_changes(with_claim=show)
    ET.SubElement(props, "property", name="declarations", value=str(len(changed)))
    ET.SubElement(props, "property", name="excluded", value=str(len(result.excluded)))
    # the suite's own output lists every finding a declaration changed and every path skipped
    lines = declaration_lines(result, with_claim=show) + excluded_lines(result)
    if lines:
        ET.SubElement(suite, "system-out").text = clean_text("\n".join(lines).strip())
    counts = {"tests": str(len(result.outputs)), "failures": str(failures), "errors": "0",
              "skipped": str(skipped), "time": "0"}
    suite.attrib.update(counts)
    root.attrib.update({k: v for k, v in counts.items() if k != "time"})
    return root


def write_junit(result: RunResult, stream: IO[str], options: ReportOptions) -> None:
    root = build_junit(result, options)
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")
