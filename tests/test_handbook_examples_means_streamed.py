"""The handbook's "publication of mean values" (ch. 5) in a release that is streamed (8 MiB or
more: ``sdc.stream_read``), where a table that hides a cell is checked in the process that read
it, before the readings across outputs run: the counts another output's means give back must
be the same findings as when the release is read whole first (round 33, oracle33).

Each case is checked four ways: read whole first (``MIN_BYTES`` out of reach) and streamed
(``MIN_BYTES`` 0, as ``compare_check_json --stream-all``), at ``-j 1`` and ``-j 2``; the reports
are equal byte for byte, and the expected SDC101 findings are computed here from the files'
own numbers by enumeration (``tests.test_handbook_examples_means``), not copied.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import sdc.engine as engine
import sdc.pool as pool
import sdc.stream_read as stream_read
from sdc.engine import run
from sdc.policy import build_policy
from tests.test_handbook_examples_means import (
    AGE_SUMS,
    BASE,
    HIDDEN,
    THRESHOLD,
    TRUE_COUNTS,
    expected_small,
    possible,
    release_text,
    split_release,
    unpicked,
)

POLICY = {"rules": {"small-count": {"threshold": THRESHOLD},
                    "unrounded-count": {"base": BASE, "scheme": "nearest"}}}


def _findings(result: Any) -> dict[tuple[str, str | None], str]:
    return {(f.location.path, f.location.cell): f.status.value
            for f in result.findings if f.rule == "SDC101"}


def _four_ways(folder: Path, monkeypatch: pytest.MonkeyPatch, rules: dict | None = None
               ) -> dict[tuple[str, int], tuple[str, dict[tuple[str, str | None], str], int]]:
    """Each way's report (JSON), SDC101 findings and how many times the release was read
    (under ``rules``: this module's policy when none)."""
    policy = build_policy(POLICY if rules is None else rules)
    monkeypatch.setattr(pool, "MIN_ITEMS_FOR_POOL", 2)  # a pool of workers for two files
    reads = [0]
    once = engine._run_once

    def counted(*args: Any, **kwargs: Any) -> Any:
        reads[0] += 1
        return once(*args, **kwargs)

    monkeypatch.setattr(engine, "_run_once", counted)
    got = {}
    for way, least in (("whole", 10 ** 15), ("streamed", 0)):
        monkeypatch.setattr(stream_read, "MIN_BYTES", least)
        for jobs in (1, 2):
            reads[0] = 0
            result = run([folder], policy, keep_models=False, jobs=jobs).result
            report = json.dumps(result.for_reports().to_dict(with_evidence=True),
                                sort_keys=True)
            got[(way, jobs)] = (report, _findings(result), reads[0])
    return got


# another output of the release that hides a cell (no margin: nothing gives it back), so the
# audit's plan links more than one count measure and the stream holds (``AuditPrebuild.settle``)
OTHER = {"regions.csv": f"region,n\nWest,{HIDDEN}\nEast,25\nNorth,30\n"}


def _write(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "release"
    folder.mkdir()
    for name, text in {**files, **OTHER}.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_hidden_counts_given_back_by_another_outputs_means(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both cells' counts hidden beside their rounded margin (so the counts' table is taken
    where it is read), the exact mean ages in another output: Young's hidden count is 8, a
    fail at its cell in the counts' output, streamed or not."""
    text = release_text(4, (0, 1))
    expected = {("counts.csv", cell): "fail" for cell in expected_small(text, "nearest")}
    assert expected == {("counts.csv", "B2"): "fail"}
    assert unpicked(text, "nearest")[0] == {TRUE_COUNTS[0]}
    got = _four_ways(_write(tmp_path, split_release(text)), monkeypatch)
    for (way, jobs), (_report, found, reads) in got.items():
        assert found == expected, (way, jobs)
        # streamed: the counts' table was checked where it was read, so the release is read
        # again with its models (the one way its count's finding can be made)
        assert reads == (2 if way == "streamed" else 1), (way, jobs)
    assert len({report for report, _f, _r in got.values()}) == 1


def test_a_taken_means_table_beside_the_counts_margin(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The means' output hides a cell of another variable (so it is the taken one), the counts'
    output prints only the rounded margin: the group's count, printed nowhere, fails at the
    mean's cell, streamed or not."""
    text = release_text()
    rows = [line.split(",") for line in text.strip().splitlines()[1:]]
    means = "group,mean_age,mean_income\n" + "".join(
        f"{g},{m},{HIDDEN if i == 0 else 25000 + i}\n" for i, (g, _n, m) in enumerate(rows))
    files = {"counts.csv": f"group,n\n{rows[-1][0]},{rows[-1][1]}\n", "means.csv": means}
    unprinted = text.replace(f"Young,{rows[0][1]},", f"Young,{HIDDEN},").replace(
        f"Old,{rows[1][1]},", f"Old,{HIDDEN},")
    got_counts = unpicked(unprinted, "nearest")
    expected = {("means.csv", f"B{i + 2}"): "fail" for i, values in enumerate(got_counts[:-1])
                if values and max(values) < THRESHOLD}
    assert expected == {("means.csv", "B2"): "fail"}
    got = _four_ways(_write(tmp_path, files), monkeypatch)
    for (way, jobs), (_report, found, _reads) in got.items():
        assert found == expected, (way, jobs)
    assert len({report for report, _f, _r in got.values()}) == 1


def test_a_taken_means_table_beside_a_table_of_sums(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sums of ages in one output, the mean ages (and a hidden cell of another variable) in
    the other: sum / mean is Young's count, 8, at the mean's cell, streamed or not."""
    text = release_text()
    rows = [line.split(",") for line in text.strip().splitlines()[1:]]
    sums = (*AGE_SUMS, sum(AGE_SUMS))
    means = "group,mean_age,mean_income\n" + "".join(
        f"{g},{m},{HIDDEN if i == 1 else 25000 + i}\n" for i, (g, _n, m) in enumerate(rows))
    files = {"means.csv": means, "totals.csv": "group,sum_age\n" + "".join(
        f"{r[0]},{s:g}\n" for r, s in zip(rows, sums, strict=True))}
    counts = [s / float(r[2]) for r, s in zip(rows, sums, strict=True)]
    expected = {("means.csv", f"B{i + 2}"): "fail" for i, n in enumerate(counts)
                if abs(n - round(n)) < 0.01 and 1 <= round(n) < THRESHOLD}
    assert expected == {("means.csv", "B2"): "fail"}
    got = _four_ways(_write(tmp_path, files), monkeypatch)
    for (way, jobs), (_report, found, _reads) in got.items():
        assert found == expected, (way, jobs)
    assert len({report for report, _f, _r in got.values()}) == 1


def test_a_streamed_release_whose_means_narrow_a_hidden_count_is_read_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Means to whole years beside the hidden counts: no small count is given back, but the
    means narrow both hidden counts to a range the margin alone does not (round 35: a bound
    for the audit's systems), so the streamed read is read again with its models, with the
    report of the read whole first."""
    text = release_text(0, (0, 1))
    assert expected_small(text, "nearest") == set()
    rows = [line.split(",") for line in text.strip().splitlines()[1:]]
    margin = possible(rows[-1][1], "nearest")
    young = unpicked(text, "nearest")[0]
    # narrower than "someone in each group" (1 to the margin's largest less 1) and not one value
    assert len(young) > 1 and young < set(range(1, max(margin))), young
    got = _four_ways(_write(tmp_path, split_release(text)), monkeypatch)
    for (way, jobs), (_report, found, reads) in got.items():
        assert found == {} and reads == (2 if way == "streamed" else 1), (way, jobs)
    assert len({report for report, _f, _r in got.values()}) == 1


def test_a_streamed_release_with_nothing_given_back_is_not_read_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The twin: every group's mean the same whole year, so the means' relation holds for any
    counts and says only that each hidden group has someone in it (at least 1): nothing is
    kept for the audit and the streamed read stands (read once), with the report of the
    read whole first."""
    rows = [line.split(",") for line in release_text(0, (0, 1)).strip().splitlines()[1:]]
    text = "group,n,mean_age\n" + "".join(f"{g},{n},40\n" for g, n, _m in rows)
    assert expected_small(text, "nearest") == set()
    margin = possible(rows[-1][1], "nearest")
    assert unpicked(text, "nearest")[0] == set(range(1, max(margin)))
    got = _four_ways(_write(tmp_path, split_release(text)), monkeypatch)
    for (way, jobs), (_report, found, reads) in got.items():
        assert found == {} and reads == 1, (way, jobs)
    assert len({report for report, _f, _r in got.values()}) == 1


def test_a_suppression_undone_by_another_outputs_means(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The 2 x 2 of hidden counts (a primary and its three secondaries) in the taken counts'
    output, the secondaries' mean ages in another: the primary, its row's margin less the
    count the means give back, fails at its cell, streamed or not."""
    from tests.test_handbook_examples_means_joint import (
        CELLS,
        PRIMARY,
        primary_values,
        split_suppressed,
        suppressed_release,
    )

    source = tmp_path / "source"
    source.mkdir()
    path = suppressed_release(source)
    values = primary_values(path)
    assert values == {CELLS[PRIMARY]} and CELLS[PRIMARY] < THRESHOLD
    expected = {("counts.csv", "C2"): "fail"}
    got = _four_ways(_write(tmp_path, split_suppressed(path)), monkeypatch)
    for (way, jobs), (_report, found, reads) in got.items():
        assert found == expected, (way, jobs)
        assert reads == (2 if way == "streamed" else 1), (way, jobs)
    assert len({report for report, _f, _r in got.values()}) == 1
