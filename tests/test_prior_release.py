"""SDC504 prior-release-differencing: new outputs against tables already released, found
through the ledger's index, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import text

from sdc.engine import read_release
from sdc.ledger.checking import context
from sdc.ledger.clock import use_clock
from sdc.ledger.index import candidate_ids, describe
from sdc.ledger.release import release
from sdc.ledger.requests import submit
from sdc.ledger.reviews import review as _review
from sdc.policy import build_policy
from sdc.results import Location, Status
from sdc.rules import REGISTRY
from sdc.rules.prior_release import PriorReleaseDifferencing
from tests.test_ledger_support import BACKENDS, ledger_location, opened, write_request

# a checker proven by the caller (web session or password): sdc.ledger.votes
review = partial(_review, authenticated=True)

RELEASED = "age,female,male,Total\n18-24,30,25,55\n25-34,40,22,62\nTotal,70,47,117\n"
RERUN = "age,female,male,Total\n18-24,31,25,56\n25-34,40,22,62\nTotal,71,47,118\n"
OTHER_MEASURE = "age,female,male,Total\n18-24,90,75,165\n25-34,120,66,186\nTotal,210,141,351\n"


# A release date whose digits are the very cell values of the tests below (30 and 31): the
# public message must still carry no cell value, whatever the day the suite runs.
RELEASE_DAY = datetime(2030, 3, 31, 12, 0, tzinfo=UTC)


@pytest.fixture(params=BACKENDS)
def ledger(request: pytest.FixtureRequest, tmp_path: Path):
    with (use_clock(lambda: RELEASE_DAY), ledger_location(request.param, tmp_path) as url,
          opened(url) as led):
        yield led


def _release(ledger, tmp_path: Path, files: dict[str, str]) -> str:
    """Submit ``files``, have two reviewers approve every output, release them."""
    folder = write_request(tmp_path / f"rel{len(list(tmp_path.iterdir()))}", files)
    result = submit(ledger, folder, author="alice", policy=build_policy({}))
    for name in ("bob", "carol"):
        review(ledger, result.request_id, reviewer=name, paths=result.outputs,
               decision="approve", comment="fine")
    release(ledger, result.request_id, folder.with_name(folder.name + "-out"), actor="dave")
    return result.request_id


def _check(ledger, tmp_path: Path, files: dict[str, str], max_difference: int | None = None):
    folder = write_request(tmp_path / f"new{len(list(tmp_path.iterdir()))}", files)
    policy = build_policy({})
    outputs, request, root, _ = read_release([folder], policy)
    ctx = context(policy, root, request.request.model_dump(exclude_none=True), ledger)
    rule = PriorReleaseDifferencing(PriorReleaseDifferencing.Params(
        max_difference=max_difference))
    return sorted(rule.check_release(outputs, ctx),
                  key=lambda f: (f.location.path, f.location.cell or ""))


def test_rerun_with_one_more_patient(ledger, tmp_path: Path) -> None:
    rid = _release(ledger, tmp_path, {"age_sex.csv": RELEASED})
    (finding,) = _check(ledger, tmp_path, {"age_sex.csv": RERUN})
    assert (finding.rule, finding.name, finding.location.cell) == (
        "SDC504", "prior-release-differencing", "B2")
    assert finding.cap is None  # a full finding: fail by default
    assert finding.related == [Location(path=f"ledger:{rid}/age_sex.csv", cell="B2",
                                        row_label="18-24", column_label="female")]
    assert finding.evidence == {"released": 30.0, "new": 31.0, "difference": 1.0,
                                "cells_changed": 4, "limit": 10, "released_request": rid,
                                "released_path": "age_sex.csv"}
    assert finding.message.startswith(f"the same table as ledger:{rid}/age_sex.csv (released ")
    assert "with 4 number(s) changed by less than 10 (here 30 → 31)" in finding.message
    reference = f"ledger:{rid}/age_sex.csv (released 2030-03-31)"
    assert finding.public_message == (
        f"the same table as {reference} with numbers changed by less than 10")
    # no cell value (30, 31, the difference 1) once the reference and the limit are set aside
    numbers = re.findall(r"\d+", finding.public_message.replace(reference, "").replace("10", ""))
    assert numbers == []


def test_rerun_limit_follows_max_difference(ledger, tmp_path: Path) -> None:
    _release(ledger, tmp_path, {"age_sex.csv": RELEASED})
    assert _check(ledger, tmp_path, {"age_sex.csv": RERUN}, max_difference=1) == []
    assert len(_check(ledger, tmp_path, {"age_sex.csv": RERUN}, max_difference=2)) == 1


@pytest.mark.parametrize("table", [RELEASED, OTHER_MEASURE])
def test_same_table_or_unrelated_numbers_pass(ledger, tmp_path: Path, table: str) -> None:
    """Identical numbers give nothing away; numbers far apart are not a re-run."""
    _release(ledger, tmp_path, {"age_sex.csv": RELEASED})
    assert _check(ledger, tmp_path, {"age_sex.csv": table}) == []


def test_moved_total_with_other_categories(ledger, tmp_path: Path) -> None:
    rid = _release(ledger, tmp_path, {"region.csv": "region,count\nNorth,30\nSouth,40\n"
                                                     "Total,70\n"})
    (finding,) = _check(ledger, tmp_path, {"regions.csv": "region,count\nNorth,31\n"
                                                          "South East,25\nSouth West,15\n"
                                                          "Total,71\n"})
    assert (finding.location.path, finding.location.cell) == ("regions.csv", "B5")
    assert finding.cap is Status.REVIEW  # the populations may only look alike
    assert finding.related == [Location(path=f"ledger:{rid}/region.csv", cell="B4",
                                        row_label="Total", column_label="count")]
    assert (finding.evidence["difference"], finding.evidence["cells_changed"]) == (1.0, 2)
    assert finding.evidence["kind"] == "moved total"


def test_totals_of_another_population_are_not_compared(ledger, tmp_path: Path) -> None:
    """Equal-looking grand totals, but a shared cell far apart: not the same population."""
    _release(ledger, tmp_path, {"region.csv": "region,count\nNorth,30\nSouth,40\nTotal,70\n"})
    assert _check(ledger, tmp_path, {"r.csv": "region,count\nNorth,50\nEast,21\n"
                                              "Total,71\n"}) == []


def test_nested_bands_against_a_release(ledger, tmp_path: Path) -> None:
    rid = _release(ledger, tmp_path, {"age.csv": "age,count\n<20,12\n20-39,30\n"})
    (finding,) = _check(ledger, tmp_path, {"age2.csv": "age,count\n<25,15\n25-39,27\n"})
    assert (finding.location.path, finding.location.cell) == ("age2.csv", "B2")
    assert finding.evidence["derived"] == 3.0 and finding.evidence["band"] == "[20, 25)"
    assert finding.message.startswith("age [20, 25) = (<25) − (<20) = 3, below the threshold")
    assert finding.related == [Location(path=f"ledger:{rid}/age.csv", cell="B2",
                                        row_label="<20", column_label="count")]


@pytest.mark.parametrize("odd", ["Unknown", "Missing", "Not stated"])
def test_an_unknown_row_does_not_switch_band_comparison_off(ledger, tmp_path: Path,
                                                            odd: str) -> None:
    _release(ledger, tmp_path, {"age.csv": f"age,count\n<20,12\n20-39,30\n{odd},4\n"})
    (finding,) = _check(ledger, tmp_path, {"age2.csv": f"age,count\n<25,15\n25-39,27\n"
                                                       f"{odd},4\n"})
    assert (finding.rule, finding.location.path, finding.location.cell) == (
        "SDC504", "age2.csv", "B2")
    assert finding.evidence["band"] == "[20, 25)"


def test_single_band_against_a_released_band(ledger, tmp_path: Path) -> None:
    _release(ledger, tmp_path, {"adults.csv": "age,count\n18-64,1200\n"})
    moved, finding = _check(ledger, tmp_path, {"adults2.csv": "age,count\n18-65,1203\n"})
    assert (moved.location.cell, moved.evidence["kind"], moved.cap) == (None, "moved total",
                                                                        Status.REVIEW)
    assert (finding.location.path, finding.location.cell) == ("adults2.csv", "B2")
    assert finding.evidence["band"] == "[65, 66)" and finding.evidence["derived"] == 3.0


def test_bands_of_a_different_population_are_not_compared(ledger, tmp_path: Path) -> None:
    _release(ledger, tmp_path, {"age.csv": "age,count\n<20,12\n20-39,30\n"})
    assert _check(ledger, tmp_path, {"age2.csv": "age,count\n<25,150\n25-39,270\n"}) == []


def test_declared_populations_cannot_keep_tables_apart(ledger, tmp_path: Path) -> None:
    """A population claim is the researcher's: declaring the re-run a different population
    (a made-up key or value) does not silence the comparison (issue 12 channel 7)."""
    toml = '[[outputs]]\npath = "t.csv"\npopulation = {{ sex = "{}" }}\n'
    _release(ledger, tmp_path, {"t.csv": RELEASED, "request.toml": toml.format("F")})
    found = _check(ledger, tmp_path, {"t.csv": RERUN, "request.toml": toml.format("M")})
    assert [f.location.cell for f in found] == ["B2"]
    # the whole population against a released subgroup: nested, so compared
    assert [f.location.cell for f in _check(ledger, tmp_path, {"t.csv": RERUN})] == ["B2"]


def test_without_a_ledger_the_rule_is_silent(tmp_path: Path) -> None:
    folder = write_request(tmp_path / "new", {"t.csv": RERUN})
    policy = build_policy({})
    outputs, _, root, _ = read_release([folder], policy)
    rule = PriorReleaseDifferencing(PriorReleaseDifferencing.Params())
    assert list(rule.check_release(outputs, context(policy, root, {}, None))) == []


def test_rule_metadata() -> None:
    rule = PriorReleaseDifferencing
    assert (rule.code, rule.name, rule.scope) == ("SDC504", "prior-release-differencing",
                                                  "release")
    assert rule.Params().status == "fail" and rule.Params().max_difference is None
    assert "Example" in rule.doc() and "Why" in rule.doc()


def test_lookup_returns_only_matching_tables(ledger, tmp_path: Path) -> None:
    """The index finds the same labels, or the same dimensions with a near total; nothing
    else is read."""
    rid = _release(ledger, tmp_path, {
        "same.csv": RELEASED,  # same labels
        "near.csv": "age,female,male,Total\n35-44,60,50,110\n45-54,4,2,6\nTotal,64,52,116\n",
        "far.csv": "age,female,male,Total\n35-44,600,500,1100\nTotal,600,500,1100\n",
        "dims.csv": "region,female,male\nNorth,30,25\nSouth,40,22\n",  # other dimensions
    })
    folder = write_request(tmp_path / "probe", {"t.csv": RERUN})
    outputs, _, _, _ = read_release([folder], build_policy({}))
    desc = describe(outputs[0].table)
    with ledger.read() as conn:
        (ids,) = candidate_ids(conn, [desc], 10)
        paths = set(conn.execute(text("SELECT path FROM output_tables WHERE request_id = :r "
                                      "AND id IN (" + ",".join(map(str, ids)) + ")"),
                                 {"r": rid}).scalars())
    assert paths == {"same.csv", "near.csv"}


def test_sqlite_lookups_use_the_indexes(tmp_path: Path) -> None:
    with opened(str(tmp_path / "l.sqlite")) as led, led.read() as conn:
        plans = [" ".join(str(r[-1]) for r in conn.execute(text(
            "EXPLAIN QUERY PLAN " + sql), {"s": "x", "lo": 1.0, "hi": 2.0}))
            for sql in ("SELECT table_id FROM released_tables WHERE label_sig = :s AND "
                        "grand_total > :lo AND grand_total < :hi",
                        "SELECT table_id FROM released_tables WHERE dim_sig = :s AND "
                        "grand_total > :lo AND grand_total < :hi",
                        "SELECT table_id FROM released_tables WHERE dim_sig = :s AND "
                        "grand_total IS NULL")]
    assert "USING COVERING INDEX ix_released_label_total (label_sig=? AND grand_total>? AND " \
           "grand_total<?)" in plans[0]
    assert "USING COVERING INDEX ix_released_dim_total (dim_sig=? AND grand_total>? AND " \
           "grand_total<?)" in plans[1]
    assert "USING COVERING INDEX ix_released_dim_total (dim_sig=? AND grand_total=?)" in plans[2]


@pytest.mark.skipif("SDC504" not in REGISTRY,
                    reason="SDC504 is not registered in sdc.rules yet (the lead wires it)")
def test_submit_reports_prior_release_differencing(ledger, tmp_path: Path) -> None:
    _release(ledger, tmp_path, {"age_sex.csv": RELEASED})
    folder = write_request(tmp_path / "again", {"age_sex.csv": RERUN})
    result = submit(ledger, folder, author="alice", policy=build_policy({}))
    assert result.status == "fail"
    import json

    from sqlalchemy import select

    from sdc.ledger import schema

    with ledger.read() as conn:
        stored = json.loads(conn.execute(select(schema.versions.c.result_json)
                                         .where(schema.versions.c.request_id ==
                                                result.request_id)).scalar_one())
    rules = {(f["rule"], f["location"]["cell"]) for o in stored["outputs"]
             for f in o["findings"]}
    assert ("SDC504", "B2") in rules


def test_outputs_compared_in_the_pool_give_the_serial_findings(ledger, tmp_path: Path,
                                                               monkeypatch) -> None:
    # each output against its released candidates in forked workers (sdc check -j 2): the
    # same findings in the same order as one process
    from sdc import pool

    if pool.start_context().get_start_method() != "fork":
        pytest.skip("release rules use the pool only where workers fork")
    _release(ledger, tmp_path, {"age_sex.csv": RELEASED,
                                "age.csv": "age,n\n<20,12\n20-39,30\n"})
    folder = write_request(tmp_path / "new", {
        "age_sex.csv": RERUN, "age_sex_b.csv": RERUN.replace("40,22,62", "41,22,63"),
        "age.csv": "age,n\n<25,13\n25-39,29\n", "other.csv": OTHER_MEASURE})
    policy = build_policy({})
    outputs, request, root, _ = read_release([folder], policy)
    rule = PriorReleaseDifferencing(PriorReleaseDifferencing.Params())
    found = {}
    for jobs in (1, 2):
        ctx = context(policy, root, request.request.model_dump(exclude_none=True), ledger)
        ctx.jobs = jobs
        with monkeypatch.context() as patch:
            patch.setattr(pool, "MIN_ITEMS_FOR_POOL", 1)
            found[jobs] = [f.to_dict() for f in rule.check_release(outputs, ctx)]
    assert found[2] == found[1]
    assert [(f["location"]["path"], f["rule"]) for f in found[1]] == [
        ("age.csv", "SDC504"), ("age_sex.csv", "SDC504"), ("age_sex_b.csv", "SDC504")]
