"""Startup stays light: ``import sdc`` and ``sdc --help`` load no heavy library; the progress
bar waits a second before it shows."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from rich.console import Console

from sdc.cli.progress import DelayedProgress

HEAVY = ("pandas", "scipy", "matplotlib", "openpyxl", "sqlalchemy", "pypdf")

PROBE = """
import json, sys
{body}
print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)))
"""


def _heavy_after(body: str) -> list[str]:
    code = PROBE.format(body=body, heavy=HEAVY)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_import_sdc_loads_nothing_heavy() -> None:
    assert _heavy_after("import sdc") == []


def test_help_loads_nothing_heavy() -> None:
    body = ("from sdc.cli import app\n"
            "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
            "try:\n    app(['check', '--help'])\nexcept SystemExit:\n    pass")
    assert _heavy_after(body) == []


NUMERIC = (*HEAVY, "numpy", "highspy", "lxml")


def _cli(*argv: str) -> str:
    return ("from sdc.cli import app\n"
            f"try:\n    app({list(argv)!r})\nexcept SystemExit:\n    pass\n")


def test_rules_commands_load_no_numeric_library() -> None:
    # rule metadata and the policy's validation need pydantic only: the rules import numpy,
    # scipy and the readers where they check, not where they are defined
    body = _cli("rules") + _cli("rules", "SDC101") + _cli("rules", "differencing")
    code = PROBE.format(body=body, heavy=NUMERIC)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert "SDC501" in proc.stdout and "Parameters" in proc.stdout  # the commands ran
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == []


RULE_HELPERS = ("sdc.bands", "sdc.derived_counts", "sdc.identifiers", "sdc.readers.roles",
                "sdc.charts.agreement")
OTHER_FAMILIES = ("sdc.cli.check", "sdc.cli.workflow", "sdc.cli.lifecycle", "sdc.cli.serve",
                  "sdc.cli.users", "sdc.cli.protect", "sdc.reports", "sdc.excludes")


def test_rules_listing_loads_no_rule_helper_and_no_other_command() -> None:
    # the rules import what they check with where they check: listing them needs only their
    # metadata (bands, implied counts and identifier patterns cost ~25 ms of `sdc rules`);
    # and sdc.cli.FAMILIES: `sdc rules` imports neither the check command's options (the
    # readers' and reporters' registries) nor the ledger's commands (~40 ms)
    code = PROBE.format(body=_cli("rules"), heavy=(*RULE_HELPERS, *OTHER_FAMILIES))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert "SDC101" in proc.stdout
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == []


def test_policy_and_rules_import_no_numeric_library() -> None:
    body = "import sdc.policy, sdc.rules, sdc.readers, sdc.evidence, sdc.audit, sdc.excludes"
    assert _heavy_after_any(body, NUMERIC) == []


def _check_json(tmp_path, csv: str, *, heavy: tuple[str, ...]) -> tuple[dict, list[str]]:
    """Run ``sdc check t.csv --format json`` in a fresh interpreter: the result and which of
    ``heavy`` were imported."""
    (tmp_path / "t.csv").write_text(csv)
    body = _cli("check", str(tmp_path / "t.csv"), "--format", "json")
    code = PROBE.format(body=body, heavy=heavy)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=tmp_path)
    *report, loaded = proc.stdout.strip().splitlines()
    return json.loads("\n".join(report)), json.loads(loaded)


def _findings(result: dict) -> list[tuple[str, str | None]]:
    return [(f["rule"], f["location"]["cell"]) for o in result["outputs"] for f in o["findings"]]


NOT_FOR_ONE_CSV = (*NUMERIC, "sdc.audit.system")


def test_checking_one_csv_loads_no_numeric_library(tmp_path) -> None:
    # a plain CSV is read without pandas; the release-level machinery (numpy for the linear
    # systems, scipy for the audit, a process pool) loads only when there is something to
    # audit or link
    result, loaded = _check_json(tmp_path, "age,Female,Male\n0-17,120,131\n18-64,402,3\n",
                                 heavy=NOT_FOR_ONE_CSV)
    assert _findings(result) == [("SDC101", "C3"), ("SDC103", "C2"), ("SDC103", "B3")]
    assert loaded == []


def test_one_csv_without_numpy_still_checks_its_totals(tmp_path) -> None:
    # the laziness must not drop SDC402: a total that is not the sum of its cells is found
    # from the table's lines alone (a total below its cells: one above them by fewer than 10
    # is also SDC101, a category not shown)
    csv = "age,Female,Male,Total\n0-17,120,131,241\n18-64,402,388,790\n"
    result, loaded = _check_json(tmp_path, csv, heavy=NOT_FOR_ONE_CSV)
    assert _findings(result) == [("SDC402", "D2")]
    assert loaded == []


def test_a_suppressed_cell_still_loads_the_audit(tmp_path) -> None:
    # the guess "nothing to audit" must not skip a hidden cell: 402 + [c] = 790 gives it away
    csv = "age,Female,Male,Total\n0-17,120,131,251\n18-64,402,[c],790\n"
    result, loaded = _check_json(tmp_path, csv, heavy=("numpy", "scipy"))
    assert ("SDC501", "C3") in _findings(result)
    assert loaded == ["numpy", "scipy"]


def test_an_audit_with_no_equation_loads_no_linear_algebra(tmp_path) -> None:
    # a long table with hidden cells and no totals (the 1 MiB long table's shape): its audit
    # solves no system, so scipy's graphs and factorisations (~0.15 s to import) stay unloaded;
    # with a total the same hidden cell is given back (the audit still runs: above)
    rows = ["region,sex,n", "North,F,40", "North,M,[c]", "South,F,52", "South,M,61"]
    # nor scipy.sparse and HiGHS: a system with no equation is audited from its bounds
    # (sdc.audit.intervals, loaded: the audit ran), no sparse matrix built (~0.08 s)
    heavy = ("scipy.sparse", "scipy.linalg", "scipy.sparse.linalg", "scipy.sparse.csgraph",
             "highspy", "sdc.audit.solve", "sdc.audit.intervals")
    result, loaded = _check_json(tmp_path, "\n".join(rows) + "\n", heavy=heavy)
    assert "SDC501" not in {rule for rule, _ in _findings(result)}
    assert loaded == ["sdc.audit.intervals"]  # the audit ran, with no solver
    (tmp_path / "t.csv").unlink()
    result, loaded = _check_json(tmp_path, "\n".join([*rows, "North,Total,43"]) + "\n",
                                 heavy=heavy)
    assert ("SDC501", "C3") in _findings(result)


def _heavy_after_any(body: str, heavy: tuple[str, ...]) -> list[str]:
    code = PROBE.format(body=body, heavy=heavy)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_lazy_packages_still_export_every_name() -> None:
    import sdc.audit
    import sdc.evidence
    import sdc.readers

    for package in (sdc.audit, sdc.evidence):
        for name in package.__all__:
            assert getattr(package, name) is not None, name
        assert set(package.__all__) <= set(dir(package))
        with pytest.raises(AttributeError):
            package.no_such_name  # noqa: B018
    assert "csv" in sdc.readers.TABLE_EXTENSIONS and "xlsx" in sdc.readers.WORKBOOK_EXTENSIONS
    assert sdc.readers.READERS


def test_public_names_still_resolve_lazily() -> None:
    # the laziness must not lose a name: each public name imports what it needs on first use
    assert _heavy_after("import sdc\nsdc.Status\n") == []
    assert _heavy_after("import sdc\nsdc.crosstab\n") != []
    import sdc

    for name in sdc.__all__:
        assert getattr(sdc, name) is not None
    with pytest.raises(AttributeError):
        sdc.no_such_name  # noqa: B018


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_progress_shows_only_after_a_second() -> None:
    clock = _Clock()
    console = Console(force_terminal=True, file=open("/dev/null", "w"))  # noqa: SIM115
    progress = DelayedProgress(console, clock=clock)
    progress(0, 10, "a.csv")
    clock.now = 0.9
    progress(5, 10, "b.csv")
    assert not progress.shown
    clock.now = 1.2
    progress(6, 10, "c.csv")
    assert progress.shown
    progress.stop()
    console.file.close()
