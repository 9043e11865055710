"""request.toml over a large release: outputs declared but missing, and subgroups' counts
against their whole's, found as by comparing every pair (issue 14: the parent's serial part
of a 1,000-output release; both were quadratic)."""

from __future__ import annotations

import fnmatch
from pathlib import Path
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from sdc.annotations.request import RequestDeclarations
from sdc.claims import _counts, _show, _subgroup_of, _where, check_populations
from sdc.outputs import Output
from sdc.request import OutputEntry, Request
from sdc.table import Role


def _missing_by_every_pair(entries: list[str], found: set[str]) -> list[tuple[str, str]]:
    """The reference: every entry matched against every file found."""
    return [(e, "a pattern no file matches" if any(c in e for c in "*?[") else "missing")
            for e in entries
            if not any(path == e or fnmatch.fnmatch(path, e) for path in found)]


_NAMES = st.sampled_from(["a.csv", "A.csv", "b.csv", "t1.csv", "t10.csv", "x/t1.csv",
                          "fig[1].png", "fig1.png", "t?.csv", "*.csv", "x/*", "t[12].csv",
                          "gone.csv", "[", "a.CSV"])


@settings(max_examples=100, deadline=None)
@given(entries=st.lists(_NAMES, max_size=8), found=st.sets(_NAMES, max_size=8))
def test_declared_but_missing_as_every_pair_finds(entries: list[str], found: set[str]) -> None:
    folder = Path("/release")
    declared = RequestDeclarations(folder, True, Request(outputs=[OutputEntry(path=e)
                                                                  for e in entries]))
    got = [(o.path, o.unreadable) for o in declared._declared_but_missing(folder, found)]
    assert got == [(e, f"declared in request.toml but {what} in the release")
                   for e, what in _missing_by_every_pair(entries, found)]


def _table(values: list[int]) -> SimpleNamespace:
    """What the check reads of a table: its cells' role, value and labels."""
    count = SimpleNamespace(role=Role.COUNT)
    return SimpleNamespace(cells=[SimpleNamespace(measure=count, value=float(v),
                                                  labels_key=(f"g{k}",))
                                  for k, v in enumerate(values)])


def _check_every_pair(outputs: list[Output]) -> None:
    """The reference: every declared output against every other."""
    declared = [(o, o.request.get("population") or {}) for o in outputs if o.table is not None]
    declared = [(o, p) for o, p in declared if isinstance(p, dict)]
    for sub, sub_pop in declared:
        if not sub_pop:
            continue
        for whole, whole_pop in declared:
            if whole is sub or not _subgroup_of(sub_pop, whole_pop):
                continue
            sub_counts, whole_counts = _counts(sub), _counts(whole)
            over = [k for k, v in sub_counts.items() if k in whole_counts
                    and v > whole_counts[k]]
            if over:
                sub.invalid_claims.append(
                    f"{_where(sub)}: population = {_show(sub_pop)} claims a subgroup of "
                    f"{whole.path} ({_show(whole_pop) if whole_pop else 'the whole population'}"
                    f"), but {len(over)} of its counts exceed the whole's: the claim does not "
                    "agree with the numbers")


_VALUES = st.sampled_from(["M", "F", 1, 1.0, True, 2, float("nan"), "1"])
_POPULATIONS = st.one_of(
    st.none(), st.just({}),
    st.dictionaries(st.sampled_from(["sex", "region", "cohort"]), _VALUES, max_size=3),
    st.just({"sex": ["M"]}))


def _outputs(specs: list) -> list[Output]:
    outputs = []
    for k, (population, values) in enumerate(specs):
        request = {} if population is None else {"population": population}
        outputs.append(Output(path=f"t{k}.csv", file=Path(f"t{k}.csv"), extension="csv",
                              size=0, sha256="", request=request, table=_table(values)))
    return outputs


@settings(max_examples=100, deadline=None)
@given(specs=st.lists(st.tuples(_POPULATIONS, st.lists(st.integers(0, 30), min_size=1,
                                                        max_size=3)), max_size=10))
def test_subgroups_checked_as_every_pair_finds(specs: list) -> None:
    fast, slow = _outputs(specs), _outputs(specs)
    check_populations(fast)
    _check_every_pair(slow)
    assert [o.invalid_claims for o in fast] == [o.invalid_claims for o in slow]


def test_a_subgroup_over_its_whole_among_many_outputs() -> None:
    # 300 outputs of three cohorts; one cohort's men count more than the cohort at b: named
    # once, on that output, against each whole it exceeds, in the release's order
    specs = [({"cohort": f"c{k % 3}"}, [20, 30]) for k in range(300)]
    specs.append(({"cohort": "c1", "sex": "M"}, [5, 31]))
    specs.append(({"cohort": "c2", "sex": "M"}, [5, 6]))
    outputs = _outputs(specs)
    check_populations(outputs)
    assert [k for k, o in enumerate(outputs) if o.invalid_claims] == [300]
    claims = outputs[300].invalid_claims
    assert len(claims) == 100  # every c1 output is its whole
    assert claims[0].startswith("request.toml [[outputs]] for t300.csv: population = "
                                '{"cohort": "c1", "sex": "M"} claims a subgroup of t1.csv')
    assert "but 1 of its counts exceed" in claims[0]

