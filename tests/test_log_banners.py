"""Lines a log reader takes for the software's own (start-up banners, Stata's log header, SAS
``NOTE:`` lines and page titles), SMCL directives and prompts: none of them may carry data past
the checks. Each was a way to smuggle: a ``NOTE:`` line was dropped unread, a number inside an
SMCL directive was deleted with it, and ``> The 3 patients died`` was taken for R code."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({"rules": {"disallowed-file-type": {"allowed": ["log", "smcl"]}}})

R_BANNER = """\
R version 4.3.1 (2023-06-16) -- "Beagle Scouts"
Copyright (C) 2023 The R Foundation for Statistical Computing
Platform: x86_64-pc-linux-gnu (64-bit)

R is free software and comes with ABSOLUTELY NO WARRANTY.
You are welcome to redistribute it under certain conditions.
Type 'license()' or 'licence()' for distribution details.

"""
R_TABLE = """\
> table(df$region)

North South
   30    42
"""
STATA_HEADER = """\
-------------------------------------------------------------------------------
      name:  <unnamed>
       log:  /home/analyst/out/tab.log
  log type:  text
 opened on:   2 Dec 2026, 10:00:00

. tabulate region

     region |      Freq.     Percent        Cum.
------------+-----------------------------------
      North |         30       41.67       41.67
      South |         42       58.33      100.00
------------+-----------------------------------
      Total |         72      100.00

. log close
      name:  <unnamed>
       log:  /home/analyst/out/tab.log
  log type:  text
 closed on:   2 Dec 2026, 10:00:05
"""


def _check(tmp_path: Path, name: str, text: str) -> sdc.CheckResult:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return sdc.check(tmp_path, POLICY)


def _places(result: sdc.CheckResult) -> list[str]:
    return [place for f in result.findings if f.rule == "SDC602"
            for place in f.evidence.get("places", [])]


def test_a_real_banner_and_header_are_the_softwares(tmp_path: Path) -> None:
    (tmp_path / "r.log").write_text(R_BANNER + R_TABLE, encoding="utf-8")
    (tmp_path / "stata.log").write_text(STATA_HEADER, encoding="utf-8")
    result = sdc.check(tmp_path, POLICY)
    assert result.status == "pass", findings_of(result)


@pytest.mark.parametrize("line", ["NOTE: 9434765919", "Copyright (C) 9434765919",
                                  "  log type:  9434765919"])
def test_an_identifier_on_a_banner_line_is_found(tmp_path: Path, line: str) -> None:
    result = _check(tmp_path, "r.log", R_BANNER + R_TABLE + line + "\n")
    (finding,) = [f for f in result.findings if f.rule == "SDC604"]
    assert finding.message.startswith("line 13 ")
    assert result.status == "fail"


@pytest.mark.parametrize("line", ["NOTE: 3 patients died in ward 7",
                                  "NOTE: The data set WORK.DEATHS has 3 observations.",
                                  "Platform: 3 deaths (64-bit) in ward 7",
                                  " opened on:  3 patients"])
def test_a_count_on_a_banner_line_is_named(tmp_path: Path, line: str) -> None:
    result = _check(tmp_path, "r.log", R_BANNER + R_TABLE + line + "\n")
    assert _places(result) == ["line 13"]
    assert result.status == "review"


@pytest.mark.parametrize(("line", "named"), [
    ("> The 3 patients died", True),
    ("+ three of them 3 died", True),
    (". The 3 patients died", True),
    (". set seed 123", False),
    ("> head(df, 10)", False),
    ("> x <- 3", False),
])
def test_words_after_a_prompt_are_no_code(tmp_path: Path, line: str, named: bool) -> None:
    result = _check(tmp_path, "r.log", R_BANNER + R_TABLE + line + "\n")
    assert _places(result) == (["line 13"] if named else [])


SMCL = """{{smcl}}
{{com}}{{sf}}{{ul off}}{{txt}}{{.-}}
      name:  {{res}}<unnamed>
  {{txt}}log type:  {{res}}smcl
{{txt}}
{{com}}. tabulate region

     {{txt}}region {{c |}}      Freq.     Percent        Cum.
{{hline 12}}{{c +}}{{hline 35}}
      North {{c |}}{{res}}{{ralign 11:{north}}}{{ralign 12:{pct}}}{{ralign 12:{pct}}}
{{txt}}      South {{c |}}{{res}}         40{{space 7}}{{ralign 5:{rest}}}      100.00
{{txt}}{{hline 12}}{{c +}}{{hline 35}}
      Total {{c |}}{{res}}{{ralign 11:{total}}}      100.00
{{txt}}
"""


def _smcl(north: int) -> str:
    total = north + 40
    pct = f"{100 * north / total:.2f}"
    return SMCL.format(north=north, pct=pct, rest=f"{100 - float(pct):.2f}", total=total)


@pytest.mark.parametrize(("north", "expected"), [(3, {("SDC101", "t.smcl#table1", "B2")}),
                                                  (30, set())])
def test_text_an_smcl_directive_places_is_read(tmp_path: Path, north: int,
                                               expected: set[tuple[str, str, str]]) -> None:
    result = _check(tmp_path, "t.smcl", _smcl(north))
    assert findings_of(result, {"SDC101", "SDC602"}) == expected


def test_a_number_posing_as_a_directive_is_still_read(tmp_path: Path) -> None:
    text = _smcl(30) + "{ralign 9434765919}\n\n{res:{ralign 12:9434765919}}\n"
    result = _check(tmp_path, "t.smcl", text)
    assert sorted(f.message.split(" holds")[0] for f in result.findings
                  if f.rule == "SDC604") == ["lines 15-15", "lines 17-17"]
    assert result.status == "fail"
