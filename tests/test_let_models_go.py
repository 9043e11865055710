"""``sdc check`` lets each table's model go once its audit systems are built (issue 14 §3;
docs/decisions.md, "Round 25 (the lead): compact5's question" and "Round 26 (drop)").

The release rules then read a ``TableStandIn`` (six attributes, the names a location gives a
cell, the compact form's cells) and the audit's cells made from the form: equal to the
model's, not the same objects. These tests check that every release rule finds the same on
stand-ins as on held models, that the models do go, and that a reader asking a stand-in for
anything else fails closed (SDC602 ``review``), never reading an empty table.
"""

from __future__ import annotations

import gc
import json
import weakref
from pathlib import Path
from typing import Any

import pytest

import sdc.table_standin as standin
from sdc.engine import run
from sdc.policy import build_policy
from sdc.reports.table_view import ReportTable
from sdc.rules import REGISTRY
from sdc.table import Table
from sdc.table_standin import ModelLetGo, TableStandIn
from tests.conftest import write_files
from tests.corpus.outputs import ENTRIES
from tests.test_decoy_links import DECOY, MARGIN, ROWS
from tests.test_printed_tops_bounds import RULES, SENSITIVE
from tests.test_printed_tops_bounds import write as write_tops
from tests.test_smuggle_chart_data import SAFE, _bars

# corpus entries whose release rules find something: SDC402 (130, 270), SDC501 (linked,
# n (%), unlabelled rows: 229, 232, 265, 274, 312, 314), SDC503 (118, 265, 268, 354)
CORPUS = ["pandas value_counts() with a Total from len(df), 3 missing not shown",
          "pandas Table 1 with Total 200 (100.0%) over 85, 100 and 12",
          "pandas crosstab(margins=True) masked under 10: the margins give West a",
          "pandas Table 1 (West 16 (7.8%)) beside ACRO's suppressed crosstab (Wes",
          "suppressed crosstab beside a pandas sex table of N and n (%) (Female ",
          "CSV of letters x and c under a Total on two rows (each row's Total giv",
          "CSV of unlabelled rows whose column sum another table prints (x = 35 -",
          "ACRO-suppressed West/F blank in a float CSV beside people by area: it ",
          "pandas cumulative cases written at two month ends, West +2",
          "two pandas Table 1s of age, bands 0-17 and 0-15 (4 aged 16-17)",
          "knitr::kable(format='pandoc') simple table and a grid table in .md, sa"]


def _folders(tmp_path: Path) -> list[tuple[Path, Any]]:
    """The corpus's folders above, and τ-ARGUS-style magnitudes (SDC502: a hidden cell's
    printed tops, two hidden sensitive cells of one line) under a dominance policy."""
    folders: list[tuple[Path, Any]] = []
    plain = build_policy({})
    for name in CORPUS:
        entry = next(e for e in ENTRIES if e.name.startswith(name))
        folder = tmp_path / f"e{len(folders)}"
        folder.mkdir()
        entry.write(folder)
        folders.append((folder, plain))
    dominance = build_policy(RULES)
    for hidden in ({"D1"}, {"D1", "D2"}, {"D1", "Total"}):
        folder = tmp_path / ("tops-" + "-".join(sorted(hidden)))
        write_tops(folder, SENSITIVE, hidden)
        folders.append((folder, dominance))
    folder = tmp_path / "panels"  # the linking reads a file's panels' header lines
    write_files(folder, {"t.csv": ROWS + "\n" + DECOY, "b.csv": MARGIN})
    folders.append((folder, plain))
    folder = tmp_path / "chart"  # SDC701 reads the data file's grid: 3 is not in it
    _bars(folder, "svg", [12, 3, 25])
    (folder / "fig.csv").write_text(SAFE)
    folders.append((folder, plain))
    return folders


def _report(result: Any) -> str:
    return json.dumps(result.for_reports().to_dict(with_evidence=True), sort_keys=True)


def test_every_release_rule_finds_the_same_on_stand_ins(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    """The same report, byte for byte, with the models held and let go; each release rule
    that ran here read stand-ins (watched), and between them they found something."""
    read_stand_ins: set[str] = set()
    for code, rule in REGISTRY.items():
        if rule.scope != "release":
            continue

        def watched(self: Any, outputs: list, ctx: Any, _check: Any = rule.check_release,
                    _code: str = code) -> Any:
            found = list(_check(self, outputs, ctx))  # the audit's rule lets them go in it
            if any(isinstance(o.table, TableStandIn) for o in outputs):
                read_stand_ins.add(_code)
            return found

        monkeypatch.setattr(rule, "check_release", watched)
    found: set[str] = set()
    for folder, policy in _folders(tmp_path):
        held = run([folder], policy).result
        assert not any(isinstance(o.table, ReportTable) for o in held.outputs)
        let_go = run([folder], policy, keep_models=False).result
        assert _report(let_go) == _report(held), folder.name
        found |= {f.rule for f in let_go.findings}
    # SDC504 needs a ledger (tests/test_prior_release.py checks it through ``sdc check``)
    assert {"SDC402", "SDC501", "SDC502", "SDC503", "SDC701"} <= read_stand_ins
    assert {"SDC402", "SDC501", "SDC502", "SDC503", "SDC701"} <= found


def test_the_models_go(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Let go, no table model outlives the check (its result holds report views); held,
    the result gives back each table's model (the API's contract). The ``n (%)`` table's
    counts read as a table for the release rules (``sdc.n_percent_view``) have no kept form:
    that view keeps its model (made for the release rules, gone after them)."""
    folder, policy = _folders(tmp_path)[3]  # a crosstab beside a Table 1 of n (%)
    models: list[weakref.ref[Table]] = []
    after: list[str] = []
    let_go = standin.let_models_go

    def watched(outputs: Any, systems: Any) -> None:
        outputs = list(outputs)
        models.extend(weakref.ref(o.table) for o in outputs if isinstance(o.table, Table))
        let_go(outputs, systems)
        after.extend(type(o.table).__name__ for o in outputs)

    monkeypatch.setattr(standin, "let_models_go", watched)
    result = run([folder], policy, keep_models=False)
    assert after == ["TableStandIn", "TableStandIn", "Table"]
    gc.collect()
    assert [m() for m in models] == [None, None, None]
    assert [type(o.table) for o in result.result.outputs] == [ReportTable, ReportTable]
    assert not any(f.rule == "SDC602" for f in result.result.findings)
    held = run([folder], policy).result
    assert [type(o.table) for o in held.outputs] == [Table, Table]


def test_a_stand_in_refuses_what_it_does_not_hold(tmp_path: Path) -> None:
    """No default: ``getattr`` and ``hasattr`` raise too, so nothing reads it as empty."""
    folder, policy = _folders(tmp_path)[3]
    checked = run([folder], policy, keep_models=False)
    stand_in = next(o.table for o in checked.outputs if isinstance(o.table, TableStandIn))
    for name in ("cells", "lines", "data_rows", "notes"):
        with pytest.raises(ModelLetGo):
            getattr(stand_in, name, ())
    with pytest.raises(ModelLetGo):
        hasattr(stand_in, "cells")


def test_a_release_rule_reading_the_model_fails_closed(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch
                                                       ) -> None:
    """A release rule run after the audit that asks a stand-in for its cells: SDC602
    ``review`` naming the rule, on each output it read, not a pass."""
    folder, policy = _folders(tmp_path)[3]
    rule = REGISTRY["SDC503"]

    def reads_cells(self: Any, outputs: list, ctx: Any) -> Any:
        return [c for o in outputs if o.table is not None for c in o.table.cells][:0]

    monkeypatch.setattr(rule, "check_release", reads_cells)
    result = run([folder], policy, keep_models=False).result
    broken = [f for f in result.findings if f.rule == "SDC602" and "SDC503" in f.message]
    assert len(broken) == 1
    assert "ModelLetGo" in broken[0].message
    assert broken[0].status.value == "review"
    assert run([folder], policy).result.findings != result.findings  # held: no SDC602


def test_an_audit_that_cannot_be_made_says_so_the_same_for_each_rule(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every table's system built (the oracle build of tests/test_audit_needed_systems.py)
    with one whose exponents' widening fails: making the audit raises after the models went.
    Each of SDC402/501/502 then names that same error (the error kept, not the audit made
    again from the stand-ins), as when the models are held."""
    from tests.test_audit_needed_systems import _full_build

    _full_build(monkeypatch)
    write_files(tmp_path, {
        "a.csv": "age,Total ,All ages\nPersons,1e309,*\nx y,2,7\n"
                 "Persons,1e3,99999999999999999999\n",
        "b.csv": "age,England,-,Unknown\na,1_000,-0,-0\nTotal,99999999999999999999,1e3,0x10\n"
                 "1e3,1e400,2.17e+03,1e308\nnan,3.0,-0,2.17e+03\n",
        "request.toml": '[[outputs]]\npath = "b.csv"\npopulation = { sex = "F" }\n'})
    policy = build_policy({})
    let_go = run([tmp_path], policy, keep_models=False).result
    crashes = sorted(f.message for f in let_go.findings if "could not check" in f.message)
    assert crashes == [f"{code} could not check this output (AuditError: the linear program "
                       "failed: Empty); a person must check it"
                       for code in ("SDC402", "SDC501", "SDC502")]
    assert _report(let_go) == _report(run([tmp_path], policy).result)


def test_a_broken_apart_process_gives_the_serial_result_with_the_models_gone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``-j 2`` whose SDC503 process dies: SDC503 is computed here after the audit, on the
    release rules' view made before it (not made again from the stand-ins): the report of
    ``-j 1``, byte for byte, with SDC503 and SDC501 in it."""
    from sdc import pool
    from tests.test_parallel import _dies_apart, _needs_fork, _release_for_release_rules

    _needs_fork()
    root = _release_for_release_rules(tmp_path, 36)
    policy = build_policy({})
    serial = run([root], policy, keep_models=False).result
    monkeypatch.setattr(pool, "_run_apart", _dies_apart)
    assert _report(run([root], policy, jobs=2, keep_models=False).result) == _report(serial)
    assert {"SDC503", "SDC501"} <= {f.rule for f in serial.findings}


def test_prior_release_differencing_finds_the_same_on_stand_ins(tmp_path: Path) -> None:
    """SDC504 (a ledger given, as ``sdc check --ledger`` does) reads each table's form: the
    same report with the models let go, its re-run found. SQLite only (fast)."""
    from sdc.ledger.clock import use_clock
    from tests.test_ledger_support import ledger_location, opened, write_request
    from tests.test_prior_release import RELEASE_DAY, RELEASED, RERUN, _release

    with (use_clock(lambda: RELEASE_DAY), ledger_location("sqlite", tmp_path) as url,
          opened(url) as led):
        _release(led, tmp_path, {"age_sex.csv": RELEASED})
        folder = write_request(tmp_path / "new", {"age_sex.csv": RERUN})
        policy = build_policy({})
        held = run([folder], policy, ledger=led).result
        let_go = run([folder], policy, ledger=led, keep_models=False).result
    assert [f.rule for f in held.findings if f.rule == "SDC504"] == ["SDC504"]
    assert _report(let_go) == _report(held)
