"""Stata's factor-variable interactions are a table too (issue 12, round 16, models3).

``logit case i.a##i.b`` prints each factor's levels under its name (``a |`` over ``1 |``) and
the interaction's cells under ``a#b |`` (``1 3 |``; with value labels ``Yes#High |``). A model
saturated on the two factors gives every cell's counts back, as the statsmodels
(``C(a)[T.1]:C(b)[T.3]``) and R (``a1:b3``) prints do; those rows were read as one factor's
levels, the sum check failed, and a cell of 4 cases passed on the model's dof. Stata is not
installed on this machine: the prints are laid out as Stata 17 documents and prints them
(factor headers, levels right-aligned before ``|``, an empty ``|`` line after each factor's
block), with the numbers of the same fit made by statsmodels, formatted as Stata formats them."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sdc
from sdc.model_counts import recovered_counts
from sdc.policy import build_policy
from sdc.readers.model_text import parse_model_text
from tests.conftest import findings_of
from tests.test_model_counts import _stata_number, _write

sm = pytest.importorskip("statsmodels.api")
smf = pytest.importorskip("statsmodels.formula.api")
POLICY = build_policy({})

# (a, b) -> (cases, non-cases); a in 0/1, b in 1/2/3; 4 cases in the cell (1, 3)
TWO_BY_THREE = {(0, 1): (30, 90), (0, 2): (25, 60), (0, 3): (40, 50),
                (1, 1): (20, 70), (1, 2): (35, 45), (1, 3): (4, 30)}
TWO_BY_THREE_SAFE = {**TWO_BY_THREE, (1, 3): (14, 30)}


def _frame(cells: dict[tuple[int, int], tuple[int, int]], counts: bool = False) -> pd.DataFrame:
    """People by factors a and b: (cases, non-cases) per cell, or (people, events) with
    ``counts`` (events one a person, then two)."""
    rows = []
    for (a, b), (first, second) in cells.items():
        if counts:
            each = [0] * first
            for i in range(second):
                each[i % first] += 1
            rows += [(a, b, float(v)) for v in each]
        else:
            rows += [(a, b, 1.0)] * first + [(a, b, 0.0)] * second
    return pd.DataFrame(rows, columns=["a", "b", "case"])


def _fit(cells, family: str = "logit", formula: str = "case ~ C(a) * C(b)"):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if family == "poisson":
            return smf.poisson(formula, _frame(cells, counts=True)).fit(disp=0)
        return getattr(smf, family)(formula, _frame(cells)).fit(disp=0)


def _row(label: str, fit, term: str, exponentiate: bool) -> str:
    b, se, z, p = fit.params[term], fit.bse[term], fit.tvalues[term], fit.pvalues[term]
    est, err = (np.exp(b), np.exp(b) * se) if exponentiate else (b, se)
    return (f"{label:>12} | {_stata_number(est):>10} {_stata_number(err):>10}{z:>9.2f}"
            f"{p:>8.3f}    {_stata_number(est - 1.96 * err):>9}"
            f"  {_stata_number(est + 1.96 * err):>9}")


def stata_factorial(fit, title: str = "Logistic regression", header: str = "Coefficient",
                    exponentiate: bool = False, labels: dict[str, dict[int, str]] | None = None,
                    names: tuple[str, str] = ("a", "b"), body: list[str] | None = None) -> str:
    """``logit case i.a##i.b`` as Stata 17 prints it, with this fit's numbers; ``labels``:
    value labels of the levels (then an interaction's row is ``Yes#High``); ``body``: the
    coefficient table's rows of another model."""
    labels = labels or {}
    body = body or _factorial_body(fit, exponentiate, labels, names)
    lr = f"LR chi2({int(fit.df_model)})"
    return f"""
{title:<56}Number of obs = {int(fit.nobs):>6}
                                                        {lr:<14}= {fit.llr:>6.2f}
                                                        Prob > chi2   = {fit.llr_pvalue:.4f}
Log likelihood = {fit.llf:.6f}                             Pseudo R2     = {fit.prsquared:.4f}

------------------------------------------------------------------------------
        case | {header}  Std. err.      z    P>|z|     [95% conf. interval]
-------------+----------------------------------------------------------------
""" + "\n".join(body) + """
------------------------------------------------------------------------------
"""


def _factorial_body(fit, exponentiate: bool, labels: dict[str, dict[int, str]],
                    names: tuple[str, str]) -> list[str]:
    a, b = names

    def level(factor: str, value: int) -> str:
        return labels.get(factor, {}).get(value, str(value))

    body = []
    for factor, key in ((a, "C(a)"), (b, "C(b)")):
        body.append(f"{factor:>12} |")
        for term in fit.params.index:
            if term.startswith(f"{key}[T.") and ":" not in term:
                value = int(term[len(key) + 3:-1])
                body.append(_row(level(factor, value) + " ", fit, term, exponentiate))
        body.append("             |")
    body.append(f"{a + '#' + b:>12} |")
    for term in fit.params.index:
        if ":" in term:
            x, y = (int(part.split("[T.")[1][:-1]) for part in term.split(":"))
            cell = (f"{level(a, x)}#{level(b, y)}" if labels else f"{x} {y}")
            body.append(_row(cell + " ", fit, term, exponentiate))
    body.append("             |")
    body.append(_row("_cons", fit, "Intercept", exponentiate))
    return body


def _line_of(text: str, label: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1)
                if line.split("|")[0].strip() == label)


@pytest.mark.parametrize(("header", "exponentiate"), [("Coefficient", False),
                                                      ("Odds ratio", True)])
def test_stata_logit_saturated_on_two_factors(tmp_path: Path, header: str,
                                              exponentiate: bool) -> None:
    """``logit`` and ``logistic`` of ``i.a##i.b``: the 4 cases of the cell (1, 3) fail SDC101
    at the interaction's row ``1 3`` (it passed on its 493 dof); the safe twin passes."""
    text = stata_factorial(_fit(TWO_BY_THREE), header=header, exponentiate=exponentiate)
    result = sdc.check(_write(tmp_path / "a", text), POLICY)
    assert findings_of(result) == {("SDC101", "model.txt", f"A{_line_of(text, '1 3')}")}
    assert result.status.value == "fail"
    (finding,) = result.findings
    assert "the cases of the group of term 'a#b 1 3'" in finding.message
    assert "are 4: below the threshold 10" in finding.message
    safe = stata_factorial(_fit(TWO_BY_THREE_SAFE), header=header, exponentiate=exponentiate)
    assert sdc.check(_write(tmp_path / "b", safe), POLICY).findings == []


def test_stata_value_labels(tmp_path: Path) -> None:
    """With value labels the cells are ``Yes#High``, the levels ``Yes``, ``Mid``, ``High``."""
    labels = {"smoker": {1: "Yes"}, "dose": {2: "Mid", 3: "High"}}
    text = stata_factorial(_fit(TWO_BY_THREE), labels=labels, names=("smoker", "dose"))
    assert "smoker#dose |" in text and "Yes#High  |" in text
    result = sdc.check(_write(tmp_path, text), POLICY)
    assert findings_of(result) == {("SDC101", "model.txt", f"A{_line_of(text, 'Yes#High')}")}
    assert "the group of term 'smoker#dose Yes#High'" in result.findings[0].message


def test_stata_poisson_irr_saturated(tmp_path: Path) -> None:
    """``poisson y i.a##i.b, irr``: 6 events among the 40 people of the cell (1, 3)."""
    cells = {(0, 1): (160, 75), (0, 2): (120, 60), (0, 3): (100, 40),
             (1, 1): (90, 50), (1, 2): (80, 35), (1, 3): (40, 6)}
    text = stata_factorial(_fit(cells, "poisson"), "Poisson regression", "IRR",
                           exponentiate=True)
    result = sdc.check(_write(tmp_path / "a", text), POLICY)
    assert findings_of(result) == {("SDC101", "model.txt", f"A{_line_of(text, '1 3')}")}
    assert "the events of the group of term 'a#b 1 3'" in result.findings[0].message
    safe = stata_factorial(_fit({**cells, (1, 3): (40, 30)}, "poisson"), "Poisson regression",
                           "IRR", exponentiate=True)
    assert sdc.check(_write(tmp_path / "b", safe), POLICY).findings == []


def test_the_rows_name_their_factors() -> None:
    """The parser gives each row the factors and levels it crosses; ``_cons`` none."""
    parsed = parse_model_text(stata_factorial(_fit(TWO_BY_THREE)))
    assert parsed is not None
    assert [(c.term, c.parts) for c in parsed.coefficients] == [
        ("a 1", (("a", "1"),)), ("b 2", (("b", "2"),)), ("b 3", (("b", "3"),)),
        ("a#b 1 2", (("a", "1"), ("b", "2"))), ("a#b 1 3", (("a", "1"), ("b", "3"))),
        ("_cons", ())]
    assert parsed.observations == 499 and parsed.dofs == [493]


def test_a_main_effects_model_is_not_read(tmp_path: Path) -> None:
    """``logit case i.a i.b`` (no interaction): not saturated, not one factor: as before."""
    fit = _fit(TWO_BY_THREE, formula="case ~ C(a) + C(b)")
    body = _factorial_body(fit, False, {}, ("a", "b"))
    text = stata_factorial(fit, body=body[:body.index(f"{'a#b':>12} |")] + body[-1:])
    parsed = parse_model_text(text)
    assert parsed is not None and len(parsed.coefficients) == 4
    assert recovered_counts(parsed.kind or "", parsed.observations, parsed.coefficients) == []
    assert sdc.check(_write(tmp_path, text), POLICY).findings == []


def test_a_continuous_interaction_is_not_read(tmp_path: Path) -> None:
    """``logit case i.a##c.age``: the row under ``a#c.age`` is a slope, not a cell."""
    rng = np.random.default_rng(11)
    frame = _frame(TWO_BY_THREE)
    frame["age"] = rng.normal(50, 10, len(frame))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = smf.logit("case ~ C(a) * age", frame).fit(disp=0)
    body = [f"{'a':>12} |", _row("1 ", fit, "C(a)[T.1]", False), "             |",
            _row("age", fit, "age", False), "             |", f"{'a#c.age':>12} |",
            _row("1 ", fit, "C(a)[T.1]:age", False), "             |",
            _row("_cons", fit, "Intercept", False)]
    text = stata_factorial(fit, body=body)
    parsed = parse_model_text(text)
    assert parsed is not None and [c.parts for c in parsed.coefficients] == [
        (("a", "1"),), (), (), ()]
    assert sdc.check(_write(tmp_path, text), POLICY).findings == []


def test_stata_11_names() -> None:
    """Stata 11 printed a binary factor's level as ``1.a``: its parts are read from the name."""
    from sdc.readers.model_text import _stata_parts

    assert _stata_parts(None, "1.a") == (("a", "1"),)
    assert _stata_parts(None, "1.a#3.b") == (("a", "1"), ("b", "3"))
    assert _stata_parts(None, "age") == ()
    assert _stata_parts(["sex"], "Ex smoker") == (("sex", "Ex smoker"),)
    assert _stata_parts(["a", "b"], "Ex smoker#2") == (("a", "Ex smoker"), ("b", "2"))
    assert _stata_parts(["a", "c.age"], "1") == ()


def test_random_fits_are_read_right_or_not_at_all() -> None:
    """An oracle over 20 random 2x3 tables: the saturated fit's counts, when read, hold the
    true counts (an interval of at most two whole numbers); a print too coarse to bound them
    (an intercept of exactly 0 with a standard error printed ``.5``) reads nothing. The
    main-effects fit of the same people reads nothing."""
    cell_of = {"_cons": (0, 1), "a 1": (1, 1), "b 2": (0, 2), "b 3": (0, 3),
               "a#b 1 2": (1, 2), "a#b 1 3": (1, 3)}
    read = 0
    for seed in range(20):
        rng = np.random.default_rng(seed)
        cells = {(a, b): (int(rng.integers(1, 60)), int(rng.integers(1, 60)))
                 for a in (0, 1) for b in (1, 2, 3)}
        parsed = parse_model_text(stata_factorial(_fit(cells)))
        assert parsed is not None
        found = recovered_counts(parsed.kind or "", parsed.observations, parsed.coefficients)
        assert len(found) in (0, 12)
        read += bool(found)
        for count in found:
            true = cells[cell_of[count.term]][0 if count.name == "cases" else 1]
            assert count.lo <= true <= count.hi and count.hi - count.lo <= 1
        fit = _fit(cells, formula="case ~ C(a) + C(b)")
        body = _factorial_body(fit, False, {}, ("a", "b"))
        main = parse_model_text(stata_factorial(
            fit, body=body[:body.index(f"{'a#b':>12} |")] + body[-1:]))
        assert main is not None
        assert recovered_counts(main.kind or "", main.observations, main.coefficients) == []
    assert read == 19  # all but seed 11's exact-zero intercept
