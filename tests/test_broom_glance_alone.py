"""Hunt round 12: broom's ``glance()`` without its ``tidy()``, and ``tidy(conf.int = TRUE)``.

A glance row prints the model's residual dof under broom's own name (``df.residual``). Alone
(no tidy file of the same stem, or another file name) its numbers were only "not understood"
(SDC602 review), so a model on 7 people with 4 residual dof was never failed: the row's own
``df.residual`` is now its model's dof, SDC301 ``fail`` below 10. Its other numbers stay
SDC602, so a lone glance is never a pass by this. ``tidy(conf.int = TRUE)`` adds
``conf.low``/``conf.high``, read as nothing (SDC602), which also kept a safe tidy/glance pair
from being linked (review): beside coefficients, an interval's bounds are model statistics.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from tests.conftest import findings_of, found_with_status
from tests.test_model_companions import POLICY, _fit, _num, _write

GLANCE = ('"","r.squared","adj.r.squared","sigma","statistic","p.value","df","logLik","AIC",'
          '"BIC","deviance","df.residual","nobs"\n')


def _check(root: Path) -> sdc.RunResult:
    return sdc.check(root, POLICY)


@pytest.mark.parametrize("name", ["fit_glance.csv", "model_fit.csv"])
def test_a_lone_glance_with_few_residual_dof_fails(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text(GLANCE + '"1",0.31,0.2,1.2,2.9,0.1,2,-10.1,28.2,29,8.6,4,7\n')
    result = _check(tmp_path)
    assert found_with_status(result) == {("SDC301", None, "fail"), ("SDC602", None, "review")}
    assert [f.evidence.get("dof") for f in result.findings if f.rule == "SDC301"] == [4.0]


def test_a_lone_glance_with_enough_dof_stays_review(tmp_path: Path) -> None:
    (tmp_path / "fit_glance.csv").write_text(
        GLANCE + '"1",0.31,0.3,1.2,29.9,0.001,2,-310.1,628.2,639,298.6,197,200\n')
    result = _check(tmp_path)
    assert found_with_status(result) == {("SDC602", None, "review")}
    assert result.status.value == "review"


def _write_conf_int(root: Path, n: int) -> None:
    """write.csv(tidy(fit, conf.int = TRUE)) beside write.csv(glance(fit))."""
    res = _fit(n)
    _write(root, res)
    ci = res.conf_int()
    lines = (root / "fit_tidy.csv").read_text().splitlines()
    lines[0] += ',"conf.low","conf.high"'
    for i in range(1, len(lines)):
        lines[i] += f",{_num(ci.iloc[i - 1, 0])},{_num(ci.iloc[i - 1, 1])}"
    (root / "fit_tidy.csv").write_text("\n".join(lines) + "\n")


def test_tidy_with_conf_int_and_its_glance_passes(tmp_path: Path) -> None:
    _write_conf_int(tmp_path, 500)
    result = _check(tmp_path)
    assert findings_of(result) == set()
    assert result.status.value == "pass"


def test_tidy_with_conf_int_on_twelve_people_fails_sdc301(tmp_path: Path) -> None:
    _write_conf_int(tmp_path, 12)
    result = _check(tmp_path)
    assert findings_of(result) == {("SDC301", "fit_tidy.csv", None),
                                   ("SDC301", "fit_glance.csv", None)}
    assert result.status.value == "fail"


def test_tidy_with_conf_int_alone_has_no_dof(tmp_path: Path) -> None:
    _write_conf_int(tmp_path, 500)
    (tmp_path / "fit_glance.csv").unlink()
    result = _check(tmp_path)
    assert found_with_status(result) == {("SDC301", None, "review")}
