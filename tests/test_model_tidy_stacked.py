"""broom's ``tidy()`` and ``glance()`` of one model appended to one CSV, a blank line between
(``write.csv(tidy(fit))`` then ``write.table(glance(fit), append = TRUE)``; issue 12, hunt
round 16, second part). Since the stacked tables of a file are tables of their own
(``sdc/readers/csv_blocks.py``), the two are told apart by their columns and linked as the
two-sheet workbook is (``sdc/readers/model_companions.py``): a glm's 4 exposed cases fail
SDC101 at the tidy table's term (before: SDC301/SDC602 ``review``, the counts not read), the
safe twin passes on the glance row's dof. Two tidy tables over one glance row are not linked."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of
from tests.test_model_companions import write_tidy_and_glance
from tests.test_model_counts import _binary, _fit
from tests.test_model_tidy_workbook import GLM_GLANCE, _glm_glance

pytest.importorskip("statsmodels.api")
POLICY = build_policy({})


def _stacked(folder: Path, groups: list[tuple[int, int]], tidy_tables: int = 1) -> Path:
    folder.mkdir(parents=True)
    fit = _fit("glm", _binary(groups))
    values = [value for _, value in _glm_glance(fit)]
    write_tidy_and_glance(folder, fit, GLM_GLANCE, values, "t.csv", "g.csv")
    tidy, glance = ((folder / name).read_text(encoding="utf-8") for name in ("t.csv", "g.csv"))
    (folder / "model.csv").write_text("\n".join([tidy] * tidy_tables + [glance]),
                                      encoding="utf-8")
    (folder / "t.csv").unlink()
    (folder / "g.csv").unlink()
    return folder


def test_a_glm_tidy_and_glance_in_one_csv_give_the_counts_back(tmp_path: Path) -> None:
    result = sdc.check(_stacked(tmp_path / "a", [(30, 130), (4, 36)]), POLICY)
    assert findings_of(result) == {("SDC101", "model.csv#table1", "B3")}  # was: review
    assert result.status.value == "fail"
    assert "the cases of the group of term 'exposed'" in result.findings[0].message


def test_the_safe_twin_passes(tmp_path: Path) -> None:
    result = sdc.check(_stacked(tmp_path / "b", [(30, 130), (14, 26)]), POLICY)
    assert result.findings == [] and result.status.value == "pass"


def test_two_tidy_tables_over_one_glance_are_not_linked(tmp_path: Path) -> None:
    result = sdc.check(_stacked(tmp_path / "c", [(30, 130), (4, 36)], tidy_tables=2), POLICY)
    # not linked; each tidy table alone proves its 4 exposed cases (round 52,
    # ``sdc.whole_counts``: whole to the printed precision)
    assert findings_of(result, {"SDC101"}) == {("SDC101", "model.csv#table1", "B3"),
                                              ("SDC101", "model.csv#table2", "B7")}
    assert result.status.value == "fail"
