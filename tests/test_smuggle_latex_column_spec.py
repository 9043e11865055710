"""A number a LaTeX column spec prints in every row (issue 12, hunt15).

``\\begin{tabular}{lr@{ (3)}}`` shows ``30 (3)`` on North's row where the cell holds 30; so do
``!{3}`` between columns, ``>{3}`` before and ``<{3}`` after each cell. The reader skipped the
spec, so the 3 on the page was in no cell and no text: it passed. Such text is now the
document's text (``column spec on line N``), its numbers SDC602 ``review``; lengths, colours,
options and ``\\hsize`` factors print nothing and pass, as the specs stargazer, kableExtra,
booktabs and tabularx users write."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy

POLICY = build_policy({})

TEX = ("\\begin{{{env}}}{spec}\n\\hline\nRegion & Deaths \\\\\n\\hline\nNorth & 30 \\\\\n"
       "South & 45 \\\\\nEast & 60 \\\\\n\\hline\n\\end{{{env}}}\n")


@pytest.mark.parametrize("spec", ["{lr@{ (3)}}", "{l!{3}r}", "{l>{3}r}", "{lr<{3}}",
                                  "{l*{1}{r@{ (3)}}}"])
def test_a_number_the_column_spec_prints_is_read(tmp_path: Path, spec: str) -> None:
    (tmp_path / "t.tex").write_text(TEX.format(env="tabular", spec=spec), encoding="utf-8")
    (finding,) = sdc.check(tmp_path, POLICY).findings
    assert (finding.rule, finding.status.value) == ("SDC602", "review")
    assert finding.evidence["places"] == ["column spec on line 1"]


@pytest.mark.parametrize(("env", "spec"), [
    ("tabular", "{@{\\extracolsep{5pt}}lc}"),
    ("tabular", "{>{\\raggedright\\arraybackslash}p{5em}r}"),
    ("tabular", "{@{}lr@{}}"), ("tabular", "{>{\\columncolor{gray!20}}lr}"),
    ("tabular", "{l@{\\hspace{6pt}}r}"),
    ("tabularx", "{\\textwidth}{>{\\hsize=.5\\hsize}X>{\\hsize=1.5\\hsize}X}"),
])
def test_a_spec_of_lengths_colours_and_alignment_passes(
        tmp_path: Path, env: str, spec: str) -> None:
    (tmp_path / "t.tex").write_text(TEX.format(env=env, spec=spec), encoding="utf-8")
    result = sdc.check(tmp_path, POLICY)
    assert result.status.value == "pass", result.findings
