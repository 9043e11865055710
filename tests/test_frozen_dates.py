"""No test may depend on the day, the time zone or the locale it runs in.

The tests that touch clocks (the ledger's timestamps, release dates in messages, report headers)
are run again in a child pytest with the clock moved to the days that broke them before — the
29th, 30th and 31st of a month and 29 February — and in time zones far from UTC.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# test_model_text reads statsmodels summaries, which print today's date and time among their
# labels (``Date: Tue, 01 Dec 2026``, ``Time: 03:18:10``)
CLOCK_TESTS = ["tests/test_prior_release.py", "tests/test_reports_registry.py",
               "tests/test_reports_ci.py", "tests/test_reports_acro.py",
               "tests/test_model_text.py"]
DAYS = [("2027-01-29T23:59:58", "UTC"), ("2026-11-30T12:00:00", "Pacific/Kiritimati"),
        ("2026-12-31T23:30:00", "America/Anchorage"), ("2028-02-29T00:00:01", "Asia/Kolkata")]


@pytest.mark.slow
@pytest.mark.parametrize(("day", "zone"), DAYS, ids=[f"{d[:10]}-{z}" for d, z in DAYS])
def test_clock_dependent_tests_pass_on_awkward_days(day: str, zone: str) -> None:
    """One child run a day, so xdist can spread the days over its workers (CI time)."""
    pytest.importorskip("time_machine")
    env = {**os.environ, "TZ": zone, "LC_ALL": "C.UTF-8", "SDC_TEST_FROZEN_DATE": day}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x",
         "-k", "not postgres", *CLOCK_TESTS],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, f"{day} {zone}:\n{run.stdout[-3000:]}"
