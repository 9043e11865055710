"""Round 29 (cpu29): a release rule's per-cell work read under one guard per batch of cells
(``sdc.rules.isolation.each_guarded(batch=...)``) fails closed exactly as one guard per
cell: the cell whose evaluation raises is SDC602 on its output, every other cell of its
batch keeps its own findings, in the serial order."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdc.outputs import Output
from sdc.results import Finding, Location
from sdc.rules import suppression
from sdc.rules.isolation import each_guarded
from tests.conftest import findings_of
from tests.test_release_isolation import NARROW, RECOVERABLE, RELEASE_RULES


def _output(name: str) -> Output:
    return Output(path=name, file=Path(name), extension="csv", size=0, sha256="")


def _found(item: int) -> list[Finding]:
    if item % 7 == 3:
        raise RuntimeError(f"broke on {item}")
    return [Finding(rule="SDC999", name="x", location=Location(path=f"{item}.csv"),
                    message=f"item {item}")] * (item % 3)


@pytest.mark.parametrize("batch", [2, 3, 5, 64])
def test_batched_guard_is_the_guard_per_item(batch: int) -> None:
    outputs = [_output(f"o{k}.csv") for k in range(4)]
    items = list(range(40))
    calls: list[int] = []

    def evaluate(item: int) -> list[Finding]:
        calls.append(item)
        return _found(item)

    def owners(item: int) -> list[Output]:
        return [outputs[item % 4]]

    one = [(f.rule, f.location.path, f.message)
           for f in each_guarded("SDC999", items, owners, _found)]
    batched = [(f.rule, f.location.path, f.message)
               for f in each_guarded("SDC999", items, owners, evaluate, batch=batch)]
    assert batched == one
    # the crashes (items 3, 10, 17, ...) are SDC602 on their outputs, each output once
    assert [(rule, path) for rule, path, _ in one if rule == "SDC602"] == [
        ("SDC602", "o3.csv"), ("SDC602", "o2.csv"), ("SDC602", "o1.csv"),
        ("SDC602", "o0.csv")]
    assert ("SDC602", "o3.csv", "SDC999 could not check this output (RuntimeError: broke on "
            "3); a person must check it") in one
    assert set(calls) == set(items)  # every item evaluated (a broken batch item by item)


def test_batched_guard_with_no_crash_evaluates_each_item_once() -> None:
    calls: list[int] = []

    def evaluate(item: int) -> list[Finding]:
        calls.append(item)
        return []

    assert list(each_guarded("SDC999", range(1000), lambda i: [], evaluate, batch=256)) == []
    assert calls == list(range(1000))


def test_one_hidden_cell_breaking_leaves_the_others_of_its_batch(check_files,
                                                                 monkeypatch) -> None:
    """SDC502 reads its hidden cells a batch at a time: the one cell whose evaluation raises
    sends its output to review (SDC602), the other hidden cells keep their findings."""
    original = suppression.NarrowSuppression._one

    def breaks_on_b2(self, audited, *args, **kwargs):
        if audited.cell.ref == "B2":
            raise RuntimeError("injected")
        return original(self, audited, *args, **kwargs)

    monkeypatch.setattr(suppression.NarrowSuppression, "_one", breaks_on_b2)
    result = check_files({"narrow.csv": NARROW, "good.csv": RECOVERABLE})
    assert findings_of(result, RELEASE_RULES) == {
        ("SDC602", "narrow.csv", None), ("SDC502", "narrow.csv", "C2"),
        ("SDC501", "good.csv", "C2")}
    (crash,) = [f for f in result.findings if f.rule == "SDC602"]
    assert crash.message == ("SDC502 could not check this output (RuntimeError: injected); "
                             "a person must check it")
    assert crash.status.value == "review"  # the output fails on C2 all the same
