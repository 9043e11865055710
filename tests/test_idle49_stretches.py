"""``benchmarks/idle_stretches`` (round 49, idle49): the stretches with one process of the
check alone runnable, who it was, its CPU there, and the phases each falls in."""

from __future__ import annotations

from typing import Any

from benchmarks.idle_stretches import report, stretches, strip, where


def _dump(rows: list[tuple[float, float, float, bool, int]],
          spans: list[tuple[str, float, float]], start: float = 0.0, end: float = 99.0
          ) -> dict[str, Any]:
    """(wall, parent CPU, children CPU, parent runnable, children runnable) per sample."""
    return {"samples": [(w, p, c) for w, p, c, _, _ in rows],
            "states": [(r, n) for *_, r, n in rows], "spans": spans,
            "start": start, "end": end}


ROWS = [
    (0.0, 0.0, 0.0, True, 0),
    (1.0, 1.0, 0.0, True, 0),   # the parent alone (the head)
    (2.0, 2.0, 0.0, True, 0),   # still alone: one stretch 0-2
    (3.0, 3.0, 1.0, True, 1),   # both
    (4.0, 3.0, 2.0, False, 1),  # a child alone
    (5.0, 3.0, 2.0, False, 0),  # nothing runnable: not a stretch of one
    (6.0, 3.5, 2.0, True, 0),   # the parent alone again (the tail)
    (7.0, 4.0, 3.0, True, 2),   # the parent and two children
]
SPANS = [("import", 0.0, 1.5), ("pool read", 1.5, 4.5), ("  inner", 3.5, 4.5),
         ("sdc.check", 0.0, 7.0)]


def test_each_stretch_is_a_run_of_one_runnable_process_with_its_cpu() -> None:
    assert stretches(_dump(ROWS, SPANS)) == [
        (0.0, 2.0, "parent", 2.0), (3.0, 4.0, "child", 1.0), (5.0, 6.0, "parent", 0.5)]


def test_only_samples_inside_the_check_count() -> None:
    assert stretches(_dump(ROWS, SPANS, start=1.5, end=4.0)) == [
        (1.0, 2.0, "parent", 1.0), (3.0, 4.0, "child", 1.0)]


def test_a_time_is_named_by_the_phases_holding_it_outermost_first() -> None:
    assert where(SPANS, 0.05) == "import (head)"
    assert where(SPANS, 1.0) == "import (middle)"
    assert where(SPANS, 1.45) == "import (end)"
    assert where(SPANS, 4.0) == "pool read > inner (middle)"
    assert where(SPANS, 6.0) == "between phases"  # only the whole check holds it


def test_the_strip_marks_each_slice_by_its_busy_share() -> None:
    parent, children = strip(_dump(ROWS, SPANS, end=7.0), 2.0)
    # each interval counted in the slice of the sample ending it: slices [0,2) [2,4) [4,6)
    # [6,8) hold the samples at 1 | 2, 3 | 4, 5 | 6, 7; the parent's 1, 2, 0, 1 s of 2 s
    assert parent == "parent   |+# +|"
    assert children == "children | +++|"


def test_the_report_sums_by_place(capsys: Any) -> None:
    report(_dump(ROWS, SPANS, end=7.0), 2.0, 0.5)
    out = capsys.readouterr().out
    assert "one process alone runnable: 3.500 s CPU in 3 stretches" in out
    assert "2.000 s CPU  2.000 s wall    1x  parent: import (head) -> pool read (middle)" in out
    assert "1.000 s CPU  1.000 s wall    1x  child: pool read (middle) -> pool read > inner " \
        "(middle)" in out
    assert "0.500 s CPU  1.000 s wall    1x  parent: between phases" in out


def test_the_report_names_where_sdc503s_process_came_back(capsys: Any) -> None:
    spans = [*SPANS, ("Apart (its process)", 1.6, 4.1)]
    report(_dump(ROWS, spans, end=7.0), 2.0, 0.5)
    out = capsys.readouterr().out
    assert "SDC503's process (Apart) back at 4.100: pool read > inner (middle)" in out
    report(_dump(ROWS, SPANS, end=7.0), 2.0, 0.5)  # no Apart: no line
    assert "SDC503's process" not in capsys.readouterr().out


def test_sdc503s_process_is_the_first_apart_forked_not_the_first_back(capsys: Any) -> None:
    # round 50: the linking's columns' sums forked at 3.0 and back at 4.0, before SDC503's
    # (forked at 1.6, back at 4.1): its span is added first, yet it is not SDC503's
    spans = [*SPANS, ("Apart (its process)", 3.0, 4.0), ("Apart (its process)", 1.6, 4.1)]
    report(_dump(ROWS, spans, end=7.0), 2.0, 0.5)
    out = capsys.readouterr().out
    assert "SDC503's process (Apart) back at 4.100: pool read > inner (middle)" in out
    assert "Apart 2 (forked at 3.000) back at 4.000: pool read > inner (middle)" in out
