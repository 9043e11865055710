"""Issue 11 item 8: a crash while a release rule evaluates one output (or one linked component)
sends *that* output to review with SDC602; the rule still checks the rest of the release."""

from __future__ import annotations

import pytest

import sdc.linking
from sdc.results import Status
from sdc.rules.differencing import Differencing
from sdc.rules.suppression import _Audit
from tests.conftest import findings_of

RECOVERABLE = "grp,A,B,C,Total\nr1,12,[c],30,60\nr2,20,25,35,80\n"  # C2 = 60 - 12 - 30
NARROW = "grp,A,B,Total\nr1,[c],[c],6\nr2,30,25,55\nTotal,[c],[c],61\n"  # B2, C2 in [0, 6]
OTHER = "grp,A,B,C,Total\ns1,13,[c],31,60\ns2,21,26,36,83\n"  # C2 = 16, no cell shared
RECUT_A = "age,Female,Male\n<20,40,12\n20-39,60,30\n"
RECUT_B = "age,Female,Male\n<25,55,13\n25-39,45,29\n"  # (<25) - (<20) = 1 man aged 20-24
RELEASE_RULES = {"SDC402", "SDC501", "SDC502", "SDC503", "SDC602"}


def _statuses(result) -> dict[str, str]:
    return {o.path: o.status.value for o in result.outputs}


def test_unbounded_cell_and_narrow_table_in_one_release(check_files) -> None:
    result = check_files({"a_unbounded.csv": "grp,A,B\nr1,12,[c]\nr2,30,25\n",
                          "b_narrow.csv": NARROW})
    # the two share labels and contradict (a's r1 A is 12, b's r1 total is 6): since round 20
    # (8303aa8) the pair the audit cannot hold together is reviewed on both (SDC402)
    assert findings_of(result, RELEASE_RULES) == {
        ("SDC502", "b_narrow.csv", "B2"), ("SDC502", "b_narrow.csv", "C2"),
        ("SDC402", "a_unbounded.csv", None), ("SDC402", "b_narrow.csv", None)}
    assert result.exit_code(Status.REVIEW) == 1


def test_crash_in_one_linked_component_leaves_the_others_audited(check_files, monkeypatch) -> None:
    original = _Audit._audit_component

    def breaks_on_bad(self, tables, *args, **kwargs):
        if any(self.systems[k].output.path == "bad.csv" for k in tables):
            raise RuntimeError("injected")
        return original(self, tables, *args, **kwargs)

    monkeypatch.setattr(_Audit, "_audit_component", breaks_on_bad)
    result = check_files({"bad.csv": RECOVERABLE, "good.csv": OTHER,
                          "narrow.csv": NARROW})
    assert findings_of(result, RELEASE_RULES) == {
        ("SDC602", "bad.csv", None), ("SDC501", "good.csv", "C2"),
        # the two tables' row totals add to 140 and 143 (round 46, total46: SDC503)
        ("SDC503", "good.csv", "E2"),
        ("SDC502", "narrow.csv", "B2"), ("SDC502", "narrow.csv", "C2")}
    assert _statuses(result)["bad.csv"] == "review"
    (crash,) = [f for f in result.findings if f.rule == "SDC602"]
    assert crash.message == ("the suppression audit (SDC501, SDC502, SDC402) could not check "
                             "this output (RuntimeError: injected); a person must check it")


def test_crash_building_one_table_system(check_files, monkeypatch) -> None:
    original = sdc.linking.build_table_system

    def breaks_on_bad(output, *args, **kwargs):
        if output.path == "bad.csv":
            raise ValueError("injected")
        return original(output, *args, **kwargs)

    monkeypatch.setattr(sdc.linking, "build_table_system", breaks_on_bad)
    result = check_files({"bad.csv": RECOVERABLE, "good.csv": OTHER})
    assert findings_of(result, RELEASE_RULES) == {
        ("SDC602", "bad.csv", None), ("SDC501", "good.csv", "C2"),
        ("SDC503", "good.csv", "E2")}  # the row totals add to 140 and 143 (total46)


def test_crash_comparing_one_pair_of_cuttings(check_files, monkeypatch) -> None:
    original = Differencing._slivers

    def breaks_on_bad(self, a, b, *args, **kwargs):
        if "bad" in a.output.path or "bad" in b.output.path:
            raise RuntimeError("injected")
        return original(self, a, b, *args, **kwargs)

    monkeypatch.setattr(Differencing, "_slivers", breaks_on_bad)
    result = check_files({"bad1.csv": RECUT_A, "bad2.csv": RECUT_B,
                          "good1.csv": RECUT_A.replace("Female", "F").replace("Male", "M"),
                          "good2.csv": RECUT_B.replace("Female", "F").replace("Male", "M")})
    assert findings_of(result, {"SDC503", "SDC602"}) == {
        ("SDC602", "bad1.csv", None), ("SDC602", "bad2.csv", None),
        ("SDC503", "good2.csv", "C2")}
    assert _statuses(result)["bad1.csv"] == _statuses(result)["bad2.csv"] == "review"


# what SDC503 calls (child48: a table's cuttings as columns)
@pytest.mark.parametrize("broken", ["output_cut_columns", "_count_index"])
def test_crash_reading_one_output_for_differencing(check_files, monkeypatch, broken) -> None:
    import sdc.rules.differencing as differencing

    original = getattr(differencing, broken)

    def breaks_on_bad(output, *args, **kwargs):
        if output.path.startswith("bad"):
            raise RuntimeError("injected")
        return original(output, *args, **kwargs)

    monkeypatch.setattr(differencing, broken, breaks_on_bad)
    result = check_files({"bad.csv": RECUT_A, "good1.csv": RECUT_A, "good2.csv": RECUT_B})
    found = findings_of(result, {"SDC503", "SDC602"})
    assert ("SDC602", "bad.csv", None) in found
    assert ("SDC503", "good2.csv", "C2") in found
    assert _statuses(result)["bad.csv"] != "pass"
