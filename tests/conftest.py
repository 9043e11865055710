"""Shared helpers: write a small release to a temporary folder and check it."""

from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import sdc
from sdc.policy import build_policy
from tests.xdist_groups import group_ids

if TYPE_CHECKING:
    from sdc.outputs import Output
    from sdc.policy import Policy


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--frozen-date", default=os.environ.get("SDC_TEST_FROZEN_DATE"),
                     help="run the tests with the clock moved to this ISO date/time "
                          "(tests/test_frozen_dates.py uses it for month ends and 29 February)")


def pytest_configure(config: pytest.Config) -> None:
    """SVGs the tests write get the same element ids on every run. matplotlib salts its clip-path
    ids (``p`` + 10 hex digits) with a random uuid; about one SVG in a thousand then has an id of
    ten decimal digits that passes the NHS check digit, and SDC604 rightly fails it, which made a
    test that expects ``review`` fail at random."""
    import matplotlib

    matplotlib.rcParams["svg.hashsalt"] = "sdc-tests"
    _pandas_writes_xlsx_with_openpyxl()
    _hypothesis_profile()


def _pandas_writes_xlsx_with_openpyxl() -> None:
    """The tests' workbooks written by openpyxl, as they were before the tests brought
    XlsxWriter (pandas prefers it when installed; several tests style the sheets pandas hands
    back, which are openpyxl's). tests/test_xlsx_writers.py checks that both writers' workbooks
    of one table get the same findings."""
    import pandas as pd

    pd.set_option("io.excel.xlsx.writer", "openpyxl")


def _hypothesis_profile() -> None:
    """The property tests draw the same examples on every run: a CI run that lands or not
    cannot hang on which examples a random seed drew (round 24: a seed found a miss of the
    wild constants and spent five minutes shrinking it, which made the run red and 6 min
    longer). Exploring is a separate, deliberate act: ``SDC_HYPOTHESIS_EXPLORE=1`` draws new
    examples (and keeps hypothesis's database of failures) — run it before a round ends and
    when a rule changes (docs/decisions.md, "Round 24: CI time")."""
    from hypothesis import settings

    explore = os.environ.get("SDC_HYPOTHESIS_EXPLORE", "") not in ("", "0")
    settings.register_profile("sdc-explore", print_blob=True)
    settings.register_profile("sdc-fixed", derandomize=True, database=None, print_blob=True)
    settings.load_profile("sdc-explore" if explore else "sdc-fixed")


@pytest.hookimpl(trylast=True)  # after tests/parity/conftest.py has marked its groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under ``--dist loadgroup``, give each ``xdist_group`` test its group
    (``tests.xdist_groups``). Round 23's longest-modules-first order is taken out: the
    clean-clone CI with it took 23.5 min (16.5 before), and starting the concurrency, Spark,
    pre-commit, browser and frozen-date tests together is the first suspect
    (docs/decisions.md, "CI time (fastci)")."""
    _postgres_read_whole_only(config, items)
    group_ids(config, items)


# the ``jobs`` fixtures' streamed modes (``tests.release_modes``, the ledger tests' own)
_STREAMED = {(1, True), (2, True)}


def _postgres_read_whole_only(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A ledger test parametrised by backend and by check mode runs PostgreSQL at ``-j 1``
    and ``-j 2`` read whole, not again streamed (SQLite keeps all four modes). Streaming
    changes how a file's cells are read, not what the ledger is asked or how (the same
    outputs reach SDC504 and the prior-release readings either way, which SQLite's
    streamed and whole cases hold equal); ``-j 2`` is kept: SDC504's outputs are compared with
    the ledger in the pool's forked workers (``sdc.pool.ordered_map``). 138 tests, ~6 % of
    the suite's time (round 53, CI time)."""
    kept, dropped = [], []
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        # compared by type first: other parameters are arrays and matrices, whose == is no bool
        on_postgres = any(isinstance(v, str) and v == "postgresql" for v in params.values())
        jobs = params.get("jobs")
        if on_postgres and isinstance(jobs, tuple) and jobs in _STREAMED:
            dropped.append(item)
        else:
            kept.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(autouse=True, scope="session")
def _frozen_date(request: pytest.FixtureRequest):
    """With --frozen-date, every clock read in the session starts at that instant and ticks on."""
    value = request.config.getoption("--frozen-date")
    if not value:
        yield
        return
    import time_machine

    with time_machine.travel(datetime.fromisoformat(value), tick=True):
        yield


def write_workbook(target: Path, spec: dict) -> None:
    """Build an XLSX from a spec: ``{"sheets": [{"title", "rows", "state", "hidden_rows",
    "hidden_columns", "comments": {"B2": "text"}, "formulas": {"D2": "=B2+C2"},
    "merged": ["B1:C1"]}]}``."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment

    wb = Workbook()
    wb.remove(wb.active)
    for sheet in spec["sheets"]:
        ws = wb.create_sheet(sheet.get("title", "Sheet1"))
        for row in sheet.get("rows", []):
            ws.append(row)
        ws.sheet_state = sheet.get("state", "visible")
        for r in sheet.get("hidden_rows", []):
            ws.row_dimensions[r].hidden = True
        for c in sheet.get("hidden_columns", []):
            ws.column_dimensions[c].hidden = True
        for ref, text in sheet.get("comments", {}).items():
            ws[ref].comment = Comment(text, "author")
        for ref, formula in sheet.get("formulas", {}).items():
            ws[ref] = formula
        for rng in sheet.get("merged", []):
            ws.merge_cells(rng)
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)


def write_image(target: Path, spec: dict) -> None:
    """A real 8×8 image written by Pillow: ``{"image": "png" | "jpeg", "text": {key: value}
    (PNG text chunks), "comment": "..." (JPEG), "after": "bytes appended after its end"}``."""
    from PIL import Image, PngImagePlugin

    image = Image.new("RGB", (8, 8), (200, 30, 30))
    kind = spec["image"]
    options: dict = {}
    if kind == "png" and spec.get("text"):
        info = PngImagePlugin.PngInfo()
        for key, value in spec["text"].items():
            info.add_text(key, value, zip=len(value) > 40)
        options["pnginfo"] = info
    if spec.get("comment"):
        options["comment"] = spec["comment"].encode("utf-8")
    image.save(target, format=kind.upper(), **options)
    if spec.get("after"):
        with target.open("ab") as fh:
            fh.write(spec["after"].encode("utf-8"))


def write_files(root: Path, files: dict[str, str | bytes | dict]) -> Path:
    for rel, content in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, dict) and "image" in content:
            write_image(target, content)
        elif isinstance(content, dict):
            write_workbook(target, content)
        elif isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return root


def read_files(root: Path, files: dict[str, str], policy: Policy) -> list[Output]:
    """``files`` written under ``root`` and each read as ``sdc check`` reads it, in name
    order: the outputs a test hands to the audit's pieces directly."""
    from sdc.readers import read_output

    write_files(root, dict(files))
    return [o for name in sorted(files) for o in read_output(root / name, name, policy)]


def hide_cells(path: Path, hidden: set[tuple[str, str]]) -> dict:
    """A table the API wrote (``to_csv`` with its sidecar) with cells then hidden by hand as
    ``[c]``, and its sidecar re-stamped for the edited file as the API's writer stamps it:
    the sidecar's contents, as written."""
    import pandas as pd

    published = pd.read_csv(path, index_col=0, dtype=str)
    for row, col in hidden:
        published.loc[row, col] = "[c]"
    published.to_csv(path)
    sidecar = Path(f"{path}.sdc.json")
    meta = json.loads(sidecar.read_text(encoding="utf-8"))
    meta["file"]["sha256"] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    sidecar.write_text(json.dumps(meta), encoding="utf-8")
    return meta


def publish_turnover(folder: Path, cells: dict[tuple[str, str], list[float]],
                     hidden: set[tuple[str, str]]):
    """``sdc.crosstab(region, industry, values=turnover, contributor=firm, margins=True)``
    over one firm per listed value, written with ``to_csv`` into a new ``folder`` with
    ``hidden`` cells then marked ``[c]`` by hand (:func:`hide_cells`): the published table
    read back as text."""
    import pandas as pd

    records = [{"region": r, "industry": c, "firm": f"{r}-{c}-{i}", "turnover": v}
               for (r, c), values in cells.items() for i, v in enumerate(values)]
    data = pd.DataFrame(records)
    table = sdc.crosstab(data.region, data.industry, values=data.turnover, aggfunc="sum",
                         contributor=data.firm, margins=True)
    folder.mkdir()
    path = table.to_csv(folder / "turnover.csv")
    hide_cells(path, hidden)
    return pd.read_csv(path, index_col=0, dtype=str)


def check_one_file(tmp_path: Path, name: str, text: str) -> sdc.RunResult:
    """One text file ``name`` in a release folder of its own, checked under the default
    policy."""
    folder = tmp_path / "r"
    folder.mkdir(parents=True)
    (folder / name).write_text(text)
    return sdc.check(folder, build_policy({}))


def found_with_status(result: sdc.RunResult) -> set[tuple[str, str | None, str]]:
    """(rule, cell, status) for every finding."""
    return {(f.rule, f.location.cell, f.status.value) for f in result.findings}


def findings_of(
    result: sdc.RunResult, rules: set[str] | None = None
) -> set[tuple[str, str, str | None]]:
    """(rule, path[sheet], cell) for every finding, optionally only of some rules."""
    out = set()
    for f in result.findings:
        if rules is not None and f.rule not in rules:
            continue
        path = f.location.path + (f"[{f.location.sheet}]" if f.location.sheet else "")
        path += f"#table{f.location.table}" if f.location.table is not None else ""
        out.add((f.rule, path, f.location.cell))
    return out


@pytest.fixture
def check_files(tmp_path: Path):
    """check_files({"t.csv": "..."}, policy={...}) -> RunResult for a fresh folder."""

    def run(files: dict[str, str | bytes | dict], policy: dict | None = None,
            profile: str | None = None) -> sdc.RunResult:
        root = write_files(tmp_path / "release", files)
        return sdc.check(root, build_policy(policy or {}, profile=profile))

    return run


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """Say why tests were skipped: most need system packages only .ci/system-deps installs."""
    skipped = terminalreporter.stats.get("skipped", [])
    if skipped:
        terminalreporter.write_line(
            f"{len(skipped)} skipped: tests needing system packages (PostgreSQL, ACRO) are "
            "skipped until .ci/system-deps has run; the reasons are listed above (-rs)")
