"""Data-driven rule fixtures: tests/cases/<CODE>.toml, pass and fail cases with exact findings.

Each case lists its files, an optional policy, and the exact set of (rule, path, cell)
findings expected for the rule codes it observes (by default the file's own code).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.conftest import findings_of

CASES_DIR = Path(__file__).parent / "cases"


def _load_cases() -> list:
    params = []
    for path in sorted(CASES_DIR.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for case in data["case"]:
            params.append(pytest.param(path.stem, case, id=f"{path.stem}:{case['name']}"))
    return params


@pytest.mark.parametrize(("code", "case"), _load_cases())
def test_rule_case(code: str, case: dict, check_files) -> None:
    result = check_files(case["files"], case.get("policy"), case.get("profile"))
    observe = set(case.get("observe", [code]))
    expected = {(r, p, c or None) for r, p, c in case.get("expected", [])}
    assert findings_of(result, observe) == expected
    if "status" in case:
        assert result.status.value == case["status"]
    for rule, cell, status in case.get("finding_status", []):
        statuses = {f.status.value for f in result.findings
                    if f.rule == rule and (f.location.cell or "") == cell}
        assert statuses == {status}, (rule, cell)


def test_every_rule_has_pass_and_fail_cases() -> None:
    from sdc.rules import REGISTRY

    have: dict[str, set[str]] = {}
    for path in CASES_DIR.glob("*.toml"):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        have[path.stem] = {"fail" if c.get("expected") else "pass" for c in data["case"]}
    # SDC504 needs a ledger of released outputs: its cases are in tests/test_prior_release.py
    for code in set(REGISTRY) - {"SDC504"}:
        assert have.get(code, set()) >= {"pass", "fail"}, f"{code} needs pass and fail cases"
