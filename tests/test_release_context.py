"""One file, same verdict: ``sdc check folder/t.csv`` finds the file's release (request.toml
of its folder and parents, the sibling outputs) and reports what the folder check reports for
that file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sdc.cli import app
from sdc.excludes import SUBFOLDER
from sdc.release_context import MAX_SIBLINGS, release_root
from tests.conftest import write_files

runner = CliRunner()

# SDC503 (differencing) needs the sibling all.csv and request.toml's population of male.csv;
# SDC501/503 across a.csv/b.csv need both tables (SDC handbook age recoding example)
RELEASE = {
    "request.toml": '[[outputs]]\npath = "tables/male.csv"\npopulation = { sex = "M" }\n',
    "tables/all.csv": "condition,n\nHeart failure,25\nStroke,31\n",
    "tables/male.csv": "condition,n\nHeart failure,24\nStroke,20\n",
    "bands/a.csv": "age,Female,Male\n<20,40,12\n20-39,60,30\n",
    "bands/b.csv": "age,Female,Male\n<25,55,13\n25-39,45,29\n",
    "small.csv": "grp,n\na,3\nb,25\n",
}


def _json(*args: str) -> dict:
    result = runner.invoke(app, ["check", *args, "-f", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def _by_path(data: dict) -> dict[str, list[dict]]:
    return {o["path"]: o["findings"] for o in data["outputs"]}


def test_each_file_gets_the_findings_of_the_folder_check(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_files(tmp_path / "release", RELEASE)
    folder = _by_path(_json(str(root)))
    assert [f["rule"] for f in folder["tables/male.csv"]] == ["SDC503"]
    assert [f["rule"] for f in folder["bands/b.csv"]] == ["SDC503"]
    for rel in ("tables/male.csv", "tables/all.csv", "bands/b.csv", "bands/a.csv", "small.csv"):
        alone = _by_path(_json(str(root / rel)))
        assert alone == {rel: folder[rel]}, rel
    # from inside the release, with a relative path, as pre-commit calls it
    monkeypatch.chdir(root / "tables")
    assert _by_path(_json("male.csv")) == {"tables/male.csv": folder["tables/male.csv"]}


def test_several_files_of_one_release_in_one_run(tmp_path: Path) -> None:
    root = write_files(tmp_path / "release", RELEASE)
    folder = _by_path(_json(str(root)))
    both = _by_path(_json(str(root / "tables/male.csv"), str(root / "bands/b.csv")))
    assert both == {p: folder[p] for p in ("tables/male.csv", "bands/b.csv")}


def test_without_request_toml_the_files_folder_is_the_release(tmp_path: Path) -> None:
    root = write_files(tmp_path / "bands", {k[len("bands/"):]: v for k, v in RELEASE.items()
                                            if k.startswith("bands/")})
    assert release_root(root / "b.csv").resolve() == root.resolve()
    assert [f["rule"] for f in _by_path(_json(str(root / "b.csv")))["b.csv"]] == ["SDC503"]


def test_the_search_stops_at_the_repository_top(tmp_path: Path) -> None:
    write_files(tmp_path, {"request.toml": "[request]\n"})  # above the repository: not ours
    repo = write_files(tmp_path / "repo", {".git/HEAD": "ref: refs/heads/main\n",
                                           "out/t.csv": "grp,n\na,12\n"})
    assert release_root(repo / "out" / "t.csv").resolve() == (repo / "out").resolve()
    write_files(repo, {"request.toml": "[request]\n"})
    assert release_root(repo / "out" / "t.csv").resolve() == repo.resolve()


def test_request_toml_and_sidecars_stand_for_their_outputs(tmp_path: Path) -> None:
    root = write_files(tmp_path / "release", RELEASE)
    folder = _by_path(_json(str(root)))
    # a changed request.toml can change any verdict of its release: all outputs are checked
    assert _by_path(_json(str(root / "request.toml"))) == folder
    write_files(root, {"small.csv.sdc.json": '{"schema": "sdc.evidence/1", "cells": {}}'})
    assert set(_by_path(_json(str(root / "small.csv.sdc.json")))) == {"small.csv"}


def test_a_named_file_the_folder_check_excludes_is_still_checked(tmp_path: Path) -> None:
    root = write_files(tmp_path / "release", {**RELEASE, "node_modules/x.csv": "g,n\na,2\n"})
    findings = _by_path(_json(str(root / "node_modules" / "x.csv")))
    assert [(f["rule"], f["location"]["cell"]) for f in findings["node_modules/x.csv"]] == [
        ("SDC101", "B2")]


def test_files_of_two_releases_keep_distinct_paths(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(tmp_path / "r1", {"request.toml": "", "t.csv": "g,n\na,3\n"})
    write_files(tmp_path / "r2", {"request.toml": "", "t.csv": "g,n\na,12\n"})
    monkeypatch.chdir(tmp_path)
    data = _json("r1/t.csv", "r2/t.csv")
    assert {o["path"]: o["status"] for o in data["outputs"]} == {"r1/t.csv": "fail",
                                                                 "r2/t.csv": "pass"}
    assert data["outputs"][0]["findings"][0]["location"]["path"] == "r1/t.csv"


# Without request.toml the release is the file's own folder, without its sub-folders, and a
# folder of more than MAX_SIBLINGS files is not read as one (a mistaken `sdc check /tmp/x.csv`)
BANDS = {k[len("bands/"):]: v for k, v in RELEASE.items() if k.startswith("bands/")}


def _run(*args: str) -> tuple[int, dict]:
    result = runner.invoke(app, ["check", *args, "-f", "json"])
    return result.exit_code, json.loads(result.stdout)


def _found(data: dict) -> dict[str, list[tuple[str, str | None, str]]]:
    return {o["path"]: [(f["rule"], f["location"]["cell"], f["status"]) for f in o["findings"]]
            for o in data["outputs"]}


def test_without_request_toml_sub_folders_are_not_read(tmp_path: Path) -> None:
    # z.csv's differencing twin in a sub-folder: not its release without request.toml (the
    # finding lands on the later path of the pair, z.csv)
    root = write_files(tmp_path / "out", {"z.csv": BANDS["a.csv"], "sub/b.csv": BANDS["b.csv"],
                                          "sub/deep/t.csv": "g,n\na,2\n"})
    code, data = _run(str(root / "z.csv"))
    assert (code, _found(data)) == (0, {"z.csv": []})
    assert data["excluded"] == [{"path": "sub/", "by": SUBFOLDER}]
    # the folder check reads the tree; request.toml makes the tree one release
    differencing = {"z.csv": [("SDC503", "C2", "fail")]}
    assert _found(_json(str(root)))["z.csv"] == differencing["z.csv"]
    write_files(root, {"request.toml": ""})
    code, data = _run(str(root / "z.csv"))
    assert (code, _found(data), data.get("excluded")) == (1, differencing, None)


def test_without_request_toml_a_disclosive_pair_in_the_folder_is_caught(tmp_path: Path) -> None:
    root = write_files(tmp_path / "out", {**BANDS, "sub/t.csv": "g,n\na,12\n"})
    code, data = _run(str(root / "b.csv"))
    assert (code, _found(data)) == (1, {"b.csv": [("SDC503", "C2", "fail")]})


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder of MAX_SIBLINGS + 1 files (tiny, never read) besides the named ones."""
    root = tmp_path_factory.mktemp("crowded")
    for i in range(MAX_SIBLINGS + 1 - len(BANDS) - 2):
        (root / f"x{i:03}.csv").write_text("g,n\na,12\n", encoding="utf-8")
    return write_files(root, {**BANDS, "safe.csv": "g,n\na,12\nb,15\n", "small.csv": "g,n\na,3\n"})


def test_a_crowded_folder_checks_the_named_file_alone_never_as_a_pass(crowded: Path) -> None:
    assert len(list(crowded.iterdir())) == MAX_SIBLINGS + 1
    alone = ("SDC602", None, "review")
    code, data = _run(str(crowded / "safe.csv"))
    assert (code, list(_found(data)), _found(data)["safe.csv"][-1]) == (1, ["safe.csv"], alone)
    assert "more than 200 files" in data["outputs"][0]["findings"][0]["message"]
    code, _ = _run(str(crowded / "safe.csv"), "--fail-on", "fail")
    assert code == 0
    code, data = _run(str(crowded / "small.csv"), "--fail-on", "fail")
    assert (code, _found(data)) == (1, {"small.csv": [("SDC101", "B2", "fail"), alone]})
    # its evidence sidecar named stands for it, as in a folder that is read
    write_files(crowded, {"safe.csv.sdc.json": '{"schema": "sdc.evidence/1", "cells": {}}'})
    try:
        code, data = _run(str(crowded / "safe.csv.sdc.json"))
    finally:
        (crowded / "safe.csv.sdc.json").unlink()
    assert (code, list(_found(data)), _found(data)["safe.csv"][-1]) == (1, ["safe.csv"], alone)


def test_a_crowded_folder_still_checks_the_named_files_together(crowded: Path) -> None:
    code, data = _run(str(crowded / "a.csv"), str(crowded / "b.csv"))
    alone = ("SDC602", None, "review")
    assert (code, _found(data)) == (1, {"a.csv": [alone], "b.csv": [("SDC503", "C2", "fail"),
                                                                    alone]})
