"""What a checker reads in the workflow lists every verdict a researcher's declaration changed
(issue 12's general rule, hunt round 18).

``sdc check``'s reports list each finding a request.toml claim changed ("Changed by a
declaration in request.toml": cell, rule, fail -> review, the claim). The output page a checker
votes from (drawn from the stored check result, ``sdc.ledger.drawing``) rebuilt the findings
without their declarations and showed none of it, and ``sdc request show`` printed only each
output's check status: a structural_zeros claim on Cervix / Male turned SDC103's fail at B2
(Cervix / Female is 100% of its row) into a review that read as the check's own. Now the page
has the same table as the report, and ``request show`` a line per changed finding.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from sdc.ledger import schema
from sdc.ledger.db import open_ledger
from tests.test_ledger_support import BACKENDS, ledger_location, workflow_app

runner = CliRunner()
CANCER = "site,Female,Male\nCervix,86,0\nLung,40,41\nColon,30,35\n"
DECLARED = '[[outputs]]\npath = "t.csv"\nstructural_zeros = [{row = "Cervix", column = "Male"}]\n'


def _pages(url: str) -> list[str]:
    led = open_ledger(url)
    try:
        with led.read() as conn:
            return list(conn.execute(select(schema.rendered_outputs.c.html)).scalars())
    finally:
        led.close()


def _submit(tmp_path: Path, url: str, request_toml: str | None) -> str:
    folder = tmp_path / "req"
    folder.mkdir()
    (folder / "t.csv").write_text(CANCER)
    if request_toml is not None:
        (folder / "request.toml").write_text(request_toml)
    wf = workflow_app()
    submitted = runner.invoke(wf, ["request", "submit", str(folder), "--author", "alice",
                                   "--ledger", url])
    assert submitted.exit_code == 0, submitted.stderr
    shown = runner.invoke(wf, ["request", "show", "R-0001", "--ledger", url])
    assert shown.exit_code == 0, shown.stderr
    return shown.stdout


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_checkers_page_and_request_show_list_the_declarations(
        tmp_path: Path, backend: str) -> None:
    with ledger_location(backend, tmp_path) as url:
        shown = _submit(tmp_path, url, DECLARED)
        (page,) = _pages(url)
    assert "t.csv: check review" in shown
    assert ("changed by a declaration in request.toml: SDC102 C2 fail -> review by "
            "structural_zeros") in shown
    assert ("changed by a declaration in request.toml: SDC103 B2 fail -> review by "
            "structural_zeros") in shown
    assert "<h2>Changed by a declaration in request.toml</h2>" in page
    for rule, cell in (("SDC102", "C2"), ("SDC103", "B2")):
        assert (f"<td>{cell}</td><td>{rule}</td><td>fail &rarr; review</td>"
                f"<td>structural_zeros: structural_zeros[0] = {{row = &#39;Cervix&#39;, "
                "column = &#39;Male&#39;}</td>") in page


@pytest.mark.parametrize("backend", BACKENDS)
def test_without_a_declaration_nothing_is_listed(tmp_path: Path, backend: str) -> None:
    """The twin: the same table with no claim fails at C2 and B2, and nothing says a
    declaration changed it."""
    with ledger_location(backend, tmp_path) as url:
        shown = _submit(tmp_path, url, None)
        (page,) = _pages(url)
    assert "t.csv: check fail" in shown
    assert "declaration" not in shown
    assert "Changed by a declaration" not in page
    assert "SDC103" in page and "SDC102" in page


def test_request_show_names_the_policy_each_version_was_checked_under(tmp_path: Path) -> None:
    """``request show`` names the policy a version was checked under (source, profile, hash)
    and whether it is the one in force for the ledger: the checkers' policy, pinned by an admin
    (``sdc.ledger.pinned``; the submitter's ``--rules`` no longer chooses it,
    tests/test_smuggle_policy_pin.py). A version checked before the pin moved says it cannot
    be voted on nor released."""
    from sdc.ledger.pinned import set_policy
    from sdc.policy import load_policy

    lenient = tmp_path / "home" / "rules.toml"
    lenient.parent.mkdir()
    lenient.write_text("[rules.small-count]\nthreshold = 2\n\n[workflow]\nreviewers = 1\n")
    folder = tmp_path / "req"
    folder.mkdir()
    (folder / "t.csv").write_text("region,count\nNorth,3\nSouth,40\nTotal,43\n")
    url = str(tmp_path / "ledger.sqlite")
    wf = workflow_app()
    args = ["request", "submit", str(folder), "--author", "alice", "--ledger", url]
    assert runner.invoke(wf, args).exit_code == 0
    led = open_ledger(url)
    try:
        set_policy(led, load_policy(lenient), lenient.read_bytes(), (), actor="root")
    finally:
        led.close()
    submitted = runner.invoke(wf, [*args, "--rules", str(lenient)])  # the pinned one: accepted
    assert submitted.exit_code == 0, submitted.stderr
    lenient_show = runner.invoke(wf, ["request", "show", "R-0002", "--ledger", url]).stdout
    assert "1 review(s) per output" in lenient_show  # the pinned policy's [workflow] reviewers
    assert f"checked under the policy {lenient} (profile default, sha256 " in lenient_show
    assert "): the policy in force for this ledger" in lenient_show
    default_show = runner.invoke(wf, ["request", "show", "R-0001", "--ledger", url]).stdout
    assert "t.csv: check fail" in default_show and "2 review(s) per output" in default_show
    assert "checked under the policy built-in (profile default" in default_show
    assert "not the policy in force for this ledger" in default_show
