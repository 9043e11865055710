"""scikit-learn's ``classification_report`` saved by a researcher (hunt round 13): a class's
``support`` is its number of people. Saved with
``pd.DataFrame(classification_report(..., output_dict=True)).T.to_csv()`` the report was one
block of numbers nobody understood (``review``) with 9 cases of class 1 unchecked; printed into
a ``.txt`` its class labels ``0``/``1`` and precisions were read as counts (SDC101 at ``count
1`` and ``count 0.6``: the right verdict at the wrong cells, and a safe report failed the same
way). Now ``support`` is a count: SDC101 at the 9 (E3), SDC103 where one class is 98% of all;
precision, recall and f1-score stay for a person (they are shares of true and false positives
the report does not print), so a safe report is ``review``, never ``pass``. The files are
written here as sklearn and pandas write them (sklearn is not installed)."""

from __future__ import annotations

from pathlib import Path

import sdc
from sdc.policy import build_policy
from tests.conftest import found_with_status as _found

# pandas' to_csv of the transposed report dict: the accuracy repeated in its row
_CSV = """,precision,recall,f1-score,support
0,0.95,0.98,0.96,412.0
1,0.6,0.33,0.43,{n}.0
accuracy,0.94,0.94,0.94,0.94
macro avg,0.77,0.65,0.7,{total}.0
weighted avg,0.94,0.94,0.94,{total}.0
"""

# print(classification_report(y_true, y_pred)) as sklearn aligns it
_TEXT = """              precision    recall  f1-score   support

           0       0.95      0.98      0.96       412
           1       0.60      0.33      0.43       {n:>3}

    accuracy                           0.94       {total}
   macro avg       0.77      0.65      0.70       {total}
weighted avg       0.94      0.94      0.94       {total}
"""

# precision, recall, f1 for a person: these made-up shares give no whole counts (since hunt2,
# round 14, SDC101 works a report's counts out: tests/test_classification_report_counts.py)
_SHARES = ("SDC101", None, "review")


def _check(tmp_path: Path, name: str, template: str, n: int) -> sdc.RunResult:
    folder = tmp_path / "model"
    folder.mkdir(parents=True)
    (folder / name).write_text(template.format(n=n, total=412 + n), encoding="utf-8")
    return sdc.check(folder, build_policy({}))


def _problem(result: sdc.RunResult) -> None:
    messages = [f.message for f in result.findings if f.rule == "SDC101"]
    assert ("precision, recall and f1-score are shares of true and false positives the report "
            "does not print, and they could not be worked out from the printed numbers: a "
            "person must check them") in messages


def test_a_small_class_in_the_csv_fails_at_its_support(tmp_path: Path) -> None:
    result = _check(tmp_path, "report.csv", _CSV, 9)
    # was: review only (22 numbers not understood)
    assert _found(result) == {("SDC101", "E3", "fail"), ("SDC103", "E2", "fail"), _SHARES}
    (small,) = [f for f in result.findings if f.rule == "SDC101" and f.location.cell]
    assert small.message == "count 9 is below the threshold 10"
    assert result.status.value == "fail"
    _problem(result)


def test_the_printed_report_fails_at_its_support_not_at_its_labels(tmp_path: Path) -> None:
    result = _check(tmp_path, "report.txt", _TEXT, 9)
    # was: SDC101 at B2 ("count 1", the class label), B3-B5 (0.6, 0.33, 0.43) and B6 (9)
    assert _found(result) == {("SDC101", "E3", "fail"), ("SDC103", "E2", "fail"), _SHARES}
    assert result.status.value == "fail"
    _problem(result)


def test_the_safe_twins_are_for_a_person_only(tmp_path: Path) -> None:
    for name, template in (("report.csv", _CSV), ("report.txt", _TEXT)):
        result = _check(tmp_path / name, name, template, 90)
        # the printed one was: fail (SDC101 at the label 1 and the precisions)
        assert _found(result) == {_SHARES}, name
        assert result.status.value == "review"
        _problem(result)


def test_another_column_leaves_the_general_reading(tmp_path: Path) -> None:
    extra = _CSV.replace("support\n", "support,auc\n").replace(".0\n", ".0,0.9\n")
    result = _check(tmp_path, "report.csv", extra, 90)
    assert "precision, recall and f1-score are shares" not in " ".join(
        f.message for f in result.findings)
    assert result.status.value != "pass"
