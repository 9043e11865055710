"""A classification report's true positives, false negatives and false positives, worked out
from its recall, precision and support as intervals (hunt2, round 14). A safe report was
``review`` (its shares were for a person); it now passes when every count's interval lies at
or above the policy's threshold, and fails where a count is certainly small. The reports are
written as scikit-learn and pandas write them (``classification_report(..., output_dict=True)``
saved with ``pd.DataFrame(report).T.to_csv()``: full floats; the printed text: 2 decimals),
from a confusion matrix (sklearn is not installed)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import sdc
from sdc.classification_counts import report_counts
from sdc.policy import build_policy
from sdc.readers import read_output
from tests.conftest import found_with_status as _found


def _report(matrix: list[list[int]], labels: list[str]) -> dict[str, dict[str, float] | float]:
    """What sklearn's ``classification_report(output_dict=True)`` gives for ``matrix``
    (rows: true class, columns: predicted class)."""
    out: dict[str, dict[str, float] | float] = {}
    n = sum(map(sum, matrix))
    for k, label in enumerate(labels):
        tp = matrix[k][k]
        support = sum(matrix[k])
        predicted = sum(row[k] for row in matrix)
        p = tp / predicted if predicted else 0.0
        r = tp / support if support else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        out[label] = {"precision": p, "recall": r, "f1-score": f1, "support": float(support)}
    classes = [out[label] for label in labels]
    out["accuracy"] = sum(matrix[k][k] for k in range(len(labels))) / n
    for name, weight in (("macro avg", lambda c: 1 / len(labels)),
                         ("weighted avg", lambda c: c["support"] / n)):
        out[name] = {key: sum(weight(c) * c[key] for c in classes)  # type: ignore[index]
                     for key in ("precision", "recall", "f1-score")}
        out[name]["support"] = float(n)  # type: ignore[index]
    return out


def _text(report: dict[str, dict[str, float] | float], labels: list[str]) -> str:
    """``print(classification_report(...))`` (2 decimals, sklearn's alignment)."""
    lines = [f"{'':>14}{'precision':>11}{'recall':>10}{'f1-score':>10}{'support':>10}", ""]
    for label in labels:
        c = report[label]
        assert isinstance(c, dict)
        lines.append(f"{label:>14}{c['precision']:>11.2f}{c['recall']:>10.2f}"
                     f"{c['f1-score']:>10.2f}{int(c['support']):>10}")
    n = int(report["macro avg"]["support"])  # type: ignore[index]
    lines += ["", f"{'accuracy':>14}{'':>11}{'':>10}{report['accuracy']:>10.2f}{n:>10}"]
    for name in ("macro avg", "weighted avg"):
        c = report[name]
        assert isinstance(c, dict)
        lines.append(f"{name:>14}{c['precision']:>11.2f}{c['recall']:>10.2f}"
                     f"{c['f1-score']:>10.2f}{n:>10}")
    return "\n".join(lines) + "\n"


def _write(folder: Path, matrix: list[list[int]], labels: list[str], text: bool) -> Path:
    folder.mkdir(parents=True)
    report = _report(matrix, labels)
    if text:
        path = folder / "report.txt"
        path.write_text(_text(report, labels), encoding="utf-8")
    else:
        path = folder / "report.csv"
        pd.DataFrame(report).T.to_csv(path)
    return path


SAFE = [[380, 32], [25, 65]]  # class 1: 65 found, 25 missed, 32 false alarms
MISSED_4 = [[380, 32], [4, 86]]  # class 1: 4 missed (class 0's 4 false positives)


def _check(path: Path, policy: dict | None = None) -> sdc.RunResult:
    return sdc.check(path.parent, build_policy(policy or {}))


def test_a_safe_report_passes(tmp_path: Path) -> None:
    # was: review (SDC602: precision, recall and f1-score for a person)
    for text in (False, True):
        result = _check(_write(tmp_path / str(text), SAFE, ["0", "1"], text))
        assert result.findings == [], text
        assert result.status.value == "pass"


def test_the_intervals_of_the_printed_report(tmp_path: Path) -> None:
    path = _write(tmp_path / "t", SAFE, ["0", "1"], True)
    (table,) = [o.table for o in read_output(path, path.name, build_policy({}))
                if o.table is not None]
    found = {(r.label, r.name): (r.lo, r.hi, r.cell.measure.name)
             for r in report_counts(table) or []}
    assert found == {
        ("0", "true positives"): (377, 381, "recall"),
        ("0", "false negatives"): (32, 32, "recall"),  # class 1's false positives
        ("0", "false positives"): (25, 25, "precision"),  # class 1's misses
        ("1", "true positives"): (65, 65, "recall"),
        ("1", "false negatives"): (25, 25, "recall"),
        ("1", "false positives"): (32, 32, "precision")}


def test_four_missed_fail_at_both_cells_that_give_them_away(tmp_path: Path) -> None:
    for text in (False, True):
        result = _check(_write(tmp_path / str(text), MISSED_4, ["0", "1"], text))
        # class 1's recall (C3) gives its 4 misses; class 0's precision (B2) its 4 false
        # alarms, the same 4 people
        assert _found(result) == {("SDC101", "C3", "fail"), ("SDC101", "B2", "fail")}, text
    messages = sorted(f.message for f in result.findings)
    assert messages == [
        "class '0': its false positives, worked out from the printed precision, are 4: "
        "below the threshold 10",
        "class '1': its false negatives, worked out from the printed recall, are 4: below "
        "the threshold 10"]
    assert all("4" not in (f.public_message or "") for f in result.findings)


def test_the_threshold_is_the_policys(tmp_path: Path) -> None:
    path = _write(tmp_path / "t", SAFE, ["0", "1"], False)
    # 25 misses and 32 false alarms: safe at 10, not at 30
    assert _found(_check(path, {"rules": {"small-count": {"threshold": 30}}})) == {
        ("SDC101", "B2", "fail"), ("SDC101", "C3", "fail")}


def test_an_interval_across_the_threshold_is_for_a_person(tmp_path: Path) -> None:
    # three classes (no two-class intersection): class a's 992 of 1000 found prints 0.99,
    # so its misses are 5 to 15
    matrix = [[992, 4, 4], [20, 460, 20], [20, 20, 460]]
    result = _check(_write(tmp_path / "t", matrix, ["a", "b", "c"], True))
    assert _found(result) == {("SDC101", "C2", "review")}  # the text's blank lines not rows
    (finding,) = result.findings
    assert finding.message == (
        "class 'a': its false negatives, worked out from the printed recall, are between 5 "
        "and 15: they may be below the threshold 10; a person must check them")
    # in full (the CSV), 992 of 1000 is exact: 8 misses fail
    assert _found(_check(_write(tmp_path / "c", matrix, ["a", "b", "c"], False))) == {
        ("SDC101", "C2", "fail")}


def test_a_zero_is_safe_only_where_zeros_are(tmp_path: Path) -> None:
    matrix = [[380, 32], [0, 90]]  # every one of class 1 found: 0 misses
    path = _write(tmp_path / "t", matrix, ["0", "1"], True)  # 1.00: 0 misses exactly
    assert _found(_check(path)) == {("SDC101", "B2", "review"), ("SDC101", "C3", "review")}
    assert _check(path, {"rules": {"zero-count": {"status": "off"}}}).findings == []
    # pandas writes an exact 1 as 1.0, which a share rounded to one decimal also prints:
    # 0 to 4 misses, for a person whatever the zeros
    path = _write(tmp_path / "c", matrix, ["0", "1"], False)
    assert _found(_check(path, {"rules": {"zero-count": {"status": "off"}}})) == {
        ("SDC101", "B2", "review"), ("SDC101", "C3", "review")}


def test_numbers_that_cannot_be_worked_out_stay_for_a_person(tmp_path: Path) -> None:
    folder = tmp_path / "t"
    folder.mkdir()
    # class 1's recall 0.33 of 90 (30 found) and class 0's of 412 contradict its precisions
    (folder / "report.csv").write_text(
        ",precision,recall,f1-score,support\n0,0.95,0.98,0.96,412.0\n1,0.6,0.33,0.43,90.0\n"
        "accuracy,0.94,0.94,0.94,0.94\nmacro avg,0.77,0.65,0.7,502.0\n"
        "weighted avg,0.94,0.94,0.94,502.0\n")
    result = _check(folder / "report.csv")
    assert _found(result) == {("SDC101", None, "review")}
    # with the small-count rule off nothing checks the shares: SDC602 names them
    off = _check(folder / "report.csv", {"rules": {"small-count": {"status": "off"}}})
    assert ("SDC602", None, "review") in _found(off) and off.status.value == "review"
