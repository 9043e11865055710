"""`sdc protect` on the command line (typer's CliRunner)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import sdc
from sdc.cli import app

runner = CliRunner()

# microdata1 with (B, female) already hidden as [x]: recoverable from row B, so the protection
# must keep that marker and make it safe too.
TABLE = """Patients by region and sex
region,female,male,Total
A,2,18,20
B,[x],14,33
C,10,12,22
D,14,11,25
Total,45,55,100
"""
RULES = """[rules.small-count]
threshold = 3
[rules.group-disclosure]
status = "off"
"""


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "t.csv").write_text(TABLE, encoding="utf-8")
    (tmp_path / "rules.toml").write_text(RULES, encoding="utf-8")
    return tmp_path


def invoke(*args: str):
    return runner.invoke(app, list(args))


def test_protect_writes_a_safe_table_and_a_log(files):
    out = files / "safe" / "t.csv"
    res = invoke("protect", str(files / "t.csv"), "-o", str(out),
                 "--rules", str(files / "rules.toml"))
    assert res.exit_code == 0, res.output
    text = out.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "Patients by region and sex"
    assert lines[1] == "region,female,male,Total"
    assert lines[3].startswith("B,[x],")  # the input's marker is kept
    assert lines[2].startswith("A,[c],")  # the primary cell
    assert text.count("[c]") >= 3
    log = (files / "safe" / "t.csv.log.txt").read_text()
    assert "Primary suppressions (1):" in log
    assert "B3 (A / female): SDC101 small-count" in log
    assert "Suppressed in the input (kept)" in log
    assert "sdc check of the protected table: pass" in log
    check = sdc.check(out, sdc.load_policy(files / "rules.toml"))
    assert check.status is sdc.Status.PASS


def test_protect_prints_the_log_with_dash(files):
    res = invoke("protect", str(files / "t.csv"), "-o", str(files / "o.csv"),
                 "--rules", str(files / "rules.toml"), "--log", "-", "--marker", "*",
                 "--secondary", "heuristic")
    assert res.exit_code == 0, res.output
    assert "Secondary suppressions" in res.stdout
    assert not (files / "o.csv.log.txt").exists()
    assert "A,*," in (files / "o.csv").read_text()


def test_opensafely_method_with_its_profile(tmp_path):
    src = tmp_path / "hd.csv"
    src.write_text("Age band,Heart disease,Population\n21-30,3,18\n31-40,8,23\n"
                   "41-50,16,31\n51+,23,44\nTotal,50,116\n", encoding="utf-8")
    res = invoke("protect", str(src), "-o", str(tmp_path / "out.csv"),
                 "--method", "opensafely", "--profile", "opensafely")
    assert res.exit_code == 0, res.output
    assert (tmp_path / "out.csv").read_text().splitlines()[1] == "21-30,[REDACTED],20"


def test_still_failing_output_exits_1(tmp_path):
    src = tmp_path / "t.csv"
    src.write_text("age,n\n18-24,4\n25-34,40\nTotal,44\n", encoding="utf-8")
    res = invoke("protect", str(src), "-o", str(tmp_path / "out.csv"), "--method", "round")
    assert res.exit_code == 1  # 4 rounds to 5, still below the default threshold 10
    assert (tmp_path / "out.csv").read_text() == "age,n\n18-24,5\n25-34,40\nTotal,45\n"
    assert (tmp_path / "out.csv.log.txt").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["missing.csv", "-o", "o.csv"], "no such file"),
    (["notes.txt", "-o", "o.csv"], "reads CSV/TSV and XLSX"),
    (["t.csv", "-o", "o.xlsx"], "write the protected table as one too"),
    (["t.csv", "-o", "o.csv", "--marker", "zzz"], "not a suppression marker"),
    (["t.csv", "-o", "o.csv", "--cost", "weight"], "no such column"),
    (["t.csv", "-o", "o.csv", "--profile", "nope"], "invalid policy"),
    (["t.csv", "-o", "o.csv", "--method", "nope"], "nope"),
    (["empty.csv", "-o", "o.csv"], "no table to protect"),
])
def test_bad_input_exits_2(files, args, message, monkeypatch):
    monkeypatch.chdir(files)
    (files / "notes.txt").write_text("hello")
    (files / "empty.csv").write_text("")
    res = invoke("protect", *args)
    assert res.exit_code == 2, res.output
    assert message in res.output
    assert "Traceback" not in res.output


# Four small counts that protect each other: no secondary is needed, so the table written
# passes sdc check even when the time limit stops the suppression before it proved that.
MUTUAL = "region,female,male,Total\nA,5,6,11\nB,7,8,15\nTotal,12,14,26\n"
RULES_10 = '[rules.small-count]\nthreshold = 10\n[rules.group-disclosure]\nstatus = "off"\n'


def run_sdc(*args: str) -> subprocess.CompletedProcess[str]:
    """A fresh interpreter: HiGHS prints its banner once per process, at its first model."""
    return subprocess.run([sys.executable, "-m", "sdc", *args], capture_output=True,
                          text=True, check=False)


@pytest.fixture
def mutual(tmp_path: Path) -> Path:
    (tmp_path / "q.csv").write_text(MUTUAL, encoding="utf-8")
    (tmp_path / "rules.toml").write_text(RULES_10, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("secondary", ["auto", "heuristic", "gauss"])
def test_json_summary_on_stdout_parses(mutual, secondary):
    done = run_sdc("protect", str(mutual / "q.csv"), "-o", str(mutual / "o.csv"), "--rules",
                   str(mutual / "rules.toml"), "--format", "json", "--secondary", secondary)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)  # a HiGHS banner on descriptor 1 would break this
    assert data["status"] == "pass" and data["unprotected"] == [] and not data["timed_out"]
    assert data["time_limit"] == 30.0  # no --time-limit: the default for a small table
    assert [(d["cell"], d["action"]) for d in data["decisions"]] == [
        ("B2", "primary"), ("C2", "primary"), ("B3", "primary"), ("C3", "primary")]
    assert not _published(data) & TABLE_CONTENT  # no cell value or label reaches stdout


TABLE_CONTENT = {5, 6, 7, 8, 11, 12, 14, 15, 26, "A", "B", "female", "male", "Total"}
TALLIES = {"cells", "primaries", "secondaries", "cost", "lower_bound", "seconds", "exit_code"}


def _published(node: object, key: str = "") -> set[object]:
    """Every scalar in the JSON summary except the run's own tallies and timings, which are
    counts of cells and seconds, not table content (a timing of 0.011 s is not the value 11)."""
    if isinstance(node, dict):
        return set().union(*(_published(v, k) for k, v in node.items()))
    if isinstance(node, list):
        return set().union(*(_published(v, key) for v in node))
    return set() if key in TALLIES or node is None or isinstance(node, bool) else {node}


def test_the_reach_model_prints_nothing_on_stdout():
    """sdc.protect's own HiGHS models (3-D tables, hierarchies) as the first of a process."""
    code = ("import numpy as np\n"
            "from sdc.protect.build import problem_from_array\n"
            "from sdc.protect.reach_model import PatternReach\n"
            "t = np.array([[2.0, 8, 10], [5, 5, 10], [7, 13, 20]])\n"
            "p = problem_from_array(t, (t > 0) & (t < 3), threshold=3)\n"
            "sup = p.fixed.copy(); sup[[1, 3, 4]] = True\n"
            "assert PatternReach(p, sup).reach(0, 1)[0] >= 1\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""


def test_time_limit_reached_fails_closed(mutual):
    """With no time, nothing is proven: the cells are reported and the exit is 1 although the
    check of the table written happens to pass."""
    # in-process (CI time): stdout free of HiGHS' banner is the fresh-interpreter tests' point
    done = invoke("protect", str(mutual / "q.csv"), "-o", str(mutual / "o.csv"), "--rules",
                  str(mutual / "rules.toml"), "--format", "json", "--time-limit", "0")
    assert done.exit_code == 1
    data = json.loads(done.stdout)
    assert data["timed_out"] and data["status"] == "fail" and data["time_limit"] == 0.0
    assert data["unprotected"] == ["B2", "C2", "B3", "C3"]
    assert "not protected: B2, C2, B3, C3" in " ".join(done.stderr.split())
    assert sdc.check(mutual / "o.csv", sdc.load_policy(mutual / "rules.toml")).status \
        is sdc.Status.PASS
    log = (mutual / "o.csv.log.txt").read_text(encoding="utf-8")
    assert "NOT PROTECTED: B2, C2, B3, C3" in log
    assert "not safe to release" in " ".join(log.split())


@pytest.mark.parametrize(("fail_on", "code"), [(None, 1), ("review", 1), ("fail", 0)])
def test_fail_on_has_the_meaning_of_sdc_check(tmp_path, fail_on, code):
    # 4 rounds to 5, below the threshold: SDC101 is the only finding, at `review` under this
    # policy. review stops the gate by default (doubt is not safe), as in `sdc check`.
    (tmp_path / "in").mkdir()
    (tmp_path / "out").mkdir()
    src = tmp_path / "in" / "t.csv"
    src.write_text("age,n\n18-24,4\n25-34,40\nTotal,44\n", encoding="utf-8")
    rules = tmp_path / "rules.toml"
    rules.write_text('[rules.small-count]\nstatus = "review"\n'
                     '[rules.group-disclosure]\nstatus = "off"\n', encoding="utf-8")
    out = tmp_path / "out" / "t.csv"
    flag = [] if fail_on is None else ["--fail-on", fail_on]
    res = invoke("protect", str(src), "-o", str(out), "--method", "round",
                 "--rules", str(rules), *flag)
    assert res.exit_code == code, res.output
    # what stops the gate is printed; a review below --fail-on fail is in the log only
    assert ("review: SDC101 at t.csv!B2" in res.output) == (code == 1)
    assert "SDC101" in (out.parent / "t.csv.log.txt").read_text(encoding="utf-8")
    check = invoke("check", str(out), "--rules", str(rules), "--format", "json", *flag)
    assert check.exit_code == code, check.output


def test_fail_on_rejects_an_unknown_status(files):
    res = invoke("protect", str(files / "t.csv"), "-o", str(files / "o.csv"),
                 "--fail-on", "pass")
    assert res.exit_code == 2
    assert "Traceback" not in res.output


def test_jobs_option(mutual):
    # in-process (CI time): the option's reading and the pool, not the interpreter's start
    done = invoke("protect", str(mutual / "q.csv"), "-o", str(mutual / "o.csv"), "--rules",
                  str(mutual / "rules.toml"), "--format", "json", "-j", "2")
    assert done.exit_code == 0, done.stderr
    assert json.loads(done.stdout)["status"] == "pass"
    bad = invoke("protect", str(mutual / "q.csv"), "-o", str(mutual / "o2.csv"), "-j", "0")
    assert bad.exit_code == 2
