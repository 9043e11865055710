"""A model print's own words never stop its group sizes being read (issue 12, Hunt round 17,
insider pass). Robust or clustered standard errors and weights break ``v = s^2 / n``
(``sdc.model_counts``), and a real robust or weighted fit's numbers do not add up; but the
researcher writes the words: ``Covariance Type: HC1`` typed over a model-based OLS, ``WLS`` in
its title, ``weights = NULL`` in an R call, ``[pw=w]`` in an echoed Stata command. Each passed
with a group of 3 unread; now the numbers are read all the same and the group is SDC101
``review`` (its group sizes could not be checked), not ``fail`` (the words may be true). The
safe twin with the same words passes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import sdc
from tests.test_model_counts_gaussian import (
    POLICY,
    SAFE,
    SMALL,
    _fit,
    _line_of,
    _r_lm,
    _stata_regress,
    _statuses,
    _write,
)

RESIDUALS = ("SDC602", None, "review")  # summary.lm's residual quantiles, as before


def _statsmodels(sizes: tuple[int, ...], edit: str) -> str:
    text = str(_fit(sizes).summary())
    if edit == "HC1":
        return text.replace("Covariance Type:            nonrobust",
                            "Covariance Type:                  HC1")
    if edit == "cluster":
        return text.replace("Covariance Type:            nonrobust",
                            "Covariance Type:              cluster")
    return re.sub(r"\bOLS\b", "WLS", text)


@pytest.mark.parametrize("edit", ["HC1", "cluster", "WLS"])
def test_statsmodels_words_typed_over_a_model_based_ols(tmp_path: Path, edit: str) -> None:
    text = _statsmodels(SMALL, edit)
    assert "nonrobust" not in text or edit == "WLS"
    result = sdc.check(_write(tmp_path / "a", text), POLICY)
    assert _statuses(result) == {("SDC101", f"A{_line_of(text, 'C(g)[T.g2]')}", "review")}
    assert result.status.value == "review"
    message = result.findings[0].message
    assert "are 3 as a model-based fit's, but the print says" in message
    assert "its group sizes could not be checked" in message
    safe = sdc.check(_write(tmp_path / "b", _statsmodels(SAFE, edit)), POLICY)
    assert safe.findings == [] and safe.status.value == "pass"


def test_r_weights_null_in_the_call(tmp_path: Path) -> None:
    """``weights = NULL`` is a real, unweighted lm's call: its words stopped the reading."""
    call = "lm(formula = y ~ g, data = d, weights = NULL)"
    text = _r_lm(SMALL, call=call)
    result = sdc.check(_write(tmp_path / "a", text), POLICY)
    assert _statuses(result) == {("SDC101", f"A{_line_of(text, 'gg2')}", "review"), RESIDUALS}
    safe = sdc.check(_write(tmp_path / "b", _r_lm(SAFE, call=call)), POLICY)
    assert _statuses(safe) == {RESIDUALS}


@pytest.mark.parametrize(("command", "extra"), [
    (". regress y i.g [pw=w]", ""),
    (". regress y i.g", "(Std. err. adjusted for clustering)")])
def test_stata_words_over_a_model_based_regress(tmp_path: Path, command: str,
                                                extra: str) -> None:
    text = _stata_regress(SMALL, command, extra)
    result = sdc.check(_write(tmp_path / "a", text), POLICY)
    found = _statuses(result)
    assert ("SDC101", f"A{_line_of(text, '2')}", "review") in found
    assert {rule for rule, _, _ in found} <= {"SDC101", "SDC602"}
    assert result.status.value == "review"
    safe = sdc.check(_write(tmp_path / "b", _stata_regress(SAFE, command, extra)), POLICY)
    assert all(f.rule != "SDC101" for f in safe.findings)
    assert safe.status.value == ("pass" if not extra else "review")


# what the print lacks stops nothing either: statsmodels always prints its observations, its
# Log-Likelihood and an intercept row named Intercept (or const); a print without them was
# edited, and each edit let the group of 3 pass unread

def _without(sizes: tuple[int, ...], edit: str) -> str:
    text = str(_fit(sizes).summary())
    if edit == "observations":
        return re.sub(r"No\. Observations:\s+\d+", " " * 25, text)
    if edit == "log-likelihood":
        return re.sub(r"Log-Likelihood:\s+\S+", " " * 30, text)
    return text.replace("Intercept ", "Baseline  ")


@pytest.mark.parametrize(("edit", "status"), [
    ("observations", "fail"),  # N is its residual dof plus its coefficients: exact
    ("log-likelihood", "review"),  # no s^2: the groups' shares of N alone, a doubt
    ("intercept", "review")])  # its first row read as the reference group, a doubt
def test_a_statsmodels_print_with_a_line_taken_out(tmp_path: Path, edit: str,
                                                   status: str) -> None:
    text = _without(SMALL, edit)
    assert text != str(_fit(SMALL).summary())
    result = sdc.check(_write(tmp_path / "a", text), POLICY)
    assert _statuses(result) == {("SDC101", f"A{_line_of(text, 'C(g)[T.g2]')}", status)}
    if status == "review":
        assert "its group sizes could not be checked" in result.findings[0].message
    safe = sdc.check(_write(tmp_path / "b", _without(SAFE, edit)), POLICY)
    assert safe.findings == [] and safe.status.value == "pass"


def test_a_renamed_intercept_of_a_small_reference_group(tmp_path: Path) -> None:
    """The reference group of 3 is at the renamed row itself."""
    text = str(_fit((3, 50, 50)).summary()).replace("Intercept ", "Baseline  ")
    result = sdc.check(_write(tmp_path, text), POLICY)
    assert _statuses(result) == {("SDC101", f"A{_line_of(text, 'Baseline')}", "review")}
    assert "'Baseline' was read as the reference group" in result.findings[0].message


def test_a_stata_regress_without_its_number_of_obs(tmp_path: Path) -> None:
    text = re.sub(r"Number of obs\s+=\s+\S+", "", _stata_regress(SMALL))
    assert "Number of obs" not in text
    result = sdc.check(_write(tmp_path, text), POLICY)
    assert _statuses(result) == {("SDC101", f"A{_line_of(text, '2')}", "fail")}


def test_a_renamed_intercept_moved_among_the_rows(tmp_path: Path) -> None:
    """The guess of where the reference row is can be wrong (moved to the middle): every row
    is tried, so it is still found (review); a continuous covariate's renamed intercept
    reads nothing (pass, as before)."""
    lines = _without(SMALL, "intercept").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("Baseline"))
    moved = lines[:at] + lines[at + 1:at + 2] + [lines[at]] + lines[at + 2:]
    text = "\n".join(moved)
    result = sdc.check(_write(tmp_path / "a", text), POLICY)
    assert _statuses(result) == {("SDC101", f"A{_line_of(text, 'C(g)[T.g2]')}", "review")}
    slope = str(_fit(SMALL, "y ~ x").summary()).replace("Intercept ", "Baseline  ")
    assert sdc.check(_write(tmp_path / "b", slope), POLICY).findings == []


# a second model in the same file: each model is read alone (their intercepts, observations
# and s^2 were one list, and two intercepts stopped every reading)

@pytest.mark.parametrize("first", [True, False])
def test_a_second_model_beside_the_disclosive_one(tmp_path: Path, first: bool) -> None:
    small, safe = str(_fit(SMALL).summary()), str(_fit(SAFE, "y ~ x").summary())
    text = f"{small}\n\n{safe}\n" if first else f"{safe}\n\n{small}\n"
    result = sdc.check(_write(tmp_path / "a", text), POLICY)
    lines = text.splitlines()
    row = max(i for i, line in enumerate(lines, 1) if line.startswith("C(g)[T.g2]"))
    assert _statuses(result) == {("SDC101", f"A{row}", "fail")}
    twin = f"{_fit(SAFE).summary()!s}\n\n{safe}\n"
    assert sdc.check(_write(tmp_path / "b", twin), POLICY).findings == []


@pytest.mark.parametrize("write", ["R", "Stata"])
def test_two_r_or_stata_models_in_one_file(tmp_path: Path, write: str) -> None:
    make = _r_lm if write == "R" else _stata_regress
    first, second = make(SAFE), make(SMALL)
    text = f"{first}\n{second}"
    offset = len(f"{first}\n".splitlines())
    row = offset + _line_of(second, "gg2" if write == "R" else "2")
    found = _statuses(sdc.check(_write(tmp_path / "a", text), POLICY))
    assert ("SDC101", f"A{row}", "fail") in found
    assert {rule for rule, _, _ in found} <= {"SDC101", "SDC602"}
    assert all(rule != "SDC101" for rule, _, _ in _statuses(
        sdc.check(_write(tmp_path / "b", f"{first}\n{make(SAFE)}"), POLICY)))


def test_a_statsmodels_print_without_its_df_residuals(tmp_path: Path) -> None:
    """Its dof are its observations less its coefficients (for the ``s^2`` its Log-Likelihood
    gives): the group of 3 fails, beside SDC301's review of the dof it does not print; a
    continuous covariate's print reads nothing (tests/test_model_text.py)."""
    text = re.sub(r"Df Residuals:\s+\d+", " " * 25, str(_fit(SMALL).summary()))
    assert "Df Residuals" not in text
    result = sdc.check(_write(tmp_path, text), POLICY)
    assert _statuses(result) == {("SDC101", f"A{_line_of(text, 'C(g)[T.g2]')}", "fail"),
                                 ("SDC301", None, "review")}


def test_a_robust_header_typed_over_stata_regress_saved_as_text(tmp_path: Path) -> None:
    """``Linear regression`` over the facts, no ANOVA table, ``Robust`` over the header: was
    no model at all as text, and passed; now read, the group of 3 SDC101 review
    beside nothing else. A real HC1 fit reads nothing: pass on its 100 dof."""
    from tests.test_model_counts_gaussian import _stata_robust

    text = _stata_robust(SMALL)
    result = sdc.check(_write(tmp_path / "a", text), POLICY)
    assert _statuses(result) == {("SDC101", f"A{_line_of(text, '2')}", "review")}
    real = sdc.check(_write(tmp_path / "b", _stata_robust(SMALL, robust=True)), POLICY)
    assert real.findings == [] and real.status.value == "pass"


def _no_reference_row(sizes: tuple[int, ...]) -> str:
    return "\n".join(line for line in str(_fit(sizes).summary()).splitlines()
                     if not line.startswith("Intercept"))


@pytest.mark.parametrize(("sizes", "term"), [(SMALL, "C(g)[T.g2]"), ((3, 50, 50), "C(g)[T.g1]")])
def test_a_statsmodels_print_with_its_reference_row_taken_out(tmp_path: Path, sizes,
                                                              term: str) -> None:
    """Contrasts with no intercept row (statsmodels never prints them so): each contrast's
    ``se^2 / s^2 = 1/n_0 + 1/n_g`` and ``N`` leave ``n_0`` alone unknown, and one whole
    ``n_0`` fits. The group of 3 (or the reference group of 3, at the first contrast) is
    SDC101 review; the safe twin passes."""
    text = _no_reference_row(sizes)
    result = sdc.check(_write(tmp_path / "a", text), POLICY)
    assert _statuses(result) == {("SDC101", f"A{_line_of(text, term)}", "review")}
    assert "with no intercept row" in result.findings[0].message
    safe = sdc.check(_write(tmp_path / "b", _no_reference_row(SAFE)), POLICY)
    assert safe.findings == [] and safe.status.value == "pass"
