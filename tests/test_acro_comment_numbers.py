"""A researcher's comment or exception request in ACRO's ``results.json`` (``acro.add_comments``,
``acro.add_exception``) was searched for identifiers and pasted tables only, so ``West is left
out: it had 3 patients`` left with a release whose ``results.json`` passed. A number in that
free text that a title or note would not explain is now named (SDC602 review at results.json);
a comment naming a table and a year, or a policy phrase, still passes. The folder is the
corpus's safe ACRO session (written by ACRO 1.0.2), with the comment added as ACRO adds it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import sdc
from sdc.policy import build_policy
from tests.corpus.test_corpus import ACRO


def _results_json(tmp_path: Path, key: str, text: str) -> list[sdc.Finding]:
    folder = tmp_path / "acro"
    shutil.copytree(ACRO / "safe", folder)
    data = json.loads((folder / "results.json").read_text())
    record = data["results"]["output_0"]
    if key == "comments":
        record["comments"].append(text)
    else:
        record["exception"] = text
    (folder / "results.json").write_text(json.dumps(data, indent=4))
    result = sdc.check(folder, build_policy({}))
    return [f for f in result.findings if f.location.path == "results.json"]


def test_a_count_in_a_comment_is_named(tmp_path: Path) -> None:
    found = _results_json(tmp_path, "comments", "West is left out: it had 3 patients")
    # was: no finding (results.json passed)
    assert [(f.rule, f.location.cell, f.status.value) for f in found] == [
        ("SDC602", None, "review")]
    assert found[0].message.endswith("in 1 place of the text, to be read by a person: "
                                     "output_0 comments")
    assert "West" not in found[0].message


def test_a_count_in_an_exception_request_is_named(tmp_path: Path) -> None:
    found = _results_json(tmp_path, "exception", "needed for the paper: 4 deaths in West")
    assert [(f.rule, f.status.value) for f in found] == [("SDC602", "review")]
    assert found[0].message.endswith("output_0 exception")


def test_a_comment_naming_a_table_a_year_and_the_policy_passes(tmp_path: Path) -> None:
    found = _results_json(tmp_path, "comments",
                          "Table 2 of the paper, 2019-2022; counts below 10 suppressed")
    assert found == []
